using ZslAttnGan.Vision;

namespace ZslAttnGan.Tests.Vision;

public class ImageEncoderStateDictTests
{
    private static void AssertSameKeysAndShapes(Dictionary<string, (string DType, long[] Shape)> expected, Dictionary<string, Tensor> actual)
    {
        var missing = expected.Keys.Except(actual.Keys).ToList();
        var extra = actual.Keys.Except(expected.Keys).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"missing: {string.Join(", ", missing.Take(10))}; extra: {string.Join(", ", extra.Take(10))}");
        foreach (var (key, (dtype, shape)) in expected)
        {
            Assert.True(shape.SequenceEqual(actual[key].shape), $"{key}: expected [{string.Join(", ", shape)}], got [{string.Join(", ", actual[key].shape)}]");
            var expectedType = dtype == "I64" ? ScalarType.Int64 : ScalarType.Float32;
            Assert.True(expectedType == actual[key].dtype, $"{key}: expected {expectedType}, got {actual[key].dtype}");
        }
    }

    [Fact]
    public void InceptionEncoderKeysEqualTheReferenceKeys()
    {
        using var encoder = ImageEncoder.InceptionV3();
        var expected = SafetensorsHeader.Weights("cnn_encoder_full.safetensors");
        Assert.Equal(567, expected.Count);
        AssertSameKeysAndShapes(expected, encoder.state_dict());
        Assert.Contains("Mixed_6e.branch7x7dbl_3.conv.weight", encoder.state_dict().Keys);
        Assert.Contains("emb_cnn_code.0.weight", encoder.state_dict().Keys);
    }

    [Fact]
    public void AttnGanModeUsesThePlainLinearKeys()
    {
        using var encoder = ImageEncoder.InceptionV3(ImageEncoderOptions.AttnGan);
        var expected = SafetensorsHeader.Weights("cnn_encoder_full.safetensors")
            .ToDictionary(kv => kv.Key.Replace("emb_cnn_code.0.", "emb_cnn_code.", StringComparison.Ordinal), kv => kv.Value);
        AssertSameKeysAndShapes(expected, encoder.state_dict());
    }

    [Fact]
    public void HeadsKeysEqualTheReferenceHeadKeys()
    {
        using var heads = new ImageEncoderHeads(768, 2048, 256);
        AssertSameKeysAndShapes(SafetensorsHeader.Weights("cnn_encoder_heads.safetensors"), heads.state_dict());
    }

    [Fact]
    public void ConvertGlobalCodeKeysRenamesBothWays()
    {
        using var zsl = new ImageEncoderHeads(8, 16, 4, GlobalCodeHead.ZslTanh);
        var plain = ImageEncoderHeads.ConvertGlobalCodeKeys(zsl.state_dict(), GlobalCodeHead.Linear);
        Assert.Equal(new[] { "emb_cnn_code.bias", "emb_cnn_code.weight", "emb_features.weight" }, plain.Keys.Order());
        var back = ImageEncoderHeads.ConvertGlobalCodeKeys(plain, GlobalCodeHead.ZslTanh);
        Assert.Equal(zsl.state_dict().Keys.Order(), back.Keys.Order());
        Assert.Same(zsl.state_dict()["emb_cnn_code.0.weight"], back["emb_cnn_code.0.weight"]);
    }

    [Fact]
    public void SmallCnnKeysHaveNoBackbonePrefix()
    {
        using var encoder = ImageEncoder.SmallCnn(64);
        var keys = encoder.state_dict().Keys.ToList();
        Assert.Contains("region_layers.0.conv.weight", keys);
        Assert.Contains("region_layers.2.bn.running_var", keys);
        Assert.Contains("code_layers.0.bn.num_batches_tracked", keys);
        Assert.Contains("emb_features.weight", keys);
        Assert.Contains("emb_cnn_code.0.bias", keys);
        Assert.DoesNotContain(keys, k => k.StartsWith('_'));
        Assert.Equal(new long[] { 256, 128, 1, 1 }, encoder.state_dict()["emb_features.weight"].shape);
    }

    [Fact]
    public void SmallCnnStateDictRoundTripsIntoAFreshEncoder()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var a = ImageEncoder.SmallCnn(32, new ImageEncoderOptions { EmbeddingDim = 16 });
        manual_seed(4);
        using var b = ImageEncoder.SmallCnn(32, new ImageEncoderOptions { EmbeddingDim = 16 });
        global::ZslAttnGan.Nn.StateDicts.LoadStrict(b, a.state_dict());
        a.eval();
        b.eval();
        var image = rand(2, 3, 32, 32).mul(Scalars.S(2)).sub(Scalars.S(1));
        using var _ = no_grad();
        TensorAssert.Close(a.call(image).Code, b.call(image).Code, 0, "code after reload");
    }
}
