"""Event dispatch: which handlers a user event reaches, and the event object each gets.

Rules (both dialects, modelled on WeChat's shadow-tree semantics):

* Phases: capture handlers (``capture-bind`` / ``capture-onTap``) run from the root
  down to the target, then bubble handlers from the target up. Only the bubbling event
  types (touch*, tap, longpress/longtap, transition/animation events) have a capture
  phase and travel; ``input``, ``change``, ``submit``, ``scroll``… reach the target only.
* ``catch`` stops the event after its handler runs (in either phase). WeChat
  ``mut-bind``: once one mut handler ran, later mut handlers on the path are skipped;
  plain handlers still run.
* Native events cross component boundaries (they are "composed"): a tap inside a
  component's template reaches the component's own handlers first, then handlers on
  and around its host in the outer template. Each handler belongs to the template that
  wrote it (its scope's owner: ``p1`` or ``c3``).
* Retargeting: a handler sees as ``target`` the innermost node on the path that its own
  template can see: a node inside another component is replaced by that component's
  host. Slot content stays visible to the component it is slotted into.
* WeChat ``mark``: the marks of the path nodes visible to the handler's template
  (the target's, its ancestors' and, for a handler inside a component, only those
  inside that component), merged so that a child's mark wins over its parent's.
* Alipay: ``target.dataset`` is the dataset of the node whose handler runs and
  ``target.targetDataset`` the dataset of the node the user touched (retargeted as
  above); ``on*`` attributes on a custom-component tag are props, not listeners.
* Custom events (WeChat ``triggerEvent``) start at the component's host: with
  ``bubbles`` false only the host's own handlers run; with ``bubbles`` true they
  travel up inside the host's template; ``composed`` lets them continue beyond it
  through outer components; ``capturePhase`` adds a capture phase.
* WeChat WXS response events: a binding whose handler is a WXS function
  (``ViewFunction``) runs in the view, in its place in the order above, through the
  ``view`` callback (``PageView`` passes ``view_handlers``); it gives the messages the
  function produced (``callMethod``…) and whether it returned false, which stops the
  event like ``catch``. Without a callback such bindings are skipped. Custom events
  (``triggerEvent``) never run WXS functions (the platform supports built-ins only).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fanxing.compiler.render_tree import EventBinding, ViewFunction
from fanxing.runtime.view.diff import Scope, VNode

BUBBLING = frozenset({
    "touchstart", "touchmove", "touchend", "touchcancel", "tap", "longpress", "longtap",
    "transitionend", "animationstart", "animationiteration", "animationend",
    "touchforcechange",
})

# Client event name -> binding names that listen for it.
ALIASES = {"longpress": ("longpress", "longtap"), "longtap": ("longtap", "longpress")}

#: Runs a WXS handler: ``(node, function, event) -> (messages, stop)``.
ViewHandler = Callable[[VNode, ViewFunction, dict[str, Any]], tuple[list[dict[str, Any]], bool]]

_ALIPAY_TYPES = {"longtap": "longTap", "longpress": "longTap", "touchstart": "touchStart",
                 "touchmove": "touchMove", "touchend": "touchEnd",
                 "touchcancel": "touchCancel"}


def visible_target(target: VNode, scope: Scope) -> VNode:
    """``target`` as a handler in ``scope`` sees it (retargeted to component hosts)."""
    t = target
    while not t.scope.contains(scope) and t.scope.host is not None:
        t = t.scope.host
    return t


def merged_mark(path: list[VNode], scope: Scope) -> dict[str, Any]:
    """WeChat ``mark``: marks of the path nodes inside ``scope``, child over parent."""
    mark: dict[str, Any] = {}
    for v in reversed(path):
        if v.node.marks and scope.contains(v.scope):
            mark.update(v.node.marks)
    return mark


def _alipay_node_info(v: VNode) -> dict[str, Any]:
    return {"id": v.node.id or "", "tagName": v.node.tag, "dataset": dict(v.node.dataset)}


def build_event(dialect: str, name: str, path: list[VNode], target: VNode,
                current: VNode, client: dict[str, Any]) -> dict[str, Any]:
    """The event object a handler on ``current`` receives."""
    scope = current.scope
    seen = visible_target(target, scope)
    touches = client.get("touches") or []
    changed = client.get("changedTouches") or touches
    detail = client.get("detail")
    if detail is None:
        detail = {}
    if dialect == "alipay":
        tgt = _alipay_node_info(seen)
        tgt["dataset"] = dict(current.node.dataset)
        tgt["targetDataset"] = dict(seen.node.dataset)
        return {"type": _ALIPAY_TYPES.get(name, name),
                "timeStamp": client.get("timeStamp", 0),
                "target": tgt, "currentTarget": _alipay_node_info(current),
                "detail": detail, "touches": touches, "changedTouches": changed}
    return {"type": name, "timeStamp": client.get("timeStamp", 0),
            "target": {"id": seen.node.id or "", "dataset": dict(seen.node.dataset)},
            "currentTarget": {"id": current.node.id or "",
                              "dataset": dict(current.node.dataset)},
            "mark": merged_mark(path, scope), "detail": detail,
            "touches": touches, "changedTouches": changed}


def _listens(v: VNode, names: tuple[str, ...], phase: str, dialect: str) -> list[EventBinding]:
    events = v.node.events
    if not events:
        return []
    if dialect == "alipay" and v.instance is not None:
        return []  # Alipay on* on a component tag are callback props
    # An empty handler (`onTap="{{on ? 'onTap' : ''}}"`, as antd-mini writes) binds nothing.
    return [b for b in events if b.phase == phase and b.name in names and b.handler != ""]


def _run(path: list[VNode], target: VNode, name: str, client: dict[str, Any],
         dialect: str, capture: bool, bubble_path: list[VNode],
         view: ViewHandler | None = None) -> list[dict[str, Any]]:
    names = ALIASES.get(name, (name,))
    calls: list[dict[str, Any]] = []
    mut_done = False

    def visit(v: VNode, phase: str) -> bool:
        nonlocal mut_done
        stop = False
        for b in _listens(v, names, phase, dialect):
            if b.mut:
                if mut_done:
                    continue
                mut_done = True
            event_type = name if b.name == name else b.name
            handler = b.handler
            if type(handler) is not str:
                if view is not None:
                    event = build_event(dialect, event_type, path, target, v, client)
                    messages, returned_false = view(v, handler, event)
                    calls.extend(messages)
                    stop = stop or returned_false
                stop = stop or b.catch
                continue
            calls.append({"type": "event", "instanceId": v.scope.owner, "handler": handler,
                          "event": build_event(dialect, event_type, path, target, v, client)})
            stop = stop or b.catch
        return stop

    if capture:
        for v in reversed(path):
            if visit(v, "capture"):
                return calls
    for v in bubble_path:
        if visit(v, "bubble"):
            break
    return calls


def dispatch(target: VNode, name: str, client: dict[str, Any],
             dialect: str, view: ViewHandler | None = None) -> list[dict[str, Any]]:
    """Logic-layer ``event`` messages for a client event ``name`` on ``target``.

    ``client`` is the client's event message (``detail``, ``touches``,
    ``changedTouches``, ``timeStamp``). Messages come in the order handlers run;
    ``view`` runs WXS handlers (see the module docstring).
    """
    path = list(target.ancestors())
    if name in BUBBLING or name in ALIASES:
        return _run(path, target, name, client, dialect, True, path, view)
    return _run(path, target, name, client, dialect, False, path[:1], view)


def dispatch_custom(host: VNode, name: str, detail: Any, options: dict[str, Any] | None,
                    dialect: str, time_stamp: float = 0) -> list[dict[str, Any]]:
    """Logic-layer ``event`` messages for a WeChat ``triggerEvent`` from ``host``'s component."""
    options = options or {}
    path = list(host.ancestors())
    if not options.get("composed"):
        path = [v for v in path if v.scope is host.scope]
    bubble_path = path if options.get("bubbles") else path[:1]
    client = {"detail": detail, "timeStamp": time_stamp}
    capture_path = path if options.get("bubbles") else path[:1]
    return _run(capture_path, host, name, client, dialect,
                bool(options.get("capturePhase")), bubble_path)
