using System.Runtime.InteropServices;

namespace ZslAttnGan.Distributed;

/// <summary>
/// Open MPI's C library (<c>libmpi.so.40</c>, Open MPI 4.x/5.x on Linux), loaded once per process, with the handful of
/// MPI entry points and predefined handles <see cref="MpiProcessGroup"/> uses.
/// </summary>
/// <remarks>
/// <para>The library is opened with <c>dlopen(RTLD_NOW | RTLD_GLOBAL)</c>, not with .NET's default
/// <c>RTLD_LOCAL</c>: Open MPI loads its components (<c>mca_*.so</c>) as plugins that resolve symbols of
/// <c>libmpi</c>/<c>libopen-pal</c> from the global namespace, and fail to load otherwise.</para>
/// <para>Open MPI's predefined handles (<c>MPI_COMM_WORLD</c>, <c>MPI_FLOAT</c>, <c>MPI_SUM</c>, …) are macros for the
/// ADDRESSES of exported globals (<c>&amp;ompi_mpi_comm_world</c>), so the handle is what
/// <see cref="NativeLibrary.GetExport"/> returns. This is Open MPI's ABI; MPICH's handles are integers and would need
/// another binding.</para>
/// <para>The search order of the path: the <c>path</c> argument (<see cref="MpiOptions.LibraryPath"/>), then the
/// environment variable <see cref="LibraryEnvironmentVariable"/>, then <see cref="DefaultName"/> through the system's
/// library path.</para>
/// </remarks>
public sealed unsafe partial class MpiLibrary
{
    /// <summary>The soname of Open MPI 4.x's C library, as Debian's <c>libopenmpi3</c> installs it.</summary>
    public const string DefaultName = "libmpi.so.40";

    /// <summary>Environment variable naming another MPI library (a full path or a soname).</summary>
    public const string LibraryEnvironmentVariable = "ZSLATTNGAN_MPI_LIBRARY";

    /// <summary>What to install when the library is missing.</summary>
    public const string InstallHint = "install openmpi-bin and libopenmpi-dev (apt-get install openmpi-bin libopenmpi-dev)";

    private static readonly object LoadLock = new();
    private static readonly Dictionary<string, MpiLibrary> Loaded = [];

    private MpiLibrary(string path, nint handle)
    {
        Path = path;
        Handle = handle;
        Initialized = (delegate* unmanaged<int*, int>)Export("MPI_Initialized");
        Finalized = (delegate* unmanaged<int*, int>)Export("MPI_Finalized");
        InitThread = (delegate* unmanaged<int*, nint, int, int*, int>)Export("MPI_Init_thread");
        Finalize = (delegate* unmanaged<int>)Export("MPI_Finalize");
        CommRank = (delegate* unmanaged<nint, int*, int>)Export("MPI_Comm_rank");
        CommSize = (delegate* unmanaged<nint, int*, int>)Export("MPI_Comm_size");
        CommSetErrhandler = (delegate* unmanaged<nint, nint, int>)Export("MPI_Comm_set_errhandler");
        Allreduce = (delegate* unmanaged<nint, nint, int, nint, nint, nint, int>)Export("MPI_Allreduce");
        Bcast = (delegate* unmanaged<nint, int, nint, int, nint, int>)Export("MPI_Bcast");
        Barrier = (delegate* unmanaged<nint, int>)Export("MPI_Barrier");
        Abort = (delegate* unmanaged<nint, int, int>)Export("MPI_Abort");
        ErrorString = (delegate* unmanaged<int, byte*, int*, int>)Export("MPI_Error_string");
        CommWorld = Export("ompi_mpi_comm_world");
        Float = Export("ompi_mpi_float");
        Double = Export("ompi_mpi_double");
        Int64 = Export("ompi_mpi_int64_t");
        OpSum = Export("ompi_mpi_op_sum");
        OpMax = Export("ompi_mpi_op_max");
        ErrorsReturn = Export("ompi_mpi_errors_return");
    }

    /// <summary>The path or soname the library was loaded from.</summary>
    public string Path { get; }

    internal nint Handle { get; }

    internal readonly delegate* unmanaged<int*, int> Initialized;
    internal readonly delegate* unmanaged<int*, int> Finalized;
    internal readonly delegate* unmanaged<int*, nint, int, int*, int> InitThread;   // argc*, argv* (both may be NULL)
    internal readonly delegate* unmanaged<int> Finalize;
    internal readonly delegate* unmanaged<nint, int*, int> CommRank;
    internal readonly delegate* unmanaged<nint, int*, int> CommSize;
    internal readonly delegate* unmanaged<nint, nint, int> CommSetErrhandler;
    internal readonly delegate* unmanaged<nint, nint, int, nint, nint, nint, int> Allreduce;   // send, recv, count, type, op, comm
    internal readonly delegate* unmanaged<nint, int, nint, int, nint, int> Bcast;              // buffer, count, type, root, comm
    internal readonly delegate* unmanaged<nint, int> Barrier;
    internal readonly delegate* unmanaged<nint, int, int> Abort;
    internal readonly delegate* unmanaged<int, byte*, int*, int> ErrorString;

    internal nint CommWorld { get; }
    internal nint Float { get; }
    internal nint Double { get; }
    internal nint Int64 { get; }
    internal nint OpSum { get; }
    internal nint OpMax { get; }
    internal nint ErrorsReturn { get; }

    /// <summary>MPI_IN_PLACE: Open MPI defines it as <c>(void*)1</c>.</summary>
    internal static nint InPlace => 1;

    /// <summary>MPI_SUCCESS.</summary>
    internal const int Success = 0;

    /// <summary>Loads (once per path) the MPI library.</summary>
    /// <param name="path">A path or soname; null: <see cref="LibraryEnvironmentVariable"/>, else <see cref="DefaultName"/>.</param>
    /// <exception cref="PlatformNotSupportedException">Not on Linux.</exception>
    /// <exception cref="DllNotFoundException">The library is missing or is not Open MPI's; the message says what to install.</exception>
    public static MpiLibrary Load(string? path = null)
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("ZslAttnGan.Distributed binds Open MPI's libmpi.so.40 and runs on Linux only; on other systems use SingleProcessGroup.");
        path = ResolvePath(path);
        lock (LoadLock)
        {
            if (Loaded.TryGetValue(path, out var library)) return library;
            // A first dlerror() call binds its P/Invoke stub now (binding calls dlsym, which would clear the error
            // text dlopen leaves) and clears any earlier error.
            Dlerror();
            nint handle = Dlopen(path, RtldNow | RtldGlobal);
            if (handle == 0)
            {
                string reason = Marshal.PtrToStringUTF8(Dlerror()) ?? "dlopen failed";
                throw new DllNotFoundException(path == DefaultName
                    ? $"{DefaultName} not found: {InstallHint}. ({reason})"
                    : $"{path} not found ({LibraryEnvironmentVariable} or MpiOptions.LibraryPath): {reason}. For the system's Open MPI, unset it and {InstallHint}.");
            }
            try
            {
                library = new MpiLibrary(path, handle);
            }
            catch (EntryPointNotFoundException e)
            {
                throw new DllNotFoundException($"{path} is not Open MPI's C library ({e.Message}); ZslAttnGan.Distributed needs Open MPI 4 or 5: {InstallHint}.", e);
            }
            Loaded[path] = library;
            return library;
        }
    }

    /// <summary>The path <see cref="Load"/> would open for <paramref name="path"/>.</summary>
    public static string ResolvePath(string? path) =>
        !string.IsNullOrWhiteSpace(path) ? path
        : Environment.GetEnvironmentVariable(LibraryEnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
        : DefaultName;

    /// <summary>Throws <see cref="MpiException"/> when <paramref name="code"/> is not MPI_SUCCESS; the message has
    /// <c>MPI_Error_string</c>'s text. Works because COMM_WORLD's error handler is MPI_ERRORS_RETURN (the default,
    /// MPI_ERRORS_ARE_FATAL, would abort the job inside the call instead of returning).</summary>
    internal void Check(int code, string operation)
    {
        if (code != Success) throw new MpiException(operation, code, DescribeError(code));
    }

    internal string DescribeError(int code)
    {
        // MPI_MAX_ERROR_STRING is 256 in Open MPI.
        byte* text = stackalloc byte[512];
        int length = 0;
        return ErrorString(code, text, &length) == Success && length > 0
            ? System.Text.Encoding.UTF8.GetString(text, Math.Min(length, 511))
            : $"MPI error {code}";
    }

    private nint Export(string name) => NativeLibrary.GetExport(Handle, name);

    private const int RtldNow = 2;
    private const int RtldGlobal = 0x100;

    // dlopen and dlerror are in libc.so.6 since glibc 2.34 (Debian 12 has 2.36); earlier glibc keeps them in
    // libdl.so.2, which still exists as a stub on newer ones, so libdl.so.2 works on both.
    [LibraryImport("libdl.so.2", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint Dlopen(string file, int mode);

    [LibraryImport("libdl.so.2", EntryPoint = "dlerror")]
    private static partial nint Dlerror();
}
