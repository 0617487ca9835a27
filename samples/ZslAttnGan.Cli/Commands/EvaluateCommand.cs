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
        var command = new Command("evaluate", "Compute R-precision, zero-shot and generalised zero-shot accuracy, attribute accuracy (synthetic birds) and, with weights, FID of a checkpoint.")
        {
            checkpoint, data, output, samples, seed, fid,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var request = new EvaluateRequest(parse.GetValue(checkpoint)!, parse.GetValue(data)!, parse.GetValue(output)!,
                new EvaluationOptions { SamplesPerSplit = parse.GetValue(samples), Seed = parse.GetValue(seed), FidWeightsFile = parse.GetValue(fid) });
            var report = EvaluateWorkflow.Run(request, env.Reporter, cancellationToken);
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
