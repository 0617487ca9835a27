using TorchSharp;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Discrimination;

/// <summary>
/// Differentiable augmentation of the image discriminators' inputs (DiffAugment, Zhao et al. 2020): every image a
/// discriminator sees — real or generated, in its update and in the generator's — is randomly translated and has a
/// square cut out, each image its own draw. With a few hundred training images the discriminator otherwise memorises
/// them within a few hundred steps and its gradients stop telling the generator anything about shape. Because the
/// operations are differentiable, the generator learns through them; because they are applied to real and generated
/// images alike, they do not leak into the generated images. No colour transforms: in this task colour is exactly what
/// the caption says, and a discriminator blind to colour shifts would let the generator drift off it.
/// </summary>
/// <param name="Translation">Largest shift as a fraction of the image side, in each direction (DiffAugment: 1/8);
/// vacated pixels are 0 (mid-grey in [−1, 1]). 0 = none.</param>
/// <param name="Cutout">Side of the cut-out square as a fraction of the image side (DiffAugment: 1/2), placed uniformly
/// (it may reach past the border); its pixels are 0. 0 = none.</param>
public sealed record DifferentiableAugmentation(double Translation = 0.125, double Cutout = 0.5)
{
    /// <summary>Throws <see cref="ArgumentException"/> for fractions outside [0, 1).</summary>
    public void Validate()
    {
        if (Translation is < 0 or >= 1) throw new ArgumentException($"Translation must lie in [0, 1) (got {Translation}).", nameof(Translation));
        if (Cutout is < 0 or >= 1) throw new ArgumentException($"Cutout must lie in [0, 1) (got {Cutout}).", nameof(Cutout));
    }

    /// <summary>The augmented images [B, 3, H, W] (a new tensor; gradients flow to <paramref name="images"/>).</summary>
    /// <param name="images">Images [B, C, H, W].</param>
    /// <param name="generator">Random source of the draws (the trainer's, for reproducible runs).</param>
    public Tensor Apply(Tensor images, Generator? generator = null)
    {
        Guard.Shape(images, nameof(images), "[B, C, H, W]", -1, -1, -1, -1);
        var x = images;
        if (Translation > 0) x = Translate(x, generator);
        if (Cutout > 0) x = CutOut(x, generator);
        return ReferenceEquals(x, images) ? images.alias() : x;
    }

    // Integer shifts per image, applied by gathering rows and columns of the zero-padded image: exact (no resampling
    // blur) and differentiable with respect to the pixels. Output pixel (i, j) reads padded pixel (i + sy, j + sx)
    // with sy in [0, 2·ry], i.e. a shift of ry − sy. Index arithmetic stays in int64 tensors (no scalars).
    private Tensor Translate(Tensor x, Generator? generator)
    {
        long b = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        long ry = (long)Math.Round(h * Translation), rx = (long)Math.Round(w * Translation);
        if (ry == 0 && rx == 0) return x;
        var sy = randint(0, 2 * ry + 1, [b, 1, 1], dtype: ScalarType.Int64, device: x.device, generator: generator);
        var sx = randint(0, 2 * rx + 1, [b, 1, 1], dtype: ScalarType.Int64, device: x.device, generator: generator);
        long pw = w + 2 * rx;
        var rowStarts = Ranges.Arange(h, x.device).view(1, h, 1).Plus(sy).mul(tensor(pw, device: x.device));
        var index = rowStarts.Plus(Ranges.Arange(w, x.device).view(1, 1, w).Plus(sx)).view(b, 1, h * w).expand(b, c, h * w);
        var padded = nn.functional.pad(x, [rx, rx, ry, ry]);
        return padded.reshape(b, c, -1).gather(2, index).view(b, c, h, w);
    }

    private Tensor CutOut(Tensor x, Generator? generator)
    {
        long b = x.shape[0], h = x.shape[2], w = x.shape[3];
        long sh = Math.Max(1, (long)Math.Round(h * Cutout)), sw = Math.Max(1, (long)Math.Round(w * Cutout));
        // Top-left corner so that the square's centre is uniform over the image (it may be cut by the border).
        var top = randint(0, h, [b, 1, 1], dtype: ScalarType.Int64, device: x.device, generator: generator).Plus(tensor(-(sh / 2), device: x.device));
        var left = randint(0, w, [b, 1, 1], dtype: ScalarType.Int64, device: x.device, generator: generator).Plus(tensor(-(sw / 2), device: x.device));
        var ys = Ranges.Arange(h, x.device).view(1, h, 1);
        var xs = Ranges.Arange(w, x.device).view(1, 1, w);
        var insideY = ys.ge(top).logical_and(ys.lt(top.Plus(tensor(sh, device: x.device))));
        var insideX = xs.ge(left).logical_and(xs.lt(left.Plus(tensor(sw, device: x.device))));
        var keep = insideY.logical_and(insideX).logical_not().to(x.dtype).unsqueeze(1);
        return x * keep;
    }
}
