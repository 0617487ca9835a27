using System.CommandLine;
using Spectre.Console;
using ZslAttnGan.Evaluation;
using ZslAttnGan.Workflows.Evaluation;

namespace ZslAttnGan.Cli.Commands;

/// <summary><c>evaluate</c>: the evaluation module's metrics of a checkpoint for seen and unseen classes, as
/// <c>report.json</c> and <c>report.md</c>.</summary>
internal static class EvaluateCommand
{
    public static Command Create(CliEnvironment env)
    {
        var checkpoint = new Option<string>("--checkpoint", "-c") { Description = "Checkpoint folder to evaluate (a GAN or joint run).", Required = true };
        var data = new Option<string>("--data", "-d") { Description = "CUB-format data folder (seen_classes.txt / unseen_classes.txt are used when present).", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Folder for report.json and report.md.", DefaultValueFactory = _ => "evaluation" };
        var samples = new Option<int>("--samples") { Description = "Generated images per split.", DefaultValueFactory = _ => 100 };
        var seed = new Option<int>("--seed") { Description = "Seed of every sampling choice.", DefaultValueFactory = _ => 0 };
        var fid = new Option<string?>("--fid-weights") { Description = "Inception-v3 ImageNet weights (torchvision state dict as safetensors) for FID; see docs/evaluation.md." };
        var resNet18 = new Option<string?>("--resnet18-models")
        {
            Description = "Folder with the ResNet-18 ONNX files of FRD and diversity (ResNet18.onnx, ResNetPreprocess.onnx; default: DnnImageModels/ beside the program); see docs/evaluation.md.",
        };
        var metrics = new Option<string?>("--metrics")
        {
            Description = "Comma-separated metrics to run (default: every one that applies): r_precision, fid, inception_score, zsl_accuracy, gzsl, attribute_accuracy, frd, diversity, code_probe.",
        };
        var distributed = new Option<bool>("--distributed")
        {
            Description = "Sharded over MPI ranks: start with `mpirun -np N zsl-attngan evaluate … --distributed`; each rank measures its share and the ranks merge the statistics (the single-process figures); rank 0 writes the report.",
        };
        var command = new Command("evaluate", "Compute R-precision, zero-shot and generalised zero-shot accuracy, attribute accuracy (synthetic birds), FRD and diversity across seeds (ResNet-18) and, with weights, FID of a checkpoint.")
        {
            checkpoint, data, output, samples, seed, fid, resNet18, metrics, distributed,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            using var group = DistributedOptions.Start(parse.GetValue(distributed));
            bool primary = group is null || group.Rank == 0;
            var request = new EvaluateRequest(parse.GetValue(checkpoint)!, parse.GetValue(data)!, parse.GetValue(output)!,
                new EvaluationOptions
                {
                    SamplesPerSplit = parse.GetValue(samples), Seed = parse.GetValue(seed), FidWeightsFile = parse.GetValue(fid),
                    Metrics = parse.GetValue(metrics)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    ProcessGroup = group ?? (ZslAttnGan.Collectives.IProcessGroup)ZslAttnGan.Collectives.SingleProcessGroup.Instance,
                },
                new ResNet18MetricOptions { ModelDirectory = parse.GetValue(resNet18) });
            var report = EvaluateWorkflow.Run(request, primary ? env.Reporter : ZslAttnGan.Runs.NullWorkflowReporter.Instance, cancellationToken);
            if (!primary) return Task.FromResult(ExitCodes.Success);
            var table = new Table().AddColumns("metric", "split", "value", "std", "n");
            foreach (var r in report.Results)
                table.AddRow(Markup.Escape(r.Metric), r.Split.ToString().ToLowerInvariant(), r.Value.ToString("G4"), r.Std?.ToString("G3") ?? "", r.N.ToString());
            env.Console.Write(table);
            env.Console.MarkupLine($"report: {Markup.Escape(Path.Combine(request.OutputDirectory, "report.md"))}");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
