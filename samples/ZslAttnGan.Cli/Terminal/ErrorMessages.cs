namespace ZslAttnGan.Cli.Terminal;

/// <summary>One clear line for an exception: its message, without the parameter-name suffix ArgumentException adds
/// (which names a C# parameter the user never saw).</summary>
internal static class ErrorMessages
{
    public static string OneLine(Exception e)
    {
        if (e is AggregateException { InnerExceptions.Count: 1 } aggregate) e = aggregate.InnerExceptions[0];
        // libtorch's messages carry a native stack trace after their first line.
        var message = e is System.Runtime.InteropServices.ExternalException ? ZslAttnGan.TorchSharpWorkarounds.NativeErrors.FirstLine(e.Message) : e.Message;
        if (e is ArgumentException { ParamName: { } name }) message = message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal);
        return message.ReplaceLineEndings(" ").Trim();
    }
}
