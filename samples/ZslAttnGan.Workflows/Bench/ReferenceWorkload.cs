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
/// One workload of issue 8: the seed's bird configuration on random weights and synthetic inputs of the real shapes.
/// The Python reference's time is measured in the same run (<see cref="PythonReference"/>), never stored.
/// </summary>
/// <param name="Id">Short name, e.g. <c>gan-b8</c>.</param>
/// <param name="Kind">What runs.</param>
/// <param name="BatchSize">Batch size (images per inference call).</param>
/// <param name="Branches">Generator branches (3: 64/128/256 px, 2: 64/128 px).</param>
public sealed record ReferenceWorkload(string Id, WorkloadKind Kind, int BatchSize, int Branches)
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

/// <summary>The six workloads of issue 8.</summary>
public static class ReferenceWorkloads
{
    /// <summary>All workloads in the issue's order.</summary>
    public static IReadOnlyList<ReferenceWorkload> All { get; } = new[]
    {
        new ReferenceWorkload("encoder-b8", WorkloadKind.EncoderStep, 8, 3),
        new ReferenceWorkload("encoder-b48", WorkloadKind.EncoderStep, 48, 3),
        new ReferenceWorkload("gan-b8", WorkloadKind.GanStep, 8, 3),
        new ReferenceWorkload("gan-b16-2br", WorkloadKind.GanStep, 16, 2),
        new ReferenceWorkload("inference-b1", WorkloadKind.Inference, 1, 3),
        new ReferenceWorkload("inference-b16", WorkloadKind.Inference, 16, 3),
    };

    /// <summary>The workload called <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentException">No such workload; the message lists the ids.</exception>
    public static ReferenceWorkload Get(string id) => All.FirstOrDefault(w => string.Equals(w.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown workload '{id}'. Known: {string.Join(", ", All.Select(w => w.Id))}.", nameof(id));
}
