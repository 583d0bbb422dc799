"""What web clients get: container broadcasts shaped as ``docs/protocol.md`` says.

The container speaks in the compiler's neutral names (``window.title``,
``tabBar.items``); the web client reads the protocol's names
(``navigationBarTitleText``, ``tabBar.list``, ``screenWidth``, ``canGoBack``,
``selected``). :class:`ClientFeed` translates one message at a time and keeps what a
client that connects later needs to catch up (:meth:`ClientFeed.replay`).
"""

from __future__ import annotations

from typing import Any

from . import protocol as P

Message = dict[str, Any]

# neutral WindowConfig names (and setNavigationBar payload names) → protocol names
_WINDOW_NAMES = {
    "title": "navigationBarTitleText",
    "title_bar_color": "navigationBarBackgroundColor",
    "title_text_style": "navigationBarTextStyle",
    "navigation_style": "navigationStyle",
    "background_color": "backgroundColor",
}

# message kinds kept for a late client (pages are replayed while they live)
_REPLAYED = ("page", "patch", "console", "error", "apiCall")
_LOG_LIMIT = 2000  # console / API entries kept for replay


def protocol_window(window: dict[str, Any]) -> dict[str, Any]:
    """A window dict in protocol names, whatever mix of names it arrives in."""
    out: dict[str, Any] = {}
    for key, value in window.items():
        if value is None:
            continue
        out[_WINDOW_NAMES.get(key, key)] = value
    # setNavigationBar / setNavigationBarColor put the bar colors in camelCase; a neutral
    # page background is already renamed above, so a camelCase backgroundColor that came
    # next to frontColor is the navigation bar's
    if "frontColor" in out:
        front = str(out.pop("frontColor")).lower()
        out["navigationBarTextStyle"] = "white" if front in ("#fff", "#ffffff", "white") else "black"
        if "backgroundColor" in window and "background_color" not in window:
            out["navigationBarBackgroundColor"] = out.pop("backgroundColor")
    return out


def protocol_tab_bar(tab: dict[str, Any] | None, theme: dict[str, Any]) -> dict[str, Any] | None:
    """The app's tab bar in protocol form, with the host theme's colors as defaults."""
    if not tab or not (tab.get("items") or tab.get("list")):
        return None
    base = dict(theme.get("tabBar") or {})
    items = tab.get("list") or tab.get("items") or []
    return {"color": tab.get("color") or base.get("color"),
            "selectedColor": tab.get("selectedColor") or base.get("selectedColor"),
            "backgroundColor": tab.get("backgroundColor") or base.get("backgroundColor"),
            "borderStyle": tab.get("borderStyle") or base.get("borderStyle"),
            "list": [dict(i) for i in items]}


class ClientFeed:
    """Translates one container's broadcasts for web clients and remembers the state.

    ``depth()`` tells how many pages the stack holds (for ``canGoBack``); ``tab_routes``
    are the tab bar's pages (for ``selected``).
    """

    def __init__(self, depth: Any, tab_routes: list[str]) -> None:
        self.depth = depth
        self.tab_routes = set(tab_routes)
        self.app: Message | None = None
        self.selected: str | None = None
        self.log: list[Message] = []
        self.routes: dict[str, str] = {}  # pageId → route
        self._trim_at = _LOG_LIMIT

    def translate(self, msg: Message) -> list[Message]:
        """The messages a web client gets for one container broadcast."""
        kind = msg.get("type")
        if kind == "app":
            msg = self._app(msg)
            self.app = msg
            return [msg]
        out = [msg]
        if kind == "page":
            msg = dict(msg)
            action = msg.get("action")
            if "window" in msg:
                msg["window"] = protocol_window(msg["window"] or {})
            if action == "create":
                msg.setdefault("canGoBack", self.depth() > 1)
                self.routes[msg["pageId"]] = msg.get("route", "")
            out = [msg]
            route = self.routes.get(msg["pageId"])
            if action in ("create", "show") and route in self.tab_routes and route != self.selected:
                self.selected = route
                out.append({"v": P.PROTOCOL_VERSION, "type": "app", "selected": route})
            if action == "destroy":
                self.routes.pop(msg["pageId"], None)
                self.log = [m for m in self.log if m.get("pageId") != msg["pageId"]]
                return out
        if kind in _REPLAYED:
            self.log.extend(m for m in out if m.get("type") != "app")
            if len(self.log) > self._trim_at:
                self._trim()
        return out

    def replay(self) -> list[Message]:
        """Everything a newly connected client needs, in order."""
        head = [self.app] if self.app else []
        if self.app and self.selected:
            head.append({"v": P.PROTOCOL_VERSION, "type": "app", "selected": self.selected})
        return head + list(self.log)

    def _app(self, msg: Message) -> Message:
        out = dict(msg)
        device = msg.get("device") or {}
        if device.get("screen_width"):  # the device preset is the truth for rpx
            out["screenWidth"] = device["screen_width"]
        out["tabBar"] = protocol_tab_bar(msg.get("tabBar"), msg.get("theme") or {})
        if "window" in msg:
            out["window"] = protocol_window(msg["window"] or {})
        return out

    def _trim(self) -> None:
        # keep every page/patch message (the live pages need them all); drop old log lines
        logs = [m for m in self.log if m.get("type") in ("console", "error", "apiCall")]
        drop = {id(m) for m in logs[: len(logs) - _LOG_LIMIT // 2]}
        self.log = [m for m in self.log if id(m) not in drop]
        self._trim_at = len(self.log) + _LOG_LIMIT
