using TorchSharp;

namespace ZslAttnGan.Training.Observers;

/// <summary>
/// Writes every logged loss and learning rate as TensorBoard scalars (<c>&lt;phase&gt;/loss/&lt;name&gt;</c>,
/// <c>&lt;phase&gt;/lr/&lt;name&gt;</c>) and, through <see cref="AddImage"/>, PNG images (previews) to event files in
/// <see cref="Directory"/>. Image summaries go through TorchSharp's SkiaSharp; ZslAttnGan.Core brings SkiaSharp's Linux
/// native library for them (TorchSharp references only the Windows and macOS ones).
/// </summary>
public sealed class TensorBoardObserver : ITrainingObserver
{
    private TorchSharp.Modules.SummaryWriter? _writer;

    /// <summary>Writes to <paramref name="directory"/> (created on first use).</summary>
    public TensorBoardObserver(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = directory;
    }

    /// <summary>The event-file folder.</summary>
    public string Directory { get; }

    private TorchSharp.Modules.SummaryWriter Writer => _writer ??= torch.utils.tensorboard.SummaryWriter(Directory, createRunName: false);

    /// <inheritdoc />
    public void OnLog(Trainer trainer, TrainingProgress progress)
    {
        foreach (var (name, value) in progress.Losses) Writer.add_scalar($"{progress.Phase}/loss/{name}", (float)value, (int)progress.Step);
        foreach (var (name, value) in progress.LearningRates) Writer.add_scalar($"{progress.Phase}/lr/{name}", (float)value, (int)progress.Step);
    }

    /// <summary>Adds a PNG (e.g. a preview grid) under <paramref name="tag"/> at <paramref name="step"/>.</summary>
    public void AddImage(string tag, string pngPath, long step)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        ArgumentException.ThrowIfNullOrEmpty(pngPath);
        if (!File.Exists(pngPath)) throw new FileNotFoundException($"The image to log does not exist: {pngPath}", pngPath);
        Writer.add_img(tag, pngPath, (int)step);
    }
}
