using ZslAttnGan.Gazsl;

namespace ZslAttnGan.Tests.Parity;

/// <summary>
/// A stand-in GAZSL generator, as the fixtures' reference runs used: on its i-th call it checks that every condition
/// row is class i's and returns block i of the given features (the noise is ignored).
/// </summary>
internal sealed class BlockStubGenerator(Tensor blocks, Tensor classConditions, int samplesPerClass) : IGazslGenerator
{
    private readonly nn.Module _module = nn.Identity();

    public int Calls { get; private set; }

    public nn.Module Module => _module;

    public int ConditionSize => (int)classConditions.shape[1];

    public int NoiseSize => 100;

    public int FeatureSize => (int)blocks.shape[1];

    public Tensor? TextReductionWeight => null;

    public Tensor Generate(Tensor conditions, Tensor noise)
    {
        int i = Calls++;
        Assert.True(i < classConditions.shape[0], $"Generator called {Calls} times for {classConditions.shape[0]} classes.");
        using var expected = classConditions[i].unsqueeze(0).expand(conditions.shape[0], -1);
        TensorAssert.Close(expected, conditions, 0, 0, $"conditions of call {i}");
        Assert.Equal(samplesPerClass, conditions.shape[0]);
        Assert.Equal(new long[] { samplesPerClass, NoiseSize }, noise.shape);
        return blocks.narrow(0, (long)i * samplesPerClass, samplesPerClass).clone();
    }

    public void ResetParameters(Generator generator) { }

    public void Dispose() => _module.Dispose();
}
