using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZslAttnGan.Data;

/// <summary>
/// Ground-truth attributes of a dataset (written by the synthetic generator as <c>attributes.json</c>): the attribute
/// names and their values, each class's value indices and each image's value indices.
/// </summary>
public sealed record AttributeAnnotations
{
    /// <summary>The attributes in order, with their possible values.</summary>
    [JsonPropertyName("attributes")]
    public required IReadOnlyList<AttributeDefinition> Attributes { get; init; }

    /// <summary>Per class: name (as in classes.txt), value index per attribute, and whether it is unseen.</summary>
    [JsonPropertyName("classes")]
    public required IReadOnlyList<ClassAttributes> Classes { get; init; }

    /// <summary>Per image: key and value index per attribute.</summary>
    [JsonPropertyName("images")]
    public required IReadOnlyList<ImageAttributes> Images { get; init; }

    // An explicit resolver keeps this working in apps that turn reflection-based JSON off by default (trimmed, file-based).
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false, TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };

    /// <summary>Writes the annotations as JSON.</summary>
    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    /// <summary>Reads and checks annotations (value indices in range).</summary>
    public static AttributeAnnotations Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Attribute file '{path}' does not exist.", path);
        AttributeAnnotations? a;
        try { a = JsonSerializer.Deserialize<AttributeAnnotations>(File.ReadAllText(path), Json); }
        catch (JsonException e) { throw new InvalidDataException($"Attribute file '{path}' is not valid: {e.Message}", e); }
        if (a is null) throw new InvalidDataException($"Attribute file '{path}' is empty.");
        void Check(IReadOnlyList<int> values, string what)
        {
            if (values.Count != a.Attributes.Count)
                throw new InvalidDataException($"Attribute file '{path}': {what} has {values.Count} values for {a.Attributes.Count} attributes.");
            for (int i = 0; i < values.Count; i++)
                if (values[i] < 0 || values[i] >= a.Attributes[i].Values.Count)
                    throw new InvalidDataException($"Attribute file '{path}': {what} has value {values[i]} for '{a.Attributes[i].Name}' (0..{a.Attributes[i].Values.Count - 1}).");
        }
        foreach (var c in a.Classes) Check(c.Values, $"class '{c.Name}'");
        foreach (var i in a.Images) Check(i.Values, $"image '{i.Key}'");
        return a;
    }
}

/// <summary>One attribute and its values.</summary>
/// <param name="Name">Attribute name, e.g. "body_colour".</param>
/// <param name="Values">Value names, e.g. ["red", "blue", …].</param>
public sealed record AttributeDefinition(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("values")] IReadOnlyList<string> Values);

/// <summary>A class's attribute values.</summary>
/// <param name="Name">Class name as in classes.txt.</param>
/// <param name="Values">Value index per attribute.</param>
/// <param name="Unseen">True when the class is held out for zero-shot evaluation.</param>
public sealed record ClassAttributes(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("values")] IReadOnlyList<int> Values,
    [property: JsonPropertyName("unseen")] bool Unseen);

/// <summary>An image's attribute values.</summary>
/// <param name="Key">Image key.</param>
/// <param name="Values">Value index per attribute.</param>
public sealed record ImageAttributes(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("values")] IReadOnlyList<int> Values);
