"""What a web client that connects late needs to catch up.

The container already speaks the protocol's names (``docs/protocol.md``; the
translation from the compiler's neutral names is in :mod:`fanxing.runtime.view.protocol`), so
its broadcasts go to clients as they are. :class:`ClientFeed` remembers the ``app``
state, the selected tab, every live page's messages (only the latest ``window`` / ``css`` /
``scrollTo`` of a page) and the host UI that is still showing (:class:`UiState`: tab bar
marks, items, style and visibility, a loading that was not hidden, navigation-bar
loading, a running pull-down refresh, the window background; toasts end by themselves and are never replayed),
and :meth:`ClientFeed.replay` hands them to a newly connected client in order.
"""

from __future__ import annotations

from typing import Any

from fanxing.runtime.view import protocol as P

Message = dict[str, Any]

# message kinds kept for a late client (pages are replayed while they live)
_REPLAYED = ("page", "patch", "console", "error", "apiCall")
_LOG_LIMIT = 2000  # console / API entries kept for replay
# page actions whose latest message holds the whole state (the container sends the full window)
_LATEST_ONLY = ("window", "css", "scrollTo")
# a removal clears a tab's mark only when it is the mark shown (one mark per tab)
_MARK_CLEARS = {"removeTabBarBadge": "setTabBarBadge", "hideTabBarRedDot": "showTabBarRedDot"}
# ui kinds shown until another kind ends them, per page: kind -> the kind that ends it
_PAGE_STATES = {"showNavigationBarLoading": "hideNavigationBarLoading",
                "startPullDownRefresh": "stopPullDownRefresh"}
# ui kinds that set fields of a page's window background; later calls add to earlier ones
_PAGE_MERGED = ("setBackgroundColor", "setBackgroundTextStyle")


class UiState:
    """The host UI (``ui`` broadcasts) a late client must still see: one message per
    thing shown, never a log."""

    def __init__(self) -> None:
        self.shown: dict[tuple[Any, ...], Message] = {}

    def record(self, msg: Message, tabs: int) -> None:
        """Fold one ``ui`` broadcast into the state (``tabs``: how many tabs the bar has)."""
        kind, p = msg.get("kind"), msg.get("payload") or {}
        index = p.get("index")
        if "index" in p and not (isinstance(index, int) and 0 <= index < tabs):
            return  # the client refused it (clientError); replaying would only repeat that
        if kind in ("showTabBar", "hideTabBar"):
            self.shown[("tabBar",)] = msg
        elif kind in ("setTabBarBadge", "showTabBarRedDot"):
            self.shown[("tabMark", index)] = msg
        elif kind in _MARK_CLEARS:
            old = self.shown.get(("tabMark", index))
            if old is not None and old.get("kind") == _MARK_CLEARS[kind]:
                del self.shown[("tabMark", index)]
        elif kind in ("setTabBarStyle", "setTabBarItem"):
            self._merge((kind, index), msg)
        elif kind == "showLoading":
            self.shown[("loading",)] = msg
        elif kind in ("hideLoading", "showToast"):  # a toast replaces the loading
            self.shown.pop(("loading",), None)
        elif kind in _PAGE_MERGED:
            self._merge((kind, msg.get("pageId")), msg)
        elif kind in _PAGE_STATES:
            self.shown[(kind, msg.get("pageId"))] = msg
        else:
            for start, end in _PAGE_STATES.items():
                if kind == end:
                    self.shown.pop((start, msg.get("pageId")), None)

    def _merge(self, key: tuple[Any, ...], msg: Message) -> None:
        # later calls change only the fields they name
        old = self.shown.get(key)
        payload = {**(old["payload"] if old else {}), **(msg.get("payload") or {})}
        self.shown[key] = {**msg, "payload": payload}

    def drop_page(self, page_id: Any) -> None:
        """A page is gone: so is what was shown on it."""
        self.shown = {k: m for k, m in self.shown.items()
                      if not (k[0] in (*_PAGE_STATES, *_PAGE_MERGED) and k[1] == page_id)}

    def replay(self) -> list[Message]:
        """The messages that redraw the current state."""
        return list(self.shown.values())


class ClientFeed:
    """Records one container's broadcasts for clients that connect later."""

    def __init__(self) -> None:
        self.app: Message | None = None
        self.selected: str | None = None
        self.log: list[Message] = []
        self.ui = UiState()
        self._trim_at = _LOG_LIMIT

    def record(self, msg: Message) -> None:
        """Remember what a late client needs of one container broadcast."""
        kind = msg.get("type")
        if kind == "app":
            if "tabBar" in msg:  # the full app message (a bare one only moves the tab)
                self.app = msg
                self.ui = UiState()  # a new tab bar starts without marks
            if msg.get("selected"):
                self.selected = msg["selected"]
            return
        if kind == "ui":
            tab_bar = (self.app or {}).get("tabBar") or {}
            self.ui.record(msg, len(tab_bar.get("list") or []))
            return
        if kind == "page" and msg.get("action") == "destroy":
            self.log = [m for m in self.log if m.get("pageId") != msg.get("pageId")]
            self.ui.drop_page(msg.get("pageId"))
            return
        if kind == "page" and msg.get("action") in _LATEST_ONLY:
            self.log = [m for m in self.log if not _same_page_action(m, msg)]
        if kind in _REPLAYED:
            self.log.append(msg)
            if len(self.log) > self._trim_at:
                self._trim()

    def replay(self) -> list[Message]:
        """Everything a newly connected client needs, in order."""
        head = [self.app] if self.app else []
        if self.app and self.selected:
            head.append({"v": P.PROTOCOL_VERSION, "type": "app", "selected": self.selected})
        return head + list(self.log) + self.ui.replay()

    def _trim(self) -> None:
        # keep every page/patch message (the live pages need them all); drop old log lines
        logs = [m for m in self.log if m.get("type") in ("console", "error", "apiCall")]
        drop = {id(m) for m in logs[: len(logs) - _LOG_LIMIT // 2]}
        self.log = [m for m in self.log if id(m) not in drop]
        self._trim_at = len(self.log) + _LOG_LIMIT


def _same_page_action(a: Message, b: Message) -> bool:
    return (a.get("type") == "page" and a.get("action") == b.get("action")
            and a.get("pageId") == b.get("pageId"))
