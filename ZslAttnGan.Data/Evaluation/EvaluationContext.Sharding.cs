using ZslAttnGan.Collectives;
using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation;

// The parts of the context that sharded evaluation adds: the group, per-chunk generators and per-chunk generation.
public sealed partial class EvaluationContext
{
    /// <summary>The ranks evaluating together (<see cref="EvaluationOptions.ProcessGroup"/>; a single process by default).</summary>
    public IProcessGroup Group => Options.ProcessGroup;

    /// <summary>D, the size of image and sentence codes (for the empty code tensors of a rank without rows).</summary>
    internal int CodeSize => Model.Options.EmbeddingSize;

    /// <summary>A fresh torch generator for chunk <paramref name="chunk"/> of a sample drawn for <paramref name="purpose"/>
    /// (dispose it). Its seed depends only on <see cref="EvaluationOptions.Seed"/>, the purpose and the chunk, so a chunk's
    /// noise is the same on whichever rank draws it and however many ranks there are.</summary>
    public Generator GeneratorFor(int purpose, int chunk)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chunk);
        // SplitMix64's finaliser of (seed, chunk): neighbouring chunks get unrelated seeds.
        ulong z = unchecked(((ulong)(uint)SeedFor(purpose) << 32) ^ (ulong)(uint)chunk);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return new Generator(z ^ (z >> 31));
    }

    /// <summary>Runs <paramref name="run"/>(start, rows, generator) on each of this rank's chunks of a
    /// <paramref name="count"/>-row list (chunks of <see cref="EvaluationOptions.BatchSize"/>, each with
    /// <see cref="GeneratorFor(int, int)"/>) and concatenates the results; a tensor of <paramref name="emptyShape"/> when
    /// the rank has no chunk.</summary>
    private Tensor PerChunk(int count, int purpose, long[] emptyShape, Func<int, int, Generator, Tensor> run)
    {
        var parts = new List<Tensor>();
        try
        {
            foreach (int chunk in EvaluationShards.LocalChunks(count, Options.BatchSize, Group))
            {
                CancellationToken.ThrowIfCancellationRequested();
                int start = chunk * Options.BatchSize;
                using var g = GeneratorFor(purpose, chunk);
                parts.Add(run(start, Math.Min(Options.BatchSize, count - start), g));
            }
            return parts.Count == 0 ? empty(emptyShape) : cat(parts.ToArray(), 0);
        }
        finally
        {
            foreach (var p in parts) p.Dispose();
        }
    }

    private static List<T> Slice<T>(IReadOnlyList<T> items, int start, int count) => items.Skip(start).Take(count).ToList();
}
