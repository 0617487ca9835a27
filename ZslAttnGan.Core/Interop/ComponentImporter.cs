using TorchSharp;
using ZslAttnGan.Discrimination;
using ZslAttnGan.Generation;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Text;
using ZslAttnGan.Training;
using ZslAttnGan.Vision;
using ZslAttnGan.Zsl;
using static TorchSharp.torch;
using ZslAttnGan.Models;

namespace ZslAttnGan.Interop;

/// <summary>One component built from a state-dict file. Owns the module.</summary>
/// <param name="Kind">What the file held.</param>
/// <param name="Module">The module (a <see cref="TextEncoder"/>, <see cref="ImageEncoder"/>, <see cref="AttnGenerator"/>,
/// <see cref="ImageDiscriminator"/> or <see cref="ZslDiscriminator"/>), with the file's weights.</param>
/// <param name="Path">The file.</param>
/// <param name="Notes">Adjustments made while reading and loading.</param>
public sealed record ImportedComponent(ReferenceComponentKind Kind, nn.Module Module, string Path, IReadOnlyList<string> Notes) : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => Module.Dispose();
}

/// <summary>
/// Imports single components from reference (or exported) state-dict files: recognises the kind from the keys, builds
/// the module with the shape the tensors show and loads them strictly. Only BatchNorm <c>num_batches_tracked</c>
/// counters may be absent (old PyTorch did not save them); any other missing or unexpected key is an error listing the keys.
/// </summary>
public static class ComponentImporter
{
    /// <summary>Imports the component in <paramref name="path"/> (<c>.pth</c> zip format or <c>.safetensors</c>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Mask-bug switch and the template for options the weights do not show; a small-CNN image
    /// encoder is built for the template's largest image size, so it needs <see cref="ImportOptions.BaseOptions"/>.</param>
    /// <exception cref="ReferenceImportException">Unreadable or legacy file, unknown component, or keys/shapes that do not fit.</exception>
    public static ImportedComponent Import(string path, ImportOptions? options = null)
    {
        options ??= new ImportOptions();
        var file = StateDictFiles.Read(path);
        var notes = new List<string>(file.Notes);
        var tensors = file.Tensors;
        nn.Module? module = null;
        try
        {
            var kind = ReferenceShapes.Detect(tensors) ?? throw Unknown(file);
            var template = options.BaseOptions ?? new ModelOptions();
            switch (kind)
            {
                case ReferenceComponentKind.TextEncoder:
                    module = new TextEncoder(ReferenceShapes.TextEncoder(tensors, path, template));
                    break;
                case ReferenceComponentKind.Generator:
                    module = new AttnGenerator(ReferenceShapes.Generator(tensors, path, null, options.ReplicateMaskBug));
                    break;
                case ReferenceComponentKind.ImageDiscriminator:
                    var d = ReferenceShapes.ImageDiscriminator(tensors, path);
                    module = new ImageDiscriminator(d.ImageSize, d.Ndf, d.ConditionSize, d.UnconditionalHead);
                    break;
                case ReferenceComponentKind.ZslDiscriminator:
                    var z = ReferenceShapes.ZslDiscriminator(tensors, path);
                    module = new ZslDiscriminator(z.Classes, z.InFeatures, z.Hidden);
                    break;
                default:
                    var e = ReferenceShapes.ImageEncoder(tensors, path);
                    // Convolutions and a mean pool: nothing in a small CNN's weights shows the image size it was built for,
                    // and one built for the wrong size refuses every image. Say what to pass instead of guessing.
                    if (e.Backbone != ImageBackboneKind.InceptionV3 && options.BaseOptions is null)
                        throw new ReferenceImportException("a small-CNN image encoder's weights do not show the image size it was built for; " +
                            "pass ImportOptions.BaseOptions with the model's options (its generator's last image size is the encoder's input " +
                            "size, 64 px in the Synthetic preset), or import the whole model folder, where the generator shows it.", path);
                    var encoderOptions = template.ImageEncoder with { EmbeddingDim = e.EmbeddingDim, GlobalCodeHead = e.GlobalCodeHead };
                    module = e.Backbone == ImageBackboneKind.InceptionV3
                        ? ImageEncoder.InceptionV3(encoderOptions)
                        : new ImageEncoder(encoderOptions, new SmallCnnBackbone(template.ImageSizes[^1], e.SmallCnnWidth));
                    break;
            }
            LoadStrict(module, tensors, path, notes);
            return new ImportedComponent(kind, module, path, notes);
        }
        catch (ArgumentException e)
        {
            module?.Dispose();
            throw new ReferenceImportException($"the weights do not describe a buildable component: {e.Message}", path, e);
        }
        catch
        {
            module?.Dispose();
            throw;
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    /// <summary>True for BatchNorm's <c>num_batches_tracked</c> counter, the only key an old checkpoint may lack.</summary>
    public static bool IsBatchCounter(string key) => key.EndsWith("num_batches_tracked", StringComparison.Ordinal);

    /// <summary>Loads strictly (absent batch counters allowed and reported), turning key errors into import errors.</summary>
    internal static void LoadStrict(nn.Module module, IReadOnlyDictionary<string, Tensor> tensors, string path, List<string> notes)
    {
        int absent = module.state_dict().Keys.Count(k => IsBatchCounter(k) && !tensors.ContainsKey(k));
        try
        {
            StateDicts.LoadStrict(module, tensors, IsBatchCounter);
        }
        catch (ArgumentException e)
        {
            throw new ReferenceImportException(e.Message, path, e);
        }
        if (absent > 0)
            notes.Add($"{System.IO.Path.GetFileName(path)}: {absent} BatchNorm num_batches_tracked counters absent (saved by old PyTorch); they start at 0, which changes nothing with the default momentum");
    }

    internal static ReferenceImportException Unknown(StateDictFile file) => new(
        "not a known component (text encoder, image encoder, generator, image discriminator or ZSL discriminator); its keys begin " +
        string.Join(", ", file.Tensors.Keys.OrderBy(k => k, StringComparer.Ordinal).Take(5)) + (file.Tensors.Count > 5 ? ", …" : ""), file.Path);
}
