// Generates images for a few captions with a trained checkpoint and saves them as PNG files.
//
//   dotnet run --project samples/EmbeddingExample -- <checkpoint folder> [output folder]
//
// A checkpoint comes from `zsl-attngan quickstart` (its checkpoint/ folder) or `zsl-attngan train --phase gan`.
using ZslAttnGan.Imaging;
using ZslAttnGan.Inference;

if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: EmbeddingExample <checkpoint folder> [output folder]");
    return 2;
}
var checkpoint = args[0];
var output = args.Length > 1 ? args[1] : "embedding-example";

// Load verifies the checkpoint's files and hashes and uses the generator's averaged (EMA) weights. Pass a device,
// e.g. TorchSharp.torch.CUDA, to run on a GPU (build with -p:TorchBackend=cuda).
using var pipeline = TextToImagePipeline.Load(checkpoint);

string[] captions =
[
    "a small bird with a red body and blue wings and a yellow head",
    "this bird is black with white wings and a green crown",
];

// Three images per caption. The same seed gives the same images; caption i draws its noise from seed + i, so adding
// or removing other captions does not change them.
var results = pipeline.Generate(captions, count: 3, seed: 42);
for (int i = 0; i < results.Count; i++)
{
    using var result = results[i];
    // Words outside the model's vocabulary are left out (pass UnknownWordPolicy.Reject to Load to refuse instead).
    if (result.DroppedWords.Count > 0)
        Console.WriteLine($"caption {i + 1}: unknown words left out: {string.Join(", ", result.DroppedWords)}");

    for (int k = 0; k < result.Images.Count; k++)
    {
        // Images are ImageSharp Image<Rgb24>; SaveAsPngAtomic writes through a temporary file and a rename.
        var path = result.Images[k].SaveAsPngAtomic(Path.Combine(output, $"caption{i + 1}-sample{k + 1}.png"));
        Console.WriteLine(path);
    }

    // The attention maps show which words each region of the refined image looked at.
    var words = Enumerable.Repeat(result.UsedWords, result.Images.Count).ToList();
    var titles = Enumerable.Repeat(result.Caption, result.Images.Count).ToList();
    using var grid = AttentionGrid.Render(result.StageImages, result.AttentionMaps, words, titles);
    Console.WriteLine(grid.SaveAsPngAtomic(Path.Combine(output, $"caption{i + 1}-attention.png")));
}
return 0;
