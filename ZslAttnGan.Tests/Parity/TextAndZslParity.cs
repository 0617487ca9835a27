using ZslAttnGan.Losses;
using ZslAttnGan.Text;
using ZslAttnGan.Zsl;

namespace ZslAttnGan.Tests.Parity;

internal static class TextAndZslParity
{
    [ParityRunner("text_encoder")]
    public static void TextEncoderWithZsl(ParityCase c)
    {
        var weights = c.Weights();
        var noise = c.In("z");
        var options = new TextEncoderOptions(
            (int)weights["encoder.weight"].shape[0],
            (int)weights["encoder.weight"].shape[1],
            c.ConfigInt("nhidden"),
            SentenceGenerator: new ZslSentenceGeneratorOptions(
                InputSize: c.ConfigInt("TEXT.EMBEDDING_DIM"),
                ReducedSize: (int)weights["zsl_g.input.weight"].shape[0],
                NoiseSize: (int)noise.shape[1],
                HiddenSize: (int)weights["zsl_g.output.0.weight"].shape[0],
                OutputSize: c.ConfigInt("GAN.CONDITION_DIM")));
        using var encoder = new TextEncoder(options);
        c.LoadInto(encoder);
        CheckTextEncoderWithZsl(c, encoder);
    }

    /// <summary>Runs the text_encoder case's inputs (with its noise) through <paramref name="encoder"/> and compares.</summary>
    internal static void CheckTextEncoderWithZsl(ParityCase c, TextEncoder encoder)
    {
        encoder.eval();
        var result = encoder.Encode(c.In("captions"), c.In("cap_lens"), c.In("z"));
        c.AssertClose("words_emb", result.Words);
        c.AssertClose("sent_emb_lstm", result.LstmSentence);
        c.AssertClose("sent_emb", result.Sentence);
    }

    [ParityRunner("text_encoder_attngan")]
    public static void TextEncoderAttnGan(ParityCase c)
    {
        var weights = c.Weights();
        using var encoder = new TextEncoder(new TextEncoderOptions(
            (int)weights["encoder.weight"].shape[0], (int)weights["encoder.weight"].shape[1], c.ConfigInt("nhidden")));
        c.LoadInto(encoder);
        CheckTextEncoderAttnGan(c, encoder);
    }

    /// <summary>Runs the text_encoder_attngan case's inputs through <paramref name="encoder"/> and compares.</summary>
    internal static void CheckTextEncoderAttnGan(ParityCase c, TextEncoder encoder)
    {
        encoder.eval();
        var result = encoder.Encode(c.In("captions"), c.In("cap_lens"));
        c.AssertClose("words_emb", result.Words);
        c.AssertClose("sent_emb", result.Sentence);
    }

    [ParityRunner("zsl_generator")]
    public static void ZslGenerator(ParityCase c)
    {
        var w = c.Weights();
        using var g = new ZslSentenceGenerator(new ZslSentenceGeneratorOptions(
            InputSize: (int)w["input.weight"].shape[1], ReducedSize: (int)w["input.weight"].shape[0],
            NoiseSize: (int)c.In("z").shape[1], HiddenSize: (int)w["output.0.weight"].shape[0],
            OutputSize: (int)w["output.2.weight"].shape[0]));
        c.LoadInto(g);
        g.eval();
        c.AssertClose("out", g.forward(c.In("sent"), c.In("z")));
    }

    [ParityRunner("zsl_discriminator")]
    public static void ZslDiscriminatorAndEncoderLosses(ParityCase c)
    {
        var w = c.Weights();
        using var d = new ZslDiscriminator(c.ConfigInt("classes"), (int)w["shared_layers.0.weight"].shape[1], (int)w["shared_layers.0.weight"].shape[0]);
        c.LoadInto(d);
        CheckZslDiscriminator(c, d);
    }

    /// <summary>Runs the zsl_discriminator case's inputs and loss terms through <paramref name="d"/> and compares.</summary>
    internal static void CheckZslDiscriminator(ParityCase c, ZslDiscriminator d)
    {
        d.eval();
        var o = d.forward(c.In("x"));
        c.AssertClose("fake_logit", o.Realness);
        c.AssertClose("class_logits", o.ClassLogits);
        var img = c.In("img_code");
        var txt = c.In("txt_code");
        var ids = c.In("class_ids");
        c.AssertClose("enc_g_loss", ZslLosses.BceEncoderSide(d, img, txt, ids));
        c.AssertClose("enc_d_loss", ZslLosses.BceDiscriminatorSide(d, img, txt, ids));
    }
}
