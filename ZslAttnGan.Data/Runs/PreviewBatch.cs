using ZslAttnGan.Data;
using ZslAttnGan.Data.Batching;
using ZslAttnGan.Data.Imaging;
using ZslAttnGan.Training;

namespace ZslAttnGan.Runs;

/// <summary>
/// A fixed batch of real images for previews: one image from each of up to <c>count</c> species spread over the
/// dataset, centre-cropped and not flipped, with one of its captions. Generated images are drawn from exactly these
/// captions, so a preview can put each real image beside what the model makes of its description.
/// </summary>
public static class PreviewBatch
{
    /// <summary>Loads the batch (rows sorted by caption length, as every batch). The caller disposes it.</summary>
    /// <param name="dataset">Where the images come from.</param>
    /// <param name="preset">Image sizes and words per caption.</param>
    /// <param name="count">Rows wanted; fewer when the dataset has fewer species.</param>
    /// <param name="seed">Chooses the captions.</param>
    public static Batch Load(ImageCaptionDataset dataset, TrainingPreset preset, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var firstOfClass = dataset.Items.Select((item, index) => (item.ClassIndex, index))
            .GroupBy(p => p.ClassIndex).OrderBy(g => g.Key).Select(g => g.First().index).ToList();
        int n = Math.Min(count, firstOfClass.Count);
        // Evenly spaced species rather than the first few, so the preview spans the colour combinations.
        var indices = Enumerable.Range(0, n).Select(i => firstOfClass[(int)((long)i * firstOfClass.Count / n)]).ToList();
        var loader = new DataLoader(dataset, new DataLoaderOptions
        {
            BatchSize = n,
            WordsNum = preset.WordsPerCaption,
            Seed = seed,
            Shuffle = false,
            Workers = 1,
            Transform = new ImageTransformOptions { Sizes = preset.Model.ImageSizes, RandomCrop = false, RandomFlip = false },
        });
        return loader.LoadBatch(indices, epoch: 0);
    }
}
