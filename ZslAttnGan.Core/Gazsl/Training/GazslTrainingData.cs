using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl.Training;

/// <summary>
/// What <see cref="GazslTrainer"/> trains and evaluates on, independent of any data set's file format (a loader fills
/// it; features are expected already normalised, e.g. by <see cref="GazslFeatureNormalization"/>). Seen classes are
/// indexed 0..C_s−1 in the order of <see cref="SeenConditions"/>' rows, unseen classes 0..C_u−1 in the order of
/// <see cref="UnseenConditions"/>' rows. The tensors belong to the caller and must outlive the trainer.
/// </summary>
/// <param name="TrainFeatures">seen-class training features [N, X] (floating point, finite).</param>
/// <param name="TrainLabels">their classes [N] (int64 in 0..C_s−1).</param>
/// <param name="SeenConditions">class condition (text feature or attribute vector) of each seen class [C_s, D].</param>
/// <param name="UnseenConditions">class condition of each unseen class [C_u, D].</param>
/// <param name="UnseenTestFeatures">unseen-class test features [N_u, X].</param>
/// <param name="UnseenTestLabels">their classes [N_u] (int64 in 0..C_u−1).</param>
/// <param name="SeenTestFeatures">seen-class test features [N_s, X] for the generalised (GZSL) evaluation; null: no
/// GZSL evaluation (the reference measures its "seen" accuracy on the training features instead; pass those here to
/// reproduce it).</param>
/// <param name="SeenTestLabels">their classes [N_s] (int64 in 0..C_s−1); given exactly when
/// <paramref name="SeenTestFeatures"/> is.</param>
/// <param name="ClassCentroids">visual pivot of each seen class [C_s, X] for the centroid loss; null: the mean of
/// each class's training features (<see cref="GazslFeatureNormalization.ClassCentroids"/>).</param>
public sealed record GazslTrainingData(
    Tensor TrainFeatures, Tensor TrainLabels, Tensor SeenConditions, Tensor UnseenConditions,
    Tensor UnseenTestFeatures, Tensor UnseenTestLabels,
    Tensor? SeenTestFeatures = null, Tensor? SeenTestLabels = null, Tensor? ClassCentroids = null)
{
    /// <summary>Number of seen classes C_s.</summary>
    public int SeenClasses => (int)SeenConditions.shape[0];

    /// <summary>Number of unseen classes C_u.</summary>
    public int UnseenClasses => (int)UnseenConditions.shape[0];

    /// <summary>Size X of a visual feature.</summary>
    public int FeatureSize => (int)TrainFeatures.shape[1];

    /// <summary>Size D of a class condition.</summary>
    public int ConditionSize => (int)SeenConditions.shape[1];

    /// <summary>True when seen-class test data are present (GZSL evaluation runs).</summary>
    public bool HasSeenTest => SeenTestFeatures is not null;

    /// <summary>Checks shapes, dtypes, label ranges, devices and finiteness.</summary>
    /// <exception cref="ArgumentException">Something does not fit; the message names the field.</exception>
    public void Validate()
    {
        using var scope = NewDisposeScope();
        Matrix(TrainFeatures, nameof(TrainFeatures), "[N, X]", -1);
        if (TrainFeatures.shape[0] == 0 || TrainFeatures.shape[1] == 0)
            throw new ArgumentException($"{nameof(TrainFeatures)} must not be empty but has shape {Guard.Shape(TrainFeatures)}.", nameof(TrainFeatures));
        Matrix(SeenConditions, nameof(SeenConditions), "[C_s, D]", -1);
        if (SeenConditions.shape[0] == 0 || SeenConditions.shape[1] == 0)
            throw new ArgumentException($"{nameof(SeenConditions)} must have at least one class and one dimension but has shape {Guard.Shape(SeenConditions)}.", nameof(SeenConditions));
        Matrix(UnseenConditions, nameof(UnseenConditions), $"[C_u, {ConditionSize}]", ConditionSize);
        if (UnseenConditions.shape[0] == 0)
            throw new ArgumentException($"{nameof(UnseenConditions)} must have at least one class.", nameof(UnseenConditions));
        Labels(TrainLabels, nameof(TrainLabels), TrainFeatures, SeenClasses);
        Matrix(UnseenTestFeatures, nameof(UnseenTestFeatures), $"[N_u, {FeatureSize}]", FeatureSize);
        if (UnseenTestFeatures.shape[0] == 0)
            throw new ArgumentException($"{nameof(UnseenTestFeatures)} must have at least one sample.", nameof(UnseenTestFeatures));
        Labels(UnseenTestLabels, nameof(UnseenTestLabels), UnseenTestFeatures, UnseenClasses);
        if ((SeenTestFeatures is null) != (SeenTestLabels is null))
            throw new ArgumentException($"{nameof(SeenTestFeatures)} and {nameof(SeenTestLabels)} must be given together.",
                SeenTestFeatures is null ? nameof(SeenTestFeatures) : nameof(SeenTestLabels));
        if (SeenTestFeatures is not null)
        {
            Matrix(SeenTestFeatures, nameof(SeenTestFeatures), $"[N_s, {FeatureSize}]", FeatureSize);
            if (SeenTestFeatures.shape[0] == 0)
                throw new ArgumentException($"{nameof(SeenTestFeatures)} must have at least one sample.", nameof(SeenTestFeatures));
            Labels(SeenTestLabels!, nameof(SeenTestLabels), SeenTestFeatures, SeenClasses);
        }
        if (ClassCentroids is not null)
            Matrix(ClassCentroids, nameof(ClassCentroids), $"[{SeenClasses}, {FeatureSize}]", FeatureSize, SeenClasses);
        using var counts = TrainLabels.bincount(null, SeenClasses);
        using var min = counts.min();
        if (min.item<long>() == 0)
        {
            using var empty = counts.eq(Scalars.S(0)).nonzero();
            throw new ArgumentException($"{nameof(TrainLabels)}: seen class {empty[0, 0].item<long>()} has no training sample; " +
                "every seen class needs one (the critic classifies them and the centroid loss reads their means).", nameof(TrainLabels));
        }
    }

    private void Matrix(Tensor? t, string name, string expected, long columns, long rows = -1)
    {
        Guard.Shape(t, name, expected, rows, columns);
        Guard.Floating(t!, name);
        if (t!.device.type != TrainFeatures.device.type)
            throw new ArgumentException($"{name} is on {t.device} but {nameof(TrainFeatures)} on {TrainFeatures.device}; put every tensor on one device.", name);
        using var finite = t.isfinite().all();
        if (!finite.item<bool>()) throw new ArgumentException($"{name} has NaN or infinite values.", name);
    }

    private static void Labels(Tensor? labels, string name, Tensor features, long classes)
    {
        Guard.Shape(labels, name, $"[{features.shape[0]}] (int64)", features.shape[0]);
        Guard.DType(labels!, name, ScalarType.Int64);
        GazslLabels.CheckRange(labels!, name, classes);
    }
}
