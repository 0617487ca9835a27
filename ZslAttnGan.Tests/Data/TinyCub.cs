using System.Globalization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ZslAttnGan.Tests.Data;

/// <summary>Writes a tiny dataset in the official CUB-200-2011 layout with Reed captions. Image i is a solid colour
/// (R = 10·i + 5), so a batch row's pixels identify its image; caption j of image i is
/// "class{c} image{i} caption{j} …".</summary>
public static class TinyCub
{
    public const int Classes = 3, ImagesPerClass = 4;

    public static string ClassName(int c) => $"{c + 1:000}.Bird_{(char)('A' + c)}";

    public static string Key(int i) => $"{ClassName(i / ImagesPerClass)}/Bird_{i:0000}";

    public static byte Red(int i) => (byte)(10 * i + 5);

    /// <summary>Writes the dataset under <paramref name="root"/>/CUB_200_2011 and <paramref name="root"/>/text.</summary>
    public static string Write(string root, int width = 48, int height = 40, bool jpeg = false, int captionsPerImage = 10)
    {
        var cub = Path.Combine(root, "CUB_200_2011");
        Directory.CreateDirectory(cub);
        int n = Classes * ImagesPerClass;
        var inv = CultureInfo.InvariantCulture;
        File.WriteAllLines(Path.Combine(cub, "classes.txt"), Enumerable.Range(0, Classes).Select(c => $"{c + 1} {ClassName(c)}"));
        var ext = jpeg ? ".jpg" : ".png";
        File.WriteAllLines(Path.Combine(cub, "images.txt"), Enumerable.Range(0, n).Select(i => $"{i + 1} {Key(i)}{ext}"));
        File.WriteAllLines(Path.Combine(cub, "image_class_labels.txt"), Enumerable.Range(0, n).Select(i => $"{i + 1} {i / ImagesPerClass + 1}"));
        File.WriteAllLines(Path.Combine(cub, "bounding_boxes.txt"),
            Enumerable.Range(0, n).Select(i => string.Create(inv, $"{i + 1} {4.5} {3.0} {width - 10.2} {height - 8.0}")));
        File.WriteAllLines(Path.Combine(cub, "train_test_split.txt"), Enumerable.Range(0, n).Select(i => $"{i + 1} {(i % 2 == 0 ? 1 : 0)}"));
        for (int i = 0; i < n; i++)
        {
            var imgPath = Path.Combine(cub, "images", Key(i) + ext);
            Directory.CreateDirectory(Path.GetDirectoryName(imgPath)!);
            using (var img = new Image<Rgb24>(width, height, new Rgb24(Red(i), 100, 200)))
            {
                if (jpeg) img.SaveAsJpeg(imgPath); else img.SaveAsPng(imgPath);
            }
            var txt = Path.Combine(root, "text", Key(i) + ".txt");
            Directory.CreateDirectory(Path.GetDirectoryName(txt)!);
            File.WriteAllLines(txt, Enumerable.Range(0, captionsPerImage).Select(j => Caption(i, j)));
        }
        return root;
    }

    /// <summary>Caption j of image i; caption 0 is long (25 words) to exercise the WORDS_NUM subset.</summary>
    public static string Caption(int i, int j) => j == 0
        ? $"class{i / ImagesPerClass} image{i} caption{j} " + string.Join(' ', Enumerable.Range(0, 22).Select(k => $"w{k}"))
        : $"Class{i / ImagesPerClass} image{i} caption{j} a bird";
}
