"""Drive a mini-program headless, the way a user would (modelled on miniprogram-simulate).

::

    from fanxing.testing import launch

    with launch("samples/todo-wechat", data_dir=tmp_path) as mp:
        mp.page.query_selector(".add-input").input("milk")
        mp.page.query_selector(".add-btn").tap()
        assert mp.page.data["todos"][0]["text"] == "milk"
        print(mp.page.html(pretty=True))

The harness is a view client like the web one: every action becomes the client
``event`` message for the node (``Container.client_message``), so bubbling, ``catch``,
capture, dataset, ``mark`` and ``model:`` bindings run for real. Built-in controls keep
their live value the way a browser does (``controls.ControlState``).

Time is a manual clock. After launch and after every action the harness runs the app
until it is idle: queued messages, promise jobs, bridge calls and timers due within
``settle_ms`` (default 0: only timers already due). ``advance(ms)`` moves the clock on
and runs what became due; ``settle(ms)`` runs timers due within ``ms``.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from fanxing.bridge import HostApp
from fanxing.bridge.host import Answers
from fanxing.compiler.build import CompiledApp, open_app
from fanxing.compiler.build_output import BuildFolderError
from fanxing.compiler.diagnostics import CompileError, Diagnostic
from fanxing.compiler.jsvalue import UNDEFINED
from fanxing.compiler.page_reach import errors_reaching, launch_route
from fanxing.runtime.container.container import Container, ContainerError, LivePage
from fanxing.runtime.container.router import NavigationError
from fanxing.runtime.logic.engine import Limits
from fanxing.runtime.view import protocol as P
from fanxing.runtime.view.diff import Differ, VNode
from fanxing.runtime.view.html import render_html, text_content, user_classes
from fanxing.runtime.view.page_view import ComponentInstance
from fanxing.runtime.view.selectors import select

from .controls import ControlState, closest, descendants, is_disabled, truthy
from .mocks import apply_mocks
from .mocks import mock_api as _mock_api


class HarnessError(RuntimeError):
    """The harness cannot do what the test asked (no such node, page gone, …)."""


class AppCompileError(HarnessError):
    """The app does not compile; ``diagnostics`` lists every problem."""

    def __init__(self, root: str | Path, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        lines = "\n".join(d.format() for d in diagnostics if d.severity == "error")
        super().__init__(f"{root}: the app does not compile:\n{lines}")


class ApiCallFailed(HarnessError):
    """``call_api`` reached a failing API; ``payload`` is the dialect's fail object."""

    def __init__(self, name: str, payload: Any) -> None:
        self.payload = payload
        super().__init__(f"{name} failed: {payload}")


_CALL_IDS = itertools.count(1)


class StaleNodeError(HarnessError):
    """The node (or page) is no longer on screen."""


_WHOLE_APP = object()


def compile_or_raise(app_dir: str | Path, page: Any = _WHOLE_APP) -> CompiledApp:
    """Compile ``app_dir`` (or load it, when it is a build folder); raise
    ``AppCompileError`` with the diagnostics when it fails. With ``page`` (a route or
    URL, None for the home page) only errors in files that page reaches fail it
    (``fanxing.compiler.page_reach``): the others stay in ``app.diagnostics``."""
    try:
        app = open_app(app_dir)
    except CompileError as e:
        raise AppCompileError(app_dir, e.diagnostics) from None
    except BuildFolderError as e:
        raise AppCompileError(app_dir, [Diagnostic("manifest.json", 1, 1, "error", str(e))]) from None
    if not app.ok:
        route = None if page is _WHOLE_APP else launch_route(app, page)
        if route is None or route not in app.pages:
            raise AppCompileError(app_dir, app.diagnostics)
        reaching = errors_reaching(app, route)
        if reaching:
            raise AppCompileError(app_dir, reaching)
    return app


def launch(app_dir: str | Path | CompiledApp, *, profile: str | Path | None = None,
           device: str | Path = "iphone-14", page: str | None = None,
           query: Mapping[str, Any] | None = None,
           answers: Answers | Mapping[str, Any] | None = None,
           data_dir: str | Path | None = None, user: str = "tester",
           settle_ms: float = 0, limits: Limits | None = None,
           host_app: HostApp | None = None, app_id: str | None = None,
           mocks: Mapping[str, Any] | None = None,
           url_check: bool | Iterable[str] | None = None,
           before_launch: Callable[[Container], None] | None = None,
           epoch_ms: float | None = None, random_seed: int | None = None) -> MiniProgram:
    """Compile and start a mini-program; returns it with its first page settled.

    Compile errors in files the launch page reaches raise ``AppCompileError``; errors
    elsewhere do not stop it (``MiniProgram.compile_errors`` lists them; a page they
    reach fails on its own when opened).

    ``page`` is a route (``pages/x/x``) or URL (``/pages/x/x?id=1``); ``query`` adds to
    its query. ``answers`` script what the user answers to dialogs (``{"consent":
    "allow", "pay": "9000"}``, see ``fanxing.bridge.host.Answers``). Storage lives under
    ``data_dir`` (the user's data folder when None), isolated per profile, app and user.
    ``host_app`` runs the app inside a host program's setup (``fanxing.bridge.HostApp``:
    its profile, user, custom APIs, policies and providers) as ``app_id``.

    ``mocks`` answer network requests and APIs before the app's first line runs
    (``fanxing.testing.mocks``: ``{"GET https://api.x.com/items": [...],
    "my.getLocation": {...}}``). Mocked URLs pass the domain check like real ones:
    ``url_check=False`` turns the check off (the developer tools' "do not check
    domains"), a list of hosts (``["api.x.com"]``) is the whitelist to check against,
    None keeps the host's policy. ``before_launch(container)`` runs once the container
    exists and before the app's first line (to attach observers such as
    ``container.logic_listeners``).

    ``epoch_ms`` fixes the wall-clock time at launch (``Date.now()`` is ``epoch_ms`` plus
    the manual clock) and ``random_seed`` makes ``Math.random`` repeatable: with both, an
    app that shows dates or random values renders the same in every run (snapshots).
    """
    app = app_dir if isinstance(app_dir, CompiledApp) else compile_or_raise(app_dir, page)
    try:
        container = Container(app, profile=profile, device=device, data_dir=data_dir,
                              user=user, answers=answers, limits=limits, host_app=host_app,
                              app_id=app_id)
    except (ValueError, ContainerError) as e:  # unknown profile or device
        raise HarnessError(f"launch(): {e}") from None
    mp = MiniProgram(container, settle_ms=settle_ms)
    try:
        _set_url_check(container, url_check)
        apply_mocks(container.bridge, mocks or {})
        container.logic.epoch_ms = epoch_ms
        container.logic.random_seed = random_seed
    except ValueError as e:
        mp.close()
        raise HarnessError(f"launch(): {e}") from None
    try:
        if before_launch is not None:
            before_launch(container)
        container.launch(page, {k: _query_text(v) for k, v in (query or {}).items()})
    except Exception:
        mp.close()
        raise
    mp.settle(settle_ms)
    return mp


def _set_url_check(container: Container, url_check: bool | Iterable[str] | None) -> None:
    policy = container.bridge.policy
    if isinstance(url_check, bool):
        policy.check_domains = url_check
    elif url_check is not None:
        if isinstance(url_check, str):
            raise ValueError("url_check: expected True, False or a list of hosts, "
                             f"not the string {url_check!r}")
        policy.check_domains = True
        policy.domains.extend(str(d) for d in url_check)


def _query_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


class MiniProgram:
    """A running mini-program under test (see module docstring)."""

    def __init__(self, container: Container, *, settle_ms: float = 0) -> None:
        self.container = container
        self.settle_ms = settle_ms
        self._controls: dict[str, ControlState] = {}
        self._eval: list[dict[str, Any]] = []
        self._unsubscribe = container.subscribe(self._on_message)
        self.closed = False

    def _on_message(self, msg: dict[str, Any]) -> None:
        kind = msg.get("type")
        if kind == "patch":
            controls = self._controls.get(msg.get("pageId", ""))
            if controls is not None:
                for op in msg.get("ops") or ():
                    if op[0] == "setAttr":
                        controls.attribute_set(op[1], op[2])
        elif kind == "evalResult":
            self._eval.append(msg)

    # ---- pages -------------------------------------------------------------------

    @property
    def page(self) -> Page:
        """The page on top of the stack."""
        live = self.container.current
        if live is None:
            raise HarnessError("no page is open")
        return Page(self, live.entry.page_id)

    @property
    def pages(self) -> list[Page]:
        """The page stack, bottom first (like ``getCurrentPages()``)."""
        return [Page(self, e.page_id) for e in self.container.stack.stack
                if e.page_id in self.container.pages]

    def controls(self, page_id: str) -> ControlState:
        if page_id not in self._controls:
            self._controls[page_id] = ControlState(self.container.dialect)
        return self._controls[page_id]

    # ---- time --------------------------------------------------------------------

    def settle(self, max_ms: float | None = None) -> MiniProgram:
        """Run until idle, firing timers due within ``max_ms`` (default ``settle_ms``)."""
        self.container.settle(self.settle_ms if max_ms is None else max_ms)
        return self

    def advance(self, ms: float) -> MiniProgram:
        """Move the clock on by ``ms`` and run everything that became due."""
        if ms < 0:
            raise HarnessError(f"advance(ms={ms}): ms must be >= 0")
        self.container.advance(ms)
        return self

    @property
    def now(self) -> float:
        """The runtime clock in milliseconds."""
        return self.container.clock.now()

    # ---- navigation ----------------------------------------------------------------

    def back(self, delta: int = 1) -> MiniProgram:
        """The user presses back."""
        try:
            self.container.back(delta)
        except NavigationError as e:
            raise HarnessError(f"back(): {e}") from None
        return self.settle()

    def navigate(self, url: str, kind: str = "navigateTo") -> MiniProgram:
        """Open ``url`` as ``wx.navigateTo`` would (or ``redirectTo``, ``switchTab``,
        ``reLaunch`` by ``kind``)."""
        try:
            self.container.navigate(kind, url)
        except NavigationError as e:
            raise HarnessError(f"navigate({url!r}): {e}") from None
        return self.settle()

    def pull_down_refresh(self) -> MiniProgram:
        """The user pulls the page down (``onPullDownRefresh``)."""
        self.container.client_message({"type": "lifecycle", "name": "onPullDownRefresh"})
        return self.settle()

    def tab_tap(self, page_path: str) -> MiniProgram:
        """The user taps the tab bar item of ``page_path``."""
        self.container.tab_tap(page_path)
        return self.settle()

    def title_click(self) -> MiniProgram:
        """The user taps the navigation bar title (Alipay ``onTitleClick``)."""
        self.container.client_message({"type": "lifecycle", "name": "onTitleClick"})
        return self.settle()

    def option_menu_click(self) -> MiniProgram:
        """The user taps the navigation bar's extra icon (Alipay ``onOptionMenuClick``)."""
        self.container.client_message({"type": "lifecycle", "name": "onOptionMenuClick"})
        return self.settle()

    def reach_bottom(self) -> MiniProgram:
        """The page was scrolled to its end (``onReachBottom``)."""
        self.container.client_message({"type": "lifecycle", "name": "onReachBottom"})
        return self.settle()

    def hide(self) -> MiniProgram:
        """The host app goes to the background (``onHide``)."""
        self.container.app_hide()
        return self.settle()

    def show(self) -> MiniProgram:
        """The host app comes back (``onShow``)."""
        self.container.app_show()
        return self.settle()

    # ---- what happened -------------------------------------------------------------

    @property
    def console(self) -> list[dict[str, Any]]:
        """``console`` messages: ``{level, args, source}``."""
        return self.container.console

    @property
    def compile_errors(self) -> list[Diagnostic]:
        """The app's compile errors (in pages other than the launch page: those in files
        it reaches stop ``launch``)."""
        return [d for d in self.container.app.diagnostics if d.severity == "error"]

    @property
    def errors(self) -> list[dict[str, Any]]:
        """Errors the app raised (and view errors): ``{message, stack, where, kind}``."""
        return self.container.errors

    @property
    def api_calls(self) -> list[dict[str, Any]]:
        """Every bridge call: ``{name, args, ok, result, ms}``."""
        return [c.to_json() for c in self.container.api_calls]

    @property
    def ui_log(self) -> list[dict[str, Any]]:
        """Toasts, modals, navigation-bar changes…: ``{kind, payload[, ask]}``."""
        return self.container.ui_log

    @property
    def network(self) -> list[dict[str, Any]]:
        """Network exchanges (request, uploadFile, downloadFile, sockets), oldest first:
        ``{kind, method, url, status, requestHeaders, requestBody, responseHeaders,
        responseBody, ms, mock, error, messages}`` (``mock``: the rule that answered)."""
        return self.container.bridge.network.log.to_json()

    # ---- mocks ---------------------------------------------------------------------

    def mock(self, mocks: Mapping[str, Any]) -> MiniProgram:
        """Add network and API mocks while the app runs (the forms of ``launch(mocks=)``)."""
        try:
            apply_mocks(self.container.bridge, mocks)
        except ValueError as e:
            raise HarnessError(str(e)) from None
        self.settle()  # a *Sync mock travels to the logic layer
        return self

    def mock_api(self, name: str, result: Any = None, *, times: int | None = None) -> Any:
        """Answer API ``name`` with ``result`` from now on (miniprogram-automator's
        ``mockWxMethod``): a value, a function of the call's arguments, or
        ``fanxing.testing.Fail(message, code)``; ``times`` limits it. Returns the
        ``ApiMock`` (``.calls`` counts its answers)."""
        try:
            mock = _mock_api(self.container.bridge, name, result, times)
        except ValueError as e:
            raise HarnessError(str(e)) from None
        self.settle()
        return mock

    def unmock_api(self, name: str | None = None) -> MiniProgram:
        """The real API answers ``name`` again (every mocked API when None)."""
        self.container.bridge.unmock_api(name)
        return self.settle()

    def call_api(self, name: str, args: Mapping[str, Any] | None = None) -> Any:
        """Call API ``name`` inside the app's logic layer as the app would
        (miniprogram-automator's ``callWxMethod``): a ``*Sync`` API returns its value,
        an async one its success result once the app settled; a failure raises
        ``ApiCallFailed`` with the dialect's fail object as ``payload``."""
        bridge = self.container.bridge
        if not bridge.has_api(name) or name.startswith("fx."):
            raise HarnessError(f"call_api(): {name!r} is not an API of profile "
                               f"{bridge.profile.name!r}")
        *path, short = name.split(".")
        target = "globalThis" + "".join(f"[{json.dumps(p)}]" for p in path)
        call_id = next(_CALL_IDS)
        box = f"globalThis.__fxTestCalls[{call_id}]"
        code = (f"globalThis.__fxTestCalls = globalThis.__fxTestCalls || {{}};"
                f"(function () {{ var args = {json.dumps(dict(args or {}))}; var o = {target};")
        if bridge.api_spec(name).kind == "sync":
            code += (f"try {{ {box} = {{ok: true, value: o[{json.dumps(short)}](args)}}; }}"
                     f"catch (e) {{ {box} = {{ok: false, value: {{errMsg: String(e && e.message"
                     f" || e)}}}}; }} }})()")
        else:
            code += (f"args.success = function (r) {{ {box} = {{ok: true, value: r}}; }};"
                     f"args.fail = function (e) {{ {box} = {{ok: false, value: e}}; }};"
                     f"o[{json.dumps(short)}](args); }})()")
        self.evaluate(code)
        text = self.evaluate(f"(function () {{ var r = {box}; delete {box};"
                             f" return r === undefined ? '' : JSON.stringify(r); }})()")
        if not text:
            raise HarnessError(f"call_api({name!r}): no answer yet (is a dialog waiting? "
                               "use answers= or settle/advance the clock)")
        res = json.loads(text)
        if not res["ok"]:
            raise ApiCallFailed(name, res["value"])
        return res["value"]

    @property
    def cloud(self) -> Any:
        """The app's local cloud (``fanxing.bridge.cloud.Cloud``): ``db``, ``functions``
        (``history`` of invocations with logs), ``storage``; fresh per ``data_dir``."""
        return self.container.bridge.cloud

    @property
    def storage(self) -> dict[str, Any]:
        """The app's storage for this profile and user, values decoded."""
        return self.container.bridge.storage.items

    def evaluate(self, code: str) -> Any:
        """Evaluate JS in the logic layer (like the developer console) and return the
        JSON value; raises ``HarnessError`` with the JS error when it throws."""
        before = len(self._eval)
        self.container.post({"type": "eval", "code": code})
        self.settle()
        if len(self._eval) == before:
            raise HarnessError(f"evaluate({code!r}): no answer from the logic layer")
        res = self._eval[-1]
        if not res.get("ok"):
            raise HarnessError(f"evaluate({code!r}): {res.get('value')}")
        return res.get("value")

    # ---- lifetime ------------------------------------------------------------------

    def close(self) -> None:
        """Stop the app (pending bridge calls are cancelled)."""
        if not self.closed:
            self.closed = True
            self._unsubscribe()
            self.container.close()

    def __enter__(self) -> MiniProgram:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _act(self, page_id: str, node_id: int, name: str, detail: Any = None, *,
             touches: list[Any] | None = None, changed: list[Any] | None = None) -> None:
        """Send one client event (the real path) without settling."""
        self.container.client_message(P.event_message(
            page_id, node_id, name, detail=detail, touches=touches,
            changed_touches=changed if changed is not None else touches,
            time_stamp=round(self.now)))


class _Queryable:
    """Shared query methods of pages, nodes and components."""

    mp: MiniProgram
    page_id: str

    def _live(self) -> LivePage:
        live = self.mp.container.pages.get(self.page_id)
        if live is None:
            raise StaleNodeError(f"page {self.page_id} is no longer open")
        return live

    def _scope(self) -> VNode:
        raise NotImplementedError

    def query_selector_all(self, selector: str) -> list[Node]:
        """Every node matching ``selector`` inside this page / node / component."""
        view = self._live().view
        found = select(view.root, selector, view._differ.nodes, self._scope())
        return [Node(self.mp, self.page_id, v.id) for v in found]

    def query_selector(self, selector: str) -> Node | None:
        """The first node matching ``selector``, or None."""
        found = self.query_selector_all(selector)
        return found[0] if found else None

    def get(self, selector: str) -> Node:
        """The first node matching ``selector``; raises ``HarnessError`` when none does."""
        node = self.query_selector(selector)
        if node is None:
            raise HarnessError(f"no node matches {selector!r} on {self._live().entry.route}")
        return node

    def html(self, *, pretty: bool = False, scoped: bool = False) -> str:
        """The rendered content as HTML (see ``fanxing.runtime.view.html``)."""
        self._live()
        return render_html(self._scope(), pretty=pretty, scoped=scoped)

    def snapshot(self) -> str:
        """The rendered content as stable text for snapshot tests (syrupy and the like):
        pretty HTML with tags, classes and attributes as the author wrote them, no node
        ids, instance ids or style-scoping hashes, so two runs print the same."""
        return self.html(pretty=True) + "\n"


class Page(_Queryable):
    """A page of the running app."""

    def __init__(self, mp: MiniProgram, page_id: str) -> None:
        self.mp = mp
        self.page_id = page_id

    def _scope(self) -> VNode:
        return self._live().view.root

    @property
    def id(self) -> str:
        return self.page_id

    @property
    def route(self) -> str:
        return self._live().entry.route

    @property
    def query(self) -> dict[str, str]:
        return dict(self._live().entry.query)

    @property
    def data(self) -> dict[str, Any]:
        """The page data as the view has it (a copy)."""
        return _copy(self._live().view.data)

    @property
    def window(self) -> dict[str, Any]:
        """Navigation-bar state: title, colours (config merged with API changes)."""
        return dict(self._live().window)

    @property
    def components(self) -> list[Component]:
        """Every custom-component instance on the page, in creation order."""
        return [Component(self.mp, self.page_id, cid) for cid in self._live().view.instances]

    def to_json(self) -> list[dict[str, Any]]:
        """The render tree as JSON (node ids, components with their content inside)."""
        return self._live().view.snapshot()

    def scroll(self, top: float) -> Page:
        """The user scrolls the page to ``top`` px (``onPageScroll``)."""
        self.mp.container.client_message({"type": "pageScroll", "pageId": self.page_id,
                                          "scrollTop": top})
        self.mp.settle()
        return self

    def __repr__(self) -> str:
        live = self.mp.container.pages.get(self.page_id)
        return f"<Page {self.page_id} {live.entry.route if live else '(closed)'}>"


class Component(_Queryable):
    """A custom-component instance: its data and its rendered content."""

    def __init__(self, mp: MiniProgram, page_id: str, comp_id: str) -> None:
        self.mp = mp
        self.page_id = page_id
        self.id = comp_id

    def _instance(self) -> ComponentInstance:
        inst = self._live().view.instances.get(self.id)
        if inst is None:
            raise StaleNodeError(f"component {self.id} is no longer on the page")
        return inst

    def _scope(self) -> VNode:
        return self._instance().host

    @property
    def path(self) -> str:
        return self._instance().defn.path

    @property
    def data(self) -> dict[str, Any]:
        """The component's data (WeChat: properties included; Alipay: ``props`` inside)."""
        return _copy(self._instance().data)

    @property
    def props(self) -> dict[str, Any]:
        """What the parent passes (attributes of the host tag)."""
        return _copy(self._instance().props)

    @property
    def host(self) -> Node:
        return Node(self.mp, self.page_id, self._instance().host.id)

    def __repr__(self) -> str:
        return f"<Component {self.id}>"


class Node(_Queryable):
    """A node on the page (live: reads always reflect the current render)."""

    def __init__(self, mp: MiniProgram, page_id: str, node_id: int) -> None:
        self.mp = mp
        self.page_id = page_id
        self.node_id = node_id

    def _vnode(self) -> VNode:
        v = self._live().view._differ.nodes.get(self.node_id)
        if v is None:
            raise StaleNodeError(f"node {self.node_id} is no longer on the page")
        return v

    def _scope(self) -> VNode:
        return self._vnode()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Node) and (other.page_id, other.node_id) == (
            self.page_id, self.node_id)

    def __hash__(self) -> int:
        return hash((self.page_id, self.node_id))

    def __repr__(self) -> str:
        v = self._live().view._differ.nodes.get(self.node_id)
        if v is None:
            return f"<Node {self.node_id} (gone)>"
        cls = " ".join(user_classes(v))
        return f"<Node {self.node_id} <{v.node.tag}{' class=' + repr(cls) if cls else ''}>>"

    # ---- reading -------------------------------------------------------------------

    @property
    def tag(self) -> str:
        return self._vnode().node.tag

    @property
    def text(self) -> str:
        """All text inside the node (whitespace as rendered)."""
        return text_content(self._vnode())

    @property
    def attrs(self) -> dict[str, Any]:
        """Attributes as rendered (for a component host: its props)."""
        return _copy(self._vnode().node.attrs)

    def attr(self, name: str, default: Any = None) -> Any:
        return self._vnode().node.attrs.get(name, default)

    @property
    def id(self) -> str | None:
        return self._vnode().node.id

    @property
    def dataset(self) -> dict[str, Any]:
        return _copy(self._vnode().node.dataset)

    @property
    def classes(self) -> list[str]:
        """Classes as the template's author wrote them."""
        return user_classes(self._vnode())

    @property
    def style(self) -> str:
        """The inline style as shown: the template's, then what WXS ``setStyle`` set."""
        return Differ.dom_style(self._vnode())

    @property
    def value(self) -> Any:
        """A control's live value (typed text, ticked state, chosen index…)."""
        return self.mp.controls(self.page_id).value(self._vnode())

    @property
    def component(self) -> Component | None:
        """The component instance when this node is a custom component's host."""
        v = self._vnode()
        if v.instance is None:
            return None
        return Component(self.mp, self.page_id, v.instance.id)

    @property
    def parent(self) -> Node | None:
        p = self._vnode().parent
        return None if p is None or p.parent is None else Node(self.mp, self.page_id, p.id)

    def html(self, *, pretty: bool = False, scoped: bool = False) -> str:
        """This node and its content as HTML."""
        v = self._vnode()
        holder = VNode(-1, v.node, v.scope, None, [v])
        return render_html(holder, pretty=pretty, scoped=scoped)

    # ---- acting --------------------------------------------------------------------

    def _send(self, name: str, detail: Any = None, v: VNode | None = None,
              **touch: Any) -> None:
        self.mp._act(self.page_id, (v or self._vnode()).id, name, detail, **touch)

    def dispatch(self, name: str, detail: Any = None, *,
                 touches: list[Any] | None = None,
                 changed_touches: list[Any] | None = None) -> Node:
        """Send any event ``name`` with ``detail`` from this node, then settle
        (``changed_touches`` defaults to ``touches``)."""
        self._send(name, detail, touches=touches, changed=changed_touches)
        self.mp.settle()
        return self

    def tap(self, x: float = 0, y: float = 0) -> Node:
        """A finger tap: ``touchstart``, ``touchend``, ``tap``, then the control's own
        behaviour (checkbox/radio/switch toggle and ``change``, form buttons, label,
        navigator). A disabled button swallows the tap, as in the browser."""
        v = self._vnode()
        button = closest(v, "button")
        if button is not None and truthy(button.node.attrs.get("disabled")):
            return self
        touch = [{"identifier": 0, "pageX": x, "pageY": y, "clientX": x, "clientY": y,
                  "force": 1}]
        self._send("touchstart", {}, touches=touch)
        self._send("touchend", {}, touches=[], changed=touch)
        self._send("tap", {"x": x, "y": y}, touches=[], changed=touch)
        self._default_action(v)
        self.mp.settle()
        return self

    def longpress(self, x: float = 0, y: float = 0) -> Node:
        """Press and hold: ``touchstart``, ``longpress`` (``longtap``), ``touchend``."""
        touch = [{"identifier": 0, "pageX": x, "pageY": y, "clientX": x, "clientY": y,
                  "force": 1}]
        self._send("touchstart", {}, touches=touch)
        self._send("longpress", {"x": x, "y": y}, touches=touch)
        self._send("touchend", {}, touches=[], changed=touch)
        self.mp.settle()
        return self

    def input(self, text: str) -> Node:
        """Replace the field's text with ``text`` as typing would: ``input`` with
        ``{value, cursor, keyCode}`` (``model:value`` updates the data)."""
        v = self._vnode()
        if v.node.tag not in ("input", "textarea") and v.instance is None:
            raise HarnessError(f"input(): <{v.node.tag}> is not a text field")
        if is_disabled(v):
            return self
        detail = self.mp.controls(self.page_id).type_text(v, str(text))
        self._send("input", detail)
        self.mp.settle()
        return self

    def focus(self) -> Node:
        self._send("focus", {"value": self.value, "height": 0})
        self.mp.settle()
        return self

    def blur(self) -> Node:
        self._send("blur", {"value": self.value})
        self.mp.settle()
        return self

    def confirm(self) -> Node:
        """The user presses the keyboard's done key (``confirm {value}``)."""
        self._send("confirm", {"value": self.value})
        self.mp.settle()
        return self

    def change(self, value: Any) -> Node:
        """Set a control (switch, checkbox, slider, picker, picker-view, checkbox-group,
        radio-group, swiper…) to ``value`` and send its ``change`` event."""
        v = self._vnode()
        if is_disabled(v):
            return self
        detail = self.mp.controls(self.page_id).change(v, value)
        self._send("change", detail)
        if v.node.tag == "checkbox":
            group = closest(v.parent, "checkbox-group")
            if group is not None:
                self._send("change", {"value": self.mp.controls(self.page_id)
                                      .group_value(group)}, v=group)
        self.mp.settle()
        return self

    def submit(self) -> Node:
        """Submit the form this node is (or is in): ``submit {value: {name: value}}``."""
        form = closest(self._vnode(), "form")
        if form is None:
            raise HarnessError(f"submit(): node {self.node_id} is not inside a <form>")
        self._submit(form, "submit")
        self.mp.settle()
        return self

    def reset(self) -> Node:
        """Reset the form this node is (or is in)."""
        form = closest(self._vnode(), "form")
        if form is None:
            raise HarnessError(f"reset(): node {self.node_id} is not inside a <form>")
        self._submit(form, "reset")
        self.mp.settle()
        return self

    def scroll(self, top: float = 0, left: float = 0) -> Node:
        """Scroll a ``scroll-view`` to (``left``, ``top``): ``scroll`` with the deltas."""
        v = self._vnode()
        for name, detail in self.mp.controls(self.page_id).scroll(v, top, left):
            self._send(name, detail)
        self.mp.settle()
        return self

    # ---- built-in behaviour ---------------------------------------------------------

    def _submit(self, form: VNode, kind: str) -> None:
        controls = self.mp.controls(self.page_id)
        if kind == "reset":
            controls.reset(form)
            self._send("reset", {}, v=form)
        else:
            self._send("submit", {"value": controls.form_value(form)}, v=form)

    def _default_action(self, v: VNode) -> None:
        controls = self.mp.controls(self.page_id)
        label = closest(v, "label")
        control = closest(v, ("checkbox", "radio", "switch", "button", "navigator"))
        if control is None and label is not None:
            control = _label_target(label)
        if control is None:
            return
        tag = control.node.tag
        if tag in ("checkbox", "radio", "switch"):
            if not is_disabled(control):
                for target, detail in controls.toggle(control):
                    self._send("change", detail, v=target)
        elif tag == "button":
            kind = control.node.attrs.get("form-type") or control.node.attrs.get("formType")
            form = closest(control, "form")
            if kind in ("submit", "reset") and form is not None:
                self._submit(form, kind)
        elif tag == "navigator":
            self._navigator(control)

    def _navigator(self, nav: VNode) -> None:
        # the web client's message (navigator.js): the container carries it out for both
        attrs = nav.node.attrs
        open_type = str(attrs.get("open-type") or attrs.get("openType") or "navigate")
        url = attrs.get("url")
        url = None if url is None or url is UNDEFINED else str(url)
        if open_type not in P.NAVIGATE_OPEN_TYPES or (
                not url and open_type not in ("navigateBack", "exit")):
            return
        try:
            delta = max(1, int(attrs.get("delta") or 1))
        except (TypeError, ValueError):
            delta = 1
        self.mp.container.client_message({"type": "navigate", "pageId": self.page_id,
                                          "openType": open_type, "url": url, "delta": delta})


def _label_target(label: VNode) -> VNode | None:
    """The control a ``label`` stands for: ``for`` names its id, else the first inside."""
    wanted = label.node.attrs.get("for")
    if wanted:
        root = label
        while root.parent is not None:
            root = root.parent
        return next((d for d in descendants(root) if d.node.id == wanted), None)
    return next((d for d in descendants(label) if d.instance is None
                 and d.node.tag in ("checkbox", "radio", "switch", "button")), None)


def _copy(value: Any) -> Any:
    return json.loads(json.dumps(value, default=lambda o: None if o is UNDEFINED else str(o)))
