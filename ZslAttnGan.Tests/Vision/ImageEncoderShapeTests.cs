using ZslAttnGan.Vision;

namespace ZslAttnGan.Tests.Vision;

public class ImageEncoderShapeTests
{
    [Fact]
    public void SmallBackboneGivesRegionsAndCodeFor64PixelImages()
    {
        using var scope = NewDisposeScope();
        manual_seed(21);
        using var encoder = ImageEncoder.SmallCnn(64);
        encoder.eval();
        Assert.Equal(8, encoder.RegionGridSize);
        var image = rand(2, 3, 64, 64).mul(Scalars.S(2)).sub(Scalars.S(1));
        using var _ = no_grad();
        var trace = encoder.ForwardDetailed(image);
        Assert.Equal(new long[] { 2, 3, 64, 64 }, trace.Input.shape);
        TensorAssert.Close(image, trace.Input, 0, "no resize for the small backbone");
        Assert.Equal(new long[] { 2, 128, 8, 8 }, trace.BackboneRegions.shape);
        Assert.Equal(new long[] { 2, 256 }, trace.Pooled.shape);
        Assert.Equal(new long[] { 2, 256, 8, 8 }, trace.Regions.shape);
        Assert.Equal(new long[] { 2, 256 }, trace.Code.shape);
        Assert.True(trace.Code.abs().max().item<float>() < 1f, "ZSL code is Tanh-bounded");

        var output = encoder.call(image);
        TensorAssert.Close(trace.Regions, output.Regions, 0, "forward regions");
        TensorAssert.Close(trace.Code, output.Code, 0, "forward code");
    }

    [Fact]
    public void SmallBackboneLayoutIsConfigurable()
    {
        using var scope = NewDisposeScope();
        using var backbone = new SmallCnnBackbone(32, baseChannels: 8, regionDownsamples: 1, codeDownsamples: 3);
        Assert.Equal(8, backbone.RegionChannels);
        Assert.Equal(64, backbone.PooledChannels);
        Assert.Equal(16, backbone.RegionGridSize);
        using var encoder = new ImageEncoder(ImageEncoderOptions.AttnGan with { EmbeddingDim = 10 }, new SmallCnnBackbone(32, 8, 1, 3));
        var output = encoder.call(rand(1, 3, 32, 32));
        Assert.Equal(new long[] { 1, 10, 16, 16 }, output.Regions.shape);
        Assert.Equal(new long[] { 1, 10 }, output.Code.shape);
    }

    [Theory]
    [InlineData(0, 32, 3, 1)]
    [InlineData(64, 0, 3, 1)]
    [InlineData(64, 32, 0, 1)]
    [InlineData(64, 32, 3, -1)]
    [InlineData(60, 32, 3, 1)]
    [InlineData(64, 32, 4, 2)]
    public void SmallBackboneRejectsImpossibleLayouts(int size, int channels, int regionDown, int codeDown)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmallCnnBackbone(size, channels, regionDown, codeDown));
    }

    [Fact]
    public void InceptionEncoderSkipsTheResizeFor299PixelImages()
    {
        using var scope = NewDisposeScope();
        manual_seed(22);
        using var encoder = ImageEncoder.InceptionV3();
        encoder.eval();
        var image = rand(2, 3, 299, 299).mul(Scalars.S(2)).sub(Scalars.S(1));
        using var _ = no_grad();
        var trace = encoder.ForwardDetailed(image);
        TensorAssert.Close(image, trace.Input, 0, "identity resize");
        Assert.Equal(new long[] { 2, 768, 17, 17 }, trace.BackboneRegions.shape);
        Assert.Equal(new long[] { 2, 2048 }, trace.Pooled.shape);
        Assert.Equal(new long[] { 2, 256, 17, 17 }, trace.Regions.shape);
        Assert.Equal(new long[] { 2, 256 }, trace.Code.shape);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ResizeHonoursAlignCorners(bool alignCorners)
    {
        using var scope = NewDisposeScope();
        using var encoder = ImageEncoder.InceptionV3(new ImageEncoderOptions { AlignCorners = alignCorners });
        var image = rand(1, 3, 64, 48);
        var resized = encoder.PrepareInput(image);
        Assert.Equal(new long[] { 1, 3, 299, 299 }, resized.shape);
        var expected = nn.functional.interpolate(image, new long[] { 299, 299 }, mode: InterpolationMode.Bilinear, align_corners: alignCorners);
        TensorAssert.Close(expected, resized, 0, "resize");
        var other = nn.functional.interpolate(image, new long[] { 299, 299 }, mode: InterpolationMode.Bilinear, align_corners: !alignCorners);
        Assert.False(resized.allclose(other, 0, 1e-4), "the two align_corners settings should give different resizes");
    }
}
