namespace ZslAttnGan.Data.Imaging;

/// <summary>A crop rectangle with exclusive right/bottom edges (PIL's <c>crop((x1, y1, x2, y2))</c>).</summary>
/// <param name="X1">Left (inclusive).</param>
/// <param name="Y1">Top (inclusive).</param>
/// <param name="X2">Right (exclusive).</param>
/// <param name="Y2">Bottom (exclusive).</param>
public readonly record struct CropBox(int X1, int Y1, int X2, int Y2)
{
    /// <summary>Crop width (may be 0 for a degenerate box).</summary>
    public int Width => X2 - X1;

    /// <summary>Crop height (may be 0 for a degenerate box).</summary>
    public int Height => Y2 - Y1;

    /// <summary>
    /// The reference bird crop (AttnGAN <c>get_imgs</c>): a square of side 2·r, r = ⌊0.75·max(w, h)⌋, centred on the box
    /// centre ⌊(2x + w)/2⌋, ⌊(2y + h)/2⌋ (true division, truncation toward zero), clamped to the image, so it can be
    /// non-square or empty near the borders.
    /// </summary>
    public static CropBox ForBird(BoundingBox box, int imageWidth, int imageHeight)
    {
        int r = (int)(Math.Max(box.Width, box.Height) * 0.75);
        int cx = (int)((2.0 * box.X + box.Width) / 2.0);
        int cy = (int)((2.0 * box.Y + box.Height) / 2.0);
        return new CropBox(Math.Max(0, cx - r), Math.Max(0, cy - r), Math.Min(imageWidth, cx + r), Math.Min(imageHeight, cy + r));
    }
}
