using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ZslAttnGan.Vision;

/// <summary>
/// Inception-v3 block E (Mixed_7b, Mixed_7c) with expanded filter banks: 1×1→320; 1×1→384 then [1×3→384 ‖ 3×1→384];
/// 1×1→448→3×3→384 then [1×3→384 ‖ 3×1→384]; 3×3 average pool→1×1→192. Output: 2048 channels.
/// </summary>
public sealed class InceptionE : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "branch1x1")] private readonly BasicConv2d _branch1x1;
    [ComponentName(Name = "branch3x3_1")] private readonly BasicConv2d _branch3x3_1;
    [ComponentName(Name = "branch3x3_2a")] private readonly BasicConv2d _branch3x3_2a;
    [ComponentName(Name = "branch3x3_2b")] private readonly BasicConv2d _branch3x3_2b;
    [ComponentName(Name = "branch3x3dbl_1")] private readonly BasicConv2d _branch3x3dbl_1;
    [ComponentName(Name = "branch3x3dbl_2")] private readonly BasicConv2d _branch3x3dbl_2;
    [ComponentName(Name = "branch3x3dbl_3a")] private readonly BasicConv2d _branch3x3dbl_3a;
    [ComponentName(Name = "branch3x3dbl_3b")] private readonly BasicConv2d _branch3x3dbl_3b;
    [ComponentName(Name = "branch_pool")] private readonly BasicConv2d _branchPool;

    /// <summary>Creates the block.</summary>
    /// <param name="inChannels">Input channels (1280 for Mixed_7b, 2048 for Mixed_7c).</param>
    public InceptionE(long inChannels) : base(nameof(InceptionE))
    {
        _branch1x1 = new BasicConv2d(inChannels, 320, 1);
        _branch3x3_1 = new BasicConv2d(inChannels, 384, 1);
        _branch3x3_2a = Row(384, 384);
        _branch3x3_2b = Column(384, 384);
        _branch3x3dbl_1 = new BasicConv2d(inChannels, 448, 1);
        _branch3x3dbl_2 = new BasicConv2d(448, 384, 3, padding: 1);
        _branch3x3dbl_3a = Row(384, 384);
        _branch3x3dbl_3b = Column(384, 384);
        _branchPool = new BasicConv2d(inChannels, 192, 1);
        RegisterComponents();
    }

    /// <summary>Output channels.</summary>
    public long OutChannels => 320 + 2 * 384 + 2 * 384 + 192;

    private static BasicConv2d Row(long i, long o) => new(i, o, (1, 3), (1, 1), (0, 1));

    private static BasicConv2d Column(long i, long o) => new(i, o, (3, 1), (1, 1), (1, 0));

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var b1 = _branch1x1.call(input);

        var b3 = _branch3x3_1.call(input);
        var b3Split = cat(new[] { _branch3x3_2a.call(b3), _branch3x3_2b.call(b3) }, 1);

        var bd = _branch3x3dbl_2.call(_branch3x3dbl_1.call(input));
        var bdSplit = cat(new[] { _branch3x3dbl_3a.call(bd), _branch3x3dbl_3b.call(bd) }, 1);

        var pooled = nn.functional.avg_pool2d(input, 3, stride: 1, padding: 1, count_include_pad: true);
        var bp = _branchPool.call(pooled);
        return cat(new[] { b1, b3Split, bdSplit, bp }, 1).MoveToOuterDisposeScope();
    }
}
