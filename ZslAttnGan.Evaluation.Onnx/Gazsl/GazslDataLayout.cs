namespace ZslAttnGan.Gazsl;

/// <summary>The on-disk layouts a GAZSL task is read from (see <see cref="GazslTask.Load"/>).</summary>
public enum GazslDataLayout
{
    /// <summary>Decide from the folder's files.</summary>
    Auto,
    /// <summary>ZSL_GAN's <c>data/CUB2011/</c> (pre-extracted part features, Wikipedia TF-IDF; easy or hard split).</summary>
    ZslGanCub,
    /// <summary>ZSL_GAN's <c>data/NABird/</c>.</summary>
    ZslGanNab,
    /// <summary>Xian et al.'s GBU layout (<c>&lt;dataset&gt;/{res101.mat, att_splits.mat}</c>, attributes).</summary>
    Gbu,
    /// <summary>A CUB-format folder of captioned images with <c>unseen_classes.txt</c> (e.g. the synthetic birds):
    /// ResNet-18 features and TF-IDF of each class's captions (<see cref="CaptionedImageFeatures"/>).</summary>
    CaptionedImages,
}
