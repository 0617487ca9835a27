using Microsoft.Extensions.Logging;
using ZslAttnGan.Checkpoints;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl.Training;

// Checkpoints: everything a resumed run needs to continue bit for bit.
public sealed partial class GazslTrainer
{
    /// <summary>Writes a checkpoint (atomically) to <paramref name="directory"/>: both nets, both Adam states, the
    /// selected generator weights, the random generator's state, the sampler's position, the evaluations and the options.</summary>
    public void SaveCheckpoint(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        using var scope = NewDisposeScope();
        using var rngState = _rng.get_state();
        var manifest = new GazslCheckpointManifest
        {
            Options = Options,
            ConditionSize = Data.ConditionSize,
            FeatureSize = Data.FeatureSize,
            SeenClasses = Data.SeenClasses,
            HeldOutClasses = _split.HeldOutClasses,
            TrainingRows = _split.Features.shape[0],
            Iteration = Iteration,
            SkippedSteps = SkippedSteps,
            SamplerCursor = _sampler.Cursor,
            SamplerEpoch = _sampler.Epoch,
            RandomState = Convert.ToBase64String(rngState.cpu().data<byte>().ToArray()),
            Evaluations = _evaluations.ToList(),
            SelectedEvaluation = _selectedIndex,
        };
        var sets = new Dictionary<string, IReadOnlyDictionary<string, Tensor>>
        {
            [GazslCheckpoint.GeneratorFile] = Generator.Module.state_dict(),
            [GazslCheckpoint.CriticFile] = Critic.state_dict(),
            [GazslCheckpoint.GeneratorOptimizerFile] = _generatorOptimizer.StateDict(),
            [GazslCheckpoint.CriticOptimizerFile] = _criticOptimizer.StateDict(),
        };
        if (_sampler.Permutation is { } perm) sets[GazslCheckpoint.SamplerFile] = new Dictionary<string, Tensor> { ["permutation"] = tensor(perm) };
        if (_selectedState is not null) sets[GazslCheckpoint.SelectedGeneratorFile] = _selectedState;
        GazslCheckpoint.Save(directory, manifest, sets);
        _lastCheckpoint = (Path.GetFullPath(directory), Iteration);
    }

    /// <summary>
    /// Continues the run saved in <paramref name="directory"/>: weights, optimiser states, selected weights, random
    /// state, sampler position, evaluations and iteration. The optimisation options must equal this trainer's (only
    /// the schedule — iterations, intervals, threads, non-finite policy — may differ) and the data must have the same sizes.
    /// </summary>
    /// <exception cref="CheckpointException">Something differs; the message names it.</exception>
    public void Resume(string directory)
    {
        var m = GazslCheckpoint.ReadManifest(directory);
        var dir = Path.GetFullPath(directory);
        if (m.Options.OptimisationDifference(Options) is { } field)
            throw new CheckpointException(dir, $"its option {field} ({Describe(m.Options, field)}) differs from this trainer's ({Describe(Options, field)}); " +
                "only the schedule (Iterations, EvaluationInterval, EvaluationStart, CheckpointInterval, LogInterval, Threads, NonFiniteLoss) may change on resume.");
        if (m.ConditionSize != Data.ConditionSize || m.FeatureSize != Data.FeatureSize || m.SeenClasses != Data.SeenClasses
            || m.TrainingRows != _split.Features.shape[0] || !m.HeldOutClasses.SequenceEqual(_split.HeldOutClasses))
            throw new CheckpointException(dir, $"it was trained on other data (conditions {m.ConditionSize}, features {m.FeatureSize}, {m.SeenClasses} seen classes, " +
                $"{m.TrainingRows} training rows; here {Data.ConditionSize}, {Data.FeatureSize}, {Data.SeenClasses}, {_split.Features.shape[0]}).");
        // Loading makes temporary handles (device/dtype conversions): they are freed with this scope; what is kept is
        // detached from it.
        using var scope = NewDisposeScope();
        try
        {
            Load(dir, GazslCheckpoint.GeneratorFile, s => Nn.StateDicts.LoadStrict(Generator.Module, s));
            Load(dir, GazslCheckpoint.CriticFile, s => Nn.StateDicts.LoadStrict(Critic, s));
            Load(dir, GazslCheckpoint.GeneratorOptimizerFile, _generatorOptimizer.LoadStateDict);
            Load(dir, GazslCheckpoint.CriticOptimizerFile, _criticOptimizer.LoadStateDict);
            long[]? permutation = null;
            if (m.TensorFiles.Contains(GazslCheckpoint.SamplerFile))
                Load(dir, GazslCheckpoint.SamplerFile, s => permutation = s["permutation"].data<long>().ToArray());
            _sampler.Restore(permutation, m.SamplerCursor, m.SamplerEpoch);
            DisposeSelected();
            if (m.TensorFiles.Contains(GazslCheckpoint.SelectedGeneratorFile))
            {
                var state = GazslCheckpoint.ReadTensors(dir, GazslCheckpoint.SelectedGeneratorFile);
                var device = Data.TrainFeatures.device;
                _selectedState = state.ToDictionary(kv => kv.Key, kv => kv.Value.to(device).DetachFromDisposeScope());
                foreach (var t in state.Values) if (t.device.type != device.type) t.Dispose();
            }
        }
        catch (ArgumentException e)
        {
            throw new CheckpointException(dir, e.Message, e);
        }
        using (var rngState = tensor(Convert.FromBase64String(m.RandomState), dtype: ScalarType.Byte))
            _rng.set_state(rngState);
        Iteration = m.Iteration;
        SkippedSteps = m.SkippedSteps;
        _evaluations.Clear();
        _evaluations.AddRange(m.Evaluations);
        _selectedIndex = m.SelectedEvaluation;
        _lastCheckpoint = (dir, m.Iteration);
        _logger.LogInformation("GAZSL run resumed from {Directory} at iteration {Iteration}.", dir, Iteration);
    }

    private static void Load(string dir, string name, Action<Dictionary<string, Tensor>> apply)
    {
        var state = GazslCheckpoint.ReadTensors(dir, name);
        try
        {
            apply(state);
        }
        catch (ArgumentException e)
        {
            throw new CheckpointException(dir, $"{name}.safetensors: {e.Message}", e);
        }
        finally
        {
            foreach (var t in state.Values) t.Dispose();
        }
    }

    private static string Describe(GazslTrainingOptions o, string field) =>
        typeof(GazslTrainingOptions).GetProperty(field)?.GetValue(o)?.ToString() ?? "null";

    private void SaveRollingCheckpoint()
    {
        if (CheckpointDirectory is null || _group.Rank != 0) return;
        SaveCheckpoint(CheckpointDirectory);
        _logger.LogInformation("GAZSL checkpoint at iteration {Iteration} written to {Directory}.", Iteration, CheckpointDirectory);
    }
}
