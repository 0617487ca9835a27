using ZslAttnGan.Data;
using ZslAttnGan.Text;
using ZslAttnGan.Training;
using static TorchSharp.torch;
using ZslAttnGan.Models;

namespace ZslAttnGan.Evaluation;

/// <summary>
/// Everything a metric needs: the model (in eval mode), its vocabulary, the data, the options, and samples computed once
/// and shared between metrics (generated images per split, real-image codes, generated class codes). Every random choice
/// derives from <see cref="EvaluationOptions.Seed"/> and a fixed purpose number, so the metrics do not depend on which
/// other metrics ran or in which order. Disposes its cached tensors.
/// </summary>
/// <remarks>With a <see cref="EvaluationOptions.ProcessGroup"/> of more than one rank, every cached sample holds only
/// this rank's shard (<see cref="EvaluationShards"/>): the generated set, the real queries and the diversity captions.
/// The metrics merge their partial statistics through <see cref="Group"/>.</remarks>
public sealed partial class EvaluationContext : IDisposable
{
    private readonly Dictionary<EvaluationSplit, GeneratedSet> _generated = new();
    private readonly Dictionary<EvaluationSplit, (IReadOnlyList<DatasetItem> Items, Tensor Codes)> _queries = new();
    private readonly Dictionary<EvaluationSplit, (Tensor Codes, int[] Labels)> _classCodes = new();
    private readonly Dictionary<(EvaluationSplit, int, int), CaptionVariations> _variations = new();
    private readonly IProgress<EvaluationProgress>? _progress;

    /// <summary>Creates a context.</summary>
    public EvaluationContext(ZslAttnGanModel model, Vocabulary vocabulary, EvaluationData data, EvaluationOptions options,
        IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Model = model;
        Vocabulary = vocabulary;
        Data = data;
        Options = options;
        _progress = progress;
        CancellationToken = cancellationToken;
    }

    /// <summary>The model.</summary>
    public ZslAttnGanModel Model { get; }

    /// <summary>The vocabulary.</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>The data.</summary>
    public EvaluationData Data { get; }

    /// <summary>The options.</summary>
    public EvaluationOptions Options { get; }

    /// <summary>Cancels the evaluation.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Size of the generated (final-stage) images.</summary>
    public int ImageSize => Model.Options.ImageSizes[^1];

    /// <summary>The metric running now and its position (set by the evaluator).</summary>
    internal (string Name, int Index, int Count) Current { get; set; } = ("setup", 0, 0);

    /// <summary>Reports a step of the current metric.</summary>
    public void Report(string step) => _progress?.Report(new EvaluationProgress(Current.Name, step, Current.Index, Current.Count));

    /// <summary>A seed for one purpose (a fixed number per use), derived from <see cref="EvaluationOptions.Seed"/>.</summary>
    public int SeedFor(int purpose) => unchecked(Options.Seed * 1_000_003 + purpose * 7919 + 17);

    /// <summary>A fresh torch generator for one purpose (dispose it).</summary>
    public Generator GeneratorFor(int purpose) => new(unchecked((ulong)(uint)SeedFor(purpose)));

    /// <summary>The dataset a split's class indices refer to.</summary>
    public ImageCaptionDataset? DatasetOf(EvaluationSplit split) => split == EvaluationSplit.Seen ? Data.Seen : Data.Unseen;

    /// <summary>The splits that have images (seen, and unseen when the dataset has unseen classes).</summary>
    public IEnumerable<EvaluationSplit> Splits() =>
        new[] { EvaluationSplit.Seen, EvaluationSplit.Unseen }.Where(s => Data.Items(s).Count > 0);

    /// <summary>The generated images of a split (computed on first use): <see cref="EvaluationOptions.SamplesPerSplit"/>
    /// rows, each from a sampled image of the split and one of its captions; on a rank of a group, only the rows of its
    /// shard (<see cref="GeneratedSet.Rows"/>). Each chunk of <see cref="EvaluationOptions.BatchSize"/> rows draws its
    /// noise from its own generator, so a row's image does not depend on the number of ranks.</summary>
    public GeneratedSet Generated(EvaluationSplit split)
    {
        if (_generated.TryGetValue(split, out var set)) return set;
        CancellationToken.ThrowIfCancellationRequested();
        var items = Data.Items(split);
        if (items.Count == 0) throw new InvalidOperationException($"The {split} split has no images.");
        int total = Options.SamplesPerSplit;
        Report($"generating {total} {split.ToString().ToLowerInvariant()} images" + (Group.Size > 1 ? $" (rank {Group.Rank} of {Group.Size}: its shard)" : ""));
        // Every rank draws the whole list (cheap), so the rows it keeps are the rows a single process has there.
        var random = new Random(SeedFor(100 + (int)split));
        var order = Enumerable.Range(0, items.Count).OrderBy(_ => random.Next()).ToArray();
        var allChosen = Enumerable.Range(0, total).Select(i => items[order[i % order.Length]]).ToList();
        var allCaptions = allChosen.Select(i => i.Captions[random.Next(i.Captions.Count)]).ToList();
        var rows = EvaluationShards.LocalRows(total, Options.BatchSize, Group);
        Tensor? images = null, imageCodes = null;
        try
        {
            images = PerChunk(total, 200 + (int)split, new long[] { 0, 3, ImageSize, ImageSize },
                (start, count, g) => ModelSampling.GenerateImages(Model, Slice(allCaptions, start, count), g, Options.BatchSize, Options.MaxWords));
            imageCodes = images.shape[0] == 0 ? empty(0, CodeSize) : ModelSampling.EncodeImages(Model, images, Options.BatchSize);
            var textCodes = PerChunk(total, 300 + (int)split, new long[] { 0, CodeSize },
                (start, count, g) => ModelSampling.EncodeCaptions(Model, Slice(allCaptions, start, count), g, Options.BatchSize, Options.MaxWords));
            // Cached across metrics: keep them out of whatever dispose scope the first caller has open.
            set = new GeneratedSet(EvaluationShards.Select(allChosen, rows), EvaluationShards.Select(allCaptions, rows),
                images.DetachFromDisposeScope(), imageCodes.DetachFromDisposeScope(), textCodes.DetachFromDisposeScope())
            { Rows = rows, Total = total, AllItems = allChosen };
        }
        catch
        {
            images?.Dispose();
            imageCodes?.Dispose();
            throw;
        }
        _generated[split] = set;
        return set;
    }

    /// <summary>Several seeds of a few captions (computed on first use per arguments): up to <paramref name="captions"/>
    /// species of the split that have at least two images in <see cref="EvaluationData.Items"/> (so a real-image figure
    /// exists), chosen by seed; for each, one caption of one of those images and <paramref name="seeds"/> images
    /// generated from it. Caption c (its species, image, caption and noise) does not depend on how many captions were
    /// asked for: its noise comes from its own generator. On a rank of a group, only the images of its captions
    /// (<see cref="CaptionVariations.Local"/>) are generated.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="captions"/> is not positive or <paramref name="seeds"/> is below 2.</exception>
    /// <exception cref="InvalidOperationException">No species of the split has two images.</exception>
    public CaptionVariations Variations(EvaluationSplit split, int captions, int seeds)
    {
        if (captions < 1) throw new ArgumentOutOfRangeException(nameof(captions), captions, "captions must be positive.");
        if (seeds < 2) throw new ArgumentOutOfRangeException(nameof(seeds), seeds, "seeds must be at least 2 (diversity compares pairs).");
        if (_variations.TryGetValue((split, captions, seeds), out var v)) return v;
        CancellationToken.ThrowIfCancellationRequested();
        var random = new Random(SeedFor(700 + (int)split));
        var species = Data.Items(split).GroupBy(ClassLabels.Of).Where(g => g.Count() >= 2).OrderBy(g => g.Key)
            .OrderBy(_ => random.Next()).Take(captions).ToList();
        if (species.Count == 0) throw new InvalidOperationException($"No {split} species has two images.");
        // Image and caption of species c are drawn together, so they do not depend on how many species follow.
        var items = new List<DatasetItem>();
        var chosen = new List<long[]>();
        foreach (var group in species)
        {
            var item = group.ElementAt(random.Next(group.Count()));
            items.Add(item);
            chosen.Add(item.Captions[random.Next(item.Captions.Count)]);
        }
        // Each caption's images need all its seeds together (diversity compares pairs of them), so the shards are whole
        // captions: caption c belongs to rank c mod Size.
        var local = EvaluationShards.LocalRows(chosen.Count, 1, Group);
        Report($"generating {seeds} seeds of {local.Length} {split.ToString().ToLowerInvariant()} captions");
        var parts = new List<Tensor>();
        try
        {
            foreach (int c in local)
            {
                using var g = GeneratorFor(7000 + 100 * (int)split + c);
                parts.Add(ModelSampling.GenerateVariations(Model, chosen[c], seeds, g, Options.BatchSize, Options.MaxWords));
            }
            // Cached across metrics: keep it out of whatever dispose scope the first caller has open.
            var images = parts.Count == 0 ? empty(0, 3, ImageSize, ImageSize) : cat(parts.ToArray(), 0);
            v = new CaptionVariations(items, chosen, seeds, images.DetachFromDisposeScope()) { Local = local };
        }
        finally
        {
            foreach (var p in parts) p.Dispose();
        }
        _variations[(split, captions, seeds)] = v;
        return v;
    }

    /// <summary>Real query images of a split for the zero-shot metrics (at most
    /// <see cref="EvaluationOptions.ZslQueriesPerClass"/> per class, chosen by seed) and their image codes [N, D]; on a
    /// rank of a group, only the queries of its shard (chunks of <see cref="EvaluationOptions.BatchSize"/> of the list).</summary>
    public (IReadOnlyList<DatasetItem> Items, Tensor Codes) Queries(EvaluationSplit split)
    {
        if (_queries.TryGetValue(split, out var q)) return q;
        CancellationToken.ThrowIfCancellationRequested();
        var random = new Random(SeedFor(400 + (int)split));
        int cap = Options.ZslQueriesPerClass ?? int.MaxValue;
        var all = Data.Items(split).GroupBy(ClassLabels.Of).OrderBy(g => g.Key)
            .SelectMany(g => g.OrderBy(_ => random.Next()).Take(cap)).ToList();
        var items = EvaluationShards.Select(all, EvaluationShards.LocalRows(all.Count, Options.BatchSize, Group));
        Report($"encoding {items.Count} real {split.ToString().ToLowerInvariant()} images");
        using var images = EvaluationData.LoadImages(items, ImageSize, Options.Workers, CancellationToken);
        var codes = items.Count == 0 ? empty(0, CodeSize) : ModelSampling.EncodeImages(Model, images, Options.BatchSize);
        q = (items, codes.DetachFromDisposeScope());
        _queries[split] = q;
        return q;
    }

    /// <summary>Generated sentence codes per class of a split, <see cref="EvaluationOptions.ZslCodesPerClass"/> each, from
    /// captions drawn (with replacement) from all of the class's images: codes [C·N, D] stacked class by class, labels.</summary>
    public (Tensor Codes, int[] Labels) ClassCodes(EvaluationSplit split)
    {
        if (_classCodes.TryGetValue(split, out var c)) return c;
        CancellationToken.ThrowIfCancellationRequested();
        var dataset = DatasetOf(split) ?? throw new InvalidOperationException($"The {split} split has no classes.");
        var random = new Random(SeedFor(500 + (int)split));
        var byClass = dataset.Items.GroupBy(ClassLabels.Of).ToDictionary(g => g.Key, g => g.SelectMany(i => i.Captions).ToList());
        var captions = new List<long[]>();
        var labels = new List<int>();
        foreach (var cls in byClass.Keys.Order())
        {
            var pool = byClass[cls];
            for (int k = 0; k < Options.ZslCodesPerClass; k++)
            {
                captions.Add(pool[random.Next(pool.Count)]);
                labels.Add(cls);
            }
        }
        Report($"generating {Options.ZslCodesPerClass} codes for each of {byClass.Count} {split.ToString().ToLowerInvariant()} classes");
        using var g = GeneratorFor(600 + (int)split);
        c = (ModelSampling.EncodeCaptions(Model, captions, g, Options.BatchSize, Options.MaxWords).DetachFromDisposeScope(), labels.ToArray());
        _classCodes[split] = c;
        return c;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var s in _generated.Values) { s.Images.Dispose(); s.ImageCodes.Dispose(); s.TextCodes.Dispose(); }
        foreach (var q in _queries.Values) q.Codes.Dispose();
        foreach (var c in _classCodes.Values) c.Codes.Dispose();
        foreach (var v in _variations.Values) v.Images.Dispose();
        _variations.Clear();
        _generated.Clear();
        _queries.Clear();
        _classCodes.Clear();
    }
}
