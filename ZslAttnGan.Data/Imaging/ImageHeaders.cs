using SixLabors.ImageSharp;

namespace ZslAttnGan.Data.Imaging;

/// <summary>
/// Reads image sizes from file headers for <see cref="DatasetItem.Size"/> and derives <see cref="DatasetItem.Crop"/>,
/// at dataset load: ImageSharp's <c>Identify</c> reads the header only, so no pixel buffer is allocated. A file whose
/// header cannot be read is reported, not thrown: decoding (in the <see cref="Batching.DataLoader"/>) is where the bad
/// item policy applies.
/// </summary>
internal static class ImageHeaders
{
    private static readonly Configuration Single = CreateConfiguration();

    private static Configuration CreateConfiguration()
    {
        var c = Configuration.Default.Clone();
        c.MaxDegreeOfParallelism = 1;
        return c;
    }

    /// <summary>Adds <see cref="DatasetItem.Size"/> and <see cref="DatasetItem.Crop"/> to every item (headers read in
    /// parallel) and reports unreadable headers and empty crops.</summary>
    public static List<DatasetItem> AddSizesAndCrops(IReadOnlyList<DatasetItem> items, List<DataIssue> issues)
    {
        var sizes = new PixelSize?[items.Count];
        var errors = new string?[items.Count];
        Parallel.For(0, items.Count, i => sizes[i] = TryRead(items[i].ImagePath, out errors[i]));
        var result = new List<DatasetItem>(items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (sizes[i] is not { } size)
            {
                issues.Add(new DataIssue(DataIssueKind.UnreadableImage, item.ImagePath,
                    $"image header could not be read ({errors[i]}); size and crop unknown, decoding will fail or skip it", item.Key));
                result.Add(item);
                continue;
            }
            CropBox? crop = item.Box is { } box ? CropBox.ForBird(box, size.Width, size.Height) : null;
            if (crop is { } c && (c.Width <= 0 || c.Height <= 0))
                issues.Add(new DataIssue(DataIssueKind.EmptyCrop, item.ImagePath,
                    $"bounding box {item.Box} gives an empty crop {c} on the {size} image; decoding it will fail", item.Key));
            result.Add(item with { Size = size, Crop = crop });
        }
        return result;
    }

    /// <summary>The size in the file's header, or null with the reason.</summary>
    public static PixelSize? TryRead(string path, out string? error)
    {
        if (!File.Exists(path))
        {
            error = "the file does not exist";
            return null;
        }
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096);
            var info = Image.Identify(Single, stream);
            if (info is null)
            {
                error = "not a supported image format";
                return null;
            }
            if (info.Width <= 0 || info.Height <= 0)
            {
                error = $"invalid size {info.Width}x{info.Height}";
                return null;
            }
            error = null;
            return new PixelSize(info.Width, info.Height);
        }
        // Any failure of a header parser on a crafted file only means "size unknown" here; the decoder reports the
        // file properly when the image is used.
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error = e.Message;
            return null;
        }
    }
}
