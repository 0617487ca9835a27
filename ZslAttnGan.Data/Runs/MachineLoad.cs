using System.Globalization;

namespace ZslAttnGan.Runs;

/// <summary>What else the machine is doing, for reports: a busy machine makes a run slower, never different.</summary>
public static class MachineLoad
{
    /// <summary>The 1-minute load average from <c>/proc/loadavg</c> (Linux), or null where there is none.</summary>
    public static double? OneMinuteAverage()
    {
        try
        {
            if (!File.Exists("/proc/loadavg")) return null;
            var first = File.ReadAllText("/proc/loadavg").Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
