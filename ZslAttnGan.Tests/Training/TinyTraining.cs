using ZslAttnGan.Generation;
using ZslAttnGan.Text;
using ZslAttnGan.Training;
using ZslAttnGan.Vision;
using ZslAttnGan.Zsl;

namespace ZslAttnGan.Tests.Training;

/// <summary>A tiny model and an in-memory deterministic dataset for trainer tests.</summary>
internal static class TinyTraining
{
    public const int Vocab = 12, Classes = 3;

    public static ModelOptions Model(bool zsl = true) => zsl
        ? new ModelOptions
        {
            WordEmbeddingSize = 8, EmbeddingSize = 16, TextDropout = 0.2,
            SentenceGenerator = new ZslSentenceGeneratorOptions(16, 16, 4, 16, 16),
            ImageBackbone = ImageBackboneKind.SmallCnn, SmallCnnWidth = 4,
            ImageEncoder = new ImageEncoderOptions { EmbeddingDim = 16 },
            Generator = new GeneratorOptions(Ngf: 2, Branches: 2, ResidualBlocks: 1, WordSize: 16, ConditionSize: 16, NoiseSize: 4, BaseSize: 32),
            DiscriminatorWidth = 2, ZslDiscriminatorHidden = 16,
        }
        : new ModelOptions
        {
            WordEmbeddingSize = 8, EmbeddingSize = 16, TextDropout = 0.2, SentenceGenerator = null,
            ImageBackbone = ImageBackboneKind.SmallCnn, SmallCnnWidth = 4,
            ImageEncoder = ImageEncoderOptions.AttnGan with { EmbeddingDim = 16 },
            Generator = new GeneratorOptions(Ngf: 2, Branches: 2, ResidualBlocks: 1, WordSize: 16, ConditionSize: 6, NoiseSize: 4,
                Conditioning: ConditioningKind.Augmentation, SentenceSize: 16, BaseSize: 32),
            DiscriminatorWidth = 2,
        };

    public static Vocabulary Vocabulary() => ZslAttnGan.Text.Vocabulary.FromWords(new[] { "<end>" }.Concat(Enumerable.Range(1, Vocab - 1).Select(i => $"w{i}")));

    public static TrainingOptions Options => new() { Seed = 5, LogInterval = 0 };

    public sealed class Batch(IReadOnlyList<Tensor> images, Tensor captions, Tensor lengths, Tensor classIds) : ITrainingBatch
    {
        public IReadOnlyList<Tensor> Images { get; } = images;
        public Tensor Captions { get; } = captions;
        public Tensor Lengths { get; } = lengths;
        public Tensor ClassIds { get; } = classIds;
        public bool Disposed { get; private set; }
        public void Dispose()
        {
            Disposed = true;
            foreach (var t in Images) t.Dispose();
            Captions.Dispose(); Lengths.Dispose(); ClassIds.Dispose();
        }
    }

    /// <summary>Batches drawn from a generator seeded by (seed, epoch, batch): the same batch for the same position.</summary>
    public sealed class Data(int batchesPerEpoch, int batchSize = 4, int seed = 1, bool fixedBatch = false, Func<int, int, bool>? poison = null) : ITrainingData
    {
        public int BatchesPerEpoch => batchesPerEpoch;
        public int ClassCount => Classes;
        public IReadOnlyList<int> ImageSizes => new[] { 32, 64 };
        public int Served { get; private set; }

        public IEnumerable<ITrainingBatch> Batches(int epoch, int startBatch, Device device, CancellationToken cancellationToken)
        {
            for (int b = startBatch; b < batchesPerEpoch; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Served++;
                yield return Make(fixedBatch ? 0 : epoch * 1000 + b, poison?.Invoke(epoch, b) ?? false);
            }
        }

        private Batch Make(int position, bool poisoned)
        {
            using var g = new Generator((ulong)(seed * 7919 + position));
            var big = (rand(new long[] { batchSize, 3, 64, 64 }, generator: g) * 2 - 1);
            if (poisoned) big[0, 0, 0, 0] = float.NaN;
            var small = nn.functional.avg_pool2d(big, 2);
            var lengths = Enumerable.Range(0, batchSize).Select(i => (long)Math.Max(1, 5 - i % 4)).OrderByDescending(x => x).ToArray();
            var caps = randint(1, Vocab, new long[] { batchSize, 5 }, generator: g);
            for (int i = 0; i < batchSize; i++) if (lengths[i] < 5) caps[i, (int)lengths[i]..] = 0;
            var ids = tensor(Enumerable.Range(0, batchSize).Select(i => (long)(i % Classes)).ToArray());
            return new Batch(new[] { small.DetachFromDisposeScope(), big.DetachFromDisposeScope() }, caps.DetachFromDisposeScope(), tensor(lengths).DetachFromDisposeScope(), ids.DetachFromDisposeScope());
        }
    }

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "zslattngan-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
