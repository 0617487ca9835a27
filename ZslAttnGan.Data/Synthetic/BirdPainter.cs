using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using ZslAttnGan.Data.Imaging;

namespace ZslAttnGan.Data.Synthetic;

/// <summary>
/// Draws one bird on a textured background by evaluating simple shapes per pixel (ImageSharp.Drawing is not a
/// dependency): tail, legs, body, wing, head, beak and eye in a bird-local frame that is scaled, tilted, placed and
/// mirrored at random. 2×2 supersampling smooths the edges; the bounding box is the exact extent of the bird's pixels.
/// </summary>
internal static class BirdPainter
{
    private const int Tail = 1, Body = 2, Wing = 3, Head = 4, Beak = 5, Eye = 6, Legs = 7;
    private static readonly (byte, byte, byte) BeakColour = (235, 140, 30), LegColour = (70, 60, 55);

    public static BoundingBox Draw(Image<Rgb24> image, IReadOnlyList<int> values, Habitat habitat, Random rng, SyntheticBirdsOptions options)
    {
        int size = image.Width;
        var body = BirdAttributes.Rgb(BirdAttributes.PlumageColours[values[0]]);
        var wing = BirdAttributes.Rgb(BirdAttributes.PlumageColours[values[1]]);
        var head = BirdAttributes.Rgb(BirdAttributes.HeadColours[values[2]]);
        var eye = BirdAttributes.HeadColours[values[2]] == "black" ? ((byte)240, (byte)240, (byte)240) : ((byte)15, (byte)15, (byte)15);

        DrawBackground(image, habitat, rng, options.BackgroundClutter);

        double length = size * (0.30 + 0.22 * rng.NextDouble());
        double cx = length * 0.85 + rng.NextDouble() * Math.Max(0, size - 1.7 * length);
        double cy = length * 0.5 + rng.NextDouble() * Math.Max(0, size - 1.05 * length);
        // Both draws happen whatever the options, so that turning one variation off leaves the others' values unchanged.
        double tilt = (rng.NextDouble() - 0.5) * 2 * options.MaxTilt;
        bool mirror = rng.Next(2) == 1 && options.MirroredBirds;
        double cos = Math.Cos(tilt), sin = Math.Sin(tilt);

        int Shape(double px, double py)
        {
            double dx = (px - cx) / length, dy = (py - cy) / length;
            if (mirror) dx = -dx;
            double u = dx * cos + dy * sin, v = -dx * sin + dy * cos;
            if (Sq(u - 0.5) + Sq(v + 0.28) <= Sq(0.035)) return Eye;
            if (InTriangle(u, v, 0.58, -0.30, 0.58, -0.19, 0.76, -0.245)) return Beak;
            if (Sq(u - 0.42) + Sq(v + 0.24) <= Sq(0.2)) return Head;
            if (Sq((u + 0.05) / 0.34) + Sq((v + 0.02) / 0.16) <= 1) return Wing;
            if (Sq(u / 0.5) + Sq(v / 0.3) <= 1) return Body;
            if (InTriangle(u, v, -0.40, -0.03, -0.84, -0.17, -0.82, 0.11)) return Tail;
            if (v >= 0.2 && v <= 0.46 && (Math.Abs(u + 0.08) < 0.018 || Math.Abs(u - 0.1) < 0.018)) return Legs;
            return 0;
        }

        int x0 = size, y0 = size, x1 = -1, y1 = -1;
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < size; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < size; x++)
                {
                    double r = 0, g = 0, b = 0;
                    int covered = 0;
                    for (int s = 0; s < 4; s++)
                    {
                        int shape = Shape(x + 0.25 + 0.5 * (s & 1), y + 0.25 + 0.5 * (s >> 1));
                        var c = shape switch
                        {
                            Body => body, Wing or Tail => wing, Head => head, Beak => BeakColour, Eye => eye, Legs => LegColour,
                            _ => (row[x].R, row[x].G, row[x].B),
                        };
                        if (shape != 0) covered++;
                        r += c.Item1; g += c.Item2; b += c.Item3;
                    }
                    if (covered == 0) continue;
                    row[x] = new Rgb24((byte)(r / 4 + 0.5), (byte)(g / 4 + 0.5), (byte)(b / 4 + 0.5));
                    x0 = Math.Min(x0, x); y0 = Math.Min(y0, y); x1 = Math.Max(x1, x); y1 = Math.Max(y1, y);
                }
            }
        });
        return x1 < 0 ? new BoundingBox(0, 0, size, size) : new BoundingBox(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }

    private static void DrawBackground(Image<Rgb24> image, Habitat habitat, Random rng, bool clutter)
    {
        int size = image.Width;
        int horizon = (int)(size * (0.55 + 0.35 * rng.NextDouble()));
        bool ground = rng.Next(3) > 0 && clutter;
        var blobs = Enumerable.Range(0, rng.Next(1, 5)).Select(_ => (
            X: rng.NextDouble() * size, Y: rng.NextDouble() * size, R: size * (0.06 + 0.12 * rng.NextDouble()),
            Shade: (rng.NextDouble() - 0.5) * 50)).Where(_ => clutter).ToArray();
        var noise = new Random(rng.Next());
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < size; y++)
            {
                var row = rows.GetRowSpan(y);
                double t = (double)y / (size - 1);
                for (int x = 0; x < size; x++)
                {
                    var c = ground && y >= horizon ? habitat.Ground : Lerp(habitat.Top, habitat.Bottom, t);
                    double shade = noise.Next(-7, 8);
                    foreach (var blob in blobs)
                        if (Sq(x - blob.X) + Sq(y - blob.Y) <= Sq(blob.R)) shade += blob.Shade;
                    row[x] = new Rgb24(Clamp(c.R + shade), Clamp(c.G + shade), Clamp(c.B + shade));
                }
            }
        });
    }

    private static (byte R, byte G, byte B) Lerp((byte R, byte G, byte B) a, (byte R, byte G, byte B) b, double t) =>
        ((byte)(a.R + (b.R - a.R) * t), (byte)(a.G + (b.G - a.G) * t), (byte)(a.B + (b.B - a.B) * t));

    private static byte Clamp(double v) => (byte)Math.Clamp(Math.Round(v), 0, 255);

    private static double Sq(double v) => v * v;

    private static bool InTriangle(double px, double py, double ax, double ay, double bx, double by, double cx, double cy)
    {
        double d1 = (px - bx) * (ay - by) - (ax - bx) * (py - by);
        double d2 = (px - cx) * (by - cy) - (bx - cx) * (py - cy);
        double d3 = (px - ax) * (cy - ay) - (cx - ax) * (py - ay);
        bool neg = d1 < 0 || d2 < 0 || d3 < 0, pos = d1 > 0 || d2 > 0 || d3 > 0;
        return !(neg && pos);
    }
}
