"""The Host protocol (what the runtime / a host program implements) and ScriptedHost.

The bridge never draws anything. Whatever only the host UI can answer goes through
a ``Host``. Any method may return its value directly or an awaitable; failures are
raised as ``ApiError`` (e.g. an unknown page, a full page stack).

``ask(kind, payload)`` kinds and answers:

=================  ============================================  ==========================
kind               payload                                       answer
=================  ============================================  ==========================
``consent``        ``{scope, api, appId, title}``                ``"allow"`` / ``"deny"``
``cashier``        ``{tradeNO, amount, subject, api, appId}``    ``"9000"`` ``"8000"``
                                                                 ``"4000"`` ``"6001"``
                                                                 ``"6002"`` ``"6004"``
``alert``          ``{title, content, buttonText}``              ``"ok"``
``confirm``        ``{title, content, confirmText, cancelText}``  ``"ok"`` / ``"cancel"``
``prompt``         ``{title, content, placeholder}``             ``{"ok": bool, "text": str}``
                                                                 (a plain string = ok + text;
                                                                 ``"cancel"`` = cancelled)
``actionSheet``    ``{title, items, cancelText}``                item index or ``"cancel"``
``phoneCall``      ``{number}``                                  ``"ok"`` / ``"cancel"``
``scanCode``       ``{scanType}``                                the scanned text or
                                                                 ``"cancel"``
``chooseLocation`` ``{latitude, longitude}``                     ``{name, address, latitude,
                                                                 longitude}`` or ``"cancel"``
``openSetting``    ``{authSetting: {scope: bool}}``              the new ``{scope: bool}``
                                                                 (or ``None``: unchanged)
``chooseImage``    ``{count, sourceType}``                       file path(s) on the host
``chooseMedia``    ``{count, sourceType, mediaType}``            machine (a list or one
``chooseVideo``    ``{count: 1, sourceType}``                    path), or ``"cancel"``
``datePicker``     ``{format, currentDate, startDate, endDate}``  the date text in
                                                                 ``format`` or ``"cancel"``
``optionsSelect``  ``{title, optionsOne, optionsTwo,             an index, ``[one, two]``,
                   selectedOneIndex, selectedTwoIndex, …}``      ``"one,two"`` or ``"cancel"``
``multiLevelSelect`` ``{title, list}``                           the path to a leaf (a list
                                                                 of indexes or names, or
                                                                 ``"a/b/c"``) or ``"cancel"``
``chooseCity``     ``{cities, hotCities, showLocatedCity}``      an adCode, a city name,
                                                                 ``{adCode[, latitude,
                                                                 longitude]}`` or ``"cancel"``
=================  ============================================  ==========================

``navigate(kind, url, delta)``: ``kind`` is ``navigateTo``, ``redirectTo``,
``navigateBack`` (``url`` None, ``delta`` ≥ 1), ``switchTab`` or ``reLaunch``;
``url`` is the app-relative target with its query (``pages/a/a?x=1``) and
``extra`` carries ``eventChannelId`` for ``navigateTo``. Return anything (ignored) or
raise ``ApiError`` (unknown page, stack limit 10, ``switchTab`` to a non-tab page…).

``ui(kind, payload)``: ``showToast`` ``hideToast`` ``showLoading`` ``hideLoading``
``setNavigationBar`` (``title``, ``backgroundColor``, ``frontColor``…),
``showNavigationBarLoading`` ``hideNavigationBarLoading`` ``showTabBar`` ``hideTabBar``
``setTabBarBadge`` ``removeTabBarBadge`` ``showTabBarRedDot`` ``hideTabBarRedDot``
``setTabBarStyle`` ``setTabBarItem`` ``startPullDownRefresh`` ``stopPullDownRefresh``
``pageScrollTo`` ``vibrate`` ``openLocation`` ``openHostPage`` (host extension pages)
``hideKeyboard`` ``setKeepScreenOn`` ``showHomeButton`` ``hideHomeButton``
``updateShareMenu`` ``showShareMenu`` ``hideShareMenu`` ``showSharePanel``
``previewImage {urls, current: index}`` ``saveToPhotosAlbum {src, file, mime}``
``mediaContext {kind: canvas|audio|video|recorder|backgroundAudio|livePusher|livePlayer|map|webview|
camera, id, method, args, state}`` (a context or manager method: ``play``, ``seek``…, or
``draw`` with ``[actions, reserve]``; ``state`` holds an audio object's ``src``/``loop``/
``volume``… or a canvas/video's ``pageId``/``scopeId``; a dict answer is merged into the
result, e.g. a real ``file`` or a ``duration``, see ``media_sessions.py``),
``sensor {sensor, running, interval}``, ``setScreenBrightness {value}``,
``setBackgroundColor``, ``setBackgroundTextStyle``.

``view(kind, payload) -> answer``: questions about what the page shows.
``selectorQuery`` ``{pageId, scopeId, requests: [{selector, all, viewport, fields}]}``
answers one entry per request: a node object (``null`` when nothing matches) or, with
``all``, a list; a node object has the asked ``fields`` (``id``, ``dataset``, ``rect`` →
``left top right bottom``, ``size`` → ``width height``, ``scrollOffset`` → ``scrollLeft
scrollTop scrollWidth scrollHeight``, ``properties``: attribute values, ``computedStyle``,
``mark``). ``intersection`` ``{pageId, scopeId, target, all, relativeTo: [{selector|null,
margins}], thresholds}`` answers a list of ``{id, dataset, boundingClientRect,
intersectionRect, relativeRect, intersectionRatio, time}``. ``pageId`` None means the
current page; ``scopeId`` a component instance whose subtree the selectors search.
Hosts without ``view`` make those APIs fail ("no view").

``event(name, payload)``: deliver a host event to the JS ``on*`` listeners (the runtime
posts an inbound ``apiEvent``). ``sync(patch)``: state mirrored in JS changed on the
Python side (the runtime posts an inbound ``syncState``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

from .errors import ApiError

ASK_KINDS = ("consent", "cashier", "alert", "confirm", "prompt", "actionSheet",
             "phoneCall", "scanCode", "chooseLocation", "openSetting", "chooseImage",
             "chooseMedia", "chooseVideo", "datePicker", "optionsSelect", "multiLevelSelect",
             "chooseCity")

# Short names people type on a command line (``--answer pay=6001``).
ALIASES = {"pay": "cashier", "modal": "confirm", "sheet": "actionSheet", "scan": "scanCode",
           "call": "phoneCall", "image": "chooseImage", "media": "chooseMedia",
           "video": "chooseVideo"}

DEFAULT_ANSWERS: dict[str, Any] = {
    "consent": "allow", "cashier": "9000", "alert": "ok", "confirm": "ok",
    "prompt": "cancel", "actionSheet": "cancel", "phoneCall": "ok", "scanCode": "cancel",
    "chooseLocation": "cancel", "openSetting": None, "chooseImage": "cancel",
    "chooseMedia": "cancel", "chooseVideo": "cancel", "datePicker": "cancel",
    "optionsSelect": "cancel", "multiLevelSelect": "cancel", "chooseCity": "cancel",
}


@runtime_checkable
class Host(Protocol):
    """What the bridge needs from whatever shows the mini-program."""

    def ask(self, kind: str, payload: dict[str, Any]) -> Any: ...

    def navigate(self, kind: str, url: str | None, delta: int = 1,
                 extra: dict[str, Any] | None = None) -> Any: ...

    def ui(self, kind: str, payload: dict[str, Any]) -> Any: ...

    def event(self, name: str, payload: Any) -> None: ...

    def sync(self, patch: dict[str, Any]) -> None: ...

    def view(self, kind: str, payload: dict[str, Any]) -> Any: ...


class Answers:
    """A scripted answer set: ``Answers({'consent': 'allow', 'pay': '9000'})``.

    Keys are ask kinds or their aliases, optionally narrowed as ``kind.detail``
    (``consent.location``, ``consent.userInfo``). A list value is consumed one answer
    per question (the last one repeats). With ``strict=True`` a question without an
    answer fails instead of taking the default.
    """

    def __init__(self, answers: Mapping[str, Any] | None = None, *, strict: bool = False):
        self.strict = strict
        self._answers: dict[str, Any] = {}
        for key, value in (answers or {}).items():
            kind, _, detail = key.partition(".")
            kind = ALIASES.get(kind, kind)
            self._answers[f"{kind}.{detail}" if detail else kind] = (
                list(value) if isinstance(value, list | tuple) else value
            )

    @classmethod
    def parse(cls, pairs: list[str], *, strict: bool = False) -> Answers:
        """From command-line pairs: ``["consent=allow", "pay=6001"]``.

        A choice that starts with ``{``, ``[`` or ``"`` is JSON
        (``'openSetting={"scope.userLocation": true}'``; a JSON list is a sequence of
        answers, one per question, as in the constructor); anything else is the plain
        string, so ``pay=6001`` stays ``"6001"``.
        """
        out: dict[str, Any] = {}
        for pair in pairs:
            key, sep, value = pair.partition("=")
            if not sep or not key.strip():
                raise ValueError(f"answer {pair!r} should look like KIND=CHOICE")
            value = value.strip()
            if value[:1] in ('{', '[', '"'):
                try:
                    value = json.loads(value)
                except json.JSONDecodeError as e:
                    raise ValueError(f"answer {pair!r}: the choice is not valid JSON "
                                     f"({e.msg} at column {e.colno})") from None
            out[key.strip()] = value
        return cls(out, strict=strict)

    def answer(self, kind: str, payload: Mapping[str, Any]) -> Any:
        """The scripted answer for one question."""
        detail = payload.get("scope") or payload.get("api")
        for key in ((f"{kind}.{detail}",) if detail else ()) + (kind,):
            if key in self._answers:
                value = self._answers[key]
                if isinstance(value, list):
                    return value.pop(0) if len(value) > 1 else (value[0] if value else None)
                return value
        if self.strict or kind not in DEFAULT_ANSWERS:
            raise ApiError(f"no scripted answer for {kind!r}", wx=f"no scripted answer for {kind}")
        return DEFAULT_ANSWERS[kind]


class ScriptedHost:
    """A real headless Host: answers from ``Answers`` and keeps a simple page stack.

    Used for CLI renders (``--answer``), tests and bridge-only embedding. ``log`` records
    every call as ``(method, kind, payload)``; ``events`` and ``patches`` what was sent
    to JS. ``pages`` (routes without a leading ``/``) makes unknown pages fail;
    ``tab_pages`` are the only valid ``switchTab`` targets.
    """

    def __init__(self, answers: Answers | Mapping[str, Any] | None = None, *,
                 pages: list[str] | None = None, tab_pages: list[str] | None = None,
                 start: str | None = None, stack_limit: int = 10) -> None:
        self.answers = answers if isinstance(answers, Answers) else Answers(answers)
        self.pages = pages
        self.tab_pages = tab_pages
        self.stack_limit = stack_limit
        self.stack: list[str] = [start or (pages[0] if pages else "pages/index/index")]
        self.log: list[tuple[str, str, Any]] = []
        self.events: list[tuple[str, Any]] = []
        self.patches: list[dict[str, Any]] = []

    def ask(self, kind: str, payload: dict[str, Any]) -> Any:
        answer = self.answers.answer(kind, payload)
        self.log.append(("ask", kind, {**payload, "answer": answer}))
        return answer

    def navigate(self, kind: str, url: str | None, delta: int = 1,
                 extra: dict[str, Any] | None = None) -> Any:
        self.log.append(("navigate", kind, {"url": url, "delta": delta, **(extra or {})}))
        if kind == "navigateBack":
            if len(self.stack) > 1:
                del self.stack[-min(delta, len(self.stack) - 1):]
            return None
        route = (url or "").split("?", 1)[0].lstrip("/")
        if self.pages is not None and route not in self.pages:
            raise ApiError(f"page not found: {route}", wx=f'page "{route}" is not found')
        if kind == "switchTab" and self.tab_pages is not None and route not in self.tab_pages:
            raise ApiError(f"can not switchTab to non-tabBar page: {route}",
                           wx="can not switchTab no-tabBar page")
        if kind == "navigateTo":
            if len(self.stack) >= self.stack_limit:
                raise ApiError("page stack limit exceeded (10)",
                               wx="webview count limit exceed")
            self.stack.append(route)
        elif kind == "redirectTo":
            self.stack[-1] = route
        else:  # switchTab, reLaunch
            self.stack = [route]
        return None

    def ui(self, kind: str, payload: dict[str, Any]) -> Any:
        self.log.append(("ui", kind, payload))
        return None

    def event(self, name: str, payload: Any) -> None:
        self.events.append((name, payload))

    def sync(self, patch: dict[str, Any]) -> None:
        self.patches.append(patch)

    def view(self, kind: str, payload: dict[str, Any]) -> Any:
        """No page is shown here: selector queries match nothing, observers see nothing."""
        self.log.append(("view", kind, payload))
        if kind == "selectorQuery":
            return [[] if r.get("all") else None for r in payload.get("requests", [])]
        return []
