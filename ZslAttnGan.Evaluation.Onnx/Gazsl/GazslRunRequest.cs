using Microsoft.Extensions.Logging;
using ZslAttnGan.Gazsl.Training;

namespace ZslAttnGan.Gazsl;

/// <summary>One GAZSL training run of <see cref="GazslRun"/>.</summary>
public sealed record GazslRunRequest
{
    /// <summary>The data folder (any <see cref="GazslDataLayout"/>).</summary>
    public required string DataRoot { get; init; }

    /// <summary>How the data are read.</summary>
    public GazslTaskOptions Task { get; init; } = new();

    /// <summary>Run folder: <c>checkpoint/</c>, <c>report.json</c> and <c>report.md</c> go there.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Training options (null: the layout's preset, <see cref="GazslTask.DefaultPreset"/>).</summary>
    public GazslTrainingOptions? Options { get; init; }

    /// <summary>Changes applied to the options (preset or given), e.g. a command line's overrides.</summary>
    public Func<GazslTrainingOptions, GazslTrainingOptions>? AdjustOptions { get; init; }

    /// <summary>A checkpoint folder to continue (the run's own: <c>&lt;out&gt;/checkpoint</c>), or null for a new run.</summary>
    public string? ResumeFrom { get; init; }

    /// <summary>The ranks of a data-parallel run (<see cref="GazslTrainer.ProcessGroup"/>); null = one process. Every rank
    /// reads the data itself (compute the image features once beforehand, e.g. with a one-process run or
    /// <c>gazsl features</c>, so that the ranks find them cached); rank 0 writes the checkpoint and the report.</summary>
    public Collectives.IProcessGroup? ProcessGroup { get; init; }

    /// <summary>Receives the trainer's log messages.</summary>
    public ILogger? Logger { get; init; }
}
