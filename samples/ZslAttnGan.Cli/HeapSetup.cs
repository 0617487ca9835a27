using System.CommandLine;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Training;
using ZslAttnGan.Runs;

namespace ZslAttnGan.Cli;

/// <summary>Chooses the native heap policy for a command line before any tensor exists (libtorch reads part of it at
/// its first allocation): the training preset decides for <c>train</c>, <c>quickstart</c> and <c>bench --memory</c>
/// (the small <c>Synthetic</c> model), the bird config's large activations for the reference <c>bench</c>, and huge
/// pages for everything else. <c>ZSLATTNGAN_NATIVE_HEAP</c> overrides it.</summary>
internal static class HeapSetup
{
    public static NativeHeapPolicy Apply(ParseResult parse) => HeapPolicies.ApplyFromEnvironment(Choose(parse));

    internal static NativeHeapPolicy Choose(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        bool Has(string option) => command.Options.Any(o => o.Name == option);
        string? Value(string option) => Has(option) ? parse.GetValue<string?>(option) : null;
        return command.Name switch
        {
            "quickstart" => HeapPolicies.For(Presets.Synthetic.Model),
            "train" => PresetPolicy(Value("--preset")) ?? HeapPolicies.For(Presets.Synthetic.Model),
            "bench" when Has("--memory") && parse.GetValue<bool>("--memory") => HeapPolicies.For(Presets.Synthetic.Model),
            "bench" => PresetPolicy(Value("--preset")) ?? NativeHeapPolicy.HugePages,
            _ => NativeHeapPolicy.HugePages,
        };
    }

    private static NativeHeapPolicy? PresetPolicy(string? name) =>
        name is not null && Presets.All.TryGetValue(name, out var preset) ? HeapPolicies.For(preset.Model) : null;
}
