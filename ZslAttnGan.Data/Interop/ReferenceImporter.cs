using ZslAttnGan.Data.Pickles;

namespace ZslAttnGan.Interop;

/// <summary>
/// The import entry point behind <c>zsl-attngan import</c>: reference weights plus AttnGAN's <c>captions.pickle</c>
/// (whose <c>ixtoword</c> is the vocabulary the released text encoders were trained with — hash-ordered, so it cannot be
/// rebuilt from the captions) → one of our checkpoints. See <see cref="ModelImporter"/> for what is read and how the
/// mode and shapes are found. <c>.pth</c> and pickle files are for trusted input only.
/// </summary>
public static class ReferenceImporter
{
    /// <summary>Imports reference weights and writes a model-only checkpoint.</summary>
    /// <param name="folderOrFiles">Folders (their <c>text_encoder*</c>, <c>image_encoder*</c>, <c>netG*</c>, <c>netD*</c>,
    /// <c>discriminator*</c> files with <c>.pth</c> or <c>.safetensors</c>) and/or files.</param>
    /// <param name="captionsPickle">AttnGAN's <c>captions.pickle</c> ([train_captions, test_captions, ixtoword, wordtoix]).</param>
    /// <param name="outCheckpoint">The checkpoint directory to write (replaced atomically if it exists).</param>
    /// <param name="options">Import options (missing components, mask bug, base shapes).</param>
    /// <returns>What was found, the mode and the options, with the checkpoint's path.</returns>
    /// <exception cref="ReferenceImportException">The weights or the vocabulary cannot be used; the message says why.</exception>
    public static ImportSummary Import(IEnumerable<string> folderOrFiles, string captionsPickle, string outCheckpoint, ImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(folderOrFiles);
        ArgumentException.ThrowIfNullOrEmpty(captionsPickle);
        AttnGanCaptions captions;
        try
        {
            captions = AttnGanPickles.ReadCaptions(captionsPickle);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new ReferenceImportException($"cannot read the vocabulary: {e.Message}", captionsPickle, e);
        }
        return ModelImporter.Import(folderOrFiles, captions.Vocabulary, outCheckpoint, options);
    }

    /// <summary>Imports from one folder or file; see <see cref="Import(IEnumerable{string}, string, string, ImportOptions?)"/>.</summary>
    public static ImportSummary Import(string folderOrFile, string captionsPickle, string outCheckpoint, ImportOptions? options = null) =>
        Import(new[] { folderOrFile }, captionsPickle, outCheckpoint, options);
}
