using TorchSharp;
using TorchSharp.Modules;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;
using static ZslAttnGan.TorchSharpWorkarounds.Scalars;

namespace ZslAttnGan.Generation;

/// <summary>Conditioning-augmentation result: c = μ + ε·exp(½·logσ²).</summary>
public readonly record struct ConditioningOutput(Tensor Code, Tensor Mu, Tensor LogVar);

/// <summary>
/// AttnGAN's conditioning augmentation CA_NET (attngan.md §2.4): Linear(sentence → 4·c) → GLU gives μ and logσ²;
/// c = μ + ε·exp(½·logσ²). Used in plain AttnGAN mode; ZSL-AttnGAN replaces it by the ZSL sentence generator.
/// Key: <c>fc.{weight,bias}</c>.
/// </summary>
public sealed class ConditioningAugmentation : nn.Module<Tensor, Tensor, ConditioningOutput>, Components.ISentenceConditioner
{
    private readonly Linear fc;

    /// <summary>Creates CA for sentences of <paramref name="sentenceSize"/> and codes of <paramref name="conditionSize"/>.</summary>
    public ConditioningAugmentation(long sentenceSize, long conditionSize) : base(nameof(ConditioningAugmentation))
    {
        SentenceSize = sentenceSize;
        ConditionSize = conditionSize;
        fc = nn.Linear(sentenceSize, conditionSize * 4);
        RegisterComponents();
    }

    /// <summary>Input size.</summary>
    public long SentenceSize { get; }

    /// <summary>Output code size c.</summary>
    public long ConditionSize { get; }

    /// <inheritdoc />
    int Components.ISentenceConditioner.InputSize => checked((int)SentenceSize);

    /// <inheritdoc />
    int Components.ISentenceConditioner.OutputSize => checked((int)ConditionSize);

    /// <inheritdoc />
    Components.ConditionedSentence Components.ISentenceConditioner.Condition(Tensor sentence, Generator? generator)
    {
        var s = Sample(sentence, generator);
        return new(s.Code, s.Mu, s.LogVar);
    }

    /// <summary>Conditions on sentences [B, SentenceSize] with the given ε [B, ConditionSize].</summary>
    public override ConditioningOutput forward(Tensor sentence, Tensor eps)
    {
        Guard.Shape(sentence, nameof(sentence), $"[B, {SentenceSize}]", -1, SentenceSize);
        Guard.Floating(sentence, nameof(sentence));
        Guard.Shape(eps, nameof(eps), $"[B, {ConditionSize}]", sentence.shape[0], ConditionSize);
        var x = nn.functional.glu(fc.forward(sentence), 1);
        var mu = x[.., ..(int)ConditionSize];
        var logvar = x[.., (int)ConditionSize..];
        var code = (eps * (logvar.Times(0.5)).exp()).Plus(mu);
        return new ConditioningOutput(code, mu, logvar);
    }

    /// <summary>Draws ε ~ N(0, I) from <paramref name="generator"/> (the reference draws fresh ε on every call, also at test time).</summary>
    public ConditioningOutput Sample(Tensor sentence, Generator? generator = null)
    {
        Guard.Shape(sentence, nameof(sentence), $"[B, {SentenceSize}]", -1, SentenceSize);
        using var eps = randn(new[] { sentence.shape[0], ConditionSize }, dtype: sentence.dtype, device: sentence.device, generator: generator);
        return forward(sentence, eps);
    }
}
