using ZslAttnGan.Data.Gazsl;
using ZslAttnGan.Evaluation;
using ZslAttnGan.TextFeatures;

namespace ZslAttnGan.Gazsl;

/// <summary>How <see cref="GazslTask.Load"/> reads a data folder.</summary>
public sealed record GazslTaskOptions
{
    /// <summary>The layout (default: detected from the folder's files).</summary>
    public GazslDataLayout Layout { get; init; } = GazslDataLayout.Auto;

    /// <summary>ZSL_GAN layouts: the easy (SCS) or hard (SCE) split.</summary>
    public ZslGanSplit Split { get; init; } = ZslGanSplit.Easy;

    /// <summary>ZSL_GAN layouts: loader options (feature scaling, class counts; the defaults fix the original's bugs).</summary>
    public ZslGanOptions ZslGan { get; init; } = new();

    /// <summary>GBU layout: dataset folder, preprocessing, validation mode.</summary>
    public GbuOptions Gbu { get; init; } = new();

    /// <summary>ZSL_GAN layouts have no held-out images of seen classes. With this set (the original's protocol), the
    /// generalised (GZSL) evaluation scores the seen classes on their training features, which overstates the seen
    /// accuracy; without it (default) no GZSL figure is computed for those layouts.</summary>
    public bool TrainingFeaturesAsSeenTest { get; init; }

    /// <summary>Captioned images: ResNet-18's ONNX files (null: next to the application, see <see cref="ResNet18ModelFiles.Default"/>).</summary>
    public ResNet18ModelFiles? ResNet18 { get; init; }

    /// <summary>Captioned images: a ZSL-AttnGAN checkpoint whose image encoder gives the visual features
    /// (<see cref="ImageEncoderFeatureSource"/>) instead of ResNet-18; null: ResNet-18.</summary>
    public string? ImageEncoderCheckpoint { get; init; }

    /// <summary>Captioned images: where image features are cached (null: not cached).</summary>
    public string? FeatureCache { get; init; }

    /// <summary>Captioned images: captions per image in the text files.</summary>
    public int CaptionsPerImage { get; init; } = 10;

    /// <summary>Captioned images: TF-IDF options.</summary>
    public TfIdfOptions TextFeatures { get; init; } = new();

    /// <summary>Captioned images: how the image features are scaled (as ZSL_GAN's CUB loader by default).</summary>
    public FeatureScale Scale { get; init; } = FeatureScale.Variance;
}
