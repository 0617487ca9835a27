using ZslAttnGan.Training;

namespace ZslAttnGan.Tests.Training;

public class AdamOptimizerTests
{
    [Fact]
    public void MatchesTorchSharpsAdamStepForStep()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var a = nn.Linear(4, 3);
        var b = nn.Linear(4, 3);
        b.load_state_dict(a.state_dict());
        var ours = new AdamOptimizer(a.parameters(), 0.01, 0.5, 0.999);
        // Our optimiser is checked against TorchSharp's, which the analyzer bans everywhere else.
#pragma warning disable RS0030
        var theirs = optim.Adam(b.parameters(), 0.01, 0.5, 0.999);
        for (int i = 0; i < 5; i++)
        {
            var x = randn(8, 4);
            ours.ZeroGrad();
            a.forward(x).pow(Scalars.S(2)).mean().backward();
            ours.Step();
            theirs.zero_grad();
            b.forward(x).pow(Scalars.S(2)).mean().backward();
            theirs.step();
        }
#pragma warning restore RS0030
        foreach (var (k, v) in a.state_dict()) TensorAssert.Close(b.state_dict()[k], v, 1e-6, k);
    }

    [Fact]
    public void StateRoundTripsAndRejectsForeignShapes()
    {
        using var scope = NewDisposeScope();
        var m = nn.Linear(3, 2);
        var opt = new AdamOptimizer(m.parameters(), 0.1);
        m.forward(randn(2, 3)).sum().backward();
        opt.Step();
        var state = opt.StateDict();
        Assert.Equal(6, state.Count);
        var copy = new AdamOptimizer(m.parameters(), 0.1);
        copy.LoadStateDict(state);
        Assert.Equal(1, copy.StateDict()["0.step"].item<long>());
        var other = new AdamOptimizer(nn.Linear(5, 2).parameters(), 0.1);
        Assert.Throws<ArgumentException>(() => other.LoadStateDict(state));
    }
}
