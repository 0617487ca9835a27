using ZslAttnGan.Data.Imaging;

namespace ZslAttnGan.Data;

/// <summary>One image of a dataset with everything a batch needs except the pixels.</summary>
/// <param name="Key">The reference key: the image path relative to the images folder, without extension.</param>
/// <param name="ImagePath">Absolute image file path.</param>
/// <param name="ClassIndex">Dense class index into <see cref="ImageCaptionDataset.Classes"/> (0..K−1).</param>
/// <param name="Box">Bounding box, or null.</param>
/// <param name="Captions">This image's captions as word ids (each non-empty), in file order.</param>
/// <param name="Attributes">Ground-truth attribute value indices (synthetic set), or null.</param>
public sealed record DatasetItem(
    string Key,
    string ImagePath,
    int ClassIndex,
    BoundingBox? Box,
    IReadOnlyList<long[]> Captions,
    IReadOnlyList<int>? Attributes = null);
