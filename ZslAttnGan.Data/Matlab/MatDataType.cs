namespace ZslAttnGan.Data.Matlab;

/// <summary>The type code of a v5 data element tag (<c>miINT8</c> … <c>miUTF32</c>): how the bytes are STORED, which
/// may differ from the array's <see cref="MatClass"/> (MATLAB stores a double array of small whole numbers as
/// <c>miUINT8</c>, for example).</summary>
internal enum MatDataType
{
    Int8 = 1,
    UInt8 = 2,
    Int16 = 3,
    UInt16 = 4,
    Int32 = 5,
    UInt32 = 6,
    Single = 7,
    Double = 9,
    Int64 = 12,
    UInt64 = 13,
    Matrix = 14,
    Compressed = 15,
    Utf8 = 16,
    Utf16 = 17,
    Utf32 = 18,
}

/// <summary>Sizes and names of <see cref="MatDataType"/> codes.</summary>
internal static class MatDataTypes
{
    /// <summary>Bytes per value of a numeric or character storage type; 0 for the others.</summary>
    public static int ValueSize(MatDataType type) => type switch
    {
        MatDataType.Int8 or MatDataType.UInt8 or MatDataType.Utf8 => 1,
        MatDataType.Int16 or MatDataType.UInt16 or MatDataType.Utf16 => 2,
        MatDataType.Int32 or MatDataType.UInt32 or MatDataType.Single or MatDataType.Utf32 => 4,
        MatDataType.Double or MatDataType.Int64 or MatDataType.UInt64 => 8,
        _ => 0,
    };

    /// <summary>The spec's name (<c>miUINT16</c>), or the raw code for unknown types.</summary>
    public static string Name(int code) => Enum.IsDefined(typeof(MatDataType), code)
        ? "mi" + ((MatDataType)code).ToString().ToUpperInvariant()
        : $"unknown data type {code}";
}
