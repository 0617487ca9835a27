using System.Text.Json;
using ZslAttnGan.Checkpoints;

namespace ZslAttnGan.Training;

/// <summary>
/// Presets as JSON files (the checkpoint manifest's format: indented, enums as strings), so a variant of a preset can
/// be kept beside a run and passed to the CLI (<c>zsl-attngan preset Synthetic &gt; mine.json</c>, edit,
/// <c>train --preset-file mine.json</c>). A file must hold the whole preset; it is validated on load.
/// </summary>
public static class PresetFile
{
    /// <summary>The JSON text of <paramref name="preset"/>.</summary>
    public static string ToJson(TrainingPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        return JsonSerializer.Serialize(preset, CheckpointManifest.JsonOptions);
    }

    /// <summary>Writes <paramref name="preset"/> to <paramref name="path"/>.</summary>
    public static void Save(TrainingPreset preset, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        File.WriteAllText(path, ToJson(preset));
    }

    /// <summary>Reads and validates a preset file.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a complete preset (the message names the file and, for JSON errors,
    /// the line and JSON path), or its options are inconsistent.</exception>
    public static TrainingPreset Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"The preset file '{path}' does not exist.", path);
        TrainingPreset? preset;
        try
        {
            preset = JsonSerializer.Deserialize<TrainingPreset>(File.ReadAllText(path), CheckpointManifest.JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a preset ({e.Message}).", e);
        }
        if (preset is null || preset.Model is null || preset.Loss is null || preset.Training is null || string.IsNullOrWhiteSpace(preset.Name))
            throw new InvalidDataException($"{path}: a preset needs Name, Model, Loss and Training (write a complete one with `zsl-attngan preset <name>`).");
        try
        {
            preset.Model.Validate();
            preset.Loss.Validate();
            preset.Training.Validate();
            if (preset.EncoderBatchSize < 2 || preset.GanBatchSize < 2 || preset.WordsPerCaption < 1 || preset.CaptionsPerImage < 1)
                throw new ArgumentException("batch sizes must be at least 2, words and captions per image at least 1.");
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
        return preset;
    }
}
