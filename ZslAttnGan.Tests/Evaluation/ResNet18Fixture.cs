using ZslAttnGan.Data.Cub;
using ZslAttnGan.Data.Synthetic;
using ZslAttnGan.Evaluation;
using ZslAttnGan.Tests.Data;
using ZslAttnGan.Text;

namespace ZslAttnGan.Tests.Evaluation;

/// <summary>A small synthetic bird set (half of each species held out) and the ResNet-18 extractor, shared by the ONNX
/// tests. The ONNX files come from the build (DnnImageModels/ in the test output).</summary>
public sealed class ResNet18Fixture : IDisposable
{
    public ResNet18Fixture()
    {
        Folder = new TempFolder();
        Result = SyntheticBirdsGenerator.Generate(Folder.Path, new SyntheticBirdsOptions
        {
            Species = 6, UnseenSpecies = 2, ImagesPerSpecies = 10, ImageSize = 64, CaptionsPerImage = 3, TrainFraction = 0.5, Seed = 17, Workers = 2,
        });
        Vocabulary = CubDataset.Load(new CubOptions { Root = Result.Root, CaptionsPerImage = 3 }).Vocabulary;
        Extractor = ResNet18FeatureExtractor.Load();
    }

    public TempFolder Folder { get; }
    public SyntheticBirdsResult Result { get; }
    public Vocabulary Vocabulary { get; }
    public ResNet18FeatureExtractor Extractor { get; }
    public EvaluationDataset Dataset => new() { Root = Result.Root, CaptionsPerImage = 3 };

    public void Dispose()
    {
        Extractor.Dispose();
        Folder.Dispose();
    }
}
