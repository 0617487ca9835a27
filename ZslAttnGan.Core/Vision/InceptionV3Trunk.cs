using TorchSharp;
using TorchSharp.Utils;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Vision;

/// <summary>
/// The Inception-v3 trunk of the reference image encoder (torchvision's <c>Inception3</c> up to Mixed_7c, without
/// AuxLogits, dropout and fc). Input [B, 3, 299, 299] with values in [−1, 1] (no ImageNet mean/std:
/// <c>transform_input</c> is not applied). Regions: the Mixed_6e map [B, 768, 17, 17]. Pooled: Mixed_7c
/// average-pooled with an 8 × 8 kernel and flattened, [B, 2048].
/// </summary>
/// <remarks>
/// State-dict keys are torchvision's (<c>Conv2d_1a_3x3.conv.weight</c>, <c>Mixed_6e.branch7x7dbl_3.bn.running_var</c>,
/// …). Newly created trunks have PyTorch-default random weights; load pretrained weights (a DAMSM image-encoder
/// checkpoint, or torchvision's <c>inception_v3_google</c> weights) before use. Every convolution is a
/// <see cref="BasicConv2d"/> (BatchNorm eps 1e-3); block average pools are 3 × 3, stride 1, padding 1 with
/// count_include_pad = true; the stem max pools are 3 × 3, stride 2.
/// </remarks>
public sealed class InceptionV3Trunk : ImageBackbone
{
    /// <summary>The input size of Inception-v3.</summary>
    public const long Size = 299;

    [ComponentName(Name = "Conv2d_1a_3x3")] private readonly BasicConv2d _conv1a;
    [ComponentName(Name = "Conv2d_2a_3x3")] private readonly BasicConv2d _conv2a;
    [ComponentName(Name = "Conv2d_2b_3x3")] private readonly BasicConv2d _conv2b;
    [ComponentName(Name = "Conv2d_3b_1x1")] private readonly BasicConv2d _conv3b;
    [ComponentName(Name = "Conv2d_4a_3x3")] private readonly BasicConv2d _conv4a;
    [ComponentName(Name = "Mixed_5b")] private readonly InceptionA _mixed5b;
    [ComponentName(Name = "Mixed_5c")] private readonly InceptionA _mixed5c;
    [ComponentName(Name = "Mixed_5d")] private readonly InceptionA _mixed5d;
    [ComponentName(Name = "Mixed_6a")] private readonly InceptionB _mixed6a;
    [ComponentName(Name = "Mixed_6b")] private readonly InceptionC _mixed6b;
    [ComponentName(Name = "Mixed_6c")] private readonly InceptionC _mixed6c;
    [ComponentName(Name = "Mixed_6d")] private readonly InceptionC _mixed6d;
    [ComponentName(Name = "Mixed_6e")] private readonly InceptionC _mixed6e;
    [ComponentName(Name = "Mixed_7a")] private readonly InceptionD _mixed7a;
    [ComponentName(Name = "Mixed_7b")] private readonly InceptionE _mixed7b;
    [ComponentName(Name = "Mixed_7c")] private readonly InceptionE _mixed7c;

    /// <summary>Creates the trunk with random weights.</summary>
    public InceptionV3Trunk() : base(nameof(InceptionV3Trunk))
    {
        _conv1a = new BasicConv2d(3, 32, 3, stride: 2);
        _conv2a = new BasicConv2d(32, 32, 3);
        _conv2b = new BasicConv2d(32, 64, 3, padding: 1);
        _conv3b = new BasicConv2d(64, 80, 1);
        _conv4a = new BasicConv2d(80, 192, 3);
        _mixed5b = new InceptionA(192, 32);
        _mixed5c = new InceptionA(256, 64);
        _mixed5d = new InceptionA(288, 64);
        _mixed6a = new InceptionB(288);
        _mixed6b = new InceptionC(768, 128);
        _mixed6c = new InceptionC(768, 160);
        _mixed6d = new InceptionC(768, 160);
        _mixed6e = new InceptionC(768, 192);
        _mixed7a = new InceptionD(768);
        _mixed7b = new InceptionE(1280);
        _mixed7c = new InceptionE(2048);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override long RegionChannels => 768;

    /// <inheritdoc />
    public override long PooledChannels => 2048;

    /// <inheritdoc />
    public override long RegionGridSize => 17;

    /// <inheritdoc />
    public override long InputSize => Size;

    /// <inheritdoc />
    public override bool ResizesInput => true;

    /// <inheritdoc />
    public override bool TrainableByDefault => false;

    /// <summary>Runs the trunk on [B, 3, 299, 299] images.</summary>
    /// <param name="input">Images [B, 3, 299, 299], floating point, in [−1, 1].</param>
    /// <exception cref="ArgumentException">The input has another shape or is not floating point.</exception>
    public override BackboneFeatures forward(Tensor input)
    {
        Guard.Shape(input, nameof(input), "[B, 3, 299, 299]", -1, 3, Size, Size);
        Guard.Floating(input, nameof(input));

        using var scope = NewDisposeScope();
        var x = _conv1a.call(input);                      // 32 @ 149
        x = _conv2a.call(x);                              // 32 @ 147
        x = _conv2b.call(x);                              // 64 @ 147
        x = nn.functional.max_pool2d(x, 3, stride: 2);   // 64 @ 73
        x = _conv3b.call(x);                              // 80 @ 73
        x = _conv4a.call(x);                              // 192 @ 71
        x = nn.functional.max_pool2d(x, 3, stride: 2);   // 192 @ 35
        x = _mixed5b.call(x);                             // 256 @ 35
        x = _mixed5c.call(x);                             // 288 @ 35
        x = _mixed5d.call(x);                             // 288 @ 35
        x = _mixed6a.call(x);                             // 768 @ 17
        x = _mixed6b.call(x);
        x = _mixed6c.call(x);
        x = _mixed6d.call(x);
        var regions = _mixed6e.call(x);                   // 768 @ 17
        x = _mixed7a.call(regions);                       // 1280 @ 8
        x = _mixed7b.call(x);                             // 2048 @ 8
        x = _mixed7c.call(x);                             // 2048 @ 8
        var pooled = nn.functional.avg_pool2d(x, 8).flatten(1); // 2048
        return new BackboneFeatures(regions.MoveToOuterDisposeScope(), pooled.MoveToOuterDisposeScope());
    }
}
