#!/usr/bin/env python3
"""Checks exported state dicts with real PyTorch (test asset of ZslAttnGan.Tests, Category=PyTorch).

Usage: check_export.py FOLDER [FOLDER ...]

For every *.pth in each folder: opens it with torch.load(path, map_location='cpu', weights_only=True) and compares it
with the .safetensors of the same stem, read here with numpy only (there is no python3-safetensors in Debian): same
key set, and per key the same shape, dtype and bytes (bitwise, so NaN payloads and -0.0 count). A .safetensors without
a .pth is reported too. Prints one JSON object on stdout:

  {"torch": "1.13.1", "files": [{"pth": path|null, "safetensors": path|null, "tensors": n, "errors": ["..."]}]}

Every error message names its key. Mismatches are results, not failures: the exit code is non-zero only when the
script itself could not run (bad arguments, torch not importable).
"""

import json
import os
import struct
import sys

import numpy as np
import torch

# safetensors dtype tag -> (torch dtype, numpy dtype of the same width used to compare raw bytes, little-endian).
DTYPES = {
    "F64": (torch.float64, "<u8"),
    "F32": (torch.float32, "<u4"),
    "F16": (torch.float16, "<u2"),
    "BF16": (torch.bfloat16, "<u2"),
    "I64": (torch.int64, "<u8"),
    "I32": (torch.int32, "<u4"),
    "I16": (torch.int16, "<u2"),
    "I8": (torch.int8, "<u1"),
    "U8": (torch.uint8, "<u1"),
    "BOOL": (torch.bool, "<u1"),
}

# torch dtype -> same-width integer dtype, to reinterpret a tensor's bits without numpy knowing the float type (bf16).
BIT_VIEWS = {
    torch.float64: torch.int64, torch.float32: torch.int32, torch.float16: torch.int16, torch.bfloat16: torch.int16,
    torch.int64: torch.int64, torch.int32: torch.int32, torch.int16: torch.int16, torch.int8: torch.int8,
    torch.uint8: torch.uint8, torch.bool: torch.uint8,
}


def read_safetensors(path):
    """Returns {key: (dtype tag, shape, raw little-endian bytes)}; raises ValueError naming what is malformed."""
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        raise ValueError("shorter than the 8-byte header length")
    (header_len,) = struct.unpack("<Q", blob[:8])
    if header_len > len(blob) - 8:
        raise ValueError(f"header length {header_len} exceeds the file ({len(blob)} bytes)")
    header = json.loads(blob[8:8 + header_len].decode("utf-8"))
    data = blob[8 + header_len:]
    tensors = {}
    for key, entry in header.items():
        if key == "__metadata__":
            continue
        tag, shape, (begin, end) = entry["dtype"], entry["shape"], entry["data_offsets"]
        if tag not in DTYPES:
            raise ValueError(f"key '{key}': unknown dtype {tag}")
        width = np.dtype(DTYPES[tag][1]).itemsize
        count = int(np.prod(shape, dtype=np.int64))
        if not 0 <= begin <= end <= len(data) or end - begin != count * width:
            raise ValueError(f"key '{key}': data_offsets [{begin}, {end}] do not fit shape {shape} of {tag}")
        tensors[key] = (tag, list(shape), data[begin:end])
    return tensors


def tensor_bytes(t):
    """The tensor's elements in row-major order as little-endian bytes."""
    t = t.detach().contiguous()
    bits = t.view(BIT_VIEWS[t.dtype]).numpy()
    return bits.astype(bits.dtype.newbyteorder("<"), copy=False).tobytes()


def first_difference(a, b, tag):
    """Index of the first differing element and both values, for the message."""
    x = np.frombuffer(a, dtype=DTYPES[tag][1])
    y = np.frombuffer(b, dtype=DTYPES[tag][1])
    i = int(np.flatnonzero(x != y)[0])
    return i, hex(int(x[i])), hex(int(y[i]))


def compare(pth_path, st_path):
    """Loads both files (st_path may be None) and returns (tensor count, error messages)."""
    try:
        loaded = torch.load(pth_path, map_location="cpu", weights_only=True)
    except Exception as e:  # any refusal by torch.load is the finding
        return 0, [f"torch.load(weights_only=True) failed: {type(e).__name__}: {e}"]
    if not hasattr(loaded, "keys"):
        return 0, [f"torch.load returned a {type(loaded).__name__}, not a mapping of tensors"]
    if st_path is None:
        return len(loaded), ["no .safetensors beside this .pth"]
    try:
        reference = read_safetensors(st_path)
    except Exception as e:
        return len(loaded), [f"the safetensors file is unreadable: {type(e).__name__}: {e}"]

    errors = []
    for key in sorted(set(loaded) - set(reference)):
        errors.append(f"key '{key}' is in the .pth but not in the .safetensors")
    for key in sorted(set(reference) - set(loaded)):
        errors.append(f"key '{key}' is in the .safetensors but not in the .pth")
    for key in sorted(set(loaded) & set(reference)):
        t = loaded[key]
        tag, shape, raw = reference[key]
        if not isinstance(t, torch.Tensor):
            errors.append(f"key '{key}': the .pth holds a {type(t).__name__}, not a tensor")
            continue
        if list(t.shape) != shape:
            errors.append(f"key '{key}': shape {list(t.shape)} in the .pth, {shape} in the .safetensors")
            continue
        if t.dtype != DTYPES[tag][0]:
            errors.append(f"key '{key}': dtype {t.dtype} in the .pth, {tag} in the .safetensors")
            continue
        mine = tensor_bytes(t)
        if mine != raw:
            i, a, b = first_difference(mine, raw, tag)
            errors.append(f"key '{key}': values differ, first at flat index {i} (bits {a} in the .pth, {b} in the .safetensors)")
    return len(loaded), errors


def main(folders):
    if not folders:
        print("usage: check_export.py FOLDER [FOLDER ...]", file=sys.stderr)
        return 2
    files = []
    for folder in folders:
        if not os.path.isdir(folder):
            print(f"not a folder: {folder}", file=sys.stderr)
            return 2
        names = sorted(os.listdir(folder))
        stems = {os.path.splitext(n)[0] for n in names if n.endswith((".pth", ".safetensors"))}
        for stem in sorted(stems):
            pth, st = os.path.join(folder, stem + ".pth"), os.path.join(folder, stem + ".safetensors")
            entry = {"pth": pth if os.path.isfile(pth) else None, "safetensors": st if os.path.isfile(st) else None,
                     "tensors": 0, "errors": []}
            if entry["pth"] is None:
                entry["errors"].append("no .pth beside this .safetensors")
            else:
                entry["tensors"], entry["errors"] = compare(pth, entry["safetensors"])
            files.append(entry)
    json.dump({"torch": torch.__version__, "files": files}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
