namespace ZslAttnGan.Gazsl;

/// <summary>
/// Hidden widths of the GAZSL nets. The reference hard-codes them as module constants in <c>models.py</c>
/// (<c>rdc_text_dim</c> 1000, <c>z_dim</c> 100, <c>h_dim</c> 4096, shared by generator and critic); they are options here
/// so that small nets (tests, fixtures) can be built.
/// </summary>
/// <param name="ReducedTextSize">Output of the text-reduction layer (<c>rdc_text_dim</c>, 1000).</param>
/// <param name="NoiseSize">Noise size (<c>z_dim</c>, 100).</param>
/// <param name="HiddenSize">Hidden width of the generator and of the critic (<c>h_dim</c>, 4096).</param>
public sealed record GazslNetSizes(int ReducedTextSize = 1000, int NoiseSize = 100, int HiddenSize = 4096)
{
    /// <summary>The reference's sizes (1000, 100, 4096).</summary>
    public static GazslNetSizes Reference { get; } = new();

    internal void Validate()
    {
        if (ReducedTextSize <= 0 || NoiseSize <= 0 || HiddenSize <= 0)
            throw new ArgumentException($"GAZSL net sizes must be positive: {this}.");
    }
}
