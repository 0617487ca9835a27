using ZslAttnGan.Data.Cub;
using ZslAttnGan.Data.Synthetic;
using ZslAttnGan.Evaluation;
using ZslAttnGan.Text;
using ZslAttnGan.Training;
using ZslAttnGan.Models;

namespace ZslAttnGan.Testing;

/// <summary>
/// A small synthetic bird set (12 species, 3 of them unseen, 12 images each at 64 px, 4 captions per image) written
/// once per process to a temporary folder (deleted at exit), with its vocabulary and evaluation data, and tiny models
/// that fit it: what metric tests evaluate on.
/// </summary>
public sealed class SyntheticEvaluationSet
{
    private static readonly Lazy<SyntheticEvaluationSet> Instance = new(() => new SyntheticEvaluationSet(), LazyThreadSafetyMode.ExecutionAndPublication);

    private SyntheticEvaluationSet()
    {
        Folder = TinyModels.TempDirectory();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        var result = SyntheticBirdsGenerator.Generate(Path.Combine(Folder, "birds"), new SyntheticBirdsOptions
        {
            Species = 12, UnseenSpecies = 3, ImagesPerSpecies = 12, ImageSize = 64, CaptionsPerImage = 4, Seed = 3, Workers = 2,
        });
        Dataset = new EvaluationDataset { Root = result.Root, CaptionsPerImage = 4 };
        Vocabulary = CubDataset.Load(new CubOptions { Root = result.Root, CaptionsPerImage = 4 }).Vocabulary;
        Data = EvaluationData.Load(Dataset, Vocabulary);
    }

    /// <summary>The process-wide set (generated on first use, a few seconds).</summary>
    public static SyntheticEvaluationSet Shared => Instance.Value;

    /// <summary>The temporary folder holding the set (and room for caches: use <see cref="CachePath"/>).</summary>
    public string Folder { get; }

    /// <summary>The set as an evaluation dataset.</summary>
    public EvaluationDataset Dataset { get; }

    /// <summary>Its vocabulary.</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>Its seen and unseen splits, loaded.</summary>
    public EvaluationData Data { get; }

    /// <summary>A path under <see cref="Folder"/> for a cache file.</summary>
    public string CachePath(string name) => Path.Combine(Folder, "cache", name);

    /// <summary>A fresh, untrained tiny ZSL-AttnGAN for this set's vocabulary and seen classes.</summary>
    public ZslAttnGanModel Model(long seed = 1, ModelOptions? options = null) =>
        new(options ?? TinyModels.ZslAttnGan(), Vocabulary.Count, Data.Seen.Classes.Count, seed);

    /// <summary>An evaluation context on <paramref name="model"/> and this set.</summary>
    public EvaluationContext Context(ZslAttnGanModel model, EvaluationOptions options) => new(model, Vocabulary, Data, options);
}
