using static TorchSharp.torch;

namespace ZslAttnGan.Data.Batching;

/// <summary>The reference <c>prepare_data</c>: sort rows by caption length (descending; a stable sort keeps ties in
/// dataset order) and stack every field in that order into CPU tensors.</summary>
internal static class Collate
{
    public static Batch Run(IReadOnlyList<Sample> samples, ImageCaptionDataset dataset, IReadOnlyList<int> sizes, int wordsNum)
    {
        if (samples.Count == 0) throw new ArgumentException("Cannot collate an empty batch.", nameof(samples));
        var order = Enumerable.Range(0, samples.Count).OrderByDescending(i => samples[i].Caption.Length).ToArray();
        int b = samples.Count;

        var images = new List<Tensor>(sizes.Count);
        for (int s = 0; s < sizes.Count; s++)
        {
            int plane = 3 * sizes[s] * sizes[s];
            var data = new float[(long)b * plane];
            for (int r = 0; r < b; r++)
            {
                var src = samples[order[r]].Images[s];
                if (src.Length != plane) throw new InvalidOperationException($"Scale {s} image has {src.Length} values, expected {plane}.");
                Array.Copy(src, 0, data, (long)r * plane, plane);
            }
            images.Add(tensor(data, new long[] { b, 3, sizes[s], sizes[s] }).DetachFromDisposeScope());
        }

        var captions = new long[b * wordsNum];
        var lengths = new long[b];
        var classes = new long[b];
        var keys = new string[b];
        var captionIndices = new int[b];
        var datasetIndices = new int[b];
        var attributeRows = new List<IReadOnlyList<int>?>(b);
        for (int r = 0; r < b; r++)
        {
            var sample = samples[order[r]];
            var item = dataset.Items[sample.DatasetIndex];
            Array.Copy(sample.Caption, 0, captions, r * wordsNum, sample.Caption.Length);
            lengths[r] = sample.Caption.Length;
            // An image without a class gets an id of its own (−1, −2, …): same-class masking never pairs it with another
            // image, as the reference's one-class-per-image ids, and class losses reject it instead of learning a fake class.
            classes[r] = item.ClassIndex ?? -(r + 1);
            keys[r] = item.Key;
            captionIndices[r] = sample.CaptionIndex;
            datasetIndices[r] = sample.DatasetIndex;
            attributeRows.Add(item.Attributes);
        }

        Tensor? attributes = null;
        if (attributeRows.All(a => a is not null) && attributeRows[0]!.Count > 0)
        {
            int a = attributeRows[0]!.Count;
            var values = new long[b * a];
            for (int r = 0; r < b; r++)
            {
                if (attributeRows[r]!.Count != a) throw new InvalidDataException($"Image '{keys[r]}' has {attributeRows[r]!.Count} attributes, expected {a}.");
                for (int j = 0; j < a; j++) values[r * a + j] = attributeRows[r]![j];
            }
            attributes = tensor(values, new long[] { b, a }).DetachFromDisposeScope();
        }

        return new Batch(images,
            tensor(captions, new long[] { b, wordsNum }).DetachFromDisposeScope(),
            tensor(lengths, new long[] { b }).DetachFromDisposeScope(),
            tensor(classes, new long[] { b }).DetachFromDisposeScope(),
            keys, captionIndices, datasetIndices, attributes);
    }
}
