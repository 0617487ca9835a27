using ZslAttnGan.Evaluation;

namespace ZslAttnGan.Tests.Evaluation;

public class AttributeClassifierTests
{
    [Fact]
    public void ThreeStagesOfThreeByThreeConvolutionsFeedAveragedAndMaximisedFeaturesToOneHeadPerAttribute()
    {
        int[] counts = { 5, 3, 2, 4 };
        const int width = 4;
        using var judge = new AttributeClassifier(counts, imageSize: 16, width: width);
        var keys = judge.state_dict().Keys.ToHashSet();
        foreach (var (stage, channels) in new[] { (0, width), (2, 2 * width), (4, 4 * width) })
        {
            Assert.Contains($"features.{stage}.conv.weight", keys);
            Assert.Contains($"features.{stage}.bn.running_var", keys);
            Assert.Equal(new long[] { channels, stage == 0 ? 3 : channels / 2, 3, 3 }, judge.state_dict()[$"features.{stage}.conv.weight"].shape);
        }
        for (int a = 0; a < counts.Length; a++)
            Assert.Equal(new long[] { counts[a], 8 * width }, judge.state_dict()[$"heads.{a}.weight"].shape);

        // Any input size is resized to the classifier's.
        using var images = zeros(2, 3, 40, 24);
        var logits = judge.call(images);
        Assert.Equal(counts.Select(c => new long[] { 2, c }), logits.Select(l => l.shape));
        using var predicted = judge.Predict(images, batchSize: 1);
        Assert.Equal(new long[] { 2, counts.Length }, predicted.shape);
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        Assert.Equal("valueCounts", Assert.Throws<ArgumentException>(() => new AttributeClassifier(new[] { 3, 1 })).ParamName);
        Assert.Equal("imageSize", Assert.Throws<ArgumentOutOfRangeException>(() => new AttributeClassifier(new[] { 3 }, imageSize: 20)).ParamName);
        using var judge = new AttributeClassifier(new[] { 3 }, 16, 2);
        using var grey = zeros(2, 1, 16, 16);
        Assert.Contains("images", Assert.ThrowsAny<ArgumentException>(() => judge.call(grey)).Message);
    }
}
