using ZslAttnGan.Evaluation;

namespace ZslAttnGan.Tests.Evaluation;

/// <summary>The probe behind <c>code_probe</c>: on codes that add one direction per attribute value it reads new
/// combinations of seen values; on codes with one direction per combination (a code that only names the species) it
/// cannot.</summary>
public class LinearProbeTests
{
    private const int Values = 4;

    /// <summary>Every (a, b) pair of attribute values; those with (a + b) % 4 == 0 are held out as "unseen".</summary>
    private static (List<(int A, int B)> Seen, List<(int A, int B)> Unseen) Combinations()
    {
        var all = Enumerable.Range(0, Values).SelectMany(a => Enumerable.Range(0, Values).Select(b => (a, b))).ToList();
        return (all.Where(c => (c.a + c.b) % Values != 0).ToList(), all.Where(c => (c.a + c.b) % Values == 0).ToList());
    }

    private static Tensor Codes(IReadOnlyList<(int A, int B)> combos, int perCombo, Func<(int A, int B), Tensor> centre, ulong seed)
    {
        using var g = new torch.Generator(seed);
        var rows = combos.SelectMany(c => Enumerable.Repeat(c, perCombo)).Select(c =>
        {
            var centreRow = centre(c);
            return centreRow.Plus(randn(centreRow.shape, generator: g).Times(0.1));
        }).ToArray();
        return stack(rows);
    }

    private static List<int> Labels(IReadOnlyList<(int A, int B)> combos, int perCombo) =>
        combos.SelectMany(c => Enumerable.Repeat(c.A, perCombo)).ToList();

    [Fact]
    public void AdditiveCodesReadUnseenCombinations()
    {
        using var scope = NewDisposeScope();
        using var g = new torch.Generator(7);
        var directionsA = randn(new long[] { Values, 16 }, generator: g);
        var directionsB = randn(new long[] { Values, 16 }, generator: g);
        Tensor Centre((int A, int B) c) => directionsA[c.A].Plus(directionsB[c.B]);
        var (seen, unseen) = Combinations();
        var (fit, test) = LinearProbe.FitAndRead(Codes(seen, 10, Centre, 1), Labels(seen, 10), Codes(unseen, 10, Centre, 2), Labels(unseen, 10), Values);
        Assert.True(fit > 0.99, $"fit accuracy {fit}");
        Assert.True(test > 0.95, $"unseen accuracy {test}");
    }

    [Fact]
    public void CodesThatOnlyNameTheCombinationDoNotCarryOver()
    {
        using var scope = NewDisposeScope();
        using var g = new torch.Generator(8);
        var directions = randn(new long[] { Values * Values, 32 }, generator: g);
        Tensor Centre((int A, int B) c) => directions[c.A * Values + c.B];
        var (seen, unseen) = Combinations();
        var (fit, test) = LinearProbe.FitAndRead(Codes(seen, 10, Centre, 1), Labels(seen, 10), Codes(unseen, 10, Centre, 2), Labels(unseen, 10), Values);
        Assert.True(fit > 0.99, $"fit accuracy {fit}");
        Assert.True(test < 0.6, $"unseen accuracy {test} (chance 0.25)");
    }

    [Fact]
    public void BadInputIsNamed()
    {
        using var scope = NewDisposeScope();
        var codes = zeros(4, 3);
        var ex = Assert.Throws<ArgumentException>(() => LinearProbe.FitAndRead(codes, [0, 1, 0], codes, [0, 1, 0, 1], 2));
        Assert.Contains("fitCodes", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => LinearProbe.FitAndRead(codes, [0, 1, 0, 1], codes, [0, 1, 0, 2], 2));
        Assert.Contains("testCodes", ex.Message);
        Assert.Throws<ArgumentException>(() => LinearProbe.FitAndRead(codes, [0, 1, 0, 1], zeros(2, 5), [0, 1], 2));
    }
}
