using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ZslAttnGan.Collectives;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl.Training;

// Data-parallel GAZSL. Every rank draws the same whole batch, noise and α from the same random stream (so the random
// state stays one, whatever the number of ranks) and trains on its contiguous slice of the rows; GazslSteps averages the
// gradients and takes the visual pivot's class means over the whole batch. N ranks therefore compute what one process
// computes, up to float rounding, and a checkpoint resumes on any number of ranks.
public sealed partial class GazslTrainer
{
    private IProcessGroup _group = SingleProcessGroup.Instance;

    /// <summary>
    /// The processes training together (data parallel); <see cref="SingleProcessGroup.Instance"/> by default. Set it
    /// before <see cref="Train"/>. The batch size of the options is the global batch; every rank needs the same data.
    /// Only rank 0 writes checkpoints and logs; every rank evaluates (with the same result, as the evaluation's random
    /// draws depend only on the seed and the iteration); a cancellation or a non-finite loss on any rank acts on all.
    /// </summary>
    public IProcessGroup ProcessGroup
    {
        get => _group;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (_sampler.EffectiveBatchSize < value.Size)
                throw new ArgumentException($"A batch of {_sampler.EffectiveBatchSize} rows cannot be shared by {value.Size} ranks.", nameof(value));
            _group = value;
            _steps.Group = value;
        }
    }

    /// <summary>The logger on rank 0; silent on the other ranks.</summary>
    private ILogger Log => _group.Rank == 0 ? _logger : NullLogger.Instance;

    /// <summary>This rank's rows [start, start + length) of a whole batch of <paramref name="rows"/>.</summary>
    private (long Start, long Length) RankRows(long rows) => RankBlock.Of(rows, _group.Rank, _group.Size);

    /// <summary>This rank's rows of a tensor drawn for the whole batch (a copy, so the draw can be freed).</summary>
    private Tensor RankSlice(Tensor whole)
    {
        if (_group.Size == 1) return whole;
        var (start, length) = RankRows(whole.shape[0]);
        return whole.narrow(0, start, length).clone();
    }

    /// <summary>Rank 0's weights and optimiser states on every rank, after checking that every rank stands at the same
    /// iteration (they must resume from the same checkpoint).</summary>
    private void SynchronizeFromPrimary()
    {
        if (_group.Size == 1) return;
        var iterations = _group.GatherOverRanks([Iteration]).Select(p => p[0]).ToArray();
        if (iterations.Distinct().Count() > 1)
            throw new InvalidOperationException($"The ranks stand at different GAZSL iterations ({string.Join(", ", iterations.Select((it, r) => $"rank {r}: {it}"))}); every rank must resume from the same checkpoint.");
        _group.BroadcastModule(Generator.Module);
        _group.BroadcastModule(Critic);
        _group.Broadcast(_generatorOptimizer.Moments().Concat(_criticOptimizer.Moments()).ToList(), 0);
    }
}
