"""Where in the app's own source an error reported by the logic layer happened.

The logic layer's ``error`` messages carry a JS stack whose frames name the app's files
with the source's line numbers (``at add (pages/index/index.js:10:21)``); the first
frame in an app file is the place to show as ``file:line:col``.
"""

from __future__ import annotations

import re
from typing import Any

# A frame names the file right after "(" or a space; fanxing's own code is named
# "fanxing:framework.js", which this never matches.
_FRAME = re.compile(r"(?:^|[\s(])([\w@$.~\-/]+\.(?:js|ts|sjs|wxs|mjs|cjs|wxml|axml)):(\d+)(?::(\d+))?")


def source_position(error: dict[str, Any]) -> tuple[str, int, int] | None:
    """``(path, line, col)`` of the first app frame of ``error["stack"]``, or None."""
    for line in str(error.get("stack") or "").splitlines()[1:] or [""]:
        m = _FRAME.search(line)
        if m:
            return m.group(1), int(m.group(2)), int(m.group(3) or 1)
    return None


def describe(error: dict[str, Any], prefix: str = "") -> str:
    """``path:line:col: error: message (in handler)`` (``prefix`` before the app-relative
    path) or, without a position, the message with where it happened."""
    where = error.get("where") or {}
    context = where.get("handler") or ""
    pos = source_position(error)
    if pos is not None:
        path, line, col = pos
        tail = f" (in {context})" if context else ""
        return f"{prefix}{path}:{line}:{col}: error: {error.get('message')}{tail}"
    at = " ".join(f"{k}={v}" for k, v in where.items() if v and k != "instanceId")
    return f"app error: {error.get('message')}{f' ({at})' if at else ''}"
