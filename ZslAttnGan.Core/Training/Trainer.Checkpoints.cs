using TorchSharp;
using ZslAttnGan.Checkpoints;
using static TorchSharp.torch;

namespace ZslAttnGan.Training;

// Checkpoints of a training run: saving the trainer's state with the model, and resuming from it exactly.
public abstract partial class Trainer
{
    /// <summary>Writes a checkpoint of the model and of the trainer's state to <paramref name="directory"/> (atomically).
    /// In a distributed run every rank must call it (it gathers each rank's random stream); only rank 0 writes.</summary>
    public void SaveCheckpoint(string directory)
    {
        var states = RandomStatesOfAllRanks();
        if (!IsPrimaryRank) return;
        Checkpoint.Save(directory, Model, Vocabulary, new CheckpointExtras
        {
            Loss = Loss,
            Training = Training,
            State = State,
            RandomStates = states,
            Metrics = _lastLosses,
            TensorSets = ExtraTensors()
                .Concat(Optimizers().Select(o => (Name: OptimizerPrefix + o.Name, Tensors: (IReadOnlyDictionary<string, Tensor>)o.Optimizer.StateDict())))
                .ToDictionary(t => t.Name, t => t.Tensors),
            ClassNames = ClassNames,
        });
        _lastCheckpoint = (Path.GetFullPath(directory), State.Step);
    }

    /// <summary>
    /// Continues the run saved in <paramref name="checkpoint"/>: loads weights, optimiser states, extra tensors, random
    /// states and the training position. The phase, loss options, vocabulary and the optimisation part of the training
    /// options must equal this trainer's (the schedule — checkpoint, preview and log intervals, heap release, the
    /// non-finite policy — is this trainer's); the model must have been built with the checkpoint's options.
    /// In a distributed run every rank resumes from the same checkpoint (on any number of ranks): rank r takes its own
    /// saved random stream when the checkpoint has one, and <see cref="Train"/> then broadcasts rank 0's state.
    /// </summary>
    /// <exception cref="CheckpointException">Something differs; the message says what.</exception>
    public void Resume(LoadedCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var m = checkpoint.Manifest;
        if (m.State is null) throw new CheckpointException(checkpoint.Directory, "it holds a model only, no training state to resume.");
        if (m.State.Phase != State.Phase)
            throw new CheckpointException(checkpoint.Directory, $"it was written by the '{m.State.Phase}' phase, not '{State.Phase}'. Build the model from it with CreateModel() and start a new {State.Phase} run instead.");
        if (m.VocabularyHash != Vocabulary.ContentHash)
            throw new CheckpointException(checkpoint.Directory, $"its vocabulary (hash {m.VocabularyHash}) differs from the dataset's (hash {Vocabulary.ContentHash}).");
        if (m.Loss != Loss) throw new CheckpointException(checkpoint.Directory, $"its loss options {m.Loss} differ from this trainer's {Loss}.");
        // The schedule (intervals, non-finite policy) may change on resume; the optimisation may not.
        if (m.Training is null || !m.Training.SameOptimisationAs(Training))
            throw new CheckpointException(checkpoint.Directory, $"its training options {m.Training} differ from this trainer's {Training} beyond the run schedule (intervals, non-finite policy), which may change on resume.");
        checkpoint.LoadWeights(Model);
        foreach (var (name, optimizer) in Optimizers())
        {
            try
            {
                optimizer.LoadStateDict(checkpoint.ReadTensors(OptimizerPrefix + name));
            }
            catch (ArgumentException e)
            {
                throw new CheckpointException(checkpoint.Directory, $"optimiser '{name}': {e.Message}", e);
            }
        }
        LoadExtraTensors(checkpoint);
        RestoreRankGenerator(checkpoint, m.State.Step);
        State = m.State;
        _lastLosses = m.Metrics.ToDictionary(kv => kv.Key, kv => kv.Value);
    }

    private static byte[] GeneratorState(Generator g)
    {
        using var state = g.get_state();
        return state.cpu().data<byte>().ToArray();
    }

    private static void RestoreGenerator(Generator g, byte[]? bytes, LoadedCheckpoint checkpoint, string name)
    {
        if (bytes is null) throw new CheckpointException(checkpoint.Directory, $"it holds no '{name}' random state.");
        using var state = tensor(bytes, dtype: ScalarType.Byte);
        g.set_state(state);
    }
}
