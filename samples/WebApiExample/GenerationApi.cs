using SixLabors.ImageSharp;
using ZslAttnGan.Inference;

namespace WebApiExample;

/// <summary>The request body of <c>POST /generate</c>.</summary>
/// <param name="Caption">The caption (required).</param>
/// <param name="Seed">The noise seed (0 when absent): the same caption and seed give the same image.</param>
public sealed record GenerateRequest(string? Caption, long? Seed);

/// <summary>The app: one shared pipeline from the <c>Pipeline</c> configuration section (or <paramref name="configure"/>),
/// and one endpoint.</summary>
public static class GenerationApi
{
    /// <summary>Builds the app (not started).</summary>
    public static WebApplication Build(string[] args, Action<TextToImagePipelineOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOptions<TextToImagePipelineOptions>().Bind(builder.Configuration.GetSection("Pipeline"));
        builder.Services.AddTextToImagePipeline(configure);
        builder.Services.AddProblemDetails();
        var app = builder.Build();
        app.MapPost("/generate", Generate);
        return app;
    }

    private static async Task<IResult> Generate(GenerateRequest request, TextToImagePipeline pipeline, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Caption))
            return Results.Problem("caption is required.", statusCode: StatusCodes.Status400BadRequest);
        try
        {
            // Off the request thread; cancelled when the client goes away.
            using var result = await pipeline.GenerateAsync(request.Caption, 1, request.Seed ?? 0, cancellationToken);
            using var png = new MemoryStream();
            await result.Images[0].SaveAsPngAsync(png, cancellationToken);
            return Results.File(png.ToArray(), "image/png");
        }
        catch (ArgumentException e)
        {
            // No known word, or an unknown one under UnknownWordPolicy.Reject: the caller's input, not a server fault.
            return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }
}
