using TorchSharp;
using TorchSharp.Modules;
using ZslAttnGan.Generation;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Discrimination;

/// <summary>
/// D_GET_LOGITS (attngan.md §2.6): turns a [B, 8·ndf, 4, 4] image code into a probability [B] (sigmoid; the reference
/// calls it "logits"). The conditional head tiles the sentence to 4×4, concatenates it after the code and applies
/// a 3×3 conv block first. The sigmoid is applied in <see cref="forward"/>; <see cref="Logits"/> gives the scores
/// before it. Keys: <c>jointConv.{0,1}.*</c> (conditional only), <c>outlogits.0.{weight,bias}</c>.
/// </summary>
public sealed class DiscriminatorLogits : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly Sequential? jointConv;
    private readonly Sequential outlogits;

    /// <summary>Creates a head.</summary>
    /// <param name="ndf">Discriminator base width; the code has 8·ndf channels.</param>
    /// <param name="conditionSize">Sentence size for the conditional head.</param>
    /// <param name="conditional">Whether the head reads a sentence.</param>
    /// <param name="spectralNorm">Spectrally normalise the convolutions.</param>
    /// <param name="batchNorm">BatchNorm in the joint block (the reference); false = none.</param>
    public DiscriminatorLogits(long ndf, long conditionSize, bool conditional, bool spectralNorm = false, bool batchNorm = true) : base(nameof(DiscriminatorLogits))
    {
        CodeChannels = ndf * 8;
        ConditionSize = conditionSize;
        Conditional = conditional;
        if (conditional) jointConv = Blocks.Block3x3LeakyRelu(CodeChannels + conditionSize, CodeChannels, spectralNorm, batchNorm);
        outlogits = nn.Sequential(Blocks.DiscriminatorConv(CodeChannels, 1, 4, 4, 0, bias: true, spectralNorm));
        RegisterComponents();
    }

    /// <summary>Channels of the image code (8·ndf).</summary>
    public long CodeChannels { get; }

    /// <summary>Sentence size of the conditional head.</summary>
    public long ConditionSize { get; }

    /// <summary>Whether this head reads a sentence.</summary>
    public bool Conditional { get; }

    /// <summary>Probabilities [B] that each code (with its sentence, if conditional) is real: sigmoid of <see cref="Logits"/>.</summary>
    public override Tensor forward(Tensor code, Tensor? sentence) => sigmoid(Logits(code, sentence));

    /// <summary>Scores [B] before the sigmoid (what hinge losses and gradient penalties read).</summary>
    public Tensor Logits(Tensor code, Tensor? sentence)
    {
        Guard.Shape(code, nameof(code), $"[B, {CodeChannels}, 4, 4]", -1, CodeChannels, 4, 4);
        var h = code;
        if (jointConv is not null)
        {
            Guard.Shape(sentence, nameof(sentence), $"[{code.shape[0]}, {ConditionSize}]", code.shape[0], ConditionSize);
            var tiled = sentence!.reshape(sentence.shape[0], ConditionSize, 1, 1).expand(-1, -1, 4, 4);
            h = jointConv.forward(cat(new[] { code, tiled }, 1));
        }
        return outlogits.forward(h).reshape(-1);
    }
}
