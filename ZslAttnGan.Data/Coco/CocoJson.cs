using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ZslAttnGan.Data.Coco;

/// <summary>The parts of the official COCO annotation files the loader reads.</summary>
internal static class CocoJson
{
    internal sealed record Image([property: JsonPropertyName("id")] long Id, [property: JsonPropertyName("file_name")] string? FileName);

    internal sealed record Caption([property: JsonPropertyName("id")] long Id, [property: JsonPropertyName("image_id")] long ImageId,
        [property: JsonPropertyName("caption")] string? Text);

    internal sealed record Instance([property: JsonPropertyName("image_id")] long ImageId, [property: JsonPropertyName("category_id")] int CategoryId,
        [property: JsonPropertyName("area")] double Area);

    internal sealed record Category([property: JsonPropertyName("id")] int Id, [property: JsonPropertyName("name")] string? Name);

    internal sealed record CaptionsFile([property: JsonPropertyName("images")] List<Image>? Images,
        [property: JsonPropertyName("annotations")] List<Caption>? Annotations);

    internal sealed record InstancesFile([property: JsonPropertyName("annotations")] List<Instance>? Annotations,
        [property: JsonPropertyName("categories")] List<Category>? Categories);

    private static readonly JsonSerializerOptions Options = new() { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    public static T Read<T>(string path, string expected)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"COCO file '{path}' is missing; {expected}.", path);
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<T>(stream, Options) ?? throw new InvalidDataException($"COCO file '{path}' is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"COCO file '{path}' is not valid COCO JSON ({expected}): {e.Message}", e);
        }
    }
}
