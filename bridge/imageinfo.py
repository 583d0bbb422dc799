"""Width, height and type of an image file from its header (PNG, JPEG, GIF, WebP, BMP)."""

from __future__ import annotations

import struct
from dataclasses import dataclass

# JPEG start-of-frame markers (baseline, progressive, …), which carry the size.
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
# EXIF orientation tag values → the names getImageInfo uses.
ORIENTATIONS = {1: "up", 2: "up-mirrored", 3: "down", 4: "down-mirrored", 5: "left-mirrored",
                6: "right", 7: "right-mirrored", 8: "left"}


class ImageFormatError(ValueError):
    """Not an image this module can read."""


@dataclass(frozen=True)
class ImageInfo:
    width: int
    height: int
    type: str  # png | jpeg | gif | webp | bmp
    orientation: str = "up"


def image_info(data: bytes) -> ImageInfo:
    """Read the header of ``data``; raises ``ImageFormatError`` for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        w, h = struct.unpack(">II", data[16:24])
        return ImageInfo(w, h, "png")
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        w, h = struct.unpack("<HH", data[6:10])
        return ImageInfo(w, h, "gif")
    if data.startswith(b"\xff\xd8"):
        return _jpeg(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp(data)
    if data.startswith(b"BM") and len(data) >= 26:
        w, h = struct.unpack("<ii", data[18:26])
        return ImageInfo(w, abs(h), "bmp")
    raise ImageFormatError("unknown image format")


def _jpeg(data: bytes) -> ImageInfo:
    i, orientation = 2, "up"
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            raise ImageFormatError("corrupt JPEG")
        marker = data[i + 1]
        if marker == 0xFF:
            i += 1
            continue
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker == 0xE1 and data[i + 4:i + 10] == b"Exif\x00\x00":
            orientation = _exif_orientation(data[i + 10:i + 2 + length])
        if marker in _SOF and i + 9 <= len(data):
            h, w = struct.unpack(">HH", data[i + 5:i + 9])
            return ImageInfo(w, h, "jpeg", orientation)
        i += 2 + length
    raise ImageFormatError("JPEG without a frame header")


def _exif_orientation(tiff: bytes) -> str:
    if len(tiff) < 8 or tiff[:2] not in (b"II", b"MM"):
        return "up"
    e = "<" if tiff[:2] == b"II" else ">"
    offset = struct.unpack(e + "I", tiff[4:8])[0]
    if offset + 2 > len(tiff):
        return "up"
    count = struct.unpack(e + "H", tiff[offset:offset + 2])[0]
    for n in range(count):
        at = offset + 2 + n * 12
        if at + 12 > len(tiff):
            break
        tag, _, _, value = struct.unpack(e + "HHIH", tiff[at:at + 10])
        if tag == 0x0112:
            return ORIENTATIONS.get(value, "up")
    return "up"


def _webp(data: bytes) -> ImageInfo:
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:
        w = int.from_bytes(data[24:27], "little") + 1
        h = int.from_bytes(data[27:30], "little") + 1
        return ImageInfo(w, h, "webp")
    if chunk == b"VP8 " and len(data) >= 30:
        w, h = struct.unpack("<HH", data[26:30])
        return ImageInfo(w & 0x3FFF, h & 0x3FFF, "webp")
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return ImageInfo((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, "webp")
    raise ImageFormatError("unknown WebP variant")
