using System.IO.Compression;
using System.Text;

namespace ZslAttnGan.Data.Matlab;

/// <summary>
/// Parses v5 data elements: a tag (type, byte count; or the 4-byte "small data element" form where both share one
/// word and up to 4 data bytes follow), the data, and padding to 8 bytes. <c>miCOMPRESSED</c> wraps one element in a
/// zlib stream; <c>miMATRIX</c> holds array flags, dimensions, name and then the class-specific parts.
/// </summary>
internal static class MatElementParser
{
    private const uint ComplexFlag = 0x0800;
    private const uint LogicalFlag = 0x0200;

    /// <summary>Reads one top-level element; null when it holds no array (an empty <c>miMATRIX</c>).</summary>
    public static MatVariable? ReadTopLevel(MatByteReader reader)
    {
        int offset = reader.Position;
        uint first = reader.UInt32(null, $"the data element tag at offset {offset}");
        if (first >> 16 != 0)
            throw reader.Fail(null, $"the element at offset {offset} is a small data element ({MatDataTypes.Name((int)(first & 0xFFFF))}); a variable must be miMATRIX or miCOMPRESSED");
        uint size = reader.UInt32(null, $"the data element tag at offset {offset}");
        if (size > int.MaxValue) throw reader.Fail(null, $"the element at offset {offset} claims {size} bytes");
        switch ((MatDataType)first)
        {
            case MatDataType.Compressed:
                var compressed = reader.Slice((int)size, null, $"the compressed element at offset {offset}");
                var inner = reader.Over(Inflate(compressed, offset));
                var (type, body) = ReadElement(inner, null, "the decompressed element");
                if (type != MatDataType.Matrix)
                    throw reader.Fail(null, $"the compressed element at offset {offset} holds {MatDataTypes.Name((int)type)}, not miMATRIX");
                return ReadMatrix(body, parentPath: null);
            case MatDataType.Matrix:
                var matrix = reader.Slice((int)size, null, $"the matrix element at offset {offset}");
                reader.SkipPadding((int)size);
                return ReadMatrix(matrix, parentPath: null);
            default:
                throw reader.Fail(null, $"the element at offset {offset} is {MatDataTypes.Name((int)first)}; a variable must be miMATRIX or miCOMPRESSED");
        }
    }

    /// <summary>Reads a tag and returns the element's type and a reader over its data (padding skipped).</summary>
    private static (MatDataType Type, MatByteReader Data) ReadElement(MatByteReader reader, string? variable, string what)
    {
        uint first = reader.UInt32(variable, $"the tag of {what}");
        if (first >> 16 != 0)
        {
            int smallSize = (int)(first >> 16);
            if (smallSize > 4) throw reader.Fail(variable, $"{what}: small data element claims {smallSize} bytes (at most 4)");
            var packed = reader.Slice(4, variable, what);
            return ((MatDataType)(first & 0xFFFF), packed.Slice(smallSize, variable, what));
        }
        uint size = reader.UInt32(variable, $"the tag of {what}");
        if (size > int.MaxValue) throw reader.Fail(variable, $"{what} claims {size} bytes");
        var data = reader.Slice((int)size, variable, what);
        reader.SkipPadding((int)size);
        return ((MatDataType)first, data);
    }

    private static byte[] Inflate(MatByteReader compressed, int offset)
    {
        try
        {
            using var input = new MemoryStream(compressed.Rest().ToArray(), writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            zlib.CopyTo(output);
            return output.ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw compressed.Fail(null, $"the compressed element at offset {offset} is corrupt or truncated (zlib: {e.Message})", e);
        }
    }

    private static MatVariable? ReadMatrix(MatByteReader body, string? parentPath)
    {
        if (body.AtEnd)
            return parentPath is null ? null : new MatNumericArray("", parentPath, body.FilePath, [0, 0], MatClass.Double, false, [], null);

        var (flagsType, flags) = ReadElement(body, parentPath, "the array flags");
        if (flagsType != MatDataType.UInt32 || flags.Remaining != 8)
            throw body.Fail(parentPath, $"array flags must be 8 bytes of miUINT32 but are {flags.Remaining} bytes of {MatDataTypes.Name((int)flagsType)}");
        uint flagWord = flags.UInt32(parentPath, "the array flags");
        int classCode = (int)(flagWord & 0xFF);

        var dims = ReadDimensions(body, parentPath);
        var (nameType, nameData) = ReadElement(body, parentPath, "the array name");
        if (nameType is not (MatDataType.Int8 or MatDataType.UInt8))
            throw body.Fail(parentPath, $"the array name is stored as {MatDataTypes.Name((int)nameType)}, expected miINT8");
        string name = Encoding.ASCII.GetString(nameData.Bytes(nameData.Remaining, parentPath, "the array name"));
        string path = parentPath ?? name;

        if (!Enum.IsDefined(typeof(MatClass), classCode))
            throw body.Fail(path, $"unsupported array class {classCode} (function handles and opaque objects are not supported)");
        var matClass = (MatClass)classCode;
        if (matClass == MatClass.Sparse) throw body.Fail(path, "sparse arrays are not supported; save it as full(x)");
        if (matClass == MatClass.Object) throw body.Fail(path, "MATLAB objects are not supported");
        if ((flagWord & ComplexFlag) != 0) throw body.Fail(path, "complex arrays are not supported; save the real part");

        return matClass switch
        {
            MatClass.Char => ReadChars(body, name, path, dims),
            MatClass.Cell => ReadCells(body, name, path, dims),
            MatClass.Struct => ReadStruct(body, name, path, dims),
            _ => ReadNumeric(body, name, path, dims, matClass, (flagWord & LogicalFlag) != 0),
        };
    }

    private static int[] ReadDimensions(MatByteReader body, string? path)
    {
        var (type, data) = ReadElement(body, path, "the dimensions");
        if (type != MatDataType.Int32 || data.Remaining % 4 != 0 || data.Remaining < 8)
            throw body.Fail(path, $"dimensions must be at least two miINT32 values but are {data.Remaining} bytes of {MatDataTypes.Name((int)type)}");
        var dims = new int[data.Remaining / 4];
        long count = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = unchecked((int)data.UInt32(path, "the dimensions"));
            if (dims[i] < 0) throw body.Fail(path, $"dimension {i + 1} is negative ({dims[i]})");
            count *= dims[i];
            if (count > int.MaxValue) throw body.Fail(path, $"dimensions [{string.Join(" x ", dims.Take(i + 1))}] hold more than {int.MaxValue} elements");
        }
        return dims;
    }

    private static int ElementCount(int[] dims) => dims.Aggregate(1, (a, b) => a * b);

    private static MatNumericArray ReadNumeric(MatByteReader body, string name, string path, int[] dims, MatClass matClass, bool logical)
    {
        var (type, data) = ReadElement(body, path, "the real part");
        int count = ElementCount(dims);
        var target = MatNumericDecoding.Decode(data, type, matClass, count, path);
        return new MatNumericArray(name, path, body.FilePath, dims, matClass, logical, target.Floating, target.Integers);
    }

    private static MatCharArray ReadChars(MatByteReader body, string name, string path, int[] dims)
    {
        var (type, data) = ReadElement(body, path, "the characters");
        int count = ElementCount(dims);
        var bytes = data.Bytes(data.Remaining, path, "the characters");
        string all = type switch
        {
            MatDataType.UInt16 or MatDataType.Utf16 or MatDataType.Int16 => data.BigEndian ? Encoding.BigEndianUnicode.GetString(bytes) : Encoding.Unicode.GetString(bytes),
            MatDataType.UInt8 or MatDataType.Int8 => Encoding.Latin1.GetString(bytes),
            MatDataType.Utf8 => Encoding.UTF8.GetString(bytes),
            MatDataType.Utf32 => new UTF32Encoding(data.BigEndian, false).GetString(bytes),
            _ => throw body.Fail(path, $"characters stored as {MatDataTypes.Name((int)type)} (expected miUTF16, miUINT16, miUINT8, miUTF8 or miUTF32)"),
        };
        if (type is MatDataType.UInt16 or MatDataType.Utf16 or MatDataType.Int16 && bytes.Length % 2 != 0)
            throw body.Fail(path, $"{bytes.Length} bytes of 16-bit characters");
        if (all.Length != count)
            throw body.Fail(path, $"holds {all.Length} characters but its dimensions [{string.Join(" x ", dims)}] say {count}");
        int rows = dims[0];
        int columns = rows == 0 ? 0 : count / rows;
        var strings = new string[rows];
        var row = new char[columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++) row[c] = all[c * rows + r];
            strings[r] = new string(row);
        }
        return new MatCharArray(name, path, body.FilePath, dims, strings);
    }

    private static MatCellArray ReadCells(MatByteReader body, string name, string path, int[] dims)
    {
        int count = ElementCount(dims);
        // Each cell is at least an 8-byte tag: a corrupt count fails here instead of allocating a huge array.
        if (count > body.Remaining / 8) throw body.Fail(path, $"dimensions [{string.Join(" x ", dims)}] claim {count} cells but only {body.Remaining} bytes follow");
        var cells = new MatVariable[count];
        for (int i = 0; i < cells.Length; i++) cells[i] = ReadChild(body, $"{path}{{{i + 1}}}");
        return new MatCellArray(name, path, body.FilePath, dims, cells);
    }

    private static MatStructArray ReadStruct(MatByteReader body, string name, string path, int[] dims)
    {
        var (lengthType, lengthData) = ReadElement(body, path, "the field name length");
        if (lengthType != MatDataType.Int32 || lengthData.Remaining != 4)
            throw body.Fail(path, $"the field name length must be one miINT32 but is {lengthData.Remaining} bytes of {MatDataTypes.Name((int)lengthType)}");
        int fieldLength = (int)lengthData.UInt32(path, "the field name length");
        var (namesType, namesData) = ReadElement(body, path, "the field names");
        if (namesType is not (MatDataType.Int8 or MatDataType.UInt8) || fieldLength <= 0 || namesData.Remaining % fieldLength != 0)
            throw body.Fail(path, $"field names of {namesData.Remaining} bytes ({MatDataTypes.Name((int)namesType)}) do not split into names of {fieldLength} bytes");
        var fields = new string[namesData.Remaining / fieldLength];
        for (int f = 0; f < fields.Length; f++)
        {
            var raw = namesData.Bytes(fieldLength, path, "the field names");
            int end = raw.IndexOf((byte)0);
            fields[f] = Encoding.ASCII.GetString(end < 0 ? raw : raw[..end]);
        }
        int count = ElementCount(dims);
        if (fields.Length > 0 && count > body.Remaining / 8 / fields.Length)
            throw body.Fail(path, $"dimensions [{string.Join(" x ", dims)}] claim {count} elements of {fields.Length} fields but only {body.Remaining} bytes follow");
        var elements = new MatVariable[count][];
        for (int i = 0; i < elements.Length; i++)
        {
            elements[i] = new MatVariable[fields.Length];
            for (int f = 0; f < fields.Length; f++)
                elements[i][f] = ReadChild(body, elements.Length == 1 ? $"{path}.{fields[f]}" : $"{path}({i + 1}).{fields[f]}");
        }
        return new MatStructArray(name, path, body.FilePath, dims, fields, elements);
    }

    /// <summary>A cell element or struct field: a nested miMATRIX (possibly empty: 0 bytes = []).</summary>
    private static MatVariable ReadChild(MatByteReader body, string childPath)
    {
        var (type, data) = ReadElement(body, childPath, "the element");
        if (type != MatDataType.Matrix)
            throw body.Fail(childPath, $"expected a miMATRIX element but found {MatDataTypes.Name((int)type)}");
        return ReadMatrix(data, childPath)!;
    }
}
