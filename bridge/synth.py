"""Small real media files made on the spot, for hardware a desktop lacks: the silence a
recorder "hears" (WAV) and the frame a camera "sees" (PNG)."""

from __future__ import annotations

import io
import struct
import wave
import zlib


def silent_wav(duration_ms: int, sample_rate: int = 8000, channels: int = 1) -> bytes:
    """A valid 16-bit PCM WAV file of ``duration_ms`` of silence."""
    frames = max(0, int(sample_rate * duration_ms / 1000))
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(sample_rate)
        w.writeframes(b"\x00\x00" * channels * frames)
    return out.getvalue()


def wav_duration_ms(data: bytes) -> int | None:
    """The length of a WAV file in ms, or None when ``data`` is not one."""
    try:
        with wave.open(io.BytesIO(data), "rb") as w:
            return int(w.getnframes() * 1000 / w.getframerate())
    except (wave.Error, EOFError, ZeroDivisionError):
        return None


def gray_png(width: int, height: int, level: int = 128) -> bytes:
    """A valid RGB PNG of one gray ``level``."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))

    row = b"\x00" + bytes([level]) * (width * 3)
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))
