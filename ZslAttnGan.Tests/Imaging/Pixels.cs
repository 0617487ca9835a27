using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ZslAttnGan.Tests.Imaging;

/// <summary>Pixel counting helpers for the imaging tests.</summary>
internal static class Pixels
{
    public static int Count(Image<Rgb24> image, Func<Rgb24, bool> predicate, int x = 0, int y = 0, int width = int.MaxValue, int height = int.MaxValue)
    {
        int count = 0;
        int right = (int)Math.Min((long)x + width, image.Width), bottom = (int)Math.Min((long)y + height, image.Height);
        image.ProcessPixelRows(accessor =>
        {
            for (int row = Math.Max(0, y); row < bottom; row++)
            {
                var span = accessor.GetRowSpan(row);
                for (int col = Math.Max(0, x); col < right; col++)
                    if (predicate(span[col])) count++;
            }
        });
        return count;
    }

    public static int CountColour(Image<Rgb24> image, Rgb24 colour, int x = 0, int y = 0, int width = int.MaxValue, int height = int.MaxValue) =>
        Count(image, p => p.Equals(colour), x, y, width, height);

    public static HashSet<Rgb24> Distinct(Image<Rgb24> image)
    {
        var set = new HashSet<Rgb24>();
        image.ProcessPixelRows(accessor =>
        {
            for (int row = 0; row < accessor.Height; row++)
                foreach (var p in accessor.GetRowSpan(row)) set.Add(p);
        });
        return set;
    }

    /// <summary>Whether the region of <paramref name="a"/> at (ax, ay) equals <paramref name="b"/> entirely.</summary>
    public static bool RegionEquals(Image<Rgb24> a, int ax, int ay, Image<Rgb24> b)
    {
        for (int y = 0; y < b.Height; y++)
            for (int x = 0; x < b.Width; x++)
                if (!a[ax + x, ay + y].Equals(b[x, y])) return false;
        return true;
    }
}
