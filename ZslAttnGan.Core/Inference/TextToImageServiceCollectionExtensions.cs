using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ZslAttnGan.Inference;

/// <summary>Registers a <see cref="TextToImagePipeline"/> in an app's service container.</summary>
public static class TextToImageServiceCollectionExtensions
{
    /// <summary>
    /// Registers one shared <see cref="TextToImagePipeline"/> (a singleton, loaded on first use, disposed with the
    /// container) from <see cref="TextToImagePipelineOptions"/>. The options are validated when the pipeline is first
    /// resolved: a missing checkpoint folder is an <see cref="OptionsValidationException"/>, a bad checkpoint a
    /// <see cref="Checkpoints.CheckpointException"/> naming it. Calls on the shared pipeline run one at a time; use
    /// <see cref="TextToImagePipeline.GenerateAsync(string, int, long, CancellationToken)"/> from request handlers.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="configure">Sets the options (in addition to any configuration binding of
    /// <see cref="TextToImagePipelineOptions"/>).</param>
    public static IServiceCollection AddTextToImagePipeline(this IServiceCollection services, Action<TextToImagePipelineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<TextToImagePipelineOptions>();
        if (configure is not null) options.Configure(configure);
        options.Validate(o => !string.IsNullOrWhiteSpace(o.CheckpointDirectory), "TextToImagePipelineOptions.CheckpointDirectory must name a checkpoint folder.")
               .Validate(o => !string.IsNullOrWhiteSpace(o.Device), "TextToImagePipelineOptions.Device must name a torch device (cpu, cuda, cuda:1, …).");
        services.TryAddSingleton(provider =>
        {
            var o = provider.GetRequiredService<IOptions<TextToImagePipelineOptions>>().Value;
            var pipeline = TextToImagePipeline.Load(o.CheckpointDirectory!, new TorchSharp.torch.Device(o.Device), o.UnknownWords);
            provider.GetService<ILoggerFactory>()?.CreateLogger<TextToImagePipeline>().LogInformation(
                "Text-to-image pipeline loaded from {Checkpoint} on {Device} ({Words} words)", o.CheckpointDirectory, o.Device, pipeline.Vocabulary.Count);
            return pipeline;
        });
        return services;
    }
}
