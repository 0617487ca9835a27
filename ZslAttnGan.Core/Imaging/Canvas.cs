using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ZslAttnGan.Imaging;

/// <summary>
/// The few raster operations the grids need — copy an image in, fill a rectangle — written on row spans because
/// SixLabors.ImageSharp.Drawing is deliberately not a dependency and the core <c>DrawImage</c> blends (slower and
/// not needed for opaque cells).
/// </summary>
internal static class Canvas
{
    /// <summary>Copies <paramref name="source"/> into <paramref name="target"/> with its top-left corner at
    /// (<paramref name="x"/>, <paramref name="y"/>), clipped to the target.</summary>
    public static void Blit(Image<Rgb24> target, Image<Rgb24> source, int x, int y)
    {
        target.ProcessPixelRows(source, (dst, src) =>
        {
            int srcLeft = Math.Max(0, -x), dstLeft = Math.Max(0, x);
            int width = Math.Min(src.Width - srcLeft, dst.Width - dstLeft);
            if (width <= 0) return;
            for (int row = Math.Max(0, -y); row < src.Height; row++)
            {
                int dstRow = y + row;
                if (dstRow >= dst.Height) break;
                src.GetRowSpan(row).Slice(srcLeft, width).CopyTo(dst.GetRowSpan(dstRow).Slice(dstLeft, width));
            }
        });
    }

    /// <summary>Fills the rectangle (<paramref name="x"/>, <paramref name="y"/>, <paramref name="width"/>,
    /// <paramref name="height"/>) with <paramref name="colour"/>, clipped to the image.</summary>
    public static void Fill(Image<Rgb24> target, int x, int y, int width, int height, Rgb24 colour)
    {
        int left = Math.Max(0, x), right = Math.Min(target.Width, x + width);
        int top = Math.Max(0, y), bottom = Math.Min(target.Height, y + height);
        if (left >= right || top >= bottom) return;
        target.ProcessPixelRows(accessor =>
        {
            for (int row = top; row < bottom; row++)
                accessor.GetRowSpan(row)[left..right].Fill(colour);
        });
    }
}
