using System.Globalization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ZslAttnGan.Imaging;

/// <summary>One named series of (step, value) points.</summary>
/// <param name="Name">Shown as the panel's title.</param>
/// <param name="Points">Points in step order; non-finite values are left out.</param>
public sealed record ScalarSeries(string Name, IReadOnlyList<(long Step, double Value)> Points);

/// <summary>
/// Small line charts of training curves, one panel per series as TensorBoard's scalar cards: the raw values in a light
/// colour, an exponential moving average over them in a strong one, the y range (robust to single spikes: the 1st to
/// 99th percentile, widened to include the smoothed line) and the step range written on the axes. Drawn with ImageSharp
/// pixels and the built-in bitmap font, so no plotting library, no fonts and no native drawing library (SkiaSharp)
/// are needed.
/// </summary>
public static class ScalarPlots
{
    private const int PanelWidth = 260, PanelHeight = 150, Margin = 6, Left = 44, Top = 14, Bottom = 14;
    private static readonly Rgb24 Background = new(255, 255, 255), Axis = new(150, 150, 150), Text = new(40, 40, 40),
        Raw = new(170, 200, 235), Smoothed = new(20, 90, 180);

    /// <summary>Draws every series in its own panel, <paramref name="columns"/> panels per row.</summary>
    /// <param name="series">The series; those without finite points are drawn as empty panels with their title.</param>
    /// <param name="columns">Panels per row.</param>
    /// <param name="smoothing">EMA weight of the previous smoothed value, in [0, 1) (0 = no smoothing line); series of
    /// few points get a lighter weight (at most 1 − 3/points) so the line does not lag behind them.</param>
    /// <exception cref="ArgumentException">No series, a bad column count or smoothing.</exception>
    public static Image<Rgb24> Draw(IReadOnlyList<ScalarSeries> series, int columns = 3, double smoothing = 0.8)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0) throw new ArgumentException("Nothing to plot.", nameof(series));
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (!(smoothing >= 0 && smoothing < 1)) throw new ArgumentOutOfRangeException(nameof(smoothing), smoothing, "Smoothing must be in [0, 1).");
        columns = Math.Min(columns, series.Count);
        int rows = (series.Count + columns - 1) / columns;
        var image = new Image<Rgb24>(columns * (PanelWidth + Margin) + Margin, rows * (PanelHeight + Margin) + Margin, Background);
        for (int i = 0; i < series.Count; i++)
            DrawPanel(image, series[i], Margin + i % columns * (PanelWidth + Margin), Margin + i / columns * (PanelHeight + Margin), smoothing);
        return image;
    }

    /// <summary>The exponential moving average used for the strong line: s₀ = v₀, sₖ = w·sₖ₋₁ + (1 − w)·vₖ.</summary>
    public static double[] Smooth(IReadOnlyList<double> values, double weight)
    {
        var result = new double[values.Count];
        for (int i = 0; i < values.Count; i++) result[i] = i == 0 ? values[0] : weight * result[i - 1] + (1 - weight) * values[i];
        return result;
    }

    private static void DrawPanel(Image<Rgb24> image, ScalarSeries s, int x0, int y0, double smoothing)
    {
        BitmapFont.DrawText(image, BitmapFont.Fit(s.Name, PanelWidth), x0, y0, Text);
        int px = x0 + Left, py = y0 + Top, pw = PanelWidth - Left - 4, ph = PanelHeight - Top - Bottom;
        Canvas.Fill(image, px, py + ph, pw, 1, Axis);
        Canvas.Fill(image, px, py, 1, ph, Axis);
        var points = s.Points.Where(p => double.IsFinite(p.Value)).ToList();
        if (points.Count == 0) return;
        var values = points.Select(p => p.Value).ToList();
        // Few points: a heavy average would lag far behind them, so the weight leaves at least ~3 points of memory.
        double weight = Math.Min(smoothing, 1 - 3.0 / Math.Max(3, values.Count));
        var smooth = weight > 0 ? Smooth(values, weight) : null;
        var sorted = values.Order().ToList();
        double lo = sorted[(int)Math.Floor(0.01 * (sorted.Count - 1))], hi = sorted[(int)Math.Ceiling(0.99 * (sorted.Count - 1))];
        if (smooth is not null) { lo = Math.Min(lo, smooth.Min()); hi = Math.Max(hi, smooth.Max()); }
        if (hi - lo <= 1e-9 * Math.Abs(hi))
        {
            // A flat series (a constant learning rate): a band around its value, on its own scale.
            double half = hi == 0 ? 0.5 : Math.Abs(hi) * 0.5;
            lo -= half;
            hi += half;
        }
        long first = points[0].Step, last = points[^1].Step;
        int X(long step) => px + 1 + (last == first ? pw / 2 : (int)Math.Round((double)(step - first) / (last - first) * (pw - 2)));
        int Y(double v) => py + ph - 1 - (int)Math.Round((Math.Clamp(v, lo, hi) - lo) / (hi - lo) * (ph - 2));
        Polyline(image, points.Select(p => (X(p.Step), Y(p.Value))).ToList(), Raw);
        if (smooth is not null) Polyline(image, points.Select((p, i) => (X(p.Step), Y(smooth[i]))).ToList(), Smoothed);
        BitmapFont.DrawText(image, Format(hi), x0, py, Text);
        BitmapFont.DrawText(image, Format(lo), x0, py + ph - BitmapFont.GlyphHeight, Text);
        BitmapFont.DrawText(image, first.ToString(CultureInfo.InvariantCulture), px, py + ph + 3, Text);
        var lastText = last.ToString(CultureInfo.InvariantCulture);
        BitmapFont.DrawText(image, lastText, px + pw - BitmapFont.MeasureWidth(lastText), py + ph + 3, Text);
        var latest = "last " + Format(values[^1]);
        BitmapFont.DrawText(image, latest, px + pw - BitmapFont.MeasureWidth(latest), y0, Smoothed);
    }

    // Four significant digits: a slowly decaying learning rate still reads as two different bounds.
    private static string Format(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    // Bresenham lines between consecutive points.
    private static void Polyline(Image<Rgb24> image, IReadOnlyList<(int X, int Y)> points, Rgb24 colour)
    {
        if (points.Count == 1) { Plot(image, points[0].X, points[0].Y, colour); return; }
        for (int i = 1; i < points.Count; i++)
        {
            var (x0, y0) = points[i - 1];
            var (x1, y1) = points[i];
            int dx = Math.Abs(x1 - x0), dy = -Math.Abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, err = dx + dy;
            while (true)
            {
                Plot(image, x0, y0, colour);
                if (x0 == x1 && y0 == y1) break;
                int e2 = 2 * err;
                if (e2 >= dy) { err += dy; x0 += sx; }
                if (e2 <= dx) { err += dx; y0 += sy; }
            }
        }
    }

    private static void Plot(Image<Rgb24> image, int x, int y, Rgb24 colour)
    {
        if (x >= 0 && y >= 0 && x < image.Width && y < image.Height) image[x, y] = colour;
    }
}
