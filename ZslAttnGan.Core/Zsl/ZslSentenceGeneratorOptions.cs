namespace ZslAttnGan.Zsl;

/// <summary>
/// Dimensions of <see cref="ZslSentenceGenerator"/>. The defaults are the ZSL-AttnGAN seed's ZSL_G
/// (256 → 1024, concat noise 100, → 1024, LeakyReLU, → 256, Tanh). <see cref="ZslGan"/> gives ZSL-GAN's feature
/// generator (text → 1000, noise first, hidden 4096, Xavier init).
/// </summary>
/// <param name="InputSize">Size of the text vector fed in (the BiLSTM sentence, 256).</param>
/// <param name="ReducedSize">Output of the text-reduction layer <c>input</c> (1024; ZSL-GAN 1000).</param>
/// <param name="NoiseSize">Noise size z (100).</param>
/// <param name="HiddenSize">Hidden layer width (1024; ZSL-GAN 4096).</param>
/// <param name="OutputSize">Output code size (256 = the condition size; ZSL-GAN: the visual feature size).</param>
/// <param name="NoiseFirst">Concatenate [z, text] (ZSL-GAN) instead of the seed's [text, z].</param>
/// <param name="XavierInit">Xavier-normal weights and zero biases (ZSL-GAN) instead of PyTorch's default init (seed).</param>
/// <param name="LinearHidden">No LeakyReLU between the hidden layer and the output layer (the reference has one), so
/// the code is Tanh of a linear function of the sentence and the noise. A sentence whose features add up per attribute
/// (<see cref="Text.SentencePooling.MeanOfWords"/>) then gives a code that does too, so a caption that combines seen
/// colours in a new way lands where those colours point, not near the seen species it resembles most (docs/quality.md,
/// "A linear ZSL generator"). The state-dict keys are the same; the reference's ZSL_G computes another code from them.</param>
public sealed record ZslSentenceGeneratorOptions(
    int InputSize = 256,
    int ReducedSize = 1024,
    int NoiseSize = 100,
    int HiddenSize = 1024,
    int OutputSize = 256,
    bool NoiseFirst = false,
    bool XavierInit = false,
    bool LinearHidden = false)
{
    /// <summary>ZSL-GAN's generator (Zhu et al. 2018, §1.1 of the reference notes) for a text feature of the given size.</summary>
    public static ZslSentenceGeneratorOptions ZslGan(int textSize, int featureSize) =>
        new(textSize, 1000, 100, 4096, featureSize, NoiseFirst: true, XavierInit: true);

    internal void Validate()
    {
        if (InputSize <= 0 || ReducedSize <= 0 || NoiseSize < 0 || HiddenSize <= 0 || OutputSize <= 0)
            throw new ArgumentException($"ZslSentenceGeneratorOptions sizes must be positive (noise may be 0): {this}.");
    }
}
