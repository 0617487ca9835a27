using System.Buffers.Binary;
using System.Collections;
using Razorvine.Pickle;

namespace ZslAttnGan.Data.Pickles;

/// <summary>
/// Just enough of numpy's pickle protocol to read integer arrays and integer scalars (AttnGAN's Python-2
/// <c>class_info.pickle</c> may hold them): <c>numpy.core.multiarray._reconstruct</c>, <c>numpy.dtype</c> and
/// <c>numpy.core.multiarray.scalar</c> (also under numpy 2's <c>numpy._core</c>). Nothing is executed; other classes
/// stay Razorvine <c>ClassDict</c>s and are rejected by the callers.
/// </summary>
internal static class NumpyPickleSupport
{
    private static readonly Lazy<bool> Registered = new(Register);

    /// <summary>An unpickler that understands the numpy classes above. Razorvine's constructor registry is
    /// process-wide, so the registration happens once; it only adds classes Razorvine would otherwise reject.</summary>
    public static Unpickler CreateUnpickler()
    {
        _ = Registered.Value;
        return new Unpickler();
    }

    private static bool Register()
    {
        foreach (var module in new[] { "numpy.core.multiarray", "numpy._core.multiarray" })
        {
            Unpickler.registerConstructor(module, "_reconstruct", new Constructor(_ => new NumpyArray()));
            Unpickler.registerConstructor(module, "scalar", new Constructor(args => NumpyScalar(args)));
        }
        Unpickler.registerConstructor("numpy", "dtype", new Constructor(args => new NumpyDType(ArgString(args, 0))));
        return true;
    }

    /// <summary>Turns a Python-2 <c>str</c> (Razorvine gives a Latin-1 string) or <c>bytes</c> into bytes.</summary>
    public static byte[] RawBytes(object? value) => value switch
    {
        byte[] b => b,
        string s => s.Select(c => c <= 0xFF ? (byte)c : throw new InvalidDataException("numpy raw data holds a non-byte character.")).ToArray(),
        _ => throw new InvalidDataException($"numpy raw data must be bytes but is {value?.GetType().Name ?? "None"}."),
    };

    private static string ArgString(object[] args, int i) =>
        args.Length > i && args[i] is string s ? s
        : args.Length > i && args[i] is byte[] b ? System.Text.Encoding.Latin1.GetString(b)
        : throw new InvalidDataException("numpy.dtype pickle without a type string.");

    private static object NumpyScalar(object[] args)
    {
        if (args.Length < 2 || args[0] is not NumpyDType dtype)
            throw new InvalidDataException("numpy scalar pickle without a dtype.");
        var values = dtype.ToLongs(RawBytes(args[1]));
        if (values.Length != 1) throw new InvalidDataException("numpy scalar pickle with more than one value.");
        return values[0];
    }

    private sealed class Constructor(Func<object[], object> make) : IObjectConstructor
    {
        public object construct(object[] args) => make(args);
    }
}

/// <summary>A numpy dtype as far as integer arrays need it.</summary>
internal sealed class NumpyDType(string kind)
{
    public string Kind { get; } = kind;
    public bool BigEndian { get; private set; }

    /// <summary>Called by Razorvine for the BUILD opcode: state (version, byte order, …).</summary>
    public void __setstate__(object[] state)
    {
        if (state.Length > 1 && state[1] is string order) BigEndian = order == ">";
    }

    public long[] ToLongs(byte[] raw)
    {
        int size = Kind switch
        {
            "i1" or "u1" or "b1" => 1,
            "i2" or "u2" => 2,
            "i4" or "u4" => 4,
            "i8" or "u8" => 8,
            _ => throw new InvalidDataException($"numpy dtype '{Kind}' is not an integer type."),
        };
        if (raw.Length % size != 0) throw new InvalidDataException($"numpy data of {raw.Length} bytes is not a multiple of {size}.");
        var result = new long[raw.Length / size];
        bool unsigned = Kind[0] == 'u' || Kind[0] == 'b';
        for (int i = 0; i < result.Length; i++)
        {
            var s = raw.AsSpan(i * size, size);
            result[i] = size switch
            {
                1 => unsigned ? s[0] : (sbyte)s[0],
                2 => unsigned
                    ? (BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s))
                    : (BigEndian ? BinaryPrimitives.ReadInt16BigEndian(s) : BinaryPrimitives.ReadInt16LittleEndian(s)),
                4 => unsigned
                    ? (BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s))
                    : (BigEndian ? BinaryPrimitives.ReadInt32BigEndian(s) : BinaryPrimitives.ReadInt32LittleEndian(s)),
                _ => BigEndian ? BinaryPrimitives.ReadInt64BigEndian(s) : BinaryPrimitives.ReadInt64LittleEndian(s),
            };
        }
        return result;
    }
}

/// <summary>A reconstructed numpy array of integers, flattened.</summary>
internal sealed class NumpyArray
{
    public long[] Values { get; private set; } = Array.Empty<long>();
    public long[] Shape { get; private set; } = Array.Empty<long>();

    /// <summary>Called by Razorvine for the BUILD opcode: (version, shape, dtype, is_fortran, raw data).</summary>
    public void __setstate__(object[] state)
    {
        if (state.Length != 5 || state[1] is not object[] shape || state[2] is not NumpyDType dtype)
            throw new InvalidDataException("numpy array pickle with an unexpected state (expected version, shape, dtype, fortran flag, data).");
        Shape = shape.Select(Convert.ToInt64).ToArray();
        Values = state[4] is IList list && state[4] is not byte[]
            ? list.Cast<object>().Select(Convert.ToInt64).ToArray()
            : dtype.ToLongs(NumpyPickleSupport.RawBytes(state[4]));
        long expected = Shape.Aggregate(1L, (a, b) => a * b);
        if (expected != Values.Length)
            throw new InvalidDataException($"numpy array pickle: shape [{string.Join(", ", Shape)}] but {Values.Length} values.");
    }
}
