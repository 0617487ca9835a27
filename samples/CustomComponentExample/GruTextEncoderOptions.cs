namespace CustomComponentExample;

/// <summary>The GRU encoder's own options: what the component spec carries into checkpoints as JSON.</summary>
public sealed record GruTextEncoderOptions
{
    /// <summary>Width of the word embedding fed to the GRU.</summary>
    public int WordEmbeddingSize { get; init; } = 32;

    /// <summary>GRU layers.</summary>
    public int Layers { get; init; } = 1;
}
