using TorchSharp;
using ZslAttnGan.Text;
using ZslAttnGan.Training;
using ZslAttnGan.Checkpoints;
using ZslAttnGan.Vision;
using static TorchSharp.torch;
using ZslAttnGan.Models;

namespace ZslAttnGan.Interop;

/// <summary>A model built from reference weights, and the summary of the import. Owns the model.</summary>
/// <param name="Model">The model.</param>
/// <param name="Summary">What was found and built.</param>
public sealed record ImportedModel(ZslAttnGanModel Model, ImportSummary Summary) : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => Model.Dispose();
}

/// <summary>
/// Imports a whole model from reference state-dict files (AttnGAN's <c>text_encoder*.pth</c>, <c>image_encoder*.pth</c>,
/// <c>netG*.pth</c>, <c>netD*.pth</c>; the seed's <c>discriminator*.pth</c>; or files written by
/// <see cref="ReferenceExporter"/>) with a vocabulary, and writes it as one of our checkpoints. The mode and every shape
/// come from the weights: a generator with <c>ca_net.*</c> is plain AttnGAN, one without is ZSL-AttnGAN. Pickle-based
/// <c>.pth</c> files are for trusted input only (see <see cref="StateDictFiles"/>). For AttnGAN's <c>captions.pickle</c>
/// use <c>ReferenceImporter</c> in ZslAttnGan.Data.
/// </summary>
public static class ModelImporter
{
    /// <summary>Imports and writes a model-only checkpoint to <paramref name="outCheckpoint"/>.</summary>
    /// <param name="folderOrFiles">Folders (their <c>text_encoder*</c>, <c>image_encoder*</c>, <c>netG*</c>, <c>netD*</c>,
    /// <c>discriminator*</c> files with <c>.pth</c> or <c>.safetensors</c>) and/or files.</param>
    /// <param name="vocabulary">The vocabulary the text encoder was trained with (its size must equal the embedding's rows).</param>
    /// <param name="outCheckpoint">The checkpoint directory to write (replaced atomically if it exists).</param>
    /// <param name="options">Import options.</param>
    /// <returns>The summary, with <see cref="ImportSummary.CheckpointDirectory"/> set.</returns>
    /// <exception cref="ReferenceImportException">Files unreadable, inconsistent, or (without
    /// <see cref="ImportOptions.AllowMissingComponents"/>) incomplete; the message says which and why.</exception>
    public static ImportSummary Import(IEnumerable<string> folderOrFiles, Vocabulary vocabulary, string outCheckpoint, ImportOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(outCheckpoint);
        using var imported = Load(folderOrFiles, vocabulary, options);
        Checkpoint.Save(outCheckpoint, imported.Model, vocabulary, new CheckpointExtras());
        return imported.Summary with { CheckpointDirectory = Path.GetFullPath(outCheckpoint) };
    }

    /// <summary>Imports into memory without writing a checkpoint.</summary>
    /// <inheritdoc cref="Import" path="/param"/>
    /// <exception cref="ReferenceImportException">As for <see cref="Import"/>.</exception>
    public static ImportedModel Load(IEnumerable<string> folderOrFiles, Vocabulary vocabulary, ImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        options ??= new ImportOptions();
        var files = ReferenceFiles.Discover(folderOrFiles);
        using var found = FoundComponents.Read(files);
        var notes = found.All.SelectMany(f => f.Notes.Select(n => $"{Path.GetFileName(f.Path)}: {n}")).ToList();
        var (mode, modelOptions, classCount) = ModelOptionsInference.Infer(found, vocabulary.Count, options, notes);

        var sources = Sources(found, modelOptions);
        var fresh = sources.Where(s => s.Source is null).ToList();
        if (fresh.Count > 0 && !options.AllowMissingComponents)
            throw new ReferenceImportException($"missing components: {string.Join("; ", fresh.Select(Describe))}. Pass their files, or allow " +
                "missing components (ImportOptions.AllowMissingComponents) to keep freshly initialised ones.");

        var model = new ZslAttnGanModel(modelOptions, vocabulary.Count, classCount, options.Seed);
        try
        {
            foreach (var (name, module) in model.Components())
            {
                var file = sources.Single(s => s.Name == name).Source is null ? null : FileFor(found, name);
                if (file is null) continue;
                var tensors = name == ZslAttnGanModel.ImageEncoderName
                    ? ImageEncoderHeads.ConvertGlobalCodeKeys(file.Tensors, modelOptions.ImageEncoder.GlobalCodeHead)
                    : file.Tensors;
                ComponentImporter.LoadStrict(module, tensors, file.Path, notes);
            }
        }
        catch
        {
            model.Dispose();
            throw;
        }
        foreach (var f in fresh) notes.Add($"{f.Name} is freshly initialised (seed {options.Seed}): {Describe(f)}");
        if (fresh.Any(f => f.Kind == ReferenceComponentKind.ImageEncoder) && modelOptions.ImageBackbone == ImageBackboneKind.InceptionV3)
            notes.Add("the fresh image encoder's Inception-v3 trunk has random weights: DAMSM losses, training and evaluation need a trained image_encoder*.pth");
        if (options.AllowMissingComponents && options.ClassCount is null && mode == ReferenceMode.ZslAttnGan && found.ZslDiscriminator is null)
            notes.Add($"the fresh ZSL discriminator has {classCount} classes (CUB); set ImportOptions.ClassCount for other data");
        var summary = new ImportSummary(mode, modelOptions, vocabulary.Count, classCount, sources, notes);
        return new ImportedModel(model, summary);
    }

    private static List<ImportedComponentInfo> Sources(FoundComponents found, ModelOptions options)
    {
        var list = new List<ImportedComponentInfo>
        {
            new(ZslAttnGanModel.TextEncoderName, ReferenceComponentKind.TextEncoder, found.TextEncoder?.Path),
            new(ZslAttnGanModel.ImageEncoderName, ReferenceComponentKind.ImageEncoder, found.ImageEncoder?.Path),
        };
        if (options.IsZsl) list.Add(new(ZslAttnGanModel.ZslDiscriminatorName, ReferenceComponentKind.ZslDiscriminator, found.ZslDiscriminator?.Path));
        list.Add(new(ZslAttnGanModel.GeneratorName, ReferenceComponentKind.Generator, found.Generator?.Path));
        var sizes = options.Generator.SingleOutput ? new[] { options.ImageSizes[^1] } : options.ImageSizes.ToArray();
        foreach (var size in sizes)
            list.Add(new($"discriminator_{size}", ReferenceComponentKind.ImageDiscriminator, found.ImageDiscriminators.GetValueOrDefault(size)?.Path));
        return list;
    }

    private static StateDictFile? FileFor(FoundComponents found, string name) => name switch
    {
        ZslAttnGanModel.TextEncoderName => found.TextEncoder,
        ZslAttnGanModel.ImageEncoderName => found.ImageEncoder,
        ZslAttnGanModel.ZslDiscriminatorName => found.ZslDiscriminator,
        ZslAttnGanModel.GeneratorName => found.Generator,
        _ => found.ImageDiscriminators.GetValueOrDefault(int.Parse(name["discriminator_".Length..], System.Globalization.CultureInfo.InvariantCulture)),
    };

    private static string Describe(ImportedComponentInfo c) => c.Kind switch
    {
        ReferenceComponentKind.ImageEncoder => "image encoder (image_encoder*.pth)",
        ReferenceComponentKind.ZslDiscriminator => "ZSL discriminator (discriminator*.pth)",
        ReferenceComponentKind.Generator => "generator (netG*.pth)",
        ReferenceComponentKind.ImageDiscriminator => $"image discriminator for {c.Name["discriminator_".Length..]} px (netD*.pth)",
        _ => "text encoder (text_encoder*.pth)",
    };
}
