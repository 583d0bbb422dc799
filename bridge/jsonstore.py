"""Atomic, crash-safe JSON files: the persistence every capability uses.

A write goes to a temp file in the same folder, is fsync'ed, then ``os.replace``d
over the old file and the folder is fsync'ed, so a crash or a full disk leaves either
the old or the new file, never a torn one. A file that does not parse is moved
aside (quarantined) and reported; the caller continues with empty data.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger("fanxing.bridge")

Reporter = Callable[[str], None]


def atomic_write_json(path: Path, data: Any) -> None:
    """Write ``data`` as JSON to ``path`` atomically (temp file + fsync + replace)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temp file + fsync + replace)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not possible on every platform.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_json(path: Path, default: Any, report: Reporter | None = None) -> Any:
    """Read ``path``; a missing file gives ``default``; a corrupt one is quarantined.

    The damaged file is renamed to ``<name>.corrupt-<time>`` (kept for recovery) and
    ``report`` (or the log) is told; ``default`` is returned.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return default
    try:
        data = json.loads(raw.decode("utf-8"))
        if type(data) is not type(default):
            raise ValueError(f"expected a JSON {type(default).__name__}")
        return data
    except (ValueError, UnicodeDecodeError) as e:
        aside = path.with_name(f"{path.name}.corrupt-{int(time.time() * 1000)}")
        with contextlib.suppress(OSError):
            os.replace(path, aside)
        msg = f"{path}: unreadable ({e}); moved aside to {aside.name}, starting empty"
        log.warning(msg)
        if report:
            report(msg)
        return default


def safe_name(part: str) -> str:
    """A file-name-safe form of an id (app id, user id, profile name): never a path
    separator, never ``.`` or ``..``."""
    keep = "-_" if not part.strip(".") else "-_."
    return "".join(c if c.isalnum() or c in keep else f"%{ord(c):02x}"
                   for c in part) or "_"
