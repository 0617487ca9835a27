using System.Diagnostics;
using System.Text.Json;
using ZslAttnGan.Checkpoints;
using ZslAttnGan.Data.Synthetic;
using ZslAttnGan.Tests.Data;

namespace ZslAttnGan.Tests.Distributed;

/// <summary><c>mpirun -np 2 zsl-attngan train … --distributed</c> on a tiny synthetic bird set: two real processes.</summary>
[Collection(MpiEnvironmentCollection.Name)]
public class MpiTrainingTests
{
    private static string Birds(TempFolder folder)
    {
        var data = folder.Combine("birds");
        SyntheticBirdsGenerator.Generate(data, new SyntheticBirdsOptions { Species = 4, UnseenSpecies = 1, ImagesPerSpecies = 6, ImageSize = 64, CaptionsPerImage = 2, Workers = 1 });
        return data;
    }

    private static string[] Train(string data, string output, long steps, params string[] more) =>
        ["train", "-p", "joint", "-d", data, "-o", output, "--steps", $"{steps}", "--batch-size", "4", "--checkpoint-every", "0",
         "--preview-every", "0", "--distributed", "--state-checksums", Path.Combine(output, "sums"), .. more];

    private static Dictionary<string, string> Sums(string output, int rank) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(output, "sums", $"rank-{rank}.json")))!;

    /// <summary>After K steps every tensor of both ranks' state (weights, buffers, optimiser moments, EMA) has the same
    /// SHA-256; rank 0 alone writes the run folder's checkpoint; the run resumes on 2 ranks and on 1.</summary>
    [RequiresMpiFact]
    public void TwoRanksTrainIdenticallyAndResumeOnAnyNumberOfRanks()
    {
        using var folder = new TempFolder();
        var data = Birds(folder);
        var run = folder.Combine("run");
        var (exit, output, _) = MpiRun.Cli(TimeSpan.FromMinutes(4), Train(data, run, 3));
        Assert.True(exit == 0, output);
        var rank0 = Sums(run, 0);
        Assert.Contains(rank0.Keys, k => k.StartsWith("optimizer/", StringComparison.Ordinal));
        Assert.Contains(rank0.Keys, k => k.StartsWith("generator_ema/", StringComparison.Ordinal) || k.Contains("ema", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(rank0, Sums(run, 1));
        Assert.Contains("2 ranks", output);
        Assert.Equal(3, Checkpoint.Open(Path.Combine(run, "checkpoint")).Manifest.State!.Step);

        (exit, output, _) = MpiRun.Cli(TimeSpan.FromMinutes(4), Train(data, run, 5, "--resume", "latest"));
        Assert.True(exit == 0, output);
        Assert.Equal(Sums(run, 0), Sums(run, 1));
        Assert.Equal(5, Checkpoint.Open(Path.Combine(run, "checkpoint")).Manifest.State!.Step);

        // The same run folder continued by one process (a world of one).
        var (single, singleOutput) = Packaging.DotnetCli.Run(AppContext.BaseDirectory, TimeSpan.FromMinutes(4),
            [.. MpiRun.CliDll, .. Train(data, run, 6, "--resume", "latest")]);
        Assert.True(single == 0, singleOutput);
        Assert.Equal(6, Checkpoint.Open(Path.Combine(run, "checkpoint")).Manifest.State!.Step);

        // Sharded evaluation of that checkpoint on 2 ranks gives one process's report. Each rank runs 1 libtorch thread
        // (cores / local ranks), so the single process does too: the thread count changes float rounding.
        string[] Evaluate(string output) => ["evaluate", "-c", Path.Combine(run, "checkpoint"), "-d", data, "-o", folder.Combine(output),
            "--samples", "12", "--metrics", "r_precision,zsl_accuracy,gzsl,diversity"];
        (exit, output, _) = MpiRun.Cli(TimeSpan.FromMinutes(4), [.. Evaluate("sharded"), "--distributed"]);
        Assert.True(exit == 0, output);
        (single, singleOutput) = Packaging.DotnetCli.Run(AppContext.BaseDirectory, TimeSpan.FromMinutes(4),
            new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "1" }, [.. MpiRun.CliDll, .. Evaluate("whole")]);
        Assert.True(single == 0, singleOutput);
        var sharded = ZslAttnGan.Evaluation.EvaluationReport.FromJson(File.ReadAllText(Path.Combine(folder.Combine("sharded"), "report.json")));
        var whole = ZslAttnGan.Evaluation.EvaluationReport.FromJson(File.ReadAllText(Path.Combine(folder.Combine("whole"), "report.json")));
        Assert.NotEmpty(whole.Results);
        Assert.Equal(whole.Results.Select(r => (r.Metric, r.Split, r.Value, r.N)), sharded.Results.Select(r => (r.Metric, r.Split, r.Value, r.N)));
    }

    /// <summary>SIGINT to rank 1 alone (Ctrl-C on one machine): both ranks stop after the same step, rank 0 writes the
    /// checkpoint, and the job ends as cancelled.</summary>
    [RequiresMpiFact]
    public void InterruptingOneRankStopsBothCleanly()
    {
        using var folder = new TempFolder();
        var data = Birds(folder);
        var run = folder.Combine("run");
        var (exit, output, _) = MpiRun.Cli(TimeSpan.FromMinutes(4), Train(data, run, 100_000), mpirun =>
        {
            // Wait until training runs (rank 0's first log line would be nicer, but the console is Spectre's), then
            // interrupt rank 1 only.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            int? rank1 = null;
            while (DateTime.UtcNow < deadline && (rank1 = RankProcess(mpirun.Id, 1)) is null) Thread.Sleep(200);
            Assert.NotNull(rank1);
            Thread.Sleep(TimeSpan.FromSeconds(25));
            Process.Start("kill", ["-INT", $"{rank1}"])!.WaitForExit();
        });
        Assert.True(exit != 0, output);
        var step = Checkpoint.Open(Path.Combine(run, "checkpoint")).Manifest.State!.Step;
        Assert.InRange(step, 1, 99_999);
        Assert.Equal(Sums(run, 0), Sums(run, 1));
    }

    /// <summary>The pid of the rank <paramref name="rank"/> process among <paramref name="mpirun"/>'s children.</summary>
    private static int? RankProcess(int mpirun, int rank)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            try
            {
                var parent = File.ReadAllLines(Path.Combine(dir, "status")).FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal));
                if (parent is null || int.Parse(parent[5..].Trim(), System.Globalization.CultureInfo.InvariantCulture) != mpirun) continue;
                var environment = File.ReadAllText(Path.Combine(dir, "environ")).Split('\0');
                if (environment.Contains($"OMPI_COMM_WORLD_RANK={rank}")) return pid;
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return null;
    }
}
