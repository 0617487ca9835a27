namespace ZslAttnGan.Data.Matlab;

/// <summary>The MATLAB array class of a variable (the <c>mxCLASS</c> code in its array flags).</summary>
public enum MatClass
{
    /// <summary>Cell array (<c>mxCELL_CLASS</c>).</summary>
    Cell = 1,
    /// <summary>Struct array (<c>mxSTRUCT_CLASS</c>).</summary>
    Struct = 2,
    /// <summary>Object (<c>mxOBJECT_CLASS</c>): refused.</summary>
    Object = 3,
    /// <summary>Character array (<c>mxCHAR_CLASS</c>).</summary>
    Char = 4,
    /// <summary>Sparse array (<c>mxSPARSE_CLASS</c>): refused.</summary>
    Sparse = 5,
    /// <summary>Double-precision array.</summary>
    Double = 6,
    /// <summary>Single-precision array.</summary>
    Single = 7,
    /// <summary>Signed 8-bit integers.</summary>
    Int8 = 8,
    /// <summary>Unsigned 8-bit integers (also MATLAB <c>logical</c>, flagged separately).</summary>
    UInt8 = 9,
    /// <summary>Signed 16-bit integers.</summary>
    Int16 = 10,
    /// <summary>Unsigned 16-bit integers.</summary>
    UInt16 = 11,
    /// <summary>Signed 32-bit integers.</summary>
    Int32 = 12,
    /// <summary>Unsigned 32-bit integers.</summary>
    UInt32 = 13,
    /// <summary>Signed 64-bit integers.</summary>
    Int64 = 14,
    /// <summary>Unsigned 64-bit integers.</summary>
    UInt64 = 15,
}
