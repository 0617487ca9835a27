using ZslAttnGan.Testing;
using ZslAttnGan.Training;
using ZslAttnGan.Checkpoints;
using ZslAttnGan.Models;

namespace ZslAttnGan.Tests.Training;

/// <summary>A process killed at any step of a checkpoint save leaves a checkpoint that opens, and resumes.</summary>
[Collection(CheckpointSwapCollection.Name)]
public class CheckpointSwapTests : IDisposable
{
    private readonly string _dir = TinyModels.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AKillAtEveryStepOfTheSwapLeavesTheOldOrTheNewCheckpointUnderItsName()
    {
        var work = Path.Combine(_dir, "work");
        var target = Path.Combine(work, "ckpt");
        using var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 1);
        var vocabulary = TinyModels.Vocabulary();
        Checkpoint.Save(target, model, vocabulary, new CheckpointExtras { Metrics = new Dictionary<string, double> { ["version"] = 1 } });

        // Snapshot the folder at each step of the second save, as a process killed there would leave it.
        var snapshots = new List<(string Step, string Folder)>();
        Checkpoint.SwapStep = step =>
        {
            var copy = Path.Combine(_dir, $"snapshot{snapshots.Count}");
            CopyTree(work, copy);
            snapshots.Add((step, copy));
        };
        try
        {
            Checkpoint.Save(target, model, vocabulary, new CheckpointExtras { Metrics = new Dictionary<string, double> { ["version"] = 2 } });
        }
        finally
        {
            Checkpoint.SwapStep = null;
        }
        Assert.Equal(new[] { "written", "old moved aside", "new moved in" }, snapshots.Select(s => s.Step));
        Assert.False(Directory.Exists(Path.Combine(snapshots[1].Folder, "ckpt")), "the window the test is about: nothing under the name");
        foreach (var (step, folder) in snapshots)
        {
            var opened = Checkpoint.Open(Path.Combine(folder, "ckpt"));
            double version = opened.Manifest.Metrics["version"];
            // Before the swap the old one is the checkpoint; from the moment the old one is aside, the new one.
            Assert.Equal(step == "written" ? 1 : 2, version);
            using var loaded = opened.CreateModel();
        }
        // A later successful save clears the leftovers of the killed one.
        var leftovers = snapshots[1].Folder;
        Checkpoint.Save(Path.Combine(leftovers, "ckpt"), model, vocabulary);
        Assert.Equal(new[] { "ckpt" }, Directory.GetDirectories(leftovers).Select(Path.GetFileName));
        // And the real save left nothing behind.
        Assert.Equal(new[] { "ckpt" }, Directory.GetDirectories(work).Select(Path.GetFileName));
    }

    [Fact]
    public void AnIncompleteTemporaryCopyIsNotRecoveredButTheOldOneIs()
    {
        var target = Path.Combine(_dir, "ckpt");
        using var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 1);
        Checkpoint.Save(target, model, TinyModels.Vocabulary(), new CheckpointExtras { Metrics = new Dictionary<string, double> { ["version"] = 1 } });
        // A kill while writing the new copy (manifest missing) and one after moving the old one aside.
        var half = Path.Combine(_dir, ".ckpt.tmp-half");
        CopyTree(target, half);
        File.Delete(Path.Combine(half, Checkpoint.ManifestFile));
        Directory.Move(target, Path.Combine(_dir, ".ckpt.old-previous"));

        var opened = Checkpoint.Open(target);
        Assert.Equal(1, opened.Manifest.Metrics["version"]);
        Assert.True(Directory.Exists(target));
        Assert.True(Directory.Exists(half), "an incomplete copy is never moved under the name");
    }

    [Fact]
    public void WithoutAnyCompleteCopyTheMessageSaysTheDirectoryDoesNotExist()
    {
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.Open(Path.Combine(_dir, "nothing")));
        Assert.Contains("does not exist", e.Message);
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from)) CopyTree(dir, Path.Combine(to, Path.GetFileName(dir)));
    }
}

/// <summary>The swap seam is process-wide: tests that set it do not run beside other checkpoint writers.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CheckpointSwapCollection
{
    public const string Name = "Checkpoint swap seam";
}
