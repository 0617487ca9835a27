using ZslAttnGan.Inference;
using ZslAttnGan.Text;
using ZslAttnGan.Training;
using ZslAttnGan.Workflows.Bench.Flops;
using static TorchSharp.torch;
using ZslAttnGan.Models;

namespace ZslAttnGan.Workflows.Bench;

/// <summary>
/// Builds one <see cref="ReferenceWorkload"/> (random weights, synthetic inputs of the real shapes) and runs it one call
/// at a time: one encoder step, one GAN step or one caption → images call. Shared by the <c>bench</c> command and the
/// BenchmarkDotNet project so both time exactly the same work.
/// </summary>
public sealed class WorkloadRunner : IDisposable
{
    private readonly ZslAttnGanModel _model;
    private readonly Trainer? _trainer;
    private readonly FixedTrainingData? _data;
    private readonly TextToImagePipeline? _pipeline;
    private readonly string _caption;
    private long _calls;

    /// <summary>Builds the model, the trainer or pipeline and the synthetic batch.</summary>
    /// <param name="workload">What to run.</param>
    /// <param name="seed">Seed of the weights and inputs.</param>
    /// <param name="channelsLast">Run the convolutional networks channels-last (<see cref="ZslAttnGanModel.ChannelsLast"/>);
    /// null reads <c>ZSLATTNGAN_CHANNELS_LAST</c> (<c>0</c> = off, otherwise on).</param>
    public WorkloadRunner(ReferenceWorkload workload, long seed = 1, bool? channelsLast = null)
    {
        ArgumentNullException.ThrowIfNull(workload);
        Workload = workload;
        var preset = workload.Preset;
        var vocabulary = Vocabulary.FromWords(new[] { Vocabulary.EndToken }
            .Concat(Enumerable.Range(1, ReferenceWorkload.VocabularySize - 1).Select(i => $"w{i}")));
        // Each workload builds what it runs, as the reference's scripts do: encoders (+ ZSL discriminator) for the encoder
        // phase, text encoder + generator for inference (as a pipeline loaded from a checkpoint), everything for GAN.
        var parts = workload.Kind switch
        {
            WorkloadKind.EncoderStep => ModelParts.Encoders,
            WorkloadKind.Inference => ModelParts.Inference,
            _ => ModelParts.All,
        };
        _model = new ZslAttnGanModel(preset.Model, vocabulary.Count, ReferenceWorkload.ClassCount, seed, parts);
        ChannelsLast = channelsLast ?? Environment.GetEnvironmentVariable("ZSLATTNGAN_CHANNELS_LAST") != "0";
        _model.ChannelsLast = ChannelsLast;
        // Training is fastest with the 256-px generator stage and discriminator in NCHW (their backward passes), generation
        // with everything channels-last (docs/performance.md).
        if (workload.Kind != WorkloadKind.Inference) _model.ChannelsLastSizeLimit = TrainingChannelsLastSizeLimit;
        var training = preset.Training with { LogInterval = 0, CheckpointInterval = 0, PreviewInterval = 0, Seed = seed };
        Flops = FlopsFor(workload);
        _caption = string.Join(' ', Enumerable.Range(1, ReferenceWorkload.Words).Select(i => vocabulary[i * 7]));
        switch (workload.Kind)
        {
            case WorkloadKind.EncoderStep:
            case WorkloadKind.GanStep:
                var random = new RandomTrainingData(preset.Model.ImageSizes, workload.BatchSize, vocabulary.Count,
                    ReferenceWorkload.ClassCount, ReferenceWorkload.Words, seed);
                _data = new FixedTrainingData(random.First(_model.Device), ReferenceWorkload.ClassCount, preset.Model.ImageSizes);
                _trainer = workload.Kind == WorkloadKind.EncoderStep
                    ? new EncoderTrainer(_model, vocabulary, preset.Loss, training)
                    : new GanTrainer(_model, vocabulary, preset.Loss, training);
                break;
            default:
                // As TextToImagePipeline.Load sets it up: layers fused (unless switched off to compare).
                _pipeline = new TextToImagePipeline(_model, vocabulary) { FusesLayers = FuseLayers };
                break;
        }
    }

    /// <summary>Whether inference fuses the generator's layers, as a loaded pipeline does
    /// (<see cref="TextToImagePipeline.FusesLayers"/>); <c>ZSLATTNGAN_FUSE_LAYERS=0</c> turns it off to measure what
    /// fusion buys.</summary>
    public static bool FuseLayers => Environment.GetEnvironmentVariable("ZSLATTNGAN_FUSE_LAYERS") != "0";

    /// <summary>The FLOPs one call of <paramref name="workload"/> executes as this runner runs it (inference with the
    /// layers fused unless <see cref="FuseLayers"/> is off).</summary>
    public static FlopLedger FlopsFor(ReferenceWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return StepFlops.For(workload, fusedLayers: workload.Kind == WorkloadKind.Inference && FuseLayers);
    }

    /// <summary>In training workloads, networks at this image size or larger stay NCHW under channels-last.</summary>
    public const int TrainingChannelsLastSizeLimit = 256;

    /// <summary>Whether the convolutional networks run channels-last.</summary>
    public bool ChannelsLast { get; }

    /// <summary>The workload.</summary>
    public ReferenceWorkload Workload { get; }

    /// <summary>The analytic FLOP count of one call.</summary>
    public FlopLedger Flops { get; }

    /// <summary>Runs one call (one step, or one batch of images).</summary>
    public void Run()
    {
        _calls++;
        if (_trainer is not null)
        {
            var result = _trainer.Train(_data!, _trainer.State.Step + 1);
            if (result.Cancelled) throw new OperationCanceledException();
            return;
        }
        _pipeline!.Generate(_caption, Workload.BatchSize, seed: _calls).Dispose();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _trainer?.Dispose();
        _pipeline?.Dispose();
        _data?.Dispose();
        _model.Dispose();
    }
}
