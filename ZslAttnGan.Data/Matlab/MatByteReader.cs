using System.Buffers.Binary;

namespace ZslAttnGan.Data.Matlab;

/// <summary>
/// A bounds-checked cursor over a window of a byte buffer in the file's byte order. Every read past the window's end
/// throws a <see cref="MatFileException"/> naming the file and the variable being read, so a truncated or corrupt
/// file never surfaces as an <see cref="IndexOutOfRangeException"/>.
/// </summary>
internal sealed class MatByteReader
{
    private readonly byte[] _buffer;
    private readonly int _end;

    public MatByteReader(byte[] buffer, int start, int end, bool bigEndian, string filePath)
    {
        _buffer = buffer;
        Position = start;
        _end = end;
        BigEndian = bigEndian;
        FilePath = filePath;
    }

    public string FilePath { get; }

    public bool BigEndian { get; }

    public int Position { get; private set; }

    public int Remaining => _end - Position;

    public bool AtEnd => Position >= _end;

    /// <summary>A reader over the next <paramref name="length"/> bytes (which this reader skips).</summary>
    public MatByteReader Slice(int length, string? variable, string what)
    {
        Require(length, variable, what);
        var slice = new MatByteReader(_buffer, Position, Position + length, BigEndian, FilePath);
        Position += length;
        return slice;
    }

    /// <summary>A reader over another buffer (a decompressed element) with this file's byte order.</summary>
    public MatByteReader Over(byte[] buffer) => new(buffer, 0, buffer.Length, BigEndian, FilePath);

    public ReadOnlySpan<byte> Bytes(int length, string? variable, string what)
    {
        Require(length, variable, what);
        var span = new ReadOnlySpan<byte>(_buffer, Position, length);
        Position += length;
        return span;
    }

    /// <summary>The bytes of the window from the cursor to its end (for zlib).</summary>
    public ReadOnlyMemory<byte> Rest() => new(_buffer, Position, Remaining);

    public uint UInt32(string? variable, string what)
    {
        var s = Bytes(4, variable, what);
        return BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);
    }

    /// <summary>Skips the padding that aligns the next element to 8 bytes; a file may end without its last padding.</summary>
    public void SkipPadding(int elementBytes)
    {
        int pad = (8 - elementBytes % 8) % 8;
        Position += Math.Min(pad, Math.Max(0, Remaining));
    }

    public MatFileException Fail(string? variable, string problem, Exception? inner = null) =>
        new(FilePath, variable, problem, inner);

    private void Require(int length, string? variable, string what)
    {
        if (length < 0 || length > Remaining)
            throw Fail(variable, $"truncated: {what} needs {(uint)length} bytes at offset {Position} but only {Math.Max(0, Remaining)} remain");
    }
}
