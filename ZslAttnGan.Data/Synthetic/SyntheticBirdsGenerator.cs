using System.Globalization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using ZslAttnGan.Data.Imaging;

namespace ZslAttnGan.Data.Synthetic;

/// <summary>
/// Writes the synthetic bird set as a CUB-200-2011 folder (images.txt, classes.txt, image_class_labels.txt,
/// bounding_boxes.txt, train_test_split.txt, images/, text/), plus seen_classes.txt / unseen_classes.txt for the
/// zero-shot split and attributes.json with the ground truth. Read it back with <c>CubDataset</c>.
/// </summary>
public static class SyntheticBirdsGenerator
{
    /// <summary>Generates the set into <paramref name="root"/> (created if needed; existing files are overwritten).</summary>
    public static SyntheticBirdsResult Generate(string root, SyntheticBirdsOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        options ??= new SyntheticBirdsOptions();
        options.Validate();
        root = Path.GetFullPath(root);
        Directory.CreateDirectory(root);

        var species = SpeciesPlanner.Plan(options.Species, options.UnseenSpecies, new Random(options.Seed));
        var classNames = species.Select((s, i) => ClassName(i, s.Values)).ToList();
        int n = species.Count * options.ImagesPerSpecies;
        var ext = options.Png ? ".png" : ".jpg";
        var keys = new string[n];
        var boxes = new BoundingBox[n];
        var trainFlags = new bool[n];
        int trainPerSpecies = (int)Math.Round(options.ImagesPerSpecies * options.TrainFraction);

        foreach (var name in classNames)
        {
            Directory.CreateDirectory(Path.Combine(root, "images", name));
            Directory.CreateDirectory(Path.Combine(root, "text", name));
        }

        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = options.Workers, CancellationToken = cancellationToken }, i =>
        {
            int s = i / options.ImagesPerSpecies, k = i % options.ImagesPerSpecies;
            // One stream per image: the output does not depend on the number of workers.
            var rng = Batching.DeterministicRandom.For(options.Seed, 0x5EED, i);
            var values = species[s].Values;
            var habitat = Habitat.All[rng.Next(Habitat.All.Count)];
            var key = $"{classNames[s]}/{classNames[s][4..]}_{k + 1:0000}";
            using var image = new Image<Rgb24>(options.ImageSize, options.ImageSize);
            boxes[i] = BirdPainter.Draw(image, values, habitat, rng, options);
            var path = Path.Combine(root, "images", key + ext);
            if (options.Png) image.SaveAsPng(path, new PngEncoder());
            else image.SaveAsJpeg(path, new JpegEncoder { Quality = options.JpegQuality });
            File.WriteAllLines(Path.Combine(root, "text", key + ".txt"), BirdCaptioner.Write(values, habitat, rng, options.CaptionsPerImage));
            keys[i] = key;
            trainFlags[i] = k < trainPerSpecies;
        });

        var inv = CultureInfo.InvariantCulture;
        File.WriteAllLines(Path.Combine(root, "classes.txt"), classNames.Select((c, i) => $"{i + 1} {c}"));
        File.WriteAllLines(Path.Combine(root, "images.txt"), keys.Select((k, i) => $"{i + 1} {k}{ext}"));
        File.WriteAllLines(Path.Combine(root, "image_class_labels.txt"), keys.Select((_, i) => $"{i + 1} {i / options.ImagesPerSpecies + 1}"));
        File.WriteAllLines(Path.Combine(root, "bounding_boxes.txt"),
            boxes.Select((b, i) => string.Create(inv, $"{i + 1} {b.X:0.0} {b.Y:0.0} {b.Width:0.0} {b.Height:0.0}")));
        File.WriteAllLines(Path.Combine(root, "train_test_split.txt"), trainFlags.Select((t, i) => $"{i + 1} {(t ? 1 : 0)}"));
        var seenFile = Path.Combine(root, "seen_classes.txt");
        var unseenFile = Path.Combine(root, "unseen_classes.txt");
        File.WriteAllLines(seenFile, classNames.Where((_, i) => !species[i].Unseen));
        File.WriteAllLines(unseenFile, classNames.Where((_, i) => species[i].Unseen));

        var classes = species.Select((s, i) => new ClassAttributes(classNames[i], s.Values, s.Unseen)).ToList();
        var annotations = new AttributeAnnotations
        {
            Attributes = BirdAttributes.Names.Select((a, i) => new AttributeDefinition(a, BirdAttributes.Values[i])).ToList(),
            Classes = classes,
            Images = keys.Select((k, i) => new ImageAttributes(k, species[i / options.ImagesPerSpecies].Values)).ToList(),
        };
        var attributesFile = Path.Combine(root, "attributes.json");
        annotations.Save(attributesFile);
        return new SyntheticBirdsResult(root, seenFile, unseenFile, attributesFile, classes, n);
    }

    private static string ClassName(int index, int[] v) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{index + 1:000}.{Title(BirdAttributes.PlumageColours[v[0]])}_{Title(BirdAttributes.PlumageColours[v[1]])}_Winged_{Title(BirdAttributes.HeadColours[v[2]])}_Headed");

    private static string Title(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}
