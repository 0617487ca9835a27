using static TorchSharp.torch;

namespace ZslAttnGan.Interop;

/// <summary>The tensors of one state-dict file, by key, and what was done to read them.</summary>
/// <param name="Path">The file.</param>
/// <param name="Format">The format it was read in.</param>
/// <param name="Tensors">CPU tensors by state-dict key (owned by the caller).</param>
/// <param name="Notes">Adjustments made while reading (a nested dict taken, a <c>module.</c> prefix removed).</param>
public sealed record StateDictFile(string Path, StateDictFormat Format, Dictionary<string, Tensor> Tensors, IReadOnlyList<string> Notes);

/// <summary>File formats of state dicts.</summary>
public enum StateDictFormat
{
    /// <summary>PyTorch's zip format (<c>torch.save</c> since PyTorch 1.6): a pickle that only describes tensors,
    /// plus their raw storages. Read without executing anything, but pickle-based: import trusted files only.</summary>
    PyTorchZip,

    /// <summary>safetensors: a JSON header and raw tensor bytes; executes no code.</summary>
    Safetensors,
}
