using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl;

/// <summary>
/// Maps the reference's state-dict keys (EthanZhu90/ZSL_GAN <c>models.py</c>) to ours and back, so that reference
/// weights load into <see cref="GazslTextGenerator.Net"/> and the critic without renaming our modules' keys (other code
/// and checkpoints rely on them). <see cref="GazslAttributeGenerator"/> already uses the reference's keys.
/// </summary>
public static class GazslReferenceKeys
{
    private static readonly (string Reference, string Ours)[] GeneratorPrefixes =
    {
        ("rdc_text.", "input."), ("main.0.", "output.0."), ("main.2.", "output.2."),
    };

    private static readonly (string Reference, string Ours)[] CriticPrefixes =
    {
        ("D_shared.0.", "shared_layers.0."), ("D_gan.", "fake_head.0."), ("D_aux.", "class_head.0."),
    };

    /// <summary>Our key of <see cref="GazslTextGenerator.Net"/> for a reference <c>_netG</c> key.</summary>
    /// <exception cref="ArgumentException">The key is not one of <c>_netG</c>'s.</exception>
    public static string GeneratorKey(string referenceKey) => Map(referenceKey, GeneratorPrefixes, toOurs: true, "_netG");

    /// <summary>The reference <c>_netG</c> key for one of ours.</summary>
    public static string ReferenceGeneratorKey(string ourKey) => Map(ourKey, GeneratorPrefixes, toOurs: false, nameof(GazslTextGenerator));

    /// <summary>Our critic (<see cref="Zsl.ZslDiscriminator"/>) key for a reference <c>_netD</c> key.</summary>
    public static string CriticKey(string referenceKey) => Map(referenceKey, CriticPrefixes, toOurs: true, "_netD");

    /// <summary>The reference <c>_netD</c> key for one of ours.</summary>
    public static string ReferenceCriticKey(string ourKey) => Map(ourKey, CriticPrefixes, toOurs: false, "ZslDiscriminator");

    /// <summary>Renames a reference <c>_netG</c> state dict to our keys (tensors are not copied).</summary>
    public static Dictionary<string, Tensor> GeneratorFromReference(IReadOnlyDictionary<string, Tensor> reference) =>
        Rename(reference, GeneratorKey);

    /// <summary>Renames a reference <c>_netD</c> state dict to our keys (tensors are not copied).</summary>
    public static Dictionary<string, Tensor> CriticFromReference(IReadOnlyDictionary<string, Tensor> reference) =>
        Rename(reference, CriticKey);

    private static Dictionary<string, Tensor> Rename(IReadOnlyDictionary<string, Tensor> source, Func<string, string> map)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.ToDictionary(kv => map(kv.Key), kv => kv.Value);
    }

    private static string Map(string key, (string Reference, string Ours)[] prefixes, bool toOurs, string what)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var (reference, ours) in prefixes)
        {
            var (from, to) = toOurs ? (reference, ours) : (ours, reference);
            if (key.StartsWith(from, StringComparison.Ordinal)) return to + key[from.Length..];
        }
        throw new ArgumentException(
            $"'{key}' is not a state-dict key of {what} (expected one starting with {string.Join(", ", prefixes.Select(p => toOurs ? p.Reference : p.Ours))}).",
            nameof(key));
    }
}
