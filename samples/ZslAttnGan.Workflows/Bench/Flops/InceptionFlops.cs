namespace ZslAttnGan.Workflows.Bench.Flops;

/// <summary>Per-layer forward FLOPs of the Inception-v3 trunk up to Mixed_7c (299-px input) and of the image-encoder
/// heads, mirroring <see cref="Vision.InceptionV3Trunk"/> layer by layer.</summary>
public static class InceptionFlops
{
    /// <summary>The trunk's convolutions for <paramref name="batch"/> images.</summary>
    public static IEnumerable<(string Layer, double Flops)> Trunk(long batch)
    {
        var layers = new List<(string, double)>();
        void C(string name, long cin, long cout, long kh, long kw, long size, long stride = 1, long ph = 0, long pw = 0)
        {
            long ho = Cost.Out(size, kh, stride, ph), wo = Cost.Out(size, kw, stride, pw);
            layers.Add((name, Cost.Conv(batch, cin, cout, kh, kw, ho, wo)));
        }

        C("Conv2d_1a_3x3", 3, 32, 3, 3, 299, stride: 2);          // 149
        C("Conv2d_2a_3x3", 32, 32, 3, 3, 149);                    // 147
        C("Conv2d_2b_3x3", 32, 64, 3, 3, 147, ph: 1, pw: 1);      // 147, max pool → 73
        C("Conv2d_3b_1x1", 64, 80, 1, 1, 73);
        C("Conv2d_4a_3x3", 80, 192, 3, 3, 73);                    // 71, max pool → 35
        long[] aIn = { 192, 256, 288 }, aPool = { 32, 64, 64 };
        string[] aNames = { "Mixed_5b", "Mixed_5c", "Mixed_5d" };
        for (int i = 0; i < 3; i++)
        {
            string n = aNames[i]; long cin = aIn[i];
            C($"{n}/branch1x1", cin, 64, 1, 1, 35);
            C($"{n}/branch5x5_1", cin, 48, 1, 1, 35);
            C($"{n}/branch5x5_2", 48, 64, 5, 5, 35, ph: 2, pw: 2);
            C($"{n}/branch3x3dbl_1", cin, 64, 1, 1, 35);
            C($"{n}/branch3x3dbl_2", 64, 96, 3, 3, 35, ph: 1, pw: 1);
            C($"{n}/branch3x3dbl_3", 96, 96, 3, 3, 35, ph: 1, pw: 1);
            C($"{n}/branch_pool", cin, aPool[i], 1, 1, 35);
        }
        C("Mixed_6a/branch3x3", 288, 384, 3, 3, 35, stride: 2);   // 17
        C("Mixed_6a/branch3x3dbl_1", 288, 64, 1, 1, 35);
        C("Mixed_6a/branch3x3dbl_2", 64, 96, 3, 3, 35, ph: 1, pw: 1);
        C("Mixed_6a/branch3x3dbl_3", 96, 96, 3, 3, 35, stride: 2);
        long[] c7s = { 128, 160, 160, 192 };
        string[] cNames = { "Mixed_6b", "Mixed_6c", "Mixed_6d", "Mixed_6e" };
        for (int i = 0; i < 4; i++)
        {
            string n = cNames[i]; long c7 = c7s[i];
            C($"{n}/branch1x1", 768, 192, 1, 1, 17);
            C($"{n}/branch7x7_1", 768, c7, 1, 1, 17);
            C($"{n}/branch7x7_2", c7, c7, 1, 7, 17, ph: 0, pw: 3);
            C($"{n}/branch7x7_3", c7, 192, 7, 1, 17, ph: 3, pw: 0);
            C($"{n}/branch7x7dbl_1", 768, c7, 1, 1, 17);
            C($"{n}/branch7x7dbl_2", c7, c7, 7, 1, 17, ph: 3, pw: 0);
            C($"{n}/branch7x7dbl_3", c7, c7, 1, 7, 17, ph: 0, pw: 3);
            C($"{n}/branch7x7dbl_4", c7, c7, 7, 1, 17, ph: 3, pw: 0);
            C($"{n}/branch7x7dbl_5", c7, 192, 1, 7, 17, ph: 0, pw: 3);
            C($"{n}/branch_pool", 768, 192, 1, 1, 17);
        }
        C("Mixed_7a/branch3x3_1", 768, 192, 1, 1, 17);
        C("Mixed_7a/branch3x3_2", 192, 320, 3, 3, 17, stride: 2);  // 8
        C("Mixed_7a/branch7x7x3_1", 768, 192, 1, 1, 17);
        C("Mixed_7a/branch7x7x3_2", 192, 192, 1, 7, 17, ph: 0, pw: 3);
        C("Mixed_7a/branch7x7x3_3", 192, 192, 7, 1, 17, ph: 3, pw: 0);
        C("Mixed_7a/branch7x7x3_4", 192, 192, 3, 3, 17, stride: 2);
        foreach (var (n, cin) in new[] { ("Mixed_7b", 1280L), ("Mixed_7c", 2048L) })
        {
            C($"{n}/branch1x1", cin, 320, 1, 1, 8);
            C($"{n}/branch3x3_1", cin, 384, 1, 1, 8);
            C($"{n}/branch3x3_2a", 384, 384, 1, 3, 8, ph: 0, pw: 1);
            C($"{n}/branch3x3_2b", 384, 384, 3, 1, 8, ph: 1, pw: 0);
            C($"{n}/branch3x3dbl_1", cin, 448, 1, 1, 8);
            C($"{n}/branch3x3dbl_2", 448, 384, 3, 3, 8, ph: 1, pw: 1);
            C($"{n}/branch3x3dbl_3a", 384, 384, 1, 3, 8, ph: 0, pw: 1);
            C($"{n}/branch3x3dbl_3b", 384, 384, 3, 1, 8, ph: 1, pw: 0);
            C($"{n}/branch_pool", cin, 192, 1, 1, 8);
        }
        return layers;
    }

    /// <summary>The two heads: emb_features (1×1 conv 768 → D on the 17×17 regions) and emb_cnn_code (Linear 2048 → D).</summary>
    public static IEnumerable<(string Layer, double Flops)> Heads(long batch, long embedding)
    {
        yield return ("emb_features", Cost.Conv(batch, 768, embedding, 1, 17));
        yield return ("emb_cnn_code", Cost.Linear(batch, 2048, embedding));
    }
}
