using System.Diagnostics;

namespace ZslAttnGan.Tests.Packaging;

/// <summary>Runs the dotnet CLI and returns its exit code and combined output.</summary>
internal static class DotnetCli
{
    public static (int ExitCode, string Output) Run(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        Run(workingDirectory, timeout, new Dictionary<string, string>(), arguments);

    /// <summary>Runs with extra environment variables.</summary>
    public static (int ExitCode, string Output) Run(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        // A nested build must not inherit the test host's MSBuild/dotnet-test settings.
        foreach (var key in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "VSTEST_HOST_DEBUG" })
            info.Environment.Remove(key);
        foreach (var (key, value) in environment) info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish within {timeout}.");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
