using ZslAttnGan.Vision;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Tests.Parity;

namespace ZslAttnGan.Tests.Vision;

/// <summary>Parity runners for the image encoder cases of the manifest.</summary>
public static class ImageEncoderParityRunners
{
    [ParityRunner("cnn_encoder_heads")]
    public static void Heads(ParityCase c)
    {
        int nef = c.ConfigInt("nef");
        var mixed6e = c.In("mixed_6e");
        var pooled = c.In("pooled");

        using var zsl = new ImageEncoderHeads(mixed6e.shape[1], pooled.shape[1], nef, GlobalCodeHead.ZslTanh);
        c.LoadInto(zsl);
        zsl.eval();
        using (no_grad())
        {
            var output = zsl.call(mixed6e, pooled);
            c.AssertClose("region_features", output.Regions);
            c.AssertClose("global_code", output.Code);
        }

        // Original AttnGAN: the same Linear without Tanh, its keys renamed emb_cnn_code.0.* -> emb_cnn_code.*.
        using var attn = new ImageEncoderHeads(mixed6e.shape[1], pooled.shape[1], nef, GlobalCodeHead.Linear);
        StateDicts.LoadStrict(attn, ImageEncoderHeads.ConvertGlobalCodeKeys(c.Weights(), GlobalCodeHead.Linear));
        attn.eval();
        using (no_grad())
        {
            c.AssertClose("global_code_attngan", attn.call(mixed6e, pooled).Code);
        }
    }

    [ParityRunner("cnn_encoder_full")]
    public static void Full(ParityCase c)
    {
        int nef = c.ConfigInt("nef");
        var image = c.In("image");

        using (var zsl = ImageEncoder.InceptionV3(new ImageEncoderOptions { EmbeddingDim = nef }))
        {
            c.LoadInto(zsl);
            zsl.eval();
            using var _ = no_grad();
            var trace = zsl.ForwardDetailed(image);
            c.AssertClose("upsampled", trace.Input);
            c.AssertClose("mixed_6e", trace.BackboneRegions);
            c.AssertClose("pooled", trace.Pooled);
            c.AssertClose("features", trace.Regions);
            c.AssertClose("cnn_code", trace.Code);
        }

        // Original AttnGAN head on the same weights (emb_cnn_code.0.* renamed to emb_cnn_code.*).
        using (var attn = ImageEncoder.InceptionV3(ImageEncoderOptions.AttnGan with { EmbeddingDim = nef }))
        {
            StateDicts.LoadStrict(attn, ImageEncoderHeads.ConvertGlobalCodeKeys(c.Weights(), GlobalCodeHead.Linear));
            attn.eval();
            using var _ = no_grad();
            c.AssertClose("cnn_code_attngan", attn.call(image).Code);
        }
    }
}
