"""A minimal PNG encoder (numpy + zlib) for small images embedded in figures as data URIs."""

from __future__ import annotations

import base64
import struct
import zlib

import numpy as np

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLOR_TYPE_RGB = 2


def _chunk(kind: bytes, payload: bytes) -> bytes:
    """Return one PNG chunk: length, type, payload and the CRC over type and payload."""
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def encode_png(rgb: np.ndarray) -> bytes:
    """Encode a uint8 (height, width, 3) array as PNG bytes; row 0 is the top of the picture."""
    rgb = np.asarray(rgb)
    if rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[2] != 3:
        raise ValueError(f"expected a uint8 (height, width, 3) array, got {rgb.dtype} {rgb.shape}")
    height, width, _ = rgb.shape
    # Each scanline starts with filter type 0 (no filter): zlib alone compresses smooth maps well.
    scanlines = np.zeros((height, 1 + 3 * width), dtype=np.uint8)  # (height, 1 + 3 width)
    scanlines[:, 1:] = rgb.reshape(height, 3 * width)
    header = struct.pack(">IIBBBBB", width, height, 8, _COLOR_TYPE_RGB, 0, 0, 0)
    return b"".join(
        [
            _SIGNATURE,
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", zlib.compress(scanlines.tobytes(), 6)),
            _chunk(b"IEND", b""),
        ]
    )


def png_data_uri(rgb: np.ndarray) -> str:
    """Return a 'data:image/png;base64,...' URI of a uint8 (height, width, 3) array."""
    return "data:image/png;base64," + base64.b64encode(encode_png(rgb)).decode("ascii")
