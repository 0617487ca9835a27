using TorchSharp;

namespace ZslAttnGan.Training;

/// <summary>Optional TensorBoard event files of a training run.</summary>
public abstract partial class Trainer
{
    /// <summary>Adds a PNG (e.g. a preview grid) to the TensorBoard log at the current step; does nothing without
    /// <see cref="TensorBoardDirectory"/>.</summary>
    public void LogImageFile(string tag, string pngPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        ArgumentException.ThrowIfNullOrEmpty(pngPath);
        TensorBoard?.add_img(tag, pngPath, (int)State.Step);
    }

    private TorchSharp.Modules.SummaryWriter? _tensorBoard;

    private TorchSharp.Modules.SummaryWriter? TensorBoard =>
        TensorBoardDirectory is null ? null : _tensorBoard ??= torch.utils.tensorboard.SummaryWriter(TensorBoardDirectory, createRunName: false);

    private void WriteTensorBoard(IReadOnlyDictionary<string, double> lrs)
    {
        if (TensorBoard is not { } writer) return;
        foreach (var (name, value) in _lastLosses) writer.add_scalar($"{State.Phase}/loss/{name}", (float)value, (int)State.Step);
        foreach (var (name, value) in lrs) writer.add_scalar($"{State.Phase}/lr/{name}", (float)value, (int)State.Step);
    }
}
