using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp.PixelFormats;
using ZslAttnGan.Inference;
using ZslAttnGan.Models;
using ZslAttnGan.Testing;
using ZslAttnGan.Tests.Training;
using ZslAttnGan.Training;

namespace ZslAttnGan.Tests.Inference;

/// <summary>samples/WebApiExample started in-process on a loopback port: a caption in, a PNG out, bad captions are 400s.</summary>
public class WebApiExampleTests : IDisposable
{
    private readonly string _dir = TinyModels.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task PostingACaptionReturnsThePipelinesImageAsPng()
    {
        var checkpoint = Path.Combine(_dir, "gan");
        using (var model = new ZslAttnGanModel(TinyModels.ZslAttnGan(), TinyModels.VocabularySize, TinyModels.ClassCount, seed: 1))
        using (var trainer = new GanTrainer(model, TinyModels.Vocabulary(), training: TinyModels.Training()) { CheckpointDirectory = checkpoint })
            trainer.Train(new TinyTrainingData(2), 1);

        await using var app = WebApiExample.GenerationApi.Build(["--urls", "http://127.0.0.1:0"], o => o.CheckpointDirectory = checkpoint);
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var http = new HttpClient { BaseAddress = new Uri(address) };

            using var response = await http.PostAsJsonAsync("/generate", new { caption = "w1 w2 w3", seed = 5 });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
            var png = await response.Content.ReadAsByteArrayAsync();
            using var served = SixLabors.ImageSharp.Image.Load<Rgb24>(png);
            // The same pixels the pipeline gives directly for that caption and seed.
            using var direct = TextToImagePipeline.Load(checkpoint);
            using var expected = direct.Generate("w1 w2 w3", 1, 5);
            Assert.Equal(expected.Images[0].Width, served.Width);
            for (int y = 0; y < served.Height; y++)
                for (int x = 0; x < served.Width; x++)
                    Assert.Equal(expected.Images[0][x, y], served[x, y]);

            using var unknown = await http.PostAsJsonAsync("/generate", new { caption = "zebra giraffe" });
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            Assert.Contains("no word the model knows", await unknown.Content.ReadAsStringAsync());
            using var empty = await http.PostAsJsonAsync("/generate", new { seed = 1 });
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
