using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ZslAttnGan.Tests.Gazsl.Data;

/// <summary>
/// Writes MATLAB v5 files byte by byte for the reader's tests, independently of the reader: header, tags (long or
/// small format), padding, miMATRIX sub-elements, zlib-compressed elements. Type codes are the spec's numbers.
/// </summary>
internal sealed class MatTestWriter(bool bigEndian = false, bool smallElements = true)
{
    public const int MiInt8 = 1, MiUInt8 = 2, MiInt16 = 3, MiUInt16 = 4, MiInt32 = 5, MiUInt32 = 6, MiSingle = 7,
        MiDouble = 9, MiInt64 = 12, MiUInt64 = 13, MiMatrix = 14, MiCompressed = 15, MiUtf8 = 16, MiUtf16 = 17, MiUtf32 = 18;

    public const int ClassCell = 1, ClassStruct = 2, ClassObject = 3, ClassChar = 4, ClassSparse = 5, ClassDouble = 6,
        ClassSingle = 7, ClassInt8 = 8, ClassUInt8 = 9, ClassInt16 = 10, ClassUInt16 = 11, ClassInt32 = 12,
        ClassUInt32 = 13, ClassInt64 = 14, ClassUInt64 = 15;

    /// <summary>The 128-byte header.</summary>
    public byte[] Header(string text = "MATLAB 5.0 MAT-file, written by the ZslAttnGan tests", ushort version = 0x0100)
    {
        var h = new byte[128];
        Array.Fill(h, (byte)' ', 0, 116);
        Encoding.ASCII.GetBytes(text).AsSpan(0, Math.Min(116, text.Length)).CopyTo(h);
        if (bigEndian) { BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(124), version); h[126] = (byte)'M'; h[127] = (byte)'I'; }
        else { BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(124), version); h[126] = (byte)'I'; h[127] = (byte)'M'; }
        return h;
    }

    /// <summary>A whole file: header then the elements.</summary>
    public byte[] File(params byte[][] elements) => Concat([Header(), .. elements]);

    public byte[] U32(uint v)
    {
        var b = new byte[4];
        if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, v); else BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        return b;
    }

    /// <summary>A data element: small format when allowed and the data fit in 4 bytes, else tag + data + padding.</summary>
    public byte[] Element(int type, byte[] data, bool allowSmall = true)
    {
        if (smallElements && allowSmall && data.Length <= 4 && type != MiMatrix && type != MiCompressed)
        {
            var packed = new byte[8];
            uint word = (uint)data.Length << 16 | (uint)type;
            U32(word).CopyTo(packed, 0);
            data.CopyTo(packed, 4);
            return packed;
        }
        int pad = type == MiCompressed ? 0 : (8 - data.Length % 8) % 8;
        return Concat(U32((uint)type), U32((uint)data.Length), data, new byte[pad]);
    }

    /// <summary>An miMATRIX: flags, dims, name and the class-specific parts.</summary>
    public byte[] Matrix(int matClass, int[] dims, string name, uint extraFlags, params byte[][] parts)
    {
        var flags = Concat(U32((uint)matClass | extraFlags), U32(0));
        var dimBytes = Concat(dims.Select(d => U32((uint)d)).ToArray());
        return Element(MiMatrix, Concat([Element(MiUInt32, flags, allowSmall: false), Element(MiInt32, dimBytes), Element(MiInt8, Encoding.ASCII.GetBytes(name)), .. parts]));
    }

    /// <summary>A numeric matrix whose values (column-major) are stored as <paramref name="storedType"/>.</summary>
    public byte[] Numeric(string name, int matClass, int[] dims, int storedType, double[] columnMajor, uint extraFlags = 0) =>
        Matrix(matClass, dims, name, extraFlags, Element(storedType, Values(storedType, columnMajor)));

    /// <summary>A char array [rows x cols] of equal-length rows, stored as <paramref name="storedType"/>.</summary>
    public byte[] Chars(string name, string[] rows, int storedType = MiUtf16)
    {
        int cols = rows.Length == 0 ? 0 : rows[0].Length;
        var columnMajor = new StringBuilder();
        for (int c = 0; c < cols; c++) foreach (var r in rows) columnMajor.Append(r[c]);
        string s = columnMajor.ToString();
        byte[] data = storedType switch
        {
            MiUtf8 => Encoding.UTF8.GetBytes(s),
            MiUInt8 or MiInt8 => Encoding.Latin1.GetBytes(s),
            MiUtf32 => new UTF32Encoding(bigEndian, false).GetBytes(s),
            _ => (bigEndian ? Encoding.BigEndianUnicode : Encoding.Unicode).GetBytes(s),
        };
        return Matrix(ClassChar, [rows.Length, cols], name, 0, Element(storedType, data));
    }

    /// <summary>A cell array of already-written (nameless) matrices, column-major.</summary>
    public byte[] Cell(string name, int[] dims, params byte[][] cells) => Matrix(ClassCell, dims, name, 0, cells);

    /// <summary>A struct array: field name length 32, names, then per element per field one matrix.</summary>
    public byte[] Struct(string name, int[] dims, string[] fields, params byte[][] values)
    {
        const int length = 32;
        var names = new byte[length * fields.Length];
        for (int f = 0; f < fields.Length; f++) Encoding.ASCII.GetBytes(fields[f]).CopyTo(names, f * length);
        return Matrix(ClassStruct, dims, name, 0, [Element(MiInt32, U32(length)), Element(MiInt8, names), .. values]);
    }

    /// <summary>An miCOMPRESSED element holding <paramref name="element"/> (zlib).</summary>
    public byte[] Compressed(byte[] element)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Optimal, leaveOpen: true)) z.Write(element);
        return Element(MiCompressed, ms.ToArray(), allowSmall: false);
    }

    public byte[] Values(int storedType, double[] values)
    {
        var ms = new MemoryStream();
        foreach (var v in values)
        {
            byte[] b = storedType switch
            {
                MiInt8 => [(byte)(sbyte)v],
                MiUInt8 => [(byte)v],
                MiInt16 => Endian(BitConverter.GetBytes((short)v)),
                MiUInt16 => Endian(BitConverter.GetBytes((ushort)v)),
                MiInt32 => Endian(BitConverter.GetBytes((int)v)),
                MiUInt32 => Endian(BitConverter.GetBytes((uint)v)),
                MiInt64 => Endian(BitConverter.GetBytes((long)v)),
                MiUInt64 => Endian(BitConverter.GetBytes((ulong)v)),
                MiSingle => Endian(BitConverter.GetBytes((float)v)),
                MiDouble => Endian(BitConverter.GetBytes(v)),
                _ => throw new ArgumentException($"not numeric: {storedType}"),
            };
            ms.Write(b);
        }
        return ms.ToArray();
    }

    private byte[] Endian(byte[] littleEndian)
    {
        if (bigEndian) Array.Reverse(littleEndian);
        return littleEndian;
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
