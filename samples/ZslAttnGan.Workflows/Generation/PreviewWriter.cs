using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using ZslAttnGan.Generation;
using ZslAttnGan.Imaging;
using ZslAttnGan.Text;
using static TorchSharp.torch;

namespace ZslAttnGan.Workflows.Generation;

/// <summary>Generates from a batch's captions and draws preview grids.</summary>
/// <param name="sample">Generates for (captions, lengths, random source) in eval mode, e.g. <c>GanTrainer.Sample</c>,
/// which uses the generator's averaged weights.</param>
/// <param name="vocabulary">Turns caption ids back into words for the labels.</param>
public sealed class PreviewWriter(Func<Tensor, Tensor, Generator, GeneratorOutput> sample, Vocabulary vocabulary)
{
    /// <summary>Cell size of the attention grid (the synthetic model makes 64-pixel images; 96 shows them without blur).</summary>
    public int CellSize { get; init; } = 96;

    /// <summary>Writes <c>&lt;prefix&gt;-attention.png</c> (an <see cref="AttentionGrid"/>: per caption the images of each
    /// stage and each word's attention) and <c>&lt;prefix&gt;-vs-real.png</c> (an <see cref="ImageGrid"/>: the real
    /// images on top, generated from their captions below).</summary>
    /// <param name="batch">The real images and their captions (any <see cref="ZslAttnGan.Training.ITrainingBatch"/>).</param>
    /// <param name="classNames">Species name per row, for the labels; null for none.</param>
    /// <param name="directory">Output folder (created).</param>
    /// <param name="prefix">File name prefix, e.g. "seen".</param>
    /// <param name="seed">Seed of the generator's noise.</param>
    /// <returns>The two file paths.</returns>
    public IReadOnlyList<string> Write(ZslAttnGan.Training.ITrainingBatch batch, IReadOnlyList<string>? classNames, string directory, string prefix, long seed)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        using var rng = new Generator(unchecked((ulong)seed), batch.Captions.device);
        var output = sample(batch.Captions, batch.Lengths, rng);
        int rows = (int)batch.Captions.shape[0];
        var ids = batch.Captions.cpu().data<long>().ToArray();
        var lengths = batch.Lengths.cpu().data<long>().ToArray();
        long width = batch.Captions.shape[1];
        var words = Enumerable.Range(0, rows)
            .Select(i => (IReadOnlyList<string>)ids.Skip((int)(i * width)).Take((int)lengths[i]).Select(id => vocabulary[id]).ToList())
            .ToList();
        var captions = words.Select(w => string.Join(' ', w)).ToList();

        var attentionPath = Path.Combine(directory, $"{prefix}-attention.png");
        using (var grid = AttentionGrid.Render(output, words, captions, new AttentionGridOptions { MaxSamples = rows, CellSize = CellSize }))
            grid.SaveAsPngAtomic(attentionPath);

        var comparisonPath = Path.Combine(directory, $"{prefix}-vs-real.png");
        var images = ImageTensors.ToImages(batch.Images[^1].cpu()).Concat(ImageTensors.ToImages(output.Images[^1].cpu())).ToList();
        try
        {
            var labels = Enumerable.Range(0, rows).Select(i => (string?)(classNames is null ? "real" : ShortName(classNames[i])))
                .Concat(Enumerable.Repeat<string?>("generated", rows)).ToList();
            var options = new ImageGridOptions
            {
                CellSize = CellSize,
                FontScale = 1,
                Title = $"{prefix}: real images (top) and images generated from their captions (bottom)",
            };
            using var grid = ImageGrid.Render(images, rows, labels, options);
            grid.SaveAsPngAtomic(comparisonPath);
        }
        finally
        {
            foreach (var image in images) image.Dispose();
        }
        return [attentionPath, comparisonPath];
    }

    // "012.Red_Blue_Winged_Green_Headed" → "Red Blue Winged Green Headed": the number only takes room in a label.
    private static string ShortName(string className)
    {
        int dot = className.IndexOf('.');
        return (dot >= 0 ? className[(dot + 1)..] : className).Replace('_', ' ');
    }
}
