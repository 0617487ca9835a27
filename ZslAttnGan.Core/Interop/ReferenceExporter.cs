using TorchSharp;
using ZslAttnGan.Training;
using ZslAttnGan.Checkpoints;
using static TorchSharp.torch;
using ZslAttnGan.Models;

namespace ZslAttnGan.Interop;

/// <summary>
/// Writes our components as PyTorch zip-format <c>.pth</c> files or safetensors with the reference's state-dict keys
/// (our keys are the reference's), so the reference code's modules load them with <c>load_state_dict(…, strict=True)</c>:
/// <c>text_encoder</c>, <c>image_encoder</c>, <c>netG</c>, <c>netD0</c>… (smallest image first) and, in ZSL-AttnGAN,
/// <c>discriminator</c>. The image encoder's global-code keys are <c>emb_cnn_code.0.*</c> (ZSL-AttnGAN, with Tanh) or
/// <c>emb_cnn_code.*</c> (AttnGAN), as each reference names them; <see cref="Vision.ImageEncoderHeads.ConvertGlobalCodeKeys"/>
/// renames between the two.
/// </summary>
public static class ReferenceExporter
{
    /// <summary>Writes every component of <paramref name="model"/> to <paramref name="folder"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="folder">Target folder (created if needed); files of the same names are replaced.</param>
    /// <param name="format">PyTorch <c>.pth</c> (default) or safetensors.</param>
    /// <param name="generatorWeights">Generator state to write instead of the live one (e.g. the averaged weights); keys
    /// it lacks (BatchNorm statistics) come from the live generator.</param>
    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> Export(ZslAttnGanModel model, string folder, StateDictFormat format = StateDictFormat.PyTorchZip,
        IReadOnlyDictionary<string, Tensor>? generatorWeights = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var written = new List<string>();
        int d = 0;
        foreach (var (name, module) in model.Components())
        {
            string file = name switch
            {
                ZslAttnGanModel.TextEncoderName => ReferenceFiles.TextEncoder,
                ZslAttnGanModel.ImageEncoderName => ReferenceFiles.ImageEncoder,
                ZslAttnGanModel.ZslDiscriminatorName => ReferenceFiles.ZslDiscriminator,
                ZslAttnGanModel.GeneratorName => ReferenceFiles.Generator,
                _ => ReferenceFiles.ImageDiscriminator(d++), // Components() lists the image discriminators smallest first
            };
            var path = Path.Combine(folder, file + Extension(format));
            if (name == ZslAttnGanModel.GeneratorName && generatorWeights is not null)
            {
                var state = new Dictionary<string, Tensor>(module.state_dict());
                foreach (var (key, value) in generatorWeights)
                {
                    if (!state.ContainsKey(key)) throw new ArgumentException($"generatorWeights holds {key}, which the generator does not have.", nameof(generatorWeights));
                    state[key] = value;
                }
                StateDictFiles.Write(path, state, format);
            }
            else ExportComponent(module, path, format);
            written.Add(path);
        }
        return written;
    }

    /// <summary>Exports a checkpoint's model: with the generator's averaged weights when the checkpoint has them (AttnGAN
    /// also saves its averaged generator as <c>netG</c>) and <paramref name="useAveragedGenerator"/> is true.</summary>
    /// <returns>The files written.</returns>
    /// <exception cref="CheckpointException">The checkpoint is incomplete, altered or of another format.</exception>
    public static IReadOnlyList<string> ExportCheckpoint(string checkpointDirectory, string folder,
        StateDictFormat format = StateDictFormat.PyTorchZip, bool useAveragedGenerator = true) =>
        ExportCheckpoint(Checkpoint.Open(checkpointDirectory), folder, format, useAveragedGenerator);

    /// <summary>Exports an opened checkpoint's model (see the overload taking a directory); for callers that also read
    /// the checkpoint's manifest, so that its files are verified once.</summary>
    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> ExportCheckpoint(LoadedCheckpoint checkpoint, string folder,
        StateDictFormat format = StateDictFormat.PyTorchZip, bool useAveragedGenerator = true)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        using var model = checkpoint.CreateModel();
        using var scope = NewDisposeScope();
        var averaged = useAveragedGenerator && checkpoint.HasTensors(Checkpoint.GeneratorEmaName) ? checkpoint.ReadTensors(Checkpoint.GeneratorEmaName) : null;
        return Export(model, folder, format, averaged);
    }

    /// <summary>Writes one module's state dict (reference keys) to <paramref name="path"/>.</summary>
    public static void ExportComponent(nn.Module module, string path, StateDictFormat format = StateDictFormat.PyTorchZip)
    {
        ArgumentNullException.ThrowIfNull(module);
        StateDictFiles.Write(path, module.state_dict(), format);
    }

    /// <summary>The file extension of <paramref name="format"/> (<c>.pth</c> or <c>.safetensors</c>).</summary>
    public static string Extension(StateDictFormat format) => format == StateDictFormat.Safetensors ? ".safetensors" : ".pth";
}
