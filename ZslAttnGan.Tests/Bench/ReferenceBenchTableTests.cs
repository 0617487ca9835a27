using ZslAttnGan.Workflows.Bench;

namespace ZslAttnGan.Tests.Bench;

/// <summary>The bench table carries no stored reference time: a ratio appears only beside a Python timing of the same
/// run, and utilisation above the measured FMA ceiling is flagged, never capped.</summary>
public class ReferenceBenchTableTests
{
    private static readonly MachineProfile Machine = new("test CPU", 2, "AVX2 + FMA", "AVX2", 2, "0.1 0.2 0.3", MatmulGflops: 80,
        FmaCeilingGflops: 100, Fma256CeilingGflops: 100);

    private static ReferenceBenchRow Row(PythonReferenceTimings? python, double seconds = 2.0, double flops = 50e9) =>
        new(ReferenceWorkloads.Get("gan-b8"), [seconds, seconds, seconds], 1_500_000_000, flops, python);

    [Fact]
    public void WithoutPythonThereIsNoRatioAndTheTableSaysWhy()
    {
        var report = new ReferenceBenchReport(Machine, [Row(null)], null);
        var cells = ReferenceBenchTable.Rows(report).Single();
        Assert.Equal(ReferenceBenchTable.Headers.Count, cells.Length);
        Assert.Equal("–", cells[ReferenceBenchTable.Headers.ToList().IndexOf("ratio to same work")]);
        Assert.Null(report.Rows[0].Ratio);
        Assert.Contains(ReferenceBenchTable.NoReference, ReferenceBenchTable.Markdown(report));
        Assert.Contains("test CPU", ReferenceBenchTable.Markdown(report));
    }

    [Fact]
    public void TheRatioIsToThePythonSameWorkTimeOfTheSameRun()
    {
        var python = new PythonReferenceTimings(new PythonTiming(5.0, 4000, "gan"), new PythonTiming(4.0, 3900, "gan --freeze-d-in-g"));
        var report = new ReferenceBenchReport(Machine, [Row(python)], null);
        Assert.Equal(0.5, report.Rows[0].Ratio!.Value, 12);
        var cells = ReferenceBenchTable.Rows(report).Single();
        var headers = ReferenceBenchTable.Headers.ToList();
        Assert.Equal("5.00", cells[headers.IndexOf("Python seed s")]);
        Assert.Equal("4.00", cells[headers.IndexOf("Python same work s")]);
        Assert.Equal("0.50", cells[headers.IndexOf("ratio to same work")]);
        Assert.Equal("4.00", cells[headers.IndexOf("Python RSS GB")]);
        Assert.DoesNotContain(ReferenceBenchTable.NoReference, ReferenceBenchTable.Markdown(report));
    }

    [Fact]
    public void UtilisationIsAgainstTheFmaCeilingAndAboveItIsFlaggedNotCapped()
    {
        Assert.Equal("25%", Machine.Utilisation(25).Replace(" ", "", StringComparison.Ordinal));
        var over = Machine.Utilisation(150);
        Assert.StartsWith("150", over.Replace(" ", "", StringComparison.Ordinal));
        Assert.Contains("FLOP count is wrong", over);
        // Without a measurable ceiling (no x86 FMA), the matrix product stands in.
        var noFma = Machine with { FmaCeilingGflops = double.NaN, Fma256CeilingGflops = double.NaN };
        Assert.Equal("50%", noFma.Utilisation(40).Replace(" ", "", StringComparison.Ordinal));
        Assert.Contains("not measurable", noFma.Describe());
    }

    [Fact]
    public void PeerBenchLinesAreReadAndTheSameWorkVariantsChosen()
    {
        var t = PythonReference.Parse("""{"workload": "gan-b8", "median_s": 20.95, "peak_rss_mb": 4750.5, "threads": 2}""", "gan --batch 8");
        Assert.Equal(20.95, t.MedianSeconds);
        Assert.Equal(4750.5, t.PeakRssMegabytes);
        Assert.Throws<InvalidDataException>(() => PythonReference.Parse("""{"workload": "x"}""", "x"));
        var (seed, same) = PythonReference.Arguments(ReferenceWorkloads.Get("encoder-b8"));
        Assert.Equal(["encoder", "--batch", "8"], seed);
        Assert.Contains("--no-recompute", same);
        (seed, same) = PythonReference.Arguments(ReferenceWorkloads.Get("gan-b16-2br"));
        Assert.Equal(["gan", "--batch", "16", "--branches", "2", "--freeze-d-in-g"], same);
        (seed, same) = PythonReference.Arguments(ReferenceWorkloads.Get("inference-b16"));
        Assert.Equal(seed, same);
        var e = Assert.Throws<ArgumentException>(() => new PythonReference(Path.GetTempPath()));
        Assert.Contains("peer_bench.py", e.Message);
    }
}
