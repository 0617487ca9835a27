using System.Diagnostics;
using ZslAttnGan.Text;
using ZslAttnGan.Training;
using ZslAttnGan.Runs;
using ZslAttnGan.Models;

namespace ZslAttnGan.Workflows.Bench;

/// <summary>One RSS sample of <see cref="MemoryStability"/>.</summary>
/// <param name="Step">Steps done.</param>
/// <param name="RssBytes">Resident memory after that step.</param>
/// <param name="Seconds">Time since the start of the run.</param>
/// <param name="ManagedBytes">Bytes on the .NET heap (part of the RSS).</param>
/// <param name="LiveTensors">Tensors (native handles) alive in the process.</param>
/// <param name="NativeInUseBytes">C-heap bytes in use (glibc only; 0 elsewhere).</param>
/// <param name="NativeFreeBytes">C-heap bytes held free inside the heap (glibc only; 0 elsewhere).</param>
/// <param name="WindowPeakBytes">Peak resident memory since the previous sample (Linux; elsewhere the process's peak).</param>
public sealed record RssSample(long Step, long RssBytes, double Seconds, long ManagedBytes, long LiveTensors,
    long NativeInUseBytes = 0, long NativeFreeBytes = 0, long WindowPeakBytes = 0);

/// <summary>The samples of a stability run and the growth after the first interval.</summary>
/// <param name="Samples">RSS every interval, the first at the end of the first interval.</param>
/// <param name="HeapReleaseInterval">Steps between releases of free heap pages during the run (0 = never).</param>
public sealed record MemoryStabilityReport(IReadOnlyList<RssSample> Samples, int HeapReleaseInterval = 0)
{
    /// <summary>Relative growth of RSS from the first sample to the last: (last − first) / first.</summary>
    public double GrowthAfterFirstInterval => Samples.Count < 2 ? 0 : (double)(Samples[^1].RssBytes - Samples[0].RssBytes) / Samples[0].RssBytes;

    /// <summary>Relative growth from the sample at <paramref name="step"/> (or the first after it) to the last.</summary>
    public double GrowthAfter(long step)
    {
        var from = Samples.FirstOrDefault(s => s.Step >= step);
        return from is null || Samples.Count < 2 ? 0 : (double)(Samples[^1].RssBytes - from.RssBytes) / from.RssBytes;
    }

    /// <summary>Live tensor handles added per step between the first and the last sample (a steady leak shows here first).</summary>
    public double TensorsPerStep => Samples.Count < 2 ? 0 : (double)(Samples[^1].LiveTensors - Samples[0].LiveTensors) / (Samples[^1].Step - Samples[0].Step);

    /// <summary>Relative growth of the per-interval peak RSS from the second interval to the last (the first interval's
    /// peak includes building the model).</summary>
    public double PeakGrowthAfterFirstInterval => Samples.Count < 3 ? 0 : (double)(Samples[^1].WindowPeakBytes - Samples[1].WindowPeakBytes) / Samples[1].WindowPeakBytes;

    /// <summary>The largest RSS after the first sample relative to the first.</summary>
    public double MaxGrowthAfterFirstInterval => Samples.Count < 2 ? 0 : (double)(Samples.Skip(1).Max(s => s.RssBytes) - Samples[0].RssBytes) / Samples[0].RssBytes;
}

/// <summary>
/// The memory-stability check of issue 8: GAN-phase steps of a preset (default <see cref="Presets.Synthetic"/>, 1000
/// steps) on fresh random batches, RSS sampled every <c>interval</c> steps. A leak of tensors or native scalars per step
/// shows as steady growth after the first interval (allocator pools and JIT settle within it).
/// </summary>
public static class MemoryStability
{
    /// <summary>Runs the check.</summary>
    /// <param name="preset">The preset to train (default <see cref="Presets.Synthetic"/>).</param>
    /// <param name="steps">GAN steps to run.</param>
    /// <param name="interval">Steps between samples.</param>
    /// <param name="heapReleaseInterval">Overrides the preset's <see cref="TrainingOptions.HeapReleaseInterval"/> (0 = never).</param>
    /// <param name="reporter">Receives a line per sample.</param>
    /// <param name="cancellationToken">Stops the run at a step boundary.</param>
    public static MemoryStabilityReport Run(TrainingPreset? preset = null, int steps = 1000, int interval = 50, int? heapReleaseInterval = null,
        IRunReporter? reporter = null, CancellationToken cancellationToken = default)
    {
        preset ??= Presets.Synthetic;
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "steps must be positive.");
        if (interval < 1) throw new ArgumentOutOfRangeException(nameof(interval), interval, "interval must be positive.");
        const int classes = 40;
        var vocabulary = Vocabulary.FromWords(new[] { Vocabulary.EndToken }.Concat(Enumerable.Range(1, 119).Select(i => $"w{i}")));
        using var model = new ZslAttnGanModel(preset.Model, vocabulary.Count, classes, seed: 1);
        var training = preset.Training with
        {
            LogInterval = 0, CheckpointInterval = 0, PreviewInterval = 0,
            HeapReleaseInterval = heapReleaseInterval ?? preset.Training.HeapReleaseInterval,
        };
        using var gan = new GanTrainer(model, vocabulary, preset.Loss, training);
        var data = new RandomTrainingData(preset.Model.ImageSizes, preset.GanBatchSize, vocabulary.Count, classes, preset.WordsPerCaption, seed: 1);
        var samples = new List<RssSample>();
        var clock = Stopwatch.StartNew();
        var progress = new SyncProgress<TrainingProgress>(p =>
        {
            if (p.Step % interval != 0) return;
            // A full collection first, so that tensors only the finaliser still holds (TorchSharp frees some internal
            // handles that way) do not count as growth: the sample is what the process really keeps.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var heap = ProcessMemory.NativeHeap() ?? (0, 0);
            samples.Add(new RssSample(p.Step, ProcessMemory.CurrentBytes, clock.Elapsed.TotalSeconds, GC.GetTotalMemory(false),
                TorchSharp.torch.Tensor.TotalCount, heap.InUse, heap.Free, ProcessMemory.PeakBytes));
            ProcessMemory.ResetPeak();
            reporter?.Info($"step {p.Step}: RSS {samples[^1].RssBytes / 1e6:F0} MB (peak in the interval {samples[^1].WindowPeakBytes / 1e6:F0} MB), " +
                           $"C heap in use {heap.InUse / 1e6:F0} MB, free {heap.Free / 1e6:F0} MB");
        });
        var result = gan.Train(data, steps, progress, cancellationToken);
        if (result.Cancelled) throw new OperationCanceledException(cancellationToken);
        return new MemoryStabilityReport(samples, training.HeapReleaseInterval);
    }
}
