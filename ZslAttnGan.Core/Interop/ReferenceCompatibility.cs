using ZslAttnGan.Models;

namespace ZslAttnGan.Interop;

/// <summary>
/// What an exported model means to the original Python code: whether its files can load into the reference modules
/// at all, and where the reference would compute something else from the same weights.
/// </summary>
public static class ReferenceCompatibility
{
    /// <summary>Plain-language warnings for <paramref name="options"/>; empty when the original code loads every file and
    /// computes what we compute.</summary>
    public static IReadOnlyList<string> Warnings(ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var warnings = new List<string>();
        var g = options.Generator;
        if (!g.ReplicateMaskBug && g.Branches > 1)
            warnings.Add("The model was trained with the corrected word-attention mask; the original code always applies its mask bug " +
                         "(GlobalAttentionGeneral tiles the mask wrongly), so its netG gives other images than ours for batches whose captions " +
                         "have unequal lengths (batches of one caption, or of equal lengths, match).");
        if (options.SentencePooling != Text.SentencePooling.FinalHiddenState)
            warnings.Add("The text encoder's sentence feature is the mean of its word features; the original RNN_ENCODER returns its final " +
                         "hidden state as sent_emb, so with these weights its sentence codes (and every image drawn from them) differ from ours.");
        if (options.SentenceGenerator?.LinearHidden == true)
            warnings.Add("The ZSL sentence generator has no LeakyReLU after its hidden layer; the original ZSL_G has one, so with these " +
                         "weights its codes (and every image drawn from them) differ from ours.");
        var cannotLoad = new List<string>();
        if (options.ImageBackbone == ImageBackboneKind.SmallCnn)
            cannotLoad.Add("image_encoder uses the small CNN backbone; the original CNN_ENCODER is Inception-v3");
        if (g.BaseSize != 64)
            cannotLoad.Add($"netG and the discriminators start at {g.BaseSize} px; the original G_NET and D_NET start at 64 px");
        if (options.IsZsl && g.NoiseSize > 0)
            cannotLoad.Add($"netG joins {g.NoiseSize} image-noise values to the ZSL code; the seed's first stage reads the code only");
        if (!options.DiscriminatorBatchNorm)
            cannotLoad.Add("the image discriminators have no BatchNorm; the original D_NET expects its BatchNorm keys");
        if (g.AffineConditioning)
            cannotLoad.Add("netG has per-block affine conditioning (h_net*.affine*), which the original G_NET does not have");
        if (options.Components is { } c)
            foreach (var (role, spec) in new[] { ("text encoder", c.TextEncoder), ("image encoder", c.ImageEncoder), ("ZSL critic", c.ZslCritic), ("generator", c.Generator), ("discriminators", c.Discriminator) })
                if (spec is not null) cannotLoad.Add($"the {role} is the user component '{spec.Type}', which has no reference module");
        if (cannotLoad.Count > 0)
            warnings.Add("These files cannot load into the original code as they are: " + string.Join("; ", cannotLoad) + ". " +
                         "They keep the reference's key names, so tools that read state dicts still can.");
        return warnings;
    }
}
