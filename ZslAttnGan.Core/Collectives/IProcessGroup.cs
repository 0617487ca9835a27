using static TorchSharp.torch;

namespace ZslAttnGan.Collectives;

/// <summary>
/// A group of cooperating processes ("ranks") that train one model together: data-parallel training averages
/// gradients through it, broadcasts rank 0's weights, and agrees on stopping. Core defines only this seam;
/// <c>ZslAttnGan.Distributed</c> implements it over Open MPI (<c>MpiProcessGroup</c>), <see cref="SingleProcessGroup"/>
/// is the world of one, and a CUDA implementation (NCCL) would plug in here.
/// </summary>
/// <remarks>
/// Every call is collective: every rank must make the same calls in the same order with tensors of the same shapes and
/// dtypes, or the implementation throws (when it can tell) or the ranks wait for each other. Implementations accept
/// contiguous float32, float64 and int64 tensors; CPU tensors are reduced in place, device tensors may be staged through
/// host memory.
/// </remarks>
public interface IProcessGroup
{
    /// <summary>This process's index, 0 ≤ <see cref="Rank"/> &lt; <see cref="Size"/>. Rank 0 writes checkpoints and logs.</summary>
    int Rank { get; }

    /// <summary>The number of processes in the group.</summary>
    int Size { get; }

    /// <summary>Replaces each tensor, in place, by its sum over every rank.</summary>
    void AllReduceSum(IReadOnlyList<Tensor> tensors);

    /// <summary>Overwrites each tensor, in place, with rank <paramref name="root"/>'s values.</summary>
    void Broadcast(IReadOnlyList<Tensor> tensors, int root);

    /// <summary>Returns once every rank has called it.</summary>
    void Barrier();
}
