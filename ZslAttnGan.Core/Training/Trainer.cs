using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;
using ZslAttnGan.Text;
using ZslAttnGan.Checkpoints;
using ZslAttnGan.Collectives;
using static TorchSharp.torch;
using ZslAttnGan.Models;

namespace ZslAttnGan.Training;

/// <summary>How a <see cref="Trainer.Train"/> call ended.</summary>
/// <param name="State">Where training stands.</param>
/// <param name="Cancelled">True when the cancellation token stopped it (a checkpoint was written if a directory is set).</param>
/// <param name="LastLosses">The last step's losses.</param>
public sealed record TrainingResult(TrainingState State, bool Cancelled, IReadOnlyDictionary<string, double> LastLosses);

/// <summary>
/// The training loop shared by <see cref="EncoderTrainer"/>, <see cref="GanTrainer"/> and <see cref="JointTrainer"/>:
/// one dispose scope per step, non-finite-loss policy, logging, progress, cancellation at step boundaries, periodic
/// and final checkpoints, and exact resume (weights, optimisers, EMA, step, epoch, learning rate, random states, data
/// position).
/// </summary>
public abstract partial class Trainer : IDisposable
{
    private const string TrainerRng = "trainer", OptimizerPrefix = "optimizer_";
    private readonly ILogger _logger;
    private Dictionary<string, double> _lastLosses = new();
    private (string Directory, long Step)? _lastCheckpoint;

    private protected Trainer(string phase, ZslAttnGanModel model, Vocabulary vocabulary, LossOptions? loss, TrainingOptions? training, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (model.Parts != ModelParts.All && !(model.Parts == ModelParts.Encoders && phase == "encoders"))
            throw new ArgumentException($"The model was built with ModelParts.{model.Parts}; this trainer needs ModelParts.All" +
                (phase == "encoders" ? " or ModelParts.Encoders." : "."), nameof(model));
        if (vocabulary.Count != model.VocabularySize)
            throw new ArgumentException($"The vocabulary has {vocabulary.Count} words but the model's text encoder has {model.VocabularySize}.", nameof(vocabulary));
        Loss = loss ?? new LossOptions();
        Training = training ?? new TrainingOptions();
        Loss.Validate();
        Training.Validate();
        Model = model;
        Vocabulary = vocabulary;
        _logger = logger ?? NullLogger.Instance;
        State = new TrainingState(phase, 0, 0, 0, 0);
        Rng = new Generator(unchecked((ulong)Training.Seed), model.Device);
        Context = new TrainingContext(model, Loss, Training, Rng, IsFinite, () => State.Step + 1);
    }

    /// <summary>The model being trained.</summary>
    public ZslAttnGanModel Model { get; }

    /// <summary>The vocabulary of the text encoder (saved into checkpoints).</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>Loss options.</summary>
    public LossOptions Loss { get; }

    /// <summary>Training options.</summary>
    public TrainingOptions Training { get; }

    /// <summary>Where training stands.</summary>
    public TrainingState State { get; private set; }

    /// <summary>Directory of the rolling checkpoint (periodic, final, on cancellation); null = none.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Class names in class-index order, recorded in checkpoints.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>When set, losses and learning rates are also written as TensorBoard event files (every
    /// <see cref="TrainingOptions.LogInterval"/> steps) to this folder, by a <see cref="Observers.TensorBoardObserver"/>
    /// added to <see cref="Observers"/>; see <see cref="LogImageFile"/> for images.</summary>
    public string? TensorBoardDirectory
    {
        get => _tensorBoard?.Directory;
        init
        {
            if (value is null) return;
            _tensorBoard = new Observers.TensorBoardObserver(value);
            Observers.Add(_tensorBoard);
        }
    }

    private readonly Observers.TensorBoardObserver? _tensorBoard;

    /// <summary>Observers of the run, called in order between steps (see <see cref="ITrainingObserver"/>): e.g.
    /// <see cref="Observers.MetricsCsvObserver"/> and <see cref="Observers.LossPlotObserver"/>.</summary>
    public IList<ITrainingObserver> Observers { get; } = new List<ITrainingObserver>();

    /// <summary>Adds a PNG (e.g. a preview grid) to the TensorBoard log at the current step; does nothing without
    /// <see cref="TensorBoardDirectory"/>.</summary>
    public void LogImageFile(string tag, string pngPath) => _tensorBoard?.AddImage(tag, pngPath, State.Step);

    /// <summary>Called every <see cref="TrainingOptions.PreviewInterval"/> steps with the step number.</summary>
    public Action<Trainer, long>? PreviewCallback { get; init; }

    /// <summary>Extra loss terms added to the built-in losses (see <see cref="ILossTerm"/>).</summary>
    public IList<ILossTerm> ExtraLossTerms => Context.ExtraTerms;

    /// <summary>The loss objectives of this run (from <see cref="Loss"/>), each replaceable by your own implementation
    /// before or between <see cref="Train"/> calls; replacements are not saved in checkpoints.</summary>
    public TrainingObjectives Objectives => Context.Objectives;

    /// <summary>The trainer's random source: dropout masks, the ZSL generator's noise, image noise, CA ε and the
    /// gradient-penalty α all come from it (never from the process-wide generator), so a run depends only on its seed.</summary>
    protected Generator Rng { get; }

    private protected TrainingContext Context { get; }

    /// <summary>Optimisers by checkpoint name.</summary>
    protected abstract IEnumerable<(string Name, AdamOptimizer Optimizer)> Optimizers();

    /// <summary>Extra tensor sets saved with checkpoints (e.g. the generator EMA).</summary>
    protected virtual IEnumerable<(string Name, IReadOnlyDictionary<string, Tensor> Tensors)> ExtraTensors() => [];

    /// <summary>Restores the extra tensor sets on resume.</summary>
    protected virtual void LoadExtraTensors(LoadedCheckpoint checkpoint) { }

    /// <summary>Learning rates by optimiser name.</summary>
    protected abstract IReadOnlyDictionary<string, double> LearningRates();

    /// <summary>Called before the first batch of every epoch (learning-rate schedules).</summary>
    protected virtual void OnEpochStart(int epoch) { }

    /// <summary>One optimisation step on <paramref name="batch"/>; null when the batch was skipped.</summary>
    private protected abstract Dictionary<string, Tensor>? Step(ITrainingBatch batch);

    /// <summary>Trains until <paramref name="totalSteps"/> steps have been done in all (resumed runs count earlier steps).</summary>
    /// <exception cref="TrainingDivergedException">A loss became non-finite under <see cref="NonFiniteLossPolicy.Throw"/>.</exception>
    public TrainingResult Train(ITrainingData data, long totalSteps, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckData(data);
        var device = Model.Device;
        var clock = Stopwatch.StartNew();
        long startStep = State.Step, images = 0;
        bool cancelled = false;
        // A checkpoint written by an older version at the end of an epoch (or a user's SaveCheckpoint there) still
        // points at the epoch it finished.
        NormalizePosition(data.BatchesPerEpoch);
        SynchronizeFromPrimary();
        _continueAgreedAt = -1;
        // Distributed ranks stop together, at the consensus checks below: a data source that stopped on its own rank's
        // token would leave the other ranks waiting in the next collective.
        var dataToken = _group.Size > 1 ? CancellationToken.None : cancellationToken;
        if (IsPrimaryRank) foreach (var o in Observers) o.OnRunStart(this, totalSteps);
        while (State.Step < totalSteps && !cancelled)
        {
            int epoch = State.Epoch;
            OnEpochStart(epoch);
            int served = 0;
            try
            {
                foreach (var batch in data.Batches(State.Epoch, State.BatchInEpoch, device, dataToken))
                {
                    served++;
                    using (batch)
                    {
                        if (StopRequested(cancellationToken)) { cancelled = true; break; }
                        RunStep(batch);
                        BroadcastBuffers();
                        images += batch.Captions.shape[0];
                    }
                    // The epoch's last batch moves the position to the next epoch's first at once, so that every
                    // checkpoint written from here (rolling, on cancellation, final) resumes with a batch to train.
                    NormalizePosition(data.BatchesPerEpoch);
                    if (Training.HeapReleaseInterval > 0 && State.Step % Training.HeapReleaseInterval == 0) TorchSharpWorkarounds.NativeHeap.ReleaseFreeMemory();
                    Report(progress, totalSteps, startStep, images, clock.Elapsed);
                    if (Training.CheckpointInterval > 0 && State.Step % Training.CheckpointInterval == 0) SaveRollingCheckpoint();
                    if (Training.PreviewInterval > 0 && State.Step % Training.PreviewInterval == 0 && IsPrimaryRank)
                    {
                        PreviewCallback?.Invoke(this, State.Step);
                        foreach (var o in Observers) o.OnPreview(this, State.Step);
                    }
                    if (State.Step >= totalSteps || State.Epoch != epoch) break;
                    if (StopRequested(cancellationToken)) { cancelled = true; break; }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The data source may throw while it waits for the next batch (a loader honours the same token).
                // That is still a step boundary: the state is consistent, so stop as cancelled and save below.
                cancelled = true;
            }
            // Stopped (cancelled or done): keep the position so a resume continues with the next batch.
            if (cancelled || State.Step >= totalSteps) break;
            // An epoch without a single batch would loop for ever (e.g. every image of the data set failed to decode).
            if (served == 0)
                throw new InvalidOperationException($"The data source yielded no batch in epoch {State.Epoch} (from batch {State.BatchInEpoch}); nothing can be trained.");
            // A source that served fewer batches than it announced (e.g. items skipped) also ends the epoch here.
            if (State.Epoch == epoch) State = State with { Epoch = State.Epoch + 1, BatchInEpoch = 0 };
        }
        SaveRollingCheckpoint();
        var result = new TrainingResult(State, cancelled, _lastLosses);
        if (IsPrimaryRank) foreach (var o in Observers) o.OnRunEnd(this, result);
        return result;
    }

    private void NormalizePosition(int batchesPerEpoch)
    {
        if (State.BatchInEpoch >= batchesPerEpoch) State = State with { Epoch = State.Epoch + 1, BatchInEpoch = 0 };
    }

    private void RunStep(ITrainingBatch batch)
    {
        using var scope = NewDisposeScope();
        Dictionary<string, Tensor>? losses;
        try
        {
            losses = Step(batch);
        }
        catch (System.Runtime.InteropServices.ExternalException e)
        {
            // A libtorch error: its message carries a native stack trace; keep the first line and say where it happened.
            var checkpoint = _lastCheckpoint is { } c ? $" The last checkpoint, '{c.Directory}' (step {c.Step}), is intact." : "";
            throw new InvalidOperationException($"Training step {State.Step + 1} ({State.Phase}) failed in libtorch: {TorchSharpWorkarounds.NativeErrors.FirstLine(e.Message)}.{checkpoint}", e);
        }
        if (losses is null)
        {
            State = State with { Step = State.Step + 1, BatchInEpoch = State.BatchInEpoch + 1, SkippedBatches = State.SkippedBatches + 1 };
            if (IsPrimaryRank) _logger.LogWarning("Step {Step}: non-finite loss, batch skipped ({Skipped} so far).", State.Step, State.SkippedBatches);
            return;
        }
        _lastLosses = losses.ToDictionary(kv => kv.Key, kv => (double)kv.Value.item<float>());
        State = State with { Step = State.Step + 1, BatchInEpoch = State.BatchInEpoch + 1 };
    }

    private bool IsFinite(string name, Tensor loss)
    {
        double value = loss.item<float>();
        // Distributed ranks decide together: one rank skipping a batch (or throwing) while the others step would leave
        // them in different collectives.
        bool finite = _group.AllRanks(double.IsFinite(value));
        if (finite) return true;
        if (Training.NonFiniteLoss == NonFiniteLossPolicy.Throw)
            throw new TrainingDivergedException(State.Step + 1, name, value, _lastCheckpoint?.Directory, _lastCheckpoint?.Step);
        return false;
    }

    private void Report(IProgress<TrainingProgress>? progress, long totalSteps, long startStep, long images, TimeSpan elapsed)
    {
        double done = State.Step - startStep;
        double perSecond = elapsed.TotalSeconds > 0 ? images / elapsed.TotalSeconds : 0;
        var eta = done > 0 ? TimeSpan.FromSeconds(elapsed.TotalSeconds / done * Math.Max(0, totalSteps - State.Step)) : TimeSpan.Zero;
        var lrs = LearningRates();
        var snapshot = new TrainingProgress(State.Phase, State.Step, totalSteps, State.Epoch, _lastLosses, lrs, perSecond, eta, State.SkippedBatches);
        if (IsPrimaryRank) foreach (var o in Observers) o.OnStep(this, snapshot);
        if (IsPrimaryRank && Training.LogInterval > 0 && (State.Step % Training.LogInterval == 0 || State.Step == totalSteps))
        {
            foreach (var o in Observers) o.OnLog(this, snapshot);
            _logger.LogInformation("{Phase} step {Step}/{Total} epoch {Epoch}: {Losses}; lr {Lrs}; {Rate:F1} images/s; ETA {Eta:hh\\:mm\\:ss}",
                State.Phase, State.Step, totalSteps, State.Epoch,
                string.Join(", ", _lastLosses.Select(kv => $"{kv.Key} {kv.Value:G4}")),
                string.Join(", ", lrs.Select(kv => $"{kv.Key} {kv.Value:G3}")), perSecond, eta);
        }
        progress?.Report(snapshot);
    }

    private void SaveRollingCheckpoint()
    {
        if (CheckpointDirectory is null) return;
        SaveCheckpoint(CheckpointDirectory);
        if (!IsPrimaryRank) return;
        _logger.LogInformation("Checkpoint at step {Step} written to {Directory}.", State.Step, CheckpointDirectory);
        foreach (var o in Observers) o.OnCheckpoint(this, CheckpointDirectory);
    }

    private void CheckData(ITrainingData data)
    {
        var needed = Model.Options.Generator.SingleOutput ? new[] { Model.Options.ImageSizes[^1] } : Model.Options.ImageSizes.ToArray();
        if (!data.ImageSizes.Skip(data.ImageSizes.Count - needed.Length).SequenceEqual(needed) || data.ImageSizes.Count < needed.Length)
            throw new ArgumentException($"The data delivers images of sizes [{string.Join(", ", data.ImageSizes)}] but the model needs [{string.Join(", ", Model.Options.ImageSizes)}].", nameof(data));
        if (data.ClassCount > Model.ClassCount)
            throw new ArgumentException($"The data has {data.ClassCount} classes but the ZSL discriminator predicts {Model.ClassCount}.", nameof(data));
        if (data.BatchesPerEpoch < 1) throw new ArgumentException("The data yields no full batch per epoch.", nameof(data));
    }

    /// <summary>Disposes the optimisers and extra state; the model belongs to the caller.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the trainer's resources.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Rng.Dispose();
        }
    }
}
