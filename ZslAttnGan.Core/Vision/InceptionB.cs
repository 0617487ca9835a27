using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ZslAttnGan.Vision;

/// <summary>
/// Inception-v3 block B (Mixed_6a), a stride-2 reduction: 3×3/2→384, 1×1→64→3×3→96→3×3/2→96, and a 3×3/2 max
/// pool, concatenated. Output channels: 480 + input channels (768 for the 288-channel input of Mixed_6a).
/// </summary>
public sealed class InceptionB : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "branch3x3")] private readonly BasicConv2d _branch3x3;
    [ComponentName(Name = "branch3x3dbl_1")] private readonly BasicConv2d _branch3x3dbl_1;
    [ComponentName(Name = "branch3x3dbl_2")] private readonly BasicConv2d _branch3x3dbl_2;
    [ComponentName(Name = "branch3x3dbl_3")] private readonly BasicConv2d _branch3x3dbl_3;

    /// <summary>Creates the block.</summary>
    /// <param name="inChannels">Input channels.</param>
    public InceptionB(long inChannels) : base(nameof(InceptionB))
    {
        _branch3x3 = new BasicConv2d(inChannels, 384, 3, stride: 2);
        _branch3x3dbl_1 = new BasicConv2d(inChannels, 64, 1);
        _branch3x3dbl_2 = new BasicConv2d(64, 96, 3, padding: 1);
        _branch3x3dbl_3 = new BasicConv2d(96, 96, 3, stride: 2);
        OutChannels = 384 + 96 + inChannels;
        RegisterComponents();
    }

    /// <summary>Output channels.</summary>
    public long OutChannels { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var b3 = _branch3x3.call(input);
        var b3dbl = _branch3x3dbl_3.call(_branch3x3dbl_2.call(_branch3x3dbl_1.call(input)));
        var bp = nn.functional.max_pool2d(input, 3, stride: 2);
        return cat(new[] { b3, b3dbl, bp }, 1).MoveToOuterDisposeScope();
    }
}
