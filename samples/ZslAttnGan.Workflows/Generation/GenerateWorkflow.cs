using System.Text;
using ZslAttnGan.Imaging;
using ZslAttnGan.Inference;
using ZslAttnGan.Runs;

namespace ZslAttnGan.Workflows.Generation;

/// <summary>Captions → PNG files: each image, a grid of a caption's images, and its attention grid.</summary>
public static class GenerateWorkflow
{
    /// <summary>Loads the checkpoint with <see cref="TextToImagePipeline"/> and writes the files for every caption.</summary>
    /// <exception cref="ArgumentException">A caption has no known word (or an unknown one, with the reject policy).</exception>
    public static IReadOnlyList<GeneratedCaption> Run(GenerateRequest request, IRunReporter reporter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(reporter);
        request.Validate();
        reporter.Info($"Loading {request.CheckpointDirectory}…");
        using var pipeline = TextToImagePipeline.Load(request.CheckpointDirectory, request.Device, request.UnknownWords);
        var provenance = Provenance.Of(request.CheckpointDirectory);
        Directory.CreateDirectory(request.OutputDirectory);
        var written = new List<GeneratedCaption>();
        for (int i = 0; i < request.Captions.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var caption = request.Captions[i];
            reporter.Info($"[{i + 1}/{request.Captions.Count}] {caption}");
            // One caption per call with seed + i: the same images as one call with all captions (the pipeline's rule).
            using var result = pipeline.Generate(caption, request.Count, request.Seed + i);
            var stem = Path.Combine(request.OutputDirectory, $"{i + 1:00}-{Slug(caption)}");
            var samples = result.Images.Select((image, k) => image.SaveAsPngAtomic($"{stem}-{k + 1}.png")).ToList();
            string grid;
            using (var image = ImageGrid.Render(result.Images, Math.Min(result.Images.Count, 4), null,
                       new ImageGridOptions { CellSize = 128, Title = caption }))
                grid = image.SaveAsPngAtomic($"{stem}-grid.png");
            string attention;
            var words = Enumerable.Repeat(result.UsedWords, result.Images.Count).ToList();
            using (var image = AttentionGrid.Render(result.StageImages, result.AttentionMaps, words, Enumerable.Repeat(caption, result.Images.Count).ToList(),
                       new AttentionGridOptions { MaxSamples = Math.Min(4, result.Images.Count), CellSize = 96 }))
                attention = image.SaveAsPngAtomic($"{stem}-attention.png");
            // What made these images, beside them (as diffusion tools do): caption, words, seed, checkpoint and its hash.
            provenance.Write($"{stem}.json", caption, result.UsedWords, result.DroppedWords, request.Seed + i, request.Count,
                samples.Select(Path.GetFileName).ToList()!);
            written.Add(new GeneratedCaption(caption, samples, grid, attention, result.DroppedWords));
        }
        return written;
    }

    /// <summary>A file-name-safe short form of a caption: lower-case letters and digits joined by '-', at most 40
    /// characters, cut at a word boundary (a single word longer than that is cut inside).</summary>
    public static string Slug(string caption)
    {
        const int max = 40;
        var sb = new StringBuilder();
        foreach (var c in caption.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        var slug = sb.ToString().Trim('-');
        if (slug.Length > max)
        {
            int cut = slug.LastIndexOf('-', max);
            slug = cut > 0 ? slug[..cut] : slug[..max];
        }
        return slug.Length == 0 ? "caption" : slug;
    }
}
