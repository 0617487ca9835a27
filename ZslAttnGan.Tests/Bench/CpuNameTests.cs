using ZslAttnGan.Workflows.Bench;

namespace ZslAttnGan.Tests.Bench;

public class CpuNameTests
{
    [Fact]
    public void TheFirstProcessorsNameFamilyAndModelAreRead()
    {
        string[] lines =
        [
            "processor\t: 0", "vendor_id\t: AuthenticAMD", "cpu family\t: 26", "model\t\t: 2", "model name\t: AMD EPYC",
            "stepping\t: 1", "flags\t\t: fpu vme",
        ];
        Assert.Equal("AMD EPYC (family 26, model 2)", CpuName.Parse(lines));
    }

    [Fact]
    public void MissingFieldsAreLeftOut()
    {
        Assert.Equal("Some CPU (family 6)", CpuName.Parse(["model name : Some CPU", "cpu family : 6"]));
        Assert.Equal("Some CPU", CpuName.Parse(["model name : Some CPU"]));
        Assert.Null(CpuName.Parse(["cpu family : 6", "garbage line"]));
    }

    [Fact]
    public void ThisMachineHasAName() => Assert.False(string.IsNullOrWhiteSpace(CpuName.Describe()));
}
