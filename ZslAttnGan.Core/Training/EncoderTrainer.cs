using Microsoft.Extensions.Logging;
using ZslAttnGan.Text;
using static TorchSharp.torch;
using ZslAttnGan.Models;

namespace ZslAttnGan.Training;

/// <summary>
/// Encoder phase (zslgan.md §5.6): trains the text encoder with its ZSL sentence generator and the image encoder's
/// trainable parts on DAMSM + λ_zsl × the ZSL generator-side loss, and the ZSL discriminator with its own optimiser.
/// Fixes the seed's bugs: the learning-rate decay reaches the optimiser, and the discriminator step reuses the step's
/// codes (detached) instead of running both encoders again. In AttnGAN mode (no ZSL generator) this is plain DAMSM
/// pretraining.
/// </summary>
public sealed class EncoderTrainer : Trainer
{
    private readonly EncoderPhase _phase;

    /// <summary>Creates the trainer (Adam for the encoders and for the ZSL discriminator).</summary>
    public EncoderTrainer(ZslAttnGanModel model, Vocabulary vocabulary, LossOptions? loss = null, TrainingOptions? training = null, ILogger<EncoderTrainer>? logger = null)
        : base("encoders", model, vocabulary, loss, training, logger)
    {
        _phase = new EncoderPhase(Context);
    }

    /// <inheritdoc />
    protected override IEnumerable<(string Name, AdamOptimizer Optimizer)> Optimizers() => _phase.Optimizers();

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, double> LearningRates() => new Dictionary<string, double> { ["encoders"] = _phase.LearningRate };

    /// <inheritdoc />
    protected override void OnEpochStart(int epoch) => _phase.SetEpoch(epoch);

    private protected override Dictionary<string, Tensor>? Step(ITrainingBatch batch) => _phase.Step(batch);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _phase.Dispose();
        base.Dispose(disposing);
    }
}
