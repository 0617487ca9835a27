using System.Buffers.Binary;
using System.Text.Json;

namespace ZslAttnGan.Tests.Vision;

/// <summary>Reads only the JSON header of a safetensors file (names, dtypes, shapes), without loading tensors.</summary>
internal static class SafetensorsHeader
{
    public static Dictionary<string, (string DType, long[] Shape)> Read(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        var length = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes));
        var json = new byte[length];
        stream.ReadExactly(json);
        using var doc = JsonDocument.Parse(json);
        var result = new Dictionary<string, (string, long[])>();
        foreach (var entry in doc.RootElement.EnumerateObject())
        {
            if (entry.Name == "__metadata__") continue;
            var dtype = entry.Value.GetProperty("dtype").GetString()!;
            var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            result.Add(entry.Name, (dtype, shape));
        }
        return result;
    }

    /// <summary>The <c>w.*</c> entries of a parity fixture, prefix stripped.</summary>
    public static Dictionary<string, (string DType, long[] Shape)> Weights(string fixtureFile) =>
        Read(Path.Combine(Parity.ParityFixtures.Folder, fixtureFile))
            .Where(kv => kv.Key.StartsWith("w.", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[2..], kv => kv.Value);
}
