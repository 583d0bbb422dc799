"""The container: one running mini-program, wiring compiler output, logic, view and bridge.

Data flows one way (``../shared/DESIGN.md``)::

    CompiledApp ─► LogicEngine (QuickJS) ── setData ──► PageView ─► patches ─► clients
                        ▲      │ api                                           │
                        │      ▼                                               │
                        │   Bridge ─► Host (this module: router, dialogs)      │
                        └──────────── event / modelUpdate ◄────────────────────┘

Everything happens on the thread that drives the container (an ``asyncio`` loop):
the headless harness drives it with a private loop and a manual clock; the preview
server drives it from its own loop with the real clock. Work is a FIFO of items, each
either a logic inbound message or a container step, so the order of lifecycles is the
order in which they were queued. Bridge calls run as tasks; their results are queued.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import itertools
import json
import logging
import os
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fanxing.bridge import Bridge, HostApp
from fanxing.bridge import api_script as bridge_api_script
from fanxing.bridge.app_identity import AppIdError, check_app_id, display_id, project_store_id
from fanxing.bridge.errors import ApiError
from fanxing.bridge.host import Answers
from fanxing.compiler.build import CompiledApp
from fanxing.compiler.template_runtime import RenderBudgetExceeded, render_budget
from fanxing.runtime.container.project_settings import project_settings
from fanxing.runtime.container.router import NavigationError, PageEntry, PageStack, Plan, split_url
from fanxing.runtime.logic.clock import Clock, ManualClock
from fanxing.runtime.logic.engine import Limits, LogicEngine
from fanxing.runtime.view import protocol as P
from fanxing.runtime.view.page_view import ComponentDef, PageView, RenderSkipped, ViewError
from fanxing.runtime.view.query import SelectorError, ViewAnswers
from fanxing.runtime.view.script_modules import ViewModuleError, ViewModules
from fanxing.runtime.view.trace import now_ms

log = logging.getLogger("fanxing.runtime")

Message = dict[str, Any]
Asker = Callable[[str, dict[str, Any]], Any]


ACK_TIMEOUT = 2.0  # seconds a setData callback waits for a client's ack at most
MAX_SEEN_CLIENTS = 8  # clients whose last event a patch names (``after``)
#: Headless, a setData whose callback (or Alipay didUpdate) sets data again is released at
#: once; a chain this long never settles (it would hang launch/render): it is stopped.
MAX_UPDATE_ROUNDS = 1000


class ContainerError(RuntimeError):
    """The run cannot happen (no such page, the app failed to compile…)."""


@dataclass
class LivePage:
    """A page on the stack (or a kept tab page) with its view."""

    entry: PageEntry
    view: PageView
    ready: bool = False
    window: dict[str, Any] = field(default_factory=dict)


@dataclass
class ApiCall:
    """One bridge call, for the API panel and ``fanxing render --format json``."""

    name: str
    args: dict[str, Any]
    ok: bool | None = None
    result: Any = None
    ms: float = 0.0
    mocked: bool = False  # answered by a Bridge.mock_api mock

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "args": self.args, "ok": self.ok, "result": self.result,
                "ms": round(self.ms, 3), "mocked": self.mocked}


def api_script() -> str:
    """The bridge's JS half (``bridge/js/api.js`` and its object factories)."""
    return bridge_api_script()


def default_profile(dialect: str) -> str:
    return "wechat" if dialect == "wechat" else "alipay"


def _args_copy(args: Any) -> dict[str, Any]:
    return dict(args) if isinstance(args, dict) else {}


class RuntimeHost:
    """The bridge's ``Host``: dialogs go to the asker (a person or scripted answers),
    navigation to the page stack, UI requests to the clients."""

    def __init__(self, container: Container) -> None:
        self.c = container

    def ask(self, kind: str, payload: dict[str, Any]) -> Any:
        return self.c.ask(kind, payload)

    def navigate(self, kind: str, url: str | None, delta: int = 1,
                 extra: dict[str, Any] | None = None) -> Any:
        try:
            return self.c.navigate(kind, url, delta, extra or {})
        except NavigationError as e:
            raise ApiError(str(e), wx=str(e)) from None

    def ui(self, kind: str, payload: dict[str, Any]) -> Any:
        return self.c.ui(kind, payload)

    def event(self, name: str, payload: Any) -> None:
        self.c.post({"type": "apiEvent", "name": name, "payload": payload})

    def sync(self, patch: dict[str, Any]) -> None:
        self.c.post({"type": "syncState", "patch": patch})

    def view(self, kind: str, payload: dict[str, Any]) -> Any:
        """Selector queries and intersection observers, answered headless from the
        render tree (``view_query``)."""
        return self.c.view_question(kind, payload)


class Container:
    """One running mini-program (see module docstring)."""

    def __init__(self, app: CompiledApp, *, profile: str | Path | None = None,
                 device: str | Path = "iphone-14", data_dir: str | Path | None = None,
                 user: str = "default", app_id: str | None = None,
                 answers: Answers | dict[str, Any] | None = None,
                 asker: Asker | None = None, clock: Clock | None = None,
                 limits: Limits | None = None, host_app: HostApp | None = None,
                 domain_check: bool | None = None) -> None:
        if app.templates is None:
            raise ContainerError(f"{app.root}: the app has no compiled templates")
        self.app = app
        self.dialect = app.dialect
        self.clock: Clock = clock or ManualClock()
        self.answers = answers if isinstance(answers, Answers) else Answers(answers)
        self.asker = asker
        # Whose data: a given app_id is the host's own id for the app and keys its data;
        # otherwise the declared appid is shown but the data is keyed by appid + folder
        # hash, so a project cannot claim another's storage (bridge/app_identity.py).
        try:
            if app_id is not None:
                self.app_id = store_id = check_app_id(app_id)
            else:
                declared = project_settings(app.root).appid
                self.app_id = display_id(declared, app.root)
                store_id = project_store_id(declared, app.root)
        except AppIdError as e:
            raise ContainerError(f"{app.root}: {e}") from None
        self.store_id = store_id
        self.data_dir = Path(data_dir) if data_dir else _default_data_dir()
        self.host = RuntimeHost(self)
        # A host program (HostApp) decides profile, user, data folder, custom APIs,
        # policies and providers; otherwise the container makes a plain bridge.
        if host_app is not None:
            self.bridge = host_app.bridge(self.app_id, self.host, store_id=store_id)
        else:
            self.bridge = Bridge(profile or default_profile(self.dialect),
                                 data_dir=self.data_dir, user=user, app_id=self.app_id,
                                 host=self.host, device=device, store_id=store_id)
        if self.bridge.package_dir is None:
            self.bridge.package_dir = Path(app.root)  # getImageInfo('/images/a.png')
        if domain_check is not None:
            self.bridge.policy.check_domains = domain_check
        # Trouble the bridge met before anybody listened (a quarantined store) is
        # reported at launch; later notices go straight to the console / error log.
        self._early_problems = list(self.bridge.problems)
        self.bridge.notices.append(self._bridge_notice)
        # the Network panel: every exchange as it starts, progresses and ends
        self.bridge.network.log.listeners.append(
            lambda ex: self.broadcast({"v": P.PROTOCOL_VERSION, "type": "network",
                                       "entry": ex.to_json()}))
        self.subscribers: list[Callable[[Message], None]] = []
        #: Observers of every message the logic layer sends (setData, api, console…),
        #: before the container acts on it: audits such as ``fanxing lint`` measure here.
        self.logic_listeners: list[Callable[[Message], None]] = []
        self.console: list[Message] = []
        self.errors: list[Message] = []
        self.api_calls: list[ApiCall] = []
        self.ui_log: list[Message] = []
        #: WeChat ``triggerEvent`` calls: ``{compId, name, detail, options}`` (tests)
        self.triggered: list[Message] = []
        self._queue: deque[Message | Callable[[], None]] = deque()
        self._trace: dict[str, float] | None = None  # marks of the event being handled
        self._seen: dict[str, int] = {}  # client id -> its last event handled (see _saw)
        self._tasks: set[asyncio.Task[Any]] = set()
        self._page_ids = itertools.count(1)
        self._comp_ids = itertools.count(1)
        self._comp_page: dict[str, str] = {}
        self._unready: list[tuple[str, str]] = []  # (pageId, compId) awaiting componentReady
        #: Clients that acknowledge patches (the driver counts web clients). While one is
        #: attached, setData callbacks wait for its ack; headless, the view's tree is the
        #: screen, so they run at once.
        self.ack_clients = 0
        self._unacked: dict[str, list[tuple[int, int, float]]] = {}
        #: flushId -> how many setData rounds led to it (a setData made while its
        #: instance's previous `flushed` ran is one round deeper); see MAX_UPDATE_ROUNDS
        self._flush_rounds: dict[int, int] = {}
        self._round = 0  # rounds of the `flushed` message being processed
        self._runaway: set[str] = set()  # instances stopped for updating forever
        self.pages: dict[str, LivePage] = {}
        tab = app.config.tab_bar
        self.stack = PageStack(list(app.pages), [i.page_path for i in tab.items] if tab else [])
        self.view_modules = ViewModules(self._view_module_table(), on_error=self._view_error,
                                        on_console=self._outbound)
        self.logic = LogicEngine(
            app.modules, dialect=self.dialect, app_config=app.config.to_json(),
            api_script=api_script(), api_table=self.bridge.api_table(),
            sync_state=self.bridge.sync_state(), limits=limits, clock=self.clock)
        self.launched = False
        self._next_timer: float | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @classmethod
    def from_package(cls, path: str | Path, *, trusted_keys: list[bytes] | None = None,
                     cache_dir: str | Path | None = None, **kw: Any) -> Container:
        """Run an app package (``.fxpkg``) directly. It is checked first (every hash; the
        signature, which must be by one of ``trusted_keys`` when given) and refused with
        ``PackageError`` otherwise. A package signed by a trusted key runs its shipped
        build under its manifest's app id; any other is compiled again from its files.
        ``kw`` are the constructor's options."""
        from fanxing.compiler.app_package import open_package

        app, info = open_package(path, trusted_keys, cache_dir)
        if info.trusted:
            kw.setdefault("app_id", info.app_id)
        return cls(app, **kw)

    # ------------------------------------------------------------------ clients

    def subscribe(self, fn: Callable[[Message], None]) -> Callable[[], None]:
        """Receive every view-protocol message; returns an unsubscribe function."""
        self.subscribers.append(fn)
        return lambda: self.subscribers.remove(fn) if fn in self.subscribers else None

    def broadcast(self, msg: Message) -> None:
        for fn in list(self.subscribers):
            try:
                fn(msg)
            except Exception:  # a broken client must not stop the app
                log.exception("view client failed on %s", msg.get("type"))

    def app_message(self) -> Message:
        """The ``app`` message (docs/protocol.md): screen width, tab bar, theme, device."""
        cfg = self.app.config
        dev = _device_json(self.bridge.device)
        top = self.stack.top
        theme = self.bridge.profile.get("theme") or {}
        return {"v": P.PROTOCOL_VERSION, "type": "app", "dialect": self.dialect,
                "appId": self.app_id, "profile": self.bridge.profile.name,
                "screenWidth": dev.get("screen_width") or 375,
                "device": dev, "theme": theme,
                "window": P.protocol_window(cfg.window.to_json()),
                "tabBar": P.protocol_tab_bar(cfg.tab_bar, theme),
                "selected": top.route if top else None}

    # ------------------------------------------------------------------ queue

    def post(self, msg: Message) -> None:
        """Queue an inbound logic message."""
        self._queue.append(msg)

    def _step(self, fn: Callable[[], None]) -> None:
        self._queue.append(fn)

    def pump(self) -> int:
        """Run queued work until the queue is empty; returns the number of items run."""
        if self._unacked:
            self.release_acks(ACK_TIMEOUT)  # a client that never acks must not stall callbacks
        n = 0
        while self._queue:
            item = self._queue.popleft()
            n += 1
            if callable(item):
                item()
            else:
                if item.get("type") == "flushed":
                    self._round = max((self._flush_rounds.pop(i, 0) for i in item["ids"]),
                                      default=0)
                trace = self._trace
                if trace is not None and "logic" not in trace:
                    trace["logic"] = now_ms()
                try:
                    outs = self.logic.process(item)
                    if trace is not None and "js" not in trace:
                        trace["js"] = now_ms()
                    for out in outs:
                        self._outbound(out)
                finally:
                    self._round = 0
                if item.get("type") == "componentCreate":
                    self._reveal(item["compId"])
            if not self._queue and self._unready:
                self._ready_components()
        self._trace = None  # the event caused no patch: its trace ends here
        return n

    @property
    def busy(self) -> bool:
        return bool(self._queue or self._tasks)

    @property
    def next_timer(self) -> float | None:
        return self._next_timer

    # ------------------------------------------------------------------ launch

    def launch(self, path: str | None = None, query: dict[str, str] | None = None,
               scene: int = 1001) -> None:
        """Boot the logic layer, run ``App`` launch and open the first page (queued)."""
        route, q = split_url(path) if path else (self.app.config.home or self.app.config.pages[0], {})
        if query:
            q.update(query)
        if route not in self.app.pages:
            raise ContainerError(f'page "{route}" does not exist in {self.app.root}')
        for out in self.logic.boot():
            self._outbound(out)
        for text in self._early_problems:
            self._report(text, "bridge")
        self._early_problems = []
        self.launched = True
        self.broadcast(self.app_message())
        self.post({"type": "appLaunch", "options": {"path": route, "query": q, "scene": scene}})
        self._open(route, q)

    def _open(self, route: str, query: dict[str, str], channel: Any = None) -> LivePage:
        page_id = f"p{next(self._page_ids)}"
        unit = self.app.pages[route]
        entry = PageEntry(page_id, route, dict(query))
        render = self._render_fn(unit.template)
        using = {**self.app.config.using_components, **unit.config.using_components}
        view = PageView(page_id, render, dialect=self.dialect, using_components=using,
                        components=self._component_def, route=route,
                        new_component_id=lambda: f"c{next(self._comp_ids)}",
                        defer_components=True, modules=self.view_modules)
        live = LivePage(entry, view, window=P.protocol_window({**self.app.config.window.to_json(),
                                                               **unit.config.window.to_json()}))
        self.pages[page_id] = live
        self.stack.opened(entry)
        self.broadcast(P.page_message(page_id, "create", route=route,
                                      css=self.page_css(route),
                                      window=live.window, query=entry.query,
                                      canGoBack=len(self.stack.stack) > 1))
        self._select_tab(route)
        wechat = self.dialect == "wechat"
        create = {"type": "pageCreate", "pageId": page_id, "route": route, "query": entry.query,
                  "defer": wechat}
        if channel is not None:  # navigateTo({events}): the opened page's event channel
            create["eventChannelId"] = channel
        self.post(create)
        self._step(lambda: self._mount(live))
        self._step(lambda: self._page_ready(live))
        return live

    def _mount(self, live: LivePage) -> None:
        if live.entry.page_id not in self.pages:
            return  # left again before its first render (two navigations in one turn)
        self._apply_update(live, live.view.mount())
        self.broadcast(P.page_message(live.entry.page_id, "show"))
        if self.dialect == "wechat":
            # After the first render's componentCreate messages: WeChat runs component
            # created/attached before the page's onLoad.
            page_id = live.entry.page_id
            self.post({"type": "pageLifecycle", "pageId": page_id, "name": "onLoad",
                       "args": [live.entry.query]})
            self.post({"type": "pageLifecycle", "pageId": page_id, "name": "onShow", "args": []})

    def _page_ready(self, live: LivePage, tries: int = 0) -> None:
        # Components created by nested renders are still queued: wait for them, so every
        # component is ready before the page (the platforms' order).
        if self._queue and tries < 10_000:
            self._step(lambda: self._page_ready(live, tries + 1))
            return
        self._ready_components()
        if live.entry.page_id in self.pages and not live.ready:
            live.ready = True
            self.post({"type": "pageReady", "pageId": live.entry.page_id})

    def _ready_components(self) -> None:
        pending, self._unready = self._unready, []
        # Children before their parents, siblings in document order (post-order).
        order: dict[str, int] = {}
        for page_id in {p for p, _ in pending}:
            if page_id in self.pages:
                _post_order(self.pages[page_id].view.root, order)
        pending = [pc for pc in pending if pc[0] in self.pages]
        pending.sort(key=lambda pc: order.get(pc[1], len(order)))
        for _page_id, comp_id in pending:
            self.post({"type": "componentReady", "compId": comp_id})

    # ------------------------------------------------------------------ outbound

    def _outbound(self, msg: Message) -> None:
        for listen in self.logic_listeners:
            listen(msg)
        kind = msg.get("type")
        if kind == "setData":
            self._set_data(msg)
        elif kind == "api":
            self._start_api(msg)
        elif kind == "console":
            self.console.append(msg)
            self.broadcast({"v": P.PROTOCOL_VERSION, **msg})
        elif kind == "error":
            self.errors.append(msg)
            log.info("app error: %s", msg.get("message"))
            self.broadcast({"v": P.PROTOCOL_VERSION, **msg})
        elif kind == "triggerEvent":
            self._trigger(msg)
        elif kind == "timer":
            self._next_timer = msg.get("next")
        else:
            self.broadcast({"v": P.PROTOCOL_VERSION, **msg})

    def _page_of(self, instance_id: str) -> LivePage | None:
        page_id = instance_id if instance_id in self.pages else self._comp_page.get(instance_id)
        return self.pages.get(page_id) if page_id else None

    def _set_data(self, msg: Message) -> None:
        live = self._page_of(msg["instanceId"])
        seq = None
        flush_id = msg.get("flushId")
        # the patch asks clients for an ack only when callbacks wait for it
        wants_ack = flush_id is not None and self.ack_clients > 0
        if live is not None:
            try:
                update = live.view.apply(msg["instanceId"], msg["ops"])
            except (ViewError, ViewModuleError) as e:
                self._report(f"setData: {e}", "view")
            else:
                if wants_ack and update.patch is not None:
                    update.patch["ack"] = True
                self._apply_update(live, update)
                seq = update.patch.get("seq") if update.patch is not None else None
        if flush_id is None:
            return
        if seq is not None and wants_ack:
            # setData callbacks run once a client has applied the patch (its `ack`).
            self._unacked.setdefault(live.entry.page_id, []).append(
                (seq, flush_id, time.monotonic()))
        else:
            rounds = self._round + 1
            if rounds >= MAX_UPDATE_ROUNDS:
                self._stop_runaway(msg["instanceId"], live)
                return
            self._flush_rounds[flush_id] = rounds
            self.post({"type": "flushed", "ids": [flush_id]})

    def _stop_runaway(self, instance_id: str, live: LivePage | None) -> None:
        """A setData chain that never settles: its callbacks stop running, once reported."""
        if instance_id in self._runaway:
            return
        self._runaway.add(instance_id)
        inst = live.view.instances.get(instance_id) if live is not None else None
        where = inst.defn.path if inst is not None else (live.entry.route if live else instance_id)
        self._report(f"{where} ({instance_id}) keeps updating: its setData callbacks / didUpdate "
                     f"set data again {MAX_UPDATE_ROUNDS} times in a row; stopped (a setData "
                     "that changes nothing in didUpdate, or a callback that always sets data?)",
                     "setData")

    def _acked(self, page_id: str, seq: int | None) -> None:
        """Release the setData callbacks of patches up to ``seq`` (all when None)."""
        pending = self._unacked.pop(page_id, [])
        keep = [p for p in pending if seq is not None and p[0] > seq]
        done = [p[1] for p in pending if p not in keep]
        if keep:
            self._unacked[page_id] = keep
        if done:
            self.post({"type": "flushed", "ids": done})

    def release_acks(self, older_than: float = 0.0) -> None:
        """Stop waiting for acks (a client left, or it never answered in time)."""
        limit = time.monotonic() - older_than
        for page_id in list(self._unacked):
            stale = [p for p in self._unacked[page_id] if p[2] <= limit]
            if stale:
                self._acked(page_id, max(p[0] for p in stale))

    def _apply_update(self, live: LivePage, update: Any) -> None:
        for text in update.errors:
            self._report(text, "view")
        for m in update.messages:
            if m["type"] == "componentCreate":
                self._comp_page[m["compId"]] = live.entry.page_id
                self._unready.append((live.entry.page_id, m["compId"]))
                m = {**m, "pageId": live.entry.page_id}
            elif m["type"] == "componentDestroy":
                self._comp_page.pop(m["compId"], None)
            self.post(m)
        if update.patch is not None:
            if self._seen:  # the last event of each client this state includes
                update.patch["after"] = dict(self._seen)
            if self._trace is not None:  # the first patch an event causes carries its trace
                self._trace["view"] = now_ms()
                update.patch["trace"], self._trace = self._trace, None
            self.broadcast(update.patch)

    def _reveal(self, comp_id: str) -> None:
        # The instance exists now and its initial setData is applied: first render.
        live = self._page_of(comp_id)
        if live is not None:
            self._apply_update(live, live.view.reveal(comp_id))

    def _trigger(self, msg: Message) -> None:
        self.triggered.append({k: msg.get(k) for k in ("compId", "name", "detail", "options")})
        live = self._page_of(msg["compId"])
        if live is None:
            return
        try:
            calls = live.view.trigger_event(msg["compId"], msg["name"], msg.get("detail"),
                                            msg.get("options"), self.clock.now())
        except ViewError as e:
            self._report(str(e), "view")
            return
        for m in calls:
            self.post(m)

    def _report(self, message: str, where: str, frame: str = "") -> None:
        """An error of the app found by the host; ``frame`` (``at x (file:line:col)``)
        names where in the app's source."""
        err = {"type": "error", "kind": "error", "message": message,
               "stack": f"Error: {message}\n{frame}" if frame else "",
               "where": {"handler": where}}
        self.errors.append(err)
        self.broadcast({"v": P.PROTOCOL_VERSION, **err})

    def _bridge_notice(self, level: str, text: str) -> None:
        """What the bridge wants the developer to see: errors go to the error log, the
        rest (e.g. a request off the whitelist let through) to the console."""
        if level == "error":
            self._report(text, "bridge")
            return
        msg = {"type": "console", "level": level, "args": [text], "source": "fanxing:bridge"}
        self.console.append(msg)
        self.broadcast({"v": P.PROTOCOL_VERSION, **msg})

    def _view_error(self, err: ViewModuleError) -> None:
        self._report(str(err), "view module")

    # ------------------------------------------------------------------ bridge

    def _start_api(self, msg: Message) -> None:
        call = ApiCall(msg["name"], _args_copy(msg.get("args")))
        self.api_calls.append(call)
        loop = self._ensure_loop()
        task = loop.create_task(self._run_api(msg, call))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run_api(self, msg: Message, call: ApiCall) -> None:
        t0 = time.perf_counter()
        mock = self.bridge.api_mocks.get(msg["name"])
        answered = mock.calls if mock is not None else 0
        try:
            result = await self.bridge.call(msg["name"], msg.get("args") or {})
            ok = True
        except ApiError as e:
            ok, result = False, e.payload
        except Exception as e:  # never let a bridge bug reach the app as a traceback
            log.exception("bridge call %s", msg["name"])
            ok, result = False, {"error": 3, "errorMessage": str(e),
                                 "errMsg": f"{msg['name'].split('.')[-1]}:fail {e}"}
        call.ok, call.result, call.ms = ok, result, (time.perf_counter() - t0) * 1000
        call.mocked = mock is not None and mock.calls > answered
        self.broadcast({"v": P.PROTOCOL_VERSION, "type": "apiCall", **call.to_json()})
        self.post({"type": "apiResult", "callId": msg["callId"], "ok": ok, "result": result})

    def ask(self, kind: str, payload: dict[str, Any]) -> Any:
        """A question only the user can answer (consent, cashier, modal…)."""
        self.ui_log.append({"kind": kind, "payload": payload, "ask": True})
        if self.asker is not None:
            return self.asker(kind, payload)
        return self.answers.answer(kind, payload)

    def ui(self, kind: str, payload: dict[str, Any]) -> Any:
        self.ui_log.append({"kind": kind, "payload": payload})
        top = self.stack.top
        if kind == "setNavigationBar" and top is not None:
            live = self.pages[top.page_id]
            live.window.update(P.protocol_navigation_bar(payload))
            self.broadcast(P.page_message(top.page_id, "window", window=live.window))
        elif kind == "startPullDownRefresh" and top is not None:
            self.post({"type": "pageLifecycle", "pageId": top.page_id,
                       "name": "onPullDownRefresh", "args": self._pull_args("code")})
        self.broadcast({"v": P.PROTOCOL_VERSION, "type": "ui", "kind": kind,
                        "payload": payload, "pageId": top.page_id if top else None})
        return None

    def view_question(self, kind: str, payload: dict[str, Any]) -> Any:
        """``Host.view``: what the page shows (headless layout, see ``view_query``)."""
        live = self.pages.get(payload.get("pageId") or "") or self.current
        if live is None:
            raise ApiError("no page is shown", wx="no page")
        dev = self.bridge.device
        answers = ViewAnswers(live.view, (dev.screen_width, dev.window_height), dev.rpx)
        try:
            if kind == "selectorQuery":
                return answers.selector_query(payload)
            if kind == "intersection":
                return answers.intersection(payload)
        except SelectorError as e:
            raise ApiError(str(e), code=2, wx=str(e)) from None
        raise ApiError(f"unknown view question {kind!r}", wx=f"unknown view question {kind}")

    # ------------------------------------------------------------------ navigation

    def navigate(self, kind: str, url: str | None, delta: int = 1,
                 extra: dict[str, Any] | None = None) -> None:
        """Carry out a navigation API (``navigateTo``, ``redirectTo``, ``navigateBack``,
        ``switchTab``, ``reLaunch``); raises ``NavigationError`` as the platform would."""
        top = self.stack.top
        base = top.route if top else None
        if kind == "navigateBack":
            plan = self.stack.navigate_back(delta)
        else:
            if not url:
                raise NavigationError(f"{kind}: url is required")
            route, query = split_url(url, base)
            if route not in self.app.pages and base and not url.startswith("/"):
                # The bridge hands over URLs without their leading "/", so a bare
                # "form_switch" may be relative to the current page's folder.
                near, _ = split_url("./" + url, base)
                if near in self.app.pages:
                    route = near
            if kind == "navigateTo":
                plan = self.stack.navigate_to(route, query)
            elif kind == "redirectTo":
                plan = self.stack.redirect_to(route, query)
            elif kind == "switchTab":
                plan = self.stack.switch_tab(route)
            elif kind == "reLaunch":
                plan = self.stack.relaunch(route, query)
            else:
                raise NavigationError(f"unknown navigation {kind!r}")
        channel = (extra or {}).get("eventChannelId") if kind == "navigateTo" else None
        self._carry_out(plan, channel)

    def _carry_out(self, plan: Plan, channel: Any = None) -> None:
        for entry in plan.hide:
            self._hide(entry)
        for entry in plan.unload:
            self._unload(entry)
        for route, query in plan.open:
            self._open(route, query, channel)
        for entry in plan.show:
            self.stack.shown(entry)
            self.broadcast(P.page_message(entry.page_id, "show"))
            self._select_tab(entry.route)
            self.post({"type": "pageLifecycle", "pageId": entry.page_id, "name": "onShow",
                       "args": []})

    def _select_tab(self, route: str) -> None:
        """A tab page became visible: clients mark its tab (docs/protocol.md ``app``)."""
        if route in self.stack.tab_routes:
            self.broadcast({"v": P.PROTOCOL_VERSION, "type": "app", "selected": route})

    def _hide(self, entry: PageEntry) -> None:
        self.post({"type": "pageLifecycle", "pageId": entry.page_id, "name": "onHide", "args": []})
        self.broadcast(P.page_message(entry.page_id, "hide"))

    def _unload(self, entry: PageEntry) -> None:
        live = self.pages.pop(entry.page_id, None)
        self.stack.unloaded(entry)
        self._acked(entry.page_id, None)
        self.post({"type": "pageLifecycle", "pageId": entry.page_id, "name": "onUnload",
                   "args": []})
        if live is not None:
            update = live.view.destroy()
            for m in update.messages:
                if m["type"] == "componentDestroy":
                    self._comp_page.pop(m["compId"], None)
                    self.post(m)
        self.broadcast(P.page_message(entry.page_id, "destroy"))

    def back(self, delta: int = 1) -> None:
        """The user pressed back (or the harness asked to). Alipay pages hear it first as
        ``events.onBack`` (opendocs.alipay.com/mini/framework/page-detail#events)."""
        if self.dialect == "alipay":
            self._lifecycle("onBack", [])
        self.navigate("navigateBack", None, delta)

    def app_hide(self) -> None:
        self.post({"type": "appHide", "options": {}})

    def app_show(self) -> None:
        self.post({"type": "appShow", "options": {}})

    # ------------------------------------------------------------------ client input

    def client_message(self, msg: Message) -> None:
        """A message from a view client (event, page scroll, page chrome, navigator…),
        validated by ``protocol.check_client_message``: a malformed one is reported as an
        error and goes no further."""
        try:
            msg = P.check_client_message(msg)
        except P.ProtocolError as e:
            self._report(str(e), "client")
            return
        kind = msg["type"]
        if kind == "event":
            live = self.pages.get(msg.get("pageId", ""))
            if live is None:
                top = self.stack.top
                live = self.pages.get(top.page_id) if top else None
            if live is None:
                return
            self._trace = msg.get("trace")
            self._saw(msg.get("eid"))
            try:
                update = live.view.event(msg)  # WXS handlers may patch the view at once
            except (ViewError, P.ProtocolError, ValueError) as e:
                self._report(f"event: {e}", "client")
                return
            if self._trace is not None:
                self._trace["queued"] = now_ms()
            self._apply_update(live, update)
            self._keyboard(live, msg)
        elif kind == "pageScroll":
            self._lifecycle("onPageScroll", [{"scrollTop": msg.get("scrollTop", 0)}])
        elif kind == "lifecycle":  # share button, pull-down refresh, reach bottom…
            self._lifecycle(msg["name"], msg.get("args") or [])
        elif kind == "ui":
            action = msg.get("action")
            if action == "back":
                with contextlib.suppress(NavigationError):
                    self.back()
            elif action == "tabTap":
                self.tab_tap(str(msg.get("pagePath", "")), msg.get("index"))
        elif kind == "navigate":  # <navigator> taps
            kind_ = str(msg.get("openType") or "navigateTo")
            kind_ = {"navigate": "navigateTo", "redirect": "redirectTo",
                     "navigateBack": "navigateBack", "switchTab": "switchTab",
                     "reLaunch": "reLaunch"}.get(kind_, kind_)
            try:
                self.navigate(kind_, msg.get("url"), msg.get("delta") or 1)
            except NavigationError as e:
                self._report(f"navigator: {e}", "navigator")
        elif kind == "ack":
            seq = msg.get("seq")
            self._acked(str(msg.get("pageId")), seq if isinstance(seq, int) else None)
        elif kind == "clientError":  # hello needs no answer
            self._report(f"client: {msg.get('message')}", "client")

    def _saw(self, eid: Any) -> None:
        """Remember a client's event as handled: patches name the last one of each client
        (``after``), so a client typing ahead of the server knows an older value from a
        newer one (docs/protocol.md)."""
        if eid is None:
            return
        client, number = eid
        self._seen.pop(client, None)
        self._seen[client] = number
        while len(self._seen) > MAX_SEEN_CLIENTS:
            self._seen.pop(next(iter(self._seen)))

    def _keyboard(self, live: LivePage, msg: Message) -> None:
        """Focus/blur of a text field opens/closes the keyboard: Alipay pages hear
        ``events.onKeyboardHeight({height})`` (page-detail#events)."""
        if self.dialect != "alipay" or msg["name"] not in ("focus", "blur"):
            return
        try:
            tag = live.view.node(msg["nodeId"]).node.tag
        except ViewError:
            return
        if tag in ("input", "textarea"):
            height = self.bridge.device.keyboard_height if msg["name"] == "focus" else 0
            self.post({"type": "pageLifecycle", "pageId": live.entry.page_id,
                       "name": "onKeyboardHeight", "args": [{"height": height}]})

    def _pull_args(self, source: str) -> list[Any]:
        """Alipay ``onPullDownRefresh({from})``: "manual" for the user's pull, "code" for
        my.startPullDownRefresh (opendocs.alipay.com/mini/framework/page-detail)."""
        return [{"from": source}] if self.dialect == "alipay" else []

    def _lifecycle(self, name: str, args: list[Any]) -> None:
        if name == "onPullDownRefresh" and not args:
            args = self._pull_args("manual")
        top = self.stack.top
        if top is not None:
            self.post({"type": "pageLifecycle", "pageId": top.page_id, "name": name,
                       "args": args})

    def tab_tap(self, route: str, index: Any = None) -> None:
        """The user tapped a tab bar item."""
        route = route.lstrip("/")
        if route not in self.stack.tab_routes:
            return
        tab = self.app.config.tab_bar
        item = tab.items[self.stack.tab_routes.index(route)] if tab else None
        info = {"index": self.stack.tab_routes.index(route), "pagePath": route,
                "text": item.text if item else ""}
        top = self.stack.top
        if self.dialect == "alipay":
            # page-detail#events: the current tab tapped again is onSelectedTabItemTap;
            # another one: beforeTabItemTap, then onTabItemTap({from: 'user', …}).
            if top is not None and top.route == route:
                self._lifecycle("onSelectedTabItemTap", [info])
                return
            self._lifecycle("beforeTabItemTap", [])
            info = {**info, "from": "user"}
        self._lifecycle("onTabItemTap", [info])
        with contextlib.suppress(NavigationError):
            self.navigate("switchTab", "/" + route)

    # ------------------------------------------------------------------ driving

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            try:
                self._loop = asyncio.get_running_loop()
            except RuntimeError:
                self._loop = asyncio.new_event_loop()
        return self._loop

    async def settle_async(self, max_ms: float = 5000, *, advance_timers: bool = True,
                           wall_timeout: float = 30.0) -> None:
        """Run until nothing is queued, no bridge call is pending and (with a manual
        clock) no timer is due within ``max_ms`` of runtime time."""
        start = self.clock.now()
        deadline = time.monotonic() + wall_timeout
        while True:
            self.pump()
            if self._tasks:
                await asyncio.wait(set(self._tasks), timeout=max(0.01, deadline - time.monotonic()),
                                   return_when=asyncio.FIRST_COMPLETED)
                if time.monotonic() > deadline:
                    break
                continue
            nxt = self._next_timer
            if (advance_timers and isinstance(self.clock, ManualClock) and nxt is not None
                    and nxt <= start + max_ms):
                self.clock.advance_to(max(nxt, self.clock.now()))
                self.post({"type": "timers", "now": self.clock.now()})
                continue
            if not self._queue:
                break

    def settle(self, max_ms: float = 5000, **kw: Any) -> None:
        """Synchronous ``settle_async`` for tests and the CLI."""
        loop = self._ensure_loop()
        loop.run_until_complete(self.settle_async(max_ms, **kw))

    def advance(self, ms: float) -> None:
        """Advance a manual clock by ``ms`` and run what became due (timers, then idle)."""
        if not isinstance(self.clock, ManualClock):
            raise ContainerError("advance() needs the manual clock")
        target = self.clock.now() + ms
        while True:
            nxt = self._next_timer
            if nxt is None or nxt > target:
                break
            self.clock.advance_to(max(nxt, self.clock.now()))
            self.post({"type": "timers", "now": self.clock.now()})
            self.settle(0, advance_timers=False)
        self.clock.advance_to(target)
        self.post({"type": "timers", "now": self.clock.now()})
        self.settle(0, advance_timers=False)

    def timers_due(self) -> None:
        """Real-clock drivers call this when ``next_timer`` has passed."""
        self.post({"type": "timers", "now": self.clock.now()})

    def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self._loop is not None and not self._loop.is_running():
            self._loop.run_until_complete(self.bridge.aclose())  # open WebSockets
        else:
            self.bridge.storage.close()
        if self._loop is not None and not self._loop.is_running():
            with contextlib.suppress(Exception):
                self._loop.run_until_complete(asyncio.sleep(0))
            self._loop.close()
            self._loop = None

    # ------------------------------------------------------------------ helpers

    def _render_fn(self, template: str | None) -> Callable[[dict[str, Any]], list[Any]]:
        templates = self.app.templates
        if template is None or templates is None:
            return lambda data: []
        ctx = self.view_modules

        def render(data: dict[str, Any]) -> list[Any]:
            try:
                with render_budget():
                    return templates.render(template, data, ctx)
            except RenderBudgetExceeded as e:  # the app keeps its last good render
                file, line, col = e.where or (template, 1, 1)
                self._report(f"render of {template} stopped: {e.reason} (see docs/security.md)"
                             "; the screen keeps its last render", "render",
                             f"    at render ({file}:{line}:{col})")
                raise RenderSkipped from None
            except Exception as e:  # a render bug must not take the container down
                self._report(f"{template}: render failed: {type(e).__name__}: {e}", "render")
                return []

        return render

    def _component_def(self, path: str) -> ComponentDef:
        unit = self.app.components.get(path)
        if unit is None:
            raise KeyError(path)
        return ComponentDef(path, self._render_fn(unit.template),
                            using_components=dict(unit.using_components),
                            external_classes=tuple(unit.external_classes),
                            style_isolation=unit.style_isolation)

    def _view_module_table(self) -> dict[str, Any]:
        return dict(self.app.view_modules)

    def page_css(self, route: str) -> str:
        """The stylesheet a client needs for ``route``: app and page styles and those of the
        components the page uses (another page's component must not style this one)."""
        unit = self.app.pages[route]
        parts = [self.app.styles.get("app", "")]
        if unit.style and unit.style in self.app.styles:
            parts.append(self.app.styles[unit.style])
        for path in self.app.page_components(route):
            comp = self.app.components[path]
            if comp.style and comp.style in self.app.styles:
                parts.append(self.app.styles[comp.style])
        return "\n".join(parts)

    # ------------------------------------------------------------------ inspection

    @property
    def current(self) -> LivePage | None:
        top = self.stack.top
        return self.pages.get(top.page_id) if top else None

    def page_data(self, page_id: str | None = None) -> dict[str, Any]:
        live = self.pages.get(page_id) if page_id else self.current
        return json.loads(json.dumps(live.view.data)) if live else {}

    def storage(self) -> dict[str, Any]:
        return dict(self.bridge.sync_state().get("storage", {}))


def _post_order(root: Any, order: dict[str, int]) -> None:
    """Number the component instances under ``root`` children-first, in document order."""
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        v, done = stack.pop()
        if done:
            if v.instance is not None:
                order[v.instance.id] = len(order)
            continue
        stack.append((v, True))
        stack.extend((c, False) for c in reversed(v.children))


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "fanxing"


def _device_json(dev: Any) -> dict[str, Any]:
    return dataclasses.asdict(dev) if dataclasses.is_dataclass(dev) else {}

