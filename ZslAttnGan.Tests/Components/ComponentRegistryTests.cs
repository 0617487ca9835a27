using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp.Modules;
using ZslAttnGan.Components;
using ZslAttnGan.Testing;
using ZslAttnGan.Testing.Contracts;
using ZslAttnGan.Training;
using ZslAttnGan.Checkpoints;
using ZslAttnGan.Zsl;
using ZslAttnGan.Models;

namespace ZslAttnGan.Tests.Components;

/// <summary>A user's ZSL critic: two hidden layers instead of one, its width an option in the spec.</summary>
public sealed class DeepZslCritic : nn.Module<Tensor, ZslDiscriminatorOutput>, IZslCritic
{
    public sealed record Settings { public int Hidden { get; init; } = 8; }

    private readonly Sequential body;
    private readonly Linear realness, classes;

    public DeepZslCritic(int inFeatures, int classCount, Settings settings) : base(nameof(DeepZslCritic))
    {
        InFeatures = inFeatures;
        Classes = classCount;
        body = nn.Sequential(nn.Linear(inFeatures, settings.Hidden), nn.ReLU(), nn.Linear(settings.Hidden, settings.Hidden), nn.ReLU());
        realness = nn.Linear(settings.Hidden, 1);
        classes = nn.Linear(settings.Hidden, classCount);
        RegisterComponents();
    }

    public static void Register() => ComponentRegistry.Register(ComponentRole.ZslCritic,
        c => new DeepZslCritic(c.Model.EmbeddingSize, c.ClassCount, c.Options<Settings>()));

    public int Classes { get; }
    public int InFeatures { get; }

    public void ResetParameters(torch.Generator generator)
    {
        using var _ = no_grad();
        foreach (var p in parameters()) p.uniform_(-0.3, 0.3, generator);
    }

    public override ZslDiscriminatorOutput forward(Tensor codes)
    {
        if (codes.dim() != 2 || codes.shape[1] != InFeatures) throw new ArgumentException($"codes must be [B, {InFeatures}].", nameof(codes));
        var h = body.call(codes);
        return new(realness.call(h), classes.call(h));
    }

    public ZslDiscriminatorOutput Critique(Tensor codes) => forward(codes);
    public Tensor Realness(Tensor codes) => forward(codes).Realness;
}

public class DeepZslCriticContractTests : ZslCriticContract<DeepZslCritic>
{
    protected override DeepZslCritic Create() => new(TinyModels.EmbeddingSize, TinyModels.ClassCount, new DeepZslCritic.Settings());
}

public class ComponentRegistryTests
{
    private static ModelOptions WithDeepCritic(int hidden = 8) => TinyModels.ZslAttnGan() with
    {
        Components = new ComponentChoices { ZslCritic = ComponentSpec.For<DeepZslCritic>(new DeepZslCritic.Settings { Hidden = hidden }) },
    };

    private static string TrainedCheckpoint(string dir, ModelOptions options)
    {
        var path = Path.Combine(dir, "checkpoint");
        using var model = TinyModels.Model(options);
        using var trainer = new EncoderTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training()) { CheckpointDirectory = path };
        trainer.Train(new TinyTrainingData(2), 2);
        return path;
    }

    [Fact]
    public void AUserComponentTrainsSavesAndReloadsWithItsOptions()
    {
        DeepZslCritic.Register();
        var dir = TinyModels.TempDirectory();
        try
        {
            var path = TrainedCheckpoint(dir, WithDeepCritic(hidden: 6));
            var checkpoint = Checkpoint.Open(path);
            Assert.Equal(CheckpointManifest.CurrentFormatVersion, checkpoint.Manifest.FormatVersion);
            Assert.Equal(new ComponentRecord(typeof(DeepZslCritic).FullName!, typeof(DeepZslCritic).Assembly.GetName().Name),
                checkpoint.Manifest.Components[ZslAttnGanModel.ZslDiscriminatorName]);
            using var model = checkpoint.CreateModel();
            var critic = Assert.IsType<DeepZslCritic>(model.ZslDiscriminator);
            // The spec's options reached the factory: the hidden width is 6, not the default 8.
            Assert.Equal(6, critic.parameters().First().shape[0]);
            var saved = checkpoint.ReadTensors(ZslAttnGanModel.ZslDiscriminatorName);
            ZslAttnGan.Testing.TensorAssert.EqualStateDicts(saved, critic.state_dict(), "the reloaded critic");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void AnUnregisteredTypeInACheckpointNamesTheTypeAndItsAssembly()
    {
        DeepZslCritic.Register();
        var dir = TinyModels.TempDirectory();
        try
        {
            var path = TrainedCheckpoint(dir, WithDeepCritic());
            // As if the checkpoint came from a process with a component this one has not registered.
            var manifestPath = Path.Combine(path, Checkpoint.ManifestFile);
            var json = JsonNode.Parse(File.ReadAllText(manifestPath))!;
            json["Model"]!["Components"]!["ZslCritic"]!["Type"] = "Their.Missing.Critic";
            json["Components"]![ZslAttnGanModel.ZslDiscriminatorName]!["Type"] = "Their.Missing.Critic";
            json["Components"]![ZslAttnGanModel.ZslDiscriminatorName]!["Assembly"] = "TheirComponents";
            File.WriteAllText(manifestPath, json.ToJsonString());

            var e = Assert.Throws<CheckpointException>(() => Checkpoint.Open(path).CreateModel());
            Assert.Contains("Their.Missing.Critic", e.Message);
            Assert.Contains("TheirComponents", e.Message);
            Assert.IsType<UnknownComponentException>(e.InnerException);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void AFormatOneCheckpointStillLoads()
    {
        var dir = TinyModels.TempDirectory();
        try
        {
            var path = TrainedCheckpoint(dir, TinyModels.ZslAttnGan());
            var manifestPath = Path.Combine(path, Checkpoint.ManifestFile);
            var json = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
            json["FormatVersion"] = 1;
            json.Remove("Components");
            json["Model"]!.AsObject().Remove("Components");
            File.WriteAllText(manifestPath, json.ToJsonString());

            var checkpoint = Checkpoint.Open(path);
            Assert.Equal(1, checkpoint.Manifest.FormatVersion);
            Assert.Empty(checkpoint.Manifest.Components);
            using var model = checkpoint.CreateModel();
            Assert.IsType<ZslDiscriminator>(model.ZslDiscriminator);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void RegistrationsAreCheckedAgainstTheirRole()
    {
        Assert.Throws<ArgumentException>(() => ComponentRegistry.Register<DeepZslCritic>("deep-as-encoder", ComponentRole.TextEncoder, _ => null!));
        DeepZslCritic.Register();
        DeepZslCritic.Register(); // idempotent for the same type
        var e = Assert.Throws<ArgumentException>(() => ComponentRegistry.Register<ZslDiscriminator>(typeof(DeepZslCritic).FullName!, ComponentRole.ZslCritic, _ => new ZslDiscriminator(3)));
        Assert.Contains(typeof(DeepZslCritic).FullName!, e.Message);
        // A name registered for a critic cannot build a generator.
        var misuse = TinyModels.ZslAttnGan() with { Components = new ComponentChoices { Generator = ComponentSpec.For<DeepZslCritic>() } };
        Assert.Throws<ArgumentException>(() => TinyModels.Model(misuse));
        Assert.Throws<UnknownComponentException>(() => TinyModels.Model(TinyModels.ZslAttnGan() with
        {
            Components = new ComponentChoices { TextEncoder = new ComponentSpec("Nobody.Registered.This") },
        }));
    }

    [Fact]
    public void AComponentThatDoesNotFitTheModelIsRefusedByName()
    {
        ComponentRegistry.Register("narrow-critic", ComponentRole.ZslCritic, c => new DeepZslCritic(c.Model.EmbeddingSize + 1, c.ClassCount, new()));
        var options = TinyModels.ZslAttnGan() with { Components = new ComponentChoices { ZslCritic = new ComponentSpec("narrow-critic") } };
        var e = Assert.Throws<ArgumentException>(() => TinyModels.Model(options));
        Assert.Contains(nameof(DeepZslCritic), e.Message);
    }

    [Fact]
    public void SpecsReadBackFromJsonAreEqual()
    {
        var spec = ComponentSpec.For<DeepZslCritic>(new DeepZslCritic.Settings { Hidden = 5 });
        var text = JsonSerializer.Serialize(WithDeepCritic(5), CheckpointManifest.JsonOptions);
        var back = JsonSerializer.Deserialize<ModelOptions>(text, CheckpointManifest.JsonOptions)!;
        Assert.Equal(WithDeepCritic(5), back);
        Assert.Equal(spec, back.Components!.ZslCritic);
        Assert.NotEqual(spec, ComponentSpec.For<DeepZslCritic>(new DeepZslCritic.Settings { Hidden = 6 }));
    }
}
