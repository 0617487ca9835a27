namespace ZslAttnGan.Distributed;

/// <summary>An MPI call returned an error code (COMM_WORLD uses MPI_ERRORS_RETURN, so errors come back instead of
/// aborting the job).</summary>
public sealed class MpiException : Exception
{
    /// <summary>Creates the exception for <paramref name="operation"/>'s error <paramref name="errorCode"/>.</summary>
    public MpiException(string operation, int errorCode, string errorText)
        : base($"{operation} failed with MPI error {errorCode}: {errorText}")
    {
        Operation = operation;
        ErrorCode = errorCode;
    }

    /// <summary>The MPI function that failed, e.g. <c>MPI_Allreduce</c>.</summary>
    public string Operation { get; }

    /// <summary>MPI's error code.</summary>
    public int ErrorCode { get; }
}
