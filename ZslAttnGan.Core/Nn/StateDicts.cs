using TorchSharp;
using static TorchSharp.torch;

namespace ZslAttnGan.Nn;

/// <summary>
/// Strict state-dict loading with messages that name every missing, unexpected or mis-shaped key. Our modules use the
/// reference implementation's state-dict keys, so a reference state dict loads here unchanged.
/// </summary>
public static class StateDicts
{
    /// <summary>
    /// Copies <paramref name="source"/> into <paramref name="module"/>'s parameters and buffers. Every key of the module
    /// must be present with the same shape, and no other key may be present.
    /// </summary>
    /// <param name="module">The module to fill.</param>
    /// <param name="source">Tensors by state-dict key; they are copied, not retained.</param>
    /// <param name="ignoreMissing">Keys of the module that may be absent (for example <c>num_batches_tracked</c> in
    /// checkpoints from old PyTorch versions); the module keeps its own values for them.</param>
    /// <exception cref="ArgumentException">Keys or shapes differ; the message lists all of them.</exception>
    public static void LoadStrict(nn.Module module, IReadOnlyDictionary<string, Tensor> source, Func<string, bool>? ignoreMissing = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(source);
        var target = module.state_dict();
        var problems = new List<string>();
        var missing = target.Keys.Where(k => !source.ContainsKey(k) && !(ignoreMissing?.Invoke(k) ?? false)).ToList();
        var unexpected = source.Keys.Where(k => !target.ContainsKey(k)).ToList();
        if (missing.Count > 0) problems.Add($"missing keys: {string.Join(", ", missing)}");
        if (unexpected.Count > 0) problems.Add($"unexpected keys: {string.Join(", ", unexpected)}");
        foreach (var (key, dest) in target)
        {
            if (!source.TryGetValue(key, out var src)) continue;
            if (!src.shape.SequenceEqual(dest.shape))
                problems.Add($"{key}: expected shape [{string.Join(", ", dest.shape)}] but got [{string.Join(", ", src.shape)}]");
        }
        if (problems.Count > 0)
            throw new ArgumentException($"State dict does not fit {module.GetType().Name}: {string.Join("; ", problems)}.", nameof(source));

        using var _ = no_grad();
        foreach (var (key, dest) in target)
        {
            if (!source.TryGetValue(key, out var src)) continue;
            // Held in a variable and disposed after the copy: TorchSharp's copy_ does not keep its argument alive during
            // the native call, so a temporary passed inline could be finalised (and its converted buffer freed) mid-copy
            // when another thread collects garbage (a SIGSEGV seen on a CI machine; StateDictLoadRaceTests).
            using var converted = src.to(dest.dtype, dest.device);
            dest.copy_(converted);
        }
    }

    /// <summary>Selects the entries whose key starts with <paramref name="prefix"/> and strips the prefix.</summary>
    public static Dictionary<string, Tensor> WithPrefix(IReadOnlyDictionary<string, Tensor> source, string prefix) =>
        source.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
              .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
}
