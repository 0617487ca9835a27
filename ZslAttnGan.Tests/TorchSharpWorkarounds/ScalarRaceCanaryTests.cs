using System.Reflection;

namespace ZslAttnGan.Tests.TorchSharpWorkarounds;

/// <summary>
/// The workarounds in ZslAttnGan.Core/TorchSharpWorkarounds (and the banned-API list) exist because TorchSharp 0.107
/// frees temporary Scalars on the GC finalizer thread without keeping them alive during the native call
/// (docs/architecture.md, "TorchSharp pitfalls"). This canary reads TorchSharp's own IL: it fails loudly when a
/// TorchSharp update changes that, so the workarounds can be re-checked and retired.
/// </summary>
public class ScalarRaceCanaryTests
{
    private static IReadOnlyList<MethodBase> CalledBy(MethodInfo method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray() ?? throw new InvalidOperationException($"{method} has no IL body.");
        var called = new List<MethodBase>();
        // call (0x28), callvirt (0x6F) and newobj (0x73) take a 4-byte method token. Scanning every byte may meet the
        // opcode value inside an operand; such false tokens simply fail to resolve and are skipped.
        for (int i = 0; i + 4 < il.Length; i++)
        {
            if (il[i] is not (0x28 or 0x6F or 0x73)) continue;
            int token = BitConverter.ToInt32(il, i + 1);
            try
            {
                if (method.Module.ResolveMethod(token) is { } m) called.Add(m);
            }
            catch (ArgumentException) { }
        }
        return called;
    }

    [Fact]
    public void TorchSharpStillLeavesTheTemporaryAlphaToTheFinalizer()
    {
        var scalar = typeof(Scalar);
        Assert.True(scalar.GetMethod("Finalize", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly) is not null ||
                    scalar.BaseType?.GetMethod("Finalize", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly) is not null,
            "TorchSharp's Scalar no longer frees itself in a finalizer: the GC race the TorchSharpWorkarounds avoid may be gone. Re-check and retire them.");

        var add = typeof(torch.Tensor).GetMethod(nameof(torch.Tensor.add), new[] { typeof(torch.Tensor) })!;
        var calls = CalledBy(add);
        var version = typeof(torch.Tensor).Assembly.GetName().Version;
        Assert.True(calls.Any(m => m.DeclaringType == scalar && m.Name == "op_Implicit"),
            $"TorchSharp {version}: Tensor.add(Tensor) no longer converts a temporary alpha implicitly. The race may be fixed: re-check docs/architecture.md (TorchSharp pitfalls) and retire ZslAttnGan.Core/TorchSharpWorkarounds and BannedSymbols.txt.");
        Assert.False(calls.Any(m => m.Name == nameof(GC.KeepAlive) || (m.DeclaringType == scalar && m.Name == nameof(IDisposable.Dispose))),
            $"TorchSharp {version}: Tensor.add(Tensor) now keeps its temporary alpha alive or disposes it. The race may be fixed: re-check and retire the workarounds.");
    }
}
