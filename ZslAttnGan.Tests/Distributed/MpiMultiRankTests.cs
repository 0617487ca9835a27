using System.Diagnostics;
using System.Runtime.InteropServices;
using ZslAttnGan.Distributed;

namespace ZslAttnGan.Tests.Distributed;

/// <summary>Two real ranks: <c>mpirun -np 2 dotnet zsl-attngan.dll distributed selftest</c> from the test output folder
/// (the CLI is a project reference, so its dll is there).</summary>
[Collection(MpiEnvironmentCollection.Name)]
public class MpiMultiRankTests
{
    [RequiresMpiFact]
    public void SelftestPassesOnBothRanks()
    {
        var (exit, output, _) = MpiRun.Selftest(TimeSpan.FromSeconds(90));
        Assert.True(exit == 0, output);
        Assert.Contains("rank 0/2: selftest passed", output);
        Assert.Contains("rank 1/2: selftest passed", output);
    }

    /// <summary>Open MPI's singleton init: MPI in a process mpirun did not start, a world of one.</summary>
    [RequiresMpiFact]
    public void WithoutMpirunMpiCanStillBeInitialisedAsASingleton()
    {
        var (exit, output) = Packaging.DotnetCli.Run(AppContext.BaseDirectory, TimeSpan.FromSeconds(60), Path.Combine(AppContext.BaseDirectory, "zsl-attngan.dll"), "distributed", "selftest", "--mpi-without-mpirun");
        Assert.True(exit == 0, output);
        Assert.Contains("rank 0/1: selftest passed", output);
        Assert.DoesNotContain("no MPI", output);
    }

    [RequiresMpiFact]
    public void AKilledRankEndsTheJobNamingTheDeadRank()
    {
        var (exit, output, elapsed) = MpiRun.Selftest(TimeSpan.FromSeconds(90), "--die-on-rank", "1", "--after-seconds", "2", "--timeout", "20");
        Assert.True(exit != 0, output);
        // mpirun notices the killed process and kills the other rank; the watchdog (20 s) would be the second line of defence.
        Assert.True(output.Contains("rank 1", StringComparison.Ordinal) && (output.Contains("signal 9", StringComparison.Ordinal) || output.Contains("has waited", StringComparison.Ordinal)), output);
        Assert.True(elapsed < TimeSpan.FromSeconds(60), $"{elapsed}: {output}");
    }

    [RequiresMpiFact]
    public void AHungRankIsEndedByTheOtherRanksWatchdog()
    {
        var (exit, output, elapsed) = MpiRun.Selftest(TimeSpan.FromSeconds(90), "--hang-on-rank", "1", "--after-seconds", "2", "--timeout", "5");
        Assert.Equal(MpiProcessGroup.WatchdogExitCode, exit);
        Assert.Contains("rank 0: collective AllReduceSum has waited", output);
        Assert.Contains("another rank probably died or hung; aborting", output);
        Assert.True(elapsed < TimeSpan.FromSeconds(60), $"{elapsed}: {output}");
    }
}

/// <summary>Runs the CLI under mpirun with 2 ranks.</summary>
internal static class MpiRun
{
    /// <summary>The arguments of <c>dotnet</c> that run the CLI from the test output folder. The CLI's own runtime config
    /// names only the base framework, but this folder leaves out the assemblies that the ASP.NET Core framework (which
    /// the tests' WebApiExample reference brings) provides, such as Microsoft.Extensions.Logging.Abstractions: the
    /// tests' runtime config names both frameworks.</summary>
    public static string[] CliDll =>
        ["exec", "--runtimeconfig", Path.Combine(AppContext.BaseDirectory, "ZslAttnGan.Tests.runtimeconfig.json"), Path.Combine(AppContext.BaseDirectory, "zsl-attngan.dll")];

    public static (int ExitCode, string Output, TimeSpan Elapsed) Selftest(TimeSpan timeout, params string[] arguments) =>
        Cli(timeout, ["distributed", "selftest", .. arguments]);

    /// <summary>Runs <c>mpirun -np 2 dotnet zsl-attngan.dll</c> with <paramref name="arguments"/>; <paramref name="started"/>
    /// is called with the mpirun process once it runs (e.g. to signal a rank).</summary>
    public static (int ExitCode, string Output, TimeSpan Elapsed) Cli(TimeSpan timeout, string[] arguments, Action<Process>? started = null)
    {
        // --allow-run-as-root: CI runs as root; --oversubscribe: 2 ranks even where fewer slots are detected.
        var info = new ProcessStartInfo("mpirun") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { "--allow-run-as-root", "--oversubscribe", "-np", "2", "dotnet" }.Concat(CliDll))
            info.ArgumentList.Add(a);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        // The library and timeout come from the command line here, not from a variable another test may have set.
        foreach (var key in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "VSTEST_HOST_DEBUG", MpiLibrary.LibraryEnvironmentVariable, MpiOptions.TimeoutEnvironmentVariable })
            info.Environment.Remove(key);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        started?.Invoke(process);
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"mpirun {string.Join(' ', info.ArgumentList)} did not finish within {timeout}.");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result, clock.Elapsed);
    }
}

/// <summary>A fact that needs Linux, <c>mpirun</c> on the PATH and Open MPI's <c>libmpi.so.40</c> (.ci/run installs
/// openmpi-bin and libopenmpi-dev); skipped with the reason elsewhere.</summary>
public sealed class RequiresMpiFactAttribute : FactAttribute
{
    public RequiresMpiFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "ZslAttnGan.Distributed runs on Linux only";
        else if (!(Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, "mpirun"))))
            Skip = "mpirun is not installed (apt-get install openmpi-bin libopenmpi-dev)";
        else if (!NativeLibrary.TryLoad(MpiLibrary.DefaultName, out var handle)) Skip = $"{MpiLibrary.DefaultName} is not installed (apt-get install openmpi-bin libopenmpi-dev)";
        else NativeLibrary.Free(handle);
    }
}

/// <summary>The tests that set the MPI environment variables and the ones that start processes inheriting them do not
/// run at the same time.</summary>
[CollectionDefinition(Name)]
public sealed class MpiEnvironmentCollection
{
    public const string Name = "MPI environment";
}
