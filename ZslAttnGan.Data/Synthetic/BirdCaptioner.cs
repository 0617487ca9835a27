namespace ZslAttnGan.Data.Synthetic;

/// <summary>
/// Writes varied captions for a synthetic bird: several templates, colour and part synonyms, attributes in varied
/// order, sometimes one attribute left out, and irrelevant phrases (noisy text, as in ZSL-GAN's Wikipedia articles).
/// </summary>
internal static class BirdCaptioner
{
    private static readonly string[] BodyWords = { "body", "belly", "breast", "plumage" };
    private static readonly string[] WingWords = { "wings", "wing feathers", "flight feathers" };
    private static readonly string[] HeadWords = { "head", "crown", "cap" };
    private static readonly string[] Subjects = { "this bird", "the bird", "a small bird", "this little bird", "the songbird" };
    private static readonly string[] Noise =
    {
        "it looks calm", "the photo is a little blurry", "it seems to be looking around", "what a lovely creature",
        "it was seen in the morning", "it is quite common here", "the picture was taken from far away",
        "it might be singing", "people often feed it", "it is resting for a moment",
    };

    public static List<string> Write(IReadOnlyList<int> values, Habitat habitat, Random rng, int count)
    {
        var captions = new List<string>(count);
        for (int i = 0; i < count; i++) captions.Add(One(values, habitat, rng));
        return captions;
    }

    private static string One(IReadOnlyList<int> values, Habitat habitat, Random rng)
    {
        string Pick(IReadOnlyList<string> options) => options[rng.Next(options.Count)];
        var body = Pick(BirdAttributes.Synonyms(BirdAttributes.PlumageColours[values[0]]));
        var wing = Pick(BirdAttributes.Synonyms(BirdAttributes.PlumageColours[values[1]]));
        var head = Pick(BirdAttributes.Synonyms(BirdAttributes.HeadColours[values[2]]));
        var parts = new List<(string Colour, string Part, bool Plural)>
        {
            (body, Pick(BodyWords), false), (wing, Pick(WingWords), true), (head, Pick(HeadWords), false),
        };
        // Varied order; now and then one attribute is not mentioned (real captions are incomplete too).
        parts = parts.OrderBy(_ => rng.Next()).ToList();
        if (rng.NextDouble() < 0.15) parts.RemoveAt(rng.Next(parts.Count));

        string text = rng.Next(5) switch
        {
            0 => $"{Pick(Subjects)} has {Join(parts.Select(p => $"{Article(p)}{p.Colour} {p.Part}"))}",
            1 => $"{Pick(Subjects)} with {Join(parts.Select(p => $"{Article(p)}{p.Colour} {p.Part}"))}",
            2 => Join(parts.Select(p => $"the {p.Part} {(p.Plural ? "are" : "is")} {p.Colour}")),
            3 => $"{Join(parts.Select(p => $"{p.Colour} {p.Part}"))} on {Pick(Subjects)}",
            _ => $"{Pick(Subjects)} whose {parts[0].Part} {(parts[0].Plural ? "are" : "is")} {parts[0].Colour}" +
                 (parts.Count > 1 ? $" and which has {Join(parts.Skip(1).Select(p => $"{Article(p)}{p.Colour} {p.Part}"))}" : ""),
        };
        if (rng.NextDouble() < 0.3) text += ", " + Pick(habitat.Phrases);
        if (rng.NextDouble() < 0.3) text = rng.Next(2) == 0 ? $"{Pick(Noise)}; {text}" : $"{text}. {Capitalise(Pick(Noise))}";
        return Capitalise(text) + ".";
    }

    private static string Article((string Colour, string Part, bool Plural) p) =>
        p.Plural ? "" : "AEIOUaeiou".Contains(p.Colour[0]) ? "an " : "a ";

    private static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count switch
        {
            0 => "",
            1 => list[0],
            _ => string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1],
        };
    }

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
