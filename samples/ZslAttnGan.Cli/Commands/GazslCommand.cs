using System.CommandLine;
using Spectre.Console;
using ZslAttnGan.Data.Gazsl;
using ZslAttnGan.Evaluation;
using ZslAttnGan.Gazsl;
using ZslAttnGan.Gazsl.Training;
using ZslAttnGan.Runs;

namespace ZslAttnGan.Cli.Commands;

/// <summary><c>gazsl train|evaluate|features</c>: ZSL-GAN (GAZSL) zero-shot classification on ZSL_GAN's data, the GBU layout or
/// any CUB-format folder of captioned images (docs/gazsl.md).</summary>
internal static class GazslCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("gazsl", "ZSL-GAN (GAZSL): train a text → visual-feature generator and classify unseen classes with its features (docs/gazsl.md).");
        command.Add(Train(env));
        command.Add(Evaluate(env));
        command.Add(Features(env));
        command.Add(Bench(env));
        return command;
    }

    private sealed record DataOptions(Option<string> Data, Option<GazslDataLayout> Layout, Option<ZslGanSplit> Split, Option<string> GbuDataset,
        Option<GbuPreprocessing> GbuPreprocessing, Option<bool> TrainAsSeenTest, Option<string?> ResNet18, Option<int> Captions, Option<string?> ImageEncoder)
    {
        public static DataOptions Create() => new(
            new Option<string>("--data", "-d") { Description = "Data folder: ZSL_GAN's data/ (CUB2011/ or NABird/), a GBU folder (<dataset>/res101.mat), or a CUB-format image folder with unseen_classes.txt.", Required = true },
            new Option<GazslDataLayout>("--layout") { Description = "Data layout (default: detected from the files).", DefaultValueFactory = _ => GazslDataLayout.Auto },
            new Option<ZslGanSplit>("--split") { Description = "ZSL_GAN layouts: easy (SCS) or hard (SCE).", DefaultValueFactory = _ => ZslGanSplit.Easy },
            new Option<string>("--gbu-dataset") { Description = "GBU layout: the dataset folder (CUB1, AWA1, …).", DefaultValueFactory = _ => new GbuOptions().Dataset },
            new Option<GbuPreprocessing>("--gbu-preprocessing") { Description = "GBU layout: feature preprocessing.", DefaultValueFactory = _ => ZslAttnGan.Data.Gazsl.GbuPreprocessing.None },
            new Option<bool>("--training-as-seen-test") { Description = "ZSL_GAN layouts: score GZSL's seen classes on their training features, as the original (optimistic)." },
            new Option<string?>("--resnet18-models") { Description = "Image folders: folder with ResNet18.onnx and ResNetPreprocess.onnx (default: beside the program)." },
            new Option<int>("--captions-per-image") { Description = "Image folders: captions per image in the text files.", DefaultValueFactory = _ => 10 },
            new Option<string?>("--image-encoder") { Description = "Image folders: a ZSL-AttnGAN checkpoint whose image encoder gives the visual features instead of ResNet-18 (e.g. quickstart/checkpoint)." });

        public IEnumerable<Option> All => [Data, Layout, Split, GbuDataset, GbuPreprocessing, TrainAsSeenTest, ResNet18, Captions, ImageEncoder];

        public GazslTaskOptions Read(ParseResult parse, string? featureCache) => new()
        {
            Layout = parse.GetValue(Layout),
            Split = parse.GetValue(Split),
            Gbu = new GbuOptions { Dataset = parse.GetValue(GbuDataset)!, Preprocessing = parse.GetValue(GbuPreprocessing) },
            TrainingFeaturesAsSeenTest = parse.GetValue(TrainAsSeenTest),
            ResNet18 = parse.GetValue(ResNet18) is { } folder ? ResNet18ModelFiles.In(folder) : null,
            FeatureCache = featureCache,
            CaptionsPerImage = parse.GetValue(Captions),
            ImageEncoderCheckpoint = parse.GetValue(ImageEncoder),
        };
    }

    private static Command Train(CliEnvironment env)
    {
        var data = DataOptions.Create();
        var output = new Option<string>("--out", "-o") { Description = "Run folder (checkpoint/, report.json, report.md).", Required = true };
        var preset = new Option<string?>("--preset") { Description = "cub-easy, cub-hard, nab, gbu or images (default: the data layout's)." };
        var iterations = new Option<int?>("--iterations") { Description = "Outer iterations (5 critic steps + 1 generator step each; the original: 3001)." };
        var batch = new Option<int?>("--batch-size") { Description = "Features per batch (the original: 1000)." };
        var selection = new Option<GazslModelSelection?>("--selection") { Description = "Which weights to report: ValidationSplit (default: held-out seen classes), Last, or TestSetLikeReference (the original's choice on the test set; optimistic)." };
        var seed = new Option<long?>("--seed") { Description = "Seed of the weights, batches and noise." };
        var resume = new Option<string?>("--resume", "-r") { Description = "Checkpoint to continue; 'latest' = this run folder's." };
        var distributed = DistributedOptions.Distributed();
        var command = new Command("train", "Train GAZSL and report zero-shot (ZSL top-1) and generalised zero-shot (AUC, S/U/H) accuracy.") { output, preset, iterations, batch, selection, seed, resume, distributed };
        foreach (var option in data.All) command.Add(option);
        command.SetAction((parse, cancellationToken) =>
        {
            using var group = DistributedOptions.Start(parse.GetValue(distributed));
            // OpenBLAS keeps a thread count of its own: cores / local ranks too.
            if (group is { Size: > 1 }) ZslAttnGan.TorchSharpWorkarounds.MatrixLibrary.SetThreads(TorchSharp.torch.get_num_threads());
            bool primary = group is null || group.Rank == 0;
            using var loggers = env.CreateLoggerFactory(parse);
            var outDir = parse.GetValue(output)!;
            var resumeFrom = parse.GetValue(resume) is { } r && string.Equals(r, "latest", StringComparison.OrdinalIgnoreCase)
                ? Path.Combine(outDir, GazslRun.CheckpointFolder) : parse.GetValue(resume);
            var request = new GazslRunRequest
            {
                DataRoot = parse.GetValue(data.Data)!,
                Task = data.Read(parse, Path.Combine(outDir, "features")),
                OutputDirectory = outDir,
                Options = parse.GetValue(preset) is { } name ? Preset(name) : null,
                AdjustOptions = o => o with
                {
                    Iterations = parse.GetValue(iterations) ?? o.Iterations,
                    BatchSize = parse.GetValue(batch) ?? o.BatchSize,
                    ModelSelection = parse.GetValue(selection) ?? o.ModelSelection,
                    Seed = parse.GetValue(seed) ?? o.Seed,
                },
                ResumeFrom = resumeFrom,
                Logger = loggers.CreateLogger("gazsl"),
                ProcessGroup = group,
            };
            if (!primary)
            {
                GazslRun.Train(request, null, cancellationToken);
                return Task.FromResult(cancellationToken.IsCancellationRequested ? ExitCodes.Cancelled : ExitCodes.Success);
            }
            GazslReport report = null!;
            env.Console.Progress().Start(p =>
            {
                var bar = p.AddTask("gazsl");
                var progress = new SyncProgress<GazslTrainingProgress>(t =>
                {
                    bar.MaxValue = t.TotalIterations;
                    bar.Value = t.Iteration;
                    bar.Description = $"gazsl it {t.Iteration}/{t.TotalIterations}" + (t.Selected is { } s ? $" (selected {s.Iteration})" : "");
                });
                report = GazslRun.Train(request, progress, cancellationToken);
            });
            Print(env, report, outDir);
            return Task.FromResult(cancellationToken.IsCancellationRequested ? ExitCodes.Cancelled : ExitCodes.Success);
        });
        return command;
    }

    private static Command Evaluate(CliEnvironment env)
    {
        var data = DataOptions.Create();
        var checkpoint = new Option<string>("--checkpoint", "-c") { Description = "A GAZSL run's checkpoint folder (<run>/checkpoint).", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Folder for report.json and report.md.", DefaultValueFactory = _ => "gazsl-evaluation" };
        var command = new Command("evaluate", "Evaluate a GAZSL checkpoint's selected weights on the data it was trained on.") { checkpoint, output };
        foreach (var option in data.All) command.Add(option);
        command.SetAction((parse, cancellationToken) =>
        {
            var outDir = parse.GetValue(output)!;
            var checkpointDir = Path.GetFullPath(parse.GetValue(checkpoint)!);
            // The run's own feature cache (<run>/features) serves the evaluation too.
            var cache = Path.Combine(Path.GetDirectoryName(checkpointDir.TrimEnd(Path.DirectorySeparatorChar))!, "features");
            var report = GazslRun.Evaluate(checkpointDir, parse.GetValue(data.Data)!, data.Read(parse, cache), outDir, cancellationToken);
            Print(env, report, outDir);
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static Command Features(CliEnvironment env)
    {
        var data = new Option<string>("--data", "-d") { Description = "A CUB-format image folder with unseen_classes.txt (e.g. the synthetic birds).", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Folder for features.safetensors and classes.json.", DefaultValueFactory = _ => "gazsl-features" };
        var resNet18 = new Option<string?>("--resnet18-models") { Description = "Folder with ResNet18.onnx and ResNetPreprocess.onnx (default: beside the program)." };
        var captions = new Option<int>("--captions-per-image") { Description = "Captions per image in the text files.", DefaultValueFactory = _ => 10 };
        var command = new Command("features", "Write the GAZSL task of an image folder: ImageNet ResNet-18 features of its images and TF-IDF of each class's captions, as safetensors.")
        {
            data, output, resNet18, captions,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var outDir = parse.GetValue(output)!;
            using var extractor = ResNet18FeatureExtractor.Load(parse.GetValue(resNet18) is { } folder ? ResNet18ModelFiles.In(folder) : null);
            env.Reporter.Info("Extracting ResNet-18 features…");
            using var features = CaptionedImageFeatures.FromCubFolder(parse.GetValue(data)!, extractor, Path.Combine(outDir, "cache"),
                parse.GetValue(captions), cancellationToken: cancellationToken);
            var (tensors, classes) = features.Save(outDir);
            env.Console.MarkupLine($"{features.TrainFeatures.shape[0]} training, {features.SeenTestFeatures.shape[0]} seen test and {features.UnseenFeatures.shape[0]} unseen images; " +
                $"{features.SeenClasses.Count} seen and {features.UnseenClasses.Count} unseen classes; {features.TextWords.Count} words.");
            env.Console.MarkupLine($"  {Markup.Escape(tensors)}\n  {Markup.Escape(classes)}");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static Command Bench(CliEnvironment env)
    {
        var defaults = new ZslAttnGan.Workflows.Bench.GazslBenchOptions();
        var iterations = new Option<int>("--iterations") { Description = "Timed outer iterations after one warm-up.", DefaultValueFactory = _ => defaults.Iterations };
        var batch = new Option<int>("--batch-size") { Description = "Batch size (the original: 1000).", DefaultValueFactory = _ => defaults.BatchSize };
        var threads = new Option<int>("--threads") { Description = "Intra-op threads of libtorch and, when it is in use, OpenBLAS (0: leave the defaults)." };
        var algorithm = new Option<GazslStepAlgorithm>("--algorithm") { Description = "How the critic step computes its gradients: Fused (the default) or Reference (the original's passes).", DefaultValueFactory = _ => defaults.Algorithm };
        var command = new Command("bench", "Time GAZSL outer iterations at the original's CUB-easy shapes (text 7551, features 3584, 150 classes) on random data; " +
            "benchmarks/gazsl/side_by_side.sh runs the original code's same iteration beside it.") { iterations, batch, algorithm, threads };
        command.SetAction((parse, _) =>
        {
            var options = defaults with { Iterations = parse.GetValue(iterations), BatchSize = parse.GetValue(batch), Algorithm = parse.GetValue(algorithm) };
            if (parse.GetValue(threads) is > 0 and var n) ZslAttnGan.TorchSharpWorkarounds.MatrixLibrary.SetThreads(n);
            var blas = ZslAttnGan.TorchSharpWorkarounds.MatrixLibrary.OpenBlasThreads is { } blasThreads ? $"OpenBlas BLAS ({blasThreads} threads)" : "Bundled BLAS";
            double gflops = ZslAttnGan.Workflows.Bench.GazslBench.MatmulGflops(options);
            var seconds = ZslAttnGan.Workflows.Bench.GazslBench.Run(options);
            var sorted = seconds.Order().ToList();
            double median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
            env.Console.WriteLine(FormattableString.Invariant(
                $"ours gazsl iteration: median {median:F3} s, min {sorted[0]:F3} s, max {sorted[^1]:F3} s ({seconds.Count} timed, batch {options.BatchSize}, {options.Algorithm} critic step, {blas}, {TorchSharp.torch.get_num_threads()} threads, peak RSS {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1e9:F2} GB; critic-layer matmul {gflops:F0} GFLOP/s)"));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    internal static GazslTrainingOptions Preset(string name) =>
        string.Equals(name, "images", StringComparison.OrdinalIgnoreCase) ? GazslPresetsForImages.CaptionedImages : GazslPresets.Named(name);

    private static void Print(CliEnvironment env, GazslReport report, string outDir)
    {
        var r = report.Result;
        var table = new Table().AddColumns("metric", "value");
        table.AddRow("ZSL top-1 (per sample, %)", r.ZslAccuracy.ToString("F2"));
        table.AddRow("ZSL top-1 (mean per class, %)", r.ZslMeanPerClassAccuracy.ToString("F2"));
        table.AddRow("validation (held-out seen classes, %)", r.ValidationAccuracy?.ToString("F2") ?? "—");
        table.AddRow("GZSL AUC", r.GzslAuc?.ToString("F4") ?? "—");
        table.AddRow("GZSL S / U / H (%)", r.GzslHarmonic is null ? "—" : $"{r.GzslSeenAccuracy:F2} / {r.GzslUnseenAccuracy:F2} / {r.GzslHarmonic:F2}");
        env.Console.Write(table);
        foreach (var note in report.Notes) env.Console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
        env.Console.MarkupLine($"{report.Iterations} iterations{(report.Seconds > 0 ? $" in {report.Seconds:F0} s" : "")}; report: {Markup.Escape(Path.Combine(outDir, "report.md"))}");
    }
}
