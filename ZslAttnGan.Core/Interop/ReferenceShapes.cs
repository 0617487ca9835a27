using System.Text.RegularExpressions;
using ZslAttnGan.Generation;
using ZslAttnGan.Text;
using ZslAttnGan.Training;
using ZslAttnGan.Vision;
using ZslAttnGan.Zsl;
using static TorchSharp.torch;
using ZslAttnGan.Models;

namespace ZslAttnGan.Interop;

/// <summary>
/// Recognises which component a state dict belongs to and reads its shape (the options to build it with) from the
/// tensors alone, so a reference checkpoint needs no config file. Options that leave no trace in the weights (dropout,
/// the ZSL generator's noise order and init) come from a template.
/// </summary>
public static partial class ReferenceShapes
{
    /// <summary>The component kind a state dict belongs to, from keys only its kind has; null when unknown.</summary>
    public static ReferenceComponentKind? Detect(IReadOnlyDictionary<string, Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.ContainsKey("h_net1.fc.0.weight")) return ReferenceComponentKind.Generator;
        if (tensors.ContainsKey("img_code_s16.0.weight")) return ReferenceComponentKind.ImageDiscriminator;
        if (tensors.ContainsKey("shared_layers.0.weight") && tensors.ContainsKey("class_head.0.weight")) return ReferenceComponentKind.ZslDiscriminator;
        if (tensors.ContainsKey("encoder.weight") && tensors.ContainsKey("rnn.weight_hh_l0")) return ReferenceComponentKind.TextEncoder;
        if (tensors.ContainsKey("emb_features.weight")) return ReferenceComponentKind.ImageEncoder;
        return null;
    }

    /// <summary>Text-encoder options: vocabulary and word-embedding size from <c>encoder.weight</c>, the feature size
    /// from the BiLSTM, and the ZSL sentence generator from <c>zsl_g.*</c> when present.</summary>
    /// <param name="tensors">The state dict.</param>
    /// <param name="path">File name for messages.</param>
    /// <param name="template">Supplies dropout and the ZSL generator's noise order and init (defaults: the seed's).</param>
    public static TextEncoderOptions TextEncoder(IReadOnlyDictionary<string, Tensor> tensors, string path, ModelOptions? template = null)
    {
        template ??= new ModelOptions();
        var embedding = Shape(tensors, "encoder.weight", path, 2);
        var hh = Shape(tensors, "rnn.weight_hh_l0", path, 2);
        if (!tensors.ContainsKey("rnn.weight_hh_l0_reverse"))
            throw new ReferenceImportException("the text encoder's LSTM is not bidirectional (no rnn.*_reverse keys); only the reference's BiLSTM is supported.", path);
        if (tensors.Keys.Any(k => k.StartsWith("rnn.", StringComparison.Ordinal) && k.Contains("_l1", StringComparison.Ordinal)))
            throw new ReferenceImportException("the text encoder's LSTM has more than one layer; only the reference's single layer is supported.", path);
        ZslSentenceGeneratorOptions? zsl = null;
        if (tensors.ContainsKey("zsl_g.input.weight"))
        {
            var input = Shape(tensors, "zsl_g.input.weight", path, 2);
            var hidden = Shape(tensors, "zsl_g.output.0.weight", path, 2);
            var output = Shape(tensors, "zsl_g.output.2.weight", path, 2);
            var baseZsl = template.SentenceGenerator ?? new ZslSentenceGeneratorOptions();
            zsl = baseZsl with
            {
                InputSize = (int)input[1],
                ReducedSize = (int)input[0],
                NoiseSize = (int)(hidden[1] - input[0]),
                HiddenSize = (int)hidden[0],
                OutputSize = (int)output[0],
                // The reference's ZSL_G always has its LeakyReLU; weights trained that way mean nothing without it.
                LinearHidden = false,
            };
        }
        return new TextEncoderOptions((int)embedding[0], (int)embedding[1], (int)hh[1] * 2, template.TextDropout, zsl);
    }

    /// <summary>Generator options: GF_DIM, first-stage size, branches, residual blocks, word size, CA (AttnGAN) or the
    /// ZSL code, image-noise size and the single-output variant, all from the weights.</summary>
    /// <param name="tensors">The state dict.</param>
    /// <param name="path">File name for messages.</param>
    /// <param name="embeddingSize">The text features' size, needed only when a one-stage generator has no attention
    /// layer to read the word size from.</param>
    /// <param name="replicateMaskBug">Value of <see cref="GeneratorOptions.ReplicateMaskBug"/>.</param>
    public static GeneratorOptions Generator(IReadOnlyDictionary<string, Tensor> tensors, string path, int? embeddingSize, bool replicateMaskBug)
    {
        var fc = Shape(tensors, "h_net1.fc.0.weight", path, 2);
        int upBlocks = 0;
        while (tensors.ContainsKey($"h_net1.upsample{upBlocks + 1}.1.weight")) upBlocks++;
        if (upBlocks is < 3 or > 5 || fc[0] % 32 != 0 || (fc[0] / 32) % (1L << upBlocks) != 0)
            throw new ReferenceImportException($"h_net1 has {upBlocks} up blocks and fc.0.weight [{string.Join(", ", fc)}]: not a generator first stage of 32, 64 or 128 px.", path);
        long width = fc[0] / 32;
        int ngf = (int)(width >> upBlocks);
        int branches = 1 + (tensors.ContainsKey("h_net2.att.conv_context.weight") ? 1 : 0) + (tensors.ContainsKey("h_net3.att.conv_context.weight") ? 1 : 0);
        int residual = tensors.Keys.Select(k => ResidualKey().Match(k)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().Count();
        bool ca = tensors.ContainsKey("ca_net.fc.weight");
        int? sentence = ca ? (int)Shape(tensors, "ca_net.fc.weight", path, 2)[1] : null;
        int wordSize = branches > 1 ? (int)Shape(tensors, "h_net2.att.conv_context.weight", path, 4)[1]
            : embeddingSize ?? sentence ?? (int)fc[1];
        int condition = ca ? (int)Shape(tensors, "ca_net.fc.weight", path, 2)[0] / 4 : wordSize;
        int noise = (int)fc[1] - condition;
        if (noise < 0)
            throw new ReferenceImportException($"h_net1.fc.0.weight reads {fc[1]} values but the condition alone has {condition}.", path);
        return new GeneratorOptions(
            Ngf: ngf, Branches: branches, ResidualBlocks: residual, WordSize: wordSize, ConditionSize: condition, NoiseSize: noise,
            Conditioning: ca ? ConditioningKind.Augmentation : ConditioningKind.ZslSentence, SentenceSize: sentence ?? wordSize,
            SingleOutput: tensors.ContainsKey("img_net.img.0.weight"), ReplicateMaskBug: replicateMaskBug, BaseSize: 4 << upBlocks);
    }

    /// <summary>Image-discriminator shape: size from which down-sampling layers exist, DF_DIM from the first conv, the
    /// condition size from the conditional head.</summary>
    public static ImageDiscriminatorShape ImageDiscriminator(IReadOnlyDictionary<string, Tensor> tensors, string path)
    {
        var first = Shape(tensors, "img_code_s16.0.weight", path, 4);
        int ndf = (int)first[0];
        int size = tensors.ContainsKey("img_code_s64.0.weight") ? 256
            : tensors.ContainsKey("img_code_s32.0.weight") ? 128
            : first[2] == 3 ? 32 : 64; // our 32-px variant starts with a 3×3 stride-1 conv instead of 4×4 stride 2
        var joint = Shape(tensors, "COND_DNET.jointConv.0.weight", path, 4);
        return new ImageDiscriminatorShape(size, ndf, (int)joint[1] - 8 * ndf, tensors.ContainsKey("UNCOND_DNET.outlogits.0.weight"));
    }

    /// <summary>ZSL-discriminator shape from its three Linears.</summary>
    public static ZslDiscriminatorShape ZslDiscriminator(IReadOnlyDictionary<string, Tensor> tensors, string path)
    {
        var shared = Shape(tensors, "shared_layers.0.weight", path, 2);
        var classes = Shape(tensors, "class_head.0.weight", path, 2);
        return new ZslDiscriminatorShape((int)classes[0], (int)shared[1], (int)shared[0]);
    }

    /// <summary>Image-encoder shape: backbone from its layer names, D from <c>emb_features.weight</c>, and the form of
    /// the global-code keys.</summary>
    public static ImageEncoderShape ImageEncoder(IReadOnlyDictionary<string, Tensor> tensors, string path)
    {
        int dim = (int)Shape(tensors, "emb_features.weight", path, 4)[0];
        var head = tensors.ContainsKey("emb_cnn_code.0.weight") ? GlobalCodeHead.ZslTanh
            : tensors.ContainsKey("emb_cnn_code.weight") ? GlobalCodeHead.Linear
            : throw new ReferenceImportException("no emb_cnn_code.0.weight or emb_cnn_code.weight: not an image encoder.", path);
        if (tensors.ContainsKey("Conv2d_1a_3x3.conv.weight"))
            return new ImageEncoderShape(ImageBackboneKind.InceptionV3, 0, dim, head);
        if (tensors.ContainsKey("region_layers.0.conv.weight"))
        {
            // ModelOptions builds the small CNN with its default layout (3 region blocks, 1 code block).
            bool defaultLayout = tensors.ContainsKey("region_layers.2.conv.weight") && !tensors.ContainsKey("region_layers.3.conv.weight")
                && tensors.ContainsKey("code_layers.0.conv.weight") && !tensors.ContainsKey("code_layers.1.conv.weight");
            if (!defaultLayout)
                throw new ReferenceImportException("the small-CNN backbone does not have the layout ModelOptions builds (3 region blocks, 1 code block).", path);
            return new ImageEncoderShape(ImageBackboneKind.SmallCnn, (int)Shape(tensors, "region_layers.0.conv.weight", path, 4)[0], dim, head);
        }
        throw new ReferenceImportException("the image encoder has neither Inception-v3 layers (Conv2d_1a_3x3.*) nor the small CNN's (region_layers.*).", path);
    }

    private static long[] Shape(IReadOnlyDictionary<string, Tensor> tensors, string key, string path, int rank)
    {
        if (!tensors.TryGetValue(key, out var t))
            throw new ReferenceImportException($"missing key {key}, needed to work out the component's shape.", path);
        if (t.dim() != rank)
            throw new ReferenceImportException($"{key} has shape [{string.Join(", ", t.shape)}]; expected {rank} dimensions.", path);
        return t.shape;
    }

    [GeneratedRegex(@"^h_net2\.residual\.(\d+)\.")]
    private static partial Regex ResidualKey();
}
