using CustomComponentExample;
using ZslAttnGan.Testing;
using ZslAttnGan.Testing.Contracts;

namespace CustomComponentExample.Tests;

/// <summary>Every check the library's own text encoder passes, inherited by deriving from the contract.</summary>
public class GruTextEncoderContractTests : TextEncoderContract<GruTextEncoder>
{
    protected override GruTextEncoder Create() =>
        new(TinyModels.VocabularySize, TinyModels.EmbeddingSize, new GruTextEncoderOptions { WordEmbeddingSize = 8 }, TinyModels.ZslAttnGan().SentenceGenerator);
}

/// <summary>The same encoder without the ZSL sentence generator (a plain sentence code).</summary>
public class PlainGruTextEncoderContractTests : TextEncoderContract<GruTextEncoder>
{
    protected override GruTextEncoder Create() =>
        new(TinyModels.VocabularySize, TinyModels.EmbeddingSize, new GruTextEncoderOptions { WordEmbeddingSize = 8, Layers = 2 }, sentenceGenerator: null);
}
