using System.Text;
using static TorchSharp.torch;

namespace ZslAttnGan.Distributed;

/// <summary>
/// A 63-bit hash of a collective call (operation, root, tensor count, each tensor's dtype and shape) that the ranks
/// compare before the data moves: MPI itself only sees byte counts, so mismatched lists would be summed into garbage,
/// or hang when the byte counts differ.
/// </summary>
/// <remarks>FNV-1a over the values, not <see cref="string.GetHashCode()"/>, which .NET randomises per process.</remarks>
internal static class ShapeSignature
{
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    /// <summary>The signature; never negative, so that its negation is exact (the agreement reduces [s, -s] with MAX).</summary>
    public static long Compute(string operation, int root, IReadOnlyList<Tensor> tensors)
    {
        ulong h = Offset;
        foreach (char c in operation) h = Mix(h, c);
        h = Mix(h, (ulong)(uint)root);
        h = Mix(h, (ulong)tensors.Count);
        foreach (var t in tensors)
        {
            h = Mix(h, (ulong)t.dtype);
            h = Mix(h, (ulong)t.Dimensions);
            foreach (long d in t.shape) h = Mix(h, (ulong)d);
        }
        return (long)(h & long.MaxValue);
    }

    /// <summary>A short description of the list for error messages: "3 tensors: Float32[4,5], Float32[5], Int64[1]"
    /// (the first 8).</summary>
    public static string Describe(IReadOnlyList<Tensor> tensors)
    {
        var text = new StringBuilder().Append(tensors.Count).Append(tensors.Count == 1 ? " tensor" : " tensors");
        for (int i = 0; i < Math.Min(tensors.Count, 8); i++)
            text.Append(i == 0 ? ": " : ", ").Append(tensors[i].dtype).Append('[').Append(string.Join(',', tensors[i].shape)).Append(']');
        if (tensors.Count > 8) text.Append(", …");
        return text.ToString();
    }

    private static ulong Mix(ulong h, ulong value)
    {
        for (int i = 0; i < 8; i++)
        {
            h ^= (value >> (8 * i)) & 0xff;
            h *= Prime;
        }
        return h;
    }
}
