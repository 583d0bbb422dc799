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
from fanxing.runtime.view import trace

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


# Page events a client may ask for with ``lifecycle`` (host chrome and gestures); the
# lifecycles the container drives itself (onLoad, onShow, onUnload…) are not among them.
LIFECYCLE_NAMES = frozenset({
    "onPullDownRefresh", "onReachBottom", "onShareAppMessage", "onShareTimeline",
    "onAddToFavorites", "onResize", "onTitleClick", "onOptionMenuClick", "onPopMenuClick",
})
# ``navigate.openType``: <navigator open-type> values, and the API names they stand for
NAVIGATE_OPEN_TYPES = frozenset({
    "navigate", "redirect", "switchTab", "reLaunch", "navigateBack", "exit",
    "navigateTo", "redirectTo",
})
# the simulator's ``sim`` actions (docs/simulator.md, ``fanxing.runtime.devtools.driver``)
SIM_ACTIONS = frozenset({
    "sync", "relaunch", "reload", "mocks", "back", "home", "setData", "storageSet",
    "storageRemove", "storageClear", "eval", "resetConsent", "inspect", "inspectNode",
    "networkClear",
    "cloudQuery", "cloudDocSet", "cloudDocRemove", "cloudInvoke",  # the Cloud panel
})


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _is_str(v: Any) -> bool:
    return isinstance(v, str)


def _is_list(v: Any) -> bool:
    return isinstance(v, list)


def _field(msg: Message, key: str, test: Any, what: str, *, required: bool = True,
           nullable: bool = False) -> None:
    """Raise ``ProtocolError`` unless ``msg[key]`` passes ``test`` (or may be missing/null)."""
    if key not in msg:
        if required:
            raise ProtocolError(f"{msg['type']} message: '{key}' is missing ({what})")
        return
    value = msg[key]
    try:
        ok = (value is None and nullable) or test(value)
    except TypeError:  # e.g. a list where a name was expected (unhashable in a set test)
        ok = False
    if ok:
        return
    raise ProtocolError(f"{msg['type']} message: '{key}' must be {what}, not {value!r:.60}")


def _check_event(msg: Message) -> None:
    _field(msg, "pageId", _is_str, "a page id", required=False)
    _field(msg, "nodeId", _is_int, "an integer")
    _field(msg, "name", lambda v: _is_str(v) and v != "", "a non-empty string")
    for key in ("touches", "changedTouches"):
        _field(msg, key, _is_list, "a list", required=False)
    _field(msg, "timeStamp", _is_number, "a number", required=False)
    _field(msg, "trace", trace.valid, "an object of at most "
           f"{trace.MAX_MARKS} numeric marks", required=False)
    _field(msg, "eid", lambda v: isinstance(v, list) and len(v) == 2 and _is_str(v[0])
           and 0 < len(v[0]) <= 32 and _is_int(v[1]), "[client id, event number]",
           required=False)


def _check_ui(msg: Message) -> None:
    _field(msg, "action", lambda v: v in ("back", "tabTap"), '"back" or "tabTap"')
    if msg["action"] == "tabTap":
        _field(msg, "pagePath", _is_str, "a page path")
        _field(msg, "index", _is_int, "an integer", required=False, nullable=True)


def _check_navigate(msg: Message) -> None:
    _field(msg, "openType", lambda v: v in NAVIGATE_OPEN_TYPES,
           "one of " + ", ".join(sorted(NAVIGATE_OPEN_TYPES)), required=False)
    back = msg.get("openType") in ("navigateBack", "exit")
    _field(msg, "url", lambda v: _is_str(v) and v != "", "a non-empty URL string",
           required=not back, nullable=back)
    _field(msg, "delta", lambda v: _is_int(v) and v >= 1, "an integer >= 1", required=False)


def _check_lifecycle(msg: Message) -> None:
    _field(msg, "name", lambda v: v in LIFECYCLE_NAMES,
           "one of " + ", ".join(sorted(LIFECYCLE_NAMES)))
    _field(msg, "args", _is_list, "a list", required=False)


def _check_sim(msg: Message) -> None:
    _field(msg, "action", lambda v: v in SIM_ACTIONS,
           "a simulator action (" + ", ".join(sorted(SIM_ACTIONS)) + ")")
    action = msg["action"]
    if action == "setData":
        _field(msg, "path", _is_str, "a data path")
    elif action in ("storageSet", "storageRemove"):
        _field(msg, "key", _is_str, "a storage key")
    elif action == "eval":
        _field(msg, "code", _is_str, "JS source")
    elif action == "mocks":
        _field(msg, "changes", lambda v: isinstance(v, dict), "an object")
    elif action == "inspect":
        _field(msg, "pageId", _is_str, "a page id", required=False, nullable=True)
    elif action == "inspectNode":
        _field(msg, "pageId", _is_str, "a page id")
        _field(msg, "nodeId", _is_int, "an integer")
    elif action in ("cloudQuery", "cloudDocSet", "cloudDocRemove"):
        _field(msg, "collection", _is_str, "a collection name")
    elif action == "cloudInvoke":
        _field(msg, "name", _is_str, "a function name")
    elif action == "relaunch":
        for key in ("profile", "device", "page"):
            _field(msg, key, _is_str, "a string", required=False, nullable=True)
        _field(msg, "query", lambda v: isinstance(v, str | dict), "a query string or object",
               required=False, nullable=True)


_CHECKS: dict[str, Any] = {
    "hello": lambda m: _field(m, "screenWidth", _is_number, "a number", required=False),
    "ack": lambda m: _field(m, "seq", _is_int, "an integer"),
    "event": _check_event,
    "pageScroll": lambda m: _field(m, "scrollTop", _is_number, "a number"),
    "ui": _check_ui,
    "clientError": lambda m: _field(m, "message", _is_str, "a string", required=False),
    "navigate": _check_navigate,
    "lifecycle": _check_lifecycle,
    # the simulator's own (docs/simulator.md)
    "answer": lambda m: _field(m, "askId", _is_str, "an ask id"),
    "sim": _check_sim,
}


def check_client_message(msg: Any) -> Message:
    """Validate a client → view message (view protocol, or the simulator's ``answer`` and
    ``sim``) and return it; raise ``ProtocolError`` naming the type and field."""
    if not isinstance(msg, dict):
        raise ProtocolError(f"client message: expected a JSON object, not {type(msg).__name__}")
    v = msg.get("v", PROTOCOL_VERSION)
    if v != PROTOCOL_VERSION:
        raise ProtocolError(f"client message: protocol version {v!r} is not {PROTOCOL_VERSION}")
    kind = msg.get("type")
    check = _CHECKS.get(kind) if isinstance(kind, str) else None
    if check is None:
        raise ProtocolError(f"client message: unknown type {kind!r}")
    check(msg)
    return msg
