"""The network log: every HTTP exchange and WebSocket of one mini-program, as the
simulator's Network panel and ``MiniProgram.network`` show it (method, URL, status,
headers, bodies, timing, and which mock rule answered)."""

from __future__ import annotations

import itertools
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

BODY_PREVIEW = 64 * 1024  # characters of a body kept for the panel
LOG_SIZE = 500  # exchanges kept per mini-program


def body_preview(content: bytes | str | None, limit: int = BODY_PREVIEW) -> str:
    """A body as text for people: UTF-8 text (cut at ``limit``), else its size."""
    if content is None:
        return ""
    if isinstance(content, str):
        text = content
    else:
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            return f"<{len(content)} bytes of binary data>"
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} characters)"


@dataclass
class Exchange:
    """One ``request`` / ``uploadFile`` / ``downloadFile`` exchange or one socket.

    ``started`` is the wall-clock time in ms since the epoch; ``ms`` the duration (a
    socket: until it closed). ``mock`` is the URL pattern of the mock rule that
    answered, None when the real network did. ``messages`` are a socket's frames
    (``{dir: "send"|"recv", data, at}``).
    """

    id: int
    kind: str
    method: str
    url: str
    request_headers: dict[str, str] = field(default_factory=dict)
    request_body: str = ""
    started: float = 0.0
    state: str = "pending"  # pending, done, failed; sockets: open, closed
    status: int | None = None
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: str = ""
    ms: float | None = None
    mock: str | None = None
    error: str | None = None
    messages: list[dict[str, Any]] = field(default_factory=list)
    _t0: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "method": self.method, "url": self.url,
                "requestHeaders": self.request_headers, "requestBody": self.request_body,
                "started": self.started, "state": self.state, "status": self.status,
                "responseHeaders": self.response_headers, "responseBody": self.response_body,
                "ms": None if self.ms is None else round(self.ms, 3), "mock": self.mock,
                "error": self.error, "messages": list(self.messages)}


Listener = Callable[[Exchange], None]


class NetworkLog:
    """Recent exchanges of one mini-program; listeners hear every change."""

    def __init__(self, limit: int = LOG_SIZE) -> None:
        self.entries: deque[Exchange] = deque(maxlen=limit)
        self.listeners: list[Listener] = []
        self._ids = itertools.count(1)

    def start(self, kind: str, method: str, url: str, headers: dict[str, str] | None = None,
              body: bytes | str | None = None) -> Exchange:
        """Record an exchange that begins now."""
        ex = Exchange(next(self._ids), kind, method, url, dict(headers or {}),
                      body_preview(body), started=time.time() * 1000, _t0=time.perf_counter())
        self.entries.append(ex)
        self.changed(ex)
        return ex

    def finish(self, ex: Exchange, *, status: int | None = None,
               headers: dict[str, str] | None = None, body: bytes | str | None = None,
               error: str | None = None, state: str | None = None) -> None:
        """The exchange ended (or a socket closed): answer or error, duration."""
        ex.ms = (time.perf_counter() - ex._t0) * 1000
        if status is not None:
            ex.status = status
        if headers is not None:
            ex.response_headers = dict(headers)
        if body is not None:
            ex.response_body = body_preview(body)
        ex.error = error
        ex.state = state or ("failed" if error else "done")
        self.changed(ex)

    def frame(self, ex: Exchange, direction: str, data: bytes | str) -> None:
        """A socket frame sent or received."""
        ex.messages.append({"dir": direction, "data": body_preview(data, 4096),
                            "at": round(time.time() * 1000, 3)})
        self.changed(ex)

    def changed(self, ex: Exchange) -> None:
        for fn in list(self.listeners):
            fn(ex)

    def to_json(self) -> list[dict[str, Any]]:
        return [ex.to_json() for ex in self.entries]
