namespace ZslAttnGan.Data;

/// <summary>The image-level split an image belongs to in its source files.</summary>
public enum DatasetSplit
{
    /// <summary>Training images (CUB's <c>train_test_split.txt</c> flag 1, AttnGAN's <c>train/</c>, COCO train2014).</summary>
    Train,

    /// <summary>Test images (CUB's flag 0, AttnGAN's <c>test/</c>).</summary>
    Test,

    /// <summary>COCO val2014 (which AttnGAN calls <c>test</c>).</summary>
    Validation,
}
