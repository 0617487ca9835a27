using TorchSharp;
using TorchSharp.Modules;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using static TorchSharp.torch;

namespace ZslAttnGan.Zsl;

/// <summary>
/// The ZSL sentence generator (the seed's ZSL_G; ZSL-GAN's feature generator with other options): maps a sentence
/// vector and noise to a Tanh-bounded code that the ZSL discriminator cannot tell from an image code. In ZSL-AttnGAN
/// its output replaces conditioning augmentation. With <see cref="ZslSentenceGeneratorOptions.LinearHidden"/> the
/// hidden layer has no activation. State-dict keys: <c>input.*</c>, <c>output.0.*</c>, <c>output.2.*</c>.
/// </summary>
public sealed class ZslSentenceGenerator : nn.Module<Tensor, Tensor, Tensor>, Components.ISentenceConditioner
{
    private readonly Linear input;
    private readonly Sequential output;

    /// <summary>Creates the generator with PyTorch's default init, or Xavier-normal when the options ask for it.</summary>
    public ZslSentenceGenerator(ZslSentenceGeneratorOptions? options = null) : base(nameof(ZslSentenceGenerator))
    {
        Options = options ?? new ZslSentenceGeneratorOptions();
        Options.Validate();
        input = nn.Linear(Options.InputSize, Options.ReducedSize);
        output = nn.Sequential(
            nn.Linear(Options.ReducedSize + Options.NoiseSize, Options.HiddenSize),
            // Identity keeps the output layer at index 2, so the state-dict keys do not depend on the option.
            Options.LinearHidden ? nn.Identity() : new LeakyRelu(0.01),
            nn.Linear(Options.HiddenSize, Options.OutputSize),
            nn.Tanh());
        RegisterComponents();
        if (Options.XavierInit)
        {
            using var _ = no_grad();
            foreach (var (name, p) in named_parameters())
            {
                if (name.EndsWith("weight", StringComparison.Ordinal)) nn.init.xavier_normal_(p);
                else p.zero_();
            }
        }
    }

    /// <summary>Re-initialises from <paramref name="generator"/>: PyTorch's defaults, or Xavier-normal weights and zero
    /// biases when the options ask for it.</summary>
    public void ResetParameters(Generator generator)
    {
        if (!Options.XavierInit)
        {
            Initialization.DefaultInit.Reset(this, generator);
            return;
        }
        Gazsl.GazslInit.XavierNormal(this, generator);   // ZSL-GAN's weights_init
    }

    /// <summary>The dimensions this generator was built with.</summary>
    public ZslSentenceGeneratorOptions Options { get; }

    /// <inheritdoc />
    int Components.ISentenceConditioner.InputSize => Options.InputSize;

    /// <inheritdoc />
    int Components.ISentenceConditioner.OutputSize => Options.OutputSize;

    /// <inheritdoc />
    Components.ConditionedSentence Components.ISentenceConditioner.Condition(Tensor sentence, Generator? generator) => new(Sample(sentence, generator), null, null);

    /// <summary>Generates codes [B, OutputSize] from text [B, InputSize] and noise [B, NoiseSize].</summary>
    public override Tensor forward(Tensor text, Tensor noise)
    {
        Guard.Shape(text, nameof(text), $"[B, {Options.InputSize}]", -1, Options.InputSize);
        Guard.Floating(text, nameof(text));
        Guard.Shape(noise, nameof(noise), $"[B, {Options.NoiseSize}]", text.shape[0], Options.NoiseSize);
        Guard.Floating(noise, nameof(noise));
        var reduced = input.forward(text);
        var joined = Options.NoiseFirst ? cat(new[] { noise, reduced }, 1) : cat(new[] { reduced, noise }, 1);
        return output.forward(joined);
    }

    /// <summary>
    /// Generates codes for samples whose text is a row of a class table: the same result as
    /// <c>forward(classText[classIndex], noise)</c> up to float rounding, with the text layer and the text half of the
    /// first hidden layer applied once per class instead of once per sample (GAZSL's batches of 1000 repeat 150 class
    /// texts of 7551 dimensions: about a quarter of the generator's forward work).
    /// </summary>
    /// <param name="classText">Class texts [C, InputSize].</param>
    /// <param name="classIndex">Each sample's row of <paramref name="classText"/> [B], int64.</param>
    /// <param name="noise">Noise [B, NoiseSize].</param>
    public Tensor ForwardFromClassTable(Tensor classText, Tensor classIndex, Tensor noise)
    {
        Guard.Shape(classText, nameof(classText), $"[C, {Options.InputSize}]", -1, Options.InputSize);
        Guard.Floating(classText, nameof(classText));
        Guard.Shape(classIndex, nameof(classIndex), "[B] (int64)", -1);
        Guard.DType(classIndex, nameof(classIndex), ScalarType.Int64);
        Guard.Shape(noise, nameof(noise), $"[{classIndex.shape[0]}, {Options.NoiseSize}]", classIndex.shape[0], Options.NoiseSize);
        Guard.Floating(noise, nameof(noise));
        var first = (Linear)output[0];
        int reducedAt = Options.NoiseFirst ? Options.NoiseSize : 0, noiseAt = Options.NoiseFirst ? 0 : Options.ReducedSize;
        // The first hidden layer's pre-activation splits by input columns: W·[z, r] + b = W_z·z + (W_r·r + b).
        var perClass = nn.functional.linear(input.forward(classText), first.weight!.narrow(1, reducedAt, Options.ReducedSize), first.bias);
        var fromNoise = nn.functional.linear(noise, first.weight!.narrow(1, noiseAt, Options.NoiseSize));
        var hidden = fromNoise.Plus(perClass.index_select(0, classIndex));
        for (int i = 1; i < output.Count; i++) hidden = ((nn.Module<Tensor, Tensor>)output[i]).forward(hidden);
        return hidden;
    }

    /// <summary>Draws fresh noise from <paramref name="generator"/> (or the global generator) and generates codes.</summary>
    public Tensor Sample(Tensor text, Generator? generator = null)
    {
        Guard.Shape(text, nameof(text), $"[B, {Options.InputSize}]", -1, Options.InputSize);
        using var noise = randn(new[] { text.shape[0], (long)Options.NoiseSize }, dtype: text.dtype, device: text.device, generator: generator);
        return forward(text, noise);
    }
}
