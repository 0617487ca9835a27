namespace ZslAttnGan.Interop;

/// <summary>The kinds of component a reference state-dict file can hold.</summary>
public enum ReferenceComponentKind
{
    /// <summary>RNN_ENCODER (<c>text_encoder*.pth</c>), with the seed's <c>zsl_g.*</c> in ZSL-AttnGAN.</summary>
    TextEncoder,

    /// <summary>CNN_ENCODER (<c>image_encoder*.pth</c>).</summary>
    ImageEncoder,

    /// <summary>G_NET / G_DCGAN (<c>netG*.pth</c>).</summary>
    Generator,

    /// <summary>D_NET64/128/256 (<c>netD*.pth</c>).</summary>
    ImageDiscriminator,

    /// <summary>The seed's ZSL_D (<c>discriminator*.pth</c>).</summary>
    ZslDiscriminator,
}
