using System.CommandLine;
using Spectre.Console;
using ZslAttnGan.Training;
using ZslAttnGan.Runs;
using ZslAttnGan.Checkpoints;

namespace ZslAttnGan.Cli.Commands;

/// <summary><c>train</c>: one training phase on a CUB-format folder, limited by steps and/or minutes.</summary>
internal static class TrainCommand
{
    public static Command Create(CliEnvironment env)
    {
        var phase = new Option<string>("--phase", "-p") { Description = "encoders, gan or joint.", Required = true };
        phase.AcceptOnlyFromAmong("encoders", "gan", "joint");
        var preset = new Option<string>("--preset") { Description = $"Configuration: {string.Join(", ", Presets.All.Keys)}.", DefaultValueFactory = _ => nameof(Presets.Synthetic) };
        var presetFile = new Option<string?>("--preset-file") { Description = "A preset as JSON (write one with `zsl-attngan preset <name>`); replaces --preset." };
        var includeSeenTest = new Option<bool>("--include-seen-test-images") { Description = "Also train on the seen classes' test images (train_test_split.txt flag 0), as the ZSL-AttnGAN seed did; by default they are kept for evaluation." };
        var data = new Option<string>("--data", "-d") { Description = "CUB-format folder; with seen_classes.txt only those classes are trained on.", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Run folder (checkpoint/ and previews/ inside).", Required = true };
        var resume = new Option<string?>("--resume", "-r") { Description = "Checkpoint to continue: the same phase resumes exactly; for --phase gan, an encoders checkpoint to start from; 'latest' = this run folder's checkpoint." };
        var batchSize = new Option<int?>("--batch-size") { Description = "Images per batch (default: the preset's for the phase). Changing it on resume continues the run but not bit for bit." };
        var steps = new Option<long?>("--steps") { Description = "Stop after this many steps in all (a resumed run counts its earlier steps)." };
        var minutes = new Option<double?>("--minutes") { Description = "Stop after this many minutes of this run." };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Also write the checkpoint every N steps (0: only at the end and on Ctrl-C).", DefaultValueFactory = _ => 500 };
        var previewEvery = new Option<int>("--preview-every") { Description = "Write preview grids every N steps (gan and joint; 0: only at the end).", DefaultValueFactory = _ => 500 };
        var lrEncoders = new Option<double?>("--lr-encoders") { Description = "Learning rate of the text and image encoders (default: the preset's)." };
        var lrGenerator = new Option<double?>("--lr-g") { Description = "Learning rate of the image generator." };
        var lrDiscriminator = new Option<double?>("--lr-d") { Description = "Learning rate of the image discriminators." };
        var lrZsl = new Option<double?>("--lr-zsl-d") { Description = "Learning rate of the ZSL discriminator (critic)." };
        var validationCaption = new Option<string[]>("--validation-caption") { Description = "A caption to draw at every preview and at the end (gan and joint); repeat the option for several." };
        var validationFile = new Option<string?>("--validation-captions") { Description = "A text file of validation captions, one per line ('#' starts a comment line); added to --validation-caption." };
        var tensorBoard = new Option<string?>("--tensorboard") { Description = "Also write losses and learning rates as TensorBoard event files to this folder." };
        var device = CommonOptions.Device();
        var distributed = DistributedOptions.Distributed();
        var stateChecksums = DistributedOptions.StateChecksums();
        var syncBatchNorm = DistributedOptions.SynchronizeBatchNorm();
        var command = new Command("train", "Train one phase: encoders (DAMSM + ZSL), gan (frozen encoders) or joint. Ctrl-C saves a checkpoint and stops.")
        {
            phase, preset, presetFile, includeSeenTest, data, output, resume, batchSize, steps, minutes, checkpointEvery, previewEvery,
            lrEncoders, lrGenerator, lrDiscriminator, lrZsl, validationCaption, validationFile, tensorBoard, device, distributed, syncBatchNorm, stateChecksums,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var limit = new RunLimit(parse.GetValue(steps), parse.GetValue(minutes) is { } m ? TimeSpan.FromMinutes(m) : null);
            if (limit.Steps is null && limit.Budget is null) throw new ArgumentException("Say when to stop: --steps N and/or --minutes M.");
            if (parse.GetValue(syncBatchNorm) && !parse.GetValue(distributed)) throw new ArgumentException("--sync-batchnorm needs --distributed.");
            using var group = DistributedOptions.Start(parse.GetValue(distributed));
            var timed = group is null ? null : new ZslAttnGan.Collectives.TimedProcessGroup(group);
            // Rank 0 speaks for the run; the other ranks only report errors.
            bool primary = group is null || group.Rank == 0;
            if (group is not null && primary) env.Console.MarkupLine(Markup.Escape(DistributedOptions.Describe(group)));
            using var loggers = env.CreateLoggerFactory(parse);
            int checkpoints = parse.GetValue(checkpointEvery), previews = parse.GetValue(previewEvery);
            var chosen = parse.GetValue(presetFile) is { } presetPath ? PresetFile.Load(presetPath) : Presets.Get(parse.GetValue(preset)!);
            if (parse.GetValue(batchSize) is { } batch)
            {
                if (batch < 2) throw new ArgumentException($"--batch-size {batch}: at least 2 (BatchNorm and the mismatched-caption pairs need two rows).");
                chosen = chosen with { EncoderBatchSize = batch, GanBatchSize = batch };
            }
            var request = new TrainRequest
            {
                Phase = TrainingPhaseNames.Parse(parse.GetValue(phase)!),
                Preset = chosen,
                IncludeSeenTestImages = parse.GetValue(includeSeenTest),
                DataRoot = parse.GetValue(data)!,
                OutputDirectory = parse.GetValue(output)!,
                ResumeFrom = ResumeFrom(parse.GetValue(resume), parse.GetValue(output)!),
                Limit = limit,
                Device = CommonOptions.ParseDevice(parse.GetValue(device)!),
                AdjustTraining = t => WithLearningRates(t with { CheckpointInterval = checkpoints, PreviewInterval = previews },
                    parse.GetValue(lrEncoders), parse.GetValue(lrGenerator), parse.GetValue(lrDiscriminator), parse.GetValue(lrZsl)),
                LoggerFactory = loggers,
                TensorBoardDirectory = parse.GetValue(tensorBoard),
                ValidationCaptions = ValidationCaptionList(parse.GetValue(validationCaption), parse.GetValue(validationFile)),
                ProcessGroup = timed,
                SynchronizeBatchNorm = parse.GetValue(syncBatchNorm),
                AfterTraining = parse.GetValue(stateChecksums) is { } sums ? t => DistributedOptions.WriteChecksums(t, sums) : null,
            };
            var outcome = TrainingRun.Run(request, primary ? env.Reporter : NullWorkflowReporter.Instance, cancellationToken);
            var run = outcome.Run;
            if (!primary) return Task.FromResult(run.StoppedByUser ? ExitCodes.Cancelled : ExitCodes.Success);
            env.Console.MarkupLine($"{(run.StoppedByUser ? "[yellow]Stopped[/]" : "[green]Done[/]")}: {run.Steps} steps in {run.Elapsed:hh\\:mm\\:ss} " +
                                   $"(step {run.Result.State.Step} in all). Checkpoint: [bold]{Markup.Escape(outcome.CheckpointDirectory)}[/]");
            foreach (var file in outcome.Previews) env.Console.MarkupLine($"  preview: {Markup.Escape(file)}");
            if (timed is not null) env.Console.MarkupLine(Markup.Escape(DistributedOptions.CommunicationSummary(timed, run.Elapsed)));
            return Task.FromResult(run.StoppedByUser ? ExitCodes.Cancelled : ExitCodes.Success);
        });
        return command;
    }

    /// <summary>The learning-rate overrides (null keeps the preset's). They define the optimisation, so resuming a
    /// checkpoint with other rates is refused by the trainer with both values named.</summary>
    /// <exception cref="ArgumentException">A rate is not a positive finite number (the message names the option).</exception>
    internal static TrainingOptions WithLearningRates(TrainingOptions t, double? encoders, double? generator, double? discriminator, double? zsl)
    {
        static double Check(double value, string option) => double.IsFinite(value) && value > 0 ? value
            : throw new ArgumentException($"{option} {value}: a learning rate must be a positive number.");
        return t with
        {
            EncoderLearningRate = encoders is { } e ? Check(e, "--lr-encoders") : t.EncoderLearningRate,
            GeneratorLearningRate = generator is { } g ? Check(g, "--lr-g") : t.GeneratorLearningRate,
            DiscriminatorLearningRate = discriminator is { } d ? Check(d, "--lr-d") : t.DiscriminatorLearningRate,
            ZslDiscriminatorLearningRate = zsl is { } z ? Check(z, "--lr-zsl-d") : t.ZslDiscriminatorLearningRate,
        };
    }

    /// <summary>The captions of <c>--validation-caption</c> followed by those of the <c>--validation-captions</c> file.</summary>
    internal static IReadOnlyList<string> ValidationCaptionList(string[]? captions, string? file) =>
        [.. captions ?? [], .. file is null ? [] : ValidationCaptions.ReadFile(file)];

    /// <summary>The checkpoint to resume: a folder, or <c>latest</c> for the run folder's own checkpoint.</summary>
    internal static string? ResumeFrom(string? value, string runFolder)
    {
        if (!string.Equals(value, "latest", StringComparison.OrdinalIgnoreCase)) return value;
        var own = Path.Combine(runFolder, TrainingRun.CheckpointFolder);
        try
        {
            // Open also recovers a checkpoint whose save was killed between its two renames.
            return ZslAttnGan.Checkpoints.Checkpoint.Open(own).Directory;
        }
        catch (ZslAttnGan.Checkpoints.CheckpointException e)
        {
            throw new ArgumentException($"--resume latest: '{runFolder}' has no usable checkpoint ({e.Message}); start without --resume.", e);
        }
    }
}
