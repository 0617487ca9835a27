using System.CommandLine;
using TorchSharp;
using static TorchSharp.torch;

namespace ZslAttnGan.Cli;

/// <summary>Options several commands share, built fresh for each command (an option belongs to one parent).</summary>
internal static class CommonOptions
{
    private static readonly System.Text.RegularExpressions.Regex DeviceName =
        new(@"^\s*(cpu|cuda(:\d{1,3})?)\s*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    public static Option<string> Device() => new("--device")
    {
        Description = "Where to run: cpu, cuda or cuda:N (CUDA needs a build with -p:TorchBackend=cuda).",
        DefaultValueFactory = _ => "cpu",
    };

    /// <summary>Parses a --device value; TorchSharp's own error for a bad name is cryptic ("Requested value 'BOGUS' was
    /// not found.", an ArgumentException from its enum parsing), so the name is checked here first.</summary>
    public static Device ParseDevice(string value)
    {
        if (!DeviceName.IsMatch(value ?? ""))
            throw new ArgumentException($"--device '{value}' is not a device name; valid values: cpu, cuda, cuda:N (N = GPU index, from 0).");
        try
        {
            var device = new Device(value!.Trim().ToLowerInvariant());
            if (device.type == DeviceType.CUDA && !cuda.is_available())
                throw new ArgumentException($"--device {value}: CUDA is not available (no GPU, or this build uses the cpu backend; rebuild with -p:TorchBackend=cuda).");
            return device;
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            throw new ArgumentException($"--device '{value}' is not a device name; valid values: cpu, cuda, cuda:N (N = GPU index, from 0).", e);
        }
    }

    /// <summary>
    /// Makes a free-text argument list refuse values that look like options. System.CommandLine hands an unknown option
    /// (<c>--cout 2</c>) to such an argument as two more values, so a typo silently became two captions; now it is an
    /// error naming the option.
    /// </summary>
    public static Argument<string[]> RejectingOptionLikeValues(this Argument<string[]> argument, string what)
    {
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
                if (token.Value.Length > 1 && token.Value[0] == '-' && !char.IsDigit(token.Value[1]))
                    result.AddError($"Unknown option '{token.Value}' (see --help; {what} cannot start with '-').");
        });
        return argument;
    }
}
