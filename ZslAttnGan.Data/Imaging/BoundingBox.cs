namespace ZslAttnGan.Data.Imaging;

/// <summary>A CUB bounding box in whole pixels, as the reference holds it after <c>astype(int)</c> (truncation toward
/// zero of the floats in <c>bounding_boxes.txt</c>).</summary>
/// <param name="X">Left.</param>
/// <param name="Y">Top.</param>
/// <param name="Width">Width.</param>
/// <param name="Height">Height.</param>
public readonly record struct BoundingBox(int X, int Y, int Width, int Height)
{
    /// <summary>Truncates floating-point box values toward zero, like pandas' <c>astype(int)</c>.</summary>
    public static BoundingBox FromFloats(double x, double y, double width, double height) =>
        new(checked((int)x), checked((int)y), checked((int)width), checked((int)height));
}
