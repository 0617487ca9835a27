using ZslAttnGan.Data.Matlab;
using W = ZslAttnGan.Tests.Gazsl.Data.MatTestWriter;

namespace ZslAttnGan.Tests.Gazsl.Data;

/// <summary>The v5 reader on files written byte by byte by <see cref="MatTestWriter"/>.</summary>
public class MatFileReaderTests
{
    public static IEnumerable<object[]> StorageTypes() =>
        new[] { W.MiInt8, W.MiUInt8, W.MiInt16, W.MiUInt16, W.MiInt32, W.MiUInt32, W.MiInt64, W.MiUInt64, W.MiSingle, W.MiDouble }
            .SelectMany(t => new[] { false, true }.Select(big => new object[] { t, big }));

    private static bool Signed(int type) => type is W.MiInt8 or W.MiInt16 or W.MiInt32 or W.MiInt64 or W.MiSingle or W.MiDouble;

    [Theory]
    [MemberData(nameof(StorageTypes))]
    public void DoubleClass_StoredAsAnyNumericType_IsWidened(int storedType, bool bigEndian)
    {
        var w = new W(bigEndian);
        // 2 x 3, column-major; negative values only where the stored type is signed.
        double[] columnMajor = Signed(storedType) ? [1, -4, 2, 5, -3, 127] : [1, 4, 2, 5, 3, 255];
        var file = MatFile.Parse(w.File(w.Numeric("x", W.ClassDouble, [2, 3], storedType, columnMajor)), "t.mat");
        var x = file.GetNumeric("x");
        Assert.Equal(MatClass.Double, x.Class);
        Assert.Equal(bigEndian, file.BigEndian);
        Assert.Equal(new[] { 2, 3 }, x.Dimensions);
        Assert.Equal(new[] { columnMajor[0], columnMajor[2], columnMajor[4], columnMajor[1], columnMajor[3], columnMajor[5] }, x.ToDoubleRowMajor());
        Assert.Equal(x.ToDoubleRowMajor().Select(v => (long)v), x.ToInt64RowMajor());
    }

    [Theory]
    [InlineData(W.ClassInt8, W.MiInt8)]
    [InlineData(W.ClassUInt8, W.MiUInt8)]
    [InlineData(W.ClassInt16, W.MiInt8)]
    [InlineData(W.ClassUInt16, W.MiUInt8)]
    [InlineData(W.ClassInt32, W.MiInt16)]
    [InlineData(W.ClassUInt32, W.MiUInt16)]
    [InlineData(W.ClassInt64, W.MiInt32)]
    [InlineData(W.ClassUInt64, W.MiUInt8)]
    [InlineData(W.ClassSingle, W.MiSingle)]
    [InlineData(W.ClassInt32, W.MiDouble)]
    public void EveryClass_ReadsItsValues(int matClass, int storedType)
    {
        var w = new W();
        double[] values = [3, 1, 2, 100];
        var x = MatFile.Parse(w.File(w.Numeric("v", matClass, [4, 1], storedType, values)), "t.mat").GetNumeric("v");
        Assert.Equal((MatClass)matClass, x.Class);
        Assert.Equal(matClass is W.ClassSingle, x.IsFloatingPoint);
        Assert.Equal(new long[] { 3, 1, 2, 100 }, x.ToInt64Vector());
        Assert.Equal(new float[] { 3, 1, 2, 100 }, x.ToSingleRowMajor());
    }

    [Fact]
    public void SingleAndDoubleValues_KeepTheirPrecision()
    {
        var w = new W();
        double[] values = [0.1, -2.5e-8, 1e30, Math.PI];
        var file = MatFile.Parse(w.File(w.Numeric("d", W.ClassDouble, [1, 4], W.MiDouble, values), w.Numeric("s", W.ClassSingle, [1, 4], W.MiSingle, values)), "t.mat");
        Assert.Equal(values, file.GetNumeric("d").ToDoubleRowMajor());
        Assert.Equal(values.Select(v => (float)v), file.GetNumeric("s").ToSingleRowMajor());
    }

    [Fact]
    public void CompressedAndUncompressed_ReadTheSame()
    {
        var w = new W();
        var values = Enumerable.Range(0, 60).Select(i => i * 0.25 - 3).ToArray();
        var element = w.Numeric("m", W.ClassDouble, [6, 10], W.MiDouble, values);
        var plain = MatFile.Parse(w.File(element), "plain.mat").GetNumeric("m");
        var packed = MatFile.Parse(w.File(w.Compressed(element)), "packed.mat").GetNumeric("m");
        Assert.Equal(plain.Dimensions, packed.Dimensions);
        Assert.Equal(plain.ToDoubleRowMajor(), packed.ToDoubleRowMajor());
        Assert.Equal(values[6], plain.ToDoubleRowMajor()[1]); // (row 0, col 1) is column-major element 6
    }

    [Fact]
    public void SmallDataElements_AndLongForm_ReadTheSame()
    {
        // Name "ab" (2 bytes), one int32 value and two int16 values fit the 4-byte small format.
        foreach (var small in new[] { true, false })
        {
            var w = new W(smallElements: small);
            var file = MatFile.Parse(w.File(w.Numeric("ab", W.ClassInt32, [1, 1], W.MiInt32, [-7]), w.Numeric("cd", W.ClassDouble, [1, 2], W.MiInt16, [300, -2])), "t.mat");
            Assert.Equal(new long[] { -7 }, file.GetNumeric("ab").ToInt64Vector());
            Assert.Equal(new double[] { 300, -2 }, file.GetNumeric("cd").ToDoubleVector());
        }
    }

    [Fact]
    public void ManyDimensions_AreTransposedToRowMajor()
    {
        var w = new W();
        int[] dims = [2, 3, 4, 5];
        var values = Enumerable.Range(0, 120).Select(i => (double)i).ToArray();
        var x = MatFile.Parse(w.File(w.Numeric("nd", W.ClassDouble, dims, W.MiDouble, values)), "t.mat").GetNumeric("nd");
        var rowMajor = x.ToDoubleRowMajor();
        for (int a = 0; a < 2; a++) for (int b = 0; b < 3; b++) for (int c = 0; c < 4; c++) for (int d = 0; d < 5; d++)
            Assert.Equal(a + 2 * (b + 3 * (c + 4 * d)), rowMajor[((a * 3 + b) * 4 + c) * 5 + d]);
    }

    [Fact]
    public void LargeArray_UsesALongTag()
    {
        // 70 000 uint16 values: 140 000 bytes, more than a 16-bit size could say.
        var w = new W();
        var values = Enumerable.Range(0, 70_000).Select(i => (double)(i % 65_536)).ToArray();
        var x = MatFile.Parse(w.File(w.Compressed(w.Numeric("big", W.ClassDouble, [1, 70_000], W.MiUInt16, values))), "t.mat").GetNumeric("big");
        Assert.Equal(70_000, x.Columns);
        Assert.Equal(values, x.ToDoubleVector());
    }

    [Theory]
    [InlineData(W.MiUtf16)]
    [InlineData(W.MiUInt16)]
    [InlineData(W.MiUInt8)]
    [InlineData(W.MiUtf8)]
    [InlineData(W.MiUtf32)]
    public void CharArrays_RowsAreStrings(int storedType)
    {
        foreach (var big in new[] { false, true })
        {
            var w = new W(big);
            var file = MatFile.Parse(w.File(w.Chars("one", ["hello"], storedType), w.Chars("two", ["abc", "def"], storedType)), "t.mat");
            Assert.Equal("hello", file.GetChar("one").Text);
            Assert.Equal(new[] { "abc", "def" }, file.GetChar("two").RowStrings);
            Assert.Throws<MatFileException>(() => file.GetChar("two").Text);
        }
    }

    [Fact]
    public void NonAsciiChars_SurviveUtf16AndUtf8()
    {
        var w = new W();
        var file = MatFile.Parse(w.File(w.Chars("a", ["Grünfink"], W.MiUtf16), w.Chars("b", ["Grünfink"], W.MiUtf8)), "t.mat");
        Assert.Equal("Grünfink", file.GetChar("a").Text);
        Assert.Equal("Grünfink", file.GetChar("b").Text);
    }

    [Fact]
    public void CellArrays_OfStringsAndOfAnything()
    {
        var w = new W();
        var strings = w.Cell("names", [3, 1], w.Chars("", ["001.a"]), w.Chars("", ["002.bb"]), w.Chars("", ["003.ccc"]));
        var mixed = w.Cell("mixed", [1, 4],
            w.Numeric("", W.ClassDouble, [1, 2], W.MiUInt8, [1, 2]),
            w.Chars("", ["x"]),
            w.Cell("", [1, 1], w.Numeric("", W.ClassInt32, [1, 1], W.MiInt32, [9])),
            w.Element(W.MiMatrix, []));
        var file = MatFile.Parse(w.File(w.Compressed(strings), mixed), "t.mat");
        Assert.Equal(new[] { "001.a", "002.bb", "003.ccc" }, file.GetCell("names").ToStrings());
        var cells = file.GetCell("mixed");
        Assert.Equal(new double[] { 1, 2 }, ((MatNumericArray)cells.Cells[0]).ToDoubleVector());
        Assert.Equal("x", ((MatCharArray)cells[0, 1]).Text);
        Assert.Equal(new long[] { 9 }, ((MatNumericArray)((MatCellArray)cells.Cells[2]).Cells[0]).ToInt64Vector());
        Assert.Equal(0, cells.Cells[3].Count); // an empty element is []
        var error = Assert.Throws<MatFileException>(() => cells.ToStrings());
        Assert.Contains("mixed{1}", error.Message);
    }

    [Fact]
    public void Structs_FieldsPerElement()
    {
        var w = new W();
        var one = w.Struct("s", [1, 1], ["id", "name"], w.Numeric("", W.ClassDouble, [1, 1], W.MiUInt8, [7]), w.Chars("", ["seven"]));
        var two = w.Struct("t", [1, 2], ["v"], w.Numeric("", W.ClassDouble, [1, 1], W.MiDouble, [1.5]), w.Numeric("", W.ClassDouble, [1, 1], W.MiDouble, [2.5]));
        var file = MatFile.Parse(w.File(one, w.Compressed(two)), "t.mat");
        var s = file.GetStruct("s");
        Assert.Equal(new[] { "id", "name" }, s.FieldNames);
        Assert.Equal(7.0, ((MatNumericArray)s.Get("id")).GetDouble(0));
        Assert.Equal("seven", ((MatCharArray)s.Get("name")).Text);
        Assert.Equal(2.5, ((MatNumericArray)file.GetStruct("t").Get("v", 1)).GetDouble(0));
        Assert.Contains("has no field 'nope'", Assert.Throws<MatFileException>(() => s.Get("nope")).Message);
    }

    [Fact]
    public void LogicalArrays_AreFlagged()
    {
        var w = new W();
        var x = MatFile.Parse(w.File(w.Numeric("b", W.ClassUInt8, [1, 3], W.MiUInt8, [1, 0, 1], extraFlags: 0x0200)), "t.mat").GetNumeric("b");
        Assert.True(x.IsLogical);
        Assert.Equal(new long[] { 1, 0, 1 }, x.ToInt64Vector());
    }

    [Fact]
    public void Tensors_AreRowMajorWithTheStoredDimensions()
    {
        using var scope = NewDisposeScope();
        var w = new W();
        var x = MatFile.Parse(w.File(w.Numeric("m", W.ClassDouble, [2, 3], W.MiDouble, [1, 4, 2, 5, 3, 6])), "t.mat").GetNumeric("m");
        var t = x.ToFloat32Tensor();
        Assert.Equal(new long[] { 2, 3 }, t.shape);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, t.data<float>().ToArray());
        Assert.Equal(new long[] { 1, 2, 3, 4, 5, 6 }, x.ToInt64Tensor().data<long>().ToArray());
    }
}
