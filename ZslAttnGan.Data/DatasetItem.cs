using ZslAttnGan.Data.Imaging;

namespace ZslAttnGan.Data;

/// <summary>One image of a dataset with everything a batch needs except the pixels, and what the loader learnt about
/// it (source id, split, image size and the crop the transform applies).</summary>
/// <param name="Key">The reference key: the image path relative to the images folder, without extension.</param>
/// <param name="ImagePath">Absolute image file path.</param>
/// <param name="ClassIndex">Dense class index into <see cref="ImageCaptionDataset.Classes"/> (0..K−1), or null when the
/// image has no class (a COCO image without any annotated object when primary categories are used).</param>
/// <param name="Box">Bounding box, or null.</param>
/// <param name="Captions">This image's captions as word ids (each non-empty), in file order.</param>
/// <param name="Attributes">Ground-truth attribute value indices (synthetic set), or null.</param>
public sealed record DatasetItem(
    string Key,
    string ImagePath,
    int? ClassIndex,
    BoundingBox? Box,
    IReadOnlyList<long[]> Captions,
    IReadOnlyList<int>? Attributes = null)
{
    /// <summary>The image id in the source files (CUB: the id of <c>images.txt</c>; COCO: the image id), or null when
    /// the source has none.</summary>
    public long? Id { get; init; }

    /// <summary>The image-level split the image belongs to in its source (CUB: the AttnGAN split loaded, else the flag of
    /// <c>train_test_split.txt</c>; COCO: train or val), or null when the source says nothing.</summary>
    public DatasetSplit? Split { get; init; }

    /// <summary>
    /// The size of the image file in pixels, as decoding will give it. The loaders read it from the file header when they
    /// load the dataset (ImageSharp's <c>Identify</c>, a few hundred bytes per file, no pixel is decoded); null when the
    /// header cannot be read (then an <see cref="DataIssueKind.UnreadableImage"/> issue says why).
    /// </summary>
    public PixelSize? Size { get; init; }

    /// <summary>
    /// The crop the image transform takes before resizing, in pixels of the image file: for a CUB image the bird crop
    /// <see cref="CropBox.ForBird"/> of <see cref="Box"/> on <see cref="Size"/> (applied while
    /// <see cref="ImageTransformOptions.UseBoundingBoxes"/> is on, the default); null when the image is used whole (no
    /// box) or its size is unknown. It can be empty for a degenerate box (an <see cref="DataIssueKind.EmptyCrop"/> issue).
    /// </summary>
    public CropBox? Crop { get; init; }
}
