using TorchSharp;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;
using static ZslAttnGan.TorchSharpWorkarounds.Scalars;

namespace ZslAttnGan.Evaluation;

/// <summary>
/// A linear probe: a softmax regression fitted on one set of codes and read on another. It asks whether a property is a
/// linear direction of the codes that carries over to codes it was not fitted on (e.g. a colour that is readable from
/// unseen species' codes after fitting on seen species'). The fit is deterministic: standardised features (the fit
/// set's mean and standard deviation), zero initial weights, full-batch Adam with a small L2 penalty.
/// </summary>
public static class LinearProbe
{
    /// <summary>Fits on (<paramref name="fitCodes"/>, <paramref name="fitLabels"/>) and returns the accuracy on the fit
    /// set and on (<paramref name="testCodes"/>, <paramref name="testLabels"/>).</summary>
    /// <param name="fitCodes">Codes [N, D] to fit on.</param>
    /// <param name="fitLabels">Their labels, 0 ≤ label &lt; <paramref name="classes"/>.</param>
    /// <param name="testCodes">Codes [M, D] to read.</param>
    /// <param name="testLabels">Their labels.</param>
    /// <param name="classes">Number of label values.</param>
    /// <param name="iterations">Full-batch Adam steps (default 400).</param>
    /// <exception cref="ArgumentException">Shapes and label counts do not fit, a set is empty, or a label is out of range.</exception>
    public static (double Fit, double Test) FitAndRead(Tensor fitCodes, IReadOnlyList<int> fitLabels, Tensor testCodes,
        IReadOnlyList<int> testLabels, int classes, int iterations = 400)
    {
        ArgumentNullException.ThrowIfNull(fitCodes);
        ArgumentNullException.ThrowIfNull(testCodes);
        ArgumentNullException.ThrowIfNull(fitLabels);
        ArgumentNullException.ThrowIfNull(testLabels);
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "A probe needs at least two label values.");
        Check(fitCodes, fitLabels, classes, nameof(fitCodes));
        Check(testCodes, testLabels, classes, nameof(testCodes));
        if (testCodes.shape[1] != fitCodes.shape[1])
            throw new ArgumentException($"testCodes have {testCodes.shape[1]} features, fitCodes {fitCodes.shape[1]}.", nameof(testCodes));

        using var scope = NewDisposeScope();
        var x = fitCodes.detach().to_type(ScalarType.Float32);
        var mean = x.mean([0L], keepdim: true);
        var std = x.std(0, keepdim: true).clamp_min(S(1e-6));
        x = x.sub(mean).div(std);
        var xt = testCodes.detach().to_type(ScalarType.Float32).sub(mean).div(std);
        var y = tensor(fitLabels.Select(l => (long)l).ToArray());
        var yt = tensor(testLabels.Select(l => (long)l).ToArray());

        var w = new TorchSharp.Modules.Parameter(zeros(x.shape[1], classes));
        var b = new TorchSharp.Modules.Parameter(zeros(classes));
        using (var optimizer = new ZslAttnGan.Training.AdamOptimizer([w, b], 0.05))
        {
            for (int i = 0; i < iterations; i++)
            {
                using var step = NewDisposeScope();
                optimizer.ZeroGrad();
                var loss = nn.functional.cross_entropy(x.matmul(w).Plus(b), y).Plus(w.square().sum().Times(1e-3));
                loss.backward();
                optimizer.Step();
            }
        }
        using var _ = no_grad();
        double Accuracy(Tensor codes, Tensor labels) =>
            codes.matmul(w).Plus(b).argmax(1).eq(labels).to_type(ScalarType.Float64).mean().item<double>();
        return (Accuracy(x, y), Accuracy(xt, yt));
    }

    private static void Check(Tensor codes, IReadOnlyList<int> labels, int classes, string name)
    {
        if (codes.dim() != 2) throw new ArgumentException($"{name} must be [N, D]; got [{string.Join(", ", codes.shape)}].", name);
        if (codes.shape[0] == 0) throw new ArgumentException($"{name} is empty.", name);
        if (labels.Count != codes.shape[0]) throw new ArgumentException($"{labels.Count} labels for {codes.shape[0]} codes in {name}.", name);
        if (labels.Any(l => l < 0 || l >= classes)) throw new ArgumentException($"A label of {name} is outside 0..{classes - 1}.", name);
    }
}
