using System.Diagnostics;
using SixLabors.ImageSharp.Memory;
using ZslAttnGan.Data.Imaging;

namespace ZslAttnGan.Tests.Data.Fuzzing;

/// <summary>What one decode of untrusted bytes did.</summary>
/// <param name="Decoded">Whether an image came out.</param>
/// <param name="Refusal">For a refused input: the type of ImageSharp's exception behind the ImageDecodeException, or
/// "check" when one of the decoder's own checks refused it.</param>
/// <param name="Elapsed">Wall time of the decode.</param>
/// <param name="AllocatedBytes">Bytes allocated by the decoding thread.</param>
public readonly record struct DecodeOutcome(bool Decoded, string? Refusal, TimeSpan Elapsed, long AllocatedBytes);

/// <summary>
/// Runs <see cref="ImageDecoder.Decode(byte[], string)"/> on a dedicated thread and checks the contract for untrusted
/// bytes: the call returns a valid single-frame image within the pixel limit or throws <see cref="ImageDecodeException"/>
/// naming the input; it finishes within a time bound; and it allocates within a memory bound.
/// </summary>
/// <remarks>
/// Memory is measured as the bytes allocated by the decoding thread (<see cref="GC.GetAllocatedBytesForCurrentThread"/>),
/// an upper bound of its peak. For that to see ImageSharp's pixel buffers too, the decoder's configuration is switched
/// to <see cref="SimpleGcMemoryAllocator"/> (managed arrays instead of pooled unmanaged memory); this also removes the
/// decoder's own allocation cap, so the bound checked here must come from its explicit checks alone.
/// A decode that does not finish cannot be stopped (ImageSharp 2.1 decoding is not cancellable): the thread is a
/// background thread and is abandoned when the case fails.
/// </remarks>
public sealed class DecodeProbe
{
    /// <summary>Name given to in-memory inputs; errors must name it.</summary>
    public const string InputName = "fuzz-input.bin";

    private readonly ImageDecoder _decoder;

    /// <summary>Creates a probe around a decoder with the given limits.</summary>
    public DecodeProbe(long maxPixels, TimeSpan timeout)
    {
        _decoder = new ImageDecoder(maxPixels);
        _decoder.Configuration.MemoryAllocator = new SimpleGcMemoryAllocator();
        Timeout = timeout;
    }

    /// <summary>The decoder under test.</summary>
    public ImageDecoder Decoder => _decoder;

    /// <summary>Per-case time bound.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The memory bound for an input of <paramref name="inputLength"/> bytes: 64 bytes per pixel of the
    /// decoder's limit (JPEG's coefficient planes, the RGB result and conversion buffers), 64 bytes per input byte
    /// (a copy or two of the input and decompression windows) and 16 MiB of fixed overhead (tables, code).</summary>
    public long MemoryBound(int inputLength) => 64 * _decoder.MaxPixels + 64L * inputLength + (16L << 20);

    /// <summary>Decodes <paramref name="bytes"/> and throws <see cref="FuzzContractException"/> if the contract is broken.</summary>
    public DecodeOutcome Check(byte[] bytes)
    {
        DecodeOutcome outcome = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            bool decoded = false;
            string? refusal = null;
            try
            {
                using var image = _decoder.Decode(bytes, InputName);
                if (image.Width <= 0 || image.Height <= 0 || (long)image.Width * image.Height > _decoder.MaxPixels)
                    failure = new FuzzContractException($"decoded to an invalid size {image.Width}x{image.Height}");
                else if (image.Frames.Count != 1)
                    failure = new FuzzContractException($"decoded to {image.Frames.Count} frames (only the first is used)");
                decoded = true;
            }
            catch (ImageDecodeException e) when (e.Path == InputName && e.Message.Contains(InputName))
            {
                refusal = e.InnerException?.GetType().Name ?? "check";
            }
            catch (Exception e)
            {
                failure = new FuzzContractException($"threw {e.GetType().FullName} instead of ImageDecodeException naming the input: {e}", e);
            }
            outcome = new DecodeOutcome(decoded, refusal, clock.Elapsed, GC.GetAllocatedBytesForCurrentThread() - before);
        }) { IsBackground = true, Name = "fuzz decode" };
        thread.Start();
        if (!thread.Join(Timeout)) throw new FuzzContractException($"did not finish within {Timeout.TotalSeconds:0.#} s (hang)");
        if (failure is not null) throw failure;
        long bound = MemoryBound(bytes.Length);
        if (outcome.AllocatedBytes > bound)
            throw new FuzzContractException($"allocated {outcome.AllocatedBytes >> 20} MiB, above the bound of {bound >> 20} MiB");
        return outcome;
    }
}

/// <summary>A broken decoder contract found by the fuzzer.</summary>
public sealed class FuzzContractException(string message, Exception? inner = null) : Exception(message, inner);
