using System.Text.RegularExpressions;
using Xunit;
using ZslAttnGan.Evaluation;

namespace ZslAttnGan.Testing.Contracts;

/// <summary>
/// The contract of an <see cref="IMetric"/>, run on <see cref="SyntheticEvaluationSet.Shared"/> with an untrained tiny
/// model: a registry-style name and a description, applicability (or a stated reason), at least one finite result with a
/// key-style name for a known split, and the same results from a fresh context with the same options.
/// </summary>
/// <typeparam name="TMetric">The metric under test.</typeparam>
public abstract partial class MetricContract<TMetric> where TMetric : IMetric
{
    /// <summary>A new metric.</summary>
    protected abstract TMetric Create();

    /// <summary>Evaluation options small enough for a test (override to set the metric's own knobs).</summary>
    protected virtual EvaluationOptions Options => new() { SamplesPerSplit = 10, RPrecisionPoolSize = 10, ZslCodesPerClass = 10, ZslNeighbours = 5 };

    /// <summary>False when the metric needs something the synthetic set and a fresh model do not provide (weights,
    /// files): the contract then checks that it says why instead of evaluating.</summary>
    protected virtual bool ApplicableToTheSyntheticSet => true;

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex RegistryName();

    [GeneratedRegex("^[a-z][a-z0-9_]*(/.+)?$")]
    private static partial Regex ResultName();

    /// <summary>The name is lower snake case (it is a registry key and a report column) and the description is set.</summary>
    [Fact]
    public void TheNameIsARegistryKeyAndTheDescriptionIsSet()
    {
        var metric = Create();
        Assert.Matches(RegistryName(), metric.Name);
        Assert.False(string.IsNullOrWhiteSpace(metric.Description), $"Metric '{metric.Name}' has no description.");
    }

    /// <summary>Applicable metrics return finite results with key-style names for known splits; inapplicable ones say why.</summary>
    [Fact]
    public void ItGivesFiniteNamedResultsOrSaysWhyNot()
    {
        var set = SyntheticEvaluationSet.Shared;
        var metric = Create();
        using var model = set.Model(seed: 51);
        using var context = set.Context(model, Options);
        var why = metric.WhyNotApplicable(context);
        if (!ApplicableToTheSyntheticSet)
        {
            Assert.False(string.IsNullOrWhiteSpace(why), $"Metric '{metric.Name}' claims to be applicable without what it needs.");
            return;
        }
        Assert.True(why is null, $"Metric '{metric.Name}' is not applicable: {why}");
        var results = metric.Evaluate(context).ToList();
        Assert.NotEmpty(results);
        foreach (var r in results)
        {
            Assert.True(ResultName().IsMatch(r.Metric), $"Result '{r.Metric}' of metric '{metric.Name}' is not a lower-snake-case key (optionally with a /part).");
            Assert.True(Enum.IsDefined(r.Split), $"Result '{r.Metric}' has split {r.Split}.");
            Assert.True(double.IsFinite(r.Value), $"Result '{r.Metric}' ({r.Split}) is {r.Value}.");
            Assert.True(r.Std is null || double.IsFinite(r.Std.Value) && r.Std >= 0, $"Result '{r.Metric}' ({r.Split}) has spread {r.Std}.");
            Assert.True(r.N >= 0, $"Result '{r.Metric}' ({r.Split}) counts {r.N} samples.");
        }
    }

    /// <summary>A fresh context with the same model and options gives the same results.</summary>
    [Fact]
    public void TheSameModelAndOptionsGiveTheSameResults()
    {
        if (!ApplicableToTheSyntheticSet) return;
        var set = SyntheticEvaluationSet.Shared;
        using var model = set.Model(seed: 52);
        List<MetricResult> Run()
        {
            using var context = set.Context(model, Options);
            return Create().Evaluate(context).ToList();
        }
        var first = Run();
        var second = Run();
        Assert.Equal(first.Count, second.Count);
        for (int i = 0; i < first.Count; i++)
            Assert.True(first[i] == second[i], $"Result {i} differs: {first[i]} vs {second[i]}.");
    }
}
