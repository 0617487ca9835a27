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

    /// <summary>Writes <c>&lt;prefix&gt;-validation.png</c>: one column per validation caption and one row per sample of
    /// <see cref="Seeds"/>, drawn as <c>generate --seed</c> draws several images of one caption (the caption repeated
    /// <see cref="Seeds"/> times with one random source seeded by <paramref name="seed"/>), so the first row shows what
    /// a single image from this checkpoint with that seed looks like. The title lists the captions by number.</summary>
    /// <param name="captions">The captions (see <see cref="ValidationCaptions.Create"/>).</param>
    /// <param name="device">Where the model lives.</param>
    /// <param name="directory">Output folder (created).</param>
    /// <param name="prefix">File name prefix, e.g. "step-000500".</param>
    /// <param name="seed">Seed of the noise of each caption's samples.</param>
    /// <returns>The file path.</returns>
    public string WriteValidation(ValidationCaptions captions, Device device, string directory, string prefix, long seed)
    {
        ArgumentNullException.ThrowIfNull(captions);
        ArgumentNullException.ThrowIfNull(device);
        var columns = new List<Image<Rgb24>[]>(captions.Count);
        try
        {
            foreach (var encoded in captions.Encoded)
            {
                using var scope = NewDisposeScope();
                using var rng = new Generator(unchecked((ulong)seed), device);
                var ids = tensor(encoded.Ids.ToArray(), device: device).unsqueeze(0).expand(Seeds, -1).contiguous();
                // From an array, not full(): that would convert the length into a temporary Scalar (TorchSharpWorkarounds.Scalars).
                var lengths = tensor(Enumerable.Repeat((long)encoded.Length, Seeds).ToArray(), device: device);
                columns.Add(ImageTensors.ToImages(sample(ids, lengths, rng).Images[^1].cpu()));
            }
            var images = Enumerable.Range(0, Seeds).SelectMany(row => columns.Select(column => column[row])).ToList();
            var labels = Enumerable.Range(0, Seeds)
                .SelectMany(row => Enumerable.Range(1, captions.Count).Select(c => (string?)(row == 0 ? $"#{c}" : null))).ToList();
            var list = string.Join("; ", captions.Texts.Select((t, i) => $"#{i + 1} \"{t}\""));
            var options = new ImageGridOptions
            {
                CellSize = CellSize,
                FontScale = 1,
                Title = $"{prefix}: one column per caption, {Seeds} sample{(Seeds == 1 ? "" : "s")} each (seed {seed}). {list}",
            };
            var path = Path.Combine(directory, $"{prefix}-validation.png");
            using var grid = ImageGrid.Render(images, captions.Count, labels, options);
            grid.SaveAsPngAtomic(path);
            return path;
        }
        finally
        {
            foreach (var column in columns)
                foreach (var image in column) image.Dispose();
        }
    }

    // "012.Red_Blue_Winged_Green_Headed" → "Red Blue Winged Green Headed": the number only takes room in a label.
    private static string ShortName(string className)
    {
        int dot = className.IndexOf('.');
        return (dot >= 0 ? className[(dot + 1)..] : className).Replace('_', ' ');
    }
}
