using Microsoft.Extensions.Logging;
using ZslAttnGan.Data.Synthetic;
using ZslAttnGan.Training;
using static TorchSharp.torch;

namespace ZslAttnGan.Workflows.Quickstart;

/// <summary>Settings of <see cref="QuickstartWorkflow"/>. The defaults are the README's first command.</summary>
public sealed record QuickstartOptions
{
    /// <summary>Output folder: <c>data/</c>, <c>encoders/checkpoint/</c>, <c>checkpoint/</c>, <c>previews/</c>, <c>report.md</c>, <c>report.json</c>.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Wall-time budget of the whole run (10 minutes).</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Share of the training time given to the encoders (0.3); the GAN gets the rest. Encoder steps are about
    /// three times cheaper than GAN steps and DAMSM makes most of its progress on the synthetic birds in the first
    /// hundred steps, while the previews show the GAN's work.</summary>
    public double EncoderShare { get; init; } = 0.3;

    /// <summary>Time kept back from training for the checkpoints, previews, evaluation and report: this fixed part plus
    /// <see cref="ReserveFraction"/> of the budget. Each phase may also overrun its share by one step.</summary>
    public TimeSpan Reserve { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The budget-proportional part of the reserve (0.05).</summary>
    public double ReserveFraction { get; init; } = 0.05;

    /// <summary>The model and optimisation (<see cref="Presets.Synthetic"/>, tuned for runs of minutes).</summary>
    public TrainingPreset Preset { get; init; } = Presets.Synthetic;

    /// <summary>The synthetic birds (defaults: 50 species, 10 unseen, 25 images each).</summary>
    public SyntheticBirdsOptions Synthetic { get; init; } = new();

    /// <summary>Species shown in each preview grid.</summary>
    public int PreviewSpecies { get; init; } = 6;

    /// <summary>Device (null: CPU).</summary>
    public Device? Device { get; init; }

    /// <summary>Computes the report's evaluation metrics (the evaluation module's defaults); null skips the evaluation.</summary>
    public IQuickstartEvaluation? Evaluation { get; init; } = new Evaluation.QuickstartEvaluation();

    /// <summary>Receives the libraries' log messages.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> for out-of-range values.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(OutputDirectory, nameof(OutputDirectory));
        if (Budget <= TimeSpan.Zero) throw new ArgumentException($"The time budget must be positive (got {Budget}).", nameof(Budget));
        if (EncoderShare is <= 0 or >= 1) throw new ArgumentException($"EncoderShare must lie in (0, 1) (got {EncoderShare}).", nameof(EncoderShare));
        if (ReserveFraction is < 0 or >= 1) throw new ArgumentException($"ReserveFraction must lie in [0, 1) (got {ReserveFraction}).", nameof(ReserveFraction));
        if (Reserve < TimeSpan.Zero) throw new ArgumentException("Reserve must not be negative.", nameof(Reserve));
        ArgumentNullException.ThrowIfNull(Preset, nameof(Preset));
        if (PreviewSpecies < 1) throw new ArgumentException("PreviewSpecies must be positive.", nameof(PreviewSpecies));
        Synthetic.Validate();
    }
}
