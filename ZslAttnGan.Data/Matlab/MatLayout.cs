namespace ZslAttnGan.Data.Matlab;

/// <summary>Index arithmetic between MATLAB's column-major storage and row-major (C, numpy default, TorchSharp) order.</summary>
internal static class MatLayout
{
    /// <summary>Copies column-major <paramref name="source"/> with <paramref name="dims"/> into row-major order (same dims).</summary>
    public static T[] ToRowMajor<T>(IReadOnlyList<T> source, IReadOnlyList<int> dims)
    {
        var result = new T[source.Count];
        if (dims.Count == 2)
        {
            // The common case: a matrix, transposed directly.
            int rows = dims[0], cols = dims[1];
            for (int c = 0; c < cols; c++)
                for (int r = 0; r < rows; r++)
                    result[(long)r * cols + c] = source[(int)((long)c * rows + r)];
            return result;
        }
        var sub = new int[dims.Count];
        for (int k = 0; k < source.Count; k++)
        {
            // sub = column-major subscripts of k; walk them in row-major order.
            long rowMajor = 0;
            for (int d = 0; d < dims.Count; d++) rowMajor = rowMajor * dims[d] + sub[d];
            result[rowMajor] = source[k];
            for (int d = 0; d < dims.Count && ++sub[d] == dims[d]; d++) sub[d] = 0;
        }
        return result;
    }
}
