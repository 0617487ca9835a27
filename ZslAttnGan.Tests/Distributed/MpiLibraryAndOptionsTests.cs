using ZslAttnGan.Distributed;

namespace ZslAttnGan.Tests.Distributed;

/// <summary>Loading errors and option resolution. One class: the tests that set environment variables must not run in
/// parallel with each other.</summary>
[Collection(MpiEnvironmentCollection.Name)]
public class MpiLibraryAndOptionsTests
{
    [Fact]
    public void AMissingLibraryIsAClearErrorThatSaysWhatToInstall()
    {
        if (!OperatingSystem.IsLinux()) return;   // elsewhere Load refuses with PlatformNotSupportedException
        const string missing = "/nonexistent/libmpi.so.40";
        var e = Assert.Throws<DllNotFoundException>(() => MpiLibrary.Load(missing));
        Assert.Contains(missing, e.Message);
        Assert.Contains("apt-get install openmpi-bin libopenmpi-dev", e.Message);
        // Through the options, with MPI asked for even without mpirun: refused before anything is initialised.
        e = Assert.Throws<DllNotFoundException>(() => MpiProcessGroup.Initialize(new MpiOptions { LibraryPath = missing, InitializeWithoutLauncher = true }));
        Assert.Contains(missing, e.Message);
    }

    [Fact]
    public void TheLibraryPathComesFromTheArgumentThenTheEnvironmentThenTheDefault()
    {
        var saved = Environment.GetEnvironmentVariable(MpiLibrary.LibraryEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(MpiLibrary.LibraryEnvironmentVariable, null);
            Assert.Equal("libmpi.so.40", MpiLibrary.ResolvePath(null));
            Environment.SetEnvironmentVariable(MpiLibrary.LibraryEnvironmentVariable, "/nonexistent/from-env/libmpi.so");
            Assert.Equal("/nonexistent/from-env/libmpi.so", MpiLibrary.ResolvePath(null));
            Assert.Equal("/x/libmpi.so", MpiLibrary.ResolvePath("/x/libmpi.so"));
            if (OperatingSystem.IsLinux())
                Assert.Contains("/nonexistent/from-env/libmpi.so", Assert.Throws<DllNotFoundException>(() => MpiLibrary.Load()).Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(MpiLibrary.LibraryEnvironmentVariable, saved);
        }
    }

    [Fact]
    public void TheTimeoutComesFromTheOptionThenTheEnvironmentThenTenMinutes()
    {
        var saved = Environment.GetEnvironmentVariable(MpiOptions.TimeoutEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(MpiOptions.TimeoutEnvironmentVariable, null);
            Assert.Equal(TimeSpan.FromMinutes(10), new MpiOptions().EffectiveCollectiveTimeout());
            Environment.SetEnvironmentVariable(MpiOptions.TimeoutEnvironmentVariable, "42.5");
            Assert.Equal(TimeSpan.FromSeconds(42.5), new MpiOptions().EffectiveCollectiveTimeout());
            Assert.Equal(TimeSpan.FromSeconds(3), new MpiOptions { CollectiveTimeout = TimeSpan.FromSeconds(3) }.EffectiveCollectiveTimeout());
            Environment.SetEnvironmentVariable(MpiOptions.TimeoutEnvironmentVariable, "0");
            Assert.Null(new MpiOptions().EffectiveCollectiveTimeout());
            Assert.Null(new MpiOptions { CollectiveTimeout = Timeout.InfiniteTimeSpan }.EffectiveCollectiveTimeout());
            Environment.SetEnvironmentVariable(MpiOptions.TimeoutEnvironmentVariable, "ten");
            Assert.Contains("ZSLATTNGAN_MPI_TIMEOUT=ten", Assert.Throws<FormatException>(() => new MpiOptions().EffectiveCollectiveTimeout()).Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(MpiOptions.TimeoutEnvironmentVariable, saved);
        }
    }
}
