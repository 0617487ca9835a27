using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ZslAttnGan.Vision;

/// <summary>
/// Inception-v3 block A (Mixed_5b, Mixed_5c, Mixed_5d): four branches at the same resolution, concatenated as
/// 1×1→64, 1×1→48→5×5→64, 1×1→64→3×3→96→3×3→96, and 3×3 average pool→1×1→<c>poolFeatures</c>.
/// Output channels: 224 + <c>poolFeatures</c>.
/// </summary>
public sealed class InceptionA : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "branch1x1")] private readonly BasicConv2d _branch1x1;
    [ComponentName(Name = "branch5x5_1")] private readonly BasicConv2d _branch5x5_1;
    [ComponentName(Name = "branch5x5_2")] private readonly BasicConv2d _branch5x5_2;
    [ComponentName(Name = "branch3x3dbl_1")] private readonly BasicConv2d _branch3x3dbl_1;
    [ComponentName(Name = "branch3x3dbl_2")] private readonly BasicConv2d _branch3x3dbl_2;
    [ComponentName(Name = "branch3x3dbl_3")] private readonly BasicConv2d _branch3x3dbl_3;
    [ComponentName(Name = "branch_pool")] private readonly BasicConv2d _branchPool;

    /// <summary>Creates the block.</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="poolFeatures">Output channels of the pooling branch (32 for Mixed_5b, 64 otherwise).</param>
    public InceptionA(long inChannels, long poolFeatures) : base(nameof(InceptionA))
    {
        _branch1x1 = new BasicConv2d(inChannels, 64, 1);
        _branch5x5_1 = new BasicConv2d(inChannels, 48, 1);
        _branch5x5_2 = new BasicConv2d(48, 64, 5, padding: 2);
        _branch3x3dbl_1 = new BasicConv2d(inChannels, 64, 1);
        _branch3x3dbl_2 = new BasicConv2d(64, 96, 3, padding: 1);
        _branch3x3dbl_3 = new BasicConv2d(96, 96, 3, padding: 1);
        _branchPool = new BasicConv2d(inChannels, poolFeatures, 1);
        OutChannels = 64 + 64 + 96 + poolFeatures;
        RegisterComponents();
    }

    /// <summary>Output channels.</summary>
    public long OutChannels { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var b1 = _branch1x1.call(input);
        var b5 = _branch5x5_2.call(_branch5x5_1.call(input));
        var b3 = _branch3x3dbl_3.call(_branch3x3dbl_2.call(_branch3x3dbl_1.call(input)));
        var pooled = nn.functional.avg_pool2d(input, 3, stride: 1, padding: 1, count_include_pad: true);
        var bp = _branchPool.call(pooled);
        return cat(new[] { b1, b5, b3, bp }, 1).MoveToOuterDisposeScope();
    }
}
