"""Load one custom component alone, with props and slots, and drive it (what
miniprogram-simulate's ``load`` + ``render`` do), in both dialects.

``mount_component(app_dir, "components/counter/counter", props={...}, slots={...})``
builds a page of its own that holds only the component: a template in the app's dialect
whose host tag binds each prop to the page's data, a ``Page()`` script that records the
Alipay ``on*`` callbacks the component calls, and the slot markup the test gave. The app
then runs as usual (real QuickJS, real view, real bridge), so lifecycles, observers,
``deriveDataFromProps``, slots and styles behave as they do on a page.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from fanxing.compiler.build import CompiledApp
from fanxing.compiler.config import PageConfig
from fanxing.compiler.diagnostics import DiagnosticSink, did_you_mean
from fanxing.compiler.js_module import JsModule
from fanxing.compiler.templates import TemplateSet, compile_template_set

from .harness import AppCompileError, Component, HarnessError, MiniProgram, compile_or_raise, launch

ROUTE = "__fx_test__/mount"  # the page that holds the component under test
TAG = "under-test"
_PROP = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$-]*$")
_ALIPAY_CALLBACK = re.compile(r"\b(on[A-Z][A-Za-z0-9_]*)\b")
_ALIPAY_LIFECYCLE = {"onInit", "onError"}


def mount_component(app_dir: str | Path | CompiledApp, path: str, *,
                    props: Mapping[str, Any] | None = None,
                    slots: Mapping[str, str] | None = None,
                    data: Mapping[str, Any] | None = None,
                    events: Iterable[str] | None = None,
                    **launch_options: Any) -> MountedComponent:
    """Run the component at ``path`` (``components/x/x``, from the app root) alone.

    ``props``: what the parent passes (names as the component declares them). ``slots``:
    template markup in the app's dialect per slot name (``""`` the default slot), which
    reads ``data``. ``events`` (Alipay): the ``on*`` callback props to record (default:
    the ``on*`` names the component's script mentions). ``launch_options`` are those of
    ``launch`` (``profile``, ``data_dir``, ``mocks``…).
    """
    app = app_dir if isinstance(app_dir, CompiledApp) else compile_or_raise(app_dir)
    comp = path.strip().lstrip("/")
    for ext in (".js", ".ts", ".json", ".wxml", ".axml"):
        comp = comp.removesuffix(ext)
    if comp not in app.components:
        raise HarnessError(f"mount_component(): {path!r} is not a component of {app.root} "
                           f"(components are found through usingComponents)"
                           f"{did_you_mean(comp, app.components)}")
    props = dict(props or {})
    for name in props:
        if not _PROP.match(name):
            raise HarnessError(f"mount_component(): prop name {name!r} is not a valid "
                               "attribute name")
    alipay = app.dialect == "alipay"
    callbacks = sorted(set(events if events is not None else
                           _alipay_callbacks(app, comp) if alipay else []))
    for name in callbacks:
        if not re.match(r"^on[A-Za-z0-9_]+$", name):
            raise HarnessError(f"mount_component(): event {name!r} must be an on* prop name")
    mounted_app = _with_mount_page(app, comp, list(props), callbacks, slots or {},
                                   {**dict(data or {}), "fxMountProps": props,
                                    "fxMountEvents": []})
    mp = launch(mounted_app, page=ROUTE, **launch_options)
    return MountedComponent(mp)


def _alipay_callbacks(app: CompiledApp, comp: str) -> list[str]:
    unit = app.components[comp]
    module = app.modules.get(unit.script or "")
    if module is None:
        return []
    return [n for n in _ALIPAY_CALLBACK.findall(module.code) if n not in _ALIPAY_LIFECYCLE]


def _kebab(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", lambda m: "-" + m.group(1).lower(), name)


def _with_mount_page(app: CompiledApp, comp: str, props: list[str], callbacks: list[str],
                     slots: Mapping[str, str], data: dict[str, Any]) -> CompiledApp:
    """``app`` plus the page ``ROUTE`` that shows ``comp`` alone."""
    alipay = app.dialect == "alipay"
    attrs = [f'{name if alipay else _kebab(name)}="{{{{fxMountProps[\'{name}\']}}}}"'
             for name in props]
    attrs += [f'{name}="fxMountOn_{name}"' for name in callbacks]
    content = []
    for name, markup in slots.items():
        if name in ("", "default"):
            content.append(markup)
        else:
            if not _PROP.match(name):
                raise HarnessError(f"mount_component(): slot name {name!r} is not valid")
            content.append(f'<view slot="{name}">{markup}</view>')
    ext = ".axml" if alipay else ".wxml"
    source = f"<{TAG} {' '.join(attrs)}>{''.join(content)}</{TAG}>\n"
    sink = DiagnosticSink()
    extra = compile_template_set({ROUTE + ext: source}, app.dialect, sink)  # type: ignore[arg-type]
    if sink.has_errors:
        raise AppCompileError("mount_component slots", sink.errors)
    base = app.templates
    assert base is not None
    templates = TemplateSet(base.dialect, {**base.sources, **extra.sources},
                            {**base.meta, **extra.meta}, dict(base.inline_modules))
    methods = "".join(
        f"{json.dumps('fxMountOn_' + n)}: function () {{ record(this, {json.dumps(n)}, "
        "Array.prototype.slice.call(arguments)); },\n" for n in callbacks)
    code = ("function record(page, name, args) {\n"
            "  page.setData({ fxMountEvents: page.data.fxMountEvents.concat("
            "[{ name: name, args: JSON.parse(JSON.stringify(args)) }]) });\n}\n"
            f"Page({{\n  data: {json.dumps(data)},\n{methods}}});\n")
    script = ROUTE + ".js"
    page = dataclasses.replace(
        next(iter(app.pages.values())), path=ROUTE, template=ROUTE + ext, style=None,
        script=script, config=PageConfig(ROUTE, using_components={TAG: comp}))
    return dataclasses.replace(app, pages={**app.pages, ROUTE: page}, templates=templates,
                               modules={**app.modules, script: JsModule(script, script, code)})


class MountedComponent:
    """A component running alone: read and drive it like a page's component.

    ``component`` is its ``Component`` handle (``data``, ``props``, queries); the query
    and action methods of ``Component`` / ``Node`` work on it directly through
    ``get`` / ``query_selector`` / ``query_selector_all``. ``mp`` is the running
    ``MiniProgram`` (clock, mocks, ``api_calls``, ``console``, ``errors``).
    """

    def __init__(self, mp: MiniProgram) -> None:
        self.mp = mp

    @property
    def component(self) -> Component:
        page = self.mp.page
        host = page.query_selector(TAG)
        if host is None or host.component is None:
            raise HarnessError("the component under test is not on its page (did it fail "
                               f"to load? errors: {self.mp.errors})")
        return host.component

    @property
    def data(self) -> dict[str, Any]:
        return self.component.data

    @property
    def props(self) -> dict[str, Any]:
        return self.component.props

    def set_props(self, **changes: Any) -> MountedComponent:
        """The parent passes new values (observers, ``deriveDataFromProps``, ``didUpdate``)."""
        for name in changes:
            if name not in self.mp.page.data["fxMountProps"]:
                raise HarnessError(f"set_props(): {name!r} was not given at mount (props are "
                                   "bound when the component is created)")
        c = self.mp.container
        page_id = self.mp.page.id
        for name, value in changes.items():
            c.post({"type": "modelUpdate", "instanceId": page_id,
                    "path": f"fxMountProps.{name}", "value": value})
        self.mp.settle()
        return self

    @property
    def events(self) -> list[dict[str, Any]]:
        """Events the component sent to its parent, in order: WeChat ``triggerEvent``
        as ``{name, detail, options}``; Alipay ``on*`` callbacks as ``{name, args}``."""
        if self.mp.container.dialect == "alipay":
            return list(self.mp.page.data.get("fxMountEvents") or [])
        host = self.component.id
        return [{k: e[k] for k in ("name", "detail", "options")}
                for e in self.mp.container.triggered if e["compId"] == host]

    def get(self, selector: str) -> Any:
        return self.component.get(selector)

    def query_selector(self, selector: str) -> Any:
        return self.component.query_selector(selector)

    def query_selector_all(self, selector: str) -> list[Any]:
        return self.component.query_selector_all(selector)

    def html(self, *, pretty: bool = False) -> str:
        """The component's rendered content (its host tag left out)."""
        return self.component.html(pretty=pretty)

    def snapshot(self) -> str:
        """A stable text of the rendered component, for snapshot tests."""
        return self.component.snapshot()

    def close(self) -> None:
        self.mp.close()

    def __enter__(self) -> MountedComponent:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
