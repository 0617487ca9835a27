namespace ZslAttnGan.Models;

/// <summary>Which components a <see cref="ZslAttnGanModel"/> builds.</summary>
public enum ModelParts
{
    /// <summary>Everything: text encoder, image encoder, ZSL discriminator, generator and image discriminators (training,
    /// evaluation).</summary>
    All,

    /// <summary>Only what caption → image needs: the text encoder (with the ZSL sentence generator) and the generator.
    /// The image encoder and the discriminators (about 90 % of the bird model's 200 M parameters) are not built, so an
    /// inference process holds a tenth of the weights. Such a model cannot be trained. A fresh model of this kind gets
    /// other random generator weights than a full model of the same seed; loaded weights are the same.</summary>
    Inference,

    /// <summary>Only what the encoder phase trains: the text encoder, the image encoder and the ZSL discriminator (no
    /// generator, no image discriminators), for an <see cref="Training.EncoderTrainer"/> run in its own process. They get the
    /// same initial weights as in a full model of the same seed; its checkpoint holds those components only.</summary>
    Encoders,
}
