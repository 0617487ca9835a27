using ZslAttnGan.Text;

namespace ZslAttnGan.Data;

/// <summary>
/// The metadata of a loaded split: images with their captions (word ids), classes and boxes, the vocabulary and any
/// issues found. Pixels are decoded later by <see cref="Batching.DataLoader"/>.
/// </summary>
public sealed class ImageCaptionDataset
{
    /// <summary>Creates a dataset.</summary>
    public ImageCaptionDataset(IReadOnlyList<DatasetItem> items, Vocabulary vocabulary, IReadOnlyList<DatasetClass> classes,
        IReadOnlyList<DataIssue>? issues = null, IReadOnlyList<string>? attributeNames = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(classes);
        for (int i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.ClassIndex is { } c && (c < 0 || c >= classes.Count))
                throw new ArgumentException($"Item {i} ('{item.Key}') has class index {item.ClassIndex} outside 0..{classes.Count - 1}.", nameof(items));
            if (item.Captions.Count == 0)
                throw new ArgumentException($"Item {i} ('{item.Key}') has no captions.", nameof(items));
            foreach (var caption in item.Captions)
                if (caption.Length == 0) throw new ArgumentException($"Item {i} ('{item.Key}') has an empty caption.", nameof(items));
        }
        Items = items;
        Vocabulary = vocabulary;
        Classes = classes;
        Issues = issues ?? Array.Empty<DataIssue>();
        AttributeNames = attributeNames;
        Name = name ?? "dataset";
    }

    /// <summary>The images, in a fixed order that defines the dataset index.</summary>
    public IReadOnlyList<DatasetItem> Items { get; }

    /// <summary>Number of images.</summary>
    public int Count => Items.Count;

    /// <summary>The vocabulary the caption ids refer to.</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>The classes present, by dense index (items without a class belong to none of them).</summary>
    public IReadOnlyList<DatasetClass> Classes { get; }

    /// <summary>The class of <paramref name="item"/>, or null when it has none (see <see cref="DatasetItem.ClassIndex"/>).</summary>
    public DatasetClass? ClassOf(DatasetItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.ClassIndex is { } c ? Classes[c] : null;
    }

    /// <summary>Problems that were reported rather than thrown.</summary>
    public IReadOnlyList<DataIssue> Issues { get; }

    /// <summary>Names of the per-image attributes (synthetic set), or null.</summary>
    public IReadOnlyList<string>? AttributeNames { get; }

    /// <summary>A short description for logs.</summary>
    public string Name { get; }
}
