using Microsoft.Extensions.Logging;
using ZslAttnGan.Gazsl.Evaluation;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl.Training;

// Periodic evaluation and model selection.
public sealed partial class GazslTrainer
{
    /// <summary>
    /// Evaluates the current generator without changing the training state: zero-shot K-NN on the unseen test set;
    /// on the held-out seen classes under <see cref="GazslModelSelection.ValidationSplit"/>; and, with seen test data,
    /// GZSL (AUC of the calibrated nearest-class-mean curve; K-NN S, U, H over the trained seen classes and the unseen
    /// ones; held-out classes' seen-test rows are left out). The generated features come from a generator seeded with
    /// the options' seed and the iteration, so the result does not depend on when or how often it is called.
    /// </summary>
    public GazslEvaluation Evaluate()
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(unchecked((ulong)Options.Seed * 0x9E3779B97F4A7C15UL + (ulong)Iteration + 1), Data.TrainFeatures.device);
        int n = Options.SamplesPerClass, k = Options.K;
        var unseen = GeneratedFeatures.Sample(Generator, Data.UnseenConditions, n, random);
        var zsl = ZslKnnEvaluation.Evaluate(unseen, Data.UnseenTestFeatures, Data.UnseenTestLabels, n, k);
        double? validation = null;
        if (_split.ValidationFeatures is not null)
        {
            var held = GeneratedFeatures.Sample(Generator, _split.ValidationConditions!, n, random);
            var v = ZslKnnEvaluation.Evaluate(held, _split.ValidationFeatures, _split.ValidationLabels!, n, k);
            validation = Options.MeanPerClassAccuracy ? v.MeanPerClassAccuracy : v.Accuracy;
        }
        double? auc = null, s = null, u = null, h = null;
        if (_split.SeenTestFeatures is not null)
        {
            var seen = GeneratedFeatures.Sample(Generator, _split.Conditions, n, random);
            var all = cat(new[] { seen, unseen }, 0);
            auc = GzslAucEvaluation.Evaluate(all, _split.TrainedClasses.Length, n, _split.SeenTestFeatures, _split.SeenTestLabels!,
                Data.UnseenTestFeatures, Data.UnseenTestLabels).Auc;
            var gbu = GbuEvaluation.EvaluateGzsl(seen, unseen, _split.SeenTestFeatures, _split.SeenTestLabels!,
                Data.UnseenTestFeatures, Data.UnseenTestLabels, n, k);
            (s, u, h) = (gbu.SeenAccuracy, gbu.UnseenAccuracy, gbu.Harmonic);
        }
        return new GazslEvaluation(Iteration, zsl.Accuracy, zsl.MeanPerClassAccuracy, validation, auc, s, u, h);
    }

    private GazslEvaluation EvaluateAndSelect()
    {
        var e = Evaluate();
        _evaluations.Add(e);
        double zsl = Options.MeanPerClassAccuracy ? e.ZslMeanPerClassAccuracy : e.ZslAccuracy;
        double? score = Options.ModelSelection switch
        {
            GazslModelSelection.ValidationSplit => e.ValidationAccuracy,
            GazslModelSelection.TestSetLikeReference => zsl,
            _ => null,
        };
        // Strictly better, as the reference's `acc > best_acc`: the first of equal scores is kept.
        if (score is double value && (SelectedEvaluation is null || value > SelectionScore(SelectedEvaluation)))
        {
            DisposeSelected();
            using var scope = NewDisposeScope();   // detach() makes a handle of its own: freed here, not by the GC
            using (no_grad())
                _selectedState = Generator.Module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().DetachFromDisposeScope());
            _selectedIndex = _evaluations.Count - 1;
        }
        Log.LogInformation("GAZSL evaluation at iteration {Iteration}: ZSL {Zsl:F2}% (mean per class {Mca:F2}%), validation {Val}, GZSL AUC {Auc}, S {S}, U {U}, H {H}; selected: iteration {Selected}",
            e.Iteration, e.ZslAccuracy, e.ZslMeanPerClassAccuracy, Format(e.ValidationAccuracy), Format(e.GzslAuc, "F4"),
            Format(e.GzslSeenAccuracy), Format(e.GzslUnseenAccuracy), Format(e.GzslHarmonic), SelectedEvaluation?.Iteration);
        return e;
    }

    private double SelectionScore(GazslEvaluation e) => Options.ModelSelection == GazslModelSelection.ValidationSplit
        ? e.ValidationAccuracy ?? double.NegativeInfinity
        : Options.MeanPerClassAccuracy ? e.ZslMeanPerClassAccuracy : e.ZslAccuracy;

    private static string Format(double? value, string format = "F2") => value is double v ? v.ToString(format, System.Globalization.CultureInfo.InvariantCulture) : "-";
}
