using TorchSharp;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;
using static ZslAttnGan.TorchSharpWorkarounds.Scalars;

namespace ZslAttnGan.Losses;

/// <summary>DAMSM losses: words (w0, w1) and sentence (s0, s1); loss0 rows are images, loss1 rows are captions.</summary>
/// <param name="Words0">Cross-entropy of the word scores per image (softmax over captions).</param>
/// <param name="Words1">Cross-entropy of the transposed word scores (softmax over images).</param>
/// <param name="Sentence0">Cross-entropy of the sentence scores per image.</param>
/// <param name="Sentence1">Cross-entropy of the transposed sentence scores.</param>
/// <param name="AttentionMaps">Each caption's word → region attention on its own image [B, T, h, w] (zero past its length).</param>
public sealed record DamsmLossResult(Tensor Words0, Tensor Words1, Tensor Sentence0, Tensor Sentence1, Tensor AttentionMaps)
{
    /// <summary>w0 + w1 + s0 + s1, the DAMSM pretraining loss.</summary>
    public Tensor Total => Words0.Plus(Words1).Plus(Sentence0).Plus(Sentence1);
}

/// <summary>
/// Deep attentional multimodal similarity (attngan.md §3.2, §4.2–4.3), computed for the whole batch at once: every
/// caption attends over every image's regions in one batched computation instead of the reference's per-caption loop,
/// with the same values.
/// </summary>
public sealed class DamsmLoss : IDamsmObjective
{
    /// <summary>Creates the loss with the given γs (defaults: 4, 5, 10).</summary>
    public DamsmLoss(DamsmOptions? options = null) => Options = options ?? new DamsmOptions();

    /// <summary>The γs and masking switch.</summary>
    public DamsmOptions Options { get; }

    /// <summary>All four losses.</summary>
    /// <param name="regions">Image region features [B, D, h, w].</param>
    /// <param name="words">Word features [B, D, T], zero at padding.</param>
    /// <param name="lengths">Caption lengths [B] (int64, 1..T).</param>
    /// <param name="imageCodes">Global image codes [B, C].</param>
    /// <param name="sentenceCodes">Sentence codes [B, C].</param>
    /// <param name="classIds">Class ids [B] (int64) for same-class masking, or null for none.</param>
    public DamsmLossResult Compute(Tensor regions, Tensor words, Tensor lengths, Tensor imageCodes, Tensor sentenceCodes, Tensor? classIds = null)
    {
        var (wScores, maps) = WordScores(regions, words, lengths);
        var sScores = SentenceScores(imageCodes, sentenceCodes);
        Guard.SameBatch(regions, nameof(regions), imageCodes, nameof(imageCodes));
        var mask = ClassMaskOrNull(classIds, regions.shape[0]);
        var (w0, w1) = MatchingLoss(wScores, mask);
        var (s0, s1) = MatchingLoss(sScores, mask);
        return new DamsmLossResult(w0, w1, s0, s1, maps);
    }

    /// <summary>The words loss alone (w0, w1) and attention maps.</summary>
    public (Tensor Loss0, Tensor Loss1, Tensor AttentionMaps) WordsLoss(Tensor regions, Tensor words, Tensor lengths, Tensor? classIds = null)
    {
        var (scores, maps) = WordScores(regions, words, lengths);
        var (l0, l1) = MatchingLoss(scores, ClassMaskOrNull(classIds, regions.shape[0]));
        return (l0, l1, maps);
    }

    /// <summary>The sentence loss alone (s0, s1).</summary>
    public (Tensor Loss0, Tensor Loss1) SentenceLoss(Tensor imageCodes, Tensor sentenceCodes, Tensor? classIds = null) =>
        MatchingLoss(SentenceScores(imageCodes, sentenceCodes), ClassMaskOrNull(classIds, imageCodes.shape[0]));

    /// <summary>S[b, i] = γ3·cos(imageCodes[b], sentenceCodes[i]) → [B images, B sentences].</summary>
    public Tensor SentenceScores(Tensor imageCodes, Tensor sentenceCodes)
    {
        Guard.Shape(imageCodes, nameof(imageCodes), "[B, C]", -1, -1);
        Guard.Floating(imageCodes, nameof(imageCodes));
        Guard.Shape(sentenceCodes, nameof(sentenceCodes), $"[{imageCodes.shape[0]}, {imageCodes.shape[1]}]", imageCodes.shape[0], imageCodes.shape[1]);
        Guard.Floating(sentenceCodes, nameof(sentenceCodes));
        var dots = imageCodes.matmul(sentenceCodes.t());
        var norms = imageCodes.norm(1, true).matmul(sentenceCodes.norm(1, true).t());
        return (dots / norms.clamp_min(S(1e-8))).Times(Options.Gamma3);
    }

    /// <summary>
    /// S[b, i] = γ3·log Σ_k exp(γ2·cos(word k of caption i, its γ1-attended region context in image b)), over the first
    /// lengths[i] words → [B images, B captions], and each caption's attention map on its own image.
    /// </summary>
    public (Tensor Scores, Tensor AttentionMaps) WordScores(Tensor regions, Tensor words, Tensor lengths)
    {
        Guard.Shape(regions, nameof(regions), "[B, D, h, w]", -1, -1, -1, -1);
        Guard.Floating(regions, nameof(regions));
        long b = regions.shape[0], d = regions.shape[1], gh = regions.shape[2], gw = regions.shape[3];
        Guard.Shape(words, nameof(words), $"[{b}, {d}, T]", b, d, -1);
        Guard.Floating(words, nameof(words));
        long t = words.shape[2];
        Guard.Lengths(lengths, nameof(lengths), b, t);

        var context = regions.reshape(b, d, gh * gw);                                   // [B, D, R]
        var padding = Text.PaddingMask.For(lengths, t, words.device);  // [Bcap, T]

        // Raw dot products of every image's regions with every caption's words: [Bimg, Bcap, R, T].
        var dots = einsum("bdr,idt->birt", context, words);
        // Softmax over each caption's own words for every region, then γ1-sharpened softmax over regions for every word.
        var overWords = dots.masked_fill(padding.unsqueeze(0).unsqueeze(2), S(double.NegativeInfinity)).softmax(-1);
        var alpha = overWords.transpose(2, 3).Times(Options.Gamma1).softmax(-1);             // [Bimg, Bcap, T, R]
        var weighted = einsum("bdr,bitr->bidt", context, alpha);                         // [Bimg, Bcap, D, T]

        var num = einsum("idt,bidt->bit", words, weighted);
        var den = (words.norm(1).unsqueeze(0) * weighted.norm(2)).clamp_min(S(1e-8));      // [Bimg, Bcap, T]
        var cosine = (num / den).Times(Options.Gamma2).masked_fill(padding.unsqueeze(0), S(double.NegativeInfinity));
        var scores = cosine.logsumexp(2).Times(Options.Gamma3);                               // [Bimg, Bcap]

        var own = Ranges.Arange(b, words.device);
        var maps = alpha[own, own]                                                       // [B, T, R]: caption i on image i
            .masked_fill(padding.unsqueeze(2), S(0.0))
            .reshape(b, t, gh, gw);
        return (scores, maps);
    }

    /// <summary>mask[i, j] = (class i == class j) and i ≠ j: pairs of distinct samples of one class, never the diagonal.</summary>
    public static Tensor ClassMask(Tensor classIds)
    {
        Guard.Shape(classIds, nameof(classIds), "[B] (int64)", -1);
        Guard.DType(classIds, nameof(classIds), ScalarType.Int64);
        var same = classIds.unsqueeze(0) == classIds.unsqueeze(1);
        var eye = torch.eye(classIds.shape[0], dtype: ScalarType.Bool, device: classIds.device);
        return same & eye.logical_not();
    }

    /// <summary>(CE(S, arange), CE(Sᵀ, arange)) after masking same-class pairs to −∞.</summary>
    public static (Tensor Loss0, Tensor Loss1) MatchingLoss(Tensor scores, Tensor? mask)
    {
        Guard.Shape(scores, nameof(scores), "[B, B]", -1, scores.shape.Length > 0 ? scores.shape[0] : -1);
        if (mask is not null) scores = scores.masked_fill(mask, S(double.NegativeInfinity));
        var labels = Ranges.Arange(scores.shape[0], scores.device);
        return (nn.functional.cross_entropy(scores, labels), nn.functional.cross_entropy(scores.t(), labels));
    }

    private Tensor? ClassMaskOrNull(Tensor? classIds, long batch)
    {
        if (classIds is null || !Options.MaskSameClass) return null;
        Guard.Shape(classIds, nameof(classIds), $"[{batch}] (int64)", batch);
        return ClassMask(classIds);
    }
}
