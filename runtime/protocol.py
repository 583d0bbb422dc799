"""The view protocol: the JSON messages between the view layer and its clients.

Every view client (web bundle, desktop window, headless harness) understands exactly
these messages; ``docs/protocol.md`` is their reference. Ops are JSON arrays whose first
item names the op, so a 1000-node first render stays small on the wire.

Node ids are integers assigned by the view layer; ``ROOT_ID`` (0) is the page root,
which every client creates itself for each page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from fanxing.compiler.config_keys import WINDOW_KEYS

if TYPE_CHECKING:
    from fanxing.compiler.config import TabBar

PROTOCOL_VERSION = 1
ROOT_ID = 0

Op = list[Any]
Message = dict[str, Any]


# ---- node specs (the payload of ``create``) ---------------------------------------

def text_spec(node_id: int, text: str) -> dict[str, Any]:
    """Spec of a text node."""
    return {"id": node_id, "text": text}


def element_spec(node_id: int, tag: str, *, attrs: dict[str, Any] | None = None,
                 cls: str = "", style: str = "", dom_id: str | None = None,
                 events: list[str] | None = None, dataset: dict[str, Any] | None = None,
                 component: str | None = None,
                 children: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Spec of an element; empty fields are left out."""
    spec: dict[str, Any] = {"id": node_id, "tag": tag}
    if attrs:
        spec["attrs"] = attrs
    if cls:
        spec["class"] = cls
    if style:
        spec["style"] = style
    if dom_id is not None:
        spec["domId"] = dom_id
    if events:
        spec["events"] = events
    if dataset:
        spec["dataset"] = dataset
    if component is not None:
        spec["component"] = component
    if children:
        spec["children"] = children
    return spec


# ---- ops ---------------------------------------------------------------------------

def op_create(spec: dict[str, Any]) -> Op:
    """Build a detached subtree from a nested spec (ids inside are new)."""
    return ["create", spec]


def op_insert(parent_id: int, node_id: int, before_id: int | None) -> Op:
    """Attach a created node under ``parent_id`` before ``before_id`` (None: append)."""
    return ["insert", parent_id, node_id, before_id]


def op_move(parent_id: int, node_id: int, before_id: int | None) -> Op:
    """Move an attached node (keeping its DOM node) before ``before_id`` (None: append)."""
    return ["move", parent_id, node_id, before_id]


def op_remove(node_id: int) -> Op:
    """Detach and forget a node and its whole subtree."""
    return ["remove", node_id]


def op_set_attr(node_id: int, name: str, value: Any) -> Op:
    return ["setAttr", node_id, name, value]


def op_remove_attr(node_id: int, name: str) -> Op:
    return ["removeAttr", node_id, name]


def op_set_class(node_id: int, cls: str) -> Op:
    return ["setClass", node_id, cls]


def op_set_style(node_id: int, style: str) -> Op:
    return ["setStyle", node_id, style]


def op_set_dom_id(node_id: int, dom_id: str | None) -> Op:
    """The element's ``id`` attribute (None removes it)."""
    return ["setId", node_id, dom_id]


def op_set_text(node_id: int, text: str) -> Op:
    return ["setText", node_id, text]


def op_set_dataset(node_id: int, dataset: dict[str, Any]) -> Op:
    return ["setDataset", node_id, dataset]


def op_set_events(node_id: int, events: list[str]) -> Op:
    """Event names some handler listens for on this node (the client reports only those)."""
    return ["setEvents", node_id, events]


# ---- messages ---------------------------------------------------------------------

def patch_message(page_id: str, ops: list[Op], seq: int) -> Message:
    """View → client: apply ``ops`` in order to page ``page_id``; ack with ``seq``."""
    return {"v": PROTOCOL_VERSION, "type": "patch", "pageId": page_id, "seq": seq, "ops": ops}


def page_message(page_id: str, action: str, **fields: Any) -> Message:
    """View → client: page-level action.

    ``action`` is ``create`` (fields ``route``, ``css``, ``window``, ``tabBar``),
    ``show``, ``hide``, ``destroy``, ``css`` (replace ``css``) or ``window``
    (update navigation-bar fields).
    """
    return {"v": PROTOCOL_VERSION, "type": "page", "pageId": page_id, "action": action,
            **fields}


def event_message(page_id: str, node_id: int, name: str, *, detail: Any = None,
                  touches: list[Any] | None = None,
                  changed_touches: list[Any] | None = None,
                  time_stamp: float = 0) -> Message:
    """Client → view: a user event on node ``node_id`` (built by clients; here for tests)."""
    return {"v": PROTOCOL_VERSION, "type": "event", "pageId": page_id, "nodeId": node_id,
            "name": name, "detail": {} if detail is None else detail,
            "touches": touches or [], "changedTouches": changed_touches or [],
            "timeStamp": time_stamp}


# ---- window and tab bar in the protocol's names -----------------------------------

def _window_names() -> dict[str, str]:
    # WindowConfig field → its app.json key; the protocol uses WeChat's names, and an
    # Alipay key only for a field WeChat has no key for (``allows_bounce_vertical``…)
    names: dict[str, str] = {}
    for key, spec in sorted(WINDOW_KEYS.items(), key=lambda kv: kv[1].dialect == "alipay"):
        if spec.field:
            names.setdefault(spec.field, key)
    return names


_WINDOW_NAMES = _window_names()
# setNavigationBar (Alipay), setNavigationBarTitle / setNavigationBarColor (WeChat)
_NAVIGATION_BAR_NAMES = {
    "title": "navigationBarTitleText",
    "backgroundColor": "navigationBarBackgroundColor",
    "frontColor": "navigationBarTextStyle",
    "image": "titleImage",
}
_WHITE = ("#fff", "#ffffff", "white")


def protocol_window(window: Mapping[str, Any]) -> dict[str, Any]:
    """A ``WindowConfig.to_json()`` dict in the protocol's names (``title`` →
    ``navigationBarTitleText``…); unset values are left out, ``extra`` keys (already
    app.json names) are kept as they are."""
    out: dict[str, Any] = {}
    for key, value in window.items():
        if key == "extra" and isinstance(value, Mapping):
            for k, v in value.items():
                out.setdefault(k, v)
        elif value is not None:
            out[_WINDOW_NAMES.get(key, key)] = value
    return out


def protocol_navigation_bar(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The window fields a navigation-bar API payload sets, in the protocol's names
    (``frontColor`` ``#ffffff`` → ``navigationBarTextStyle: "white"``)."""
    out: dict[str, Any] = {}
    for key, value in payload.items():
        if value is None:
            continue
        name = _NAVIGATION_BAR_NAMES.get(key, key)
        if name == "navigationBarTextStyle":
            value = "white" if str(value).lower() in _WHITE else "black"
        out[name] = value
    return out


def protocol_tab_bar(tab: TabBar | None, theme: Mapping[str, Any] | None = None
                     ) -> dict[str, Any] | None:
    """The app's tab bar as the ``app`` message carries it (``items`` → ``list``), with
    the host theme's tab-bar colors where the app sets none; None without items."""
    if tab is None or not tab.items:
        return None
    base = dict((theme or {}).get("tabBar") or {})
    return {"color": tab.color or base.get("color"),
            "selectedColor": tab.selected_color or base.get("selectedColor"),
            "backgroundColor": tab.background_color or base.get("backgroundColor"),
            "borderStyle": tab.border_style or base.get("borderStyle"),
            "position": tab.position, "custom": tab.custom,
            "list": [{"pagePath": i.page_path, "text": i.text, "iconPath": i.icon,
                      "selectedIconPath": i.selected_icon} for i in tab.items]}


class ProtocolError(ValueError):
    """A client message that does not follow the protocol."""


def check_client_message(msg: Any) -> Message:
    """Validate a client → view message and return it; raise ``ProtocolError`` naming the field."""
    if not isinstance(msg, dict):
        raise ProtocolError("client message: expected a JSON object")
    v = msg.get("v", PROTOCOL_VERSION)
    if v != PROTOCOL_VERSION:
        raise ProtocolError(f"client message: protocol version {v!r} is not {PROTOCOL_VERSION}")
    kind = msg.get("type")
    if kind == "event":
        if not isinstance(msg.get("nodeId"), int):
            raise ProtocolError("event message: 'nodeId' must be an integer")
        if not isinstance(msg.get("name"), str) or not msg["name"]:
            raise ProtocolError("event message: 'name' must be a non-empty string")
        for key in ("touches", "changedTouches"):
            if not isinstance(msg.get(key, []), list):
                raise ProtocolError(f"event message: '{key}' must be a list")
        if not isinstance(msg.get("timeStamp", 0), int | float):
            raise ProtocolError("event message: 'timeStamp' must be a number")
    elif kind == "ack":
        if not isinstance(msg.get("seq"), int):
            raise ProtocolError("ack message: 'seq' must be an integer")
    elif kind == "pageScroll":
        if not isinstance(msg.get("scrollTop"), int | float):
            raise ProtocolError("pageScroll message: 'scrollTop' must be a number")
    elif kind == "ui":
        if msg.get("action") not in ("back", "tabTap"):
            raise ProtocolError(f"ui message: unknown action {msg.get('action')!r}")
    elif kind not in ("hello", "clientError"):
        raise ProtocolError(f"client message: unknown type {kind!r}")
    return msg
