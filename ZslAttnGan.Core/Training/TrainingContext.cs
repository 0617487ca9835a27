using TorchSharp;
using TorchSharp.Modules;
using ZslAttnGan.Losses;
using static TorchSharp.torch;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Models;

namespace ZslAttnGan.Training;

/// <summary>What one phase's step needs from its trainer: the model, options, random source and the finite-loss check.</summary>
internal sealed class TrainingContext
{
    public TrainingContext(ZslAttnGanModel model, LossOptions loss, TrainingOptions training, Generator rng, Func<string, Tensor, bool> isFinite, Func<long> currentStep)
    {
        CurrentStep = currentStep;
        Model = model;
        Loss = loss;
        Training = training;
        Rng = rng;
        IsFinite = isFinite;
        Objectives = new TrainingObjectives(loss);
    }

    public ZslAttnGanModel Model { get; }

    /// <summary>The ranks training together (see <see cref="Trainer.ProcessGroup"/>).</summary>
    public Collectives.IProcessGroup Group { get; set; } = Collectives.SingleProcessGroup.Instance;

    /// <summary>Averages the gradients of <paramref name="optimizer"/>'s parameters over the ranks: call after every
    /// backward and before clipping and the step (nothing happens in a world of one).</summary>
    public void AverageGradients(AdamOptimizer optimizer) => Collectives.ProcessGroupExtensions.AverageGradients(Group, optimizer.Parameters);

    public LossOptions Loss { get; }
    public TrainingOptions Training { get; }
    public Generator Rng { get; }
    /// <summary>The loss objectives (replaceable through <see cref="Trainer.Objectives"/>).</summary>
    public TrainingObjectives Objectives { get; }

    /// <summary>The 1-based number of the step being run.</summary>
    public Func<long> CurrentStep { get; }

    /// <summary>Extra loss terms (see <see cref="ILossTerm"/>); the trainer's list, so additions take effect at the next step.</summary>
    public List<ILossTerm> ExtraTerms { get; } = new();

    /// <summary>Adds the extra terms of <paramref name="phase"/> to <paramref name="total"/> and records each in
    /// <paramref name="losses"/> under its name followed by <paramref name="suffix"/> (the discriminator's index in the
    /// image-discriminator phase).</summary>
    public Tensor AddExtraTerms(LossPhase phase, Tensor total, LossTermContext context, Dictionary<string, Tensor> losses, string suffix = "")
    {
        foreach (var term in ExtraTerms.Where(t => t.Phase == phase))
        {
            var value = term.Compute(context);
            if (value.numel() != 1)
                throw new InvalidOperationException($"Loss term '{term.Name}' returned shape [{string.Join(", ", value.shape)}]; a scalar is required.");
            losses[term.Name + suffix] = value;
            total = total.Plus(value.reshape(total.shape));
        }
        return total;
    }

    /// <summary>True when the loss is finite; otherwise throws <see cref="TrainingDivergedException"/> or returns false
    /// (skip the batch), as the policy says.</summary>
    public Func<string, Tensor, bool> IsFinite { get; }

    public AdamOptimizer Adam(IEnumerable<Parameter> parameters, double lr) =>
        new(parameters, lr, Training.Beta1, Training.Beta2);

    /// <summary>An Adam optimiser for the generator or an image discriminator (<see cref="TrainingOptions.GanBeta1"/>,
    /// <see cref="TrainingOptions.GanBeta2"/> when set).</summary>
    public AdamOptimizer GanAdam(IEnumerable<Parameter> parameters, double lr) =>
        new(parameters, lr, Training.GanBeta1 ?? Training.Beta1, Training.GanBeta2 ?? Training.Beta2);

    public static void SetRequiresGrad(nn.Module module, bool value)
    {
        foreach (var p in module.parameters()) p.requires_grad = value;
    }

    public static void SetRequiresGrad(Components.IModelComponent component, bool value) => SetRequiresGrad(component.Module, value);

    /// <summary>Turns gradients off for every parameter of <paramref name="components"/> until disposed, then restores each
    /// parameter's previous flag. For modules that only judge a loss whose gradient must not train them.</summary>
    public static IDisposable Freeze(params Components.IModelComponent?[] components) =>
        new FrozenParameters(components.Select(c => c?.Module).ToArray());

    private sealed class FrozenParameters : IDisposable
    {
        private readonly (Parameter P, bool Flag)[] _saved;

        public FrozenParameters(nn.Module?[] modules)
        {
            _saved = modules.Where(m => m is not null).SelectMany(m => m!.parameters()).Select(p => (p, p.requires_grad)).ToArray();
            foreach (var (p, _) in _saved) p.requires_grad = false;
        }

        public void Dispose()
        {
            foreach (var (p, flag) in _saved) p.requires_grad = flag;
        }
    }
}
