using ZslAttnGan.TextFeatures;
using ZslAttnGan.Testing;

namespace ZslAttnGan.Tests.TextFeatures;

public class TfIdfTests
{
    [Fact]
    public void MatchesScikitLearnsDefaults()
    {
        // sklearn.feature_extraction.text.TfidfVectorizer().fit_transform(["red bird red", "Blue bird."]).toarray():
        // vocabulary bird, blue, red; smoothed idf 1, 1 + ln 1.5, 1 + ln 1.5; rows of unit L2 norm.
        var tfidf = TfIdf.Fit(["red bird red", "Blue bird."]);
        Assert.Equal(new[] { "bird", "blue", "red" }, tfidf.Words);
        Assert.Equal(1 + Math.Log(1.5), tfidf.Idf[1], 12);
        using var features = tfidf.Transform(["red bird red", "Blue bird."]);
        TensorAssert.Close(tensor(new[] { 0.33517574f, 0f, 0.94215562f, 0.57973867f, 0.81480247f, 0f }, new long[] { 2, 3 }), features, 1e-6);
    }

    [Fact]
    public void RowsAreUnitVectorsAndUnknownWordsAreIgnored()
    {
        var tfidf = TfIdf.Fit(["a red bird with blue wings", "a green bird", "a yellow bird with a red head"]);
        using var features = tfidf.Transform(["a red zebra", "zebra only", "a green bird"]);
        var norms = features.norm(1).data<float>().ToArray();
        Assert.Equal(1f, norms[0], 5);
        Assert.Equal(0f, norms[1]);           // no known word: a zero row, not NaN
        Assert.Equal(1f, norms[2], 5);
        // A word in every document ("bird", "a") weighs less than one in a single document ("green").
        var row = features[2].data<float>().ToArray();
        int green = tfidf.Words.ToList().IndexOf("green"), bird = tfidf.Words.ToList().IndexOf("bird");
        Assert.True(row[green] > row[bird]);
    }

    [Fact]
    public void FiltersAndOptions()
    {
        string[] documents = ["red bird red", "blue bird", "red wing"];
        Assert.Equal(new[] { "bird", "red" }, TfIdf.Fit(documents, new TfIdfOptions { MinDocumentFrequency = 2 }).Words);
        Assert.Equal(new[] { "blue", "red", "wing" }, TfIdf.Fit(documents, new TfIdfOptions { StopWords = new HashSet<string> { "bird" } }).Words);
        Assert.Equal(new[] { "bird", "red" }, TfIdf.Fit(documents, new TfIdfOptions { MaxFeatures = 2 }).Words);   // counts 3 and 2
        using var raw = TfIdf.Fit(documents, new TfIdfOptions { Normalize = false, SublinearTf = true }).Transform(["red red"]);
        Assert.Equal((1 + Math.Log(2)) * (1 + Math.Log(4.0 / 3)), raw[0, 2].item<float>(), 5);
        Assert.Throws<ArgumentException>(() => TfIdf.Fit(["the", "the"], new TfIdfOptions { StopWords = new HashSet<string> { "the" } }));
        Assert.Throws<ArgumentException>(() => TfIdf.Fit([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => TfIdf.Fit(documents, new TfIdfOptions { MinDocumentFrequency = 0 }));
    }
}
