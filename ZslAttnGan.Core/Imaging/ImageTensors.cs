using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Imaging;

/// <summary>
/// Conversion between image tensors in the generator's range [-1, 1] (channels R, G, B first) and 8-bit RGB images.
/// A value x maps to the byte round((x + 1) · 127.5) clamped to 0..255, rounding halves away from zero; NaN maps to 0.
/// The reference (AttnGAN <c>save_img_results</c>) computes <c>(x + 1) * 127.5</c> and casts to uint8, which truncates
/// and wraps values outside [-1, 1] around; we round and clamp instead, so an overshooting early generator shows
/// saturated colours rather than noise. Bytes map back to p / 127.5 − 1, so values that are multiples of 1/127.5
/// minus one survive a round trip exactly.
/// </summary>
public static class ImageTensors
{
    /// <summary>Converts one image tensor [3, H, W] (or [1, 3, H, W]) in [-1, 1] on any device and of any floating
    /// dtype into an image. The tensor is copied to the CPU; it is not modified.</summary>
    /// <exception cref="ArgumentException"><paramref name="image"/> has the wrong rank, channel count or dtype.</exception>
    public static Image<Rgb24> ToImage(Tensor image)
    {
        Guard.NotNull(image, nameof(image));
        if (image.dim() == 4 && image.shape[0] != 1)
            throw new ArgumentException($"{nameof(image)} must have shape [3, H, W] or [1, 3, H, W] but has shape {Guard.Shape(image)}; use {nameof(ToImages)} for a batch.", nameof(image));
        return ToImages(image, nameof(image))[0];
    }

    /// <summary>Converts a batch [B, 3, H, W] (or a single [3, H, W]) in [-1, 1] on any device and of any floating
    /// dtype into B images. The tensor is copied to the CPU; it is not modified. The caller owns (and disposes) the
    /// returned images.</summary>
    /// <exception cref="ArgumentException"><paramref name="images"/> has the wrong rank, channel count or dtype.</exception>
    public static Image<Rgb24>[] ToImages(Tensor images) => ToImages(images, nameof(images));

    /// <summary>Converts an image to a float32 tensor [3, H, W] in [-1, 1] (p / 127.5 − 1), on
    /// <paramref name="device"/> (CPU when null).</summary>
    public static Tensor ToTensor(Image<Rgb24> image, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        int h = image.Height, w = image.Width, plane = h * w;
        var data = new float[3 * plane];
        image.ProcessPixelRows(accessor =>
        {
            for (int y = 0; y < h; y++)
            {
                var row = accessor.GetRowSpan(y);
                int offset = y * w;
                for (int x = 0; x < w; x++)
                {
                    var p = row[x];
                    data[offset + x] = ToUnit(p.R);
                    data[plane + offset + x] = ToUnit(p.G);
                    data[2 * plane + offset + x] = ToUnit(p.B);
                }
            }
        });
        var tensor = torch.tensor(data, new long[] { 3, h, w }, ScalarType.Float32);
        if (device is null || device.type == DeviceType.CPU) return tensor;
        using (tensor) return tensor.to(device);
    }

    /// <summary>The byte for one tensor value: round((x + 1) · 127.5) clamped to 0..255, NaN → 0.</summary>
    public static byte ToByte(float value)
    {
        if (float.IsNaN(value)) return 0;
        float scaled = MathF.Round((value + 1f) * 127.5f, MidpointRounding.AwayFromZero);
        return (byte)Math.Clamp(scaled, 0f, 255f);
    }

    /// <summary>The tensor value for one byte: p / 127.5 − 1.</summary>
    public static float ToUnit(byte value) => value / 127.5f - 1f;

    private static Image<Rgb24>[] ToImages(Tensor tensor, string name)
    {
        Guard.NotNull(tensor, name);
        if (tensor.dim() != 3 && tensor.dim() != 4)
            throw new ArgumentException($"{name} must have shape [3, H, W] or [B, 3, H, W] but has shape {Guard.Shape(tensor)}.", name);
        int channelDim = (int)tensor.dim() - 3;
        if (tensor.shape[channelDim] != 3)
            throw new ArgumentException($"{name} must have 3 (RGB) channels in dimension {channelDim} but has shape {Guard.Shape(tensor)}.", name);
        Guard.Floating(tensor, name);
        long b = tensor.dim() == 4 ? tensor.shape[0] : 1, hl = tensor.shape[^2], wl = tensor.shape[^1];
        if (b == 0 || hl == 0 || wl == 0)
            throw new ArgumentException($"{name} must not be empty but has shape {Guard.Shape(tensor)}.", name);
        if (hl * wl > int.MaxValue / 3)
            throw new ArgumentException($"{name} is too large for an image ({Guard.Shape(tensor)}).", name);

        // One bulk copy to a managed array: per-element TensorAccessor reads are far slower than indexing an array.
        float[] data;
        using (var scope = NewDisposeScope())
            data = tensor.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();

        int h = (int)hl, w = (int)wl, plane = h * w;
        var result = new Image<Rgb24>[b];
        try
        {
            for (int i = 0; i < b; i++)
            {
                int baseOffset = i * 3 * plane;
                var image = new Image<Rgb24>(w, h);
                result[i] = image;
                image.ProcessPixelRows(accessor =>
                {
                    for (int y = 0; y < h; y++)
                    {
                        var row = accessor.GetRowSpan(y);
                        int offset = baseOffset + y * w;
                        for (int x = 0; x < w; x++)
                        {
                            row[x] = new Rgb24(ToByte(data[offset + x]), ToByte(data[offset + plane + x]),
                                               ToByte(data[offset + 2 * plane + x]));
                        }
                    }
                });
            }
        }
        catch
        {
            foreach (var image in result) image?.Dispose();
            throw;
        }
        return result;
    }
}
