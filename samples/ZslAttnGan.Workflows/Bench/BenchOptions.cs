using ZslAttnGan.Training;

namespace ZslAttnGan.Workflows.Bench;

/// <summary>What <see cref="BenchWorkflow"/> times.</summary>
public sealed record BenchOptions
{
    /// <summary>The model and batch sizes (default: the <c>Synthetic</c> preset).</summary>
    public TrainingPreset Preset { get; init; } = Presets.Synthetic;

    /// <summary>Timed repetitions of each operation, after one untimed warm-up.</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>Words in the random vocabulary (the synthetic birds have about a hundred).</summary>
    public int VocabularySize { get; init; } = 120;

    /// <summary>Classes of the ZSL discriminator (the synthetic set has 40 seen species).</summary>
    public int ClassCount { get; init; } = 40;

    /// <summary>Seed of the model and the random inputs.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Device to run on (null: CPU).</summary>
    public TorchSharp.torch.Device? Device { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> for out-of-range values.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Preset, nameof(Preset));
        if (Repeats < 1) throw new ArgumentException($"Repeats must be at least 1 (got {Repeats}).", nameof(Repeats));
        if (VocabularySize < 2) throw new ArgumentException($"VocabularySize must be at least 2 (got {VocabularySize}).", nameof(VocabularySize));
        if (ClassCount < 1) throw new ArgumentException($"ClassCount must be at least 1 (got {ClassCount}).", nameof(ClassCount));
    }
}

/// <summary>One timed operation.</summary>
/// <param name="Operation">What was timed.</param>
/// <param name="BatchSize">Images per call.</param>
/// <param name="Repeats">Timed calls.</param>
/// <param name="MeanMilliseconds">Mean wall time per call.</param>
/// <param name="MinMilliseconds">Fastest call.</param>
public sealed record BenchRow(string Operation, int BatchSize, int Repeats, double MeanMilliseconds, double MinMilliseconds)
{
    /// <summary>Images per second at the mean time.</summary>
    public double ImagesPerSecond => BatchSize / (MeanMilliseconds / 1000.0);
}
