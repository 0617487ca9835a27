namespace ZslAttnGan.Training;

/// <summary>What a trainer does when a loss is NaN or infinite.</summary>
public enum NonFiniteLossPolicy
{
    /// <summary>Stop with <see cref="TrainingDivergedException"/>; no optimiser step is taken and no checkpoint written.</summary>
    Throw,

    /// <summary>Skip the batch (no optimiser step) and count it in <see cref="TrainingProgress.SkippedBatches"/>.</summary>
    SkipBatch,
}

/// <summary>Optimisation and bookkeeping options. Defaults are the seed's bird.yml values where it has them.</summary>
public sealed record TrainingOptions
{
    /// <summary>Adam learning rate of the encoders (seed 0.001; AttnGAN DAMSM 0.002).</summary>
    public double EncoderLearningRate { get; init; } = 0.001;

    /// <summary>Per-epoch decay of the encoder learning rate while it is above <see cref="EncoderLearningRateFloor"/>·base (0.98).
    /// The seed computes it but never applies it (a bug); here it reaches the optimiser.</summary>
    public double EncoderLearningRateDecay { get; init; } = 0.98;

    /// <summary>Decay stops once the rate is at or below this fraction of the base rate (0.1).</summary>
    public double EncoderLearningRateFloor { get; init; } = 0.1;

    /// <summary>Adam learning rate of the generator (seed 0.001; AttnGAN 0.0002).</summary>
    public double GeneratorLearningRate { get; init; } = 0.001;

    /// <summary>Adam learning rate of each image discriminator (seed 0.001; AttnGAN 0.0002).</summary>
    public double DiscriminatorLearningRate { get; init; } = 0.001;

    /// <summary>Adam learning rate of the ZSL discriminator (seed: the encoder rate, 0.001).</summary>
    public double ZslDiscriminatorLearningRate { get; init; } = 0.001;

    /// <summary>Adam β1 (0.5).</summary>
    public double Beta1 { get; init; } = 0.5;

    /// <summary>Adam β2 (0.999).</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Adam β1 of the generator and image discriminators; null = <see cref="Beta1"/> (DF-GAN: 0).</summary>
    public double? GanBeta1 { get; init; }

    /// <summary>Adam β2 of the generator and image discriminators; null = <see cref="Beta2"/> (DF-GAN: 0.9).</summary>
    public double? GanBeta2 { get; init; }

    /// <summary>Maximum global gradient norm of the text encoder (incl. the ZSL generator) per encoder step (0.25); 0 = no clipping.</summary>
    public double TextGradientClip { get; init; } = 0.25;

    /// <summary>Decay of the exponential moving average of the generator's parameters (0.999).</summary>
    public double EmaDecay { get; init; } = 0.999;

    /// <summary>
    /// Warm the EMA up: at GAN step t use decay min(<see cref="EmaDecay"/>, (1 + t) / (10 + t)). Not in AttnGAN (off by
    /// default); without it a run of a few hundred steps at 0.999 leaves the averaged generator — used for previews,
    /// checkpoints and inference — mostly at its random initial weights.
    /// </summary>
    public bool EmaWarmup { get; init; }

    /// <summary>The EMA decay used at (1-based) step <paramref name="step"/>.</summary>
    public double EmaDecayAt(long step) => EmaWarmup ? Math.Min(EmaDecay, (1.0 + step) / (10.0 + step)) : EmaDecay;

    /// <summary>Seed of the trainer's random source (dropout, noise).</summary>
    public long Seed { get; init; } = 100;

    /// <summary>Save a checkpoint every this many steps (0 = only at the end and on cancellation).</summary>
    public int CheckpointInterval { get; init; }

    /// <summary>Write a preview grid every this many steps (0 = never during training).</summary>
    public int PreviewInterval { get; init; }

    /// <summary>Log losses every this many steps.</summary>
    public int LogInterval { get; init; } = 50;

    /// <summary>Hand the C heap's free pages back to the OS every this many steps (0 = never; see
    /// <see cref="TorchSharpWorkarounds.NativeHeap.ReleaseFreeMemory"/>). Freed activations stay resident in a heap that keeps them for
    /// reuse, and which pages a step happens to reuse drifts, so the resident size creeps up for a few hundred steps;
    /// releasing them now and then keeps it at what is in use, for one re-fault of those pages per interval.</summary>
    public int HeapReleaseInterval { get; init; }

    /// <summary>What to do with a non-finite loss.</summary>
    public NonFiniteLossPolicy NonFiniteLoss { get; init; } = NonFiniteLossPolicy.Throw;

    /// <summary>
    /// These options with the run schedule of <paramref name="schedule"/>: <see cref="CheckpointInterval"/>,
    /// <see cref="PreviewInterval"/>, <see cref="LogInterval"/>, <see cref="HeapReleaseInterval"/> and
    /// <see cref="NonFiniteLoss"/> only decide when things happen around the optimisation, so a resumed run may change
    /// them; every other option defines the optimisation and must stay as the checkpoint recorded it.
    /// </summary>
    public TrainingOptions WithScheduleOf(TrainingOptions schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return this with
        {
            CheckpointInterval = schedule.CheckpointInterval, PreviewInterval = schedule.PreviewInterval, LogInterval = schedule.LogInterval,
            HeapReleaseInterval = schedule.HeapReleaseInterval, NonFiniteLoss = schedule.NonFiniteLoss,
        };
    }

    /// <summary>True when <paramref name="other"/> defines the same optimisation (every option but the schedule, see
    /// <see cref="WithScheduleOf"/>).</summary>
    public bool SameOptimisationAs(TrainingOptions other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return this == other.WithScheduleOf(this);
    }

    /// <summary>Throws <see cref="ArgumentException"/> for out-of-range values.</summary>
    public void Validate()
    {
        if (EncoderLearningRate <= 0 || GeneratorLearningRate <= 0 || DiscriminatorLearningRate <= 0 || ZslDiscriminatorLearningRate <= 0)
            throw new ArgumentException($"Learning rates must be positive: {this}.");
        if (Beta1 is < 0 or >= 1 || Beta2 is < 0 or >= 1 || GanBeta1 is < 0 or >= 1 || GanBeta2 is < 0 or >= 1) throw new ArgumentException("Adam betas must lie in [0, 1).");
        if (EncoderLearningRateDecay is <= 0 or > 1) throw new ArgumentException("EncoderLearningRateDecay must lie in (0, 1].", nameof(EncoderLearningRateDecay));
        if (EmaDecay is < 0 or >= 1) throw new ArgumentException("EmaDecay must lie in [0, 1).", nameof(EmaDecay));
        if (TextGradientClip < 0 || CheckpointInterval < 0 || PreviewInterval < 0 || LogInterval < 0 || HeapReleaseInterval < 0)
            throw new ArgumentException($"Clip and intervals must not be negative: {this}.");
    }

    /// <summary>The encoder learning rate for <paramref name="epoch"/> (0-based) under the decay schedule.</summary>
    public double EncoderLearningRateAt(int epoch)
    {
        double lr = EncoderLearningRate;
        for (int e = 0; e < epoch && lr > EncoderLearningRate * EncoderLearningRateFloor; e++) lr *= EncoderLearningRateDecay;
        return lr;
    }
}
