using ZslAttnGan.Cli;

namespace ZslAttnGan.Tests.Cli;

public class DeviceOptionTests
{
    [Theory]
    [InlineData("bogus")]
    [InlineData("BOGUS")]
    [InlineData("cuda:x")]
    [InlineData("")]
    [InlineData("gpu")]
    public void AnUnknownDeviceNamesTheOptionAndTheValidValues(string value)
    {
        var e = Assert.Throws<ArgumentException>(() => CommonOptions.ParseDevice(value));
        Assert.Contains("--device", e.Message);
        Assert.Contains($"'{value}'", e.Message);
        Assert.Contains("cpu, cuda, cuda:N", e.Message);
        Assert.DoesNotContain("Requested value", e.Message);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("CPU")]
    [InlineData(" cpu ")]
    public void CpuParses(string value) => Assert.Equal(DeviceType.CPU, CommonOptions.ParseDevice(value).type);
}
