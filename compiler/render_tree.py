"""The render tree: what a compiled template's render function returns.

The view layer diffs two render trees and turns the difference into patch ops; it
never looks at template source. A render function is a plain call over page data::

    nodes: list[Node] = render(data, ctx)

Node kinds
----------
* element: ``tag`` is a built-in (``view``, ``text``, ``input``…) or a custom
  component's tag; for a custom component ``component`` holds the resolved component
  path (``components/card/card``, no extension) and ``children`` is the slot content
  given by the user of the component (the component's own template is rendered by
  the view layer, not here).
* text: ``tag == "#text"``, the string in ``text`` (already converted with JS
  ``String()`` semantics; never HTML-escaped here: escaping is the client's job).
* slot: ``tag == "slot"`` inside a component's template marks where slot content
  goes; ``attrs["name"]`` is the slot name ('' for the default slot); other attrs are
  the scope values Alipay ``slot-scope`` exposes. Its ``children`` are the fallback
  content shown when the component's user gives none for that slot.
* scoped slot content: ``tag == "#scoped-slot"`` stands for slot content written with
  Alipay ``slot-scope="props"``; it cannot be rendered until the component supplies its
  slot values. ``slot`` is the slot name ('' for the default slot), ``attrs["as"]`` the
  alias (``"props"``) and ``attrs["render"]`` a function ``render(scope: dict) ->
  list[Node]`` that renders the content with the alias bound to ``scope`` (the attrs of
  the component's ``<slot>``). It is not JSON: the view layer calls it and diffs the
  result in place of this node.

Keys and positions: ``key`` is the evaluated ``wx:key``/``a:key``/``key`` of a keyed
``for`` item (every top-level node an item produces carries the item's key) or an
Alipay ``key`` on a plain element; ``source`` is ``(template file, line, col)`` of the
element's ``<``.

Events: every event attribute becomes an :class:`EventBinding` in ``events`` and never
an entry in ``attrs`` (see ``fanxing.compiler.events``). For an Alipay custom component,
``onXxx`` is really a function prop: ``EventBinding.attr`` keeps the attribute as
written so the view layer can pass it as that prop.

WXS functions as values (WeChat "WXS response events"): an event attribute whose
single ``{{ }}`` evaluates to a WXS function (``bindtouchmove="{{m.move}}"``) gets a
:class:`ViewFunction` as its ``handler``, and ``change:prop="{{m.observe}}"`` lands in
``Node.observers`` (``{"prop": ViewFunction}``). The view layer calls those functions in
its own WXS context (``fanxing.runtime.view_handlers``); they never reach the logic layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

TEXT = "#text"
SCOPED_SLOT = "#scoped-slot"


@dataclass(frozen=True, slots=True)
class ViewFunction:
    """A WXS function the view layer calls (event handler or ``change:`` observer).

    ``module_id`` is the view module (``pages/a/a.wxs``, ``a.wxml#name`` inline) and
    ``member`` the dotted member path (None: the module's export itself).
    """

    module_id: str
    member: str | None

    def to_json(self) -> dict[str, Any]:
        return {"wxs": self.module_id, "member": self.member}


@dataclass(slots=True)
class EventBinding:
    """One event listener in dialect-neutral form.

    Alipay ``onTap`` / ``catchTap`` / ``capture-onTap`` and WeChat ``bindtap`` /
    ``bind:tap`` / ``catch:tap`` / ``capture-bind:tap`` / ``mut-bind:tap`` all land here.
    ``name`` is the lower-case event type (``tap``, ``longpress``, ``input``,
    ``change``…; Alipay ``onLongTap`` → ``longtap``). ``handler`` is the method
    name on the page or component (WeChat may compute it with ``{{ }}``, so it is the
    evaluated string), or a :class:`ViewFunction` when it names a WXS function.
    """

    name: str
    handler: str | ViewFunction
    phase: Literal["bubble", "capture"] = "bubble"
    catch: bool = False
    mut: bool = False
    attr: str = ""  # the attribute as written (``onTap``, ``bind:tap``); '' when unknown

    def to_json(self) -> dict[str, Any]:
        handler = self.handler
        out: dict[str, Any] = {"name": self.name,
                               "handler": handler if type(handler) is str else handler.to_json(),
                               "phase": self.phase, "catch": self.catch, "mut": self.mut}
        if self.attr:
            out["attr"] = self.attr
        return out


@dataclass(slots=True)
class Node:
    """One node of the render tree (see module docstring)."""

    tag: str
    attrs: dict[str, Any] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    text: str | None = None
    id: str | None = None
    cls: str = ""
    style: str = ""
    dataset: dict[str, Any] = field(default_factory=dict)
    marks: dict[str, Any] = field(default_factory=dict)
    events: list[EventBinding] = field(default_factory=list)
    key: Any = None  # list item key from wx:key / a:key / key; None when unkeyed
    component: str | None = None  # resolved custom-component path, None for built-ins
    slot: str | None = None  # ``slot="name"`` on slot content
    model: dict[str, str] = field(default_factory=dict)  # attr -> data path (model:value)
    source: tuple[str, int, int] | None = None  # (file, line, col) of the template element
    observers: dict[str, ViewFunction] = field(default_factory=dict)  # change:prop (WeChat)

    @property
    def is_text(self) -> bool:
        return self.tag == TEXT

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict; empty fields are left out to keep snapshots small."""
        if self.tag == TEXT:
            return {"tag": TEXT, "text": self.text or ""}
        out: dict[str, Any] = {"tag": self.tag}
        for name in ("attrs", "dataset", "marks", "model"):
            value = getattr(self, name)
            if value:
                out[name] = value
        if self.tag == SCOPED_SLOT:  # the render function is not JSON
            out["attrs"] = {k: v for k, v in self.attrs.items() if k != "render"}
        for name in ("id", "key", "component", "slot"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.cls:
            out["cls"] = self.cls
        if self.style:
            out["style"] = self.style
        if self.events:
            out["events"] = [e.to_json() for e in self.events]
        if self.observers:
            out["observers"] = {k: f.to_json() for k, f in self.observers.items()}
        if self.children:
            out["children"] = [c.to_json() for c in self.children]
        return out


def text(value: str) -> Node:
    """A text node."""
    return Node(TEXT, text=value)
