using System.Text;
using ZslAttnGan.Data.Matlab;
using W = ZslAttnGan.Tests.Gazsl.Data.MatTestWriter;

namespace ZslAttnGan.Tests.Gazsl.Data;

/// <summary>Every unreadable input gives a <see cref="MatFileException"/> naming the file (and the variable when
/// one is being read), never an index, null-reference or out-of-memory error.</summary>
public class MatFileErrorTests
{
    private const string Name = "broken.mat";

    /// <summary>A file with one element of each kind, with each element's start and the end of its data (before
    /// padding).</summary>
    private static (byte[] File, int[] Starts, int[] DataEnds, string[] Names) Sample()
    {
        var w = new W();
        var elements = new[]
        {
            w.Numeric("ids", W.ClassInt32, [1, 3], W.MiUInt8, [3, 1, 2]),
            w.Compressed(w.Numeric("feat", W.ClassSingle, [3, 4], W.MiSingle, Enumerable.Range(0, 12).Select(i => i * 0.5).ToArray())),
            w.Chars("label", ["abc", "xyz"]),
            w.Cell("names", [2, 1], w.Chars("", ["one"]), w.Chars("", ["three"])),
            w.Compressed(w.Struct("s", [1, 1], ["a", "b"], w.Numeric("", W.ClassDouble, [1, 1], W.MiDouble, [2]), w.Cell("", [1, 1], w.Chars("", ["q"])))),
        };
        var starts = new int[elements.Length];
        var ends = new int[elements.Length];
        int offset = 128;
        for (int i = 0; i < elements.Length; i++)
        {
            starts[i] = offset;
            ends[i] = offset + 8 + (int)BitConverter.ToUInt32(elements[i], 4);
            offset += elements[i].Length;
        }
        return (w.File(elements), starts, ends, ["ids", "feat", "label", "names", "s"]);
    }

    [Fact]
    public void TruncationAnywhere_GivesANamedErrorOrTheCompleteVariablesBefore()
    {
        var (file, starts, ends, names) = Sample();
        Assert.Equal(names, MatFile.Parse(file, Name).Variables.Keys);
        int parsedCuts = 0;
        for (int cut = 0; cut < file.Length; cut++)
        {
            var bytes = file.AsSpan(0, cut).ToArray();
            // Only a cut between elements (in the padding after one's data, or at the next one's start) is a valid file.
            bool insideAnElement = cut < 128 || Enumerable.Range(0, starts.Length).Any(k => cut > starts[k] && cut < ends[k]);
            try
            {
                var parsed = MatFile.Parse(bytes, Name);
                Assert.False(insideAnElement, $"cut at {cut} parsed although it is inside an element");
                Assert.Equal(names.Take(ends.Count(e => e <= cut)), parsed.Variables.Keys);
                parsedCuts++;
            }
            catch (MatFileException e)
            {
                Assert.True(insideAnElement, $"cut at {cut} between elements was refused: {e.Message}");
                Assert.StartsWith(Name, e.Message);
                Assert.Equal(Name, e.FilePath);
            }
        }
        Assert.True(parsedCuts >= starts.Length);
    }

    [Fact]
    public void CorruptedBytes_NeverEscapeAsAnotherException()
    {
        var (file, _, _, _) = Sample();
        var random = new Random(1234);
        for (int trial = 0; trial < 3000; trial++)
        {
            var bytes = (byte[])file.Clone();
            for (int k = random.Next(1, 4); k > 0; k--) bytes[random.Next(128, bytes.Length)] = (byte)random.Next(256);
            try
            {
                var parsed = MatFile.Parse(bytes, Name);
                foreach (var v in parsed.Variables.Values)
                    if (v is MatNumericArray n) { _ = n.ToDoubleRowMajor(); }
            }
            catch (MatFileException e)
            {
                Assert.StartsWith(Name, e.Message);
            }
        }
    }

    [Fact]
    public void Version73_IsRefusedWithAWayOut()
    {
        var w = new W();
        var bytes = new byte[1024];
        w.Header("MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Mon Jan  1 00:00:00 2024 HDF5 schema 1.00 .", 0x0200).CopyTo(bytes, 0);
        new byte[] { 0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(bytes, 512);
        var e = Assert.Throws<MatFileException>(() => MatFile.Parse(bytes, "res101.mat"));
        Assert.Contains("res101.mat", e.Message);
        Assert.Contains("7.3", e.Message);
        Assert.Contains("-v7", e.Message);
        Assert.Contains("PureHDF", e.Message);

        // The HDF5 signature alone (a header text that does not say 7.3) is refused the same way.
        var unlabelled = (byte[])bytes.Clone();
        Encoding.ASCII.GetBytes("MATLAB 5.0 MAT-file").CopyTo(unlabelled, 0);
        Assert.Contains("7.3", Assert.Throws<MatFileException>(() => MatFile.Parse(unlabelled, "x.mat")).Message);
    }

    [Fact]
    public void NonMatFiles_AreRefused()
    {
        var text = Encoding.ASCII.GetBytes(string.Join("\n", Enumerable.Repeat("1 2 3 4", 40)));
        Assert.Contains("not a MATLAB v5", Assert.Throws<MatFileException>(() => MatFile.Parse(text, "labels.txt")).Message);
        Assert.Contains("128-byte header", Assert.Throws<MatFileException>(() => MatFile.Parse(new byte[50], "short.mat")).Message);
        var w = new W();
        Assert.Contains("version", Assert.Throws<MatFileException>(() => MatFile.Parse(w.Header(version: 0x0200), "v.mat")).Message);
        Assert.Empty(MatFile.Parse(w.Header(), "empty.mat").Variables);
    }

    [Fact]
    public void UnsupportedArrays_AreRefusedByName()
    {
        var w = new W();
        var complex = w.Matrix(W.ClassDouble, [1, 1], "z", 0x0800, w.Element(W.MiDouble, w.Values(W.MiDouble, [1])), w.Element(W.MiDouble, w.Values(W.MiDouble, [2])));
        var e = Assert.Throws<MatFileException>(() => MatFile.Parse(w.File(complex), Name));
        Assert.Equal("z", e.Variable);
        Assert.Contains("complex", e.Message);

        var sparse = w.Matrix(W.ClassSparse, [2, 2], "sp", 0);
        Assert.Contains("sparse", Assert.Throws<MatFileException>(() => MatFile.Parse(w.File(sparse), Name)).Message);
        var obj = w.Matrix(W.ClassObject, [1, 1], "o", 0);
        Assert.Contains("objects", Assert.Throws<MatFileException>(() => MatFile.Parse(w.File(obj), Name)).Message);
        var handle = w.Matrix(16, [1, 1], "f", 0);
        Assert.Contains("class 16", Assert.Throws<MatFileException>(() => MatFile.Parse(w.File(handle), Name)).Message);
    }

    [Fact]
    public void WrongElementTypes_AreNamed()
    {
        var w = new W();
        // Numbers stored as UTF-8 text, a value count that disagrees with the dimensions, a fraction in an int32.
        var utf8 = w.Matrix(W.ClassDouble, [1, 2], "a", 0, w.Element(W.MiUtf8, [1, 2]));
        Assert.Contains("miUTF8", Assert.Throws<MatFileException>(() => MatFile.Parse(w.File(utf8), Name)).Message);
        var count = w.Numeric("b", W.ClassDouble, [2, 2], W.MiDouble, [1, 2, 3]);
        Assert.Equal("b", Assert.Throws<MatFileException>(() => MatFile.Parse(w.File(count), Name)).Variable);
        var fraction = w.Numeric("c", W.ClassInt32, [1, 1], W.MiDouble, [1.5]);
        Assert.Contains("does not fit class Int32", Assert.Throws<MatFileException>(() => MatFile.Parse(w.File(fraction), Name)).Message);
        var range = w.Numeric("d", W.ClassUInt8, [1, 1], W.MiInt16, [300]);
        Assert.Contains("does not fit class UInt8", Assert.Throws<MatFileException>(() => MatFile.Parse(w.File(range), Name)).Message);
        var beyond = w.Numeric("g", W.ClassInt64, [1, 1], W.MiDouble, [9.3e18]);
        Assert.Contains("does not fit class Int64", Assert.Throws<MatFileException>(() => MatFile.Parse(w.File(beyond), Name)).Message);
        var huge = w.Numeric("e", W.ClassUInt64, [1, 1], W.MiUInt64, [1.8e19]);
        Assert.Contains("int64 range", Assert.Throws<MatFileException>(() => MatFile.Parse(w.File(huge), Name)).Message);
        var topLevel = w.Element(W.MiDouble, w.Values(W.MiDouble, [1]));
        Assert.Contains("miMATRIX or miCOMPRESSED", Assert.Throws<MatFileException>(() => MatFile.Parse(w.File(topLevel), Name)).Message);
        var garbage = w.Element(W.MiCompressed, [1, 2, 3, 4, 5, 6, 7, 8, 9], allowSmall: false);
        Assert.Contains("corrupt or truncated", Assert.Throws<MatFileException>(() => MatFile.Parse(w.File(garbage), Name)).Message);
    }

    [Fact]
    public void Accessors_NameTheVariable()
    {
        var w = new W();
        var file = MatFile.Parse(w.File(w.Numeric("x", W.ClassDouble, [1, 2], W.MiDouble, [1, 2.5]), w.Chars("t", ["hi"]),
            w.Numeric("m", W.ClassDouble, [2, 2], W.MiDouble, [1, 2, 3, 4])), Name);
        var missing = Assert.Throws<MatFileException>(() => file.Get("nope"));
        Assert.Contains("'nope'", missing.Message);
        Assert.Contains("x, t, m", missing.Message);
        Assert.Contains("expected a numeric array", Assert.Throws<MatFileException>(() => file.GetNumeric("t")).Message);
        Assert.Contains("expected a cell array", Assert.Throws<MatFileException>(() => file.GetCell("x")).Message);
        Assert.Contains("expected a struct", Assert.Throws<MatFileException>(() => file.GetStruct("x")).Message);
        Assert.Contains("expected a char array", Assert.Throws<MatFileException>(() => file.GetChar("x")).Message);
        var fraction = Assert.Throws<MatFileException>(() => file.GetNumeric("x").ToInt64RowMajor());
        Assert.Equal("x", fraction.Variable);
        Assert.Contains("2.5", fraction.Message);
        Assert.Contains("expected a vector", Assert.Throws<MatFileException>(() => file.GetNumeric("m").ToDoubleVector()).Message);
    }
}
