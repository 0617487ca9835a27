namespace ZslAttnGan.Imaging;

/// <summary>How preview grids enlarge small images to the common cell size.</summary>
public enum UpsampleMode
{
    /// <summary>Nearest neighbour: every generated pixel stays visible as a sharp block (default; honest for 64 px).</summary>
    Nearest,

    /// <summary>Bilinear: smoother, closer to how the images look when viewed scaled.</summary>
    Bilinear,
}
