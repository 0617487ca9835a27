using System.Diagnostics;
using Xunit.Abstractions;
using ZslAttnGan.Evaluation;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Tests.Data;

namespace ZslAttnGan.Tests.Evaluation;

public class ResNet18FeatureExtractorTests(ResNet18Fixture fixture, ITestOutputHelper output) : IClassFixture<ResNet18Fixture>
{
    private Tensor RealImages(int count, int size = 64)
    {
        var data = EvaluationData.Load(fixture.Dataset, fixture.Vocabulary);
        return EvaluationData.LoadImages(data.Unseen!.Items.Take(count).ToList(), size);
    }

    [Fact]
    public void FeaturesAre512FiniteNonNegativeAndDeterministic()
    {
        using var images = RealImages(6);
        var clock = Stopwatch.StartNew();
        using var features = fixture.Extractor.Extract(images);
        output.WriteLine($"{images.shape[0]} images ({images.shape[2]} px → 224): {clock.Elapsed.TotalMilliseconds / images.shape[0]:F1} ms per image");
        Assert.Equal(new long[] { 6, ResNet18FeatureExtractor.Dimension }, features.shape);
        Assert.Equal(ScalarType.Float32, features.dtype);
        Assert.True(features.isfinite().all().item<bool>());
        // After a ReLU and an average pool: non-negative, and not all zero for real photographs of birds.
        Assert.True(features.min().item<float>() >= 0);
        Assert.True(features.sum(1).min().item<float>() > 0);
        // Different images, different features.
        Assert.True((features[0] - features[1]).abs().max().item<float>() > 1e-3);

        using var again = fixture.Extractor.Extract(images);
        Assert.True(features.eq(again).all().item<bool>());
        // A row's features do not depend on the other rows of the call.
        using var alone = fixture.Extractor.Extract(images.narrow(0, 3, 1));
        Assert.True(features.narrow(0, 3, 1).eq(alone).all().item<bool>());
    }

    [Fact]
    public void AnImageIsCloserToAShiftedCopyThanToADifferentImage()
    {
        using var images = RealImages(4);
        using var scope = NewDisposeScope();
        // Shifted by 2 of 64 pixels (7 of 224 after resizing), the gap filled by replicating the border column.
        var shifted = cat(new[] { images.narrow(3, 0, 1).expand(-1, -1, -1, 2), images.narrow(3, 0, 62) }, 3);
        using var g = new torch.Generator(5);
        var noise = rand(new long[] { 4, 3, 64, 64 }, generator: g).mul(Scalars.S(2)).Plus(Scalars.S(-1));
        var f = fixture.Extractor.Extract(images);
        var fs = fixture.Extractor.Extract(shifted);
        var fn = fixture.Extractor.Extract(noise);
        for (int i = 0; i < 4; i++)
        {
            double toShifted = (f[i] - fs[i]).norm().item<float>();
            double toNoise = (f[i] - fn[i]).norm().item<float>();
            double toOther = (f[i] - f[(i + 2) % 4]).norm().item<float>();
            output.WriteLine($"image {i}: shifted copy {toShifted:F2}, another bird {toOther:F2}, noise {toNoise:F2}");
            Assert.True(toShifted < toNoise, $"image {i}: shifted {toShifted} vs noise {toNoise}");
            Assert.True(toShifted < toOther, $"image {i}: shifted {toShifted} vs another bird {toOther}");
        }
    }

    [Fact]
    public void NetworkInputIsRgbPixelValuesAt224()
    {
        // −1 → 0, 0 → 127.5, 1 → 255, per channel, whatever the input size (a constant image stays constant when resized).
        using var image = stack(new[] { full(8, 8, Scalars.S(-1), dtype: ScalarType.Float32), full(8, 8, Scalars.S(0), dtype: ScalarType.Float32), full(8, 8, Scalars.S(1), dtype: ScalarType.Float32) }).unsqueeze(0);
        using var input = ResNet18FeatureExtractor.ToNetworkInput(image);
        Assert.Equal(new long[] { 1, 3, 224, 224 }, input.shape);
        Assert.Equal(new[] { 0f, 127.5f, 255f }, new[] { 0, 1, 2 }.Select(c => input[0, c].mean().item<float>()));
        Assert.Equal(new[] { 0f, 127.5f, 255f }, new[] { 0, 1, 2 }.Select(c => input[0, c].max().item<float>()));
        // A 224-px image is not resampled.
        using var g = new torch.Generator(3);
        using var exact = rand(new long[] { 1, 3, 224, 224 }, generator: g);
        using var converted = ResNet18FeatureExtractor.ToNetworkInput(exact);
        Assert.True(converted.allclose(exact.mul(Scalars.S(127.5)).Plus(Scalars.S(127.5)), rtol: 0, atol: 1e-4));
    }

    [Fact]
    public void BadImagesAreRejectedWithTheReason()
    {
        using var bytes = full(new long[] { 1, 3, 16, 16 }, Scalars.S(200), dtype: ScalarType.Float32);
        Assert.Contains("[−1, 1]", Assert.Throws<ArgumentException>(() => fixture.Extractor.Extract(bytes)).Message);
        using var nan = zeros(2, 3, 16, 16);
        nan[1, 2, 3, 4] = tensor(float.NaN);
        Assert.Contains("images[1]", Assert.Throws<ArgumentException>(() => fixture.Extractor.Extract(nan)).Message);
        using var gray = zeros(1, 1, 16, 16);
        Assert.Equal("images", Assert.Throws<ArgumentException>(() => fixture.Extractor.Extract(gray)).ParamName);
        using var ints = zeros(new long[] { 1, 3, 16, 16 }, ScalarType.Int64);
        Assert.Equal("images", Assert.Throws<ArgumentException>(() => fixture.Extractor.Extract(ints)).ParamName);
    }

    [Fact]
    public void MissingOrWrongFilesSayWhichAndHowToGetThem()
    {
        using var folder = new TempFolder();
        var files = ResNet18ModelFiles.In(folder.Path);
        var missing = Assert.Throws<FileNotFoundException>(() => ResNet18FeatureExtractor.Load(files));
        Assert.Equal(files.NetworkPath, missing.FileName);
        Assert.Contains(ResNet18ModelFiles.PackageId, missing.Message);
        Assert.Contains(files.NetworkPath, files.WhyMissing());
        Assert.Contains(files.PreprocessPath, files.WhyMissing());

        // Both files directly in one folder are found; a file that is not an ONNX model is an InvalidDataException naming it.
        File.WriteAllText(folder.Combine(ResNet18ModelFiles.NetworkFileName), "not a model");
        File.Copy(fixture.Extractor.Files.PreprocessPath, folder.Combine(ResNet18ModelFiles.PreprocessFileName));
        var flat = ResNet18ModelFiles.In(folder.Path);
        Assert.Null(flat.WhyMissing());
        Assert.Contains(flat.NetworkPath, Assert.Throws<InvalidDataException>(() => ResNet18FeatureExtractor.Load(flat)).Message);

        // The preprocessing graph in place of the network: loads, but has the wrong output shape.
        File.Copy(fixture.Extractor.Files.PreprocessPath, flat.NetworkPath, overwrite: true);
        Assert.Contains("expected", Assert.Throws<InvalidDataException>(() => ResNet18FeatureExtractor.Load(flat)).Message);
    }
}
