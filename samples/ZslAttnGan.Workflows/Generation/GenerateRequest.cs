using ZslAttnGan.Text;
using static TorchSharp.torch;

namespace ZslAttnGan.Workflows.Generation;

/// <summary>What <see cref="GenerateWorkflow"/> generates.</summary>
public sealed record GenerateRequest
{
    /// <summary>A checkpoint folder (a GAN or joint run's, so the generator is trained).</summary>
    public required string CheckpointDirectory { get; init; }

    /// <summary>The captions.</summary>
    public required IReadOnlyList<string> Captions { get; init; }

    /// <summary>Output folder (created).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Images per caption.</summary>
    public int Count { get; init; } = 4;

    /// <summary>Seed; caption i uses seed + i, so a caption's images do not depend on the other captions.</summary>
    public long Seed { get; init; }

    /// <summary>Drop words the model does not know (default) or refuse the caption.</summary>
    public UnknownWordPolicy UnknownWords { get; init; } = UnknownWordPolicy.Drop;

    /// <summary>Device (null: CPU).</summary>
    public Device? Device { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> when there is nothing to do.</summary>
    public void Validate()
    {
        if (Captions is null || Captions.Count == 0) throw new ArgumentException("Give at least one caption.", nameof(Captions));
        if (Count < 1) throw new ArgumentException($"The image count must be at least 1 (got {Count}).", nameof(Count));
    }

    /// <summary>Reads captions from a text file: one per line; blank lines and lines starting with '#' are skipped.</summary>
    public static IReadOnlyList<string> ReadCaptionFile(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"The caption file '{path}' does not exist.", path);
        return File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
    }
}

/// <summary>The files written for one caption.</summary>
/// <param name="Caption">The caption as given.</param>
/// <param name="Samples">One PNG per generated image.</param>
/// <param name="Grid">All images of the caption in one grid titled with the caption.</param>
/// <param name="Attention">The attention grid: every stage's image and each word's attention map per sample.</param>
/// <param name="DroppedWords">Words the model does not know, left out.</param>
public sealed record GeneratedCaption(string Caption, IReadOnlyList<string> Samples, string Grid, string Attention, IReadOnlyList<string> DroppedWords);
