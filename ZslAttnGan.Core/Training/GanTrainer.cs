using Microsoft.Extensions.Logging;
using ZslAttnGan.Generation;
using ZslAttnGan.Text;
using ZslAttnGan.Checkpoints;
using static TorchSharp.torch;
using ZslAttnGan.Models;

namespace ZslAttnGan.Training;

/// <summary>
/// GAN phase (attngan.md §5.2, zslgan.md §5.7): encoders and ZSL discriminator frozen (eval mode, no gradients into
/// their parameters, but gradients flow through the image encoder into the generated image); each image discriminator
/// then the generator are updated from one fake batch; EMA of the generator's parameters.
/// </summary>
public sealed class GanTrainer : Trainer
{
    /// <summary>Checkpoint name of the generator's averaged parameters.</summary>
    public const string EmaName = Checkpoint.GeneratorEmaName;

    private readonly GanPhase _phase;

    /// <summary>Creates the trainer; freezes the encoders and the ZSL discriminator.</summary>
    public GanTrainer(ZslAttnGanModel model, Vocabulary vocabulary, LossOptions? loss = null, TrainingOptions? training = null, ILogger<GanTrainer>? logger = null)
        : base("gan", model, vocabulary, loss, training, logger)
    {
        _phase = new GanPhase(Context, freezeEncoders: true);
    }

    /// <summary>The exponential moving average of the generator's parameters.</summary>
    public ExponentialMovingAverage Ema => _phase.Ema;

    /// <summary>Generates with the averaged weights in eval mode (for previews); the model's modes are restored.</summary>
    public GeneratorOutput Sample(Tensor captions, Tensor lengths, Generator rng) => _phase.Sample(captions, lengths, rng);

    /// <inheritdoc />
    protected override IEnumerable<(string Name, AdamOptimizer Optimizer)> Optimizers() => _phase.Optimizers();

    /// <inheritdoc />
    protected override IEnumerable<(string Name, IReadOnlyDictionary<string, Tensor> Tensors)> ExtraTensors()
    {
        yield return (EmaName, _phase.Ema.StateDict());
    }

    /// <inheritdoc />
    protected override void LoadExtraTensors(LoadedCheckpoint checkpoint) => _phase.Ema.Load(checkpoint.ReadTensors(EmaName));

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, double> LearningRates() => new Dictionary<string, double>
    {
        ["generator"] = Training.GeneratorLearningRate,
        ["discriminators"] = Training.DiscriminatorLearningRate,
    };

    private protected override Dictionary<string, Tensor>? Step(ITrainingBatch batch) => _phase.Step(batch);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _phase.Dispose();
        base.Dispose(disposing);
    }
}
