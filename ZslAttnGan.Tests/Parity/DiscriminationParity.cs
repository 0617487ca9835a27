using ZslAttnGan.Discrimination;
using ZslAttnGan.Losses;
using ZslAttnGan.Zsl;

namespace ZslAttnGan.Tests.Parity;

internal static class DiscriminationParity
{
    [ParityRunner("d_net64")]
    [ParityRunner("d_net128")]
    [ParityRunner("d_net256")]
    public static void Discriminator(ParityCase c)
    {
        using var d = new ImageDiscriminator(c.ConfigInt("image_size"), c.ConfigInt("GAN.DF_DIM"), c.ConfigInt("GAN.CONDITION_DIM"));
        c.LoadInto(d);
        CheckDiscriminator(c, d);
    }

    /// <summary>Runs the d_net* case's inputs through <paramref name="d"/> (eval, then train) and compares.</summary>
    internal static void CheckDiscriminator(ParityCase c, ImageDiscriminator d)
    {
        foreach (var mode in new[] { "eval", "train" })
        {
            d.train(mode == "train");
            var code = d.forward(c.In("img"));
            c.AssertClose($"{mode}.code", code);
            c.AssertClose($"{mode}.cond_logits", d.Conditional.forward(code, c.In("sent")));
            c.AssertClose($"{mode}.uncond_logits", d.Unconditional!.forward(code, null));
        }
        GenerationParity.CheckState(c, "train.state.", d);
    }

    [ParityRunner("gan_losses")]
    public static void DiscriminatorLoss(ParityCase c)
    {
        // The image size from the inputs, not the visible fixtures' 64 (the reference case uses D_NET64).
        int size = (int)c.In("real_imgs").shape[^1];
        using var d = new ImageDiscriminator(size, c.ConfigInt("GAN.DF_DIM"), c.ConfigInt("GAN.CONDITION_DIM"));
        c.LoadInto(d);
        var real = c.In("real_imgs");
        var fake = c.In("fake_imgs");
        var cond = c.In("conditions");

        d.eval();
        var e = GanLosses.Discriminator(d, real, fake, cond);
        c.AssertClose("eval.errD", e.Total);
        c.AssertClose("eval.terms", stack(new[] { e.CondReal, e.CondFake, e.CondWrong!, e.UncondReal!, e.UncondFake! }));

        d.train();
        var t = GanLosses.Discriminator(d, real, fake, cond);
        c.AssertClose("train.errD", t.Total);
        c.AssertClose("train.terms", stack(new[] { t.CondReal, t.CondFake, t.CondWrong!, t.UncondReal!, t.UncondFake! }));
        GenerationParity.CheckState(c, "train.state.", d);

        // The DCGAN branch: same weights without UNCOND_DNET, started again from the stored state.
        using var dc = new ImageDiscriminator(size, c.ConfigInt("GAN.DF_DIM"), c.ConfigInt("GAN.CONDITION_DIM"), unconditionalHead: false);
        c.LoadInto(dc, ignoreKeys: k => k.StartsWith("UNCOND_DNET.", StringComparison.Ordinal));
        dc.train();
        var n = GanLosses.Discriminator(dc, real, fake, cond);
        c.AssertClose("train_no_uncond.errD", n.Total);
        c.AssertClose("train_no_uncond.terms", stack(new[] { n.CondReal, n.CondFake, n.CondWrong! }));
    }

    [ParityRunner("generator_loss_zsl")]
    public static void GeneratorLossZsl(ParityCase c)
    {
        int cond = c.ConfigInt("GAN.CONDITION_DIM"), ndf = c.ConfigInt("GAN.DF_DIM");
        using var d0 = new ImageDiscriminator((int)c.In("fake_img64").shape[^1], ndf, cond);
        using var d1 = new ImageDiscriminator((int)c.In("fake_img128").shape[^1], ndf, cond);
        using var zd = new ZslDiscriminator(c.ConfigInt("ZSL_D classes"), cond, (int)c.Weights("features_discriminator.")["shared_layers.0.weight"].shape[0]);
        c.LoadInto(d0, "netsD.0.");
        c.LoadInto(d1, "netsD.1.");
        c.LoadInto(zd, "features_discriminator.");
        d0.train(); d1.train(); zd.eval();

        var sent = c.In("sent_emb");
        var g0 = GanLosses.Generator(d0, c.In("fake_img64"), sent);
        var g1 = GanLosses.Generator(d1, c.In("fake_img128"), sent);
        var damsm = new DamsmLoss();
        var ids = c.In("class_ids");
        var (w0, w1, _) = damsm.WordsLoss(c.In("region_features"), c.In("words_embs"), c.In("cap_lens"), ids);
        var (s0, s1) = damsm.SentenceLoss(c.In("cnn_code"), sent, ids);
        var zslBce = nn.functional.binary_cross_entropy_with_logits(zd.forward(c.In("cnn_code")).Realness, zeros(c.In("cnn_code").shape[0], 1));
        var zslCe = nn.functional.cross_entropy(zd.forward(c.In("cnn_code")).ClassLogits, ids);
        var zsl = ZslLosses.BceGeneratedImage(zd, c.In("cnn_code"), ids);
        TensorAssert.Close(zslBce.Plus(zslCe), zsl, 1e-6, "BceGeneratedImage = zsl_bce + zsl_ce");
        const double lambda = 1.0, supervised = 0.1;
        var total = g0.Total.Plus(g1.Total).Plus(w0.Plus(w1) * Scalars.S(lambda)).Plus(s0.Plus(s1) * Scalars.S(lambda)).Plus(zsl * Scalars.S(supervised));

        c.AssertClose("bce_terms", stack(new[] { g0.Cond, g0.Uncond!, g1.Cond, g1.Uncond! }));
        c.AssertClose("w_loss0", w0);
        c.AssertClose("w_loss1", w1);
        c.AssertClose("s_loss0", s0);
        c.AssertClose("s_loss1", s1);
        c.AssertClose("zsl_bce", zslBce);
        c.AssertClose("zsl_ce", zslCe);
        c.AssertClose("errG_total", total);
        GenerationParity.CheckState(c, "state.", d0, "netsD.0.");
        GenerationParity.CheckState(c, "state.", d1, "netsD.1.");
    }

    [ParityRunner("damsm_losses")]
    public static void Damsm(ParityCase c)
    {
        var damsm = new DamsmLoss(new DamsmOptions(c.ConfigDouble("TRAIN.SMOOTH.GAMMA1"), c.ConfigDouble("TRAIN.SMOOTH.GAMMA2"), c.ConfigDouble("TRAIN.SMOOTH.GAMMA3")));
        var regions = c.In("img_features");
        var words = c.In("words_emb");
        var lens = c.In("cap_lens");
        var ids = c.In("class_ids");
        var r = damsm.Compute(regions, words, lens, c.In("cnn_code"), c.In("rnn_code"), ids);
        c.AssertClose("w_loss0", r.Words0);
        c.AssertClose("w_loss1", r.Words1);
        c.AssertClose("s_loss0", r.Sentence0);
        c.AssertClose("s_loss1", r.Sentence1);
        var lengths = lens.data<long>().ToArray();
        for (int i = 0; i < lengths.Length; i++)
            c.AssertClose($"att_map.{i}", r.AttentionMaps[i..(i + 1), ..(int)lengths[i]]);
        var mask = DamsmLoss.ClassMask(ids);
        var (wScores, _) = damsm.WordScores(regions, words, lens);
        c.AssertClose("words_scores", wScores.masked_fill(mask, Scalars.S(double.NegativeInfinity)));
        c.AssertClose("sent_scores", damsm.SentenceScores(c.In("cnn_code"), c.In("rnn_code")).masked_fill(mask, Scalars.S(double.NegativeInfinity)));
        var n = damsm.Compute(regions, words, lens, c.In("cnn_code"), c.In("rnn_code"));
        c.AssertClose("nomask.w_loss0", n.Words0);
        c.AssertClose("nomask.w_loss1", n.Words1);
        c.AssertClose("nomask.s_loss0", n.Sentence0);
        c.AssertClose("nomask.s_loss1", n.Sentence1);
    }
}
