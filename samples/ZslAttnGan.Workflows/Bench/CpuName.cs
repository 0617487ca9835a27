namespace ZslAttnGan.Workflows.Bench;

/// <summary>The CPU's name as reports print it: <c>/proc/cpuinfo</c>'s model name with its x86 family and model numbers
/// (virtual machines often show only "AMD EPYC"; AMD family 25 is a Zen 3 or, by model, a Zen 4, family 26 a Zen 5),
/// or the number of logical processors where <c>/proc/cpuinfo</c> has no model name.</summary>
public static class CpuName
{
    /// <summary>E.g. "AMD EPYC (family 26, model 2)".</summary>
    public static string Describe() =>
        (File.Exists("/proc/cpuinfo") ? Parse(File.ReadLines("/proc/cpuinfo").TakeWhile(l => l.Length > 0)) : null)
        ?? $"{Environment.ProcessorCount} logical processors";

    /// <summary>The name from the first processor's lines of <c>/proc/cpuinfo</c>; null without a model name.</summary>
    public static string? Parse(IEnumerable<string> lines)
    {
        string? name = null, family = null, model = null;
        foreach (var line in lines)
        {
            var parts = line.Split(':', 2);
            if (parts.Length != 2) continue;
            var (key, value) = (parts[0].Trim(), parts[1].Trim());
            if (key == "model name") name ??= value;
            else if (key == "cpu family") family ??= value;
            else if (key == "model") model ??= value;
        }
        if (string.IsNullOrEmpty(name)) return null;
        return family is null ? name : model is null ? $"{name} (family {family})" : $"{name} (family {family}, model {model})";
    }
}
