"""Test helper: decode the PNGs written by playground.figures.png back into arrays."""

from __future__ import annotations

import base64
import struct
import zlib

import numpy as np

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def decode_png(data: bytes) -> np.ndarray:
    """Decode an 8-bit RGB, unfiltered PNG into a uint8 (height, width, 3) array, checking CRCs."""
    assert data[:8] == SIGNATURE
    position, chunks = 8, {}
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        payload = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert crc == zlib.crc32(kind + payload) & 0xFFFFFFFF
        chunks[kind] = chunks.get(kind, b"") + payload
        position += 12 + length
    width, height, depth, color_type = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, color_type) == (8, 2)
    rows = np.frombuffer(zlib.decompress(chunks[b"IDAT"]), dtype=np.uint8).reshape(height, -1)
    assert (rows[:, 0] == 0).all()  # filter type "none" on every scanline
    return rows[:, 1:].reshape(height, width, 3)


def decode_data_uri(uri: str) -> np.ndarray:
    """Decode a 'data:image/png;base64,...' URI."""
    prefix = "data:image/png;base64,"
    assert uri.startswith(prefix)
    return decode_png(base64.b64decode(uri[len(prefix) :]))
