namespace ZslAttnGan.Evaluation;

/// <summary>How the attribute classifier for attribute accuracy is trained and cached.</summary>
public sealed record AttributeClassifierOptions
{
    /// <summary>Image size the classifier reads (images are resized to it).</summary>
    public int ImageSize { get; init; } = 32;

    /// <summary>Channels of the first convolution block.</summary>
    public int Width { get; init; } = 16;

    /// <summary>Passes over the training images.</summary>
    public int Epochs { get; init; } = 6;

    /// <summary>Images per step.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; } = 2e-3;

    /// <summary>Seed of initialisation and shuffling.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Where the trained weights are cached; null means <c>&lt;dataset&gt;/attribute_classifier.safetensors</c> (with a
    /// <c>.json</c> sidecar holding the dataset checksum and these options). A cached classifier is reused only when
    /// both match.</summary>
    public string? CachePath { get; init; }

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (ImageSize < 16 || ImageSize % 8 != 0) throw new ArgumentOutOfRangeException(nameof(ImageSize), ImageSize, "ImageSize must be a multiple of 8 and at least 16.");
        if (Width < 1) throw new ArgumentOutOfRangeException(nameof(Width), Width, "Width must be positive.");
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be positive.");
        if (BatchSize < 2) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 2 (BatchNorm).");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be positive.");
    }
}
