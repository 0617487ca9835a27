using System.CommandLine;
using Spectre.Console;
using ZslAttnGan.Data.Synthetic;

namespace ZslAttnGan.Cli.Commands;

/// <summary><c>synth</c>: writes the synthetic birds as a CUB-format folder.</summary>
internal static class SynthCommand
{
    public static Command Create(CliEnvironment env)
    {
        var defaults = new SyntheticBirdsOptions();
        var output = new Option<string>("--out", "-o") { Description = "Folder to write (CUB layout).", DefaultValueFactory = _ => "synthetic-birds" };
        var species = new Option<int>("--species") { Description = "Number of species (at most 120).", DefaultValueFactory = _ => defaults.Species };
        var unseen = new Option<int>("--unseen") { Description = "Species held out for zero-shot evaluation.", DefaultValueFactory = _ => defaults.UnseenSpecies };
        var images = new Option<int>("--images-per-species") { Description = "Images per species.", DefaultValueFactory = _ => defaults.ImagesPerSpecies };
        var size = new Option<int>("--image-size") { Description = "Image width and height in pixels.", DefaultValueFactory = _ => defaults.ImageSize };
        var seed = new Option<int>("--seed") { Description = "Seed; the same seed writes the same files.", DefaultValueFactory = _ => defaults.Seed };
        var png = new Option<bool>("--png") { Description = "Write PNG instead of JPEG." };
        var mirrored = new Option<bool>("--mirrored") { Description = "Let half of the birds face left.", DefaultValueFactory = _ => defaults.MirroredBirds };
        var tilt = new Option<double>("--max-tilt") { Description = "Largest tilt of a bird in radians, either way.", DefaultValueFactory = _ => defaults.MaxTilt };
        var clutter = new Option<bool>("--clutter") { Description = "Draw a ground band and shaded discs in the backgrounds.", DefaultValueFactory = _ => defaults.BackgroundClutter };
        var command = new Command("synth", "Write the synthetic birds: a CUB-200-2011-format folder with captions, seen/unseen species lists and attributes.")
        {
            output, species, unseen, images, size, seed, png, mirrored, tilt, clutter,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var options = defaults with
            {
                Species = parse.GetValue(species),
                UnseenSpecies = parse.GetValue(unseen),
                ImagesPerSpecies = parse.GetValue(images),
                ImageSize = parse.GetValue(size),
                Seed = parse.GetValue(seed),
                Png = parse.GetValue(png),
                MirroredBirds = parse.GetValue(mirrored),
                MaxTilt = parse.GetValue(tilt),
                BackgroundClutter = parse.GetValue(clutter),
            };
            var result = env.Console.Status().Start("Writing the synthetic birds…",
                _ => SyntheticBirdsGenerator.Generate(parse.GetValue(output)!, options, cancellationToken));
            env.Console.MarkupLine($"Wrote {result.ImageCount} images of {result.Species.Count} species ({result.Species.Count(s => s.Unseen)} unseen) to [bold]{Markup.Escape(result.Root)}[/]");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
