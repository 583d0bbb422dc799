"""What a web client that connects late needs to catch up.

The container already speaks the protocol's names (``docs/protocol.md``; the
translation from the compiler's neutral names is in :mod:`fanxing.runtime.protocol`), so
its broadcasts go to clients as they are. :class:`ClientFeed` remembers the ``app``
state, the selected tab and every live page's messages, and :meth:`ClientFeed.replay`
hands them to a newly connected client in order.
"""

from __future__ import annotations

from typing import Any

from . import protocol as P

Message = dict[str, Any]

# message kinds kept for a late client (pages are replayed while they live)
_REPLAYED = ("page", "patch", "console", "error", "apiCall")
_LOG_LIMIT = 2000  # console / API entries kept for replay


class ClientFeed:
    """Records one container's broadcasts for clients that connect later."""

    def __init__(self) -> None:
        self.app: Message | None = None
        self.selected: str | None = None
        self.log: list[Message] = []
        self._trim_at = _LOG_LIMIT

    def record(self, msg: Message) -> None:
        """Remember what a late client needs of one container broadcast."""
        kind = msg.get("type")
        if kind == "app":
            if "tabBar" in msg:  # the full app message (a bare one only moves the tab)
                self.app = msg
            if msg.get("selected"):
                self.selected = msg["selected"]
            return
        if kind == "page" and msg.get("action") == "destroy":
            self.log = [m for m in self.log if m.get("pageId") != msg.get("pageId")]
            return
        if kind in _REPLAYED:
            self.log.append(msg)
            if len(self.log) > self._trim_at:
                self._trim()

    def replay(self) -> list[Message]:
        """Everything a newly connected client needs, in order."""
        head = [self.app] if self.app else []
        if self.app and self.selected:
            head.append({"v": P.PROTOCOL_VERSION, "type": "app", "selected": self.selected})
        return head + list(self.log)

    def _trim(self) -> None:
        # keep every page/patch message (the live pages need them all); drop old log lines
        logs = [m for m in self.log if m.get("type") in ("console", "error", "apiCall")]
        drop = {id(m) for m in logs[: len(logs) - _LOG_LIMIT // 2]}
        self.log = [m for m in self.log if id(m) not in drop]
        self._trim_at = len(self.log) + _LOG_LIMIT
