using System.Buffers.Binary;
using System.Globalization;

namespace ZslAttnGan.Data.Matlab;

/// <summary>
/// Converts the stored values of a numeric array to its class. MATLAB (and scipy) may store an array in a smaller
/// type than its class when every value fits (a double array of ids as miUINT8, say); the reader must widen them.
/// Integer classes get whole numbers in their range only (so a corrupt file cannot smuggle 3.5 into an int32).
/// </summary>
internal static class MatNumericDecoding
{
    public readonly record struct Values(double[]? Floating, long[]? Integers);

    public static Values Decode(MatByteReader data, MatDataType stored, MatClass target, int count, string path)
    {
        int size = MatDataTypes.ValueSize(stored);
        if (size == 0 || stored is MatDataType.Utf8 or MatDataType.Utf16 or MatDataType.Utf32)
            throw data.Fail(path, $"numeric data stored as {MatDataTypes.Name((int)stored)}");
        if (data.Remaining % size != 0 || data.Remaining / size != count)
            throw data.Fail(path, $"holds {data.Remaining} bytes of {MatDataTypes.Name((int)stored)} ({data.Remaining / (double)size:0.##} values) but its dimensions need {count}");
        var raw = data.Bytes(data.Remaining, path, "the values");
        bool big = data.BigEndian;

        if (target is MatClass.Double or MatClass.Single)
        {
            var result = new double[count];
            for (int i = 0; i < count; i++)
            {
                double v = ReadAsDouble(raw.Slice(i * size, size), stored, big, data, path);
                result[i] = target == MatClass.Single ? (float)v : v;
            }
            return new Values(result, null);
        }

        var (min, max) = Range(target);
        var ints = new long[count];
        for (int i = 0; i < count; i++)
        {
            var s = raw.Slice(i * size, size);
            long v;
            if (stored is MatDataType.Single or MatDataType.Double)
            {
                double d = ReadAsDouble(s, stored, big, data, path);
                if (!double.IsFinite(d) || Math.Floor(d) != d || d < min || d >= (double)max + 1.0) // max + 1: 2^63 is exact, long.MaxValue is not
                    throw data.Fail(path, $"value {d.ToString("R", CultureInfo.InvariantCulture)} at element {i + 1} does not fit class {target}");
                v = (long)d;
            }
            else
            {
                v = ReadInteger(s, stored, big, data, path, i);
                if (v < min || v > max) throw data.Fail(path, $"value {v} at element {i + 1} does not fit class {target}");
            }
            ints[i] = v;
        }
        return new Values(null, ints);
    }

    /// <summary>The range of an integer class; uint64 is limited to the int64 range this reader keeps.</summary>
    private static (long Min, long Max) Range(MatClass c) => c switch
    {
        MatClass.Int8 => (sbyte.MinValue, sbyte.MaxValue),
        MatClass.UInt8 => (0, byte.MaxValue),
        MatClass.Int16 => (short.MinValue, short.MaxValue),
        MatClass.UInt16 => (0, ushort.MaxValue),
        MatClass.Int32 => (int.MinValue, int.MaxValue),
        MatClass.UInt32 => (0, uint.MaxValue),
        MatClass.Int64 => (long.MinValue, long.MaxValue),
        _ => (0, long.MaxValue),
    };

    private static double ReadAsDouble(ReadOnlySpan<byte> s, MatDataType stored, bool big, MatByteReader data, string path) => stored switch
    {
        MatDataType.Double => big ? BinaryPrimitives.ReadDoubleBigEndian(s) : BinaryPrimitives.ReadDoubleLittleEndian(s),
        MatDataType.Single => big ? BinaryPrimitives.ReadSingleBigEndian(s) : BinaryPrimitives.ReadSingleLittleEndian(s),
        MatDataType.UInt64 => big ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s),
        _ => ReadInteger(s, stored, big, data, path, 0),
    };

    private static long ReadInteger(ReadOnlySpan<byte> s, MatDataType stored, bool big, MatByteReader data, string path, int index)
    {
        switch (stored)
        {
            case MatDataType.Int8: return (sbyte)s[0];
            case MatDataType.UInt8: return s[0];
            case MatDataType.Int16: return big ? BinaryPrimitives.ReadInt16BigEndian(s) : BinaryPrimitives.ReadInt16LittleEndian(s);
            case MatDataType.UInt16: return big ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s);
            case MatDataType.Int32: return big ? BinaryPrimitives.ReadInt32BigEndian(s) : BinaryPrimitives.ReadInt32LittleEndian(s);
            case MatDataType.UInt32: return big ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);
            case MatDataType.Int64: return big ? BinaryPrimitives.ReadInt64BigEndian(s) : BinaryPrimitives.ReadInt64LittleEndian(s);
            case MatDataType.UInt64:
                ulong u = big ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s);
                return u <= long.MaxValue ? (long)u : throw data.Fail(path, $"uint64 value {u} at element {index + 1} is beyond the int64 range this reader supports");
            default:
                throw data.Fail(path, $"numeric data stored as {MatDataTypes.Name((int)stored)}");
        }
    }
}
