namespace ZslAttnGan.Data.Synthetic;

/// <summary>A background style: muted sky and ground colours, and the words a caption may use for it.</summary>
internal sealed record Habitat(string Name, (byte R, byte G, byte B) Top, (byte R, byte G, byte B) Bottom, (byte R, byte G, byte B) Ground, string[] Phrases)
{
    public static IReadOnlyList<Habitat> All { get; } = new Habitat[]
    {
        new("sky", (150, 185, 225), (200, 220, 240), (150, 175, 130), new[] { "against a clear sky", "flying under the sky", "in the open air" }),
        new("grass", (185, 205, 175), (160, 190, 140), (120, 150, 95), new[] { "standing on the grass", "in a green meadow", "on a lawn" }),
        new("sand", (225, 215, 190), (215, 195, 160), (195, 175, 140), new[] { "on a sandy beach", "near the shore", "on the sand" }),
        new("dusk", (205, 170, 185), (230, 200, 170), (130, 115, 120), new[] { "at sunset", "in the evening light", "at dusk" }),
        new("forest", (140, 160, 135), (110, 135, 110), (95, 85, 70), new[] { "in a forest", "among the trees", "on a branch in the woods" }),
    };
}
