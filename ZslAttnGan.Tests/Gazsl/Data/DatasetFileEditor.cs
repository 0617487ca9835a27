using System.Text;
using ZslAttnGan.Data.Matlab;
using W = ZslAttnGan.Tests.Gazsl.Data.MatTestWriter;

namespace ZslAttnGan.Tests.Gazsl.Data;

/// <summary>Helpers that rewrite fixture files with one thing changed: a .mat variable replaced or dropped (the
/// others re-written as doubles of the same class, or cells of strings), or a label pickle.</summary>
internal static class DatasetFileEditor
{
    /// <summary>Rewrites <paramref name="path"/> with <paramref name="replace"/>: name -> new element bytes (written
    /// with <see cref="MatTestWriter"/>), or null to drop the variable.</summary>
    public static void RewriteMat(string path, IReadOnlyDictionary<string, byte[]?> replace)
    {
        var w = new W();
        var source = MatFile.Read(path);
        var elements = new List<byte[]>();
        foreach (var (name, variable) in source.Variables)
        {
            if (replace.TryGetValue(name, out var replacement)) { if (replacement is not null) elements.Add(replacement); continue; }
            elements.Add(Element(w, name, variable));
        }
        foreach (var (name, replacement) in replace)
            if (!source.Contains(name) && replacement is not null) elements.Add(replacement);
        File.WriteAllBytes(path, w.File([.. elements]));
    }

    private static byte[] Element(W w, string name, MatVariable variable) => variable switch
    {
        MatNumericArray n => w.Numeric(name, (int)n.Class, n.Dimensions.ToArray(), W.MiDouble, n.ToDoubleColumnMajor()),
        MatCellArray c => w.Cell(name, c.Dimensions.ToArray(), c.ToStrings().Select(s => w.Chars("", [s])).ToArray()),
        MatCharArray s => w.Chars(name, s.RowStrings.ToArray()),
        _ => throw new NotSupportedException(variable.Describe()),
    };

    /// <summary>A numeric variable as a [1 x n] (or [n x 1]) vector of class <paramref name="matClass"/>.</summary>
    public static byte[] Vector(string name, int matClass, double[] values, bool column = false) =>
        new W().Numeric(name, matClass, column ? [values.Length, 1] : [1, values.Length], matClass == W.ClassSingle ? W.MiSingle : W.MiDouble, values);

    /// <summary>Writes a 1-D int64 numpy array pickled as Python 3 numpy does with protocol 2 (bytes via
    /// <c>_codecs.encode(str, 'latin1')</c>; memo opcodes left out).</summary>
    public static void WriteLabelPickle(string path, long[] values)
    {
        var ms = new MemoryStream();
        void B(params byte[] b) => ms.Write(b);
        void A(string s) => ms.Write(Encoding.Latin1.GetBytes(s));
        void Unicode(string s) { var b = Encoding.UTF8.GetBytes(s); B((byte)'X'); B(BitConverter.GetBytes(b.Length)); B(b); }
        void Int(int v) { B((byte)'J'); B(BitConverter.GetBytes(v)); }
        B(0x80, 2);
        A("cnumpy.core.multiarray\n_reconstruct\n");
        A("cnumpy\nndarray\n");
        Int(0); B(0x85);                                   // (0,)
        A("c_codecs\nencode\n"); Unicode("b"); Unicode("latin1"); B(0x86, (byte)'R'); // b'b'
        B(0x87, (byte)'R');                                // _reconstruct(ndarray, (0,), b'b')
        B((byte)'('); Int(1); Int(values.Length); B(0x85); // state: (1, (n,),
        A("cnumpy\ndtype\n"); Unicode("i8"); B(0x89, 0x88, 0x87, (byte)'R');
        B((byte)'('); Int(3); Unicode("<"); B((byte)'N', (byte)'N', (byte)'N'); Int(-1); Int(-1); Int(0); B((byte)'t', (byte)'b');
        B(0x89);                                           // not Fortran-ordered
        var raw = values.SelectMany(BitConverter.GetBytes).ToArray();
        A("c_codecs\nencode\n"); Unicode(Encoding.Latin1.GetString(raw)); Unicode("latin1"); B(0x86, (byte)'R');
        B((byte)'t', (byte)'b', (byte)'.');
        File.WriteAllBytes(path, ms.ToArray());
    }
}
