namespace ZslAttnGan.Cli;

/// <summary>Process exit codes.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Something failed; one line on stderr says what.</summary>
    public const int Error = 1;

    /// <summary>The command exists but is not available in this build (evaluate, until the evaluation module is wired in).</summary>
    public const int NotAvailable = 2;

    /// <summary>Stopped by Ctrl-C after saving a checkpoint (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
