using ZslAttnGan.Testing;
using ZslAttnGan.Testing.Contracts;
using ZslAttnGan.Vision;

namespace ZslAttnGan.Tests.Vision;

/// <summary>The small-CNN image encoder, trainable backbone.</summary>
public class SmallCnnImageEncoderContractTests : ImageEncoderContract<ImageEncoder>
{
    protected override ImageEncoder Create() => new(TinyModels.ZslAttnGan().ImageEncoder, new SmallCnnBackbone(64, 4));
}

/// <summary>A frozen backbone: its parameters must get no gradient, the heads must.</summary>
public class FrozenBackboneImageEncoderContractTests : ImageEncoderContract<ImageEncoder>
{
    protected override ImageEncoder Create() => new(TinyModels.ZslAttnGan().ImageEncoder with { TrainBackbone = false }, new SmallCnnBackbone(32, 4));
}
