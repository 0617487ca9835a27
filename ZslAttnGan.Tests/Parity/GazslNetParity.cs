using ZslAttnGan.Zsl;

namespace ZslAttnGan.Tests.Parity;

/// <summary>Parity of GAZSL's two nets' forward passes (models.py _netG, _netD).</summary>
internal static class GazslNetParity
{
    [ParityRunner("gazsl_generator")]
    public static void Generator(ParityCase c)
    {
        using var g = GazslParityNets.Generator(c);
        var z = c.In("z");
        var text = c.In("text");
        foreach (var training in new[] { true, false })
        {
            g.Net.train(training);   // the reference gives identical outputs in both modes
            c.AssertClose("out", g.Generate(text, z));
            // The forward hooks of the reference, as the submodules' outputs: the text reduction and the LeakyReLU.
            var modules = g.Net.named_modules().ToDictionary(m => m.name, m => m.module);
            var reduced = ((nn.Module<Tensor, Tensor>)modules["input"]).forward(text);
            c.AssertClose("rdc_text", reduced);
            var joined = cat(new[] { z, reduced }, 1);
            var hidden = ((nn.Module<Tensor, Tensor>)modules["output.1"]).forward(((nn.Module<Tensor, Tensor>)modules["output.0"]).forward(joined));
            c.AssertClose("hidden", hidden);
        }
    }

    [ParityRunner("gazsl_discriminator")]
    public static void Discriminator(ParityCase c)
    {
        using ZslDiscriminator d = GazslParityNets.Critic(c);
        var x = c.In("x");
        foreach (var training in new[] { true, false })
        {
            d.train(training);
            var o = d.forward(x);
            c.AssertClose("d_gan", o.Realness);
            c.AssertClose("d_aux", o.ClassLogits);
            c.AssertClose("d_gan", d.Realness(x));
            var shared = d.named_modules().Single(m => m.name == "shared_layers").module;
            c.AssertClose("shared", ((nn.Module<Tensor, Tensor>)shared).forward(x));
        }
    }
}
