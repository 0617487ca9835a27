using ZslAttnGan.Training;

namespace ZslAttnGan.Checkpoints;

/// <summary>A checkpoint cannot be loaded (missing or altered files, another format, or a mismatch with the caller's
/// model, options or vocabulary). The message says exactly what differs.</summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CheckpointException(string directory, string problem, Exception? inner = null)
        : base($"Checkpoint '{directory}': {problem}", inner)
    {
        Directory = directory;
    }

    /// <summary>The checkpoint directory.</summary>
    public string Directory { get; }
}
