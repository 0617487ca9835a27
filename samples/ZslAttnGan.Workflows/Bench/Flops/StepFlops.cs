using ZslAttnGan.Training;
using ZslAttnGan.Models;

namespace ZslAttnGan.Workflows.Bench.Flops;

/// <summary>
/// Analytic FLOPs of one encoder step, one GAN step and one inference call, layer by layer. Convention: a layer whose
/// weights are trained costs 3 forward-equivalents (forward, input gradient, weight gradient); a frozen layer that a
/// gradient must cross to reach trained parts costs 2 (forward, input gradient); a layer run without gradient costs 1.
/// Element-wise work (normalisation, activations, softmax, resize, Adam, EMA) is not counted.
/// </summary>
public static class StepFlops
{
    /// <summary>The encoder step (<see cref="EncoderTrainer"/>) with the Inception-v3 image encoder.</summary>
    /// <param name="m">Model options (Inception backbone).</param>
    /// <param name="classes">Classes of the ZSL discriminator.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="tokens">Sum of the caption lengths.</param>
    /// <param name="words">Padded caption width T.</param>
    public static FlopLedger Encoder(ModelOptions m, int classes, long batch, long tokens, long words)
    {
        RequireInception(m);
        long d = m.EmbeddingSize;
        var ledger = new FlopLedger()
            .Add("encoder/image/trunk", InceptionFlops.Trunk(batch), 1)          // frozen, input needs no gradient
            .Add("encoder/image/heads", InceptionFlops.Heads(batch, d), 3)
            .Add("encoder/text", TextFlops.Encoder(m, batch, tokens), 3)
            .Add("encoder/damsm", TextFlops.DamsmWords(batch, d, 17 * 17, words), 3)
            .Add("encoder/damsm", TextFlops.DamsmSentence(batch, d), 3);
        if (m.IsZsl)
        {
            ledger.Add("encoder/zsl_d_judge", TextFlops.ZslDiscriminator(m, classes, 2 * batch), 2);   // frozen, gradient to codes
            ledger.Add("encoder/zsl_d_step", TextFlops.ZslDiscriminator(m, classes, 2 * batch), 3);
        }
        return ledger;
    }

    /// <summary>The GAN step (<see cref="GanTrainer"/>): text features without gradient, one generator forward, each
    /// discriminator's update, the generator's update through frozen discriminators, image encoder, DAMSM and ZSL discriminator.</summary>
    public static FlopLedger Gan(ModelOptions m, int classes, long batch, long tokens, long words)
    {
        RequireInception(m);
        long d = m.EmbeddingSize, ndf = m.DiscriminatorWidth;
        var ledger = new FlopLedger()
            .Add("gan/text", TextFlops.Encoder(m, batch, tokens), 1)
            .Add("gan/G", GeneratorFlops.Layers(m.Generator, batch, words), 3);
        var sizes = m.Generator.SingleOutput ? new[] { m.ImageSizes[^1] } : m.ImageSizes.ToArray();
        bool uncond = !m.Generator.SingleOutput;
        foreach (var s in sizes)
        {
            string p = $"gan/D{s}_step";
            ledger.Add(p, DiscriminatorFlops.Code(s, ndf, 2 * batch), 3)
                  .Add(p, DiscriminatorFlops.Conditional(ndf, d, 2 * batch + batch - 1), 3);
            if (uncond) ledger.Add(p, DiscriminatorFlops.Unconditional(ndf, 2 * batch), 3);
        }
        foreach (var s in sizes)
        {
            string p = $"gan/G_judge/D{s}";
            ledger.Add(p, DiscriminatorFlops.Code(s, ndf, batch), 2)
                  .Add(p, DiscriminatorFlops.Conditional(ndf, d, batch), 2);
            if (uncond) ledger.Add(p, DiscriminatorFlops.Unconditional(ndf, batch), 2);
        }
        ledger.Add("gan/G_judge/image/trunk", InceptionFlops.Trunk(batch), 2)
              .Add("gan/G_judge/image/heads", InceptionFlops.Heads(batch, d), 2)
              .Add("gan/G_judge/damsm", TextFlops.DamsmWords(batch, d, 17 * 17, words), 2)
              .Add("gan/G_judge/damsm", TextFlops.DamsmSentence(batch, d), 2);
        if (m.IsZsl) ledger.Add("gan/G_judge/zsl_d", TextFlops.ZslDiscriminator(m, classes, batch), 2);
        return ledger;
    }

    /// <summary>Inference: text encoder and generator forwards for <paramref name="batch"/> images, with the up blocks
    /// counted as run with <paramref name="fusedLayers"/> (see <see cref="GeneratorFlops.Layers"/>).</summary>
    public static FlopLedger Inference(ModelOptions m, long batch, long tokens, long words, bool fusedLayers = false) => new FlopLedger()
        .Add("inference/text", TextFlops.Encoder(m, batch, tokens), 1)
        .Add("inference/G", GeneratorFlops.Layers(m.Generator, batch, words, fusedLayers), 1);

    /// <summary>The FLOPs of one call of an issue-8 workload (random captions of <see cref="RandomTrainingData"/>'s
    /// lengths for the steps, a full-width caption for inference).</summary>
    /// <param name="w">The workload.</param>
    /// <param name="fusedLayers">Inference runs with <see cref="Nn.InferenceFusion"/> (as <see cref="WorkloadRunner"/> does
    /// unless switched off).</param>
    public static FlopLedger For(ReferenceWorkload w, bool fusedLayers = false)
    {
        ArgumentNullException.ThrowIfNull(w);
        var m = w.Preset.Model;
        long tokens = RandomTrainingData.CaptionLengths(w.BatchSize, ReferenceWorkload.Words).Sum();
        return w.Kind switch
        {
            WorkloadKind.EncoderStep => Encoder(m, ReferenceWorkload.ClassCount, w.BatchSize, tokens, ReferenceWorkload.Words),
            WorkloadKind.GanStep => Gan(m, ReferenceWorkload.ClassCount, w.BatchSize, tokens, ReferenceWorkload.Words),
            _ => Inference(m, w.BatchSize, (long)w.BatchSize * ReferenceWorkload.Words, ReferenceWorkload.Words, fusedLayers),
        };
    }

    private static void RequireInception(ModelOptions m)
    {
        if (m.ImageBackbone != ImageBackboneKind.InceptionV3)
            throw new NotSupportedException("The FLOP model covers the Inception-v3 image encoder only.");
    }
}
