using ZslAttnGan.Tests.Parity;

namespace ZslAttnGan.Tests.Interop;

/// <summary>The PyTorch-saved state dicts of <c>fixtures/parity/pth/</c> and the parity cases they belong to.</summary>
public static class PthFixtures
{
    public static string Folder => Path.Combine(ParityFixtures.Folder, "pth");

    public static string File(string name)
    {
        var path = Path.Combine(Folder, name);
        Assert.True(System.IO.File.Exists(path), $"fixture {path} is missing");
        return path;
    }

    /// <summary>The parity case <paramref name="name"/> of the manifest (weights, inputs, outputs, tolerance).</summary>
    public static ParityCase Case(string name) =>
        new(ParityFixtures.ManifestCases().Single(c => c.GetProperty("name").GetString() == name), ParityFixtures.Folder);

    /// <summary>pth file → parity case, as in the fixture README.</summary>
    public static IEnumerable<object[]> Files() => new[]
    {
        new object[] { "text_encoder.pth", "text_encoder" },
        new object[] { "text_encoder_attngan.pth", "text_encoder_attngan" },
        new object[] { "netG_zsl.pth", "g_net_zsl" },
        new object[] { "netG_attngan.pth", "g_net_attngan" },
        new object[] { "netD0.pth", "d_net64" },
        new object[] { "discriminator.pth", "zsl_discriminator" },
    };
}
