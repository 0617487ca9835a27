using ZslAttnGan.Nn;
using ZslAttnGan.Tests.Infrastructure;

namespace ZslAttnGan.Tests.Nn;

/// <summary>
/// Loading weights while other threads collect garbage. <see cref="StateDicts.LoadStrict"/> once passed the converted
/// source (<c>src.to(dtype, device)</c>, a fresh TorchSharp wrapper nothing else referenced) straight into
/// <c>copy_</c>: TorchSharp does not keep such an argument alive during the native call, so the finalizer could free
/// it mid-copy. That crashed the test host (SIGSEGV in libtorch's copy_ under an import) on a CI machine. Float64 weights
/// into a float32 module make every copy convert, so the freed temporary is a real buffer of its own.
/// </summary>
[Collection(GcPressureCollection.Name)]
public class StateDictLoadRaceTests
{
    [Fact]
    public void LoadingConvertedWeightsUnderGcPressureCopiesEveryValue()
    {
        using var module = torch.nn.Linear(2048, 1024);
        var source = new Dictionary<string, torch.Tensor>();
        using var generator = new torch.Generator(7);
        foreach (var (key, value) in module.state_dict())
            source[key] = torch.rand(value.shape, torch.float64, generator: generator);
        try
        {
            using var pressure = new GcPressure();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (int i = 0; i < 3000 && clock.Elapsed < TimeSpan.FromSeconds(15); i++)
                StateDicts.LoadStrict(module, source);
            pressure.Dispose();
            Assert.True(pressure.Collections > 10, $"only {pressure.Collections} forced collections ran beside loading");
            foreach (var (key, value) in module.state_dict())
            {
                using var scope = torch.NewDisposeScope();
                Assert.True(value.equal(source[key].to(torch.float32)).all().item<bool>(), $"{key} differs from the loaded values");
            }
        }
        finally
        {
            foreach (var t in source.Values) t.Dispose();
        }
    }
}
