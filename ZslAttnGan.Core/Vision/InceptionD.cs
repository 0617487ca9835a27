using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ZslAttnGan.Vision;

/// <summary>
/// Inception-v3 block D (Mixed_7a), a stride-2 reduction: 1×1→192→3×3/2→320; 1×1→192→1×7→192→7×1→192→3×3/2→192;
/// and a 3×3/2 max pool, concatenated. Output channels: 512 + input channels (1280 for Mixed_7a).
/// </summary>
public sealed class InceptionD : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "branch3x3_1")] private readonly BasicConv2d _branch3x3_1;
    [ComponentName(Name = "branch3x3_2")] private readonly BasicConv2d _branch3x3_2;
    [ComponentName(Name = "branch7x7x3_1")] private readonly BasicConv2d _branch7x7x3_1;
    [ComponentName(Name = "branch7x7x3_2")] private readonly BasicConv2d _branch7x7x3_2;
    [ComponentName(Name = "branch7x7x3_3")] private readonly BasicConv2d _branch7x7x3_3;
    [ComponentName(Name = "branch7x7x3_4")] private readonly BasicConv2d _branch7x7x3_4;

    /// <summary>Creates the block.</summary>
    /// <param name="inChannels">Input channels (768).</param>
    public InceptionD(long inChannels) : base(nameof(InceptionD))
    {
        _branch3x3_1 = new BasicConv2d(inChannels, 192, 1);
        _branch3x3_2 = new BasicConv2d(192, 320, 3, stride: 2);
        _branch7x7x3_1 = new BasicConv2d(inChannels, 192, 1);
        _branch7x7x3_2 = new BasicConv2d(192, 192, (1, 7), (1, 1), (0, 3));
        _branch7x7x3_3 = new BasicConv2d(192, 192, (7, 1), (1, 1), (3, 0));
        _branch7x7x3_4 = new BasicConv2d(192, 192, 3, stride: 2);
        OutChannels = 320 + 192 + inChannels;
        RegisterComponents();
    }

    /// <summary>Output channels.</summary>
    public long OutChannels { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var b3 = _branch3x3_2.call(_branch3x3_1.call(input));
        var b7 = _branch7x7x3_1.call(input);
        b7 = _branch7x7x3_2.call(b7);
        b7 = _branch7x7x3_3.call(b7);
        b7 = _branch7x7x3_4.call(b7);
        var bp = nn.functional.max_pool2d(input, 3, stride: 2);
        return cat(new[] { b3, b7, bp }, 1).MoveToOuterDisposeScope();
    }
}
