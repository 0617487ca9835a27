using ZslAttnGan.Data.Synthetic;
using ZslAttnGan.Tests.Data;
using ZslAttnGan.Training;
using ZslAttnGan.Runs;

namespace ZslAttnGan.Tests.Cli;

public class TrainingDataFolderTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BatchesFlipImagesOnlyWhenThePresetSaysSo(bool flip)
    {
        using var tmp = new TempFolder();
        SyntheticBirdsGenerator.Generate(tmp.Path, new SyntheticBirdsOptions { Species = 4, UnseenSpecies = 1, ImagesPerSpecies = 4, ImageSize = 32, CaptionsPerImage = 2, Workers = 1 });
        var preset = Presets.Synthetic with { RandomFlip = flip, CaptionsPerImage = 2 };
        var seen = TrainingDataFolder.LoadSeen(tmp.Path, preset);
        var data = TrainingDataFolder.Batches(seen, preset, batchSize: 4, seed: 1);
        Assert.Equal(flip, data.Loader.Options.Transform.RandomFlip);
        Assert.Equal(preset.Model.ImageSizes, data.Loader.Options.Transform.Sizes);
    }
}
