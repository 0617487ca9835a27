using TorchSharp;
using TorchSharp.Modules;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;
using static ZslAttnGan.TorchSharpWorkarounds.Scalars;

namespace ZslAttnGan.Generation;

/// <summary>Word context per pixel [B, idf, H, W] and the attention over words [B, T, H, W].</summary>
public readonly record struct AttentionOutput(Tensor Context, Tensor Attention);

/// <summary>
/// The generator's word attention (GlobalAttentionGeneral, attngan.md §3.1): words projected to the image width by a
/// bias-free 1×1 conv act as keys and values; softmax over words for every pixel. Padding is masked per image. The
/// reference tiles the mask instead (pixel row r of the flattened batch uses caption r mod B, §3.3); set
/// <c>replicateMaskBug</c> to reproduce that for released weights. Key: <c>conv_context.weight</c>.
/// </summary>
public sealed class GlobalAttention : nn.Module<Tensor, Tensor, Tensor?, AttentionOutput>
{
    private readonly ZslAttnGan.Nn.Convolution2d conv_context;

    /// <summary>Creates the attention layer.</summary>
    /// <param name="imageChannels">idf: channels of the image features (the query).</param>
    /// <param name="wordChannels">cdf: channels of the word features.</param>
    /// <param name="replicateMaskBug">Reproduce the reference's mask tiling (issue #93) instead of the correct expansion.</param>
    public GlobalAttention(long imageChannels, long wordChannels, bool replicateMaskBug = false) : base(nameof(GlobalAttention))
    {
        ImageChannels = imageChannels;
        WordChannels = wordChannels;
        ReplicateMaskBug = replicateMaskBug;
        conv_context = Blocks.Conv1x1(wordChannels, imageChannels);
        RegisterComponents();
    }

    /// <summary>idf.</summary>
    public long ImageChannels { get; }

    /// <summary>cdf.</summary>
    public long WordChannels { get; }

    /// <summary>Whether the reference's mask-tiling bug is reproduced.</summary>
    public bool ReplicateMaskBug { get; }

    /// <summary>Attends from image features [B, idf, H, W] to words [B, cdf, T]; mask [B, T] is true at padding.</summary>
    public override AttentionOutput forward(Tensor input, Tensor context, Tensor? mask)
    {
        Guard.Shape(input, nameof(input), $"[B, {ImageChannels}, H, W]", -1, ImageChannels, -1, -1);
        Guard.Floating(input, nameof(input));
        long b = input.shape[0], h = input.shape[2], w = input.shape[3], q = h * w;
        Guard.Shape(context, nameof(context), $"[{b}, {WordChannels}, T]", b, WordChannels, -1);
        Guard.Floating(context, nameof(context));
        long t = context.shape[2];
        if (mask is not null)
        {
            Guard.Shape(mask, nameof(mask), $"[{b}, {t}] (bool, true at padding)", b, t);
            Guard.DType(mask, nameof(mask), ScalarType.Bool);
            if (mask.all(1).any().item<bool>())
                throw new ArgumentException("mask masks every word of some caption; each caption needs at least one word.", nameof(mask));
        }

        var target = input.reshape(b, ImageChannels, q).transpose(1, 2);                 // [B, Q, idf]
        var source = conv_context.forward(context.unsqueeze(3)).squeeze(3);              // [B, idf, T]
        var scores = bmm(target, source);                                                // [B, Q, T]
        if (mask is not null)
        {
            var expanded = ReplicateMaskBug
                ? mask.repeat(q, 1).reshape(b, q, t)   // row r of [B·Q, T] gets caption r mod B
                : mask.unsqueeze(1).expand(b, q, t);
            scores = scores.masked_fill(expanded, S(double.NegativeInfinity));
        }
        var attn = scores.softmax(-1).transpose(1, 2);                                    // [B, T, Q]
        var weighted = bmm(source, attn).reshape(b, ImageChannels, h, w);
        return new AttentionOutput(weighted, attn.reshape(b, t, h, w));
    }
}
