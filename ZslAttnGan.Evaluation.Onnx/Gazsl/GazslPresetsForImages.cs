using ZslAttnGan.Gazsl.Training;

namespace ZslAttnGan.Gazsl;

/// <summary>GAZSL settings for tasks built from captioned images (<see cref="GazslDataLayout.CaptionedImages"/>),
/// which are far smaller than the original's benchmarks.</summary>
public static class GazslPresetsForImages
{
    /// <summary>For a few hundred to a few thousand images of tens of classes (the synthetic birds: 800 training
    /// images of 40 seen species): the original's losses, optimiser and evaluation, with batches of 128 instead of
    /// 1000 (a batch of 1000 would exceed the training set), hidden layers of 1024 and a 256-wide text layer instead of
    /// 4096 and 1000 (the text has about a hundred words, not thousands) and 600 iterations.</summary>
    public static GazslTrainingOptions CaptionedImages { get; } = new()
    {
        BatchSize = 128,
        NetSizes = new GazslNetSizes(ReducedTextSize: 256, NoiseSize: 100, HiddenSize: 1024),
        Iterations = 600,
        EvaluationStart = 100,
        EvaluationInterval = 50,
        CheckpointInterval = 200,
    };
}
