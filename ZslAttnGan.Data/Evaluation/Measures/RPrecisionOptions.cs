namespace ZslAttnGan.Evaluation;

/// <summary>Settings of <see cref="RPrecision"/>.</summary>
public sealed record RPrecisionOptions
{
    /// <summary>Candidates per trial: 1 true caption + (PoolSize − 1) mismatched ones (the papers: 100). Smaller pools
    /// suit small datasets; a random scorer gets 1/PoolSize.</summary>
    public int PoolSize { get; init; } = 100;

    /// <summary>Folds the shuffled hits are split into for mean ± std (the papers: 10).</summary>
    public int Folds { get; init; } = 10;

    /// <summary>Seed of the mismatched-caption draws and of the fold shuffle.</summary>
    public int Seed { get; init; }

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (PoolSize < 2) throw new ArgumentOutOfRangeException(nameof(PoolSize), PoolSize, "PoolSize must be at least 2 (one true and one mismatched caption).");
        if (Folds < 1) throw new ArgumentOutOfRangeException(nameof(Folds), Folds, "Folds must be at least 1.");
    }
}
