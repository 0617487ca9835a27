using System.Collections;
using TorchSharp.PyBridge;
using static TorchSharp.torch;
using ZslAttnGan.IO;

namespace ZslAttnGan.Interop;

/// <summary>
/// Reads and writes state dicts as PyTorch <c>.pth</c> files (zip format, through TorchSharp.PyBridge) and as
/// safetensors. Reading a <c>.pth</c> builds tensors only — PyBridge's unpickler knows no other classes, so nothing in
/// the file is executed here — but the same file would run arbitrary code if opened with <c>torch.load</c> in Python,
/// so treat <c>.pth</c> import as a path for trusted files. Our own checkpoints stay safetensors + JSON.
/// </summary>
public static class StateDictFiles
{
    /// <summary>The one-line PyTorch command that re-saves a legacy (pre-1.6) <c>.pth</c> in the zip format;
    /// <c>p</c> is the file's path.</summary>
    public const string ResaveCommand =
        "torch.save(torch.load(p, map_location=\"cpu\"), p, _use_new_zipfile_serialization=True)";

    private const string ModulePrefix = "module.";

    /// <summary>Reads a state dict from a <c>.pth</c> (zip format) or a <c>.safetensors</c> file; the format is
    /// recognised from the content, not the name.</summary>
    /// <exception cref="ReferenceImportException">The file is missing, a legacy <c>.pth</c> (the message gives the
    /// re-save command), or not a state dict of tensors.</exception>
    public static StateDictFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new ReferenceImportException("the file does not exist.", path);
        var format = Sniff(path);
        var notes = new List<string>();
        Dictionary<string, Tensor> tensors;
        try
        {
            tensors = format == StateDictFormat.Safetensors
                ? Safetensors.LoadStateDict(path)
                : FromPickle(PyTorchUnpickler.UnpickleStateDict(path), path, notes);
        }
        catch (NotImplementedException e)
        {
            // PyBridge's own words for a legacy file that slipped past the header check.
            throw Legacy(path, e);
        }
        catch (Exception e) when (e is not ReferenceImportException and not OutOfMemoryException)
        {
            throw new ReferenceImportException($"not a readable {Describe(format)} state dict: {e.Message}", path, e);
        }
        if (tensors.Count > 0 && tensors.Keys.All(k => k.StartsWith(ModulePrefix, StringComparison.Ordinal)))
        {
            // Saved from a torch.nn.DataParallel wrapper: the wrapped module's keys carry "module.".
            tensors = tensors.ToDictionary(kv => kv.Key[ModulePrefix.Length..], kv => kv.Value);
            notes.Add("removed the 'module.' prefix of a DataParallel state dict");
        }
        return new StateDictFile(path, format, tensors, notes);
    }

    /// <summary>Writes <paramref name="tensors"/> as a PyTorch zip-format <c>.pth</c> that <c>torch.load</c> reads as a
    /// state dict (an OrderedDict of tensors). Entries are stored uncompressed with their data on 64-byte boundaries, as
    /// <c>torch.save</c> writes them (so <c>torch.load(…, mmap=True)</c> can map them), and the same tensors give the same
    /// bytes. Written to a temporary sibling and renamed.</summary>
    public static void WritePth(string path, IReadOnlyDictionary<string, Tensor> tensors) =>
        Write(path, tensors, StateDictFormat.PyTorchZip);

    /// <summary>Writes <paramref name="tensors"/> as safetensors. Written to a temporary sibling and renamed.</summary>
    public static void WriteSafetensors(string path, IReadOnlyDictionary<string, Tensor> tensors) =>
        Write(path, tensors, StateDictFormat.Safetensors);

    /// <summary>Writes <paramref name="tensors"/> in <paramref name="format"/>. Written to a temporary sibling and renamed,
    /// so a crash never leaves a truncated file under <paramref name="path"/>.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, StateDictFormat format)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tensors);
        using var scope = NewDisposeScope();
        // Plain CPU copies in key order: both writers serialise storages as laid out in memory.
        var cpu = tensors.ToDictionary(kv => kv.Key, kv => kv.Value.detach().cpu().contiguous());
        AtomicFile.Write(path, temp =>
        {
            if (format == StateDictFormat.Safetensors)
            {
                Safetensors.SaveStateDict(temp, cpu);
                return;
            }
            // PyBridge's archive, then laid out as torch.save does (stored, 64-byte aligned; see TorchZip).
            var deflated = temp + ".deflated";
            try
            {
                PyTorchPickler.PickleStateDict(deflated, cpu);
                TorchZip.Repack(deflated, temp);
            }
            finally
            {
                if (File.Exists(deflated)) File.Delete(deflated);
            }
        });
    }

    /// <summary>Recognises the format from the first bytes: a zip archive (PyTorch ≥ 1.6), a raw pickle or tar
    /// archive (legacy PyTorch), or a safetensors header (8-byte length, then a JSON object).</summary>
    private static StateDictFormat Sniff(string path)
    {
        var head = new byte[9];
        int n;
        using (var stream = File.OpenRead(path)) n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (n >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4) return StateDictFormat.PyTorchZip;
        if (n >= 2 && head[0] == 0x80 && head[1] is >= 2 and <= 5) throw Legacy(path, null);
        if (n == 9 && head[8] == (byte)'{' && BitConverter.ToUInt64(head, 0) < (ulong)new FileInfo(path).Length)
            return StateDictFormat.Safetensors;
        if (new FileInfo(path).Length > 262 && IsTar(path)) throw Legacy(path, null);
        throw new ReferenceImportException("neither a PyTorch zip-format .pth nor a safetensors file.", path);
    }

    private static bool IsTar(string path)
    {
        // Very old torch.save wrote a tar archive; its header has "ustar" at offset 257.
        var buffer = new byte[5];
        using var stream = File.OpenRead(path);
        stream.Position = 257;
        return stream.ReadAtLeast(buffer, 5, throwOnEndOfStream: false) == 5 && System.Text.Encoding.ASCII.GetString(buffer) == "ustar";
    }

    private static ReferenceImportException Legacy(string path, Exception? inner) => new(
        "this .pth was written in PyTorch's legacy (pre-1.6, non-zip) format, which TorchSharp.PyBridge cannot read. " +
        "Re-save it once with PyTorch (any version from 1.6 on), with p set to the file's path: " + ResaveCommand, path, inner);

    /// <summary>Takes the tensors of an unpickled state dict. A checkpoint that wraps the state dict (for example
    /// <c>{"state_dict": …, "epoch": …}</c>) is unwrapped when exactly one entry is a dict of tensors.</summary>
    private static Dictionary<string, Tensor> FromPickle(Hashtable root, string path, List<string> notes)
    {
        var nested = root.Cast<DictionaryEntry>().Where(e => e.Value is IDictionary d && d.Values.OfType<Tensor>().Any()).ToList();
        if (!root.Values.OfType<Tensor>().Any() && nested.Count == 1)
        {
            notes.Add($"took the state dict stored under '{nested[0].Key}'");
            return FromPickle(new Hashtable((IDictionary)nested[0].Value!), path, notes);
        }
        var others = root.Cast<DictionaryEntry>().Where(e => e.Value is not Tensor || e.Key is not string).Select(e => $"{e.Key}").ToList();
        if (others.Count > 0)
            throw new ReferenceImportException($"expected a state dict (keys → tensors) but these entries are not tensors: {string.Join(", ", others)}.", path);
        return root.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (Tensor)e.Value!);
    }

    private static string Describe(StateDictFormat format) => format == StateDictFormat.Safetensors ? "safetensors" : "PyTorch zip-format";
}
