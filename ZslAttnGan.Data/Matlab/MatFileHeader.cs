using System.Buffers.Binary;
using System.Text;

namespace ZslAttnGan.Data.Matlab;

/// <summary>
/// The 128-byte v5 header: 116 bytes of text, 8 bytes of subsystem data offset, a version (0x0100) and the endian
/// indicator "MI" written as a 16-bit value (so "IM" on disk means little-endian, "MI" big-endian). Files saved with
/// <c>-v7.3</c> are HDF5 containers behind a similar header and are refused with a pointer to what works.
/// </summary>
internal sealed record MatFileHeader(string Text, bool BigEndian, ulong SubsystemOffset)
{
    public const int Size = 128;

    private static readonly byte[] Hdf5Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    public static MatFileHeader Parse(byte[] file, string path)
    {
        bool hdf5At0 = file.AsSpan().StartsWith(Hdf5Signature);
        bool hdf5At512 = file.Length >= 520 && file.AsSpan(512).StartsWith(Hdf5Signature);
        string text = Encoding.ASCII.GetString(file, 0, Math.Min(116, file.Length)).TrimEnd(' ', '\0');
        if (text.StartsWith("MATLAB 7.3", StringComparison.Ordinal) || hdf5At512 || hdf5At0)
            throw new MatFileException(path, null,
                "this is a MATLAB v7.3 (HDF5) file, which this reader does not support; re-save it in MATLAB with " +
                "save(..., '-v7') (or '-v6'), or read it with an HDF5 library such as PureHDF");
        if (file.Length < Size)
            throw new MatFileException(path, null, $"not a MATLAB v5 .mat file: {file.Length} bytes, shorter than the 128-byte header (truncated?)");

        bool bigEndian = (file[126], file[127]) switch
        {
            ((byte)'I', (byte)'M') => false,
            ((byte)'M', (byte)'I') => true,
            _ => throw new MatFileException(path, null,
                "not a MATLAB v5 .mat file: no endian indicator 'IM'/'MI' at bytes 126-127 (a MATLAB v4 file or another format?)"),
        };
        var versionBytes = file.AsSpan(124, 2);
        int version = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(versionBytes) : BinaryPrimitives.ReadUInt16LittleEndian(versionBytes);
        if (version != 0x0100)
            throw new MatFileException(path, null, $"unsupported MAT-file version 0x{version:X4} (expected 0x0100, a v5/v6/v7 file)");
        var offsetBytes = file.AsSpan(116, 8);
        ulong subsystem = bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(offsetBytes) : BinaryPrimitives.ReadUInt64LittleEndian(offsetBytes);
        // Unused offsets are written as all spaces or all zeros.
        if (subsystem == 0x2020202020202020UL) subsystem = 0;
        return new MatFileHeader(text, bigEndian, subsystem);
    }
}
