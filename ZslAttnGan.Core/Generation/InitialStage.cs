using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ZslAttnGan.Generation;

/// <summary>
/// INIT_STAGE_G (attngan.md §2.5): Linear(code → g·4·4·2, no bias) → BN1d → GLU → [B, g, 4, 4], then up blocks
/// halving the width each time, to [B, g/2^n, 4·2^n, 4·2^n]. With 4 up blocks (the reference) a 64-px stage.
/// Keys: <c>fc.0.weight</c>, <c>fc.1.*</c>, <c>upsampleK.{1,2}.*</c>, and with per-block conditioning
/// <c>affineK.*</c> (<see cref="SentenceAffine"/> after up block K).
/// </summary>
public sealed class InitialStage : nn.Module<Tensor, Tensor>
{
    private readonly Sequential fc;
    private readonly long _width;
    private readonly Sequential[] _ups;
    private readonly SentenceAffine[]? _affines;

    /// <summary>Creates the stage.</summary>
    /// <param name="width">g = 16·ngf, the width at 4×4.</param>
    /// <param name="inputSize">Condition size (+ noise size when image noise is joined).</param>
    /// <param name="upBlocks">Number of ×2 up blocks (4 for a 64-px first stage, 3 for 32 px).</param>
    /// <param name="affineHidden">When positive, every up block is followed by a <see cref="SentenceAffine"/> reading the
    /// stage's input with this hidden width; 0 = none (the reference).</param>
    public InitialStage(long width, long inputSize, int upBlocks = 4, long affineHidden = 0) : base(nameof(InitialStage))
    {
        if (upBlocks < 1 || width % (1L << upBlocks) != 0)
            throw new ArgumentException($"width {width} must be divisible by 2^{upBlocks}.", nameof(width));
        _width = width;
        UpBlocks = upBlocks;
        fc = nn.Sequential(nn.Linear(inputSize, width * 4 * 4 * 2, hasBias: false), new ZslAttnGan.Nn.BatchNorm(width * 4 * 4 * 2), nn.GLU(1));
        RegisterComponents();
        _ups = new Sequential[upBlocks];
        long w = width;
        for (int k = 0; k < upBlocks; k++, w /= 2)
        {
            _ups[k] = Blocks.UpBlock(w, w / 2);
            register_module($"upsample{k + 1}", _ups[k]);
        }
        if (affineHidden <= 0) return;
        // Registered after all up blocks, so that the up blocks' keys and initial draws come first, as without them.
        _affines = new SentenceAffine[upBlocks];
        for (int k = 0; k < upBlocks; k++)
        {
            _affines[k] = new SentenceAffine(inputSize, width >> (k + 1), affineHidden);
            register_module($"affine{k + 1}", _affines[k]);
        }
    }

    /// <summary>Number of up blocks.</summary>
    public int UpBlocks { get; }

    /// <summary>Run the up blocks on channels-last tensors (<see cref="ZslAttnGan.Nn.MemoryFormats"/>).</summary>
    public bool ChannelsLast { get; set; }

    /// <inheritdoc />
    public override Tensor forward(Tensor code)
    {
        // Intermediate handles die with this scope (see NextStage.forward).
        using var scope = NewDisposeScope();
        var h = fc.forward(code).reshape(code.shape[0], _width, 4, 4);
        if (ChannelsLast) h = ZslAttnGan.Nn.MemoryFormats.ToChannelsLast(h);
        for (int k = 0; k < _ups.Length; k++)
        {
            h = _ups[k].forward(h);
            if (_affines is not null) h = _affines[k].forward(h, code);
        }
        return h.MoveToOuterDisposeScope();
    }
}
