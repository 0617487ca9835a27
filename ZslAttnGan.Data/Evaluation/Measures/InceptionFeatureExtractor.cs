using System.Security.Cryptography;
using TorchSharp;
using TorchSharp.PyBridge;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Vision;
using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation;

/// <summary>
/// FID features: the 2048-d pool3 vector (Mixed_7c, 8 × 8 average pool) of our <see cref="InceptionV3Trunk"/> with
/// ImageNet weights from a user-supplied safetensors file (torchvision's <c>inception_v3</c> state dict; see
/// docs/evaluation.md for the one-line export). Images in [−1, 1] of any size are resized bilinearly to 299 × 299
/// (align_corners = false, as pytorch-fid) and fed without ImageNet mean/std, which is what torchvision's
/// <c>transform_input</c> reconstructs for these (TF-ported) weights.
/// </summary>
/// <remarks>Not thread-safe (one module). The numbers are close to, but not the same as, pytorch-fid's: pytorch-fid
/// uses the TF 2015 FID graph with slightly different blocks (FIDInceptionA/C/E), so compare FIDs only within one
/// feature extractor and weights file (its SHA-256 is <see cref="WeightsSha256"/>).</remarks>
public sealed class InceptionFeatureExtractor : IDisposable
{
    private readonly InceptionV3Trunk _trunk;

    private InceptionFeatureExtractor(InceptionV3Trunk trunk, string weightsSha256, Device device)
    {
        _trunk = trunk;
        WeightsSha256 = weightsSha256;
        Device = device;
    }

    /// <summary>Length of the feature vectors (2048).</summary>
    public const int Dimension = 2048;

    /// <summary>SHA-256 (hex) of the weights file: part of every cache key, since other weights give other features.</summary>
    public string WeightsSha256 { get; }

    /// <summary>Where the trunk runs.</summary>
    public Device Device { get; }

    /// <summary>Loads the trunk's weights from <paramref name="safetensorsPath"/>. Keys outside the trunk (torchvision's
    /// <c>AuxLogits.*</c>, <c>fc.*</c>, or a DAMSM image encoder's heads) are ignored; every trunk key must be present.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentException">A trunk key is missing or has the wrong shape (the message lists them).</exception>
    public static InceptionFeatureExtractor Load(string safetensorsPath, Device? device = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(safetensorsPath);
        if (!File.Exists(safetensorsPath))
            throw new FileNotFoundException($"Inception weights '{safetensorsPath}' do not exist; export torchvision's weights once as described in docs/evaluation.md.", safetensorsPath);
        string sha;
        using (var stream = File.OpenRead(safetensorsPath)) sha = Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
        var trunk = new InceptionV3Trunk();
        try
        {
            using (var scope = NewDisposeScope())
            {
                var all = Safetensors.LoadStateDict(safetensorsPath);
                var keys = trunk.state_dict().Keys.ToHashSet(StringComparer.Ordinal);
                // Old exports lack num_batches_tracked; eval-mode BatchNorm never reads it.
                StateDicts.LoadStrict(trunk, all.Where(kv => keys.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value),
                    ignoreMissing: k => k.EndsWith("num_batches_tracked", StringComparison.Ordinal));
            }
            device ??= CPU;
            trunk.to(device);
            trunk.eval();
            return new InceptionFeatureExtractor(trunk, sha, device);
        }
        catch
        {
            trunk.Dispose();
            throw;
        }
    }

    /// <summary>Pool3 features [N, 2048] (float32, CPU) of images [N, 3, H, W] in [−1, 1], <paramref name="batchSize"/> at a time.</summary>
    /// <exception cref="ArgumentException">The images are not [N, 3, H, W] floating point.</exception>
    public Tensor Features(Tensor images, int batchSize = 25, CancellationToken cancellationToken = default)
    {
        Guard.Shape(images, nameof(images), "[N, 3, H, W]", -1, 3, -1, -1);
        Guard.Floating(images, nameof(images));
        Guard.Positive(batchSize, nameof(batchSize));
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        for (long start = 0; start < images.shape[0]; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long rows = Math.Min(batchSize, images.shape[0] - start);
            var x = images.narrow(0, start, rows).to(ScalarType.Float32, Device);
            if (x.shape[2] != InceptionV3Trunk.Size || x.shape[3] != InceptionV3Trunk.Size)
                x = nn.functional.interpolate(x, new[] { InceptionV3Trunk.Size, InceptionV3Trunk.Size }, mode: InterpolationMode.Bilinear, align_corners: false);
            parts.Add(_trunk.call(x).Pooled.cpu());
        }
        var result = parts.Count == 0 ? zeros(0, Dimension) : cat(parts.ToArray(), 0);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Adds the features of <paramref name="images"/> to <paramref name="statistics"/>.</summary>
    public void Accumulate(FeatureStatistics statistics, Tensor images, int batchSize = 25, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        using var features = Features(images, batchSize, cancellationToken);
        statistics.Add(features);
    }

    /// <inheritdoc />
    public void Dispose() => _trunk.Dispose();
}
