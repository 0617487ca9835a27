using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ZslAttnGan.Generation;

/// <summary>
/// NEXT_STAGE_G (attngan.md §2.5): word attention, concat(h, context), R residual blocks, up block → [B, ngf, 2H, 2W].
/// Like the reference it is conditioned by the words only. Keys: <c>att.*</c>, <c>residual.N.block.*</c>, <c>upsample.*</c>.
/// </summary>
public sealed class NextStage : nn.Module<Tensor, Tensor, Tensor?, (Tensor Hidden, Tensor Attention)>
{
    private readonly GlobalAttention att;
    private readonly Sequential residual;
    private readonly Sequential upsample;

    /// <summary>Creates a refinement stage.</summary>
    public NextStage(long ngf, long wordChannels, int residualBlocks, bool replicateMaskBug) : base(nameof(NextStage))
    {
        att = new GlobalAttention(ngf, wordChannels, replicateMaskBug);
        residual = nn.Sequential(Enumerable.Range(0, residualBlocks).Select(_ => (nn.Module<Tensor, Tensor>)new ResBlock(ngf * 2)).ToArray());
        upsample = Blocks.UpBlock(ngf * 2, ngf);
        RegisterComponents();
    }

    /// <summary>Run the residual and up blocks on channels-last tensors (<see cref="ZslAttnGan.Nn.MemoryFormats"/>).</summary>
    public bool ChannelsLast { get; set; }

    /// <inheritdoc />
    public override (Tensor Hidden, Tensor Attention) forward(Tensor h, Tensor words, Tensor? mask)
    {
        // Intermediate handles die with this scope: without gradients their memory is freed at once, with gradients
        // autograd keeps exactly what backward needs.
        using var scope = NewDisposeScope();
        var a = att.forward(h, words, mask);
        var x = cat(new[] { h, a.Context }, 1);
        x = ChannelsLast ? ZslAttnGan.Nn.MemoryFormats.ToChannelsLast(x) : x.contiguous();
        x = residual.forward(x);
        return (upsample.forward(x).MoveToOuterDisposeScope(), a.Attention.MoveToOuterDisposeScope());
    }
}
