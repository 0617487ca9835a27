namespace ZslAttnGan.Evaluation;

/// <summary>Settings of the ResNet-18 metrics (<see cref="Metrics.FrdMetric"/>, <see cref="Metrics.ResNet18DiversityMetric"/>).</summary>
public sealed record ResNet18MetricOptions
{
    /// <summary>Folder holding the ONNX files (see <see cref="ResNet18ModelFiles.In"/>); null: <c>DnnImageModels/</c>
    /// beside the application (<see cref="ResNet18ModelFiles.Default"/>).</summary>
    public string? ModelDirectory { get; init; }

    /// <summary>Images in each of FRD's three samples per split (generated, real, second real); null uses
    /// <see cref="EvaluationOptions.SamplesPerSplit"/>. Never more than <see cref="EvaluationOptions.SamplesPerSplit"/>
    /// (the generated images available), nor more than half the split's held-out real images.</summary>
    public int? FrdImages { get; init; }

    /// <summary>Captions (one per species) whose seeds the diversity metric compares, per split.</summary>
    public int DiversityCaptions { get; init; } = 8;

    /// <summary>Images per caption (seeds), and real images per species at most, of the diversity metric.</summary>
    public int DiversitySeeds { get; init; } = 8;

    /// <summary>ONNX Runtime's intra-op threads (0: its default, one per physical core).</summary>
    public int Threads { get; init; }

    /// <summary>The model files these options point at.</summary>
    public ResNet18ModelFiles Files => ResNet18ModelFiles.InOrDefault(ModelDirectory);

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (FrdImages is < 2) throw new ArgumentOutOfRangeException(nameof(FrdImages), FrdImages, "FrdImages must be at least 2.");
        if (DiversityCaptions < 1) throw new ArgumentOutOfRangeException(nameof(DiversityCaptions), DiversityCaptions, "DiversityCaptions must be positive.");
        if (DiversitySeeds < 2) throw new ArgumentOutOfRangeException(nameof(DiversitySeeds), DiversitySeeds, "DiversitySeeds must be at least 2.");
        if (Threads < 0) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must not be negative.");
    }
}
