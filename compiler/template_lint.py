"""Static template audits for ``fanxing lint``: ``for`` lists without a key, tags that
are neither built-in nor a declared component and misspelt events of built-in
components (with "did you mean"), and components a page or component declares but never
uses. (Misspelt directives are the template
compiler's own warnings.)

Each finding is ``(rule, Diagnostic)``; the rule ids are listed in the lint's catalog
(``fanxing.runtime.devtools.lint.rules``).
"""

from __future__ import annotations

import json
import posixpath

from .build_output import CompiledApp
from .diagnostics import Diagnostic, did_you_mean, line_col
from .events import parse_event_attr
from .template_parser import Element, parse_template

# The documented built-in components and template tags of each dialect.
_COMMON = {
    "view", "scroll-view", "swiper", "swiper-item", "movable-area", "movable-view",
    "cover-view", "cover-image", "icon", "text", "rich-text", "progress", "button",
    "checkbox", "checkbox-group", "form", "input", "label", "picker", "picker-view",
    "picker-view-column", "radio", "radio-group", "slider", "switch", "textarea",
    "navigator", "image", "video", "camera", "live-player", "live-pusher", "map", "canvas",
    "web-view", "ad", "page-meta", "page-container", "root-portal", "audio",
    "block", "template", "import", "include", "slot",
}
BUILTIN_TAGS = {
    "wechat": frozenset(_COMMON | {
        "wxs", "editor", "keyboard-accessory", "functional-page-navigator", "match-media",
        "share-element", "grid-view", "list-view", "sticky-header", "sticky-section",
        "channel-live", "channel-video", "voip-room", "ad-custom", "official-account",
        "open-data", "navigation-bar", "store-product", "span", "draggable-sheet",
        "nested-scroll-header", "nested-scroll-body", "open-container", "snapshot",
        "grid-builder", "list-builder", "selection", "xr-frame", "open-data-item",
        "open-data-list", "pan-gesture-handler", "horizontal-drag-gesture-handler",
        "vertical-drag-gesture-handler", "scale-gesture-handler", "long-press-gesture-handler",
        "tap-gesture-handler", "force-press-gesture-handler", "double-tap-gesture-handler"}),
    "alipay": frozenset(_COMMON | {
        "import-sjs", "lottie", "contact-button", "lifestyle", "life-follow",
        "favorite", "embed-webview", "inline-webview", "share-element"}),
}
# Events built-in components send (both dialects, lower-cased). A name outside the list
# is reported only when one of these is close to it: a rare event is not a mistake.
KNOWN_EVENTS = frozenset({
    "tap", "longpress", "longtap", "touchstart", "touchmove", "touchend", "touchcancel",
    "touchforcechange", "transitionend", "animationstart", "animationiteration",
    "animationend", "input", "change", "confirm", "focus", "blur", "submit", "reset", "scroll",
    "scrolltoupper", "scrolltolower", "load", "error", "play", "pause", "ended", "timeupdate",
    "getuserinfo", "getphonenumber", "chooseavatar", "opensetting", "contact", "launchapp",
    "keyboardheightchange", "linechange", "columnchange", "cancel", "transition",
    "animationfinish", "refresherpulling", "refresherrefresh", "refresherrestore",
    "refresherabort", "dragstart", "dragging", "dragend", "htouchmove", "vtouchmove",
    "markertap", "regionchange", "callouttap", "controltap", "labeltap", "poitap", "updated",
    "anchorpointtap", "success", "fail", "complete", "message", "statechange",
    "fullscreenchange", "waiting", "progress", "loadedmetadata", "seekcomplete", "netstatus",
    "ready", "nodeschange", "getauthorize", "followlifestyle", "chooseaddress",
    "agreeprivacyauthorization",
})
DIRECTIVE_PREFIX = {"wechat": "wx:", "alipay": "a:"}
# Tag families that are built in under a condition the linter does not track per file:
# xr-frame's elements (components with "renderer": "xr-frame") and, with app.json
# `useExtendedLib: {"weui": true}`, the weui extended library's mp-* components.
_XR_PREFIX = "xr-"
_WEUI_PREFIX = "mp-"


def _walk(nodes: list) -> list[Element]:
    out, stack = [], list(reversed(nodes))
    while stack:
        node = stack.pop()
        if isinstance(node, Element):
            out.append(node)
            stack.extend(reversed(node.children))
    return out


class _TemplateLinter:
    def __init__(self, app: CompiledApp) -> None:
        self.app = app
        self.prefix = DIRECTIVE_PREFIX[app.dialect]
        self.builtins = BUILTIN_TAGS[app.dialect]
        self.prefixes = (_XR_PREFIX,) if app.dialect == "wechat" else ()
        if isinstance(app.config.extra.get("useExtendedLib"), dict) and (
                app.config.extra["useExtendedLib"].get("weui")):
            self.prefixes += (_WEUI_PREFIX,)
        self.found: list[tuple[str, Diagnostic]] = []
        self._parsed: dict[str, tuple[str, list[Element]] | None] = {}

    def parsed(self, path: str) -> tuple[str, list[Element]] | None:
        if path not in self._parsed:
            try:
                text = (self.app.root / path).read_text("utf-8", errors="replace")
            except OSError:
                self._parsed[path] = None
            else:
                self._parsed[path] = (text, _walk(parse_template(text).children))
        return self._parsed[path]

    def add(self, rule: str, path: str, offset: int, message: str) -> None:
        text, _ = self.parsed(path) or ("", [])
        line, col = line_col(text, offset)
        self.found.append((rule, Diagnostic(path, line, col, "warning", message)))

    def reached(self, path: str) -> list[str]:
        """``path`` and the template files it imports or includes, recursively."""
        seen, todo = [], [path]
        while todo:
            cur = todo.pop()
            if cur in seen or self.parsed(cur) is None:
                continue
            seen.append(cur)
            for el in self.parsed(cur)[1]:
                if el.tag in ("import", "include") and (src := el.attr("src")) and src.value:
                    ref = src.value.literal
                    target = posixpath.normpath(
                        ref.lstrip("/") if ref.startswith("/")
                        else posixpath.join(posixpath.dirname(cur), ref))
                    ext = posixpath.splitext(path)[1]
                    todo.append(target if target.endswith(ext) else target + ext)
        return seen

    def unit(self, template: str, unit_path: str, using: dict[str, str],
             generics: dict[str, object]) -> None:
        files = self.reached(template)
        known = set(self.builtins) | set(using) | set(generics)
        used: set[str] = set()
        for path in files:
            for el in self.parsed(path)[1]:
                used.add(el.tag)
                self.element(path, el, known, path == template)
        own = self.own_components(unit_path)
        for tag in sorted(own - used):
            self.add("unused-component", template, 0,
                     f"<{tag}> is declared in {unit_path}.json but not used in {template}")

    def own_components(self, unit_path: str) -> set[str]:
        """The usingComponents a page/component declares itself (not app.json's)."""
        try:
            data = json.loads((self.app.root / f"{unit_path}.json").read_text("utf-8"))
        except (OSError, ValueError):
            return set()
        using = data.get("usingComponents") if isinstance(data, dict) else None
        return set(using) if isinstance(using, dict) else set()

    def element(self, path: str, el: Element, known: set[str], owned: bool) -> None:
        names = {a.name for a in el.attrs}
        if el.tag in self.builtins:
            for attr in el.attrs:
                spec = parse_event_attr(attr.name, self.app.dialect)
                if spec is None or spec.name.lower() in KNOWN_EVENTS:
                    continue
                hint = did_you_mean(spec.name.lower(), KNOWN_EVENTS)
                if hint:
                    self.add("unknown-event", path, attr.offset,
                             f"<{el.tag}> sends no '{spec.name}' event{hint}")
        looped = self.prefix + "for" in names or self.prefix + "for-items" in names
        if looped and self.prefix + "key" not in names and "key" not in names:
            at = el.attr(self.prefix + "for") or el.attr(self.prefix + "for-items")
            self.add("for-without-key", path, at.offset,
                     f"<{el.tag} {at.name}> has no {self.prefix}key: every item is "
                     "re-rendered when the list changes")
        # Tags of a file reached through import/include resolve through the includer;
        # tags inside <template name> may be used by other pages: check owned files only.
        if (owned and el.tag not in known and not el.tag.startswith("#")
                and not (self.prefixes and el.tag.startswith(self.prefixes))):
            self.add("unknown-tag", path, el.offset + 1,
                     f"unknown tag <{el.tag}>{did_you_mean(el.tag, known)}: not a built-in "
                     "component and not in usingComponents")


def lint_templates(app: CompiledApp) -> list[tuple[str, Diagnostic]]:
    """Audit the templates of every page and component of ``app``."""
    linter = _TemplateLinter(app)
    for page in app.pages.values():
        if page.template:
            linter.unit(page.template, page.path, page.config.using_components, {})
    for comp in app.components.values():
        if comp.template:
            linter.unit(comp.template, comp.path, comp.using_components, comp.config.generics)
    out = list(dict.fromkeys(linter.found))
    return sorted(out, key=lambda f: (f[1].path, f[1].line, f[1].col))
