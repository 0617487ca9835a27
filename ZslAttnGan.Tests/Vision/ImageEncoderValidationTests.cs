using ZslAttnGan.Vision;

namespace ZslAttnGan.Tests.Vision;

/// <summary>Bad input gives an <see cref="ArgumentException"/> naming the argument and the expected shape.</summary>
public class ImageEncoderValidationTests : IDisposable
{
    private readonly ImageEncoder _inception = ImageEncoder.InceptionV3();
    private readonly ImageEncoder _small = ImageEncoder.SmallCnn(64);

    public void Dispose()
    {
        _inception.Dispose();
        _small.Dispose();
    }

    private static void AssertRejected(Action act, string param, string messagePart)
    {
        var e = Assert.ThrowsAny<ArgumentException>(act);
        Assert.Equal(param, e.ParamName);
        Assert.Contains(messagePart, e.Message);
    }

    [Fact]
    public void RankThreeImageIsRejected()
    {
        using var image = zeros(3, 64, 64);
        AssertRejected(() => _inception.call(image), "image", "[B, 3, H, W]");
        AssertRejected(() => _small.call(image), "image", "[B, 3, 64, 64]");
    }

    [Fact]
    public void WrongChannelCountIsRejected()
    {
        using var image = zeros(2, 1, 64, 64);
        AssertRejected(() => _inception.call(image), "image", "[B, 3, H, W]");
        AssertRejected(() => _small.ForwardDetailed(image), "image", "[B, 3, 64, 64]");
    }

    [Fact]
    public void WrongSizeForTheSmallBackboneIsRejected()
    {
        using var image = zeros(2, 3, 32, 32);
        AssertRejected(() => _small.call(image), "image", "[B, 3, 64, 64]");
    }

    [Fact]
    public void IntegerImageIsRejected()
    {
        using var image = zeros(new long[] { 1, 3, 64, 64 }, ScalarType.Byte);
        AssertRejected(() => _inception.call(image), "image", "floating-point");
    }

    [Fact]
    public void ImageOfAnotherFloatTypeIsRejected()
    {
        using var image = zeros(new long[] { 1, 3, 64, 64 }, ScalarType.Float64);
        AssertRejected(() => _small.call(image), "image", "Float32");
    }

    [Fact]
    public void EmptyBatchIsRejected()
    {
        using var image = zeros(0, 3, 64, 64);
        AssertRejected(() => _inception.call(image), "image", "[B, 3, H, W]");
    }

    [Fact]
    public void NullImageIsRejected()
    {
        Assert.Throws<ArgumentNullException>(() => _inception.call(null!));
    }

    [Fact]
    public void TrunkCalledDirectlyChecksItsInputSize()
    {
        using var image = zeros(1, 3, 256, 256);
        AssertRejected(() => _inception.Backbone.call(image), "input", "[B, 3, 299, 299]");
    }

    [Fact]
    public void HeadsCheckShapesAndBatch()
    {
        using var heads = new ImageEncoderHeads(768, 2048, 256);
        using var regions = zeros(2, 768, 17, 17);
        using var pooled = zeros(2, 2048);
        using var badRegions = zeros(2, 512, 17, 17);
        using var badPooled = zeros(3, 2048);
        AssertRejected(() => heads.call(badRegions, pooled), "backboneRegions", "[B, 768, H, W]");
        AssertRejected(() => heads.call(regions, zeros(2, 1000)), "pooled", "[B, 2048]");
        AssertRejected(() => heads.call(regions, badPooled), "pooled", "batch size");
    }
}
