namespace ZslAttnGan.Tests.Data.Fuzzing;

/// <summary>What a header field means to a decoder (the fuzzer lies differently about each).</summary>
public enum FieldKind { Width, Height, Length, Other }

/// <summary>An integer field in an encoded image: where it is, how wide and in which byte order.</summary>
public readonly record struct HeaderField(string Name, FieldKind Kind, int Offset, int Size, bool BigEndian)
{
    /// <summary>Writes <paramref name="value"/> (truncated to the field's width) into <paramref name="bytes"/>.</summary>
    public void Write(byte[] bytes, ulong value)
    {
        for (int i = 0; i < Size; i++)
        {
            int at = BigEndian ? Offset + Size - 1 - i : Offset + i;
            if (at < bytes.Length) bytes[at] = (byte)(value >> (8 * i));
        }
    }
}

/// <summary>
/// Finds the integer fields of JPEG, PNG, BMP and GIF files that decoders trust before allocating: dimensions, segment
/// and chunk lengths, palette sizes, bit depths. The walk tolerates already-mutated files (it stops where the structure
/// ends) so that several lies can be stacked.
/// </summary>
public static class HeaderFields
{
    /// <summary>The fields of <paramref name="bytes"/> read as <paramref name="format"/>.</summary>
    public static List<HeaderField> Find(FuzzFormat format, byte[] bytes) => format switch
    {
        FuzzFormat.Png => Png(bytes),
        FuzzFormat.Jpeg => Jpeg(bytes),
        FuzzFormat.Bmp => Bmp(bytes),
        _ => Gif(bytes),
    };

    private static List<HeaderField> Png(byte[] b)
    {
        var fields = new List<HeaderField>();
        foreach (var (offset, length, type) in PngChunks(b))
        {
            fields.Add(new($"{type}.length", FieldKind.Length, offset, 4, true));
            int data = offset + 8;
            if (type == "IHDR")
            {
                fields.Add(new("IHDR.width", FieldKind.Width, data, 4, true));
                fields.Add(new("IHDR.height", FieldKind.Height, data + 4, 4, true));
                fields.Add(new("IHDR.bitDepth", FieldKind.Other, data + 8, 1, true));
                fields.Add(new("IHDR.colorType", FieldKind.Other, data + 9, 1, true));
                fields.Add(new("IHDR.interlace", FieldKind.Other, data + 12, 1, true));
            }
        }
        return fields;
    }

    /// <summary>The chunks of a PNG: offset of the length field, data length, type.</summary>
    public static IEnumerable<(int Offset, int Length, string Type)> PngChunks(byte[] b)
    {
        long pos = 8;
        while (pos + 12 <= b.Length)
        {
            uint length = (uint)(b[pos] << 24 | b[pos + 1] << 16 | b[pos + 2] << 8 | b[pos + 3]);
            if (pos + 12 + length > b.Length) yield break;
            yield return ((int)pos, (int)length, System.Text.Encoding.ASCII.GetString(b, (int)pos + 4, 4));
            pos += 12 + length;
        }
    }

    /// <summary>Recomputes the CRC of every chunk so that mutated chunks get past the decoder's CRC check.</summary>
    public static void RepairPngCrcs(byte[] b)
    {
        foreach (var (offset, length, _) in PngChunks(b).ToList())
        {
            uint crc = ZslAttnGan.Interop.Crc32.Of(b.AsSpan(offset + 4, 4 + length));
            new HeaderField("crc", FieldKind.Other, offset + 8 + length, 4, true).Write(b, crc);
        }
    }

    private static List<HeaderField> Jpeg(byte[] b)
    {
        var fields = new List<HeaderField>();
        int pos = 2;
        while (pos + 4 <= b.Length && b[pos] == 0xFF)
        {
            byte marker = b[pos + 1];
            if (marker == 0xD8 || marker == 0x01 || marker is >= 0xD0 and <= 0xD7) { pos += 2; continue; }
            int length = b[pos + 2] << 8 | b[pos + 3];
            fields.Add(new($"FF{marker:X2}.length", FieldKind.Length, pos + 2, 2, true));
            bool sof = marker is >= 0xC0 and <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof && pos + 10 <= b.Length)
            {
                fields.Add(new("SOF.precision", FieldKind.Other, pos + 4, 1, true));
                fields.Add(new("SOF.height", FieldKind.Height, pos + 5, 2, true));
                fields.Add(new("SOF.width", FieldKind.Width, pos + 7, 2, true));
                fields.Add(new("SOF.components", FieldKind.Other, pos + 9, 1, true));
                for (int c = 0; c < 3 && pos + 12 + 3 * c <= b.Length; c++)
                    fields.Add(new($"SOF.sampling{c}", FieldKind.Other, pos + 11 + 3 * c, 1, true));
            }
            if (marker == 0xDA && pos + 5 <= b.Length) fields.Add(new("SOS.components", FieldKind.Other, pos + 4, 1, true));
            if (marker == 0xC4 && pos + 21 <= b.Length) fields.Add(new("DHT.count1", FieldKind.Length, pos + 5, 1, true));
            if (marker == 0xDA || marker == 0xD9) break; // entropy-coded data follows; nothing more to lie about cheaply
            pos += 2 + length;
        }
        return fields;
    }

    private static List<HeaderField> Bmp(byte[] b)
    {
        var fields = new List<HeaderField>
        {
            new("bfSize", FieldKind.Length, 2, 4, false),
            new("bfOffBits", FieldKind.Length, 10, 4, false),
            new("biSize", FieldKind.Length, 14, 4, false),
            new("biWidth", FieldKind.Width, 18, 4, false),
            new("biHeight", FieldKind.Height, 22, 4, false),
            new("biBitCount", FieldKind.Other, 28, 2, false),
            new("biCompression", FieldKind.Other, 30, 4, false),
            new("biSizeImage", FieldKind.Length, 34, 4, false),
            new("biClrUsed", FieldKind.Length, 46, 4, false),
        };
        return fields.Where(f => f.Offset + f.Size <= b.Length).ToList();
    }

    private static List<HeaderField> Gif(byte[] b)
    {
        var fields = new List<HeaderField>();
        if (b.Length < 13) return fields;
        fields.Add(new("screen.width", FieldKind.Width, 6, 2, false));
        fields.Add(new("screen.height", FieldKind.Height, 8, 2, false));
        fields.Add(new("screen.flags", FieldKind.Other, 10, 1, false));
        int pos = 13 + ColorTableSize(b[10]);
        while (pos < b.Length)
        {
            byte block = b[pos];
            if (block == 0x21 && pos + 2 < b.Length)
            {
                pos = SkipSubBlocks(b, pos + 2, fields, "extension");
            }
            else if (block == 0x2C && pos + 10 <= b.Length)
            {
                fields.Add(new("frame.left", FieldKind.Other, pos + 1, 2, false));
                fields.Add(new("frame.top", FieldKind.Other, pos + 3, 2, false));
                fields.Add(new("frame.width", FieldKind.Width, pos + 5, 2, false));
                fields.Add(new("frame.height", FieldKind.Height, pos + 7, 2, false));
                fields.Add(new("frame.flags", FieldKind.Other, pos + 9, 1, false));
                pos += 10 + ColorTableSize(b[pos + 9]);
                if (pos >= b.Length) break;
                fields.Add(new("frame.lzwMinCodeSize", FieldKind.Other, pos, 1, false));
                pos = SkipSubBlocks(b, pos + 1, fields, "lzw");
            }
            else break;
        }
        return fields;
    }

    private static int ColorTableSize(byte flags) => (flags & 0x80) != 0 ? 3 << ((flags & 7) + 1) : 0;

    private static int SkipSubBlocks(byte[] b, int pos, List<HeaderField> fields, string name)
    {
        while (pos < b.Length && b[pos] != 0)
        {
            if (fields.Count < 64) fields.Add(new($"{name}.blockLength", FieldKind.Length, pos, 1, false));
            pos += 1 + b[pos];
        }
        return pos + 1;
    }
}
