using ZslAttnGan.Nn;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl.Evaluation;

/// <summary>Accuracies of predictions against labels, per sample and per class, in percent.</summary>
public static class ClassAccuracy
{
    /// <summary>100 · mean over samples of (prediction == label).</summary>
    /// <exception cref="ArgumentException">Lengths differ or there are no samples.</exception>
    public static double PerSample(Tensor predictions, Tensor labels)
    {
        var (p, l) = Read(predictions, labels);
        return 100.0 * p.Zip(l).Count(x => x.First == x.Second) / p.Length;
    }

    /// <summary>100 · (fraction of class c's samples predicted as c) for c in 0..classes−1; NaN marks a class with no
    /// sample (it has no accuracy).</summary>
    public static double[] PerClass(Tensor predictions, Tensor labels, int classes)
    {
        Guard.Positive(classes, nameof(classes));
        var (p, l) = Read(predictions, labels);
        var correct = new int[classes];
        var total = new int[classes];
        for (int i = 0; i < l.Length; i++)
        {
            if (l[i] < 0 || l[i] >= classes)
                throw new ArgumentException($"labels[{i}] = {l[i]} must lie in 0..{classes - 1}.", nameof(labels));
            total[l[i]]++;
            if (p[i] == l[i]) correct[l[i]]++;
        }
        return total.Select((n, c) => n == 0 ? double.NaN : 100.0 * correct[c] / n).ToArray();
    }

    /// <summary>Mean of <see cref="PerClass"/> over the classes that have samples (the reference's GBU metric; it would
    /// give NaN when a class below the largest label had no sample).</summary>
    public static double MeanPerClass(Tensor predictions, Tensor labels, int classes) =>
        PerClass(predictions, labels, classes).Where(double.IsFinite).Average();

    private static (long[] Predictions, long[] Labels) Read(Tensor predictions, Tensor labels)
    {
        Guard.Shape(predictions, nameof(predictions), "[N] (int64)", -1);
        Guard.DType(predictions, nameof(predictions), ScalarType.Int64);
        Guard.Shape(labels, nameof(labels), $"[{predictions.shape[0]}] (int64)", predictions.shape[0]);
        Guard.DType(labels, nameof(labels), ScalarType.Int64);
        if (labels.shape[0] == 0) throw new ArgumentException("labels must not be empty: there is no accuracy of zero samples.", nameof(labels));
        using var p = predictions.cpu();
        using var l = labels.cpu();
        return (p.data<long>().ToArray(), l.data<long>().ToArray());
    }
}
