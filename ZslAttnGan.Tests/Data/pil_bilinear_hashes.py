#!/usr/bin/python3
"""Prints the SHA-256 of Pillow's bilinear resize of the test pattern PilBilinearTests draws, for each case there.

    /usr/bin/python3 ZslAttnGan.Tests/Data/pil_bilinear_hashes.py     (Debian 12: python3-pil, Pillow 9.4)

The pattern: byte (x * 7 + y * 13 + c * 101 + ((x * y) % 17) * 9 + (x // 5) * (y // 3)) % 256 at column x, row y,
channel c; high-frequency, so that every rounding of the filter shows.
"""
import hashlib
from PIL import Image

def pattern(w, h):
    data = bytearray(3 * w * h)
    for y in range(h):
        for x in range(w):
            for c in range(3):
                data[3 * (y * w + x) + c] = (x * 7 + y * 13 + c * 101 + ((x * y) % 17) * 9 + (x // 5) * (y // 3)) % 256
    return Image.frombytes('RGB', (w, h), bytes(data))

for (w, h, ow, oh) in [(256, 256, 128, 128), (256, 256, 64, 64), (256, 256, 100, 100), (64, 64, 32, 32), (300, 200, 77, 131)]:
    out = pattern(w, h).resize((ow, oh), Image.BILINEAR)
    print(f'{w}x{h} -> {ow}x{oh}: {hashlib.sha256(out.tobytes()).hexdigest()}')
