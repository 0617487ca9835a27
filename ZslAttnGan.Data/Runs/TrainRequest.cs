using Microsoft.Extensions.Logging;
using ZslAttnGan.Training;
using static TorchSharp.torch;

namespace ZslAttnGan.Runs;

/// <summary>One training run of <see cref="TrainingRun"/>.</summary>
public sealed record TrainRequest
{
    /// <summary>The phase to train.</summary>
    public required TrainingPhase Phase { get; init; }

    /// <summary>Model, losses, optimisation and batch sizes for a new run. When resuming a run of the same phase, the
    /// checkpoint's model, loss and training options are used instead (a resumed run must not change them).</summary>
    public required TrainingPreset Preset { get; init; }

    /// <summary>A CUB-format folder; with <c>seen_classes.txt</c> only the seen classes are trained on.</summary>
    public required string DataRoot { get; init; }

    /// <summary>Run folder: the checkpoint goes to <c>checkpoint/</c>, previews to <c>previews/</c>.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>A checkpoint to continue from: of the same phase to resume it exactly, or (for the GAN phase) an
    /// encoders or joint checkpoint whose trained encoders the GAN starts from.</summary>
    public string? ResumeFrom { get; init; }

    /// <summary>When to stop.</summary>
    public required RunLimit Limit { get; init; }

    /// <summary>Device (null: CPU).</summary>
    public Device? Device { get; init; }

    /// <summary>Changes applied to the preset's training options for a new run (e.g. checkpoint or preview intervals,
    /// or a shorter generator average for a short run); ignored when resuming the same phase.</summary>
    public Func<TrainingOptions, TrainingOptions>? AdjustTraining { get; init; }

    /// <summary>Train on the seen classes' test images too (the ZSL-AttnGAN seed's behaviour); by default a folder with
    /// <c>seen_classes.txt</c> and <c>train_test_split.txt</c> trains on the seen classes' training images only, so the
    /// evaluation's seen-species figures use images the model never saw (see <see cref="TrainingDataFolder.LoadSeen"/>).</summary>
    public bool IncludeSeenTestImages { get; init; }

    /// <summary>Write seen and unseen preview grids at the end of a GAN or joint run (when not stopped by the user).</summary>
    public bool FinalPreviews { get; init; } = true;

    /// <summary>Previews show this many species.</summary>
    public int PreviewSpecies { get; init; } = 6;

    /// <summary>Captions drawn at every preview and at the end of a GAN or joint run, into
    /// <c>previews/step-NNNNNN-validation.png</c> and <c>previews/final-validation.png</c> (see
    /// <see cref="PreviewWriter.WriteValidation"/>); null or empty for none. They are checked against the vocabulary
    /// before training starts. The encoders phase has no generator and ignores them (with a message).</summary>
    public IReadOnlyList<string>? ValidationCaptions { get; init; }

    /// <summary>Receives the trainers' and loaders' log messages.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Folder for TensorBoard event files (losses, learning rates, preview grids); null writes none.</summary>
    public string? TensorBoardDirectory { get; init; }

    /// <summary>The ranks of a data-parallel run (e.g. ZslAttnGan.Distributed's <c>MpiProcessGroup</c>); null = one
    /// process. Every rank runs the same request: the preset's batch size is the global batch, each rank loads its
    /// <see cref="Data.Batching.DataShard"/> of it, and only rank 0 writes the checkpoint, previews and metrics (the output
    /// and resume folders must be on a file system every rank sees when resuming).</summary>
    public ZslAttnGan.Collectives.IProcessGroup? ProcessGroup { get; init; }

    /// <summary>With <see cref="ProcessGroup"/>: BatchNorm statistics over the whole global batch
    /// (<see cref="Trainer.SynchronizeBatchNorm"/>) instead of per rank.</summary>
    public bool SynchronizeBatchNorm { get; init; }

    /// <summary>Called with the trainer after training ends (on every rank of a distributed run), before the final previews:
    /// e.g. to read <see cref="Trainer.StateChecksums"/>.</summary>
    public Action<Trainer>? AfterTraining { get; init; }
}
