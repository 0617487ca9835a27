using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;
using ZslAttnGan.Benchmarks;
using ZslAttnGan.Workflows.Bench;
using ZslAttnGan.Workflows.Bench.Flops;

// Extra modes before BenchmarkDotNet's own arguments:
//   --flops [depth]   print the analytic FLOP count of every workload, grouped by layer path (no timing)
//   --peak            measure the float32 matmul peak and exit
if (args.Length > 0 && args[0] == "--flops")
{
    int depth = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
    foreach (var w in ReferenceWorkloads.All)
    {
        var ledger = WorkloadRunner.FlopsFor(w);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{w.Id}: {ledger.Total / 1e9:F2} GFLOP per call ({ledger.ForwardTotal / 1e9:F2} forward)"));
        foreach (var (group, flops) in ledger.Grouped(depth))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {group,-40} {flops / 1e9,10:F3}"));
    }
    return 0;
}

BenchmarkProcess.Configure();
var machine = MachineProfile.Measure();
Console.WriteLine(machine.Describe());
if (args.Length > 0 && args[0] == "--peak") return 0;

PeakRssStore.Clear();
var config = ManualConfig.Create(DefaultConfig.Instance)
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumn(Enum.GetValues<WorkloadColumnKind>().Select(k => (BenchmarkDotNet.Columns.IColumn)new WorkloadColumn(k, machine)).ToArray())
    .WithOptions(ConfigOptions.JoinSummary);
BenchmarkSwitcher.FromAssembly(typeof(TrainingStepBenchmarks).Assembly).Run(args, config);
return 0;
