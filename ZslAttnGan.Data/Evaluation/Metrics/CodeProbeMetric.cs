using System.Globalization;
using ZslAttnGan.Collectives;
using ZslAttnGan.Data;
using static TorchSharp.torch;

namespace ZslAttnGan.Evaluation.Metrics;

/// <summary>
/// Whether the codes the generator is conditioned on compose: a linear probe per attribute (<see cref="LinearProbe"/>)
/// fitted on seen species and read on unseen ones, for the image codes of real held-out images
/// (<c>code_probe_image</c>) and for the sentence codes of captions (<c>code_probe_text</c>, the ZSL generator's output
/// in ZSL mode). Unseen species are new combinations of seen attribute values, so a code in which "red body" is one
/// direction and "green wings" another reads unseen species as well as seen ones; a code that only tells the seen
/// species apart reads them near chance. Synthetic birds (or any set with attributes.json) only.
/// </summary>
/// <remarks>Sharded: each rank encodes its shard of the real images; the codes and their attributes are gathered
/// over the ranks (summed into zero-filled buffers, each row written by one rank), and every rank fits the same
/// deterministic probes on the same rows, so the results are the single-process ones.</remarks>
public sealed class CodeProbeMetric : IMetric
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <inheritdoc />
    public string Name => "code_probe";

    /// <inheritdoc />
    public bool SupportsSharding => true;

    /// <inheritdoc />
    public string Description => "Linear probes of each attribute, fitted on seen species' image and sentence codes and read on unseen species' (do the codes compose?).";

    /// <inheritdoc />
    public string? WhyNotApplicable(EvaluationContext context) =>
        context.Data.Attributes is null ? "the dataset has no attributes.json"
        : context.Data.Unseen is null || context.Data.Unseen.Classes.Count == 0 ? "the dataset has no unseen classes"
        : context.Data.Seen.Items.Concat(context.Data.Unseen.Items).Any(i => i.Attributes is null) ? "some images have no attributes" : null;

    /// <inheritdoc />
    public IEnumerable<MetricResult> Evaluate(EvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var definitions = context.Data.Attributes!.Attributes;
        var results = new List<MetricResult>();

        context.Report("probing image codes");
        using (var scope = NewDisposeScope())
        {
            var (seenCodes, seenAttributes) = Gathered(context, EvaluationSplit.Seen, definitions.Count);
            var (unseenCodes, unseenAttributes) = Gathered(context, EvaluationSplit.Unseen, definitions.Count);
            Probe(results, "code_probe_image", definitions, seenCodes, seenAttributes, unseenCodes, unseenAttributes, "image codes of real held-out images");
        }

        context.Report("probing sentence codes");
        var (seenText, seenLabels) = context.ClassCodes(EvaluationSplit.Seen);
        var (unseenText, unseenLabels) = context.ClassCodes(EvaluationSplit.Unseen);
        var seenByClass = AttributesByClass(context.Data.Seen);
        var unseenByClass = AttributesByClass(context.Data.Unseen!);
        Probe(results, "code_probe_text", definitions, seenText, seenLabels.Select(l => seenByClass[l]).ToList(),
            unseenText, unseenLabels.Select(l => unseenByClass[l]).ToList(), "sentence codes of captions");
        return results;
    }

    /// <summary>Every rank's query codes of a split and their attributes, in the single-process row order.</summary>
    private static (Tensor Codes, IReadOnlyList<IReadOnlyList<int>> Attributes) Gathered(EvaluationContext context, EvaluationSplit split, int attributes)
    {
        var (items, codes) = context.Queries(split);
        var group = context.Group;
        if (group.Size == 1) return (codes, items.Select(i => i.Attributes!).ToList());
        int total = (int)group.SumOverRanks(new[] { (long)items.Count })[0];
        var rows = EvaluationShards.LocalRows(total, context.Options.BatchSize, group);
        if (rows.Length != items.Count)
            throw new InvalidOperationException($"Rank {group.Rank} holds {items.Count} {split} queries, but its shard of {total} has {rows.Length} rows.");
        long width = codes.shape[1];
        var buffer = zeros(total, width + attributes, dtype: ScalarType.Float64);
        if (rows.Length > 0)
        {
            var mine = cat([codes.to_type(ScalarType.Float64),
                tensor(items.SelectMany(i => i.Attributes!.Select(v => (double)v)).ToArray(), new long[] { items.Count, attributes })], 1);
            buffer.index_copy_(0, tensor(rows.Select(r => (long)r).ToArray()), mine);
        }
        group.AllReduceSum([buffer]);
        var values = buffer.narrow(1, width, attributes).to_type(ScalarType.Int64).contiguous().data<long>().ToArray();
        var labels = Enumerable.Range(0, total).Select(r => (IReadOnlyList<int>)Enumerable.Range(0, attributes).Select(a => (int)values[r * attributes + a]).ToArray()).ToList();
        return (buffer.narrow(1, 0, width).to_type(ScalarType.Float32), labels);
    }

    private static Dictionary<int, IReadOnlyList<int>> AttributesByClass(ImageCaptionDataset dataset) =>
        dataset.Items.GroupBy(ClassLabels.Of).ToDictionary(g => g.Key, g => g.First().Attributes!);

    private static void Probe(List<MetricResult> results, string name, IReadOnlyList<AttributeDefinition> definitions,
        Tensor fitCodes, IReadOnlyList<IReadOnlyList<int>> fitAttributes, Tensor testCodes, IReadOnlyList<IReadOnlyList<int>> testAttributes, string what)
    {
        if (fitCodes.shape[0] == 0 || testCodes.shape[0] == 0) return;
        var test = new double[definitions.Count];
        var fit = new double[definitions.Count];
        for (int a = 0; a < definitions.Count; a++)
        {
            int attribute = a;
            (fit[a], test[a]) = LinearProbe.FitAndRead(fitCodes, fitAttributes.Select(v => v[attribute]).ToList(),
                testCodes, testAttributes.Select(v => v[attribute]).ToList(), definitions[a].Values.Count);
        }
        string note = string.Create(Inv, $"{what}: fitted on {fitCodes.shape[0]} seen (fit accuracy {fit.Average():0.00}), read on {testCodes.shape[0]} unseen");
        results.Add(new MetricResult(name, EvaluationSplit.Unseen, test.Average(), null, (int)testCodes.shape[0], note + " (mean over attributes)"));
        for (int a = 0; a < definitions.Count; a++)
            results.Add(new MetricResult($"{name}/{definitions[a].Name}", EvaluationSplit.Unseen, test[a], null, (int)testCodes.shape[0],
                string.Create(Inv, $"fit accuracy {fit[a]:0.00}")));
    }
}
