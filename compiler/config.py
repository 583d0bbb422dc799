"""app.json, page and component .json of both dialects → one normalized, validated model.

Alipay and WeChat name the same things differently (``defaultTitle`` /
``navigationBarTitleText``, ``tabBar.items[].name`` / ``tabBar.list[].text``,
``"YES"`` strings / booleans). The model here uses one neutral set of names. Every
problem becomes a diagnostic at the ``line:col`` of the offending key: unknown keys
and keys of the other dialect warn, wrong types and missing files are errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from . import jsonpos, npm
from .config_keys import (
    APP_EXTRA_KEYS,
    APP_KEYS,
    COMPONENT_KEYS,
    COUNTERPARTS,
    PAGE_EXTRA_KEYS,
    STYLE_ISOLATION,
    SUBPACKAGE_KEYS,
    TAB_BAR_KEYS,
    TAB_ITEM_KEYS,
    WINDOW_KEYS,
)
from .diagnostics import DiagnosticSink, did_you_mean
from .jsonpos import JsonDocument, JsonSyntaxError, KeyPath, parse_json
from .project import DIALECTS, Project, resolve_component

# ---------------------------------------------------------------------------- model


@dataclass
class WindowConfig:
    """Window settings in neutral names; ``None`` means "not set here".

    Alipay ``defaultTitle`` and WeChat ``navigationBarTitleText`` both land in
    ``title``; ``"YES"``/``"NO"`` strings become booleans; colors are strings as
    written (an Alipay decimal ``titleBarColor`` becomes ``#rrggbb``). Known keys
    without a neutral field are kept by their own name in ``extra``.
    """

    title: str | None = None
    title_bar_color: str | None = None
    title_text_style: str | None = None  # "black" | "white"
    navigation_style: str | None = None  # "default" | "custom"
    background_color: str | None = None
    background_text_style: str | None = None  # "dark" | "light"
    background_color_top: str | None = None
    background_color_bottom: str | None = None
    pull_down_refresh: bool | None = None
    reach_bottom_distance: int | float | None = None
    page_orientation: str | None = None
    disable_scroll: bool | None = None
    home_button: bool | None = None
    transparent_title: str | None = None  # "none" | "always" | "auto"
    allows_bounce_vertical: bool | None = None
    title_penetrate: bool | None = None
    show_title_loading: bool | None = None
    title_image: str | None = None
    background_image_color: str | None = None
    background_image_url: str | None = None
    gesture_back: bool | None = None
    enable_scroll_bar: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def merged(self, override: WindowConfig) -> WindowConfig:
        """This config with every value ``override`` sets taking precedence."""
        out = WindowConfig(**{f.name: getattr(self, f.name) for f in fields(self)})
        for f in fields(override):
            if f.name == "extra":
                out.extra = {**self.extra, **override.extra}
            elif getattr(override, f.name) is not None:
                setattr(out, f.name, getattr(override, f.name))
        return out

    def to_json(self) -> dict[str, Any]:
        """Only the values that are set (``from_json`` restores the rest as unset)."""
        return {k: v for k, v in asdict(self).items() if v is not None and v != {}}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> WindowConfig:
        return cls(**obj)


@dataclass
class TabBarItem:
    page_path: str
    text: str = ""
    icon: str | None = None
    selected_icon: str | None = None


@dataclass
class TabBar:
    """The tab bar; Alipay ``items``/``textColor`` and WeChat ``list``/``color`` alike."""

    items: list[TabBarItem] = field(default_factory=list)
    color: str | None = None
    selected_color: str | None = None
    background_color: str | None = None
    border_style: str | None = None
    position: str = "bottom"
    custom: bool = False

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> TabBar:
        return cls(**{**obj, "items": [TabBarItem(**i) for i in obj.get("items", [])]})


@dataclass
class SubPackage:
    """A subpackage: ``root`` without trailing slash, ``pages`` as full routes."""

    root: str
    pages: list[str] = field(default_factory=list)
    name: str | None = None
    independent: bool = False


@dataclass
class PageConfig:
    """A page's .json merged over the app: window and ``using_components``."""

    route: str
    window: WindowConfig = field(default_factory=WindowConfig)
    using_components: dict[str, str] = field(default_factory=dict)  # tag → component path
    component: bool = False  # WeChat pages built with Component()
    style_isolation: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "window": self.window.to_json()}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> PageConfig:
        return cls(**{**obj, "window": WindowConfig.from_json(obj["window"])})


@dataclass
class ComponentConfig:
    """A custom component's .json (and options its script declares statically)."""

    path: str
    using_components: dict[str, str] = field(default_factory=dict)
    component: bool = True
    style_isolation: str = "isolated"
    external_classes: list[str] = field(default_factory=list)
    generics: dict[str, Any] = field(default_factory=dict)  # componentGenerics
    placeholder: dict[str, str] = field(default_factory=dict)  # componentPlaceholder
    virtual_host: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> ComponentConfig:
        return cls(**obj)


@dataclass
class AppConfig:
    """The normalized app.json."""

    dialect: str
    pages: list[str] = field(default_factory=list)  # main package routes, in order
    home: str = ""  # entryPagePath, else the first page
    subpackages: list[SubPackage] = field(default_factory=list)
    window: WindowConfig = field(default_factory=WindowConfig)
    tab_bar: TabBar | None = None
    using_components: dict[str, str] = field(default_factory=dict)  # global components
    extra: dict[str, Any] = field(default_factory=dict)  # other known app.json keys
    # WeChat darkmode: {"light": {name: value}, "dark": {...}} from `themeLocation`;
    # "@name" values above are already resolved with the light set
    theme: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Alipay component2 model (onInit, deriveDataFromProps, ref callbacks): the project
    # file's compileOptions.component2 (default false), forced on by app.json plugins
    component2: bool = False

    @property
    def all_pages(self) -> list[str]:
        """Main package pages, then every subpackage's pages."""
        return self.pages + [p for sp in self.subpackages for p in sp.pages]

    def package_of(self, route_or_path: str) -> SubPackage | None:
        """The subpackage a page route or file path belongs to (None: main package)."""
        for sp in self.subpackages:
            if route_or_path.startswith(sp.root + "/"):
                return sp
        return None

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "window": self.window.to_json()}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> AppConfig:
        tab = obj.get("tab_bar")
        return cls(**{
            **obj,
            "subpackages": [SubPackage(**s) for s in obj.get("subpackages", [])],
            "window": WindowConfig.from_json(obj["window"]),
            "tab_bar": TabBar.from_json(tab) if tab is not None else None,
        })


# ---------------------------------------------------------------------- validation

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
_CSS_COLOR = re.compile(r"[a-zA-Z]+|(?:rgb|rgba|hsl|hsla)\([^)]*\)")


def _key_name(path: KeyPath) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else p)
    return out


def _type_name(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int | float):
        return "number"
    if isinstance(v, str):
        return "string"
    return "array" if isinstance(v, list) else "object"


class _Json:
    """One .json file being read: its document, its path and the sink."""

    def __init__(self, path: str, doc: JsonDocument, sink: DiagnosticSink, dialect: str):
        self.path = path
        self.doc = doc
        self.sink = sink
        self.dialect = dialect
        self.theme: dict[str, Any] | None = None  # light-mode variables of theme.json
        self.extended_libs: set[str] = set()  # WeChat `useExtendedLib` names
        for dup in doc.duplicate_keys:
            self.warn(dup, f"duplicate key `{_key_name(dup)}`: the last one wins")

    def error(self, key: KeyPath, message: str) -> None:
        self.sink.error(self.path, *self.doc.position(key), message)

    def warn(self, key: KeyPath, message: str) -> None:
        self.sink.warning(self.path, *self.doc.position(key), message)

    def expect(self, key: KeyPath, value: Any, *types: type) -> bool:
        """Whether ``value`` has one of ``types``; if not, an error naming the key."""
        # bool is an int in Python but not a number in JSON
        ok = isinstance(value, types) and not (isinstance(value, bool) and bool not in types)
        if not ok:
            want = " or ".join(dict.fromkeys(_type_name(t()) for t in types))
            self.error(key, f"`{_key_name(key)}` must be {'an' if want[0] in 'aeio' else 'a'}"
                            f" {want}, got {_type_name(value)}")
        return ok

    def unknown(self, key: KeyPath, known_elsewhere: str | None = None,
                known: Iterable[str] = ()) -> None:
        """Warn about an unknown key; ``known`` (the keys valid here) adds a "did you mean"."""
        name = key[-1]
        if known_elsewhere:
            hint = COUNTERPARTS.get(str(name))
            label = DIALECTS[known_elsewhere].label
            mine = DIALECTS[self.dialect].label
            msg = f"`{_key_name(key)}` is a {label} key"
            msg += f"; {mine} uses `{hint}`" if hint else f", not {mine}"
            self.warn(key, msg)
        else:
            self.warn(key, f"unknown key `{_key_name(key)}`{did_you_mean(str(name), known)}")

    def themed(self, key: KeyPath, value: Any) -> tuple[bool, Any]:
        """Resolve a WeChat darkmode ``"@name"`` through theme.json (light values)."""
        if not (isinstance(value, str) and value.startswith("@")):
            return True, value
        if self.theme is None:
            self.error(key, f"`{_key_name(key)}` uses theme variable {value!r} but app.json "
                            "has no `themeLocation`")
            return False, None
        if value[1:] not in self.theme:
            self.error(key, f"theme variable {value!r} of `{_key_name(key)}` is not defined "
                            "in the theme file's `light` section")
            return False, None
        return True, self.theme[value[1:]]

    def value(self, key: KeyPath, value: Any, kind: Any) -> tuple[bool, Any]:
        """Check and normalize a scalar of ``kind``; (ok, normalized value)."""
        ok, value = self.themed(key, value)
        if not ok:
            return False, None
        if isinstance(kind, tuple):
            if not self.expect(key, value, str):
                return False, None
            if value not in kind:
                choices = ", ".join(repr(k) for k in kind)
                self.warn(key, f"`{_key_name(key)}` must be one of {choices}, got {value!r}")
                return False, None
            return True, value
        if kind == "str":
            return self.expect(key, value, str), value
        if kind == "bool":
            return self.expect(key, value, bool), value
        if kind == "number":
            return self.expect(key, value, int, float), value
        if kind == "yesno":
            if isinstance(value, str) and value.upper() in ("YES", "NO"):
                return True, value.upper() == "YES"
            if isinstance(value, bool):
                return True, value
            self.error(key, f"`{_key_name(key)}` must be a boolean or \"YES\"/\"NO\", "
                            f"got {value!r}")
            return False, None
        if kind == "color":
            if self.dialect == "alipay" and isinstance(value, int) and not isinstance(
                    value, bool) and 0 <= value <= 0xFFFFFFFF:
                return True, f"#{value & 0xFFFFFF:06x}"
            if not self.expect(key, value, str):
                return False, None
            if not (_HEX.fullmatch(value) or _CSS_COLOR.fullmatch(value)):
                self.warn(key, f"`{_key_name(key)}` is not a color: {value!r}")
            return True, value
        return True, value  # "any"


def read_json(project: Project, rel: str, sink: DiagnosticSink) -> _Json | None:
    """Parse ``rel``; a syntax error is reported at its line:col and gives ``None``."""
    try:
        text = project.read(rel)
    except OSError as e:
        sink.error(rel, 1, 1, f"cannot read: {e.strerror or e}")
        return None
    try:
        doc = parse_json(text)
    except JsonSyntaxError as e:
        sink.error(rel, e.line, e.col, f"invalid JSON: {e.message}")
        return None
    js = _Json(rel, doc, sink, project.dialect.name)
    if not isinstance(doc.value, dict):
        js.error((), f"{rel} must hold a JSON object, got {_type_name(doc.value)}")
        return None
    return js


def _window_keys(dialect: str) -> list[str]:
    """The window keys valid in ``dialect`` (the "did you mean" candidates)."""
    return [k for k, spec in WINDOW_KEYS.items() if not spec.dialect or spec.dialect == dialect]


def _window(js: _Json, obj: dict[str, Any], base: KeyPath, skip: set[str]) -> WindowConfig:
    """Read the window keys of ``obj`` (keys in ``skip`` are the caller's)."""
    win = WindowConfig()
    for key, value in obj.items():
        if key in skip:
            continue
        kp = (*base, key)
        spec = WINDOW_KEYS.get(key)
        if spec is None:
            js.unknown(kp, known=_window_keys(js.dialect))
            continue
        if spec.dialect and spec.dialect != js.dialect:
            js.unknown(kp, spec.dialect)
        ok, norm = js.value(kp, value, spec.kind)
        if not ok:
            continue
        if spec.field is None:
            win.extra[key] = value
        else:
            setattr(win, spec.field, norm)
    return win


def _route(js: _Json, key: KeyPath, value: Any) -> str | None:
    """A page route from ``pages`` / ``entryPagePath``, normalized."""
    if not js.expect(key, value, str):
        return None
    route = value.strip()
    if route.startswith("/") or route.endswith((".js", js_template_ext(js))):
        js.warn(key, f"page route {value!r} should have no leading '/' and no extension")
        route = route.lstrip("/")
        for ext in (".js", js_template_ext(js)):
            route = route.removesuffix(ext)
    if not route:
        js.error(key, "empty page route")
        return None
    return route


def js_template_ext(js: _Json) -> str:
    return DIALECTS[js.dialect].template


def _using_components(js: _Json, project: Project, obj: Any, key: KeyPath,
                      from_dir: str) -> dict[str, str]:
    """Resolve a ``usingComponents`` object; missing targets are errors at their key."""
    out: dict[str, str] = {}
    if not js.expect(key, obj, dict):
        return out
    for tag, request in obj.items():
        kp = (*key, tag)
        if not js.expect(kp, request, str):
            continue
        if request.startswith(("plugin://", "plugin-private://", "dynamic-plugin://")):
            js.warn(kp, f"plugin component {request!r} is not available in fanxing")
            continue
        resolved = resolve_component(project, from_dir, request)
        lib = request.split("/", 1)[0]
        if resolved is None and _EXTENDED_LIBS.get(lib) in js.extended_libs:
            js.warn(kp, f"component {request!r} of <{tag}> comes from WeChat's extended "
                        f"library `{_EXTENDED_LIBS[lib]}` (useExtendedLib), which fanxing "
                        "does not provide")
            continue
        if resolved is None:
            hint = npm.missing_package_hint(project.root, from_dir, request)
            js.error(kp, f"component {request!r} of <{tag}> not found"
                         + (f" ({hint})" if hint else ""))
            continue
        out[tag] = resolved
    return out


# npm-style prefix of a WeChat extended library → its `useExtendedLib` name
_EXTENDED_LIBS = {"weui-miniprogram": "weui"}


def _extended_libs(value: Any) -> set[str]:
    if isinstance(value, dict):
        return {k for k, v in value.items() if v}
    return set()


def _dirname(rel: str) -> str:
    return rel.rpartition("/")[0]


# ----------------------------------------------------------------------- app.json


def load_app_config(project: Project, sink: DiagnosticSink) -> AppConfig:
    """Read and validate ``app.json``; problems go to ``sink``.

    Missing page files (no template or no script) are errors at the route's key.
    """
    app = AppConfig(dialect=project.dialect.name)
    js = read_json(project, "app.json", sink)
    if js is None:
        return app
    obj = js.doc.value
    for key in obj:
        if key not in APP_KEYS and key not in APP_EXTRA_KEYS:
            if key in WINDOW_KEYS:
                js.warn((key,), f"`{key}` belongs inside `window`")
            else:
                js.unknown((key,), known=[*APP_KEYS, *APP_EXTRA_KEYS])
        elif key in APP_EXTRA_KEYS:
            app.extra[key] = obj[key]

    js.extended_libs = _extended_libs(obj.get("useExtendedLib"))
    if "themeLocation" in obj:
        app.theme = _theme(js, project, obj["themeLocation"], sink)
        js.theme = app.theme.get("light", {})

    pages = obj.get("pages")
    if pages is None:
        js.error((), "app.json has no `pages`")
    elif js.expect(("pages",), pages, list):
        if not pages:
            js.error(("pages",), "`pages` is empty: an app needs at least one page")
        for i, value in enumerate(pages):
            route = _route(js, ("pages", i), value)
            if route is not None:
                _add_page(js, app.pages, app, route, ("pages", i))

    if "subPackages" in obj and "subpackages" in obj:
        js.warn(("subpackages",), "both `subPackages` and `subpackages`: using `subPackages`")
    sp_key = "subPackages" if "subPackages" in obj else "subpackages"
    if sp_key in obj and js.expect((sp_key,), obj[sp_key], list):
        for i, sp in enumerate(obj[sp_key]):
            sub = _subpackage(js, project, app, sp, (sp_key, i))
            if sub is not None:
                app.subpackages.append(sub)

    if "window" in obj and js.expect(("window",), obj["window"], dict):
        app.window = _window(js, obj["window"], ("window",), set())

    if "usingComponents" in obj:
        app.using_components = _using_components(js, project, obj["usingComponents"],
                                                 ("usingComponents",), "")

    all_pages = app.all_pages
    app.home = all_pages[0] if all_pages else ""
    if "entryPagePath" in obj:
        entry = _route(js, ("entryPagePath",), obj["entryPagePath"])
        if entry is not None:
            if entry in all_pages:
                app.home = entry
            else:
                js.error(("entryPagePath",), f"entryPagePath {entry!r} is not a page of the app")

    if "tabBar" in obj and js.expect(("tabBar",), obj["tabBar"], dict):
        app.tab_bar = _tab_bar(js, project, app, obj["tabBar"])

    _check_page_files(js, project, app, obj)
    app.component2 = project.dialect.name == "alipay" and (
        _component2_option(project) or bool(obj.get("plugins") or obj.get("useDynamicPlugins")))
    return app


def _component2_option(project: Project) -> bool:
    """``compileOptions.component2`` of ``mini.project.json`` (the old flat format:
    top-level ``component2``); an unreadable project file counts as unset."""
    if project.project_file is None:
        return False
    try:
        data = jsonpos.loads(project.project_file.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return False
    if not isinstance(data, dict):
        return False
    opts = data.get("compileOptions")
    if isinstance(opts, dict) and "component2" in opts:
        return opts["component2"] is True
    return data.get("component2") is True


def _theme(js: _Json, project: Project, location: Any, sink: DiagnosticSink
           ) -> dict[str, dict[str, Any]]:
    key: KeyPath = ("themeLocation",)
    if not js.expect(key, location, str):
        return {}
    rel = location.strip().lstrip("/")
    if not project.has(rel):
        js.error(key, f"theme file {location!r} not found")
        return {}
    theme = read_json(project, rel, sink)
    if theme is None:
        return {}
    out: dict[str, dict[str, Any]] = {}
    for mode, table in theme.doc.value.items():
        if mode not in ("light", "dark"):
            theme.unknown((mode,))
        elif theme.expect((mode,), table, dict):
            out[mode] = table
    return out


def _add_page(js: _Json, into: list[str], app: AppConfig, route: str, key: KeyPath) -> None:
    if route in into or route in app.all_pages:
        js.warn(key, f"page {route!r} is listed twice")
        return
    into.append(route)


def _subpackage(js: _Json, project: Project, app: AppConfig, sp: Any, key: KeyPath
                ) -> SubPackage | None:
    if not js.expect(key, sp, dict):
        return None
    for k in sp:
        if k not in SUBPACKAGE_KEYS:
            js.unknown((*key, k), known=SUBPACKAGE_KEYS)
    root = sp.get("root")
    if root is None:
        js.error(key, f"`{_key_name(key)}` has no `root`")
        return None
    if not js.expect((*key, "root"), root, str):
        return None
    root = root.strip().strip("/")
    if not root or not (project.root / root).is_dir():
        js.error((*key, "root"), f"subpackage root {sp['root']!r} is not a folder of the app")
        return None
    sub = SubPackage(root=root)
    if "name" in sp and js.expect((*key, "name"), sp["name"], str):
        sub.name = sp["name"]
    if "independent" in sp and js.expect((*key, "independent"), sp["independent"], bool):
        sub.independent = sp["independent"]
    pages = sp.get("pages", [])
    if js.expect((*key, "pages"), pages, list):
        for i, value in enumerate(pages):
            route = _route(js, (*key, "pages", i), value)
            if route is not None:
                _add_page(js, sub.pages, app, f"{root}/{route}", (*key, "pages", i))
    return sub


def _page_keys(app: AppConfig, obj: dict[str, Any]) -> dict[str, KeyPath]:
    """Where each route is listed in app.json (for diagnostics about the page)."""
    where: dict[str, KeyPath] = {}
    pages = obj.get("pages")
    if isinstance(pages, list):
        for i, v in enumerate(pages):
            if isinstance(v, str):
                where.setdefault(v.strip().lstrip("/"), ("pages", i))
    sp_key = "subPackages" if "subPackages" in obj else "subpackages"
    sps = obj.get(sp_key)
    if isinstance(sps, list):
        for i, sp in enumerate(sps):
            if isinstance(sp, dict) and isinstance(sp.get("root"), str) and isinstance(
                    sp.get("pages"), list):
                root = sp["root"].strip().strip("/")
                for j, v in enumerate(sp["pages"]):
                    if isinstance(v, str):
                        where.setdefault(f"{root}/{v.strip().lstrip('/')}",
                                         (sp_key, i, "pages", j))
    return where


def _check_page_files(js: _Json, project: Project, app: AppConfig, obj: dict[str, Any]
                      ) -> None:
    where = _page_keys(app, obj)
    ext = project.dialect.template
    for route in app.all_pages:
        key = where.get(route, ("pages",))
        missing = [f"{route}{ext}"] if not project.has(f"{route}{ext}") else []
        if not project.has(f"{route}.js") and not project.has(f"{route}.ts"):
            missing.append(f"{route}.js")
        if missing:
            js.error(key, f"page {route!r} is missing {' and '.join(missing)}")


def _tab_bar(js: _Json, project: Project, app: AppConfig, obj: dict[str, Any]) -> TabBar:
    tab = TabBar()
    base: KeyPath = ("tabBar",)
    list_key = "items" if project.dialect.name == "alipay" else "list"
    other_list = "list" if list_key == "items" else "items"
    for key, value in obj.items():
        kp = (*base, key)
        if key in (list_key, other_list):
            if key == other_list:
                js.unknown(kp, "wechat" if key == "list" else "alipay")
            continue
        spec = TAB_BAR_KEYS.get(key)
        if spec is None:
            js.unknown(kp, known=[*TAB_BAR_KEYS, list_key])
            continue
        fname, kind, dialect = spec
        if dialect and dialect != js.dialect:
            js.unknown(kp, dialect)
        ok, norm = js.value(kp, value, kind)
        if ok:
            setattr(tab, fname, norm)
    key = list_key if list_key in obj else (other_list if other_list in obj else None)
    if key is None:
        js.error(base, f"`tabBar` has no `{list_key}`")
        return tab
    items = obj[key]
    if not js.expect((*base, key), items, list):
        return tab
    if not tab.custom and not 2 <= len(items) <= 5:
        js.warn((*base, key), f"a tab bar needs 2 to 5 items, got {len(items)}")
    for i, item in enumerate(items):
        parsed = _tab_item(js, project, app, item, (*base, key, i))
        if parsed is not None:
            tab.items.append(parsed)
    return tab


def _tab_item(js: _Json, project: Project, app: AppConfig, item: Any, key: KeyPath
              ) -> TabBarItem | None:
    if not js.expect(key, item, dict):
        return None
    vals: dict[str, Any] = {}
    for k, v in item.items():
        kp = (*key, k)
        spec = TAB_ITEM_KEYS.get(k)
        if spec is None:
            js.unknown(kp, known=TAB_ITEM_KEYS)
            continue
        fname, dialect = spec
        if dialect and dialect != js.dialect:
            js.unknown(kp, dialect)
        ok, v = js.themed(kp, v)
        if not ok or not js.expect(kp, v, str):
            continue
        if fname in ("icon", "selected_icon") and v and not v.startswith(("http:", "https:")):
            rel = v.strip().lstrip("/")
            if not project.has(rel):
                js.error(kp, f"tab bar icon {v!r} not found")
                continue
            v = rel
        vals[fname] = v
    route = vals.get("page_path")
    if route is None:
        js.error(key, f"`{_key_name(key)}` has no `pagePath`")
        return None
    route = route.strip().lstrip("/")
    if route not in app.pages:
        where = "a subpackage page" if route in app.all_pages else "not a page of the app"
        js.error((*key, "pagePath"), f"tab bar page {route!r} is {where}; tab pages must be "
                                     "in the main package's `pages`")
    vals["page_path"] = route
    return TabBarItem(**vals)


# -------------------------------------------------------------- pages, components


def load_page_config(project: Project, app: AppConfig, route: str, sink: DiagnosticSink
                     ) -> PageConfig:
    """The page's .json (if any) merged over the app's window and global components."""
    page = PageConfig(route=route, window=app.window,
                      using_components=dict(app.using_components))
    rel = f"{route}.json"
    if not project.has(rel):
        return page
    js = read_json(project, rel, sink)
    if js is None:
        return page
    if app.theme:
        js.theme = app.theme.get("light", {})
    js.extended_libs = _extended_libs(app.extra.get("useExtendedLib"))
    obj = js.doc.value
    own = {"usingComponents", "window"} | PAGE_EXTRA_KEYS
    win = _window(js, obj, (), own)
    if "window" in obj and js.expect(("window",), obj["window"], dict):
        win = win.merged(_window(js, obj["window"], ("window",), set()))
    page.window = app.window.merged(win)
    if "usingComponents" in obj:
        page.using_components.update(_using_components(
            js, project, obj["usingComponents"], ("usingComponents",), _dirname(rel)))
    if "component" in obj and js.expect(("component",), obj["component"], bool):
        page.component = obj["component"]
    if "styleIsolation" in obj:
        ok, v = js.value(("styleIsolation",), obj["styleIsolation"], STYLE_ISOLATION)
        if ok:
            page.style_isolation = v
    page.extra = {k: v for k, v in obj.items()
                  if k in PAGE_EXTRA_KEYS and k not in ("component", "styleIsolation")}
    return page


_EXTERNAL = re.compile(r"\bexternalClasses\s*:\s*\[([^\]]*)\]")
_ISOLATION = re.compile(r"\bstyleIsolation\s*:\s*(['\"])([\w-]+)\1")
_GLOBAL_CLASS = re.compile(r"\baddGlobalClass\s*:\s*true\b")
_STRING = re.compile(r"(['\"])((?:(?!\1)[^\\\n])*)\1")


def scan_component_options(source: str) -> tuple[str | None, list[str]]:
    """``styleIsolation`` and ``externalClasses`` a component script declares literally.

    WeChat declares both in ``Component({options: {...}, externalClasses: [...]})``; a
    literal scan catches the usual forms without running the script.
    """
    isolation = None
    m = _ISOLATION.search(source)
    if m:
        isolation = m.group(2)
    elif _GLOBAL_CLASS.search(source):
        isolation = "apply-shared"
    classes: list[str] = []
    for m in _EXTERNAL.finditer(source):
        classes.extend(s.group(2) for s in _STRING.finditer(m.group(1)))
    return isolation, list(dict.fromkeys(classes))


def load_component_config(project: Project, app: AppConfig, path: str,
                          sink: DiagnosticSink) -> ComponentConfig:
    """A component's .json plus the options its script declares."""
    comp = ComponentConfig(path=path, using_components=dict(app.using_components))
    script = f"{path}.js"
    if project.has(script):
        iso, classes = scan_component_options(project.read(script))
        if iso in STYLE_ISOLATION:
            comp.style_isolation = iso
        comp.external_classes = classes
    rel = f"{path}.json"
    if not project.has(rel):
        return comp
    js = read_json(project, rel, sink)
    if js is None:
        return comp
    js.extended_libs = _extended_libs(app.extra.get("useExtendedLib"))
    obj = js.doc.value
    for key, value in obj.items():
        kp = (key,)
        if key == "usingComponents":
            comp.using_components.update(
                _using_components(js, project, value, kp, _dirname(rel)))
        elif key == "component":
            if js.expect(kp, value, bool):
                comp.component = value
        elif key == "styleIsolation":
            ok, v = js.value(kp, value, STYLE_ISOLATION)
            if ok:
                comp.style_isolation = v
        elif key == "addGlobalClass":
            if js.expect(kp, value, bool) and value and "styleIsolation" not in obj:
                comp.style_isolation = "apply-shared"
        elif key == "externalClasses":
            if js.expect(kp, value, list):
                comp.external_classes = list(dict.fromkeys(
                    comp.external_classes + [c for c in value if isinstance(c, str)]))
        elif key == "componentGenerics":
            if js.expect(kp, value, dict):
                comp.generics = value
        elif key == "componentPlaceholder":
            if js.expect(kp, value, dict):
                comp.placeholder = {k: v for k, v in value.items() if isinstance(v, str)}
        elif key == "virtualHost":
            if js.expect(kp, value, bool):
                comp.virtual_host = value
        elif key in COMPONENT_KEYS:
            comp.extra[key] = value
        elif key not in WINDOW_KEYS:  # a page reused as a component may keep window keys
            js.unknown(kp, known=COMPONENT_KEYS)
    if obj.get("component") is not True:
        js.warn(("component",) if "component" in obj else (),
                f"{path} is used as a component but its .json lacks `\"component\": true`")
    return comp


def collect_components(project: Project, app: AppConfig, pages: dict[str, PageConfig],
                       sink: DiagnosticSink) -> dict[str, ComponentConfig]:
    """Every component reachable from the pages and the global ``usingComponents``."""
    found: dict[str, ComponentConfig] = {}
    todo = list(app.using_components.values())
    for page in pages.values():
        todo.extend(page.using_components.values())
    while todo:
        path = todo.pop()
        if path in found:
            continue
        comp = load_component_config(project, app, path, sink)
        found[path] = comp
        todo.extend(comp.using_components.values())
    return dict(sorted(found.items()))


def package_key_position(project: Project, subpackage: int | None) -> tuple[int, int]:
    """Where app.json names the main package (``pages``) or subpackage ``subpackage``."""
    try:
        doc = parse_json(project.read("app.json"))
    except (OSError, JsonSyntaxError):
        return 1, 1
    if subpackage is None:
        return doc.position(("pages",))
    obj = doc.value if isinstance(doc.value, dict) else {}
    key = "subPackages" if "subPackages" in obj else "subpackages"
    return doc.position((key, subpackage, "root"))
