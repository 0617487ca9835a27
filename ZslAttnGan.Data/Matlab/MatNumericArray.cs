using System.Globalization;

namespace ZslAttnGan.Data.Matlab;

/// <summary>
/// A real numeric (or logical) array. Values are kept column-major as read, converted from the STORED type to the
/// array's class: floating classes as <see cref="double"/> (a single-precision value is exact in a double),
/// integer classes as <see cref="long"/>. The <c>To…RowMajor</c> methods give row-major copies ([rows, cols] for a
/// matrix: element (r, c) at r * cols + c), the layout numpy's <c>loadmat</c> result has after <c>np.ascontiguousarray</c>.
/// </summary>
public sealed class MatNumericArray : MatVariable
{
    private readonly double[]? _floating;
    private readonly long[]? _integers;

    internal MatNumericArray(string name, string path, string filePath, int[] dims, MatClass matClass, bool isLogical,
        double[]? floating, long[]? integers)
        : base(name, path, filePath, dims, matClass)
    {
        IsLogical = isLogical;
        _floating = floating;
        _integers = integers;
    }

    /// <summary>True for MATLAB <c>logical</c> arrays (stored as uint8).</summary>
    public bool IsLogical { get; }

    /// <summary>True for the double and single classes.</summary>
    public bool IsFloatingPoint => _floating is not null;

    /// <summary>Rows of a 2-D array (dimension 0).</summary>
    public int Rows => Dimensions[0];

    /// <summary>Columns of a 2-D array (product of the dimensions after the first).</summary>
    public int Columns => Dimensions.Skip(1).Aggregate(1, (a, b) => a * b);

    /// <summary>The element at column-major index <paramref name="index"/> as a double.</summary>
    public double GetDouble(long index) => _floating is not null ? _floating[index] : _integers![index];

    /// <summary>A copy of the values as doubles in the stored column-major order (for a [d x n] matrix of column
    /// vectors this is already the row-major layout of its transpose [n x d]).</summary>
    public double[] ToDoubleColumnMajor() => (double[])ColumnMajorDoubles().Clone();

    /// <summary>Row-major copy as doubles.</summary>
    public double[] ToDoubleRowMajor() => MatLayout.ToRowMajor(ColumnMajorDoubles(), Dimensions);

    /// <summary>Row-major copy as single precision (what numpy's <c>astype(np.float32)</c> gives: round to nearest).</summary>
    public float[] ToSingleRowMajor()
    {
        var d = ColumnMajorDoubles();
        var f = new float[d.Length];
        for (int i = 0; i < d.Length; i++) f[i] = (float)d[i];
        return MatLayout.ToRowMajor(f, Dimensions);
    }

    /// <summary>Row-major copy as 64-bit integers. Floating-point arrays are accepted when every value is a whole
    /// number (MATLAB users often save ids as double); otherwise the exception names the first offending value.</summary>
    public long[] ToInt64RowMajor()
    {
        if (_integers is not null) return MatLayout.ToRowMajor(_integers, Dimensions);
        var values = new long[_floating!.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double v = _floating[i];
            if (!double.IsFinite(v) || Math.Floor(v) != v || Math.Abs(v) > 9.007199254740992E15)
                throw Error($"expected whole numbers but element {i + 1} (column-major) is {v.ToString("R", CultureInfo.InvariantCulture)}");
            values[i] = (long)v;
        }
        return MatLayout.ToRowMajor(values, Dimensions);
    }

    /// <summary>The values of a vector (any orientation), as whole numbers (see <see cref="ToInt64RowMajor"/>).</summary>
    public long[] ToInt64Vector()
    {
        RequireVector();
        return ToInt64RowMajor();
    }

    /// <summary>The values of a vector (any orientation), as doubles.</summary>
    public double[] ToDoubleVector()
    {
        RequireVector();
        return ColumnMajorDoubles().ToArray();
    }

    /// <summary>Throws naming the variable unless the array is 2-D.</summary>
    public MatNumericArray RequireMatrix()
    {
        if (Dimensions.Count != 2) throw Error($"expected a 2-D matrix but it is {Describe()}");
        return this;
    }

    private void RequireVector()
    {
        if (!IsVector) throw Error($"expected a vector but it is {Describe()}");
    }

    private double[] ColumnMajorDoubles()
    {
        if (_floating is not null) return _floating;
        var d = new double[_integers!.Length];
        for (int i = 0; i < d.Length; i++) d[i] = _integers[i];
        return d;
    }
}
