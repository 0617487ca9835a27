using System.CommandLine;
using System.Globalization;
using ZslAttnGan.Workflows.Bench;

namespace ZslAttnGan.Cli.Commands;

/// <summary><c>distributed step</c>: data-parallel GAN steps on random data, timed on every rank, split into compute and
/// communication (<see cref="DistributedStepBench"/>).</summary>
internal static class DistributedStep
{
    public static Command Create()
    {
        var workload = new Option<string>("--workload") { Description = $"{string.Join(" or ", DistributedStepBench.Workloads.Keys)}: the seed's bird config at a global batch of 8, or the Synthetic preset.", DefaultValueFactory = _ => "gan-b8" };
        var steps = new Option<int>("--steps") { Description = "Timed steps after one warm-up step.", DefaultValueFactory = _ => 3 };
        var timeout = new Option<double?>("--timeout") { Description = "Collective timeout of the watchdog in seconds." };
        var command = new Command("step", "Time data-parallel GAN steps on random data: every rank prints its median step time and the share of it spent in collectives (waiting for other ranks included).")
        {
            workload, steps, timeout,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            using var group = DistributedCommand.Join(parse.GetValue(timeout));
            var r = DistributedStepBench.Run(parse.GetValue(workload)!, group, parse.GetValue(steps), warmup: 1, cancellationToken);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"rank {group.Rank}/{group.Size}: {r.Workload}, global batch {r.GlobalBatch}, {r.Threads} threads: step {r.StepSeconds:F3} s, " +
                $"communication {r.CommunicationSeconds:F3} s ({100 * r.CommunicationShare:F1} %), {r.BytesPerStep / 1e6:F1} MB in {r.CollectivesPerStep} collectives per step, {r.ImagesPerSecond:F2} images/s"));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
