using System.Buffers.Binary;
using System.IO.Compression;
using ZslAttnGan.Interop;
using ZslAttnGan.Tests.Data;

namespace ZslAttnGan.Tests.Interop;

/// <summary>Exported <c>.pth</c> files are laid out as <c>torch.save</c> lays them out: stored entries whose data start on
/// 64-byte boundaries, valid CRCs, deterministic bytes; and they read back bit-exact.</summary>
public class TorchZipTests
{
    private static Dictionary<string, Tensor> SomeTensors(ulong seed)
    {
        using var generator = new Generator(seed);
        return new Dictionary<string, Tensor>
        {
            ["a.weight"] = randn(new long[] { 7, 5 }, generator: generator),
            ["a.bias"] = randn(new long[] { 7 }, generator: generator),
            ["bn.num_batches_tracked"] = tensor(3L),
            ["b.weight"] = randn(new long[] { 3, 2, 3, 3 }, dtype: ScalarType.Float64, generator: generator),
        };
    }

    /// <summary>Every local header of the archive: name, method, declared CRC and size, and where its data start.</summary>
    private static List<(string Name, int Method, uint Crc, uint Size, long DataOffset)> LocalEntries(byte[] zip)
    {
        var entries = new List<(string, int, uint, uint, long)>();
        int p = 0;
        while (p + 30 <= zip.Length && BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(p)) == 0x04034b50)
        {
            int method = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(p + 8));
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(p + 14));
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(p + 18));
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(p + 26));
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(p + 28));
            string name = System.Text.Encoding.UTF8.GetString(zip, p + 30, nameLength);
            long data = p + 30 + nameLength + extraLength;
            entries.Add((name, method, crc, size, data));
            p = (int)(data + size);
        }
        return entries;
    }

    [Fact]
    public void EntriesAreStoredAlignedWithValidCrcsAndReadBackBitExact()
    {
        using var tmp = new TempFolder();
        var tensors = SomeTensors(5);
        var path = tmp.Combine("weights.pth");
        StateDictFiles.WritePth(path, tensors);

        var bytes = File.ReadAllBytes(path);
        var entries = LocalEntries(bytes);
        using (var archive = ZipFile.OpenRead(path))
            Assert.Equal(archive.Entries.Select(e => e.FullName), entries.Select(e => e.Name)); // every entry walked
        Assert.Contains(entries, e => e.Name.EndsWith("data.pkl", StringComparison.Ordinal));
        Assert.Equal(tensors.Count, entries.Count(e => e.Name.Contains("/data/", StringComparison.Ordinal)));
        foreach (var (name, method, crc, size, offset) in entries)
        {
            Assert.True(method == 0, $"{name} is compressed (method {method})");
            Assert.True(offset % TorchZip.Alignment == 0, $"{name}'s data start at {offset}, not on a {TorchZip.Alignment}-byte boundary");
            Assert.Equal(Crc32.Of(bytes.AsSpan((int)offset, (int)size)), crc);
        }

        var read = StateDictFiles.Read(path);
        TensorAssert.EqualStateDicts(tensors, read.Tensors, "read back");
        foreach (var t in tensors.Values.Concat(read.Tensors.Values)) t.Dispose();
    }

    [Fact]
    public void TheSameTensorsGiveTheSameBytes()
    {
        using var tmp = new TempFolder();
        var first = SomeTensors(9);
        var second = SomeTensors(9);
        StateDictFiles.WritePth(tmp.Combine("1.pth"), first);
        StateDictFiles.WritePth(tmp.Combine("2.pth"), second);
        Assert.Equal(File.ReadAllBytes(tmp.Combine("1.pth")), File.ReadAllBytes(tmp.Combine("2.pth")));
        foreach (var t in first.Values.Concat(second.Values)) t.Dispose();
    }

    [Fact]
    public void Crc32MatchesTheStandardCheckValue()
    {
        // The CRC-32/ISO-HDLC check value of "123456789".
        Assert.Equal(0xCBF43926u, Crc32.Of("123456789"u8));
    }
}
