// Trains a few steps with a custom loss term added to the generator loss, without changing the library.
//
//   dotnet run --project samples/CustomLossExample
//
// It writes a tiny synthetic bird set to a temporary folder, trains the encoders briefly, then the GAN with the
// ColourfulnessTerm added through trainer.ExtraLossTerms, and prints the term next to the built-in losses.
using CustomLossExample;
using ZslAttnGan.Data.Batching;
using ZslAttnGan.Data.Cub;
using ZslAttnGan.Data.Imaging;
using ZslAttnGan.Data.Synthetic;
using ZslAttnGan.Training;
using ZslAttnGan.Models;

var root = Path.Combine(Path.GetTempPath(), "zslattngan-custom-loss-example");
Console.WriteLine($"Writing a tiny synthetic bird set to {root}…");
var birds = SyntheticBirdsGenerator.Generate(root, new SyntheticBirdsOptions { Species = 6, UnseenSpecies = 2, ImagesPerSpecies = 8, ImageSize = 64 });

// Train on the seen species only, as in the zero-shot setting.
var dataset = CubDataset.Load(new CubOptions { Root = root, Split = CubSplit.Classes(birds.SeenClassesFile, listed: true) });
var preset = Presets.Synthetic;
var data = new LoaderTrainingData(new DataLoader(dataset, new DataLoaderOptions
{
    BatchSize = 8,
    WordsNum = preset.WordsPerCaption,
    Seed = 1,
    Transform = new ImageTransformOptions { Sizes = preset.Model.ImageSizes, RandomFlip = preset.RandomFlip },
}));

using var model = new ZslAttnGanModel(preset.Model, dataset.Vocabulary.Count, dataset.Classes.Count, seed: 1);
var training = preset.Training with { LogInterval = 0 };

// The GAN needs text features, so the encoders train first (briefly: this only shows the mechanics).
using (var encoders = new EncoderTrainer(model, dataset.Vocabulary, preset.Loss, training))
    encoders.Train(data, totalSteps: 5);

using var gan = new GanTrainer(model, dataset.Vocabulary, preset.Loss, training);
// The only change needed: add the term. It is computed every step, added to the generator loss, checked for NaN like
// the built-in losses and reported under its name.
gan.ExtraLossTerms.Add(new ColourfulnessTerm(weight: 2.0, target: 0.6));
var progress = new Reporter(p => Console.WriteLine(
    $"GAN step {p.Step}: errG {p.Losses["errG"]:F3}, colourfulness {p.Losses["colourfulness"]:F4}, g_w_loss {p.Losses["g_w_loss"]:F3}"));
gan.Train(data, totalSteps: 10, progress);
return 0;

/// <summary>Reports on the training thread at once (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class Reporter(Action<TrainingProgress> report) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => report(value);
}
