using ZslAttnGan.Generation;
using ZslAttnGan.Training;
using ZslAttnGan.Vision;
using ZslAttnGan.Models;
using ZslAttnGan.Text;

namespace ZslAttnGan.Interop;

/// <summary>Works out the mode and the whole <see cref="ModelOptions"/> of an import from the files found, and checks
/// that the components fit together.</summary>
internal static class ModelOptionsInference
{
    /// <summary>The mode, the model options and the ZSL class count.</summary>
    public static (ReferenceMode Mode, ModelOptions Options, int ClassCount) Infer(FoundComponents found, int vocabularySize, ImportOptions options, List<string> notes)
    {
        var text = found.TextEncoder ?? throw new ReferenceImportException(
            "no text encoder (text_encoder*.pth) was given. It is always required: it fixes the vocabulary and the mode.");
        bool textZsl = text.Tensors.ContainsKey("zsl_g.input.weight");
        var mode = Mode(found, textZsl);
        bool zsl = mode == ReferenceMode.ZslAttnGan;
        var template = options.BaseOptions ?? (zsl ? Presets.ZslAttnGanCub.Model : Presets.AttnGanCub.Model);

        var textOptions = ReferenceShapes.TextEncoder(text.Tensors, text.Path, template);
        if (textOptions.VocabularySize != vocabularySize)
            throw new ReferenceImportException($"the text encoder has {textOptions.VocabularySize} word rows but the vocabulary {vocabularySize} words: " +
                "use the captions.pickle the encoder was trained with.", text.Path);
        int e = textOptions.HiddenSize;

        GeneratorOptions generator;
        if (found.Generator is { } g)
        {
            generator = ReferenceShapes.Generator(g.Tensors, g.Path, e, options.ReplicateMaskBug);
            // SentenceSize only sizes CA; a ZSL generator's weights cannot show it, so keep the template's (unused) value.
            if (zsl) generator = generator with { SentenceSize = template.Generator.SentenceSize };
        }
        else
        {
            var baseGenerator = template.Generator.Conditioning == (zsl ? ConditioningKind.ZslSentence : ConditioningKind.Augmentation)
                ? template.Generator : zsl ? GeneratorOptions.ZslAttnGan : GeneratorOptions.AttnGan;
            generator = baseGenerator with
            {
                WordSize = e, SentenceSize = e, ConditionSize = zsl ? e : baseGenerator.ConditionSize, ReplicateMaskBug = options.ReplicateMaskBug,
            };
        }

        var head = zsl ? GlobalCodeHead.ZslTanh : GlobalCodeHead.Linear;
        var backbone = template.ImageBackbone;
        int smallCnnWidth = template.SmallCnnWidth;
        if (found.ImageEncoder is { } ie)
        {
            var shape = ReferenceShapes.ImageEncoder(ie.Tensors, ie.Path);
            if (shape.EmbeddingDim != e)
                throw new ReferenceImportException($"the image encoder gives {shape.EmbeddingDim}-d features but the text encoder {e}-d.", ie.Path);
            (backbone, smallCnnWidth) = (shape.Backbone, shape.Backbone == ImageBackboneKind.SmallCnn ? shape.SmallCnnWidth : smallCnnWidth);
            if (shape.GlobalCodeHead != head)
                notes.Add(zsl
                    ? "the image encoder has AttnGAN's plain global-code head (emb_cnn_code.*); it gets ZSL-AttnGAN's Tanh (keys renamed to emb_cnn_code.0.*), as the seed does when it starts from a DAMSM encoder"
                    : "the image encoder has ZSL-AttnGAN's Tanh global-code head (emb_cnn_code.0.*); in AttnGAN mode it runs without the Tanh (keys renamed to emb_cnn_code.*)");
        }

        int ndf = template.DiscriminatorWidth;
        if (found.ImageDiscriminators.Count > 0)
        {
            var shapes = found.ImageDiscriminators.Values.Select(f => (f.Path, Shape: ReferenceShapes.ImageDiscriminator(f.Tensors, f.Path))).ToList();
            ndf = shapes[0].Shape.Ndf;
            var expectedSizes = generator.SingleOutput ? new[] { generator.ImageSizes[^1] } : generator.ImageSizes.ToArray();
            foreach (var (path, s) in shapes)
            {
                if (s.Ndf != ndf) throw new ReferenceImportException($"DF_DIM {s.Ndf} differs from {ndf} of '{shapes[0].Path}'.", path);
                if (s.ConditionSize != e) throw new ReferenceImportException($"the discriminator's condition has {s.ConditionSize} values but the sentence {e}.", path);
                if (!expectedSizes.Contains(s.ImageSize))
                    throw new ReferenceImportException($"a discriminator for {s.ImageSize} px, but the generator makes {string.Join(", ", expectedSizes)} px.", path);
                if (s.UnconditionalHead == generator.SingleOutput)
                    throw new ReferenceImportException(s.UnconditionalHead
                        ? "a discriminator with an unconditional head, which the single-output (DCGAN) generator's discriminator does not have."
                        : "a discriminator without an unconditional head, which only the single-output (DCGAN) variant uses.", path);
            }
        }

        int hidden = template.ZslDiscriminatorHidden;
        int classCount = options.ClassCount ?? (zsl ? 200 : 1);
        if (found.ZslDiscriminator is { } zd)
        {
            if (!zsl)
                throw new ReferenceImportException("a ZSL discriminator was given but the model is plain AttnGAN (its generator has ca_net.*), which has none.", zd.Path);
            var s = ReferenceShapes.ZslDiscriminator(zd.Tensors, zd.Path);
            if (s.InFeatures != e) throw new ReferenceImportException($"the ZSL discriminator reads {s.InFeatures}-d codes but the codes are {e}-d.", zd.Path);
            if (options.ClassCount is { } c && c != s.Classes)
                throw new ReferenceImportException($"ClassCount {c} was asked for but the ZSL discriminator has {s.Classes} classes.", zd.Path);
            (hidden, classCount) = (s.Hidden, s.Classes);
        }

        var model = template with
        {
            WordEmbeddingSize = textOptions.WordEmbeddingSize,
            EmbeddingSize = e,
            TextDropout = textOptions.Dropout,
            // The reference RNN_ENCODER's sentence is always its final hidden state; weights trained that way mean
            // nothing under another pooling, whatever the template says.
            SentencePooling = SentencePooling.FinalHiddenState,
            SentenceGenerator = textOptions.SentenceGenerator,
            ImageBackbone = backbone,
            SmallCnnWidth = smallCnnWidth,
            ImageEncoder = template.ImageEncoder with { EmbeddingDim = e, GlobalCodeHead = head },
            Generator = generator,
            DiscriminatorWidth = ndf,
            ZslDiscriminatorHidden = hidden,
        };
        try
        {
            model.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new ReferenceImportException($"the components do not fit together: {ex.Message}", null, ex);
        }
        return (mode, model, classCount);
    }

    private static ReferenceMode Mode(FoundComponents found, bool textZsl)
    {
        if (found.Generator is not { } g) return textZsl ? ReferenceMode.ZslAttnGan : ReferenceMode.AttnGan;
        bool ca = g.Tensors.ContainsKey("ca_net.fc.weight");
        if (ca && textZsl)
            throw new ReferenceImportException($"the generator '{g.Path}' is AttnGAN's (conditioning augmentation, ca_net.*) but the text encoder " +
                $"'{found.TextEncoder!.Path}' is the seed's (with zsl_g.*). Import components of one model.");
        if (!ca && !textZsl)
            throw new ReferenceImportException($"the generator '{g.Path}' is the seed's (no ca_net.*: it reads the ZSL sentence code) but the text encoder " +
                $"'{found.TextEncoder!.Path}' has no ZSL sentence generator (zsl_g.*). Import the seed's text encoder with it.");
        return ca ? ReferenceMode.AttnGan : ReferenceMode.ZslAttnGan;
    }
}
