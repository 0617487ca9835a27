using Microsoft.Extensions.Logging;
using ZslAttnGan.Generation;
using ZslAttnGan.Text;
using ZslAttnGan.Checkpoints;
using static TorchSharp.torch;
using ZslAttnGan.Models;

namespace ZslAttnGan.Training;

/// <summary>
/// Encoders and GAN trained from one data pass (the seed's suggested improvement). Each batch first takes an encoder
/// step (DAMSM + ZSL, then the ZSL discriminator), then a GAN step on the same batch whose text features come from the
/// just-updated encoders in eval mode without gradient, and whose generator loss judges the image with the updated
/// image encoder and ZSL discriminator. Encoders first, because the generator's DAMSM and ZSL terms are only as useful
/// as the encoders that compute them; the generator never moves the encoders (their parameters get no gradient from
/// its loss). One image is decoded once for both updates, so a joint step costs about one encoder step plus one GAN
/// step but only one data pass.
/// </summary>
public sealed class JointTrainer : Trainer
{
    private readonly EncoderPhase _encoders;
    private readonly GanPhase _gan;

    /// <summary>Creates the trainer with the optimisers of both phases.</summary>
    public JointTrainer(ZslAttnGanModel model, Vocabulary vocabulary, LossOptions? loss = null, TrainingOptions? training = null, ILogger<JointTrainer>? logger = null)
        : base("joint", model, vocabulary, loss, training, logger)
    {
        _encoders = new EncoderPhase(Context);
        _gan = new GanPhase(Context, freezeEncoders: false);
    }

    /// <summary>The exponential moving average of the generator's parameters.</summary>
    public ExponentialMovingAverage Ema => _gan.Ema;

    /// <summary>Generates with the averaged weights in eval mode (for previews); the model's modes are restored.</summary>
    public GeneratorOutput Sample(Tensor captions, Tensor lengths, Generator rng) => _gan.Sample(captions, lengths, rng);

    /// <inheritdoc />
    protected override IEnumerable<(string Name, AdamOptimizer Optimizer)> Optimizers() => _encoders.Optimizers().Concat(_gan.Optimizers());

    /// <inheritdoc />
    protected override IEnumerable<(string Name, IReadOnlyDictionary<string, Tensor> Tensors)> ExtraTensors()
    {
        yield return (GanTrainer.EmaName, _gan.Ema.StateDict());
    }

    /// <inheritdoc />
    protected override void LoadExtraTensors(LoadedCheckpoint checkpoint) => _gan.Ema.Load(checkpoint.ReadTensors(GanTrainer.EmaName));

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, double> LearningRates() => new Dictionary<string, double>
    {
        ["encoders"] = _encoders.LearningRate,
        ["generator"] = Training.GeneratorLearningRate,
        ["discriminators"] = Training.DiscriminatorLearningRate,
    };

    /// <inheritdoc />
    protected override void OnEpochStart(int epoch) => _encoders.SetEpoch(epoch);

    private protected override Dictionary<string, Tensor>? Step(ITrainingBatch batch)
    {
        var encoderLosses = _encoders.Step(batch);
        if (encoderLosses is null) return null;
        var ganLosses = _gan.Step(batch);
        if (ganLosses is null) return null;
        foreach (var (k, v) in ganLosses) encoderLosses[k] = v;
        return encoderLosses;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _encoders.Dispose();
            _gan.Dispose();
        }
        base.Dispose(disposing);
    }
}
