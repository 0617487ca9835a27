using ZslAttnGan.Text;

namespace ZslAttnGan.Inference;

/// <summary>What <see cref="TextToImageServiceCollectionExtensions.AddTextToImagePipeline"/> loads (bind it from
/// configuration or set it in code).</summary>
public sealed class TextToImagePipelineOptions
{
    /// <summary>The checkpoint folder to generate from (required).</summary>
    public string? CheckpointDirectory { get; set; }

    /// <summary>The torch device: <c>cpu</c> (default), <c>cuda</c>, <c>cuda:1</c>, …</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>Drop unknown words and report them (default), or reject the caption.</summary>
    public UnknownWordPolicy UnknownWords { get; set; } = UnknownWordPolicy.Drop;
}
