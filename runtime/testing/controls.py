"""Built-in form controls as a view client runs them: their live value and their events.

A view client keeps state the render tree does not: the text typed into an ``input``
whose ``value`` attribute never changed, whether a ``checkbox`` is ticked, the index a
``picker`` shows. This module is the headless client's single place for that state and
for the ``detail`` of each built-in event, following the platforms' documentation and
the web client (``runtime/webclient/components/*.js``: ``input`` reports ``{value, cursor,
keyCode}``, ``form`` submit collects every named field below it into ``detail.value``).

Rules (both dialects):

* A control's value is what the user last entered, until a patch sets the control's
  value attribute again (the web client's ``el.value = v`` on ``setAttr``): the
  harness calls ``attribute_set`` for those ops.
* ``input``/``textarea``: ``input {value, cursor, keyCode}``, ``confirm {value}``,
  ``focus {value, height}``, ``blur {value}``; ``maxlength`` (not -1) truncates.
* ``switch``/``checkbox``: ``change {value: checked}``; a ``checkbox-group`` then reports
  ``change {value: [values of ticked checkboxes]}``; a ``radio`` ticks itself and its
  ``radio-group`` reports ``change {value}``.
* ``slider`` ``change {value: number}``; ``picker`` ``change {value}`` (index, list of
  indexes, or date/time string by ``mode``); ``picker-view`` ``change {value: [...]}``;
  ``swiper`` ``change {current, currentItemId, source}``.
* ``form`` ``submit {value: {name: value}}`` over every named control below it (custom
  components with a ``name`` give their data's ``value``, as WeChat ``wx://form-field``).
  ``reset`` does what each platform does: WeChat clears the controls (empty text,
  unticked, slider at ``min``, pickers at their first item, date/time pickers ``""``),
  Alipay restores the values their attributes give (DCloud's platform table for its
  ``form`` component documents both; the web client's ``form.js`` does the same).
"""

from __future__ import annotations

from typing import Any

from fanxing.compiler import jsvalue as js
from fanxing.compiler.render_tree import TEXT
from fanxing.runtime.view.diff import VNode

_CHECKABLE = frozenset({"checkbox", "radio", "switch"})


def truthy(value: Any) -> bool:
    """Attribute truthiness as the client applies it (``"false"`` is false)."""
    if isinstance(value, str):
        return value not in ("", "false")
    return js.truthy(value)


def descendants(v: VNode) -> list[VNode]:
    """Every vnode below ``v`` in document order (components' content included)."""
    out: list[VNode] = []
    stack = list(reversed(v.children))
    while stack:
        c = stack.pop()
        out.append(c)
        stack.extend(reversed(c.children))
    return out


def closest(v: VNode | None, tags: str | frozenset[str] | tuple[str, ...]) -> VNode | None:
    """``v`` or its nearest ancestor whose tag is one of ``tags`` (a built-in: a custom
    component's host may carry a built-in's name, as antd-mini's ``<radio>`` does)."""
    names = (tags,) if isinstance(tags, str) else tags
    while v is not None:
        if v.node.tag in names and v.instance is None:
            return v
        v = v.parent
    return None


def is_disabled(v: VNode) -> bool:
    """A disabled control (or anything inside a disabled button) takes no input."""
    if truthy(v.node.attrs.get("disabled")):
        return True
    button = closest(v, "button")
    return button is not None and truthy(button.node.attrs.get("disabled"))


class ControlState:
    """Live values of one page's controls, keyed by node id (see module docstring)."""

    def __init__(self, dialect: str = "wechat") -> None:
        self.dialect = dialect
        self._entered: dict[int, Any] = {}  # id -> value the user entered
        self._scrolled: dict[int, tuple[float, float]] = {}  # scroll-view id -> (left, top)

    def value(self, v: VNode) -> Any:
        """The control's current value (what the user entered, else its attribute)."""
        if v.id in self._entered:
            return self._entered[v.id]
        attr = v.node.attrs.get("checked" if v.node.tag in _CHECKABLE else "value")
        return _normalize(v, attr)

    def set(self, v: VNode, value: Any) -> None:
        self._entered[v.id] = value

    def clear(self, v: VNode) -> None:
        self._entered[v.id] = _empty(v)

    def attribute_set(self, node_id: int, name: str) -> None:
        """A patch set attribute ``name`` of node ``node_id``: the view's value wins."""
        if name in ("value", "checked"):
            self._entered.pop(node_id, None)

    # ---- details -------------------------------------------------------------------

    def type_text(self, v: VNode, text: str) -> dict[str, Any]:
        """The user replaced the field's text: store it; the ``input`` detail."""
        limit = v.node.attrs.get("maxlength")
        try:
            n = int(limit) if limit is not None and limit is not js.UNDEFINED else -1
        except (TypeError, ValueError):
            n = -1
        if n >= 0:
            text = text[:n]
        self.set(v, text)
        return {"value": text, "cursor": len(text), "keyCode": ord(text[-1]) if text else 0}

    def toggle(self, v: VNode) -> list[tuple[VNode, dict[str, Any]]]:
        """A tap on a checkbox, radio or switch: the ``change`` events it causes."""
        tag = v.node.tag
        if tag == "radio":
            if self.value(v):
                return []
            group = closest(v.parent, "radio-group")
            if group is not None:
                for r in descendants(group):
                    if r.node.tag == "radio" and r is not v:
                        self.set(r, False)
            self.set(v, True)
            out = [(v, {"value": True})]
            if group is not None:
                out.append((group, {"value": _str(v.node.attrs.get("value"))}))
            return out
        checked = not self.value(v)
        self.set(v, checked)
        out = [(v, {"value": checked})]
        if tag == "checkbox":
            group = closest(v.parent, "checkbox-group")
            if group is not None:
                out.append((group, {"value": self.group_value(group)}))
        return out

    def group_value(self, group: VNode) -> Any:
        """``checkbox-group``: values of ticked boxes; ``radio-group``: the ticked value."""
        item = "checkbox" if group.node.tag == "checkbox-group" else "radio"
        ticked = [_str(c.node.attrs.get("value")) for c in descendants(group)
                  if c.node.tag == item and self.value(c)]
        if item == "checkbox":
            return ticked
        return ticked[0] if ticked else ""

    def change(self, v: VNode, value: Any) -> dict[str, Any]:
        """Set a control to ``value`` as the user would; the ``change`` detail."""
        tag = v.node.tag
        if tag in ("checkbox-group", "radio-group"):
            wanted = set(map(_str, value if isinstance(value, list | tuple) else [value]))
            item = "checkbox" if tag == "checkbox-group" else "radio"
            for c in descendants(v):
                if c.node.tag == item:
                    self.set(c, _str(c.node.attrs.get("value")) in wanted)
            return {"value": self.group_value(v)}
        if tag in _CHECKABLE:
            self.set(v, bool(value))
            return {"value": bool(value)}
        if tag == "swiper":
            items = [c for c in descendants(v) if c.node.tag == "swiper-item"]
            index = int(value)
            item_id = items[index].node.attrs.get("item-id", "") if 0 <= index < len(items) else ""
            return {"current": index, "currentItemId": _str(item_id), "source": "touch"}
        self.set(v, value)
        return {"value": value}

    def scroll(self, v: VNode, top: float, left: float) -> list[tuple[str, dict[str, Any]]]:
        """A ``scroll-view`` scrolled to (``left``, ``top``): the events and details."""
        left0, top0 = self._scrolled.get(v.id, (0, 0))
        self._scrolled[v.id] = (left, top)
        out = [("scroll", {"scrollLeft": left, "scrollTop": top, "scrollHeight": 0,
                           "scrollWidth": 0, "deltaX": left0 - left, "deltaY": top0 - top})]
        if top <= 0 < top0 or left <= 0 < left0:
            out.append(("scrolltoupper", {"direction": "top" if top <= 0 < top0 else "left"}))
        return out

    def form_value(self, form: VNode) -> dict[str, Any]:
        """``detail.value`` of a ``submit``: every named control below ``form``."""
        out: dict[str, Any] = {}
        for c in descendants(form):
            if c.node.tag == TEXT:
                continue
            name = c.node.attrs.get("name")
            if not isinstance(name, str) or not name:
                continue
            tag = c.node.tag
            if c.instance is not None:
                out[name] = c.instance.data.get("value", js.UNDEFINED)
            elif tag in ("checkbox-group", "radio-group"):
                out[name] = self.group_value(c)
            elif tag in ("input", "textarea", "switch", "slider", "picker", "picker-view"):
                out[name] = self.value(c)
        return {k: v for k, v in out.items() if v is not js.UNDEFINED}

    def reset(self, form: VNode) -> None:
        """A form reset: clear every control below ``form`` (WeChat) or give it back the
        value of its attributes (Alipay)."""
        for c in descendants(form):
            if c.node.tag in ("input", "textarea", "slider", "picker", "picker-view",
                              *_CHECKABLE):
                if self.dialect == "alipay":
                    self._entered.pop(c.id, None)
                else:
                    self.clear(c)


def _str(value: Any) -> str:
    return "" if value is None or value is js.UNDEFINED else js.to_string(value)


def _empty(v: VNode) -> Any:
    tag = v.node.tag
    if tag in _CHECKABLE:
        return False
    if tag == "slider":
        return _number(v.node.attrs.get("min"), 0)
    if tag == "picker-view":  # each column at its first item
        return [0] * sum(1 for c in descendants(v) if c.node.tag == "picker-view-column"
                         and closest(c.parent, "picker-view") is v)
    if tag == "picker":
        mode = v.node.attrs.get("mode") or "selector"
        if mode == "multiSelector":
            columns = v.node.attrs.get("range")
            return [0] * len(columns) if isinstance(columns, list) else []
        return 0 if mode == "selector" else [] if mode == "region" else ""
    return ""


def _normalize(v: VNode, attr: Any) -> Any:
    """The control's value from its attribute (defaults as the platforms give them)."""
    tag = v.node.tag
    if attr is None or attr is js.UNDEFINED:
        return _empty(v)
    if tag in _CHECKABLE:
        return truthy(attr)
    if tag == "slider":
        return _number(attr, 0)
    if tag in ("input", "textarea"):
        return _str(attr)
    if tag == "picker" and (v.node.attrs.get("mode") or "selector") == "selector":
        return _number(attr, 0)
    return attr


def _number(value: Any, default: int | float) -> int | float:
    if value is None or value is js.UNDEFINED:
        return default
    n = js.to_number(value)
    return default if n != n else n  # NaN
