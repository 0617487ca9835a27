using System.Text.Json;
using TorchSharp.PyBridge;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;

namespace ZslAttnGan.Tests.Parity;

/// <summary>One case of the parity manifest: its tensors (<c>w.*</c>, <c>in.*</c>, <c>out.*</c>), config and tolerance.
/// Tracks which outputs were compared so a runner cannot silently skip one.</summary>
public sealed class ParityCase : IDisposable
{
    private readonly Dictionary<string, Tensor> _tensors;
    private readonly HashSet<string> _checked = new();

    public ParityCase(JsonElement manifestEntry, string folder)
    {
        Entry = manifestEntry;
        Name = manifestEntry.GetProperty("name").GetString()!;
        File = Path.Combine(folder, manifestEntry.GetProperty("file").GetString()!);
        var tol = manifestEntry.GetProperty("tolerance");
        Atol = tol.TryGetProperty("atol", out var a) ? a.GetDouble() : 0;
        Rtol = tol.TryGetProperty("rtol", out var r) ? r.GetDouble() : 0;
        _tensors = File.EndsWith(".safetensors", StringComparison.Ordinal)
            ? Safetensors.LoadStateDict(File)
            : new Dictionary<string, Tensor>();
    }

    public string Name { get; }
    public string File { get; }
    public JsonElement Entry { get; }
    public JsonElement Config => Entry.GetProperty("config");
    public double Atol { get; }
    public double Rtol { get; }

    /// <summary>Reads a config value whose key starts with <paramref name="keyStart"/> (manifest keys carry comments
    /// such as "nhidden (EMBEDDING_DIM, both directions)").</summary>
    public JsonElement ConfigValue(string keyStart)
    {
        foreach (var p in Config.EnumerateObject())
            if (p.Name == keyStart || p.Name.StartsWith(keyStart + " ", StringComparison.Ordinal)) return p.Value;
        throw new KeyNotFoundException($"Case {Name}: config has no key '{keyStart}'.");
    }

    public int ConfigInt(string keyStart) => ConfigValue(keyStart).GetInt32();
    public double ConfigDouble(string keyStart) => ConfigValue(keyStart).GetDouble();

    /// <summary>The weights under <c>w.&lt;prefix&gt;</c>, prefix stripped.</summary>
    public Dictionary<string, Tensor> Weights(string prefix = "") => StateDicts.WithPrefix(_tensors, "w." + prefix);

    /// <summary>Loads the case's weights strictly: every key of the module present, none left over.</summary>
    public void LoadInto(nn.Module module, string prefix = "") => StateDicts.LoadStrict(module, Weights(prefix));

    /// <summary>Loads strictly except that weights matching <paramref name="ignoreKeys"/> are left out first.</summary>
    public void LoadInto(nn.Module module, Func<string, bool> ignoreKeys) =>
        StateDicts.LoadStrict(module, Weights().Where(kv => !ignoreKeys(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value));

    public Tensor In(string name) => _tensors.TryGetValue("in." + name, out var t)
        ? t : throw new KeyNotFoundException($"Case {Name} has no input in.{name}.");

    public bool HasOutput(string name) => _tensors.ContainsKey("out." + name);

    public IEnumerable<string> OutputNames => _tensors.Keys.Where(k => k.StartsWith("out.", StringComparison.Ordinal)).Select(k => k[4..]);

    public Tensor Out(string name) => _tensors.TryGetValue("out." + name, out var t)
        ? t : throw new KeyNotFoundException($"Case {Name} has no output out.{name}.");

    /// <summary>Compares with <c>|actual − expected| ≤ atol + rtol·|expected|</c>; infinities and integers exactly.</summary>
    public void AssertClose(string outName, Tensor actual)
    {
        var expected = Out(outName);
        _checked.Add(outName);
        TensorAssert.Close(expected, actual.detach().cpu(), Atol, Rtol, $"{Name}: out.{outName}");
    }

    /// <summary>Fails unless every <c>out.*</c> tensor of the case was compared.</summary>
    public void AssertAllOutputsChecked()
    {
        var unchecked_ = OutputNames.Where(n => !_checked.Contains(n)).ToList();
        Assert.True(unchecked_.Count == 0, $"Case {Name}: outputs never compared: {string.Join(", ", unchecked_)}");
    }

    public void Dispose()
    {
        foreach (var t in _tensors.Values) t.Dispose();
    }
}
