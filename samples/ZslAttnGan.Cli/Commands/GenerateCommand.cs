using System.CommandLine;
using Spectre.Console;
using ZslAttnGan.Text;
using ZslAttnGan.Workflows.Generation;

namespace ZslAttnGan.Cli.Commands;

/// <summary><c>generate</c>: captions (arguments and/or a file) → PNG files and attention grids.</summary>
internal static class GenerateCommand
{
    public static Command Create(CliEnvironment env)
    {
        var captions = new Argument<string[]>("captions") { Description = "Captions to draw (quote each one).", Arity = ArgumentArity.ZeroOrMore }
            .RejectingOptionLikeValues("captions");
        var checkpoint = new Option<string>("--checkpoint", "-c") { Description = "Checkpoint folder of a GAN or joint run.", Required = true };
        var file = new Option<string?>("--file", "-f") { Description = "Text file with one caption per line ('#' starts a comment line)." };
        var output = new Option<string>("--out", "-o") { Description = "Output folder.", DefaultValueFactory = _ => "generated" };
        var count = new Option<int>("--count", "-n") { Description = "Images per caption.", DefaultValueFactory = _ => 4 };
        var seed = new Option<long>("--seed") { Description = "Seed (caption i uses seed + i).", DefaultValueFactory = _ => 0 };
        var strict = new Option<bool>("--strict") { Description = "Refuse captions with words the model does not know (default: drop those words)." };
        var device = CommonOptions.Device();
        var command = new Command("generate", "Generate images for captions with a trained checkpoint: one PNG per image, a grid per caption and its attention grid.")
        {
            captions, checkpoint, file, output, count, seed, strict, device,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var all = (parse.GetValue(captions) ?? []).ToList();
            if (parse.GetValue(file) is { } path) all.AddRange(GenerateRequest.ReadCaptionFile(path));
            var request = new GenerateRequest
            {
                CheckpointDirectory = parse.GetValue(checkpoint)!,
                Captions = all,
                OutputDirectory = parse.GetValue(output)!,
                Count = parse.GetValue(count),
                Seed = parse.GetValue(seed),
                UnknownWords = parse.GetValue(strict) ? UnknownWordPolicy.Reject : UnknownWordPolicy.Drop,
                Device = CommonOptions.ParseDevice(parse.GetValue(device)!),
            };
            var written = GenerateWorkflow.Run(request, env.Reporter, cancellationToken);
            foreach (var w in written)
            {
                env.Console.MarkupLine($"[bold]{Markup.Escape(w.Caption)}[/]: {Markup.Escape(w.Grid)}, {Markup.Escape(w.Attention)} and {w.Samples.Count} images");
                if (w.DroppedWords.Count > 0) env.Console.MarkupLine($"  [yellow]unknown words left out:[/] {Markup.Escape(string.Join(", ", w.DroppedWords))}");
            }
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
