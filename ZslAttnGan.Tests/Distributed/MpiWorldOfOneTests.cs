using ZslAttnGan.Collectives;
using ZslAttnGan.Distributed;

namespace ZslAttnGan.Tests.Distributed;

/// <summary>MpiProcessGroup in the test host, which mpirun did not start: a world of one that never loads MPI.</summary>
public class MpiWorldOfOneTests
{
    [Fact]
    public void WithoutMpirunInitializeGivesAWorldOfOneWhoseCollectivesAreTheIdentity()
    {
        if (MpiProcessGroup.IsLaunchedByMpirun) return;   // a test host under mpirun would be a real world
        using var group = MpiProcessGroup.Initialize();
        Assert.Equal((0, 1), (group.Rank, group.Size));
        Assert.False(group.UsesMpi);
        using var scope = NewDisposeScope();
        var f = arange(Scalars.S(6), dtype: ScalarType.Float32).reshape(2, 3);
        var d = ones(4, dtype: ScalarType.Float64).mul_(Scalars.S(2.5));
        var l = arange(Scalars.S(5), dtype: ScalarType.Int64);
        using var fBefore = f.clone();
        group.AllReduceSum([f, d, l]);
        group.Broadcast([f, d, l], 0);
        group.Barrier();
        TensorAssert.BitwiseEqual(fBefore, f, "float32 after the identity collectives");
        Assert.Equal(2.5, d[3].item<double>());
        Assert.Equal(4L, l[4].item<long>());
        Assert.Throws<ArgumentOutOfRangeException>(() => group.Broadcast([f], 1));
        Assert.True(group.AnyRank(true));
        Assert.Equal([1.5, 2.0], group.SumOverRanks([1.5, 2.0]));
    }

    [Theory]
    [InlineData(ScalarType.Int32)]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.Bool)]
    public void OtherDtypesAreRefusedNamingTheIndexAndTheDtype(ScalarType dtype)
    {
        using var group = MpiProcessGroup.Initialize();
        using var ok = zeros(3, dtype: ScalarType.Float32);
        using var bad = zeros(3, dtype: dtype);
        var e = Assert.Throws<ArgumentException>(() => group.AllReduceSum([ok, bad]));
        Assert.Contains("tensors[1]", e.Message);
        Assert.Contains(dtype.ToString(), e.Message);
        e = Assert.Throws<ArgumentException>(() => group.Broadcast([bad], 0));
        Assert.Contains("tensors[0]", e.Message);
    }

    [Fact]
    public void DisposedGroupRefusesCollectives()
    {
        var group = MpiProcessGroup.Initialize();
        group.Dispose();
        group.Dispose();
        using var t = zeros(1);
        Assert.Throws<ObjectDisposedException>(() => group.AllReduceSum([t]));
    }
}
