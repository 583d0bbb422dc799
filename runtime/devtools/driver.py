"""Drive one running mini-program in real time for the simulator and the preview.

:class:`AppDriver` owns the compiled app and its :class:`~fanxing.runtime.container.Container`
and runs it on an ``asyncio`` loop with the real clock: it pumps the container when a
client message arrives or a bridge call finishes, fires JS timers when they fall due,
and restarts the container for a profile or device switch, a reload or a new launch
page ("compile mode"). Everything runs on the loop's thread (the logic engine belongs
to the thread that boots it).

Clients are plain callables that take one JSON-able message. They get:

* the view protocol (``docs/protocol.md``), replayed to late clients by :class:`ClientFeed`;
* what the container reports: ``console``, ``error``, ``apiCall``, ``ui``,
  ``evalResult``;
* ``{type: "ask", askId, kind, payload}``: a question the host would show (consent,
  cashier, modal, action sheet…); a client answers ``{type: "answer", askId, value}``
  and every client then gets ``{type: "askDone", askId, value}``;
* ``{type: "sim", event: …}``: ``state`` (app, profile, device, lists to choose from,
  mocks), ``reset`` (drop every page: the app relaunches), ``data`` (the top page's
  data and the stack), ``storage``, ``cloud`` (the Cloud panel, once the app used its
  cloud; ``cloudResult`` answers a ``cloud*`` action), ``synced`` (answer to a ``sync``
  action), ``notice``;
* ``{type: "compileError", diagnostics: [{path, line, col, message, source}]}`` while
  the app does not compile, ``{type: "compiled"}`` once it does again.

Simulator commands arrive as ``{type: "sim", action: …}`` (see :meth:`AppDriver.handle`).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import itertools
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fanxing.bridge import HostApp
from fanxing.bridge.devices import builtin_devices, load_device
from fanxing.bridge.errors import ApiError
from fanxing.bridge.host import Answers
from fanxing.bridge.profiles import builtin_profiles, load_profile
from fanxing.bridge.storage import json_text
from fanxing.compiler.build import CompiledApp, compile_app, open_app
from fanxing.compiler.build_cache import BuildCache
from fanxing.compiler.diagnostics import CompileError, Diagnostic
from fanxing.compiler.page_reach import errors_reaching, launch_route
from fanxing.compiler.project import find_app_root
from fanxing.runtime.container.container import Container, ContainerError, default_profile
from fanxing.runtime.container.project_settings import project_settings
from fanxing.runtime.devtools import cloud_panel
from fanxing.runtime.devtools.client_feed import ClientFeed
from fanxing.runtime.devtools.inspector import node_info, page_tree
from fanxing.runtime.devtools.mocks import ASK, MockError, SimMocks
from fanxing.runtime.logic.clock import RealClock
from fanxing.runtime.view import protocol as P

log = logging.getLogger("fanxing.driver")

Message = dict[str, Any]
Send = Callable[[Message], None]

_BUSY_POLL = 0.01  # s between looks at running bridge calls (they report by queueing)
PANEL_QUIET, PANEL_MAX = 0.12, 0.5  # s: when the panels are refreshed (_schedule_settle)


def sim(event: str, **fields: Any) -> Message:
    """A simulator message (driver → clients)."""
    return {"v": P.PROTOCOL_VERSION, "type": "sim", "event": event, **fields}


def diagnostic_json(d: Diagnostic, root: Path) -> dict[str, Any]:
    """A diagnostic with the offending source line, for the compile-error overlay."""
    source = ""
    try:
        lines = (root / d.path).read_text("utf-8", errors="replace").splitlines()
        if 1 <= d.line <= len(lines):
            source = lines[d.line - 1]
    except OSError:
        pass
    return {"path": d.path, "line": d.line, "col": d.col, "severity": d.severity,
            "message": d.message, "source": source, "text": d.format()}


@dataclass
class LaunchSpec:
    """Where the app starts: page route (None: the home page) and query."""

    page: str | None = None
    query: dict[str, str] | None = None

    def to_json(self) -> dict[str, Any]:
        return {"page": self.page, "query": dict(self.query or {})}


class AppDriver:
    """One mini-program running in real time for any number of connected clients."""

    def __init__(self, app_dir: str | Path, *, profile: str | None = None,
                 device: str = "iphone-14", data_dir: str | Path | None = None,
                 user: str = "default", page: str | None = None,
                 query: dict[str, str] | None = None,
                 answers: Answers | dict[str, Any] | None = None,
                 scripted: Answers | dict[str, Any] | None = None,
                 allow_errors: bool = False, host_app: HostApp | None = None,
                 app_id: str | None = None) -> None:
        self.app_dir = Path(app_dir)
        # A host program's own setup (profile, device, user, data folder, custom APIs,
        # policies, providers) instead of a builtin profile; it decides the profile.
        self.host_app = host_app
        self.app_id = app_id
        # run an app even when its launch page reaches compile errors (pages that did not
        # compile fail on their own); without it only pages the errors miss run
        self.allow_errors = allow_errors
        self.profile = profile
        self.device = device
        if host_app is not None and isinstance(host_app.device, str):
            self.device = host_app.device
        self.data_dir = data_dir
        self.user = user
        self.launch_spec = LaunchSpec(page, query)
        # answers when no client is connected (defaults unless given)
        self.answers = answers if isinstance(answers, Answers) else Answers(answers)
        # answers given up front (``--answer``): used before asking anybody
        self.scripted = (scripted if isinstance(scripted, Answers)
                         else Answers(scripted, strict=True) if scripted else None)
        self.mocks = SimMocks()
        if host_app is not None and app_id is not None:
            # A host program's own policy decides.
            self.mocks.domain_check = host_app.policy(app_id).check_domains
        else:
            # The project's own "check domains" switch (WeChat setting.urlCheck), as the
            # developer tools honour it; the Mocks panel can still flip it.
            url_check = _project_url_check(self.app_dir)
            if url_check is not None:
                self.mocks.domain_check = url_check
        self.app: CompiledApp | None = None
        self.container: Container | None = None
        self.feed: ClientFeed | None = None
        self.diagnostics: list[dict[str, Any]] = []  # the compile errors shown (overlay)
        self.app_errors: list[dict[str, Any]] = []  # every compile error of the running app
        self._routes: dict[str, str] = {}  # page id -> route, for the per-page overlay
        self.generation = 0  # bumps at every (re)launch
        self._clients: dict[int, Send] = {}
        self._client_ids = itertools.count(1)
        self._ask_ids = itertools.count(1)
        self._asks: dict[str, tuple[asyncio.Future[Any], Message]] = {}
        self._syncs: list[tuple[Send | None, Any]] = []
        self._settle_pending: asyncio.TimerHandle | None = None
        self._dirty_since: float | None = None  # loop time of the first change not shown
        self._ackers: set[int] = set()  # clients that said hello: they ack every patch
        self._sent: dict[str, str] = {}  # last data/storage snapshots sent
        self._wake: asyncio.Event | None = None
        self._lock: asyncio.Lock | None = None
        self._task: asyncio.Task[None] | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._closed = False
        # hot reload recompiles only what depends on the files that changed
        self.build_cache = BuildCache()

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> bool:
        """Compile, launch and start driving; returns whether the app compiled."""
        self._wake = asyncio.Event()
        self._lock = asyncio.Lock()
        ok = await self.restart(recompile=True)
        self._task = asyncio.get_running_loop().create_task(self._run(), name="fanxing-driver")
        return ok

    @property
    def started(self) -> bool:
        return self._task is not None

    async def close(self) -> None:
        """Stop driving and drop the container."""
        self._closed = True
        self._stop_container()
        if self._task is not None:
            self._poke()
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def restart(self, *, recompile: bool = False, profile: str | None = None,
                      device: str | None = None, page: str | None = None,
                      query: dict[str, str] | None = None, keep_page: bool = False) -> bool:
        """(Re)launch the app; ``recompile`` reads the sources again. ``profile`` /
        ``device`` / ``page`` + ``query`` replace the current choice; ``keep_page``
        relaunches on the page now on top. Returns False when the app does not compile
        (clients then get ``compileError``; the old run keeps going underneath)."""
        assert self._lock is not None, "call start() first"
        async with self._lock:
            if self.host_app is not None and profile not in (None, self.host_app.profile.name):
                raise ValueError(f"the host program decides the profile "
                                 f"({self.host_app.profile.name})")
            if self.host_app is not None and device is not None:
                self.host_app.device = device
            if profile is not None:
                self._check_profile(profile)
                self.profile = profile
            if device is not None:
                load_device(device)  # raises ValueError naming the known presets
                self.device = device
            if page is not None:
                self.launch_spec = LaunchSpec(page or None, query)
            where = self.launch_spec
            top = self.container.stack.top if (keep_page and self.container) else None
            if top is not None:
                where = LaunchSpec(top.route, dict(top.query))
            if recompile or self.app is None:
                app, diags = await asyncio.to_thread(self._compile)
                # errors in files the launch page does not reach do not stop it
                # (fanxing.compiler.page_reach); those it reaches do, unless allow_errors
                blocking = diags if app is None else \
                    self._reaching(app, launch_route(app, where.page))
                forced = bool(blocking) and app is not None and self.allow_errors
                if forced:
                    self._notice(f"{len(diags)} compile error(s); running anyway: "
                                 f"{diags[0]['text']}", level="warn")
                    blocking = []
                if blocking:
                    self.diagnostics = blocking
                    self._broadcast({"v": P.PROTOCOL_VERSION, "type": "compileError",
                                     "diagnostics": blocking})
                    return False
                was_broken = bool(self.diagnostics)
                self.diagnostics = []
                self.app, self.app_errors = app, diags
                if was_broken:
                    self._broadcast({"v": P.PROTOCOL_VERSION, "type": "compiled"})
                if diags and not forced:
                    self._notice(f"{len(diags)} compile error(s) in pages not open; those "
                                 f"pages show them when opened: {diags[0]['text']}",
                                 level="warn")
            self._launch(where)
            return True

    def _reaching(self, app: CompiledApp, route: str | None) -> list[dict[str, Any]]:
        """The errors (as ``compileError`` diagnostics) in files page ``route`` reaches."""
        if route is None or route not in app.pages:
            return [diagnostic_json(d, Path(app.root)) for d in app.diagnostics
                    if d.severity == "error"]
        return [diagnostic_json(d, Path(app.root)) for d in errors_reaching(app, route)]

    async def warm_build_cache(self) -> None:
        """When the app came from the compile cache (no compile ran), compile it once in
        the background so that the first hot reload redoes only what an edit changed."""
        if self.build_cache.root is not None or self.app is None:
            return
        cache = BuildCache()
        try:
            await asyncio.to_thread(compile_app, self.app_dir, cache=cache)
        except Exception:  # the app went away or broke: the next reload says so
            log.debug("warming the build cache of %s failed", self.app_dir, exc_info=True)
            return
        if self.build_cache.root is None:  # no reload compiled meanwhile
            self.build_cache = cache

    async def reload(self, changed: list[str] | None = None) -> bool:
        """Hot reload: recompile and relaunch on the page now open."""
        if changed:
            self._notice("reloading: " + ", ".join(changed[:3])
                         + (f" and {len(changed) - 3} more" if len(changed) > 3 else ""))
        return await self.restart(recompile=True, keep_page=True)

    def _compile(self) -> tuple[CompiledApp | None, list[dict[str, Any]]]:
        try:
            app = open_app(self.app_dir, cache=self.build_cache)
        except CompileError as e:
            return None, [diagnostic_json(d, self.app_dir) for d in e.diagnostics]
        except Exception as e:  # a compiler bug: show it like an error, keep serving
            log.exception("compiling %s", self.app_dir)
            text = f"internal compiler error: {type(e).__name__}: {e}"
            return None, [{"path": str(self.app_dir), "line": 0, "col": 0, "severity": "error",
                           "message": text, "source": "", "text": text}]
        root = Path(app.root)
        errors = [diagnostic_json(d, root) for d in app.diagnostics if d.severity == "error"]
        return app, errors

    def _check_profile(self, name: str) -> None:
        prof = load_profile(name)  # raises for unknown names
        if self.app is not None and prof.dialect != self.app.dialect:
            raise ValueError(f"profile {name!r} runs {prof.dialect} mini-programs; "
                             f"this app is {self.app.dialect}")

    def _launch(self, where: LaunchSpec) -> None:
        assert self.app is not None
        self._stop_container()
        self._routes = {}
        self.generation += 1
        c = Container(self.app, profile=self.profile or default_profile(self.app.dialect),
                      device=self.device, data_dir=self.data_dir, user=self.user,
                      asker=self._ask, clock=RealClock(), host_app=self.host_app,
                      app_id=self.app_id)
        self.mocks.apply(c.bridge, launched=False)
        self.feed = ClientFeed()
        c.ack_clients = len(self._ackers)
        self.container = c
        self._sent = {}
        self._broadcast(sim("reset", generation=self.generation))
        self._unsubscribe = c.subscribe(self._from_container)
        try:
            c.launch(where.page, where.query)
        except ContainerError as e:
            self._notice(f"{e}; opening the home page instead", level="warn")
            c.launch()
        for problem in self.mocks.apply(c.bridge, launched=True):
            self._notice(problem, level="warn")
        # The simulator owns its process: what exists now (modules, the compiled app, this
        # container) lives until the next relaunch, so it is kept out of the cyclic GC's
        # full collections, which otherwise cost 25-50 ms in the middle of a first render.
        # Garbage is collected first so that it is not frozen with the rest.
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self._broadcast(self.state())
        self._poke()

    def _stop_container(self) -> None:
        for ask_id, (fut, _) in list(self._asks.items()):
            if not fut.done():
                fut.cancel()
            self._broadcast({"v": P.PROTOCOL_VERSION, "type": "askDone", "askId": ask_id,
                             "value": None})
        self._asks.clear()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self.container is not None:
            self.container.close()
            self.container = None

    # ------------------------------------------------------------------ clients

    def connect(self, send: Send) -> Callable[[], None]:
        """Add a client: it gets the current state replayed, then every message."""
        cid = next(self._client_ids)
        self._clients[cid] = send
        for msg in self._replay():
            send(msg)

        def disconnect() -> None:
            self._clients.pop(cid, None)
            self._ackers.discard(cid)
            self._set_ackers()

        return disconnect

    def _set_ackers(self) -> None:
        c = self.container
        if c is not None:
            c.ack_clients = len(self._ackers)
            if not self._ackers:
                c.release_acks()

    @property
    def client_count(self) -> int:
        return len(self._clients)

    def _replay(self) -> list[Message]:
        out: list[Message] = [self.state()]
        if self.feed is not None:
            out += self.feed.replay()
        out += [msg for _, msg in self._asks.values()]
        c = self.container
        if c is not None:
            out += [self._data_message(c), sim("storage", items=c.storage())]
            out += [{"v": P.PROTOCOL_VERSION, "type": "network", "entry": e}
                    for e in c.bridge.network.log.to_json()]
        if self.diagnostics:
            out.append({"v": P.PROTOCOL_VERSION, "type": "compileError",
                        "diagnostics": self.diagnostics})
        return out

    def _broadcast(self, msg: Message) -> None:
        for send in list(self._clients.values()):
            try:
                send(msg)
            except Exception:  # one broken client must not stop the others
                log.exception("client send failed")

    def _from_container(self, msg: Message) -> None:
        if self.feed is None:
            return
        self.feed.record(msg)
        self._broadcast(msg)
        if msg.get("type") == "page" and self.app_errors and not self.allow_errors:
            self._page_overlay(msg)

    def _page_overlay(self, msg: Message) -> None:
        """Show the compile errors a page reaches while it is on top (a page opened by
        navigation), and take them away when a page without errors is."""
        page_id, action = msg.get("pageId"), msg.get("action")
        if action == "create":
            self._routes[page_id] = msg.get("route")
        elif action == "destroy":
            self._routes.pop(page_id, None)
        if action not in ("create", "show") or self.app is None:
            return
        blocking = self._reaching(self.app, self._routes.get(page_id))
        if blocking == self.diagnostics:
            return
        if blocking:
            self.diagnostics = blocking
            self._broadcast({"v": P.PROTOCOL_VERSION, "type": "compileError",
                             "diagnostics": blocking})
        elif self.diagnostics:
            self.diagnostics = []
            self._broadcast({"v": P.PROTOCOL_VERSION, "type": "compiled"})

    def _notice(self, text: str, level: str = "info") -> None:
        self._broadcast(sim("notice", level=level, text=text))

    def state(self) -> Message:
        """What the toolbar shows: app, profile, device and the choices."""
        app, c = self.app, self.container
        dialect = app.dialect if app else None
        if self.host_app is not None:
            profiles = [self.host_app.profile.name]
        else:
            profiles = [n for n in builtin_profiles()
                        if dialect is None or _dialect(n) == dialect]
        out: dict[str, Any] = {
            "appDir": str(self.app_dir), "dialect": dialect, "profiles": profiles,
            "devices": builtin_devices(), "device": self.device, "launch": self.launch_spec.to_json(),
            "mocks": self.mocks.to_json(), "generation": self.generation,
            "ok": not self.diagnostics,
        }
        if app is not None:
            out["pages"] = app.config.all_pages
            out["home"] = app.config.home or (app.config.pages[0] if app.config.pages else None)
        if c is not None:
            prof = c.bridge.profile
            out.update(profile=prof.name, appId=c.app_id, theme=prof.get("theme") or {},
                       hostName=(prof.get("client") or {}).get("displayName") or prof.name,
                       deviceInfo=c.app_message().get("device"))
        return sim("state", **out)

    # ------------------------------------------------------------------ asks

    def _ask(self, kind: str, payload: dict[str, Any]) -> Any:
        auto = self.mocks.auto_answer(kind)
        if auto != ASK:
            self._notice(f"{kind}: answered {auto!r} by the Mocks panel")
            return auto
        if self.scripted is not None:
            with contextlib.suppress(ApiError):  # strict: no scripted answer for this kind
                return self.scripted.answer(kind, payload)
        if not self._clients:  # nobody to ask: the scripted/default answer
            return self.answers.answer(kind, payload)
        ask_id = f"ask{next(self._ask_ids)}"
        fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        msg = {"v": P.PROTOCOL_VERSION, "type": "ask", "askId": ask_id, "kind": kind,
               "payload": payload}
        self._asks[ask_id] = (fut, msg)
        self._broadcast(msg)
        return fut

    def answer(self, ask_id: str, value: Any) -> bool:
        """Answer a pending question; False when it is no longer pending."""
        entry = self._asks.pop(ask_id, None)
        if entry is None:
            return False
        fut, _ = entry
        if not fut.done():
            fut.set_result(value)
        self._broadcast({"v": P.PROTOCOL_VERSION, "type": "askDone", "askId": ask_id,
                         "value": value})
        self._poke()
        return True

    @property
    def pending_asks(self) -> list[Message]:
        return [msg for _, msg in self._asks.values()]

    # ------------------------------------------------------------------ client input

    async def handle(self, msg: Any, send: Send | None = None) -> None:
        """One message from a client (view protocol, ``answer`` or a ``sim`` command);
        a malformed one (``protocol.check_client_message``) becomes an error notice."""
        try:
            kind = P.check_client_message(msg)["type"]
            if kind == "sim":
                await self._command(msg, send)
            elif kind == "answer":
                self.answer(str(msg.get("askId")), msg.get("value"))
            else:
                if kind == "hello":
                    cid = next((k for k, v in self._clients.items() if v is send), None)
                    if cid is not None:
                        self._ackers.add(cid)
                        self._set_ackers()
                self._view_input(msg)
        except (ValueError, MockError, ApiError) as e:
            self._notice(str(e), level="error")
        self._poke()

    def _view_input(self, msg: Message) -> None:
        """View-protocol input (event, ack, pageScroll, ui back/tabTap…): the container's."""
        if self.container is not None:
            self.container.client_message(msg)

    async def _command(self, msg: Message, send: Send | None) -> None:
        action = msg.get("action")
        c = self.container
        if action == "sync":
            self._syncs.append((send, msg.get("token")))
        elif action == "relaunch":
            query = msg.get("query")
            if isinstance(query, str):
                query = _parse_query(query)
            await self.restart(profile=msg.get("profile") or None,
                               device=msg.get("device") or None,
                               page=msg.get("page") if "page" in msg else None,
                               query=query, keep_page=bool(msg.get("keepPage")))
        elif action == "reload":
            await self.restart(recompile=True, keep_page=bool(msg.get("keepPage", True)))
        elif action == "mocks":
            self.mocks.update(msg.get("changes") or {})
            if c is not None:
                for problem in self.mocks.apply(c.bridge, launched=True):
                    self._notice(problem, level="warn")
            self._broadcast(self.state())
        elif c is None:
            self._notice("the app is not running (fix the compile errors first)", level="warn")
        elif action == "back":
            if len(c.stack.stack) < 2:
                self._notice("back: this is the first page")
            c.client_message({"type": "ui", "action": "back"})
        elif action == "home":
            self.set_foreground(not msg.get("hidden", True))
        elif action == "setData":
            self.set_page_data(str(msg.get("path") or ""), msg.get("value"), msg.get("pageId"))
        elif action == "storageSet":
            self.storage_set(str(msg.get("key") or ""), msg.get("value"))
        elif action == "storageRemove":
            self.storage_remove(str(msg.get("key") or ""))
        elif action == "storageClear":
            self.storage_clear()
        elif action == "eval":
            c.post({"type": "eval", "code": str(msg.get("code") or "")})
        elif action == "inspect":  # the WXML/AXML panel asks for a page's tree
            page_id = str(msg.get("pageId") or (c.stack.top.page_id if c.stack.top else ""))
            reply = sim("tree", pageId=page_id, route=c.pages[page_id].entry.route
                        if page_id in c.pages else None, nodes=page_tree(c, page_id))
            (send or self._broadcast)(reply)
        elif action == "inspectNode":
            info = node_info(c, str(msg.get("pageId") or ""), int(msg.get("nodeId") or 0))
            (send or self._broadcast)(sim("node", **info))
        elif action == "networkClear":
            c.bridge.network.log.entries.clear()
        elif str(action).startswith("cloud"):
            # Functions and queries block: off the loop's thread, then refresh the panel.
            result = await asyncio.to_thread(cloud_panel.command, c, msg)
            self._broadcast(sim("cloudResult", **result))
            self._schedule_settle()
        elif action == "resetConsent":
            c.bridge.consent.forget(msg.get("scope") or None)
            self._notice("consent decisions forgotten: the app will ask again")
        else:
            raise ValueError(f"unknown simulator action {action!r}")

    # ------------------------------------------------------------------ panel actions

    def set_page_data(self, path: str, value: Any, page_id: str | None = None) -> None:
        """AppData edit: ``setData({[path]: value})`` on the page (default: the top one)."""
        c = self._running()
        if not path:
            raise ValueError("setData: the data path is empty")
        top = c.stack.top
        target = page_id or (top.page_id if top else None)
        if target is None or target not in c.pages:
            raise ValueError(f"setData: no page {target!r}")
        c.post({"type": "modelUpdate", "instanceId": target, "path": path, "value": value})

    def storage_set(self, key: str, value: Any) -> None:
        """Storage edit through the bridge's store, mirrored into the JS ``*Sync`` state."""
        c = self._running()
        if not key:
            raise ValueError("storage: the key is empty")
        c.bridge.storage.set(key, value)
        c.bridge.notify_sync({"storage": {key: json_text(value)}})

    def storage_remove(self, key: str) -> None:
        c = self._running()
        c.bridge.storage.remove(key)
        c.bridge.notify_sync({"storage": {key: None}})

    def storage_clear(self) -> None:
        c = self._running()
        keys = list(c.bridge.storage.items)
        c.bridge.storage.clear()
        c.bridge.notify_sync({"storage": dict.fromkeys(keys)})

    def set_foreground(self, visible: bool) -> None:
        """Home button: the app goes to the background (``onHide``) or comes back."""
        c = self._running()
        top = c.stack.top
        if visible:
            c.app_show()
        if top is not None:
            c.post({"type": "pageLifecycle", "pageId": top.page_id,
                    "name": "onShow" if visible else "onHide", "args": []})
        if not visible:
            c.app_hide()
        self._broadcast(sim("foreground", visible=visible))

    def _running(self) -> Container:
        if self.container is None:
            raise ValueError("the app is not running")
        return self.container

    # ------------------------------------------------------------------ driving

    def _poke(self) -> None:
        if self._wake is not None:
            self._wake.set()

    async def _run(self) -> None:
        assert self._wake is not None
        while not self._closed:
            timeout = self._turn()
            self._wake.clear()
            if timeout == 0:
                await asyncio.sleep(0)
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout)

    def _turn(self) -> float | None:
        """Run what is due; returns how long to sleep (None: until poked)."""
        c = self.container
        if c is None:
            self._answer_syncs()
            return None
        try:
            c.pump()
        except Exception as e:  # the driver must outlive any bug below it
            log.exception("container pump failed")
            self._notice(f"runtime error: {type(e).__name__}: {e}", level="error")
        nxt = c.next_timer
        now = c.clock.now()
        if nxt is not None and nxt <= now:
            c.timers_due()
            return 0
        timeout = None if nxt is None else (nxt - now) / 1000.0
        if c.busy:
            if not self._asks:
                return _BUSY_POLL if timeout is None else min(timeout, _BUSY_POLL)
            timeout = _BUSY_POLL if timeout is None else min(timeout, _BUSY_POLL)
        self._schedule_settle()
        return timeout

    def _schedule_settle(self) -> None:
        # Panels (page data, storage, cloud) are refreshed once the app has been quiet for
        # PANEL_QUIET, and at the latest PANEL_MAX after the first change they have not
        # shown: the snapshot of a large page costs milliseconds of both processes, which
        # must not land between a tap and its answer. A waiting ``sync`` (tests,
        # screenshots) is answered at once.
        loop = asyncio.get_running_loop()
        now = loop.time()
        if self._syncs:
            due = now
        else:
            if self._dirty_since is None:
                self._dirty_since = now
            due = min(now + PANEL_QUIET, self._dirty_since + PANEL_MAX)
        pending = self._settle_pending
        if pending is not None:
            if abs(pending.when() - due) < 0.002:
                return
            pending.cancel()

        def run() -> None:
            # the container now running: a relaunch while this waited must not leave the
            # new app's panels unsent
            self._settle_pending = None
            self._dirty_since = None
            current = self.container
            if current is not None:
                self._settled(current)
            else:
                self._answer_syncs()

        self._settle_pending = loop.call_at(due, run)

    def _settled(self, c: Container) -> None:
        """Idle (or waiting for the user): send changed panels, answer syncs."""
        data = self._data_message(c)
        panels = [("data", data), ("storage", sim("storage", items=c.storage()))]
        cloud = cloud_panel.snapshot(c)
        if cloud is not None:
            panels.append(("cloud", sim("cloud", **cloud)))
        for key, msg in panels:
            text = json.dumps(msg, sort_keys=True, default=str)
            if self._sent.get(key) != text:
                self._sent[key] = text
                self._broadcast(msg)
        self._answer_syncs()

    def _answer_syncs(self) -> None:
        syncs, self._syncs = self._syncs, []
        for send, token in syncs:
            msg = sim("synced", token=token, generation=self.generation,
                      asks=len(self._asks), ok=not self.diagnostics)
            if send is not None:
                send(msg)
            else:
                self._broadcast(msg)

    def _data_message(self, c: Container) -> Message:
        top = c.stack.top
        stack = [{"pageId": e.page_id, "route": e.route, "query": e.query} for e in c.stack.stack]
        return sim("data", pageId=top.page_id if top else None,
                   route=top.route if top else None, data=c.page_data(), stack=stack)

    async def settled(self, timeout: float = 10.0) -> None:
        """Wait until the app is idle or waiting for the user (tests, screenshots)."""
        fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

        def done(_msg: Message) -> None:
            if not fut.done():
                fut.set_result(None)

        self._syncs.append((done, None))
        self._poke()
        await asyncio.wait_for(fut, timeout)


_DIALECTS: dict[str, str] = {}


def _project_url_check(app_dir: Path) -> bool | None:
    try:
        root, _ = find_app_root(app_dir)
    except CompileError:
        return None
    return project_settings(root).url_check


def _dialect(profile: str) -> str:
    if profile not in _DIALECTS:
        _DIALECTS[profile] = load_profile(profile).dialect
    return _DIALECTS[profile]


def _parse_query(text: str) -> dict[str, str]:
    from urllib.parse import parse_qsl

    return dict(parse_qsl(text.lstrip("?"), keep_blank_values=True))
