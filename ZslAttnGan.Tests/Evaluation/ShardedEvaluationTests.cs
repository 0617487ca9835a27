using TorchSharp.PyBridge;
using Xunit.Abstractions;
using ZslAttnGan.Collectives;
using ZslAttnGan.Evaluation;
using ZslAttnGan.Evaluation.Metrics;
using ZslAttnGan.Testing;
using ZslAttnGan.Tests.Data;
using ZslAttnGan.Vision;

namespace ZslAttnGan.Tests.Evaluation;

/// <summary>Sharded evaluation end to end: N ranks (threads of an <see cref="InProcessGroup"/>, each with its own copy
/// of the model) give the report one process gives.</summary>
public class ShardedEvaluationTests(ITestOutputHelper output)
{
    private static SyntheticEvaluationSet Set => SyntheticEvaluationSet.Shared;

    // Small batches, so that the few rows of each sample make several chunks for the ranks to share.
    private static EvaluationOptions Options(IProcessGroup group, string judgeCache) => new()
    {
        ProcessGroup = group, SamplesPerSplit = 10, BatchSize = 3, RPrecisionPoolSize = 5, RPrecisionFolds = 3, ZslCodesPerClass = 6,
        ZslNeighbours = 3, ZslQueriesPerClass = 3, InceptionScoreClassifier = IsClassifier(), InceptionScoreImageSize = null, InceptionScoreSplits = 3,
        AttributeClassifier = new AttributeClassifierOptions { Epochs = 1, Width = 4, CachePath = judgeCache },
        Metrics = new[] { "r_precision", "inception_score", "zsl_accuracy", "gzsl", "attribute_accuracy", "diversity", "code_probe" },
    };

    // The same weights on every rank (drawn from a seeded generator, not the global one the threads share).
    private static nn.Module<Tensor, Tensor> IsClassifier()
    {
        var linear = nn.Linear(48, 5);
        using (no_grad())
        using (var g = new torch.Generator(11))
        using (var w = randn(new long[] { 5, 48 }, generator: g))
        {
            linear.weight!.copy_(w);
            linear.bias!.zero_();
        }
        return nn.Sequential(nn.AdaptiveAvgPool2d(4), nn.Flatten(), linear);
    }

    /// <summary>The report of every rank of a group of <paramref name="ranks"/> evaluating the same tiny model; checks
    /// that no rank leaves a tensor alive.</summary>
    private static EvaluationReport[] Evaluate(int ranks, Func<IProcessGroup, EvaluationOptions> options, MetricRegistry? registry = null)
    {
        var results = InProcessGroup.Run(ranks, g =>
        {
            using var model = Set.Model(seed: 2);
            var o = options(g);
            try
            {
                long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
                var report = new Evaluator(registry).Evaluate(model, Set.Vocabulary, Set.Dataset, o);
                return (Report: report, Leaked: DisposeScopeManager.Statistics.ThreadTotalLiveCount - before);
            }
            finally
            {
                o.InceptionScoreClassifier?.Dispose();
            }
        }, TimeSpan.FromMinutes(5));
        // Not with attribute_accuracy: TorchSharp's per-thread live count does not see an AttributeClassifier's module
        // tensors go (constructing and disposing one leaves 4 counted), with or without sharding.
        bool judged = results[0].Report.Results.Any(r => r.Metric.StartsWith("attribute_accuracy", StringComparison.Ordinal));
        if (!judged) Assert.All(results, r => Assert.Equal(0, r.Leaked));
        return results.Select(r => r.Report).ToArray();
    }

    /// <summary>Same results in the same order; values within <paramref name="tolerance"/> (relative; 0: bit for bit).
    /// Returns the largest relative difference.</summary>
    private static double AssertSameResults(EvaluationReport expected, EvaluationReport actual, Func<string, double> tolerance)
    {
        Assert.Equal(expected.Results.Select(r => (r.Metric, r.Split, r.N)), actual.Results.Select(r => (r.Metric, r.Split, r.N)));
        double worst = 0;
        foreach (var (e, a) in expected.Results.Zip(actual.Results))
        {
            double tol = tolerance(e.Metric);
            foreach (var (x, y) in new[] { (e.Value, a.Value), (e.Std ?? 0, a.Std ?? 0) })
            {
                double rel = Math.Abs(x - y) / Math.Max(1, Math.Abs(x));
                worst = Math.Max(worst, rel);
                if (tol == 0) Assert.True(x.Equals(y), $"{e.Metric} ({e.Split}): {y:R} on the ranks, {x:R} in one process");
                else Assert.True(rel <= tol, $"{e.Metric} ({e.Split}): {y:R} on the ranks, {x:R} in one process");
            }
        }
        return worst;
    }

    // 5 ranks: more ranks than some samples have chunks, so some ranks have empty shards.
    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void RanksGiveTheSingleProcessReportForEveryBuiltInMetric(int ranks)
    {
        var judge = Set.CachePath($"sharded-judge-{ranks}/judge.safetensors");
        var single = Evaluate(1, g => Options(g, judge))[0];
        var sharded = Evaluate(ranks, g => Options(g, judge));
        output.WriteLine(single.ToMarkdown());
        foreach (var metric in new[] { "r_precision", "inception_score", "zsl_top1", "gzsl_auc", "attribute_accuracy", "diversity", "code_probe_image", "code_probe_text" })
            Assert.Contains(single.Results, r => r.Metric == metric);
        foreach (var report in sharded)
        {
            // Counts exactly; the Inception Score is exp of float64 sums added in another order.
            double worst = AssertSameResults(single, report, m => m == "inception_score" ? 1e-12 : 0);
            output.WriteLine($"rank report: largest relative difference {worst:E2}");
        }
    }

    [Fact]
    public void NoRankLeavesATensorAlive()
    {
        var judge = Set.CachePath("sharded-judge-leak/judge.safetensors");
        // Evaluate asserts the live-tensor count of every rank (attribute_accuracy left out, see there).
        var reports = Evaluate(2, g => Options(g, judge) with { Metrics = new[] { "r_precision", "inception_score", "zsl_accuracy", "gzsl", "diversity", "code_probe" } });
        Assert.All(reports, r => Assert.Contains(r.Results, x => x.Metric == "gzsl_auc"));
    }

    [Fact]
    public void ShardsAreDisjointCoverTheSampleAndHoldTheSingleProcessRows()
    {
        var withClassifier = Options(SingleProcessGroup.Instance, Set.CachePath("unused.safetensors"));
        withClassifier.InceptionScoreClassifier!.Dispose();
        var o = withClassifier with { InceptionScoreClassifier = null };
        using var model = Set.Model(seed: 2);
        using var context = Set.Context(model, o);
        var whole = context.Generated(EvaluationSplit.Unseen);
        var wholeQueries = context.Queries(EvaluationSplit.Seen);
        var shards = InProcessGroup.Run(2, g =>
        {
            using var m = Set.Model(seed: 2);
            using var c = Set.Context(m, o with { ProcessGroup = g });
            var set = c.Generated(EvaluationSplit.Unseen);
            var queries = c.Queries(EvaluationSplit.Seen);
            var variations = c.Variations(EvaluationSplit.Seen, captions: 3, seeds: 2);
            return (set.Rows, Images: set.Images.clone(), Codes: set.TextCodes.clone(), set.Total,
                Queries: queries.Items.Select(i => i.Key).ToList(), variations.Local, VariationRows: variations.Images.shape[0]);
        });
        try
        {
            var rows = shards.SelectMany(s => s.Rows).ToList();
            Assert.Equal(Enumerable.Range(0, whole.Total), rows.Order());
            Assert.All(shards, s => Assert.Equal(whole.Total, s.Total));
            Assert.All(shards, s => Assert.NotEmpty(s.Rows));
            foreach (var s in shards)
            {
                // The rows' noise depends on their chunk only: the same images and codes as in one process, bit for bit.
                using var index = tensor(s.Rows.Select(r => (long)r).ToArray());
                using var expected = whole.Images.index_select(0, index);
                using var expectedCodes = whole.TextCodes.index_select(0, index);
                using var sameImages = expected.eq(s.Images).all();
                using var sameCodes = expectedCodes.eq(s.Codes).all();
                Assert.True(sameImages.item<bool>(), "generated images differ from the single-process rows");
                Assert.True(sameCodes.item<bool>(), "sentence codes differ from the single-process rows");
            }
            Assert.Equal(wholeQueries.Items.Select(i => i.Key).Order(), shards.SelectMany(s => s.Queries).Order());
            Assert.Equal(new[] { 0, 1, 2 }, shards.SelectMany(s => s.Local).Order());
            Assert.All(shards, s => Assert.Equal(2L * s.Local.Count, s.VariationRows));
        }
        finally
        {
            foreach (var s in shards) { s.Images.Dispose(); s.Codes.Dispose(); }
        }
    }

    [Fact]
    public void FidOfTwoRanksIsTheSingleProcessFidAndOnlyRankZeroWritesTheCache()
    {
        using var tmp = new TempFolder();
        var weights = InceptionWeights(tmp);
        // Unseen species only (an empty unseen list) and few images: the Inception passes and 2048-d eigendecompositions dominate.
        File.WriteAllText(tmp.Combine("none.txt"), "");
        var dataset = Set.Dataset with { SeenClassesFile = Path.Combine(Set.Dataset.Root, "unseen_classes.txt"), UnseenClassesFile = tmp.Combine("none.txt") };
        EvaluationOptions Fid(IProcessGroup g, string cache) => new()
        {
            ProcessGroup = g, Metrics = new[] { "fid" }, SamplesPerSplit = 4, BatchSize = 2, FidReferenceImages = 4, FidWeightsFile = weights, FidCacheDirectory = cache,
        };
        EvaluationReport[] Run(int ranks, string cache) => InProcessGroup.Run(ranks, g =>
        {
            using var model = Set.Model(seed: 2);
            return new Evaluator().Evaluate(model, Set.Vocabulary, dataset, Fid(g, cache));
        }, TimeSpan.FromMinutes(5));

        var single = Run(1, tmp.Combine("fid-1"))[0];
        var sharded = Run(2, tmp.Combine("fid-2"));
        double fid = single.Find("fid", EvaluationSplit.Seen)!.Value;
        foreach (var report in sharded)
        {
            double worst = AssertSameResults(single, report, _ => 1e-9);
            output.WriteLine($"FID {fid:R}; 2 ranks {report.Find("fid", EvaluationSplit.Seen)!.Value:R}; relative difference {worst:E2}");
        }
        Assert.Single(Directory.GetFiles(tmp.Combine("fid-2")));
        // The cache written by one process: rank 0 reads it, rank 1 gets it through the group.
        var stored = FeatureStatistics.Load(Directory.GetFiles(tmp.Combine("fid-1")).Single());
        var fromCache = InProcessGroup.Run(2, g =>
        {
            using var model = Set.Model(seed: 2);
            using var context = new EvaluationContext(model, Set.Vocabulary, EvaluationData.Load(dataset, Set.Vocabulary), Fid(g, tmp.Combine("fid-1")));
            using var extractor = InceptionFeatureExtractor.Load(weights);
            return FidReference.Statistics(context, extractor, EvaluationSplit.Seen);
        });
        Assert.All(fromCache, s => { Assert.Equal(stored.Sum, s.Sum); Assert.Equal(stored.SumOfOuterProducts, s.SumOfOuterProducts); Assert.Equal(stored.Count, s.Count); });
    }

    [Fact]
    public void FrdAndResNet18DiversityOfTwoRanksAreTheSingleProcessOnes()
    {
        var resnet = new ResNet18MetricOptions { FrdImages = 5, DiversityCaptions = 3, DiversitySeeds = 3, Threads = 1 };
        EvaluationOptions Frd(IProcessGroup g) => new() { ProcessGroup = g, SamplesPerSplit = 6, BatchSize = 2, Metrics = new[] { "frd", "diversity_resnet18" } };
        var single = Evaluate(1, Frd, ResNet18Metrics.Register(new MetricRegistry(), resnet))[0];
        var sharded = Evaluate(2, Frd, ResNet18Metrics.Register(new MetricRegistry(), resnet));
        output.WriteLine(single.ToMarkdown());
        Assert.Contains(single.Results, r => r.Metric == "frd");
        Assert.Contains(single.Results, r => r.Metric == "diversity_resnet18");
        foreach (var report in sharded)
        {
            // FRD: the sums differ in the order of their float64 additions. With n = 5 images of 512-d features the
            // covariances have rank 4, and the square root of eigenvalues that are 0 but for rounding (≈ 1e-14 of the
            // largest) turns a 1e-16 difference into ≈ 1e-8 of the distance (measured: 4.5e-9). Diversity is exact when
            // both runs generate with the same libtorch thread count; in the full suite an in-process rank's thread can
            // hold another count (OpenMP's setting is per OS thread), which splits the generator's reductions otherwise
            // (measured once: 9.5e-7 relative). A wrong shard would move it by far more than 1e-5.
            double worst = AssertSameResults(single, report, m => m.StartsWith("frd", StringComparison.Ordinal) ? 1e-7 : 1e-5);
            output.WriteLine($"rank report: largest relative difference {worst:E2}");
        }
    }

    [Fact]
    public void AMetricThatDoesNotMergeItsShardsIsRefusedByNameOnMoreThanOneRank()
    {
        var registry = new MetricRegistry();
        registry.Register(new ShardUnaware());
        var e = Assert.Throws<NotSupportedException>(() => InProcessGroup.Run(2, g =>
        {
            using var model = Set.Model(seed: 2);
            return new Evaluator(registry).Evaluate(model, Set.Vocabulary, Set.Dataset, new EvaluationOptions { ProcessGroup = g });
        }));
        Assert.Contains("'shard_unaware'", e.Message);
        // One process runs it as before.
        using var m = Set.Model(seed: 2);
        var report = new Evaluator(registry).Evaluate(m, Set.Vocabulary, Set.Dataset, new EvaluationOptions());
        Assert.Equal(42, report.Find("shard_unaware", EvaluationSplit.All)!.Value);
    }

    private sealed class ShardUnaware : IMetric
    {
        public string Name => "shard_unaware";
        public string Description => "A metric written before sharding.";
        public string? WhyNotApplicable(EvaluationContext context) => null;
        public IEnumerable<MetricResult> Evaluate(EvaluationContext context) => new[] { new MetricResult(Name, EvaluationSplit.All, 42, null, 1) };
    }

    /// <summary>A torchvision-shaped Inception file with random trunk weights (as InceptionFeatureTests writes it).</summary>
    private static string InceptionWeights(TempFolder tmp)
    {
        using var trunk = new InceptionV3Trunk();
        using var g = new torch.Generator(3);
        ZslAttnGan.Initialization.DefaultInit.Reset(trunk, g);
        var state = trunk.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
        // Keeps the activations near unit scale (see InceptionFeatureTests).
        foreach (var key in state.Keys.Where(k => k.EndsWith(".bn.weight", StringComparison.Ordinal)).ToList()) state[key].fill_(Scalars.S(2.45));
        var path = tmp.Combine("inception.safetensors");
        Safetensors.SaveStateDict(path, state);
        foreach (var t in state.Values) t.Dispose();
        return path;
    }
}
