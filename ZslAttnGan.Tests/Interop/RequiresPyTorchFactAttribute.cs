namespace ZslAttnGan.Tests.Interop;

/// <summary>A fact that needs real PyTorch: skipped, with the reason and the install command, where
/// <c>import torch</c> fails under <see cref="PyTorchExportCheck.Python"/>.</summary>
public sealed class RequiresPyTorchFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> from the (once-per-run) PyTorch probe.</summary>
    public RequiresPyTorchFactAttribute()
    {
        if (PyTorchExportCheck.SkipReason is { } reason) Skip = reason;
    }
}
