using TorchSharp.Modules;
using Xunit;
using ZslAttnGan.Components;
using ZslAttnGan.Losses;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Testing.Contracts;

/// <summary>
/// The contract of an <see cref="IImageAdversarialObjective"/>, checked against a scripted discriminator whose logit is
/// <c>w × mean(image)</c> (+ an optional unconditional head of the same form): finite scalar losses, no gradient from
/// the discriminator's loss into the generated images but one into the discriminator, a gradient from the generator's
/// loss into them, a discriminator that tells real (+1 images) from generated (−1 images) scoring a lower loss than one
/// that has them backwards, and the generator's loss falling as the discriminator is fooled.
/// </summary>
/// <typeparam name="TObjective">The objective under test.</typeparam>
public abstract class ImageAdversarialObjectiveContract<TObjective> where TObjective : IImageAdversarialObjective
{
    /// <summary>A new objective.</summary>
    protected abstract TObjective Create();

    /// <summary>A discriminator of 8-px images whose logits are <c>w · mean(image)</c> (+ 0.1 · mean(condition)), w a parameter.</summary>
    public sealed class ScriptedDiscriminator : nn.Module<Tensor, Tensor>, IImageDiscriminator
    {
        private readonly Parameter w;

        /// <summary>Creates it with weight <paramref name="weight"/>.</summary>
        public ScriptedDiscriminator(double weight, bool unconditional) : base(nameof(ScriptedDiscriminator))
        {
            w = nn.Parameter(tensor(new[] { (float)weight }));
            HasUnconditionalHead = unconditional;
            RegisterComponents();
        }

        /// <inheritdoc />
        public int ImageSize => 8;

        /// <inheritdoc />
        public int ConditionSize => 4;

        /// <inheritdoc />
        public bool HasUnconditionalHead { get; }

        /// <summary>The weight's gradient, or 0.</summary>
        public float WeightGradient => w.grad is { } g ? g.item<float>() : 0f;

        /// <inheritdoc />
        public void ResetParameters(Generator generator) { }

        /// <inheritdoc />
        public override Tensor forward(Tensor images) => Features(images);

        /// <inheritdoc />
        public Tensor Features(Tensor images)
        {
            if (images.dim() != 4 || images.shape[1] != 3 || images.shape[2] != ImageSize || images.shape[3] != ImageSize)
                throw new ArgumentException($"images must be [B, 3, {ImageSize}, {ImageSize}].", nameof(images));
            return images.mean(new long[] { 1, 2, 3 });
        }

        /// <inheritdoc />
        public Tensor ConditionalLogits(Tensor features, Tensor conditions)
        {
            if (conditions.dim() != 2 || conditions.shape[0] != features.shape[0] || conditions.shape[1] != ConditionSize)
                throw new ArgumentException($"conditions must be [{features.shape[0]}, {ConditionSize}].", nameof(conditions));
            // The conditions enter (with zero effect on zero codes) so that penalties differentiating by them work.
            return (features * w).add(conditions.mean(new long[] { 1 }), alpha: Scalars.S(0.1));
        }

        /// <inheritdoc />
        public Tensor UnconditionalLogits(Tensor features) => HasUnconditionalHead
            ? features * w
            : throw new InvalidOperationException("No unconditional head.");
    }

    private static (Tensor Real, Tensor Fake, Tensor Conditions) Batch(int batch = 4)
    {
        var real = ones(batch, 3, 8, 8);
        var fake = ones(batch, 3, 8, 8).neg().requires_grad_(true);
        var conditions = zeros(batch, 4);
        return (real, fake, conditions);
    }

    /// <summary>The name is set; both losses are finite scalars, with and without an unconditional head.</summary>
    [Fact]
    public void LossesAreFiniteScalars()
    {
        var objective = Create();
        Assert.False(string.IsNullOrWhiteSpace(objective.Name), "The objective has no name.");
        foreach (bool unconditional in new[] { true, false })
        {
            using var scope = NewDisposeScope();
            using var d = new ScriptedDiscriminator(0.5, unconditional);
            var (real, fake, c) = Batch();
            var dLoss = objective.Discriminator(d, real, fake, c);
            var gLoss = objective.Generator(d, fake, c);
            foreach (var (name, t) in new[] { ("discriminator", dLoss.Total), ("generator", gLoss.Total) })
            {
                Assert.True(t.numel() == 1, $"The {name} loss has shape [{string.Join(", ", t.shape)}].");
                Assert.True(t.isfinite().all().item<bool>(), $"The {name} loss is not finite (unconditional head: {unconditional}).");
            }
        }
    }

    /// <summary>The discriminator's loss trains the discriminator only; the generator's loss reaches the images.</summary>
    [Fact]
    public void GradientsGoWhereEachLossTrains()
    {
        var objective = Create();
        using var scope = NewDisposeScope();
        using var d = new ScriptedDiscriminator(0.5, unconditional: true);
        var (real, fake, c) = Batch();
        objective.Discriminator(d, real, fake, c).Total.backward();
        Assert.True(fake.grad is null || fake.grad.abs().max().item<float>() == 0, "The discriminator's loss sends a gradient into the generated images (they must be detached).");
        Assert.True(d.WeightGradient != 0, "The discriminator's loss does not reach the discriminator's parameters.");
        objective.Generator(d, fake, c).Total.backward();
        Assert.True(fake.grad is { } g && g.abs().max().item<float>() > 0, "The generator's loss does not reach the generated images.");
    }

    /// <summary>A discriminator that tells real from generated has a lower loss than one that has them backwards, and
    /// the generator's loss is lower against the fooled discriminator.</summary>
    [Fact]
    public void ARightDiscriminatorScoresBetterAndAFooledOneHelpsTheGenerator()
    {
        var objective = Create();
        foreach (bool unconditional in new[] { true, false })
        {
            using var scope = NewDisposeScope();
            using var right = new ScriptedDiscriminator(3, unconditional);
            using var wrong = new ScriptedDiscriminator(-3, unconditional);
            var (real, fake, c) = Batch();
            double dRight = objective.Discriminator(right, real, fake, c).Total.item<float>();
            double dWrong = objective.Discriminator(wrong, real, fake, c).Total.item<float>();
            Assert.True(dRight < dWrong, $"Discriminator loss {dRight:G4} when right vs {dWrong:G4} when wrong (unconditional head: {unconditional}).");
            double gAgainstRight = objective.Generator(right, fake, c).Total.item<float>();
            double gAgainstFooled = objective.Generator(wrong, fake, c).Total.item<float>();
            Assert.True(gAgainstFooled < gAgainstRight, $"Generator loss {gAgainstFooled:G4} against a fooled discriminator vs {gAgainstRight:G4} against a right one.");
        }
    }

    /// <summary>Bad shapes are refused with an <see cref="ArgumentException"/>.</summary>
    [Fact]
    public void BadShapesAreRefused()
    {
        var objective = Create();
        using var scope = NewDisposeScope();
        using var d = new ScriptedDiscriminator(1, unconditional: true);
        var (real, fake, c) = Batch();
        Assert.ThrowsAny<ArgumentException>(() => objective.Discriminator(d, real, fake[..2], c));
        Assert.ThrowsAny<ArgumentException>(() => objective.Discriminator(d, real, fake, zeros(4, 5)));
        Assert.ThrowsAny<ArgumentException>(() => objective.Generator(d, fake, zeros(4, 5)));
    }
}
