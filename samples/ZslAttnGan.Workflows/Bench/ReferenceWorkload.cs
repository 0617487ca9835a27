using ZslAttnGan.Training;

namespace ZslAttnGan.Workflows.Bench;

/// <summary>What a reference workload runs.</summary>
public enum WorkloadKind
{
    /// <summary>One encoder-phase step (DAMSM + ZSL losses, backward, clip, Adam; then the ZSL discriminator step).</summary>
    EncoderStep,

    /// <summary>One GAN-phase step (discriminator updates, generator update with DAMSM + ZSL terms, EMA).</summary>
    GanStep,

    /// <summary>Caption → 256-px images without gradients (text encoder, ZSL generator, generator).</summary>
    Inference,
}

/// <summary>
/// One workload of issue 8 with the reference implementation's median time and peak RSS on this kind of machine
/// (2 cores, PyTorch 1.13.1 with OpenBLAS, 2 threads, random weights, synthetic inputs of the real shapes).
/// </summary>
/// <param name="Id">Short name, e.g. <c>gan-b8</c>.</param>
/// <param name="Kind">What runs.</param>
/// <param name="BatchSize">Batch size (images per inference call).</param>
/// <param name="Branches">Generator branches (3: 64/128/256 px, 2: 64/128 px).</param>
/// <param name="ReferenceSeconds">The reference's median time per call.</param>
/// <param name="ReferencePeakGigabytes">The reference's peak RSS in GB (10⁹ bytes).</param>
public sealed record ReferenceWorkload(string Id, WorkloadKind Kind, int BatchSize, int Branches, double ReferenceSeconds, double ReferencePeakGigabytes)
{
    /// <summary>Vocabulary size of the text encoder (CUB: 5450 words).</summary>
    public const int VocabularySize = 5450;

    /// <summary>Seen classes of the ZSL discriminator (CUB: 150).</summary>
    public const int ClassCount = 150;

    /// <summary>Caption width T.</summary>
    public const int Words = 18;

    /// <summary>A readable description of the workload.</summary>
    public string Description => Kind switch
    {
        WorkloadKind.EncoderStep => $"encoder step, batch {BatchSize}",
        WorkloadKind.GanStep => $"GAN step, batch {BatchSize}, {Branches} branches",
        _ => $"inference, batch {BatchSize}",
    };

    /// <summary>The seed's bird configuration (<see cref="Presets.ZslAttnGanCub"/>) with this workload's branches and batch sizes.</summary>
    public TrainingPreset Preset
    {
        get
        {
            var p = Presets.ZslAttnGanCub;
            return p with
            {
                Model = p.Model with { Generator = p.Model.Generator with { Branches = Branches } },
                EncoderBatchSize = BatchSize,
                GanBatchSize = BatchSize,
            };
        }
    }
}

/// <summary>The six workloads of issue 8 and the machine's reference matmul peak.</summary>
public static class ReferenceWorkloads
{
    /// <summary>The issue's float32 matmul peak of this kind of machine at 2 threads, GFLOP/s.</summary>
    public const double IssuePeakGflops = 180;

    /// <summary>The reference's CUB image pipeline on one core: 247 images/s (4.05 ms per image).</summary>
    public const double ReferenceImagesPerSecond = 247;

    /// <summary>All workloads in the issue's order.</summary>
    public static IReadOnlyList<ReferenceWorkload> All { get; } = new[]
    {
        new ReferenceWorkload("encoder-b8", WorkloadKind.EncoderStep, 8, 3, 1.94, 0.77),
        new ReferenceWorkload("encoder-b48", WorkloadKind.EncoderStep, 48, 3, 13.5, 2.36),
        new ReferenceWorkload("gan-b8", WorkloadKind.GanStep, 8, 3, 10.9, 4.83),
        new ReferenceWorkload("gan-b16-2br", WorkloadKind.GanStep, 16, 2, 7.09, 3.60),
        new ReferenceWorkload("inference-b1", WorkloadKind.Inference, 1, 3, 0.179, 0.50),
        new ReferenceWorkload("inference-b16", WorkloadKind.Inference, 16, 3, 2.89, 1.51),
    };

    /// <summary>The workload called <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentException">No such workload; the message lists the ids.</exception>
    public static ReferenceWorkload Get(string id) => All.FirstOrDefault(w => string.Equals(w.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown workload '{id}'. Known: {string.Join(", ", All.Select(w => w.Id))}.", nameof(id));
}
