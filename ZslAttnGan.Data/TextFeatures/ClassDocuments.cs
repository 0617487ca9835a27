using ZslAttnGan.Data;

namespace ZslAttnGan.TextFeatures;

/// <summary>One text document per class, for <see cref="TfIdf"/>: the class's captions joined.</summary>
public static class ClassDocuments
{
    /// <summary>For each class of <paramref name="dataset"/> (in class order), all captions of its images joined by
    /// newlines, decoded with the dataset's vocabulary. A class without images gives an empty document.</summary>
    public static IReadOnlyList<string> FromCaptions(ImageCaptionDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var documents = Enumerable.Range(0, dataset.Classes.Count).Select(_ => new System.Text.StringBuilder()).ToArray();
        foreach (var item in dataset.Items)
        {
            if (item.ClassIndex is not { } c) continue;
            foreach (var caption in item.Captions)
                documents[c].AppendLine(dataset.Vocabulary.Decode(caption));
        }
        return documents.Select(b => b.ToString()).ToList();
    }
}
