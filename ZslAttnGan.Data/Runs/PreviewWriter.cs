using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using ZslAttnGan.Generation;
using ZslAttnGan.Imaging;
using ZslAttnGan.Text;
using static TorchSharp.torch;

namespace ZslAttnGan.Runs;

/// <summary>Generates from a batch's captions and draws preview grids.</summary>
/// <param name="sample">Generates for (captions, lengths, random source) in eval mode, e.g. <c>GanTrainer.Sample</c>,
/// which uses the generator's averaged weights.</param>
/// <param name="vocabulary">Turns caption ids back into words for the labels.</param>
public sealed class PreviewWriter(Func<Tensor, Tensor, Generator, GeneratorOutput> sample, Vocabulary vocabulary)
{
    /// <summary>Cell size of the attention grid (the synthetic model makes 64-pixel images; 96 shows them without blur).</summary>
    public int CellSize { get; init; } = 96;

    /// <summary>Rows of generated images in the comparison grid, one seed each (seed, seed + 1, …): a caption's
    /// column shows whether the noise changes the picture (pose, background) while the caption's colours hold.</summary>
    public int Seeds
    {
        get => _seeds;
        init => _seeds = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Seeds), value, "Seeds must be at least 1.");
    }

    private readonly int _seeds = 3;

    /// <summary>Writes <c>&lt;prefix&gt;-attention.png</c> (an <see cref="AttentionGrid"/>: per caption the images of each
    /// stage and each word's attention, first seed) and <c>&lt;prefix&gt;-vs-real.png</c> (an <see cref="ImageGrid"/>: the
    /// real images on top, then one row of images generated from their captions per seed of <see cref="Seeds"/>).</summary>
    /// <param name="batch">The real images and their captions (any <see cref="ZslAttnGan.Training.ITrainingBatch"/>).</param>
    /// <param name="classNames">Species name per row, for the labels; null for none.</param>
    /// <param name="directory">Output folder (created).</param>
    /// <param name="prefix">File name prefix, e.g. "seen".</param>
    /// <param name="seed">Seed of the generator's noise (the first row; further rows use seed + 1, …).</param>
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
        var labels = Enumerable.Range(0, rows).Select(i => (string?)(classNames is null ? "real" : ShortName(classNames[i])))
            .Concat(Enumerable.Repeat<string?>($"seed {seed}", rows)).ToList();
        try
        {
            for (int k = 1; k < Seeds; k++)
            {
                using var more = new Generator(unchecked((ulong)(seed + k)), batch.Captions.device);
                images.AddRange(ImageTensors.ToImages(sample(batch.Captions, batch.Lengths, more).Images[^1].cpu()));
                labels.AddRange(Enumerable.Repeat<string?>($"seed {seed + k}", rows));
            }
            var options = new ImageGridOptions
            {
                CellSize = CellSize,
                FontScale = 1,
                Title = Seeds == 1
                    ? $"{prefix}: real images (top) and images generated from their captions (bottom)"
                    : $"{prefix}: real images (top) and images generated from their captions with {Seeds} seeds (below)",
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
