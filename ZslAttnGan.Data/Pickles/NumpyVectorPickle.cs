namespace ZslAttnGan.Data.Pickles;

/// <summary>
/// Reads a pickled 1-D numpy integer array, the label files of ZSL_GAN (<c>labels_train.pkl</c>, …). All the ways
/// those files were written are understood: Python-2 numpy with protocol 2 (binary, data as a Latin-1 <c>str</c>,
/// which is why the reference loads them with <c>encoding='latin1'</c>) or protocol 0 (text, escaped <c>str</c>),
/// and Python-3 numpy with protocol 2 (data as <c>_codecs.encode(…, 'latin1')</c> bytes), any integer dtype.
/// Nothing in the pickle is executed: only numpy's array reconstruction is recognised.
/// </summary>
public static class NumpyVectorPickle
{
    /// <summary>The values of the 1-D array in <paramref name="path"/>. A missing file gives
    /// <see cref="FileNotFoundException"/>; a pickle of anything else, or of a 2-D array, an
    /// <see cref="InvalidDataException"/> naming the file.</summary>
    public static long[] ReadInt64(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Pickle file '{path}' does not exist.", path);
        object? root;
        try
        {
            using var unpickler = NumpyPickleSupport.CreateUnpickler();
            using var stream = File.OpenRead(path);
            root = unpickler.load(stream);
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new InvalidDataException($"'{path}' is not a readable pickle of a numpy integer array: {e.Message}", e);
        }
        if (root is not NumpyArray array)
            throw new InvalidDataException($"'{path}': expected a pickled 1-D numpy integer array but found {root?.GetType().Name ?? "None"}.");
        if (array.Shape.Length != 1)
            throw new InvalidDataException($"'{path}': expected a 1-D numpy array but its shape is [{string.Join(", ", array.Shape)}].");
        return array.Values;
    }
}
