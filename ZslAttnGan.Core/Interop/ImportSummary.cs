using System.Text;
using ZslAttnGan.Training;
using ZslAttnGan.Models;
using ZslAttnGan.Checkpoints;

namespace ZslAttnGan.Interop;

/// <summary>Which model family reference weights belong to.</summary>
public enum ReferenceMode
{
    /// <summary>The ZSL-AttnGAN seed: ZSL sentence generator in the text encoder, no CA in the generator.</summary>
    ZslAttnGan,

    /// <summary>Original AttnGAN: conditioning augmentation (<c>ca_net.*</c>) in the generator, plain LSTM sentence.</summary>
    AttnGan,
}

/// <summary>Where one component of an imported model came from.</summary>
/// <param name="Name">The component's checkpoint name (<c>text_encoder</c>, <c>discriminator_64</c>, …).</param>
/// <param name="Kind">The component kind.</param>
/// <param name="Source">The file it was imported from, or null when it was freshly initialised.</param>
public sealed record ImportedComponentInfo(string Name, ReferenceComponentKind Kind, string? Source)
{
    /// <summary>True when the weights came from a file.</summary>
    public bool Imported => Source is not null;
}

/// <summary>What an import found and built.</summary>
/// <param name="Mode">The detected model family.</param>
/// <param name="Options">The model options inferred from the weights (and <see cref="ImportOptions.BaseOptions"/>).</param>
/// <param name="VocabularySize">Words of the vocabulary (rows of the word embedding).</param>
/// <param name="ClassCount">Classes of the ZSL discriminator.</param>
/// <param name="Components">Every component of the model and its source.</param>
/// <param name="Notes">Adjustments and warnings (converted keys, absent BatchNorm counters, fresh components, …).</param>
/// <param name="CheckpointDirectory">The checkpoint written, or null when none was.</param>
public sealed record ImportSummary(
    ReferenceMode Mode,
    ModelOptions Options,
    int VocabularySize,
    int ClassCount,
    IReadOnlyList<ImportedComponentInfo> Components,
    IReadOnlyList<string> Notes,
    string? CheckpointDirectory = null)
{
    /// <summary>Components that were freshly initialised because no file provided them.</summary>
    public IEnumerable<ImportedComponentInfo> FreshComponents => Components.Where(c => !c.Imported);

    /// <summary>A readable multi-line report (mode, shapes, sources, notes).</summary>
    public override string ToString()
    {
        var o = Options;
        var g = o.Generator;
        var s = new StringBuilder();
        s.AppendLine($"Mode: {(Mode == ReferenceMode.AttnGan ? "AttnGAN (conditioning augmentation)" : "ZSL-AttnGAN (ZSL sentence generator)")}");
        s.AppendLine($"Vocabulary: {VocabularySize} words; word embedding {o.WordEmbeddingSize}; text features {o.EmbeddingSize}");
        s.AppendLine($"Generator: GF_DIM {g.Ngf}, {g.Branches} stage(s) {string.Join("/", o.ImageSizes)} px, R_NUM {g.ResidualBlocks}, " +
                     $"condition {g.ConditionSize}, image noise {g.NoiseSize}{(g.SingleOutput ? ", single output" : "")}, attention-mask bug {(g.ReplicateMaskBug ? "on" : "off")}");
        s.AppendLine($"Image encoder: {o.ImageBackbone}, global code {o.ImageEncoder.GlobalCodeHead}; discriminators DF_DIM {o.DiscriminatorWidth}" +
                     (o.IsZsl ? $"; ZSL discriminator {ClassCount} classes, hidden {o.ZslDiscriminatorHidden}" : ""));
        foreach (var c in Components)
            s.AppendLine($"  {c.Name,-20} {(c.Source is null ? "freshly initialised" : "from " + c.Source)}");
        foreach (var n in Notes) s.AppendLine($"Note: {n}");
        if (CheckpointDirectory is not null) s.AppendLine($"Checkpoint: {CheckpointDirectory}");
        return s.ToString().TrimEnd();
    }
}
