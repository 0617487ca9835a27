using ZslAttnGan.Generation;
using ZslAttnGan.Losses;

namespace ZslAttnGan.Tests.Parity;

internal static class GenerationParity
{
    [ParityRunner("global_attention")]
    public static void GlobalAttentionCase(ParityCase c)
    {
        long idf = c.ConfigInt("idf"), cdf = c.ConfigInt("cdf");
        var input = c.In("input");
        var context = c.In("context");
        var mask = c.In("mask");
        foreach (var (bug, prefix, m) in new[] { (true, "", mask), (false, "nomask_", (Tensor?)null), (false, "maskfix_", mask) })
        {
            using var att = new GlobalAttention(idf, cdf, replicateMaskBug: bug);
            c.LoadInto(att);
            att.eval();
            var o = att.forward(input, context, m);
            c.AssertClose(prefix + "weightedContext", o.Context);
            c.AssertClose(prefix + "attn", o.Attention);
        }
    }

    [ParityRunner("g_net_zsl")]
    public static void GeneratorZsl(ParityCase c)
    {
        var options = new GeneratorOptions(
            Ngf: c.ConfigInt("GAN.GF_DIM"), Branches: c.ConfigInt("TREE.BRANCH_NUM"), ResidualBlocks: c.ConfigInt("GAN.R_NUM"),
            WordSize: c.ConfigInt("TEXT.EMBEDDING_DIM"), ConditionSize: c.ConfigInt("GAN.CONDITION_DIM"),
            ReplicateMaskBug: true);
        using var g = new AttnGenerator(options);
        c.LoadInto(g);
        CheckGeneratorZsl(c, g);
    }

    /// <summary>Runs the g_net_zsl case's inputs through <paramref name="g"/> (eval, then one train pass) and compares.</summary>
    internal static void CheckGeneratorZsl(ParityCase c, AttnGenerator g)
    {
        foreach (var mode in new[] { "eval", "train" })
        {
            g.train(mode == "train");
            var o = g.Generate(c.In("c_code"), c.In("words_embs"), c.In("mask"));
            CheckImagesAndMaps(c, mode + ".", o);
        }
        CheckState(c, "train.state.", g);
    }

    [ParityRunner("g_net_attngan")]
    public static void GeneratorAttnGan(ParityCase c)
    {
        var options = new GeneratorOptions(
            Ngf: c.ConfigInt("GAN.GF_DIM"), Branches: c.ConfigInt("TREE.BRANCH_NUM"), ResidualBlocks: c.ConfigInt("GAN.R_NUM"),
            WordSize: c.ConfigInt("TEXT.EMBEDDING_DIM"), ConditionSize: c.ConfigInt("GAN.CONDITION_DIM"),
            NoiseSize: c.ConfigInt("GAN.Z_DIM"), Conditioning: ConditioningKind.Augmentation,
            SentenceSize: c.ConfigInt("TEXT.EMBEDDING_DIM"), ReplicateMaskBug: true);
        using var g = new AttnGenerator(options);
        c.LoadInto(g);
        CheckGeneratorAttnGan(c, g);
    }

    /// <summary>Runs the g_net_attngan case's inputs through <paramref name="g"/> in eval mode and compares.</summary>
    internal static void CheckGeneratorAttnGan(ParityCase c, AttnGenerator g)
    {
        g.eval();
        var o = g.Generate(c.In("sent_emb"), c.In("words_embs"), c.In("mask"), noise: c.In("z"), eps: c.In("eps"));
        CheckImagesAndMaps(c, "", o);
        c.AssertClose("mu", o.Mu!);
        c.AssertClose("logvar", o.LogVar!);
        c.AssertClose("c_code", o.Condition);
        c.AssertClose("kl", GanLosses.KlDivergence(o.Mu!, o.LogVar!));
    }

    private static void CheckImagesAndMaps(ParityCase c, string prefix, GeneratorOutput o)
    {
        for (int i = 0; i < o.Images.Count; i++) c.AssertClose($"{prefix}img{64 << i}", o.Images[i]);
        for (int i = 0; i < o.AttentionMaps.Count; i++) c.AssertClose($"{prefix}att{i + 1}", o.AttentionMaps[i]);
    }

    /// <summary>Compares every <c>out.&lt;prefix&gt;&lt;key&gt;</c> BatchNorm buffer with the module's state.</summary>
    internal static void CheckState(ParityCase c, string prefix, nn.Module module, string keyPrefix = "")
    {
        var state = module.state_dict();
        var names = c.OutputNames.Where(n => n.StartsWith(prefix + keyPrefix, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(names);
        foreach (var name in names)
        {
            var key = name[(prefix.Length + keyPrefix.Length)..];
            Assert.True(state.ContainsKey(key), $"{c.Name}: module has no state key {key}");
            c.AssertClose(name, state[key]);
        }
    }
}
