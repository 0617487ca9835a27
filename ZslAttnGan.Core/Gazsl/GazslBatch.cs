using ZslAttnGan.Nn;
using static TorchSharp.torch;

namespace ZslAttnGan.Gazsl;

/// <summary>One training batch of GAZSL: real visual features, their seen-class labels and each sample's class
/// condition (its class's text feature or attribute vector, i.e. <c>train_text_feature[y]</c>).</summary>
/// <param name="Features">Real (normalised) visual features [B, X].</param>
/// <param name="Labels">Seen-class indices [B], int64, 0-based.</param>
/// <param name="Conditions">Class condition of each sample [B, condition size].</param>
/// <remarks>A batch made with <see cref="FromClassTable"/> also carries the class table its conditions were taken
/// from, so that <see cref="GazslSteps"/> can run the generator's per-class work once per class
/// (<see cref="IGazslGenerator.GenerateFromClassTable"/>).</remarks>
public sealed record GazslBatch(Tensor Features, Tensor Labels, Tensor Conditions)
{
    /// <summary>A batch whose conditions are <c>classConditions[labels]</c>, keeping the table.</summary>
    /// <param name="features">Real visual features [B, X].</param>
    /// <param name="labels">Seen-class indices [B], int64: rows of <paramref name="classConditions"/>.</param>
    /// <param name="classConditions">One condition per seen class [C_s, condition size].</param>
    public static GazslBatch FromClassTable(Tensor features, Tensor labels, Tensor classConditions)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classConditions);
        GazslLabels.CheckRange(labels, nameof(labels), classConditions.shape[0]);
        return new GazslBatch(features, labels, classConditions.index_select(0, labels)) { ClassConditions = classConditions };
    }

    /// <summary>The class table <see cref="Conditions"/> was taken from (<c>Conditions = ClassConditions[Labels]</c>),
    /// or null when the batch does not say.</summary>
    public Tensor? ClassConditions { get; init; }

    /// <summary>Batch size B.</summary>
    public long Size => Features.shape[0];

    internal void Validate(long featureSize, long conditionSize, long classes)
    {
        Guard.Shape(Features, nameof(Features), $"[B, {featureSize}]", -1, featureSize);
        Guard.Floating(Features, nameof(Features));
        if (Features.shape[0] == 0) throw new ArgumentException("A GAZSL batch must not be empty.", nameof(Features));
        Guard.Shape(Labels, nameof(Labels), $"[{Features.shape[0]}] (int64)", Features.shape[0]);
        Guard.DType(Labels, nameof(Labels), ScalarType.Int64);
        GazslLabels.CheckRange(Labels, nameof(Labels), classes);
        Guard.Shape(Conditions, nameof(Conditions), $"[{Features.shape[0]}, {conditionSize}]", Features.shape[0], conditionSize);
        Guard.Floating(Conditions, nameof(Conditions));
        if (ClassConditions is not null)
        {
            Guard.Shape(ClassConditions, nameof(ClassConditions), $"[{classes}, {conditionSize}]", classes, conditionSize);
            Guard.Floating(ClassConditions, nameof(ClassConditions));
        }
    }
}
