using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using ZslAttnGan.Imaging;

namespace ZslAttnGan.Tests.Imaging;

public class ImageTensorsTests
{
    /// <summary>A [3, h, w] float32 tensor whose values are k / 127.5 − 1 for bytes k, with the bytes.</summary>
    private static (Tensor Tensor, byte[] Bytes) ByteGrid(int h, int w, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[3 * h * w];
        random.NextBytes(bytes);
        bytes[0] = 0; bytes[1] = 255; bytes[2] = 128; bytes[3] = 127;
        var values = bytes.Select(b => b / 127.5f - 1f).ToArray();
        return (tensor(values, new long[] { 3, h, w }, ScalarType.Float32), bytes);
    }

    [Fact]
    public void RoundTripIsExactOnTheByteGrid()
    {
        using var scope = NewDisposeScope();
        var (t, bytes) = ByteGrid(5, 7, 1);
        using var image = ImageTensors.ToImage(t);
        Assert.Equal(7, image.Width);
        Assert.Equal(5, image.Height);
        for (int y = 0; y < 5; y++)
            for (int x = 0; x < 7; x++)
            {
                var p = image[x, y];
                Assert.Equal(bytes[y * 7 + x], p.R);
                Assert.Equal(bytes[35 + y * 7 + x], p.G);
                Assert.Equal(bytes[70 + y * 7 + x], p.B);
            }
        var back = ImageTensors.ToTensor(image);
        Assert.Equal(ScalarType.Float32, back.dtype);
        Assert.Equal(new long[] { 3, 5, 7 }, back.shape);
        Assert.True(back.eq(t).all().item<bool>(), "round trip must be exact");
    }

    [Fact]
    public void BatchesAndOtherDtypesConvertPerImage()
    {
        using var scope = NewDisposeScope();
        var (a, _) = ByteGrid(4, 6, 2);
        var (b, _) = ByteGrid(4, 6, 3);
        var batch = stack(new[] { a, b }).to_type(ScalarType.Float64);
        var images = ImageTensors.ToImages(batch);
        try
        {
            Assert.Equal(2, images.Length);
            Assert.True(ImageTensors.ToTensor(images[0]).eq(a).all().item<bool>());
            Assert.True(ImageTensors.ToTensor(images[1]).eq(b).all().item<bool>());
        }
        finally
        {
            foreach (var i in images) i.Dispose();
        }
        using var single = ImageTensors.ToImage(a.unsqueeze(0).to_type(ScalarType.Float16));
        Assert.Equal(6, single.Width);
    }

    [Fact]
    public void ValuesOutsideTheRangeAreClampedAndNaNIsBlack()
    {
        using var scope = NewDisposeScope();
        var values = new[] { -3f, -1f, 0f, 1f, 2.5f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0.996f };
        var t = tensor(values, new long[] { 1, 1, values.Length }).expand(3, 1, values.Length);
        using var image = ImageTensors.ToImage(t);
        var expected = new byte[] { 0, 0, 128, 255, 255, 0, 255, 0, 1 };   // 0 → 127.5 rounds away from zero; -0.996 → 0.51 → 1
        for (int x = 0; x < values.Length; x++)
            Assert.Equal(new Rgb24(expected[x], expected[x], expected[x]), image[x, 0]);
    }

    [Fact]
    public void ChannelsAreRedGreenBlueInOrder()
    {
        using var image = new Image<Rgb24>(3, 2, new Rgb24(0, 0, 0));
        image[2, 1] = new Rgb24(255, 0, 51);
        using var scope = NewDisposeScope();
        var t = ImageTensors.ToTensor(image);
        Assert.Equal(1f, t[0, 1, 2].item<float>());
        Assert.Equal(-1f, t[1, 1, 2].item<float>());
        Assert.Equal(51 / 127.5f - 1f, t[2, 1, 2].item<float>());
        Assert.Equal(-1f, t[0, 0, 0].item<float>());
    }

    [Fact]
    public void InputIsNotModified()
    {
        using var scope = NewDisposeScope();
        var t = full(3, 2, 2, Scalars.S(5), dtype: ScalarType.Float32);
        ImageTensors.ToImage(t).Dispose();
        Assert.True(t.eq(Scalars.S(5)).all().item<bool>());
    }

    [Theory]
    [InlineData("rank2")]
    [InlineData("rank5")]
    [InlineData("channels4")]
    [InlineData("channels1")]
    [InlineData("int")]
    [InlineData("empty")]
    public void BadInputThrowsArgumentExceptionNamingTheArgument(string kind)
    {
        using var scope = NewDisposeScope();
        Tensor t = kind switch
        {
            "rank2" => zeros(4, 4),
            "rank5" => zeros(new long[] { 1, 1, 3, 4, 4 }),
            "channels4" => zeros(2, 4, 4, 4),
            "channels1" => zeros(1, 4, 4),
            "int" => zeros(new long[] { 3, 4, 4 }, ScalarType.Int32),
            "empty" => zeros(0, 3, 4, 4),
            _ => throw new InvalidOperationException(),
        };
        var e = Assert.ThrowsAny<ArgumentException>(() => ImageTensors.ToImages(t));
        Assert.Equal("images", e.ParamName);
    }

    [Fact]
    public void ToImageRejectsABatchOfMoreThanOne()
    {
        using var scope = NewDisposeScope();
        var e = Assert.ThrowsAny<ArgumentException>(() => ImageTensors.ToImage(zeros(2, 3, 4, 4)));
        Assert.Equal("image", e.ParamName);
        Assert.Throws<ArgumentNullException>(() => ImageTensors.ToImage(null!));
    }
}
