using System.Runtime.CompilerServices;

namespace ZslAttnGan.Tests.Infrastructure;

/// <summary>
/// With <c>ZSLATTNGAN_GC_PRESSURE=1</c> in the environment, the whole test run executes beside a <see cref="GcPressure"/>
/// thread: a race hunt for TorchSharp temporaries that library code passes to native calls outside a DisposeScope
/// (docs/architecture.md, "TorchSharp pitfalls"). A crash then names the code in the crash report
/// (<c>DOTNET_DbgEnableMiniDump=1 DOTNET_EnableCrashReport=1</c>). Off by default: test code itself is not held to
/// the library's rules, and a normal run must not crash on a test's own temporaries.
/// </summary>
internal static class GcPressureEverywhere
{
    public const string EnvironmentVariable = "ZSLATTNGAN_GC_PRESSURE";

    private static GcPressure? _pressure;

    [ModuleInitializer]
    internal static void StartWhenAsked()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) == "1") _pressure = new GcPressure();
    }
}
