using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ZslAttnGan.Vision;

/// <summary>
/// Inception-v3 block C (Mixed_6b … Mixed_6e) with factorised 7×7 convolutions: 1×1→192;
/// 1×1→c7→1×7→c7→7×1→192; 1×1→c7→7×1→c7→1×7→c7→7×1→c7→1×7→192; 3×3 average pool→1×1→192. Output: 768 channels.
/// </summary>
public sealed class InceptionC : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "branch1x1")] private readonly BasicConv2d _branch1x1;
    [ComponentName(Name = "branch7x7_1")] private readonly BasicConv2d _branch7x7_1;
    [ComponentName(Name = "branch7x7_2")] private readonly BasicConv2d _branch7x7_2;
    [ComponentName(Name = "branch7x7_3")] private readonly BasicConv2d _branch7x7_3;
    [ComponentName(Name = "branch7x7dbl_1")] private readonly BasicConv2d _branch7x7dbl_1;
    [ComponentName(Name = "branch7x7dbl_2")] private readonly BasicConv2d _branch7x7dbl_2;
    [ComponentName(Name = "branch7x7dbl_3")] private readonly BasicConv2d _branch7x7dbl_3;
    [ComponentName(Name = "branch7x7dbl_4")] private readonly BasicConv2d _branch7x7dbl_4;
    [ComponentName(Name = "branch7x7dbl_5")] private readonly BasicConv2d _branch7x7dbl_5;
    [ComponentName(Name = "branch_pool")] private readonly BasicConv2d _branchPool;

    /// <summary>Creates the block.</summary>
    /// <param name="inChannels">Input channels (768).</param>
    /// <param name="channels7x7">Width of the 7×7 branches (128 for Mixed_6b, 160 for 6c/6d, 192 for 6e).</param>
    public InceptionC(long inChannels, long channels7x7) : base(nameof(InceptionC))
    {
        var c7 = channels7x7;
        _branch1x1 = new BasicConv2d(inChannels, 192, 1);
        _branch7x7_1 = new BasicConv2d(inChannels, c7, 1);
        _branch7x7_2 = Row(c7, c7);
        _branch7x7_3 = Column(c7, 192);
        _branch7x7dbl_1 = new BasicConv2d(inChannels, c7, 1);
        _branch7x7dbl_2 = Column(c7, c7);
        _branch7x7dbl_3 = Row(c7, c7);
        _branch7x7dbl_4 = Column(c7, c7);
        _branch7x7dbl_5 = Row(c7, 192);
        _branchPool = new BasicConv2d(inChannels, 192, 1);
        RegisterComponents();
    }

    /// <summary>Output channels.</summary>
    public long OutChannels => 4 * 192;

    private static BasicConv2d Row(long i, long o) => new(i, o, (1, 7), (1, 1), (0, 3));

    private static BasicConv2d Column(long i, long o) => new(i, o, (7, 1), (1, 1), (3, 0));

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var b1 = _branch1x1.call(input);
        var b7 = _branch7x7_3.call(_branch7x7_2.call(_branch7x7_1.call(input)));
        var b7dbl = _branch7x7dbl_1.call(input);
        b7dbl = _branch7x7dbl_2.call(b7dbl);
        b7dbl = _branch7x7dbl_3.call(b7dbl);
        b7dbl = _branch7x7dbl_4.call(b7dbl);
        b7dbl = _branch7x7dbl_5.call(b7dbl);
        var pooled = nn.functional.avg_pool2d(input, 3, stride: 1, padding: 1, count_include_pad: true);
        var bp = _branchPool.call(pooled);
        return cat(new[] { b1, b7, b7dbl, bp }, 1).MoveToOuterDisposeScope();
    }
}
