using System.Text.Json;
using ZslAttnGan.Data.Imaging;
using ZslAttnGan.Tests.Parity;

namespace ZslAttnGan.Tests.Data;

/// <summary>Parity runner for <c>bbox.json</c>: integer box, derived centre and radius, crop box and crop size, exactly.
/// The raw values also go through a CUB <c>bounding_boxes.txt</c> and the CUB parser.</summary>
public static class BboxCropParity
{
    [ParityRunner("bbox_crop")]
    public static void Run(ParityCase c)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(c.File));
        var cases = doc.RootElement.GetProperty("cases");
        int n = 0;
        foreach (var k in cases.EnumerateArray())
        {
            n++;
            var raw = k.GetProperty("bbox_raw").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var expectedInt = k.GetProperty("bbox_int").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var box = BoundingBox.FromFloats(raw[0], raw[1], raw[2], raw[3]);
            Assert.Equal(expectedInt, new[] { box.X, box.Y, box.Width, box.Height });

            // The same value written as CUB text and parsed by the loader's line parser.
            var line = "1 " + string.Join(' ', raw.Select(v => v.ToString("0.0###", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(box, ZslAttnGan.Data.Cub.CubFiles.ParseBoundingBox(line, "bounding_boxes.txt", 1).Box);

            int w = k.GetProperty("image_width").GetInt32(), h = k.GetProperty("image_height").GetInt32();
            var crop = CropBox.ForBird(box, w, h);
            var expectedCrop = k.GetProperty("crop_box_x1_y1_x2_y2").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            Assert.Equal(expectedCrop, new[] { crop.X1, crop.Y1, crop.X2, crop.Y2 });
            var size = k.GetProperty("crop_size_w_h").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            Assert.Equal(size, new[] { crop.Width, crop.Height });

            var d = k.GetProperty("derived");
            int r = d.GetProperty("r").GetInt32();
            int cx = d.GetProperty("center_x").GetInt32(), cy = d.GetProperty("center_y").GetInt32();
            Assert.Equal(r, (int)(Math.Max(box.Width, box.Height) * 0.75));
            Assert.Equal(Math.Max(0, cx - r), crop.X1);
            Assert.Equal(Math.Max(0, cy - r), crop.Y1);
            Assert.Equal(Math.Min(w, cx + r), crop.X2);
            Assert.Equal(Math.Min(h, cy + r), crop.Y2);
        }
        // Counted from the fixture itself (other fixture sets have other cases): at least one, and every listed case ran.
        Assert.True(n > 0, $"{c.File} lists no case.");
        Assert.Equal(cases.GetArrayLength(), n);
    }
}
