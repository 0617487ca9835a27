using ZslAttnGan.Generation;
using ZslAttnGan.Inference;
using ZslAttnGan.Interop;
using ZslAttnGan.Tests.Data;
using ZslAttnGan.Training;
using ZslAttnGan.Checkpoints;
using ZslAttnGan.Models;

namespace ZslAttnGan.Tests.Interop;

/// <summary>Folders laid out as the references' output (written from fixture weights) import into checkpoints that load
/// and generate.</summary>
public class ReferenceFolderImportTests
{
    // The fixtures' generators make 256-px images; a small CNN keeps the fresh image encoder small (Inception would be 90 MB).
    private static readonly ImportOptions AllowMissing = new()
    {
        AllowMissingComponents = true,
        BaseOptions = new ModelOptions { ImageBackbone = ImageBackboneKind.SmallCnn, SmallCnnWidth = 4, DiscriminatorWidth = 4, ZslDiscriminatorHidden = 16 },
    };

    [Fact]
    public void SeedLayoutImportsIntoACheckpointThatGenerates()
    {
        using var tmp = new TempFolder();
        var folder = ReferenceLayout.WriteSeedModelFolder(tmp.Path);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not a weight file");
        var captions = tmp.Combine("captions.pickle");
        var words = ReferenceLayout.WriteCaptionsPickle(captions, 40);
        var output = tmp.Combine("imported");

        var missing = Assert.Throws<ReferenceImportException>(() => ReferenceImporter.Import(folder, captions, output));
        Assert.Contains("image encoder (image_encoder*.pth)", missing.Message);
        Assert.Contains("image discriminator for 64 px", missing.Message);
        Assert.Contains("AllowMissingComponents", missing.Message);
        Assert.False(Directory.Exists(output));

        var summary = ReferenceImporter.Import(folder, captions, output, AllowMissing);
        Assert.Equal(ReferenceMode.ZslAttnGan, summary.Mode);
        Assert.Equal(Path.GetFullPath(output), summary.CheckpointDirectory);
        var g = summary.Options.Generator;
        Assert.Equal((4, 3, 2, 0, ConditioningKind.ZslSentence, true), (g.Ngf, g.Branches, g.ResidualBlocks, g.NoiseSize, g.Conditioning, g.ReplicateMaskBug));
        Assert.Equal((40, 10), (summary.VocabularySize, summary.ClassCount));
        Assert.Equal(new[] { "image_encoder", "discriminator_64", "discriminator_128", "discriminator_256" }, summary.FreshComponents.Select(c => c.Name));
        Assert.Contains(summary.Notes, n => n.Contains("image_encoder is freshly initialised", StringComparison.Ordinal));
        Assert.Contains("netG_epoch_600.pth", summary.ToString());

        var checkpoint = Checkpoint.Open(output);
        Assert.Equal(words, checkpoint.Vocabulary.Words);
        Assert.Null(checkpoint.Manifest.State);
        using (var model = checkpoint.CreateModel())
        using (var c = PthFixtures.Case("g_net_zsl"))
        {
            var state = model.Generator.Module.state_dict();
            Assert.All(c.Weights(), kv => Assert.True(kv.Value.equal(state[kv.Key]).all().item<bool>(), kv.Key));
        }

        using var pipeline = TextToImagePipeline.Load(output);
        using var result = pipeline.Generate($"{words[3]} {words[1]} {words[7]} zebra", count: 2, seed: 4);
        Assert.Equal(new[] { "zebra" }, result.DroppedWords);
        Assert.Equal(2, result.Images.Count);
        Assert.Equal(256, result.Images[0].Width);
        Assert.Equal(new long[] { 2, 3, 256, 256 }, result.StageImages[^1].shape);
        Assert.False(result.StageImages[^1].isnan().any().item<bool>());
    }

    [Fact]
    public void AttnGanLayoutImportsInAttnGanModeWithTheMaskBug()
    {
        using var tmp = new TempFolder();
        var folder = tmp.Path;
        ReferenceLayout.WriteCase(folder, "text_encoder200.pth", "text_encoder_attngan");
        ReferenceLayout.WriteCase(folder, "netG_epoch_600.pth", "g_net_attngan");
        ReferenceLayout.WriteCase(folder, "netD0.pth", "d_net64");
        var captions = tmp.Combine("captions.pickle");
        var words = ReferenceLayout.WriteCaptionsPickle(captions, 40);
        var output = tmp.Combine("out");

        var summary = ReferenceImporter.Import(folder, captions, output, AllowMissing);
        Assert.Equal(ReferenceMode.AttnGan, summary.Mode);
        Assert.False(summary.Options.IsZsl);
        var g = summary.Options.Generator;
        Assert.Equal((ConditioningKind.Augmentation, 100, 100, true), (g.Conditioning, g.ConditionSize, g.NoiseSize, g.ReplicateMaskBug));
        Assert.Equal(8, summary.Options.DiscriminatorWidth);
        Assert.Equal(ZslAttnGan.Vision.GlobalCodeHead.Linear, summary.Options.ImageEncoder.GlobalCodeHead);
        Assert.DoesNotContain(summary.Components, c => c.Name == ZslAttnGanModel.ZslDiscriminatorName);
        Assert.True(summary.Components.Single(c => c.Name == "discriminator_64").Imported);

        using var pipeline = TextToImagePipeline.Load(output);
        using var result = pipeline.Generate($"{words[2]} {words[5]}", seed: 1);
        Assert.Equal(new long[] { 1, 3, 256, 256 }, result.StageImages[^1].shape);

        var off = ReferenceImporter.Import(folder, captions, output, AllowMissing with { ReplicateMaskBug = false });
        Assert.False(off.Options.Generator.ReplicateMaskBug);
        Assert.False(Checkpoint.Open(output).Manifest.Model.Generator.ReplicateMaskBug);
    }

    [Fact]
    public void ComponentsOfDifferentModelsAreRefused()
    {
        using var tmp = new TempFolder();
        var text = ReferenceLayout.WriteCase(tmp.Path, "text_encoder.pth", "text_encoder");
        var generator = ReferenceLayout.WriteCase(tmp.Path, "netG.pth", "g_net_attngan");
        var captions = tmp.Combine("captions.pickle");
        ReferenceLayout.WriteCaptionsPickle(captions, 40);
        var e = Assert.Throws<ReferenceImportException>(() => ReferenceImporter.Import(new[] { text, generator }, captions, tmp.Combine("o"), AllowMissing));
        Assert.Contains("ca_net", e.Message);
        Assert.Contains("zsl_g", e.Message);

        ReferenceLayout.WriteCaptionsPickle(captions, 39);
        e = Assert.Throws<ReferenceImportException>(() => ReferenceImporter.Import(text, captions, tmp.Combine("o"), AllowMissing));
        Assert.Contains("40 word rows but the vocabulary 39 words", e.Message);
    }

    [Fact]
    public void TwoFilesOfOneKindAreRefusedNamingBoth()
    {
        using var tmp = new TempFolder();
        var a = ReferenceLayout.WriteCase(tmp.Path, "text_encoder100.pth", "text_encoder");
        var b = ReferenceLayout.WriteCase(tmp.Path, "text_encoder200.pth", "text_encoder");
        var captions = tmp.Combine("captions.pickle");
        ReferenceLayout.WriteCaptionsPickle(captions, 40);
        var e = Assert.Throws<ReferenceImportException>(() => ReferenceImporter.Import(tmp.Path, captions, tmp.Combine("o"), AllowMissing));
        Assert.Contains(a, e.Message);
        Assert.Contains(b, e.Message);
        Assert.Contains("explicitly", e.Message);
        // Named explicitly, one of them imports.
        ReferenceImporter.Import(new[] { b }, captions, tmp.Combine("o"), AllowMissing);
    }
}
