using Microsoft.Extensions.Logging;
using ZslAttnGan.Checkpoints;
using ZslAttnGan.Collectives;
using static TorchSharp.torch;

namespace ZslAttnGan.Training;

// Data-parallel training: what a trainer does differently when its ProcessGroup has more than one rank. Every method
// here is collective (every rank calls it at the same point of the loop), and is a no-op in a world of one.
public abstract partial class Trainer
{
    private const string RankRngPrefix = "trainer_rank";
    private IProcessGroup _group = SingleProcessGroup.Instance;

    /// <summary>
    /// The processes training this model together (data parallel); <see cref="SingleProcessGroup.Instance"/> by default.
    /// With more than one rank: each rank trains on its own shard of every global batch (give each rank's data source
    /// its shard, e.g. <c>DataLoaderOptions.Shard</c>), rank 0's weights, EMA and optimiser states are broadcast when
    /// <see cref="Train"/> starts, gradients are averaged over the ranks after every backward pass and before clipping
    /// and the optimiser step, BatchNorm buffers are taken from rank 0 after every step (as PyTorch DDP's
    /// broadcast_buffers), a non-finite loss or a cancellation on any rank stops or skips on every rank, and only rank 0
    /// writes checkpoints, logs and previews and calls observers. Each rank draws its noise from its own random stream
    /// (rank 0's is the seed's; rank r's is derived from the seed and r), saved per rank in checkpoints.
    /// </summary>
    public IProcessGroup ProcessGroup
    {
        get => _group;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            _group = value;
            Context.Group = value;
            if (value.Rank > 0) Rng.manual_seed((long)RankSeed(Training.Seed, value.Rank, 0));
        }
    }

    /// <summary>
    /// With more than one rank: BatchNorm layers normalise with the statistics of the whole global batch (mean and
    /// variance all-reduced in forward, the matching terms in backward; <see cref="Nn.SynchronizedBatchNorm"/>), so that
    /// N ranks with B/N rows each train what one process trains with B rows. Off by default: per-rank statistics, as
    /// PyTorch DDP. Costs two small all-reduces per BatchNorm layer and step.
    /// </summary>
    public bool SynchronizeBatchNorm { get; init; }

    /// <summary>True on the rank that writes checkpoints, previews, metrics and logs (rank 0; the only rank when not
    /// distributed).</summary>
    public bool IsPrimaryRank => _group.Rank == 0;

    /// <summary>The seed of rank <paramref name="rank"/>'s random stream when it has no saved state: a SplitMix64 mix of
    /// the run's seed, the rank and the step it starts at, so ranks never share noise.</summary>
    private static ulong RankSeed(long seed, int rank, long step)
    {
        ulong x = unchecked((ulong)seed ^ ((ulong)rank * 0x9E3779B97F4A7C15UL) ^ ((ulong)step * 0xBF58476D1CE4E5B9UL));
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        return x ^ (x >> 31);
    }

    /// <summary>Makes every rank start from rank 0's state: weights and buffers, optimiser moments, extra tensor sets
    /// (the EMA), and checks that every rank stands at the same step.</summary>
    private void SynchronizeFromPrimary()
    {
        if (_group.Size == 1) return;
        if (SynchronizeBatchNorm)
            foreach (var (_, module) in Model.Components()) Nn.SynchronizedBatchNorm.Convert(module, _group);
        var positions = _group.GatherOverRanks([State.Step, State.Epoch, State.BatchInEpoch]);
        if (positions.Any(p => !p.SequenceEqual(positions[0])))
            throw new InvalidOperationException($"The ranks do not stand at the same training position (step, epoch, batch per rank: {string.Join("; ", positions.Select((p, r) => $"rank {r}: {string.Join(", ", p)}"))}). Every rank must resume from the same checkpoint.");
        foreach (var (_, module) in Model.Components()) _group.BroadcastModule(module);
        using var scope = NewDisposeScope();
        var extra = ExtraTensors().SelectMany(t => t.Tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value))
            .Concat(Optimizers().SelectMany(o => o.Optimizer.Moments()))
            .ToList();
        _group.Broadcast(extra, 0);
    }

    /// <summary>After a step: BatchNorm running statistics (and any other buffer) from rank 0, so that every rank holds
    /// the same model; with synchronised BatchNorm they are equal already and this changes nothing.</summary>
    private void BroadcastBuffers()
    {
        if (_group.Size == 1) return;
        var buffers = Model.Components().SelectMany(c => c.Module.buffers()).ToList();
        if (buffers.Count > 0) _group.Broadcast(buffers, 0);
    }

    /// <summary>The step at which the ranks last agreed to go on (−1: not yet in this <see cref="Train"/> call).</summary>
    private long _continueAgreedAt = -1;

    /// <summary>True on every rank when the token is cancelled on any rank (Ctrl-C on one rank stops all). The loop asks
    /// after a step and again before the next one, at the same step: the ranks are asked once per step, not twice (a
    /// cancellation that arrives between the two is honoured after the next step, on every rank alike).</summary>
    private bool StopRequested(CancellationToken token)
    {
        if (_group.Size == 1) return token.IsCancellationRequested;
        if (_continueAgreedAt == State.Step) return false;
        bool stop = _group.AnyRank(token.IsCancellationRequested);
        if (!stop) _continueAgreedAt = State.Step;
        return stop;
    }

    /// <summary>Every rank's random state, for the checkpoint: rank 0's under the trainer's usual name, rank r's under
    /// <c>trainer_rank{r}</c>.</summary>
    private Dictionary<string, byte[]> RandomStatesOfAllRanks()
    {
        var mine = GeneratorState(Rng);
        var states = new Dictionary<string, byte[]> { [TrainerRng] = mine };
        if (_group.Size == 1) return states;
        var all = _group.GatherOverRanks(mine.Select(b => (long)b).ToArray());
        for (int r = 1; r < all.Length; r++) states[RankRngPrefix + r] = all[r].Select(b => (byte)b).ToArray();
        return states;
    }

    /// <summary>On resume, rank r takes its own saved stream; a rank the checkpoint has no stream for (more ranks than the
    /// run that wrote it) starts a fresh one derived from the seed, its rank and the step, and says so.</summary>
    private void RestoreRankGenerator(LoadedCheckpoint checkpoint, long step)
    {
        if (_group.Rank == 0)
        {
            RestoreGenerator(Rng, checkpoint.RandomState(TrainerRng), checkpoint, TrainerRng);
            return;
        }
        var saved = checkpoint.RandomState(RankRngPrefix + _group.Rank);
        if (saved is not null) RestoreGenerator(Rng, saved, checkpoint, RankRngPrefix + _group.Rank);
        else
        {
            Rng.manual_seed((long)RankSeed(Training.Seed, _group.Rank, step));
            _logger.LogInformation("Rank {Rank}: the checkpoint holds no random stream for this rank; starting a fresh one.", _group.Rank);
        }
    }

    /// <summary>A SHA-256 per tensor of the state a resume restores (every component's weights and buffers, optimiser
    /// moments, extra tensor sets such as the EMA), keyed <c>model/&lt;component&gt;/&lt;key&gt;</c>,
    /// <c>optimizer/&lt;name&gt;/&lt;key&gt;</c> and <c>&lt;set&gt;/&lt;key&gt;</c>. Equal on every rank of a healthy
    /// data-parallel run; compare them to prove it.</summary>
    public SortedDictionary<string, string> StateChecksums()
    {
        using var scope = NewDisposeScope();
        var named = Model.Components().SelectMany(c => c.Module.state_dict().Select(kv => KeyValuePair.Create($"model/{c.Name}/{kv.Key}", kv.Value)))
            .Concat(Optimizers().SelectMany(o => o.Optimizer.StateDict().Select(kv => KeyValuePair.Create($"optimizer/{o.Name}/{kv.Key}", kv.Value))))
            .Concat(ExtraTensors().SelectMany(t => t.Tensors.Select(kv => KeyValuePair.Create($"{t.Name}/{kv.Key}", kv.Value))));
        return TensorChecksums.Of(named);
    }
}
