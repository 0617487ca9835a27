using System.Runtime.InteropServices;
using System.Security.Cryptography;
using static TorchSharp.torch;

namespace ZslAttnGan.Collectives;

/// <summary>SHA-256 of a tensor's bytes (with its dtype and shape), to show that ranks hold byte-identical state: compare
/// the per-tensor checksums printed by every rank.</summary>
public static class TensorChecksums
{
    /// <summary>The lower-case hex SHA-256 of <paramref name="t"/>'s dtype, shape and element bytes.</summary>
    public static string Of(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        using var scope = NewDisposeScope();
        var cpu = t.detach().cpu().contiguous();
        byte[] bytes = cpu.dtype switch
        {
            ScalarType.Float32 => MemoryMarshal.AsBytes(cpu.data<float>().ToArray().AsSpan()).ToArray(),
            ScalarType.Float64 => MemoryMarshal.AsBytes(cpu.data<double>().ToArray().AsSpan()).ToArray(),
            ScalarType.Int64 => MemoryMarshal.AsBytes(cpu.data<long>().ToArray().AsSpan()).ToArray(),
            ScalarType.Int32 => MemoryMarshal.AsBytes(cpu.data<int>().ToArray().AsSpan()).ToArray(),
            ScalarType.Byte => cpu.data<byte>().ToArray(),
            ScalarType.Bool => cpu.data<bool>().ToArray().Select(b => b ? (byte)1 : (byte)0).ToArray(),
            _ => MemoryMarshal.AsBytes(cpu.to(ScalarType.Float64).data<double>().ToArray().AsSpan()).ToArray(),
        };
        using var sha = SHA256.Create();
        var header = System.Text.Encoding.UTF8.GetBytes($"{cpu.dtype}[{string.Join(",", cpu.shape)}]");
        sha.TransformBlock(header, 0, header.Length, null, 0);
        sha.TransformFinalBlock(bytes, 0, bytes.Length);
        return Convert.ToHexString(sha.Hash!).ToLowerInvariant();
    }

    /// <summary>Checksums of named tensors, ordered by name.</summary>
    public static SortedDictionary<string, string> Of(IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, t) in tensors) result[name] = Of(t);
        return result;
    }
}
