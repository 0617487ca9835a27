using Microsoft.Extensions.Logging;
using ZslAttnGan.Data;
using ZslAttnGan.Generation;
using ZslAttnGan.Training;
using ZslAttnGan.Training.Observers;
using ZslAttnGan.Checkpoints;
using static TorchSharp.torch;
using ZslAttnGan.Models;
using ZslAttnGan.Collectives;
using ZslAttnGan.Data.Batching;

namespace ZslAttnGan.Runs;

/// <summary>
/// One training run on a CUB-format folder: loads the seen classes, builds the model (new, from an earlier phase's
/// checkpoint, or resumed), trains under a step or time limit with a rolling checkpoint, and writes preview grids.
/// </summary>
public static class TrainingRun
{
    /// <summary>Folder names inside the run folder.</summary>
    public const string CheckpointFolder = "checkpoint", PreviewFolder = "previews", MetricsFile = "metrics.csv", PlotFile = "losses.png";

    /// <summary>Runs the request. Cancellation stops at a step boundary after writing the checkpoint (see
    /// <see cref="PhaseOutcome.StoppedByUser"/>); it does not throw.</summary>
    /// <exception cref="ArgumentException">The request is inconsistent (the message says how to fix it).</exception>
    /// <exception cref="CheckpointException">The checkpoint to resume from is damaged or does not fit.</exception>
    public static TrainOutcome Run(TrainRequest request, IRunReporter reporter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(reporter);
        request.Limit.Validate();
        var phase = request.Phase.Name();
        var resume = request.ResumeFrom is null ? null : Checkpoint.Open(request.ResumeFrom);
        var resumedPhase = resume?.Manifest.State?.Phase;
        bool continuing = resumedPhase == phase;
        if (request.Phase == TrainingPhase.Gan && resume is null)
            throw new ArgumentException("The GAN phase starts from trained encoders: pass the checkpoint of an encoders run to resume from (or a GAN checkpoint to continue it).");
        if (resume is not null && !continuing && request.Phase != TrainingPhase.Gan)
            throw new ArgumentException($"The checkpoint '{resume.Directory}' is from the '{resumedPhase ?? "none"}' phase; a {phase} run can only resume a {phase} checkpoint.");
        if (resume is not null && !continuing && resumedPhase is not ("encoders" or "joint"))
            throw new ArgumentException($"The checkpoint '{resume.Directory}' is from the '{resumedPhase ?? "none"}' phase; the GAN phase starts from an encoders or joint checkpoint.");

        var logger = request.LoggerFactory?.CreateLogger(typeof(TrainingRun).FullName!);
        reporter.Info($"Loading the training images from {request.DataRoot}…");
        var dataset = TrainingDataFolder.LoadSeen(request.DataRoot, request.Preset, resume?.Vocabulary, logger, request.IncludeSeenTestImages);
        // A GAN phase started from an encoders run builds its own generator and discriminators when the preset asks for
        // other ones than the encoders run recorded (e.g. wider networks on the same encoders).
        bool newGan = resume is not null && !continuing && resume.GanPartsDiffer(request.Preset.Model);
        var model = resume is null
            ? new ZslAttnGanModel(request.Preset.Model, dataset.Vocabulary.Count, dataset.Classes.Count, request.Preset.Training.Seed)
            : newGan ? resume.CreateModelWithNewGan(request.Preset.Model, request.Preset.Training.Seed) : resume.CreateModel();
        if (newGan) reporter.Info("The preset's generator or discriminators differ from the checkpoint's: they start newly initialised; the encoders are the checkpoint's.");
        try
        {
            if (request.Device is { } device) model.To(device);
            if (model.ClassCount != dataset.Classes.Count)
                throw new ArgumentException($"The checkpoint's model predicts {model.ClassCount} classes but '{request.DataRoot}' has {dataset.Classes.Count} training classes: resume with the data it was trained on.");
            // The data follow the model actually trained (a checkpoint's), the batch sizes the preset.
            var preset = request.Preset with { Model = model.Options };
            var loss = continuing ? resume!.Manifest.Loss ?? preset.Loss : preset.Loss;
            // A continued run keeps the checkpoint's optimisation but takes this request's schedule (intervals), so
            // --checkpoint-every / --preview-every given on resume take effect instead of being dropped.
            var requested = (request.AdjustTraining ?? (t => t))(preset.Training);
            var training = continuing ? (resume!.Manifest.Training ?? preset.Training).WithScheduleOf(requested) : requested;
            int batchSize = request.Phase == TrainingPhase.Encoders ? preset.EncoderBatchSize : preset.GanBatchSize;
            var group = request.ProcessGroup ?? SingleProcessGroup.Instance;
            var shard = group.Size > 1 ? new DataShard(group.Rank, group.Size) : null;
            var data = TrainingDataFolder.Batches(dataset, preset, batchSize, unchecked((int)training.Seed), shard);
            reporter.Info($"{dataset.Count} images of {dataset.Classes.Count} classes, {dataset.Vocabulary.Count} words; batch {batchSize}" +
                (shard is null ? "" : $" ({batchSize / shard.Count} on each of {shard.Count} ranks)") + $", {data.BatchesPerEpoch} batches per epoch.");

            var checkpointDir = Path.Combine(request.OutputDirectory, CheckpointFolder);
            var previewDir = Path.Combine(request.OutputDirectory, PreviewFolder);
            using var previewBatch = request.Phase == TrainingPhase.Encoders ? null : PreviewBatch.Load(dataset, preset, request.PreviewSpecies, seed: 7);
            previewBatch?.MoveTo(model.Device);
            var classNames = dataset.Classes.Select(c => c.Name).ToList();
            var validation = Validation(request, dataset, reporter);
            using var trainer = CreateTrainer(request, model, dataset, loss, training, checkpointDir, (t, step) =>
            {
                var writer = Previews(t, dataset);
                var written = writer?.Write(previewBatch!, RowNames(previewBatch!, classNames), previewDir, $"step-{step:000000}-seen", seed: step).ToList() ?? [];
                // The validation captions keep one seed for the whole run, so the grids of successive steps compare.
                if (writer is not null && validation is not null)
                    written.Add(writer.WriteValidation(validation, model.Device, previewDir, $"step-{step:000000}", ValidationSeed));
                // One TensorBoard tag per kind of grid ("seen-attention", …): the file names start with "step-NNNNNN-".
                foreach (var file in written)
                {
                    var name = Path.GetFileNameWithoutExtension(file);
                    t.LogImageFile("previews/" + (name.StartsWith("step-", StringComparison.Ordinal) && name.Length > 12 ? name[12..] : name), file);
                }
            });
            // Every run keeps its curves beside its checkpoint: metrics.csv (continued across resumes) and a plot of it.
            var metrics = new MetricsCsvObserver(Path.Combine(request.OutputDirectory, MetricsFile));
            var plot = new LossPlotObserver(metrics, Path.Combine(request.OutputDirectory, PlotFile));
            trainer.Observers.Add(metrics);
            trainer.Observers.Add(plot);
            if (continuing)
            {
                trainer.Resume(resume!);
                reporter.Info($"Resuming the {phase} run at step {trainer.State.Step}.");
            }
            else if (resume is not null)
            {
                reporter.Info($"Starting the {phase} phase from the {resumedPhase} checkpoint's encoders.");
            }

            var outcome = PhaseRunner.Run(trainer, data, request.Limit, reporter, cancellationToken);
            request.AfterTraining?.Invoke(trainer);
            var previews = new List<string>();
            if (!outcome.StoppedByUser && request.FinalPreviews && trainer.IsPrimaryRank && Previews(trainer, dataset) is { } writer)
            {
                previews.AddRange(WriteFinalPreviews(writer, request, preset, dataset, previewBatch!, classNames, previewDir, reporter, logger));
                if (validation is not null)
                    previews.Add(writer.WriteValidation(validation, model.Device, previewDir, "final", ValidationSeed));
            }
            return new TrainOutcome(request.Phase, outcome, checkpointDir, previews, dataset.Count, dataset.Classes.Count)
            {
                MetricsFile = File.Exists(metrics.Path) ? metrics.Path : null,
                PlotFile = File.Exists(plot.Path) ? plot.Path : null,
            };
        }
        finally
        {
            model.Dispose();
        }
    }

    /// <summary>Seed of the validation captions' samples (one for the whole run).</summary>
    public const long ValidationSeed = 1;

    /// <summary>The request's validation captions encoded with the run's vocabulary, or null when there are none or the
    /// phase has no generator.</summary>
    private static ValidationCaptions? Validation(TrainRequest request, ImageCaptionDataset dataset, IRunReporter reporter)
    {
        if (request.ValidationCaptions is not { Count: > 0 } captions) return null;
        if (request.Phase == TrainingPhase.Encoders)
        {
            reporter.Info("The encoders phase has no generator: the validation captions are drawn by the gan and joint phases only.");
            return null;
        }
        var validation = ValidationCaptions.Create(captions, dataset.Vocabulary);
        foreach (var warning in validation.Warnings) reporter.Info(warning);
        return validation;
    }

    private static Trainer CreateTrainer(TrainRequest r, ZslAttnGanModel model, ImageCaptionDataset dataset, LossOptions loss, TrainingOptions training,
        string checkpointDir, Action<Trainer, long> preview)
    {
        var names = dataset.Classes.Select(c => c.Name).ToList();
        var vocabulary = dataset.Vocabulary;
        var f = r.LoggerFactory;
        var group = r.ProcessGroup ?? SingleProcessGroup.Instance;
        // TensorBoard files are written by rank 0 only.
        var tensorBoard = group.Rank == 0 ? r.TensorBoardDirectory : null;
        return r.Phase switch
        {
            TrainingPhase.Encoders => new EncoderTrainer(model, vocabulary, loss, training, f?.CreateLogger<EncoderTrainer>())
                { CheckpointDirectory = checkpointDir, ClassNames = names, TensorBoardDirectory = tensorBoard, ProcessGroup = group, SynchronizeBatchNorm = r.SynchronizeBatchNorm },
            TrainingPhase.Gan => new GanTrainer(model, vocabulary, loss, training, f?.CreateLogger<GanTrainer>())
                { CheckpointDirectory = checkpointDir, ClassNames = names, PreviewCallback = preview, TensorBoardDirectory = tensorBoard, ProcessGroup = group, SynchronizeBatchNorm = r.SynchronizeBatchNorm },
            _ => new JointTrainer(model, vocabulary, loss, training, f?.CreateLogger<JointTrainer>())
                { CheckpointDirectory = checkpointDir, ClassNames = names, PreviewCallback = preview, TensorBoardDirectory = tensorBoard, ProcessGroup = group, SynchronizeBatchNorm = r.SynchronizeBatchNorm },
        };
    }

    /// <summary>A preview writer sampling with the trainer's averaged generator in eval mode; null for the encoder phase.</summary>
    private static PreviewWriter? Previews(Trainer trainer, ImageCaptionDataset dataset)
    {
        Func<Tensor, Tensor, Generator, GeneratorOutput>? sample = trainer switch
        {
            GanTrainer g => g.Sample,
            JointTrainer j => j.Sample,
            _ => null,
        };
        return sample is null ? null : new PreviewWriter(sample, dataset.Vocabulary);
    }

    private static List<string> WriteFinalPreviews(PreviewWriter writer, TrainRequest request, TrainingPreset preset, ImageCaptionDataset seen,
        ZslAttnGan.Data.Batching.Batch seenBatch, IReadOnlyList<string> seenNames, string previewDir, IRunReporter reporter, ILogger? logger)
    {
        reporter.Info("Writing preview grids…");
        var files = new List<string>(writer.Write(seenBatch, RowNames(seenBatch, seenNames), previewDir, "seen", seed: 1));
        var unseen = TrainingDataFolder.LoadUnseen(request.DataRoot, preset, seen.Vocabulary, logger);
        if (unseen is not null && unseen.Count > 0)
        {
            using var batch = PreviewBatch.Load(unseen, preset, request.PreviewSpecies, seed: 7);
            batch.MoveTo(seenBatch.Device);
            files.AddRange(writer.Write(batch, RowNames(batch, unseen.Classes.Select(c => c.Name).ToList()), previewDir, "unseen", seed: 1));
        }
        return files;
    }

    /// <summary>The species name of every row of <paramref name="batch"/> (rows are sorted by caption length).</summary>
    private static List<string> RowNames(ZslAttnGan.Data.Batching.Batch batch, IReadOnlyList<string> classNames)
    {
        // A scope rather than `using`: cpu() of a CPU tensor may return the batch's own tensor, which must live on.
        using var scope = NewDisposeScope();
        return batch.ClassIds.cpu().data<long>().ToArray().Select(i => classNames[(int)i]).ToList();
    }
}
