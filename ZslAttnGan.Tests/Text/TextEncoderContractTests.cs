using ZslAttnGan.Testing;
using ZslAttnGan.Testing.Contracts;
using ZslAttnGan.Text;

namespace ZslAttnGan.Tests.Text;

/// <summary>The built-in text encoder with its ZSL sentence generator, under the contract users' encoders get.</summary>
public class ZslTextEncoderContractTests : TextEncoderContract<TextEncoder>
{
    protected override TextEncoder Create() => new(TinyModels.ZslAttnGan().TextEncoderFor(TinyModels.VocabularySize));
}

/// <summary>The built-in text encoder without a sentence generator (AttnGAN).</summary>
public class AttnGanTextEncoderContractTests : TextEncoderContract<TextEncoder>
{
    protected override TextEncoder Create() => new(TinyModels.AttnGan().TextEncoderFor(TinyModels.VocabularySize));
}

/// <summary>The built-in text encoder reading its sentence as the mean of its word features.</summary>
public class MeanPooledTextEncoderContractTests : TextEncoderContract<TextEncoder>
{
    protected override TextEncoder Create() => new(TinyModels.ZslAttnGan().TextEncoderFor(TinyModels.VocabularySize) with { Pooling = SentencePooling.MeanOfWords });
}
