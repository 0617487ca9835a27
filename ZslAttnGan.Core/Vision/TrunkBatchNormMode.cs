namespace ZslAttnGan.Vision;

/// <summary>What a frozen backbone's BatchNorm layers do when the <see cref="ImageEncoder"/> is put in training
/// mode.</summary>
public enum TrunkBatchNormMode
{
    /// <summary>
    /// Default. The frozen backbone stays in evaluation mode even after <c>train()</c>: its BatchNorms normalise with
    /// their stored running statistics and never update them, so an image's encoding does not depend on the rest of the
    /// batch and the pretrained statistics are kept.
    /// </summary>
    Frozen = 0,

    /// <summary>
    /// The reference's DAMSM pretraining behaviour: <c>train()</c> puts the frozen backbone in training mode too, so its
    /// BatchNorms normalise with batch statistics and keep updating their running means and variances (the weights
    /// themselves stay frozen). Released AttnGAN DAMSM image encoders were trained this way.
    /// </summary>
    FollowEncoder = 1,
}
