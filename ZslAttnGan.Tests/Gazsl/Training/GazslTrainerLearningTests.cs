using ZslAttnGan.Gazsl.Training;
using Xunit.Abstractions;

namespace ZslAttnGan.Tests.Gazsl.Training;

[Collection(GazslTrainerCollection.Name)]
public class GazslTrainerLearningTests(ITestOutputHelper output)
{
    [Fact]
    public void LearnsTheTextToFeatureMapAndClassifiesUnseenClasses()
    {
        // 8 unseen classes: chance is 12.5 %. The oracle that knows the map is at ~100 % (asserted); the untrained
        // generator maps the unseen texts through random weights, far below. A trainer that does not learn the
        // text → feature map from the seen classes (wrong conditions per sample, no generator update, a critic
        // fed the wrong labels) stays near chance on classes it never saw.
        using var task = new SyntheticZslTask(noise: 0.05);
        double oracle = task.OracleAccuracy();
        var options = SyntheticZslTask.SmallOptions(50) with { LearningRate = 3e-3, EvaluationInterval = 25 };
        using var trainer = GazslTrainer.Create(task.Data, options);
        var before = trainer.Evaluate();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = trainer.Train();
        output.WriteLine($"oracle {oracle:F1}%, untrained {before.ZslAccuracy:F1}%, {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var e in result.Evaluations)
            output.WriteLine($"it {e.Iteration}: zsl {e.ZslAccuracy:F1} val {e.ValidationAccuracy:F1} auc {e.GzslAuc:F3} S {e.GzslSeenAccuracy:F1} U {e.GzslUnseenAccuracy:F1} H {e.GzslHarmonic:F1}");
        output.WriteLine($"selected {result.Selected}");

        Assert.True(oracle >= 95, $"the construction should be separable, oracle {oracle}");
        Assert.True(before.ZslAccuracy < 50, $"untrained {before.ZslAccuracy}");
        Assert.NotNull(result.Selected);
        Assert.Equal(result.Evaluations.Max(e => e.ValidationAccuracy), result.Selected!.ValidationAccuracy);
        Assert.True(result.Selected.ZslAccuracy >= 80, $"selected model's unseen accuracy {result.Selected.ZslAccuracy}");
        Assert.True(result.Evaluations[^1].GzslAuc > 0.5, $"GZSL AUC {result.Evaluations[^1].GzslAuc}");

        // The selected weights, used through the public classifier, reproduce the selected evaluation's zero-shot result.
        Assert.True(trainer.ApplySelectedWeights());
        using var random = new Generator(11);
        using var knn = ZeroShotClassifier.FromGenerator(trainer.Generator, task.Data.UnseenConditions, ZeroShotClassifierMethod.Knn, 10, 5, random);
        using var mean = ZeroShotClassifier.FromGenerator(trainer.Generator, task.Data.UnseenConditions, ZeroShotClassifierMethod.NearestClassMean, 10, 5, random);
        double knnAccuracy = knn.Accuracy(task.Data.UnseenTestFeatures, task.Data.UnseenTestLabels);
        double meanAccuracy = mean.Accuracy(task.Data.UnseenTestFeatures, task.Data.UnseenTestLabels);
        output.WriteLine($"classifier: knn {knnAccuracy:F1}%, nearest mean {meanAccuracy:F1}%");
        Assert.True(knnAccuracy >= 75 && meanAccuracy >= 75, $"knn {knnAccuracy}, mean {meanAccuracy}");
    }

    [Fact]
    public void ABrokenTextToClassPairingStaysFarBelowTheThreshold()
    {
        // Negative control for the threshold above: the same run with the seen classes' texts rotated by one class
        // (each class trained with another class's text) learns no map that carries over to unseen classes.
        using var task = new SyntheticZslTask(noise: 0.05);
        using var rotated = task.Data.SeenConditions.roll(1, 0);
        var options = SyntheticZslTask.SmallOptions(50) with { LearningRate = 3e-3, EvaluationInterval = 25 };
        using var trainer = GazslTrainer.Create(task.Data with { SeenConditions = rotated }, options);
        var result = trainer.Train();
        output.WriteLine(string.Join(", ", result.Evaluations.Select(e => $"it {e.Iteration}: zsl {e.ZslAccuracy:F1} val {e.ValidationAccuracy:F1}")));
        Assert.All(result.Evaluations, e => Assert.True(e.ZslAccuracy < 60, $"iteration {e.Iteration}: {e.ZslAccuracy}"));
    }
}
