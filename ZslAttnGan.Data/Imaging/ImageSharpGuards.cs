using System.Buffers.Binary;
using System.IO.Compression;

namespace ZslAttnGan.Data.Imaging;

/// <summary>
/// Explicit checks for inputs on which ImageSharp 2.1.13's decoders do not fail cleanly, found by fuzzing
/// (ZslAttnGan.Tests/Data/ImageDecoderFuzzTests): each returns the reason to refuse the file, or null.
/// </summary>
internal static class ImageSharpGuards
{
    /// <summary>The first reason to refuse <paramref name="bytes"/> before ImageSharp decodes it, or null.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="maxPixels">The decoder's pixel limit (bounds the work of the interlaced-PNG check).</param>
    public static string? FindDefect(byte[] bytes, long maxPixels)
    {
        if (bytes.Length >= 8 && bytes.AsSpan(0, 8).SequenceEqual(PngSignature)) return CheckInterlacedPng(bytes, maxPixels);
        if (bytes.Length >= 14 && bytes[0] == 'B' && bytes[1] == 'M') return CheckBmpBitDepth(bytes);
        return null;
    }

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// BMP: the bit depth is a signed 16-bit field; ImageSharp sends every value up to 8 (zero and negative ones too) to
    /// its palette reader, which divides by it or by 8/depth (DivideByZeroException), so only the depths BMP defines
    /// are let through. The pixel-data offset must lie inside the file.
    /// </summary>
    private static string? CheckBmpBitDepth(byte[] b)
    {
        // The offset field (bytes 10-13) comes before the info header: a file cut short inside that header still has
        // one, and a bit flip in it made ImageSharp allocate 256 MiB for a 29-byte file (found by the fuzz test).
        if (b.Length < 30) return PixelOffsetBeyondEnd(b);
        int headerSize = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(14));
        int at = headerSize == 12 ? 24 : 28; // OS/2 1.x headers have 16-bit dimensions, so the depth sits 4 bytes earlier
        short depth = BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(at));
        if (depth is not (1 or 2 or 4 or 8 or 16 or 24 or 32)) return $"is a BMP with an invalid bit depth of {depth}.";
        // ImageSharp sizes the palette from the pixel-data offset and allocates it with `new byte[]` (outside the
        // allocation cap) while reading the header, so a 100-byte file claiming an offset of 512 MiB allocates 512 MiB.
        return PixelOffsetBeyondEnd(b);
    }

    private static string? PixelOffsetBeyondEnd(byte[] b)
    {
        uint pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(10));
        return pixelOffset > b.Length ? $"is a BMP whose pixel data offset ({pixelOffset}) lies beyond its {b.Length} bytes." : null;
    }

    /// <summary>
    /// PNG with Adam7 interlacing: ImageSharp 2.1.13 never returns (a busy loop in <c>DecodeInterlacedPixelData</c>)
    /// when the image data ends before its pass loop is done, which happens for truncated or damaged data and even for
    /// valid images whose width leaves a pass empty (width ≤ 4: the pass after an empty one starts at the wrong row).
    /// The check replays that loop's reads (including the quirk) and inflates the image data to see that it holds
    /// enough bytes; it also requires the clean chunk layout the replay assumes (lengths inside the file, one run of
    /// consecutive IDAT chunks as the PNG specification demands).
    /// </summary>
    private static string? CheckInterlacedPng(byte[] b, long maxPixels)
    {
        // ImageSharp resynchronises on damaged chunk lengths, so any "IHDR" in the file may become its header: only a
        // file with no interlaced IHDR anywhere is certainly safe.
        if (!AnyInterlacedHeader(b)) return null;
        int width = 0, height = 0, bitDepth = 0, colorType = 0, interlace = 0;
        var idat = new List<(int Start, int Length)>();
        bool idatRunEnded = false, clean = false;
        long pos = 8;
        while (pos + 12 <= b.Length)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan((int)pos));
            if (length > int.MaxValue || pos + 12 + length > b.Length) break;
            var type = b.AsSpan((int)pos + 4, 4);
            int data = (int)pos + 8;
            if (type.SequenceEqual("IHDR"u8) && length >= 13 && idat.Count == 0)
            {
                width = BinaryPrimitives.ReadInt32BigEndian(b.AsSpan(data));
                height = BinaryPrimitives.ReadInt32BigEndian(b.AsSpan(data + 4));
                bitDepth = b[data + 8];
                colorType = b[data + 9];
                interlace = b[data + 12];
            }
            else if (type.SequenceEqual("IDAT"u8))
            {
                if (idatRunEnded) return interlace == 1 ? "is an interlaced PNG whose image data is split by other chunks." : null;
                idat.Add((data, (int)length));
            }
            else if (idat.Count > 0)
            {
                idatRunEnded = true;
            }
            if (type.SequenceEqual("IEND"u8)) { clean = true; break; }
            pos += 12 + length;
        }
        if (!clean) return "is a PNG with damaged chunk lengths and an interlaced image header.";
        if (interlace != 1 || idat.Count == 0) return null;
        if (width <= 0 || height <= 0) return $"is an interlaced PNG with an invalid size {width}x{height}.";
        if ((long)width * height > maxPixels) // refused here too: the replay below must not run on an unbounded size
            return $"has {width}x{height} pixels, above the decoder limit of {maxPixels}.";

        long needed = InterlacedBytesRead(width, height, bitDepth, colorType);
        return InflatedLength(b, idat, needed) < needed
            ? "is an interlaced PNG whose image data is shorter than its header requires (truncated, damaged, or a width "
              + "ImageSharp 2.1 cannot de-interlace); ImageSharp 2.1 would never finish decoding it."
            : null;
    }

    private static bool AnyInterlacedHeader(byte[] b)
    {
        for (int at = 8; at + 17 <= b.Length; at++)
        {
            int found = b.AsSpan(at, b.Length - at).IndexOf("IHDR"u8);
            if (found < 0 || at + found + 17 > b.Length) return false;
            at += found;
            if (b[at + 16] == 1) return true; // type, then width, height, depth, colour, compression, filter, interlace
        }
        return false;
    }

    /// <summary>The bytes ImageSharp 2.1.13's Adam7 loop reads for an image, replaying its pass and row stepping
    /// (after an empty pass the next pass keeps the empty pass's first row).</summary>
    private static long InterlacedBytesRead(int width, int height, int bitDepth, int colorType)
    {
        int[] firstRow = { 0, 0, 4, 0, 2, 0, 1 };
        int[] rowIncrement = { 8, 8, 8, 4, 4, 2, 2 };
        int bytesPerPixel = colorType switch
        {
            0 => bitDepth == 16 ? 2 : 1,
            4 => bitDepth == 16 ? 4 : 2,
            3 => 1,
            2 => bitDepth == 16 ? 6 : 3,
            _ => bitDepth == 16 ? 8 : 4,
        };
        long total = 0;
        long row = 0;
        for (int pass = 0; pass < 7;)
        {
            long columns = pass switch
            {
                0 => (width + 7L) / 8,
                1 => (width + 3L) / 8,
                2 => (width + 3L) / 4,
                3 => (width + 1L) / 4,
                4 => (width + 1L) / 2,
                5 => width / 2,
                _ => width,
            };
            if (columns == 0) { pass++; continue; }
            int mod = bitDepth == 16 ? 16 : 8;
            long bits = columns * bitDepth * bytesPerPixel;
            long scanline = (bits + mod - 1) / mod + 1;
            for (; row < height; row += rowIncrement[pass]) total += scanline;
            pass++;
            if (pass < 7) row = firstRow[pass];
        }
        return total;
    }

    /// <summary>How many bytes the IDAT run inflates to, counting no further than <paramref name="enough"/>, read as
    /// ImageSharp reads it (zlib header skipped, raw deflate, no checksum). Damaged data counts what came before it.</summary>
    private static long InflatedLength(byte[] b, List<(int Start, int Length)> idat, long enough)
    {
        using var joined = new MemoryStream();
        foreach (var (start, length) in idat) joined.Write(b, start, length);
        if (joined.Length < 2 || idat[0].Length < 2) return 0;
        joined.Position = (b[idat[0].Start + 1] & 0x20) != 0 ? 6 : 2; // CMF, FLG and the optional dictionary id
        long total = 0;
        var buffer = new byte[81920];
        try
        {
            using var inflate = new DeflateStream(joined, CompressionMode.Decompress);
            int n;
            while (total < enough && (n = inflate.Read(buffer, 0, (int)Math.Min(buffer.Length, enough - total))) > 0) total += n;
        }
        catch (InvalidDataException)
        {
        }
        return total;
    }
}
