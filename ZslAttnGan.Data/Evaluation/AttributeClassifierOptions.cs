namespace ZslAttnGan.Evaluation;

/// <summary>
/// How the attribute classifier ("judge") for attribute accuracy is trained and cached. The defaults read every
/// held-out real image of the default synthetic birds right (seen and unseen species, several data and training seeds)
/// and train in 3–7 s on one core of a quiet machine; see docs/evaluation.md.
/// </summary>
public sealed record AttributeClassifierOptions
{
    /// <summary>Image size the classifier reads (images are resized to it).</summary>
    public int ImageSize { get; init; } = 32;

    /// <summary>Channels of the first stage (the classifier has w, 2w, 4w).</summary>
    public int Width { get; init; } = 16;

    /// <summary>Passes over the training images (6 with the former network left body and head colour at 0.7–0.86).</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Images per step.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; } = 2e-3;

    /// <summary>Seed of initialisation, shuffling and augmentation.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Mirror half of each batch left–right at random (birds face either way; a mirrored bird has the same colours).</summary>
    public bool Flip { get; init; } = true;

    /// <summary>Largest random shift in whole pixels at <see cref="ImageSize"/> (0: none), so the judge does not rely on
    /// where the crop put the bird. Augmentation never changes colours: colour is what the judge reads.</summary>
    public int MaxShift { get; init; } = 2;

    /// <summary>libtorch intra-op threads while training (restored afterwards); 0 keeps the current setting. One thread,
    /// the default, makes the trained weights independent of the machine's core count, and on a busy machine it is much
    /// faster than two: with other processes on the cores, OpenMP's per-operation barriers wait for descheduled threads
    /// (measured on 2 cores at a load average of 4–10: 5–7 s with one thread, 130–175 s with two; when quiet, 3.4–4.9 s against 2.5–2.7 s). The setting is process-wide,
    /// so do not train the judge while other threads run libtorch work.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Where the trained weights are cached; null means <c>&lt;dataset&gt;/attribute_classifier.safetensors</c> (with a
    /// <c>.json</c> sidecar holding the dataset checksum, these options and the cache format). A cached classifier is
    /// reused only when all of them match.</summary>
    public string? CachePath { get; init; }

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (ImageSize < 16 || ImageSize % 8 != 0) throw new ArgumentOutOfRangeException(nameof(ImageSize), ImageSize, "ImageSize must be a multiple of 8 and at least 16.");
        if (Width < 1) throw new ArgumentOutOfRangeException(nameof(Width), Width, "Width must be positive.");
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be positive.");
        if (BatchSize < 2) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 2 (BatchNorm).");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be positive and finite.");
        if (MaxShift < 0 || MaxShift >= ImageSize / 2) throw new ArgumentOutOfRangeException(nameof(MaxShift), MaxShift, $"MaxShift must be in 0..{ImageSize / 2 - 1} (less than half of ImageSize).");
        if (Threads < 0) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must not be negative (0 keeps the current setting).");
    }
}
