using TorchSharp;
using ZslAttnGan.Imaging;
using ZslAttnGan.Nn;
using ZslAttnGan.TorchSharpWorkarounds;
using ZslAttnGan.Text;
using ZslAttnGan.Training;
using ZslAttnGan.Checkpoints;
using static TorchSharp.torch;
using ZslAttnGan.Models;

namespace ZslAttnGan.Inference;

/// <summary>
/// Caption → images. Loads a checkpoint (with the generator's averaged weights when it has them) or takes assembled
/// components, runs the text encoder, the ZSL sentence generator (or CA) and the generator in eval mode without
/// gradients, and returns ImageSharp images, tensors, attention maps and which words were used or dropped.
/// </summary>
/// <remarks>
/// <para>Deterministic: the samples for caption <c>i</c> of a call depend only on the caption, the seed and <c>i</c>
/// (each caption draws its noise from its own generator seeded by <c>seed + i</c>), not on the other captions.</para>
/// <para>Thread safety: concurrent calls on one instance are safe; they are serialised by an internal lock, because
/// the modules are shared and TorchSharp modules are not reentrant. For parallel generation create one pipeline per
/// thread (the checkpoint can be loaded several times).</para>
/// <para>Determinism across threads: libtorch's intra-op thread count is a per-thread setting (OpenMP's), and a
/// different count orders the CPU kernels' sums differently, which changes the last bits. Every call therefore runs
/// with <see cref="IntraOpThreads"/> (by default the count of the thread that created the pipeline), whichever thread
/// makes it, so one seed gives the same bits from a request thread, the thread pool or <see cref="GenerateAsync(string, int, long, CancellationToken)"/>.</para>
/// </remarks>
public sealed class TextToImagePipeline : IDisposable
{
    private readonly object _gate = new();
    private readonly bool _ownsModel;
    private int _intraOpThreads;
    private FusedLayers? _fusion;
    private bool _disposed;

    /// <summary>Wraps assembled components. The model is put in eval mode.</summary>
    /// <param name="model">The model (text encoder, generator, …).</param>
    /// <param name="vocabulary">The text encoder's vocabulary.</param>
    /// <param name="ownsModel">Dispose the model with the pipeline.</param>
    /// <param name="unknownWords">Drop unknown words and report them (default), or reject the caption.</param>
    public TextToImagePipeline(ZslAttnGanModel model, Vocabulary vocabulary, bool ownsModel = false, UnknownWordPolicy unknownWords = UnknownWordPolicy.Drop)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (vocabulary.Count != model.VocabularySize)
            throw new ArgumentException($"The vocabulary has {vocabulary.Count} words but the text encoder {model.VocabularySize}.", nameof(vocabulary));
        Model = model;
        Vocabulary = vocabulary;
        UnknownWords = unknownWords;
        _ownsModel = ownsModel;
        _intraOpThreads = get_num_threads();
        foreach (var (_, m) in model.Components()) m.eval();
    }

    /// <summary>libtorch intra-op threads every generation call runs with, on whatever thread it is made (the previous
    /// count of that thread is restored afterwards). Defaults to the count of the thread that created the pipeline.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive.</exception>
    public int IntraOpThreads
    {
        get => _intraOpThreads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _intraOpThreads = value;
        }
    }

    /// <summary>Loads a checkpoint onto <paramref name="device"/> (CPU by default), using the averaged generator weights
    /// when the checkpoint has them. By default only the text encoder and the generator are built and loaded
    /// (<see cref="ModelParts.Inference"/>): a tenth of the bird model's weights.</summary>
    /// <param name="checkpointDirectory">The checkpoint.</param>
    /// <param name="device">Target device (CPU when null).</param>
    /// <param name="unknownWords">Drop unknown words and report them (default), or reject the caption.</param>
    /// <param name="parts">Components to build; <see cref="ModelParts.All"/> when the caller also needs the image
    /// encoder or discriminators through <see cref="Model"/> (evaluation).</param>
    /// <exception cref="CheckpointException">The checkpoint is incomplete, altered or of another format, or it is an
    /// encoders checkpoint (its generator was never trained).</exception>
    public static TextToImagePipeline Load(string checkpointDirectory, Device? device = null, UnknownWordPolicy unknownWords = UnknownWordPolicy.Drop,
        ModelParts parts = ModelParts.Inference)
    {
        var checkpoint = Checkpoint.Open(checkpointDirectory);
        if (!checkpoint.HasTensors(ZslAttnGanModel.GeneratorName) || checkpoint.Manifest.State?.Phase == "encoders")
            throw new CheckpointException(checkpoint.Directory, "it holds the encoders of an encoders run, whose generator was never trained. " +
                "Generate from the checkpoint of a GAN or joint run (the quick start writes it to <out>/checkpoint; <out>/encoders/checkpoint is the encoders').");
        var model = checkpoint.CreateModel(parts: parts);
        try
        {
            if (checkpoint.HasTensors(Checkpoint.GeneratorEmaName))
            {
                // The EMA holds parameters only; the generator keeps its own BatchNorm statistics (as AttnGAN saves them).
                var averaged = checkpoint.ReadTensors(Checkpoint.GeneratorEmaName);
                var state = model.Generator.Module.state_dict();
                foreach (var key in state.Keys.Where(k => !averaged.ContainsKey(k))) averaged[key] = state[key];
                StateDicts.LoadStrict(model.Generator.Module, averaged);
            }
            if (device is not null) model.To(device);
            // The pipeline owns this model and nothing trains it: fuse its layers (FusesLayers).
            return new TextToImagePipeline(model, checkpoint.Vocabulary, ownsModel: true, unknownWords) { FusesLayers = true };
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Whether the generator's layers are fused for inference (<see cref="InferenceFusion"/>): eval-mode batch norms
    /// folded into the convolutions before them, and large nearest up-samplings merged into the 3×3 convolutions after
    /// them. The same images up to rounding, in less time. True for a pipeline from <see cref="Load"/>, false for one
    /// built on assembled components, whose weights a caller may still be training. The fused weights are a snapshot
    /// taken at the first call after this is set: after changing the generator's weights, set it to false and back.
    /// </summary>
    public bool FusesLayers
    {
        get => _fusion is not null;
        set
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (value == (_fusion is not null)) return;
                if (value) _fusion = InferenceFusion.Fuse(Model.Generator.Module);
                else
                {
                    _fusion!.Dispose();
                    _fusion = null;
                }
            }
        }
    }

    /// <summary>The model.</summary>
    public ZslAttnGanModel Model { get; }

    /// <summary>The vocabulary.</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>What happens to words outside the vocabulary.</summary>
    public UnknownWordPolicy UnknownWords { get; }

    /// <summary>Generates <paramref name="count"/> images for one caption.</summary>
    public GenerationResult Generate(string caption, int count = 1, long seed = 0) => Generate(new[] { caption }, count, seed)[0];

    /// <summary>Generates <paramref name="count"/> images for each caption.</summary>
    /// <exception cref="ArgumentException">A caption has no known word, or (with <see cref="UnknownWordPolicy.Reject"/>) an unknown one.</exception>
    public IReadOnlyList<GenerationResult> Generate(IReadOnlyList<string> captions, int count = 1, long seed = 0) =>
        Generate(captions, count, seed, CancellationToken.None);

    /// <summary>Generates <paramref name="count"/> images for each caption, checking <paramref name="cancellationToken"/>
    /// before each caption (one caption's images are one forward pass, which is not interrupted).</summary>
    /// <exception cref="ArgumentException">A caption has no known word, or (with <see cref="UnknownWordPolicy.Reject"/>) an unknown one.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the images of the captions already done are disposed.</exception>
    public IReadOnlyList<GenerationResult> Generate(IReadOnlyList<string> captions, int count, long seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(captions);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be at least 1.");
        var encoded = captions.Select((c, i) => Encode(c, i)).ToList();
        var results = new List<GenerationResult>(captions.Count);
        try
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                using var threads = TorchSharpWorkarounds.IntraOpThreads.Use(_intraOpThreads);
                for (int i = 0; i < captions.Count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    results.Add(GenerateOne(captions[i], encoded[i], count, seed + i));
                }
            }
            return results;
        }
        catch
        {
            foreach (var r in results) r.Dispose();
            throw;
        }
    }

    /// <summary>Generates <paramref name="count"/> images for one caption on the thread pool; see
    /// <see cref="Generate(IReadOnlyList{string}, int, long, CancellationToken)"/>.</summary>
    public async Task<GenerationResult> GenerateAsync(string caption, int count = 1, long seed = 0, CancellationToken cancellationToken = default) =>
        (await GenerateAsync(new[] { caption }, count, seed, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Generates <paramref name="count"/> images for each caption on the thread pool, so a UI or request thread
    /// is not blocked; cancellation is checked before each caption. Calls on one pipeline still run one at a time.</summary>
    /// <exception cref="ArgumentException">A caption has no known word, or (with <see cref="UnknownWordPolicy.Reject"/>) an unknown one.</exception>
    /// <exception cref="OperationCanceledException">Cancelled before or between captions.</exception>
    public Task<IReadOnlyList<GenerationResult>> GenerateAsync(IReadOnlyList<string> captions, int count = 1, long seed = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(captions);
        // Generate runs with IntraOpThreads on the pool thread too, so this gives what Generate gives, bit for bit.
        return Task.Run(() => Generate(captions, count, seed, cancellationToken), cancellationToken);
    }

    private EncodedCaption Encode(string caption, int index)
    {
        if (caption is null) throw new ArgumentNullException($"captions[{index}]");
        EncodedCaption e;
        try
        {
            e = Vocabulary.EncodeText(caption, UnknownWords);
        }
        catch (KeyNotFoundException ex)
        {
            throw new ArgumentException($"Caption {index} (\"{caption}\"): {ex.Message}", $"captions[{index}]", ex);
        }
        if (e.Length == 0)
            throw new ArgumentException($"Caption {index} (\"{caption}\") has no word the model knows" +
                (e.UnknownWords.Count > 0 ? $" (unknown: {string.Join(", ", e.UnknownWords)})." : "."), $"captions[{index}]");
        return e;
    }

    private GenerationResult GenerateOne(string caption, EncodedCaption encoded, int count, long seed)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var device = Model.Device;
        using var rng = new Generator(unchecked((ulong)seed), device);
        var ids = tensor(encoded.Ids.ToArray(), device: device).unsqueeze(0).expand(count, -1).contiguous();
        // From an array, not full(count, length): that converts the length into a temporary Scalar (see TorchSharpWorkarounds.Scalars).
        var lengths = tensor(Enumerable.Repeat((long)encoded.Length, count).ToArray());
        var output = Model.GenerateFromCaptions(ids, lengths, rng).Output;
        var stages = output.Images.Select(t => t.cpu().MoveToOuterDisposeScope()).ToList();
        var maps = output.AttentionMaps.Select(t => t.cpu().MoveToOuterDisposeScope()).ToList();
        var images = ImageTensors.ToImages(stages[^1]);
        return new GenerationResult(caption, encoded.Tokens, encoded.UnknownWords, images, stages, maps);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _fusion?.Dispose();
            if (_ownsModel) Model.Dispose();
        }
    }
}
