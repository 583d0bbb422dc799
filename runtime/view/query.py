"""Headless answers to the bridge's ``Host.view`` questions (selector queries and
intersection observers) from a page's render tree.

Nodes are matched with the harness selector engine (``fanxing.runtime.view.selectors``:
tags, classes as the template's author wrote them, ``#id``, ``[data-x]``, combinators),
inside a component's subtree when the query is scoped to one (``.in(this)``).

Rects come from a deliberately simple *headless layout* — there is no CSS engine here:

* every element is a block as wide as its parent (the page is the device's window width)
  and stacked below its previous sibling; its height is the sum of its children's;
* a non-empty text node is one 20 px line;
* an inline ``style`` with ``width`` / ``height`` in ``px`` or ``rpx`` is honoured;
* ``image`` defaults to 320×240 (the platforms' default), ``button`` to 46 px high,
  ``input`` to 24 px, ``switch`` 32 px, ``icon`` 23×23, ``video``/``map``/``canvas``
  300×225 (150 px for canvas);
* nothing scrolls (``scrollTop`` 0).

So ``top`` ordering, widths and "is it below the fold" are meaningful; exact pixels
are not. A browser client can answer real rects later through the same Host method.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

from fanxing.compiler.render_tree import TEXT
from fanxing.runtime.view.diff import VNode
from fanxing.runtime.view.page_view import PageView
from fanxing.runtime.view.selectors import SelectorError, select

__all__ = ["Rect", "SelectorError", "ViewAnswers", "layout"]

LINE = 20
DEFAULT_SIZES: dict[str, tuple[float | None, float]] = {
    "image": (320, 240), "button": (None, 46), "input": (None, 24), "switch": (52, 32),
    "icon": (23, 23), "video": (300, 225), "map": (300, 225), "canvas": (300, 150),
    "textarea": (None, 150), "camera": (None, 300),
}
_SIZE_RE = re.compile(r"(?:^|;)\s*(width|height)\s*:\s*([\d.]+)\s*(px|rpx)\b")


@dataclass
class Rect:
    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def intersect(self, other: Rect) -> Rect | None:
        left, top = max(self.left, other.left), max(self.top, other.top)
        right, bottom = min(self.right, other.right), min(self.bottom, other.bottom)
        if right < left or bottom < top:
            return None
        return Rect(left, top, right - left, bottom - top)

    def to_json(self) -> dict[str, float]:
        return {"left": self.left, "top": self.top, "right": self.right,
                "bottom": self.bottom, "width": self.width, "height": self.height}


def layout(root: VNode, width: float, rpx: float) -> dict[int, Rect]:
    """The headless layout of the page (see module docstring): vnode id → rect."""
    rects: dict[int, Rect] = {}

    def place(v: VNode, left: float, top: float, avail: float) -> float:
        if v.node.tag == TEXT:
            h = LINE if (v.node.text or "").strip() else 0
            rects[v.id] = Rect(left, top, avail if h else 0, h)
            return h
        w, h = DEFAULT_SIZES.get(v.node.tag, (None, None))
        for prop, num, unit in _SIZE_RE.findall(v.node.style or ""):
            value = float(num) * (rpx if unit == "rpx" else 1)
            if prop == "width":
                w = value
            else:
                h = value
        w = min(w, avail) if w is not None else avail
        y = top
        for child in v.children:
            y += place(child, left, y, w)
        height = h if h is not None else y - top
        rects[v.id] = Rect(left, top, w, height)
        return height

    place(root, 0, 0, width)
    return rects


def _nodes(root: VNode) -> dict[int, VNode]:
    out, stack = {}, [root]
    while stack:
        v = stack.pop()
        out[v.id] = v
        stack.extend(v.children)
    return out


class ViewAnswers:
    """Answers ``Host.view`` questions about one page view."""

    def __init__(self, view: PageView, window: tuple[float, float], rpx: float) -> None:
        self.view = view
        self.width, self.height = window
        self.rects = layout(view.root, self.width, rpx)
        self.nodes = _nodes(view.root)

    def _scope(self, scope_id: str | None) -> VNode | None:
        inst = self.view.instances.get(scope_id) if scope_id else None
        return inst.host if inst is not None else None

    def match(self, selector: str, scope_id: str | None) -> list[VNode]:
        return select(self.view.root, selector, self.nodes, self._scope(scope_id))

    def viewport(self) -> Rect:
        return Rect(0, 0, self.width, self.height)

    def _fields(self, v: VNode | None, fields: dict[str, Any]) -> dict[str, Any]:
        node = v.node if v is not None else None
        rect = self.rects.get(v.id) if v is not None else self.viewport()
        rect = rect or Rect(0, 0, 0, 0)
        out: dict[str, Any] = {}
        if fields.get("id"):
            out["id"] = (node.id or "") if node is not None else ""
        if fields.get("dataset"):
            out["dataset"] = dict(node.dataset) if node is not None else {}
        if fields.get("rect"):
            out.update(left=rect.left, top=rect.top, right=rect.right, bottom=rect.bottom)
        if fields.get("size"):
            out.update(width=rect.width, height=rect.height)
        if fields.get("scrollOffset"):
            content = max((r.bottom for r in self.rects.values()), default=0) if v is None \
                else rect.height
            out.update(scrollLeft=0, scrollTop=0, scrollWidth=rect.width, scrollHeight=content)
        if node is not None and isinstance(fields.get("properties"), list):
            for name in fields["properties"]:
                value = node.attrs.get(name)
                out[name] = value if isinstance(value, str | int | float | bool | list | dict) \
                    else None
        if isinstance(fields.get("computedStyle"), list):
            style = dict(_style_pairs(node.style if node is not None else ""))
            for name in fields["computedStyle"]:
                out[name] = style.get(name, "")
        if fields.get("node") and node is not None:
            # api.js turns this marker into a node object (a <canvas type="2d"> node).
            out["node"] = {"__fxNode": node.tag, "id": node.id or "",
                           "width": rect.width, "height": rect.height}
        if fields.get("mark") and node is not None:
            out["mark"] = dict(getattr(node, "mark", None) or {})
        return out

    def selector_query(self, payload: dict[str, Any]) -> list[Any]:
        out: list[Any] = []
        for req in payload.get("requests") or []:
            fields = req.get("fields") or {}
            if req.get("viewport"):
                out.append(self._fields(None, fields))
                continue
            selector = str(req.get("selector") or "")
            # An empty selector (`selectAll(list.join(','))` over an empty list, as
            # mini-ali-ui's vtabs does) matches nothing; it must not fail the whole exec.
            found = self.match(selector, payload.get("scopeId")) if selector.strip() else []
            if req.get("all"):
                out.append([self._fields(v, fields) for v in found])
            else:
                out.append(self._fields(found[0], fields) if found else None)
        return out

    def intersection(self, payload: dict[str, Any]) -> list[dict[str, Any]]:
        scope = payload.get("scopeId")
        relative = self._relative(payload.get("relativeTo") or [{}], scope)
        targets = self.match(str(payload.get("target") or ""), scope)
        if not payload.get("all"):
            targets = targets[:1]
        now = int(time.time() * 1000)
        records = []
        for v in targets:
            rect = self.rects.get(v.id) or Rect(0, 0, 0, 0)
            hit = rect.intersect(relative) if relative is not None else None
            area = rect.width * rect.height
            ratio = (hit.width * hit.height / area) if hit is not None and area else 0.0
            records.append({"id": v.node.id or "", "dataset": dict(v.node.dataset),
                            "boundingClientRect": rect.to_json(),
                            "intersectionRect": (hit or Rect(0, 0, 0, 0)).to_json(),
                            "relativeRect": relative.to_json() if relative else None,
                            "intersectionRatio": round(ratio, 4), "time": now})
        return records

    def _relative(self, relative_to: list[dict[str, Any]], scope: str | None) -> Rect | None:
        spec = relative_to[0] if relative_to else {}
        margins = spec.get("margins") or {}
        if spec.get("selector"):
            found = self.match(str(spec["selector"]), scope)
            base = self.rects.get(found[0].id) if found else None
            if base is None:
                return None
        else:
            base = self.viewport()
        left = base.left - float(margins.get("left") or 0)
        top = base.top - float(margins.get("top") or 0)
        return Rect(left, top, base.right + float(margins.get("right") or 0) - left,
                    base.bottom + float(margins.get("bottom") or 0) - top)


def _style_pairs(style: str) -> list[tuple[str, str]]:
    out = []
    for part in (style or "").split(";"):
        name, sep, value = part.partition(":")
        if sep:
            out.append((name.strip(), value.strip()))
    return out
