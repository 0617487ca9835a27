using ZslAttnGan.Gazsl.Training;

namespace ZslAttnGan.Tests.Gazsl.Training;

public class ZeroShotClassifierTests
{
    private static Tensor Rows(params float[][] rows) => tensor(rows.SelectMany(r => r).ToArray(), new long[] { rows.Length, rows[0].Length });

    [Theory]
    [InlineData(ZeroShotClassifierMethod.Knn)]
    [InlineData(ZeroShotClassifierMethod.NearestClassMean)]
    public void SeparatedClassesAreClassifiedPerfectly(ZeroShotClassifierMethod method)
    {
        using var scope = NewDisposeScope();
        // Three classes, two generated features each, around the three axes.
        var generated = Rows([1f, 0.1f, 0], [1f, -0.1f, 0], [0, 1f, 0.1f], [0.1f, 1f, 0], [0, 0.1f, 1f], [0.1f, 0, 1f]);
        using var classifier = new ZeroShotClassifier(generated, samplesPerClass: 2, method, k: 3);
        var features = Rows([2f, 0.3f, 0.1f], [0.2f, 3f, 0], [0, 0, 0.5f], [0.9f, 0, 0.2f]);
        var labels = tensor(new long[] { 0, 1, 2, 0 });
        Assert.Equal(new long[] { 0, 1, 2, 0 }, classifier.Predict(features).data<long>().ToArray());
        Assert.Equal(100, classifier.Accuracy(features, labels));
        Assert.Equal(100, classifier.Accuracy(features, labels, meanPerClass: true));
        Assert.Equal(75, classifier.Accuracy(features, tensor(new long[] { 0, 1, 2, 1 })));
    }

    [Fact]
    public void TiesGoToTheSmallestClassIndex()
    {
        using var scope = NewDisposeScope();
        var generated = Rows([1f, 0], [0, 1f]);
        // K = 2 over one feature per class: every vote is 1-1, so class 0 wins even where class 1 is nearer.
        using var knn = new ZeroShotClassifier(generated, 1, ZeroShotClassifierMethod.Knn, k: 2);
        Assert.Equal(new long[] { 0, 0 }, knn.Predict(Rows([0, 1f], [1f, 1f])).data<long>().ToArray());
        using var mean = new ZeroShotClassifier(generated, 1, ZeroShotClassifierMethod.NearestClassMean);
        Assert.Equal(new long[] { 0, 1 }, mean.Predict(Rows([1f, 1f], [1f, 2f])).data<long>().ToArray());
    }

    [Fact]
    public void BadInputsAreRefusedNamingTheArgument()
    {
        using var scope = NewDisposeScope();
        var generated = Rows([1f, 0], [0, 1f], [1f, 1f]);
        Assert.Contains("samplesPerClass", Assert.Throws<ArgumentException>(() => new ZeroShotClassifier(generated, 2)).Message);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => new ZeroShotClassifier(generated, 1, k: 4)).ParamName);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => new ZeroShotClassifier(generated.Times(double.NaN), 1, k: 1)).Message);
        using var classifier = new ZeroShotClassifier(generated, 1, k: 1);
        Assert.Equal("features", Assert.Throws<ArgumentException>(() => classifier.Predict(Rows([1f, 0, 0]))).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => classifier.Accuracy(Rows([1f, 0]), tensor(new long[] { 3 }))).ParamName);
    }
}
