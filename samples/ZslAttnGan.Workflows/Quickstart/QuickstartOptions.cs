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

    /// <summary>Encoder steps of the default budget. With <see cref="DefaultGanSteps"/> the whole quick start took 7.9–8.5
    /// minutes (evaluation included, three training seeds) on 2 quiet cores (README); the same command on the same machine writes the same checkpoint. Most of the
    /// budget goes to the encoders: with the GAN fixed, encoders trained 3,000 steps instead of 1,000 lifted seen
    /// R-precision from 0.64 to 0.90, ZSL top-1 from 0.92 to 1.00 and GZSL H from 0.71 to 0.97, while on such encoders
    /// 750, 1,000 and 1,500 GAN steps gave the same figures (docs/quality.md, "Where the budget goes").</summary>
    public const long DefaultEncoderSteps = 2800;

    /// <summary>GAN steps of the default budget: what is left of 10 minutes after the encoders. More GAN steps
    /// (<c>--steps-gan 1500</c>) give sharper pictures at the same figures.</summary>
    public const long DefaultGanSteps = 450;

    /// <summary>Fewer GAN steps than this leave the generator untrained (grey or blotchy previews, metrics near
    /// chance): the run still goes ahead, but the console and the report say so.</summary>
    public const long MinimumUsefulGanSteps = 300;

    /// <summary>Encoder steps (<see cref="DefaultEncoderSteps"/>).</summary>
    public long EncoderSteps { get; init; } = DefaultEncoderSteps;

    /// <summary>GAN steps (<see cref="DefaultGanSteps"/>).</summary>
    public long GanSteps { get; init; } = DefaultGanSteps;

    /// <summary>Seed of training (initial weights, batches, noise); null keeps the preset's. The synthetic birds have
    /// their own seed in <see cref="Synthetic"/>.</summary>
    public long? Seed { get; init; }

    /// <summary>Optional wall-time limit of the whole run (null: none, the step budget alone decides, so the result
    /// is the same on every run of the same machine). With a limit, each phase stops at its steps or its share of the
    /// time, whichever comes first, and the report says which.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>The options for a run of about <paramref name="minutes"/> minutes: both step counts scaled by
    /// minutes / 10 (the default budget is tuned for 10 minutes) and a time limit of <paramref name="minutes"/>.</summary>
    public QuickstartOptions WithMinutes(double minutes)
    {
        if (!(minutes > 0) || double.IsInfinity(minutes))
            throw new ArgumentOutOfRangeException(nameof(minutes), minutes, "The number of minutes must be positive.");
        double scale = minutes / 10;
        return this with
        {
            EncoderSteps = Math.Max(1, (long)Math.Round(DefaultEncoderSteps * scale)),
            GanSteps = Math.Max(1, (long)Math.Round(DefaultGanSteps * scale)),
            TimeLimit = TimeSpan.FromMinutes(minutes),
        };
    }

    /// <summary>Share of the training time given to the encoders when there is a <see cref="TimeLimit"/> (0.65, about
    /// the default budget's split: an encoder step costs half a GAN step); the GAN gets the rest (and whatever the
    /// encoders did not use).</summary>
    public double EncoderShare { get; init; } = 0.65;

    /// <summary>With a <see cref="TimeLimit"/>: time kept back from training for the checkpoints, previews, evaluation
    /// and report: this fixed part plus <see cref="ReserveFraction"/> of the limit. Each phase may also overrun its
    /// share by one step.</summary>
    public TimeSpan Reserve { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The limit-proportional part of the reserve (0.05).</summary>
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

    /// <summary>Also train ZSL-GAN (GAZSL) on the same birds after the evaluation (ResNet-18 features, TF-IDF of each
    /// species' captions; <c>GazslPresetsForImages.CaptionedImages</c>) and report its zero-shot figures next to
    /// ZSL-AttnGAN's; about 2 more minutes on 2 quiet cores. Off by default: the quick start's budget is ZSL-AttnGAN's.</summary>
    public bool Gazsl { get; init; }

    /// <summary>The GAZSL run's options when <see cref="Gazsl"/> is set (null: <c>GazslPresetsForImages.CaptionedImages</c>).</summary>
    public ZslAttnGan.Gazsl.Training.GazslTrainingOptions? GazslTraining { get; init; }

    /// <summary>Receives the libraries' log messages.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> for out-of-range values.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(OutputDirectory, nameof(OutputDirectory));
        if (EncoderSteps < 1) throw new ArgumentException($"EncoderSteps must be positive (got {EncoderSteps}).", nameof(EncoderSteps));
        if (GanSteps < 1) throw new ArgumentException($"GanSteps must be positive (got {GanSteps}).", nameof(GanSteps));
        if (TimeLimit is { } limit && limit <= TimeSpan.Zero) throw new ArgumentException($"The time limit must be positive (got {limit}).", nameof(TimeLimit));
        if (EncoderShare is <= 0 or >= 1) throw new ArgumentException($"EncoderShare must lie in (0, 1) (got {EncoderShare}).", nameof(EncoderShare));
        if (ReserveFraction is < 0 or >= 1) throw new ArgumentException($"ReserveFraction must lie in [0, 1) (got {ReserveFraction}).", nameof(ReserveFraction));
        if (Reserve < TimeSpan.Zero) throw new ArgumentException("Reserve must not be negative.", nameof(Reserve));
        ArgumentNullException.ThrowIfNull(Preset, nameof(Preset));
        if (PreviewSpecies < 1) throw new ArgumentException("PreviewSpecies must be positive.", nameof(PreviewSpecies));
        Synthetic.Validate();
    }
}
