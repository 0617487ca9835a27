using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl.Training;

/// <summary>
/// The tensors a run actually trains and evaluates on: the seen classes minus those held out for validation
/// (relabelled 0..C_t−1 in their original order), the held-out classes' features (relabelled 0..V−1) and the
/// seen-test rows of the trained classes. Without held-out classes the data's own tensors are used (not copied).
/// </summary>
internal sealed class GazslTrainingSplit : IDisposable
{
    private readonly List<Tensor> _owned = new();

    public GazslTrainingSplit(GazslTrainingData data, int[] heldOut)
    {
        HeldOutClasses = heldOut.OrderBy(c => c).ToArray();
        TrainedClasses = Enumerable.Range(0, data.SeenClasses).Except(HeldOutClasses).ToArray();
        if (HeldOutClasses.Length == 0)
        {
            Features = data.TrainFeatures;
            Labels = data.TrainLabels;
            Conditions = data.SeenConditions;
            Centroids = data.ClassCentroids ?? Own(GazslFeatureNormalization.ClassCentroids(data.TrainFeatures, data.TrainLabels, data.SeenClasses));
            SeenTestFeatures = data.SeenTestFeatures;
            SeenTestLabels = data.SeenTestLabels;
            return;
        }
        var device = data.TrainFeatures.device;
        using var trained = tensor(TrainedClasses.Select(c => (long)c).ToArray(), device: device);
        using var held = tensor(HeldOutClasses.Select(c => (long)c).ToArray(), device: device);
        using var toTrained = Remap(data.SeenClasses, TrainedClasses, device);
        using var toHeld = Remap(data.SeenClasses, HeldOutClasses, device);
        (Features, Labels) = Select(data.TrainFeatures, data.TrainLabels, toTrained);
        (ValidationFeatures, ValidationLabels) = Select(data.TrainFeatures, data.TrainLabels, toHeld);
        Conditions = Own(data.SeenConditions.index_select(0, trained));
        ValidationConditions = Own(data.SeenConditions.index_select(0, held));
        Centroids = data.ClassCentroids is not null
            ? Own(data.ClassCentroids.index_select(0, trained))
            : Own(GazslFeatureNormalization.ClassCentroids(Features, Labels, TrainedClasses.Length));
        if (data.SeenTestFeatures is not null)
        {
            var (f, l) = Select(data.SeenTestFeatures, data.SeenTestLabels!, toTrained);
            if (f.shape[0] > 0) (SeenTestFeatures, SeenTestLabels) = (f, l);
        }
    }

    /// <summary>Original seen-class indices trained on, in order (new label i = TrainedClasses[i]).</summary>
    public int[] TrainedClasses { get; }

    /// <summary>Original seen-class indices held out (new validation label j = HeldOutClasses[j]).</summary>
    public int[] HeldOutClasses { get; }

    public Tensor Features { get; }
    public Tensor Labels { get; }
    public Tensor Conditions { get; }
    public Tensor Centroids { get; }
    public Tensor? ValidationFeatures { get; }
    public Tensor? ValidationLabels { get; }
    public Tensor? ValidationConditions { get; }
    public Tensor? SeenTestFeatures { get; }
    public Tensor? SeenTestLabels { get; }

    /// <summary>The seen classes to hold out: the first <paramref name="count"/> entries of a permutation drawn from
    /// a generator of its own seeded with <paramref name="seed"/> (so the choice does not consume training draws).</summary>
    public static int[] ChooseHeldOut(int seenClasses, int count, long seed)
    {
        if (count == 0) return [];
        using var g = new Generator(unchecked((ulong)seed ^ 0x9E3779B97F4A7C15UL));
        using var perm = randperm(seenClasses, generator: g);
        return perm.data<long>().Take(count).Select(c => (int)c).OrderBy(c => c).ToArray();
    }

    private (Tensor Features, Tensor Labels) Select(Tensor features, Tensor labels, Tensor remap)
    {
        using var scope = NewDisposeScope();
        var mapped = remap.index_select(0, labels);
        var rows = mapped.ge(Scalars.S(0)).nonzero().squeeze(1);
        var f = features.index_select(0, rows);
        var l = mapped.index_select(0, rows);
        return (Own(f), Own(l));
    }

    private static Tensor Remap(int classes, int[] keep, Device device)
    {
        var map = Enumerable.Repeat(-1L, classes).ToArray();
        for (int i = 0; i < keep.Length; i++) map[keep[i]] = i;
        return tensor(map, device: device);
    }

    private Tensor Own(Tensor t)
    {
        // Lives as long as the trainer, not as long as whatever dispose scope the caller had open.
        t.DetachFromDisposeScope();
        _owned.Add(t);
        return t;
    }

    public void Dispose()
    {
        foreach (var t in _owned) t.Dispose();
        _owned.Clear();
    }
}
