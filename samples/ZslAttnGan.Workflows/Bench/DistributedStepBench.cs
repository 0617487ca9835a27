using System.Diagnostics;
using ZslAttnGan.Collectives;
using ZslAttnGan.Runs;
using ZslAttnGan.Models;
using ZslAttnGan.Text;
using ZslAttnGan.Training;
using static TorchSharp.torch;

namespace ZslAttnGan.Workflows.Bench;

/// <summary>One rank's measurement of data-parallel GAN steps (see <see cref="DistributedStepBench"/>).</summary>
/// <param name="Workload">What was timed.</param>
/// <param name="Ranks">Ranks in the group.</param>
/// <param name="GlobalBatch">Rows per step over all ranks.</param>
/// <param name="Threads">libtorch's intra-op threads on this rank.</param>
/// <param name="StepSeconds">Median wall time of one step.</param>
/// <param name="CommunicationSeconds">Median time of one step spent in collectives (waiting for the other ranks included).</param>
/// <param name="BytesPerStep">Bytes all-reduced and broadcast per step.</param>
/// <param name="CollectivesPerStep">Collective calls per step (gradient averages, buffer broadcast, the ranks' agreement on
/// stopping and on finite losses).</param>
public sealed record DistributedStepResult(string Workload, int Ranks, int GlobalBatch, int Threads, double StepSeconds,
    double CommunicationSeconds, long BytesPerStep, long CollectivesPerStep)
{
    /// <summary>Share of a step spent in collectives.</summary>
    public double CommunicationShare => StepSeconds > 0 ? CommunicationSeconds / StepSeconds : double.NaN;

    /// <summary>Global images per second.</summary>
    public double ImagesPerSecond => GlobalBatch / StepSeconds;
}

/// <summary>
/// Times GAN steps of a data-parallel run on random data, on every rank of <c>group</c>: the seed's bird configuration
/// at a global batch of 8 (<c>gan-b8</c>) or the Synthetic preset (<c>synthetic-gan</c>). Each rank trains its shard of
/// every global batch; the group is wrapped in a <see cref="TimedProcessGroup"/> to split each step into compute and
/// communication.
/// </summary>
public static class DistributedStepBench
{
    /// <summary>The workloads: id → (preset, global batch).</summary>
    public static IReadOnlyDictionary<string, (TrainingPreset Preset, int Batch)> Workloads { get; } = new Dictionary<string, (TrainingPreset, int)>
    {
        ["gan-b8"] = (ReferenceWorkloads.All.Single(w => w.Id == "gan-b8").Preset, 8),
        ["synthetic-gan"] = (Presets.Synthetic, Presets.Synthetic.GanBatchSize),
    };

    /// <summary>Runs <paramref name="warmup"/> untimed then <paramref name="steps"/> timed steps of <paramref name="workload"/>.</summary>
    /// <exception cref="ArgumentException">Unknown workload, or a batch that does not divide into the ranks.</exception>
    public static DistributedStepResult Run(string workload, IProcessGroup group, int steps = 3, int warmup = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (!Workloads.TryGetValue(workload, out var w))
            throw new ArgumentException($"Unknown workload '{workload}'; choose {string.Join(" or ", Workloads.Keys)}.", nameof(workload));
        if (w.Batch % group.Size != 0)
            throw new ArgumentException($"The global batch of {w.Batch} does not divide into {group.Size} ranks.", nameof(group));
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var preset = w.Preset;
        var vocabulary = Vocabulary.FromWords(new[] { Vocabulary.EndToken }
            .Concat(Enumerable.Range(1, ReferenceWorkload.VocabularySize - 1).Select(i => $"w{i}")));
        var timed = new TimedProcessGroup(group);
        using var model = new ZslAttnGanModel(preset.Model, vocabulary.Count, ReferenceWorkload.ClassCount, seed: 1);
        model.ChannelsLast = true;
        model.ChannelsLastSizeLimit = WorkloadRunner.TrainingChannelsLastSizeLimit;
        var training = preset.Training with { LogInterval = 0, CheckpointInterval = 0, PreviewInterval = 0 };
        using var trainer = new GanTrainer(model, vocabulary, preset.Loss, training) { ProcessGroup = timed };
        var data = new ShardedTrainingData(new RandomTrainingData(preset.Model.ImageSizes, w.Batch, vocabulary.Count,
            ReferenceWorkload.ClassCount, ReferenceWorkload.Words, seed: 1), group.Rank, group.Size);
        // One Train call (its start broadcasts every weight from rank 0, which is not a step's cost): each step is the
        // interval between two progress reports, its communication the collectives' time in that interval.
        var clock = Stopwatch.StartNew();
        var stamps = new List<(double Wall, double Communication, long Bytes, long Calls)>();
        var progress = new SyncProgress<TrainingProgress>(_ => stamps.Add((clock.Elapsed.TotalSeconds, timed.Elapsed.TotalSeconds, timed.Bytes, timed.Calls)));
        var result = trainer.Train(data, Math.Max(1, warmup) + steps, progress, cancellationToken);
        if (result.Cancelled) throw new OperationCanceledException();
        var timedSteps = stamps.Skip(Math.Max(1, warmup) - 1).Zip(stamps.Skip(Math.Max(1, warmup)), (a, b) => (Wall: b.Wall - a.Wall, Communication: b.Communication - a.Communication, Bytes: b.Bytes - a.Bytes, Calls: b.Calls - a.Calls)).ToList();
        var stepTimes = timedSteps.Select(t => t.Wall).ToList();
        var commTimes = timedSteps.Select(t => t.Communication).ToList();
        long bytes = timedSteps[^1].Bytes, calls = timedSteps[^1].Calls;
        return new DistributedStepResult(workload, group.Size, w.Batch, get_num_threads(), Median(stepTimes), Median(commTimes), bytes, calls);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
