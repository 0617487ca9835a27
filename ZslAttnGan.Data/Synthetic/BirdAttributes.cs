namespace ZslAttnGan.Data.Synthetic;

/// <summary>
/// The synthetic birds' attributes and their values. All three cover many pixels (body, wings, head), since small
/// parts such as a beak are not learnt by a small model at 64 px; the colours are saturated so they stay distinct
/// from the muted backgrounds.
/// </summary>
public static class BirdAttributes
{
    /// <summary>Attribute names in order.</summary>
    public static IReadOnlyList<string> Names { get; } = new[] { "body_colour", "wing_colour", "head_colour" };

    /// <summary>Body and wing colours.</summary>
    public static IReadOnlyList<string> PlumageColours { get; } = new[] { "red", "blue", "yellow", "green", "black", "white" };

    /// <summary>Head colours.</summary>
    public static IReadOnlyList<string> HeadColours { get; } = new[] { "red", "yellow", "black", "white" };

    /// <summary>Value names per attribute.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Values { get; } = new[] { PlumageColours, PlumageColours, HeadColours };

    /// <summary>RGB of a colour name.</summary>
    public static (byte R, byte G, byte B) Rgb(string colour) => colour switch
    {
        "red" => (210, 30, 35),
        "blue" => (30, 70, 210),
        "yellow" => (240, 205, 20),
        "green" => (35, 150, 45),
        "black" => (25, 25, 28),
        "white" => (248, 248, 248),
        _ => throw new ArgumentOutOfRangeException(nameof(colour), colour, "Unknown bird colour."),
    };

    /// <summary>Synonyms used in captions (the first is the plain name).</summary>
    public static IReadOnlyList<string> Synonyms(string colour) => colour switch
    {
        "red" => new[] { "red", "crimson", "scarlet" },
        "blue" => new[] { "blue", "azure", "cobalt" },
        "yellow" => new[] { "yellow", "golden", "lemon" },
        "green" => new[] { "green", "emerald", "olive" },
        "black" => new[] { "black", "dark", "jet black" },
        "white" => new[] { "white", "snowy", "pale white" },
        _ => new[] { colour },
    };
}
