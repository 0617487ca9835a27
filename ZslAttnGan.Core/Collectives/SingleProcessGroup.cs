using static TorchSharp.torch;

namespace ZslAttnGan.Collectives;

/// <summary>The world of one process: every collective is the identity. What trainers use when no group is given.</summary>
public sealed class SingleProcessGroup : IProcessGroup
{
    /// <summary>The one instance.</summary>
    public static SingleProcessGroup Instance { get; } = new();

    private SingleProcessGroup() { }

    /// <inheritdoc />
    public int Rank => 0;

    /// <inheritdoc />
    public int Size => 1;

    /// <inheritdoc />
    public void AllReduceSum(IReadOnlyList<Tensor> tensors) => ArgumentNullException.ThrowIfNull(tensors);

    /// <inheritdoc />
    public void Broadcast(IReadOnlyList<Tensor> tensors, int root)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (root != 0) throw new ArgumentOutOfRangeException(nameof(root), root, "A group of one process has only rank 0.");
    }

    /// <inheritdoc />
    public void Barrier() { }
}
