using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ZslAttnGan.Interop;

/// <summary>
/// Rewrites a zip archive the way <c>torch.save</c> lays one out: every entry stored (not deflated) with its data
/// starting on a 64-byte boundary (padding in an extra field, as PyTorch's writer does), in the original entry order, with
/// fixed timestamps. TorchSharp.PyBridge writes deflated entries at arbitrary offsets; PyTorch reads those, but cannot
/// memory-map them (<c>torch.load(…, mmap=True)</c>), and the same weights gave different bytes per write. Archives
/// needing ZIP64 (over 4 GiB or 65,535 entries) are refused.
/// </summary>
internal static class TorchZip
{
    /// <summary>PyTorch's <c>kFieldAlignment</c>: where each entry's data starts.</summary>
    public const int Alignment = 64;

    private const uint LocalHeaderSignature = 0x04034b50, CentralHeaderSignature = 0x02014b50, EndSignature = 0x06054b50;
    private const ushort PaddingFieldId = 0x4246; // "FB", PyTorch's padding field
    private const ushort DosDate1980 = (0 << 9) | (1 << 5) | 1; // 1980-01-01: no clock in the bytes

    /// <summary>Copies the archive <paramref name="source"/> to <paramref name="destination"/>, stored and aligned.</summary>
    public static void Repack(string source, string destination)
    {
        using var input = ZipFile.OpenRead(source);
        using var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write);
        var central = new List<(byte[] Name, uint Crc, uint Size, uint Offset)>();
        foreach (var entry in input.Entries)
        {
            if (entry.Length > uint.MaxValue || output.Position > uint.MaxValue)
                throw new NotSupportedException($"'{entry.FullName}' in {source}: archives over 4 GiB need ZIP64, which this writer does not produce.");
            var data = new byte[entry.Length];
            using (var stream = entry.Open()) stream.ReadExactly(data);
            var name = Encoding.UTF8.GetBytes(entry.FullName);
            uint crc = Crc32.Of(data), offset = (uint)output.Position;
            long unpadded = output.Position + 30 + name.Length + 4;
            int padding = (int)((Alignment - unpadded % Alignment) % Alignment);
            WriteLocalHeader(output, name, crc, (uint)data.Length, padding);
            output.Write(data);
            central.Add((name, crc, (uint)data.Length, offset));
        }
        if (central.Count > ushort.MaxValue) throw new NotSupportedException($"{source} has {central.Count} entries; more than 65,535 need ZIP64.");
        long directoryStart = output.Position;
        foreach (var (name, crc, size, offset) in central) WriteCentralHeader(output, name, crc, size, offset);
        long directorySize = output.Position - directoryStart;
        if (output.Position > uint.MaxValue) throw new NotSupportedException($"{source}: archives over 4 GiB need ZIP64, which this writer does not produce.");
        var end = new byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, EndSignature);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(8), (ushort)central.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(10), (ushort)central.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(12), (uint)directorySize);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(16), (uint)directoryStart);
        output.Write(end);
    }

    private static void WriteLocalHeader(Stream output, byte[] name, uint crc, uint size, int padding)
    {
        var header = new byte[30 + name.Length + 4 + padding];
        var h = header.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(h, LocalHeaderSignature);
        BinaryPrimitives.WriteUInt16LittleEndian(h[4..], 20);           // version needed
        BinaryPrimitives.WriteUInt16LittleEndian(h[6..], 0x0800);       // flags: UTF-8 names
        BinaryPrimitives.WriteUInt16LittleEndian(h[8..], 0);            // method: stored
        BinaryPrimitives.WriteUInt16LittleEndian(h[10..], 0);           // time
        BinaryPrimitives.WriteUInt16LittleEndian(h[12..], DosDate1980); // date
        BinaryPrimitives.WriteUInt32LittleEndian(h[14..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(h[18..], size);        // compressed size
        BinaryPrimitives.WriteUInt32LittleEndian(h[22..], size);        // uncompressed size
        BinaryPrimitives.WriteUInt16LittleEndian(h[26..], (ushort)name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(h[28..], (ushort)(4 + padding));
        name.CopyTo(h[30..]);
        BinaryPrimitives.WriteUInt16LittleEndian(h[(30 + name.Length)..], PaddingFieldId);
        BinaryPrimitives.WriteUInt16LittleEndian(h[(32 + name.Length)..], (ushort)padding); // padding bytes stay zero
        output.Write(header);
    }

    private static void WriteCentralHeader(Stream output, byte[] name, uint crc, uint size, uint offset)
    {
        var header = new byte[46 + name.Length];
        var h = header.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(h, CentralHeaderSignature);
        BinaryPrimitives.WriteUInt16LittleEndian(h[4..], 20);           // version made by
        BinaryPrimitives.WriteUInt16LittleEndian(h[6..], 20);           // version needed
        BinaryPrimitives.WriteUInt16LittleEndian(h[8..], 0x0800);
        BinaryPrimitives.WriteUInt16LittleEndian(h[10..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(h[12..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(h[14..], DosDate1980);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(h[20..], size);
        BinaryPrimitives.WriteUInt32LittleEndian(h[24..], size);
        BinaryPrimitives.WriteUInt16LittleEndian(h[28..], (ushort)name.Length);
        // extra, comment, disk, internal and external attributes: zero
        BinaryPrimitives.WriteUInt32LittleEndian(h[42..], offset);
        name.CopyTo(h[46..]);
        output.Write(header);
    }
}
