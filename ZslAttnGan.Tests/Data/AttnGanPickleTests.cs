using System.Collections;
using Razorvine.Pickle;
using ZslAttnGan.Data;
using ZslAttnGan.Data.Cub;
using ZslAttnGan.Data.Pickles;

namespace ZslAttnGan.Tests.Data;

public class AttnGanPickleTests
{
    private static void Dump(string path, object value)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var p = new Pickler();
        File.WriteAllBytes(path, p.dumps(value));
    }

    /// <summary>Writes train/test filenames + class_info and captions.pickle for the tiny CUB (train = even images).</summary>
    private static void WriteAttnGanPickles(string root, bool withCaptions, bool testClassInfo = false, int? emptyTrainCaption = null)
    {
        var train = Enumerable.Range(0, 12).Where(i => i % 2 == 0).ToList();
        var test = Enumerable.Range(0, 12).Where(i => i % 2 == 1).ToList();
        Dump(Path.Combine(root, "train", "filenames.pickle"), new ArrayList(train.Select(TinyCub.Key).ToArray()));
        Dump(Path.Combine(root, "test", "filenames.pickle"), new ArrayList(test.Select(TinyCub.Key).ToArray()));
        Dump(Path.Combine(root, "train", "class_info.pickle"), new ArrayList(train.Select(i => (object)(i / 4 + 1)).ToArray()));
        if (testClassInfo) Dump(Path.Combine(root, "test", "class_info.pickle"), new ArrayList(test.Select(i => (object)(i / 4 + 1)).ToArray()));
        if (!withCaptions) return;
        // Hash-ordered vocabulary as the released files: ids unrelated to first occurrence.
        var words = new[] { "<end>", "zeta", "bird", "alpha" };
        var ixtoword = new Hashtable();
        var wordtoix = new Hashtable();
        for (int i = 0; i < words.Length; i++) { ixtoword[i] = words[i]; wordtoix[words[i]] = i; }
        ArrayList Caps(List<int> images) => new(images.SelectMany(i => Enumerable.Range(0, 10)
            .Select(j => (object)new ArrayList { 2, j % 2 == 0 ? 1 : 3, (i % 3) + 1 })).ToArray());
        var trainCaps = Caps(train);
        if (emptyTrainCaption is { } e) trainCaps[e] = new ArrayList();
        Dump(Path.Combine(root, "captions.pickle"), new ArrayList { trainCaps, Caps(test), ixtoword, wordtoix });
    }

    [Fact]
    public void AttnGanSplit_WithCaptionsPickle_UsesItsVocabularyAndOrder()
    {
        using var tmp = new TempFolder();
        TinyCub.Write(tmp.Path);
        WriteAttnGanPickles(tmp.Path, withCaptions: true);
        var ds = CubDataset.Load(new CubOptions { Root = tmp.Path, Split = CubSplit.AttnGan("train") });
        Assert.Equal(new[] { "<end>", "zeta", "bird", "alpha" }, ds.Vocabulary.Words);
        Assert.Equal(6, ds.Count);
        Assert.Equal(TinyCub.Key(2), ds.Items[1].Key);
        Assert.Equal(new long[] { 2, 1, 3 }, ds.Items[1].Captions[0]);   // image 2: (2 % 3) + 1 = 3
        Assert.Equal(new long[] { 2, 3, 3 }, ds.Items[1].Captions[1]);
        Assert.Equal(10, ds.Items[1].Captions.Count);
        Assert.Equal(new[] { 1, 2, 3 }, ds.Classes.Select(c => c.SourceId));

        var test = CubDataset.Load(new CubOptions { Root = tmp.Path, Split = CubSplit.AttnGan("test") });
        Assert.Equal(TinyCub.Key(1), test.Items[0].Key);
    }

    [Fact]
    public void CaptionsPickle_EmptyCaption_LeftOutWithKind_AndFewerCaptionsWarned()
    {
        using var tmp = new TempFolder();
        TinyCub.Write(tmp.Path);
        WriteAttnGanPickles(tmp.Path, withCaptions: true, emptyTrainCaption: 13); // image 2 (train row 1), caption 4
        var ds = CubDataset.Load(new CubOptions { Root = tmp.Path, Split = CubSplit.AttnGan("train") });
        Assert.Equal(9, ds.Items[1].Captions.Count);
        var path = tmp.Combine("captions.pickle");
        Assert.Contains(ds.Issues, i => i.Kind == DataIssueKind.EmptyCaption && i.ImageKey == TinyCub.Key(2) && i.File == path);
        var fewer = Assert.Single(ds.Issues, i => i.Kind == DataIssueKind.FewerCaptions);
        Assert.Equal(TinyCub.Key(2), fewer.ImageKey);
        Assert.Contains("has 9 usable captions, expected 10", fewer.Message);
    }

    [Fact]
    public void AttnGanSplit_WithoutCaptionsPickle_ReadsTextFiles()
    {
        using var tmp = new TempFolder();
        TinyCub.Write(tmp.Path);
        WriteAttnGanPickles(tmp.Path, withCaptions: false);
        var ds = CubDataset.Load(new CubOptions { Root = tmp.Path, Split = CubSplit.AttnGan("train") });
        Assert.Equal(6, ds.Count);
        Assert.Equal("class0 image2 caption1 a bird", ds.Vocabulary.Decode(ds.Items[1].Captions[1]));
    }

    /// <summary>AttnGAN's data/birds: CUB_200_2011 holds images.txt and bounding_boxes.txt only.</summary>
    private static void DeleteCubLabelFiles(string root)
    {
        foreach (var f in new[] { "classes.txt", "image_class_labels.txt", "train_test_split.txt" })
            File.Delete(Path.Combine(root, "CUB_200_2011", f));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AttnGanLayout_WithoutCubClassFiles_LabelsFromClassInfo_NamesFromFolders(bool withCaptionsPickle)
    {
        using var tmp = new TempFolder();
        TinyCub.Write(tmp.Path);
        WriteAttnGanPickles(tmp.Path, withCaptionsPickle, testClassInfo: true);
        DeleteCubLabelFiles(tmp.Path);
        var train = CubDataset.Load(new CubOptions { Root = tmp.Path, Split = CubSplit.AttnGan("train") });
        Assert.Equal(6, train.Count);
        Assert.Equal(new[] { 1, 2, 3 }, train.Classes.Select(c => c.SourceId));
        Assert.Equal(Enumerable.Range(0, TinyCub.Classes).Select(TinyCub.ClassName), train.Classes.Select(c => c.Name));
        for (int k = 0; k < train.Count; k++)
        {
            var item = train.Items[k];
            int image = 2 * k;
            Assert.Equal(TinyCub.Key(image), item.Key);
            Assert.Equal(image / TinyCub.ImagesPerClass, item.ClassIndex);
            Assert.Equal(image + 1, item.Id);
            Assert.Equal(DatasetSplit.Train, item.Split);
        }
        var test = CubDataset.Load(new CubOptions { Root = Path.Combine(tmp.Path, "CUB_200_2011"), Split = CubSplit.AttnGan("test") });
        Assert.All(test.Items, i => Assert.Equal(DatasetSplit.Test, i.Split));
        Assert.Equal(TinyCub.ClassName(2), test.ClassOf(test.Items[^1])!.Name);
    }

    [Fact]
    public void AttnGanLayout_ClassNameIsTheIdWhenAClassSpansFolders()
    {
        using var tmp = new TempFolder();
        TinyCub.Write(tmp.Path);
        WriteAttnGanPickles(tmp.Path, withCaptions: false);
        DeleteCubLabelFiles(tmp.Path);
        // Labels unrelated to the folders: 7 for every train image.
        Dump(Path.Combine(tmp.Path, "train", "class_info.pickle"), new ArrayList(Enumerable.Repeat((object)7, 6).ToArray()));
        var ds = CubDataset.Load(new CubOptions { Root = tmp.Path, Split = CubSplit.AttnGan("train") });
        var only = Assert.Single(ds.Classes);
        Assert.Equal((7, "7"), (only.SourceId, only.Name));
    }

    [Fact]
    public void MissingCubClassFiles_WhenLabelsComeFromThem_NameTheFileAndLayout()
    {
        using var tmp = new TempFolder();
        TinyCub.Write(tmp.Path);
        WriteAttnGanPickles(tmp.Path, withCaptions: false); // no test/class_info.pickle: labels must come from CUB's files
        File.Delete(tmp.Combine("CUB_200_2011", "image_class_labels.txt"));
        foreach (var split in new[] { CubSplit.AttnGan("test"), CubSplit.Official(true), CubSplit.All })
        {
            var e = Assert.Throws<FileNotFoundException>(() => CubDataset.Load(new CubOptions { Root = tmp.Path, Split = split }));
            Assert.Contains("image_class_labels.txt", e.Message);
            Assert.Contains("expected CUB-200-2011 layout", e.Message);
            Assert.EndsWith("image_class_labels.txt", e.FileName);
        }
        TinyCub.Write(tmp.Path);
        File.Delete(tmp.Combine("CUB_200_2011", "classes.txt"));
        var e2 = Assert.Throws<FileNotFoundException>(() => CubDataset.Load(new CubOptions { Root = tmp.Path, Split = CubSplit.Official(false) }));
        Assert.Contains("classes.txt", e2.Message);
        Assert.Contains("expected CUB-200-2011 layout", e2.Message);
    }

    [Fact]
    public void Pickle_WrongShape_NamesFile()
    {
        using var tmp = new TempFolder();
        var path = tmp.Combine("filenames.pickle");
        Dump(path, new Hashtable { ["a"] = 1 });
        var e = Assert.Throws<InvalidDataException>(() => AttnGanPickles.ReadFilenames(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("list of image keys", e.Message);

        Dump(path, new ArrayList { new ArrayList(), new ArrayList() });
        e = Assert.Throws<InvalidDataException>(() => AttnGanPickles.ReadCaptions(path));
        Assert.Contains("[train_captions, test_captions, ixtoword, wordtoix]", e.Message);

        File.WriteAllBytes(path, new byte[] { 1, 2, 3 });
        e = Assert.Throws<InvalidDataException>(() => AttnGanPickles.ReadFilenames(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void AttnGanSplit_CaptionCountMismatch_IsAnError()
    {
        using var tmp = new TempFolder();
        TinyCub.Write(tmp.Path);
        WriteAttnGanPickles(tmp.Path, withCaptions: true);
        Dump(Path.Combine(tmp.Path, "train", "filenames.pickle"), new ArrayList(new object[] { TinyCub.Key(0) }));
        var e = Assert.Throws<InvalidDataException>(() => CubDataset.Load(new CubOptions { Root = tmp.Path, Split = CubSplit.AttnGan("train") }));
        Assert.Contains("class_info.pickle", e.Message);
        File.Delete(Path.Combine(tmp.Path, "train", "class_info.pickle"));
        e = Assert.Throws<InvalidDataException>(() => CubDataset.Load(new CubOptions { Root = tmp.Path, Split = CubSplit.AttnGan("train") }));
        Assert.Contains("captions.pickle", e.Message);
        Assert.Contains("60 train captions for 1 images", e.Message);
    }

    [Fact]
    public void ClassInfo_NumpyInt64Array_Python2Protocol()
    {
        using var tmp = new TempFolder();
        var path = tmp.Combine("class_info.pickle");
        File.WriteAllBytes(path, NumpyArrayPickle(new long[] { 1, 1, 200 }));
        Assert.Equal(new[] { 1, 1, 200 }, AttnGanPickles.ReadClassInfo(path));
    }

    /// <summary>The bytes numpy writes for np.array(values, dtype=int64) with protocol 2 under Python 2 (memo opcodes
    /// left out): _reconstruct(ndarray, (0,), 'b') then BUILD (1, shape, dtype('i8') with BUILD state, False, raw).</summary>
    private static byte[] NumpyArrayPickle(long[] values)
    {
        var ms = new MemoryStream();
        void W(params byte[] b) => ms.Write(b);
        void S(string s) => ms.Write(System.Text.Encoding.Latin1.GetBytes(s));
        void ShortBinString(byte[] data) { W((byte)'U', (byte)data.Length); W(data); }
        W(0x80, 2);
        S("cnumpy.core.multiarray\n_reconstruct\n");
        S("cnumpy\nndarray\n");
        W((byte)'K', 0, 0x85);                      // (0,)
        ShortBinString(new[] { (byte)'b' });
        W(0x87, (byte)'R');                         // TUPLE3, REDUCE
        W((byte)'(', (byte)'K', 1);                 // MARK, version 1
        W((byte)'K', (byte)values.Length, 0x85);    // shape
        S("cnumpy\ndtype\n");
        ShortBinString("i8"u8.ToArray());
        W((byte)'K', 0, (byte)'K', 1, 0x87, (byte)'R');
        W((byte)'(', (byte)'K', 3);
        ShortBinString("<"u8.ToArray());
        W((byte)'N', (byte)'N', (byte)'N');
        W((byte)'J', 0xFF, 0xFF, 0xFF, 0xFF, (byte)'J', 0xFF, 0xFF, 0xFF, 0xFF, (byte)'K', 0);
        W((byte)'t', (byte)'b');                    // TUPLE, BUILD (dtype state)
        W(0x89);                                    // NEWFALSE (fortran flag)
        var raw = values.SelectMany(BitConverter.GetBytes).ToArray();
        ShortBinString(raw);
        W((byte)'t', (byte)'b', (byte)'.');
        return ms.ToArray();
    }
}
