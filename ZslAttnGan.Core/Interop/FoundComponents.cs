using static TorchSharp.torch;

namespace ZslAttnGan.Interop;

/// <summary>The state-dict files of one import, sorted by component kind. Owns the tensors.</summary>
internal sealed class FoundComponents : IDisposable
{
    private readonly List<StateDictFile> _all = new();

    public StateDictFile? TextEncoder { get; private set; }
    public StateDictFile? ImageEncoder { get; private set; }
    public StateDictFile? Generator { get; private set; }
    public StateDictFile? ZslDiscriminator { get; private set; }

    /// <summary>Every file read.</summary>
    public IReadOnlyList<StateDictFile> All => _all;

    /// <summary>Image discriminators by image size.</summary>
    public SortedDictionary<int, StateDictFile> ImageDiscriminators { get; } = new();

    /// <summary>Reads and sorts <paramref name="files"/>; two files of one kind (or two discriminators of one size) are an
    /// error naming both, because picking one silently could mix epochs or runs.</summary>
    public static FoundComponents Read(IReadOnlyList<string> files)
    {
        var found = new FoundComponents();
        try
        {
            foreach (var path in files)
            {
                var file = StateDictFiles.Read(path);
                found._all.Add(file);
                var kind = ReferenceShapes.Detect(file.Tensors) ?? throw ComponentImporter.Unknown(file);
                switch (kind)
                {
                    case ReferenceComponentKind.TextEncoder: found.TextEncoder = Single(found.TextEncoder, file, "text encoders"); break;
                    case ReferenceComponentKind.ImageEncoder: found.ImageEncoder = Single(found.ImageEncoder, file, "image encoders"); break;
                    case ReferenceComponentKind.Generator: found.Generator = Single(found.Generator, file, "generators"); break;
                    case ReferenceComponentKind.ZslDiscriminator: found.ZslDiscriminator = Single(found.ZslDiscriminator, file, "ZSL discriminators"); break;
                    default:
                        int size = ReferenceShapes.ImageDiscriminator(file.Tensors, path).ImageSize;
                        found.ImageDiscriminators.TryGetValue(size, out var other);
                        found.ImageDiscriminators[size] = Single(other, file, $"image discriminators for {size} px");
                        break;
                }
            }
            return found;
        }
        catch
        {
            found.Dispose();
            throw;
        }
    }

    private static StateDictFile Single(StateDictFile? existing, StateDictFile file, string what) => existing is null ? file
        : throw new ReferenceImportException($"two {what}: '{existing.Path}' and '{file.Path}'. Pass the files to import explicitly instead of their folder.");

    public void Dispose()
    {
        foreach (var f in _all)
            foreach (var t in f.Tensors.Values) t.Dispose();
        _all.Clear();
    }
}
