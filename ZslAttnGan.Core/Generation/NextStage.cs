using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ZslAttnGan.Generation;

/// <summary>
/// NEXT_STAGE_G (attngan.md §2.5): word attention, concat(h, context), R residual blocks, up block → [B, ngf, 2H, 2W].
/// Like the reference it is conditioned by the words only, unless built with per-block conditioning: then a
/// <see cref="SentenceAffine"/> reads the generator's input code after the up block. Keys: <c>att.*</c>,
/// <c>residual.N.block.*</c>, <c>upsample.*</c> (and <c>affine.*</c>).
/// </summary>
public sealed class NextStage : nn.Module<Tensor, Tensor, Tensor?, (Tensor Hidden, Tensor Attention)>
{
    private readonly GlobalAttention att;
    private readonly Sequential residual;
    private readonly Sequential upsample;
    private readonly SentenceAffine? affine;

    /// <summary>Creates a refinement stage.</summary>
    /// <param name="ngf">Width of the hidden map.</param>
    /// <param name="wordChannels">Word feature size.</param>
    /// <param name="residualBlocks">Residual blocks after the attention.</param>
    /// <param name="replicateMaskBug">Reproduce the reference's attention-mask tiling bug.</param>
    /// <param name="codeSize">Size of the code a <see cref="SentenceAffine"/> reads; 0 = no per-block conditioning.</param>
    /// <param name="affineHidden">Hidden width of that block's MLP.</param>
    public NextStage(long ngf, long wordChannels, int residualBlocks, bool replicateMaskBug, long codeSize = 0, long affineHidden = 0) : base(nameof(NextStage))
    {
        att = new GlobalAttention(ngf, wordChannels, replicateMaskBug);
        residual = nn.Sequential(Enumerable.Range(0, residualBlocks).Select(_ => (nn.Module<Tensor, Tensor>)new ResBlock(ngf * 2)).ToArray());
        upsample = Blocks.UpBlock(ngf * 2, ngf);
        if (codeSize > 0) affine = new SentenceAffine(codeSize, ngf, affineHidden);
        RegisterComponents();
    }

    /// <summary>Run the residual and up blocks on channels-last tensors (<see cref="ZslAttnGan.Nn.MemoryFormats"/>).</summary>
    public bool ChannelsLast { get; set; }

    /// <inheritdoc />
    public override (Tensor Hidden, Tensor Attention) forward(Tensor h, Tensor words, Tensor? mask) => Forward(h, words, mask, null);

    /// <summary>Refines <paramref name="h"/>; <paramref name="code"/> is the generator's input code, needed when the stage
    /// has per-block conditioning and ignored otherwise.</summary>
    /// <exception cref="ArgumentNullException">The stage has per-block conditioning and <paramref name="code"/> is null.</exception>
    public (Tensor Hidden, Tensor Attention) Forward(Tensor h, Tensor words, Tensor? mask, Tensor? code)
    {
        if (affine is not null && code is null)
            throw new ArgumentNullException(nameof(code), "This stage has per-block conditioning: pass the generator's input code.");
        // Intermediate handles die with this scope: without gradients their memory is freed at once, with gradients
        // autograd keeps exactly what backward needs.
        using var scope = NewDisposeScope();
        var a = att.forward(h, words, mask);
        var x = cat(new[] { h, a.Context }, 1);
        x = ChannelsLast ? ZslAttnGan.Nn.MemoryFormats.ToChannelsLast(x) : x.contiguous();
        x = residual.forward(x);
        x = upsample.forward(x);
        if (affine is not null) x = affine.forward(x, code!);
        return (x.MoveToOuterDisposeScope(), a.Attention.MoveToOuterDisposeScope());
    }
}
