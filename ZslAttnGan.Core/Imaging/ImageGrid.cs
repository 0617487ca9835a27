using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using static TorchSharp.torch;

namespace ZslAttnGan.Imaging;

/// <summary>
/// A plain grid of images, filled row by row, with an optional label above each cell and an optional title — for
/// example several samples generated from one caption, or a batch of real images.
/// </summary>
public static class ImageGrid
{
    /// <summary>Renders images [N, 3, H, W] in [-1, 1] (any device, any floating dtype) as a grid.</summary>
    /// <inheritdoc cref="Render(IReadOnlyList{Image{Rgb24}}, int, IReadOnlyList{string}?, ImageGridOptions?)"/>
    public static Image<Rgb24> Render(Tensor images, int columns, IReadOnlyList<string?>? labels = null, ImageGridOptions? options = null)
    {
        var converted = ImageTensors.ToImages(images);
        try
        {
            return Render(converted, columns, labels, options);
        }
        finally
        {
            foreach (var image in converted) image.Dispose();
        }
    }

    /// <summary>Renders <paramref name="images"/> in rows of <paramref name="columns"/>. Images whose size differs
    /// from the cell are resized (aspect ratio is not kept). The caller owns (and disposes) the returned image.</summary>
    /// <param name="images">At least one image.</param>
    /// <param name="columns">Cells per row (the last row may be shorter).</param>
    /// <param name="labels">Null, or one label per image (null or empty for none), drawn above its cell and shortened
    /// to the cell width.</param>
    /// <param name="options">Layout; defaults to <see cref="ImageGridOptions"/>' defaults.</param>
    /// <exception cref="ArgumentException">No images, or label count differs from image count.</exception>
    public static Image<Rgb24> Render(IReadOnlyList<Image<Rgb24>> images, int columns, IReadOnlyList<string?>? labels = null, ImageGridOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        options ??= new ImageGridOptions();
        options.Validate();
        if (images.Count == 0) throw new ArgumentException($"{nameof(images)} must hold at least one image.", nameof(images));
        if (images.Any(i => i is null)) throw new ArgumentException($"{nameof(images)} must not contain null.", nameof(images));
        if (columns <= 0) throw new ArgumentOutOfRangeException(nameof(columns), columns, "columns must be positive.");
        if (labels is not null && labels.Count != images.Count)
            throw new ArgumentException($"{nameof(labels)} has {labels.Count} entries but there are {images.Count} images.", nameof(labels));

        int cellWidth = options.CellSize ?? images.Max(i => i.Width);
        int cellHeight = options.CellSize ?? images.Max(i => i.Height);
        int scale = options.FontScale, padding = scale;
        bool hasLabels = labels is not null && labels.Any(l => !string.IsNullOrEmpty(l));
        int labelHeight = hasLabels ? BitmapFont.GlyphHeight * scale + 2 * padding : 0;
        columns = Math.Min(columns, images.Count);
        int rows = (images.Count + columns - 1) / columns;

        int width = checked(2 * options.Margin + columns * cellWidth + (columns - 1) * options.Gap);
        var title = string.IsNullOrWhiteSpace(options.Title)
            ? Array.Empty<string>()
            : BitmapFont.Wrap(options.Title, width - 2 * options.Margin, scale);
        int titleHeight = title.Count == 0 ? 0 : title.Count * BitmapFont.LineHeight * scale + padding;
        int height = checked(2 * options.Margin + titleHeight + rows * (labelHeight + cellHeight) + (rows - 1) * options.Gap);

        var canvas = new Image<Rgb24>(width, height, options.Background);
        try
        {
            int y = options.Margin;
            foreach (var line in title)
            {
                BitmapFont.DrawText(canvas, line, options.Margin, y, options.TextColour, scale);
                y += BitmapFont.LineHeight * scale;
            }
            if (title.Count > 0) y += padding;

            var resampler = options.Upsampling == UpsampleMode.Bilinear ? KnownResamplers.Triangle : KnownResamplers.NearestNeighbor;
            for (int n = 0; n < images.Count; n++)
            {
                int x = options.Margin + (n % columns) * (cellWidth + options.Gap);
                int top = y + (n / columns) * (labelHeight + cellHeight + options.Gap);
                var label = labels?[n];
                if (!string.IsNullOrEmpty(label))
                    BitmapFont.DrawText(canvas, BitmapFont.Fit(label, cellWidth, scale), x, top + padding, options.TextColour, scale);

                var image = images[n];
                if (image.Width == cellWidth && image.Height == cellHeight)
                {
                    Canvas.Blit(canvas, image, x, top + labelHeight);
                }
                else
                {
                    using var resized = image.Clone(ctx => ctx.Resize(cellWidth, cellHeight, resampler));
                    Canvas.Blit(canvas, resized, x, top + labelHeight);
                }
            }
        }
        catch
        {
            canvas.Dispose();
            throw;
        }
        return canvas;
    }
}
