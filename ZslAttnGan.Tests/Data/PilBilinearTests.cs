using System.Security.Cryptography;
using ZslAttnGan.Data.Imaging;

namespace ZslAttnGan.Tests.Data;

/// <summary><see cref="PilBilinear"/> against Pillow 9.4's <c>Image.resize(size, Image.BILINEAR)</c>: the SHA-256 of
/// Pillow's output bytes for a high-frequency test pattern (<c>pil_bilinear_hashes.py</c> beside this file prints
/// them), so that every fixed-point rounding must agree.</summary>
public class PilBilinearTests
{
    private static byte[] Pattern(int w, int h)
    {
        var data = new byte[3 * w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++)
                    data[3 * (y * w + x) + c] = (byte)((x * 7 + y * 13 + c * 101 + (x * y % 17) * 9 + (x / 5) * (y / 3)) % 256);
        return data;
    }

    [Theory]
    [InlineData(256, 256, 128, 128, "3a7fc7ace718a9b0170f9f3cf28942616f8c3aaa9e1b63aa89415eba9c581600")]
    [InlineData(256, 256, 64, 64, "69383ae79c509366042cd4e4775e6a9f37e3867a8b1b2fcc04c94a2bef6aadd7")]
    [InlineData(256, 256, 100, 100, "e870ec61b32442c771ae242365f1f930aa34c9ed047c1afb5273d84796a20b3b")]
    [InlineData(64, 64, 32, 32, "40989cdc68f955508930880e4e6c9cda6e879636bb95ce72221dc0727fd01a09")]
    [InlineData(300, 200, 77, 131, "d652c230b51bddcc941ab8f5ed65857714b18d908d1771052f2e78c5ab04e672")]
    public void EqualsPillowBitForBit(int w, int h, int outW, int outH, string pillowSha256)
    {
        var resized = PilBilinear.Resize(Pattern(w, h), w, h, outW, outH);
        Assert.Equal(3 * outW * outH, resized.Length);
        Assert.Equal(pillowSha256, Convert.ToHexStringLower(SHA256.HashData(resized)));
    }

    [Fact]
    public void AConstantImageStaysConstantAndATwoFoldShrinkAveragesWithOneThreeThreeOne()
    {
        var flat = Enumerable.Repeat((byte)173, 3 * 16 * 16).ToArray();
        Assert.All(PilBilinear.Resize(flat, 16, 16, 8, 8), b => Assert.Equal(173, b));

        // One bright column in a dark 8 × 2 image: a two-fold shrink spreads it with weights 1, 3, 3, 1 (/ 8).
        var column = new byte[3 * 8 * 2];
        for (int y = 0; y < 2; y++) for (int c = 0; c < 3; c++) column[3 * (y * 8 + 4) + c] = 200;
        var row = PilBilinear.Resize(column, 8, 2, 4, 1).Where((_, i) => i % 3 == 0).ToArray();
        Assert.Equal(new byte[] { 0, 25, 75, 0 }, row); // 200·1/8 = 25 (output 1 reads columns 1..4), 200·3/8 = 75 (columns 3..6)
    }

    // The pipeline flips after the resize; the reference flips before it. Equal when the filter is symmetric.
    [Theory]
    [InlineData(256, 128)]
    [InlineData(256, 64)]
    [InlineData(64, 32)]
    [InlineData(256, 100)]
    public void MirroringCommutesWithTheResize(int size, int outSize)
    {
        static byte[] Mirror(byte[] rgb, int w, int h)
        {
            var m = new byte[rgb.Length];
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    for (int c = 0; c < 3; c++) m[3 * (y * w + (w - 1 - x)) + c] = rgb[3 * (y * w + x) + c];
            return m;
        }
        var image = Pattern(size, size);
        Assert.Equal(Mirror(PilBilinear.Resize(image, size, size, outSize, outSize), outSize, outSize),
            PilBilinear.Resize(Mirror(image, size, size), size, size, outSize, outSize));
    }

    [Fact]
    public void BadSizesAreNamed()
    {
        Assert.Throws<ArgumentException>(() => PilBilinear.Resize(new byte[10], 2, 2, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PilBilinear.Resize(new byte[12], 2, 2, 0, 1));
    }
}
