using ZslAttnGan.Data.Cub;
using ZslAttnGan.Data.Pickles;
using ZslAttnGan.Text;

namespace ZslAttnGan.Interop;

/// <summary>
/// The import entry point behind <c>zsl-attngan import</c>: reference weights plus their vocabulary → one of our
/// checkpoints. The vocabulary comes from AttnGAN's <c>captions.pickle</c> (whose <c>ixtoword</c> the released text
/// encoders were trained with — hash-ordered, so it cannot be rebuilt from the captions) or, for the ZSL-AttnGAN code,
/// which never writes one, from the CUB dataset folder it trained on (rebuilt as that code does; see
/// <see cref="Data.Cub.CubDataset.LoadVocabulary"/>). See <see cref="ModelImporter"/> for what is read and how the
/// mode and shapes are found. <c>.pth</c> and pickle files are for trusted input only.
/// </summary>
public static class ReferenceImporter
{
    /// <summary>Imports reference weights and writes a model-only checkpoint.</summary>
    /// <param name="folderOrFiles">Folders (their <c>text_encoder*</c>, <c>image_encoder*</c>, <c>netG*</c>, <c>netD*</c>,
    /// <c>discriminator*</c> files with <c>.pth</c> or <c>.safetensors</c>) and/or files.</param>
    /// <param name="captionsPickle">AttnGAN's <c>captions.pickle</c> ([train_captions, test_captions, ixtoword, wordtoix]), or
    /// the CUB dataset folder the weights were trained on (its <c>captions.pickle</c> when it has one, else the vocabulary
    /// rebuilt from its caption files in <c>images.txt</c> order, 10 captions per image, as the ZSL-AttnGAN code does).</param>
    /// <param name="outCheckpoint">The checkpoint directory to write (replaced atomically if it exists).</param>
    /// <param name="options">Import options (missing components, mask bug, base shapes).</param>
    /// <returns>What was found, the mode and the options, with the checkpoint's path.</returns>
    /// <exception cref="ReferenceImportException">The weights or the vocabulary cannot be used; the message says why.</exception>
    public static ImportSummary Import(IEnumerable<string> folderOrFiles, string captionsPickle, string outCheckpoint, ImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(folderOrFiles);
        ArgumentException.ThrowIfNullOrEmpty(captionsPickle);
        Vocabulary vocabulary;
        try
        {
            vocabulary = Directory.Exists(captionsPickle)
                ? CubDataset.LoadVocabulary(new CubOptions { Root = captionsPickle })
                : AttnGanPickles.ReadCaptions(captionsPickle).Vocabulary;
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new ReferenceImportException($"cannot read the vocabulary: {e.Message}", captionsPickle, e);
        }
        return ModelImporter.Import(folderOrFiles, vocabulary, outCheckpoint, options);
    }

    /// <summary>Imports from one folder or file; see <see cref="Import(IEnumerable{string}, string, string, ImportOptions?)"/>.</summary>
    public static ImportSummary Import(string folderOrFile, string captionsPickle, string outCheckpoint, ImportOptions? options = null) =>
        Import(new[] { folderOrFile }, captionsPickle, outCheckpoint, options);
}
