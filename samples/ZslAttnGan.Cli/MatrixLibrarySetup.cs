using System.CommandLine;
using ZslAttnGan.TorchSharpWorkarounds;

namespace ZslAttnGan.Cli;

/// <summary>Chooses the BLAS for libtorch's matrix products before the first tensor exists (<see cref="MatrixLibrary"/>):
/// <c>ZSLATTNGAN_BLAS</c> when set; otherwise the system's OpenBLAS, when installed, for the <c>gazsl</c> commands (large
/// linear layers, where it is about 25 % faster than libtorch's oneMKL on AMD CPUs), and the bundled oneMKL for
/// everything else (so that the quick start's bytes do not depend on what else is installed).</summary>
internal static class MatrixLibrarySetup
{
    public static void Apply(ParseResult parse)
    {
        bool gazsl = false;
        for (var r = parse.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            gazsl |= r.Command.Name == "gazsl";
        MatrixLibrary.ApplyFromEnvironment(gazsl ? "auto" : "bundled");
    }
}
