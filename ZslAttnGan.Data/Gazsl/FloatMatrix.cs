namespace ZslAttnGan.Data.Gazsl;

/// <summary>A dense float32 matrix in row-major order (one row per image or per class), the shape the GAZSL code
/// feeds to the networks. Plain managed memory: no native tensor to dispose until <see cref="ToTensor"/>.</summary>
public sealed class FloatMatrix
{
    /// <summary>Wraps <paramref name="data"/> (row-major, length rows * columns; not copied).</summary>
    public FloatMatrix(int rows, int columns, float[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if ((long)rows * columns != data.Length)
            throw new ArgumentException($"{data.Length} values do not fill a {rows} x {columns} matrix.", nameof(data));
        Rows = rows;
        Columns = columns;
        Data = data;
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Columns { get; }

    /// <summary>The values, row-major: element (r, c) at r * Columns + c.</summary>
    public float[] Data { get; }

    /// <summary>Element (r, c).</summary>
    public float this[int row, int column] => Data[(long)row * Columns + column];

    /// <summary>One row.</summary>
    public ReadOnlySpan<float> Row(int row) => Data.AsSpan(row * Columns, Columns);

    /// <summary>The rows at <paramref name="indices"/>, in that order (a copy).</summary>
    public FloatMatrix SelectRows(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var data = new float[(long)indices.Count * Columns];
        for (int i = 0; i < indices.Count; i++) Row(indices[i]).CopyTo(data.AsSpan(i * Columns, Columns));
        return new FloatMatrix(indices.Count, Columns, data);
    }

    /// <summary>A new CPU float32 tensor [Rows, Columns] holding a copy; the caller owns it.</summary>
    public TorchSharp.torch.Tensor ToTensor() =>
        TorchSharp.torch.tensor(Data, new long[] { Rows, Columns }, TorchSharp.torch.float32);
}
