"""WXS functions run by the view: WeChat "WXS response events" and ``change:`` observers.

WeChat lets a template bind a WXS function where a method name would go
(``bindtouchmove="{{m.move}}"``) and observe a property with one
(``change:prop="{{m.watch}}" prop="{{value}}"``). The function runs in the view layer,
never in the logic layer:

* an event handler gets ``(event, ownerInstance)``; ``event`` is the usual event object
  plus ``event.instance``, the ComponentDescriptor of the node whose handler runs, and
  ``ownerInstance`` that of the page or component whose template holds it. Returning
  ``false`` stops the event (as ``catch`` does).
* an observer gets ``(newValue, oldValue, ownerInstance, instance)`` on the node's first
  render and whenever the property's value changes (WeChat also fires when a setData sets
  the same value again; the view cannot tell that apart).

ComponentDescriptors (``runtime/view/js/view_events.js``) offer ``selectComponent`` /
``selectAllComponents`` (over the owner's template: tag, ``#id``, ``.class``,
descendant and ``>`` combinators, lists), ``setStyle`` (object or string; it replaces the
previous WXS style of the node and wins over the template's), ``addClass`` /
``removeClass`` / ``hasClass``, ``getDataset``, ``getState`` (an object kept per node
while the page lives), ``callMethod(name, args)`` (the page's or component's method in
the logic layer, called with ``args``), ``triggerEvent(name, detail)`` (a component's
custom event) and ``requestAnimationFrame(fn)`` (run after the handler; a frame asked
for by a frame runs after the next WXS call). The page itself cannot be styled.

How: JS cannot call Python under the time limit, so each call sends the owner's
template nodes as a snapshot (cached in JS by ``PageView.tree_version``, resent only after
a patch changed nodes, classes, ids or datasets) and gets back the commands the function issued. ``setStyle``/``addClass``
land in the node's ``diff.Overlay``, which the differ merges into the ``setStyle`` /
``setClass`` ops it sends, so they reach every client as normal patch ops and survive
later re-renders; ``callMethod`` becomes a logic-layer ``event`` message
(``{type: "event", instanceId, handler: name, event: args}``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fanxing.compiler.jsvalue import UNDEFINED, to_json_value
from fanxing.compiler.render_tree import Node, ViewFunction
from fanxing.runtime.view import protocol as P
from fanxing.runtime.view.diff import Differ, Overlay, Scope, VNode

if TYPE_CHECKING:
    from fanxing.runtime.view.page_view import PageView
    from fanxing.runtime.view.script_modules import ViewModules

Message = dict[str, Any]


class ViewHandlers:
    """Runs the WXS handlers and observers of one page view (see module docstring)."""

    def __init__(self, view: PageView, modules: ViewModules) -> None:
        self.view = view
        self.modules = modules
        # Trees whose JS copy may be off: a call stopped mid-way (time limit) may have
        # changed its classes in JS without the commands reaching the view.
        self._resend: set[str] = set()

    # ---- entry points ---------------------------------------------------------------

    def event(self, v: VNode, fn: ViewFunction, event: Message) -> tuple[list[Message], bool]:
        """Run the WXS handler ``fn`` bound on ``v``: ``(messages, returned false)``."""
        return self._call(fn, v, {"kind": "event", "event": event})

    def observe(self, observed: list[tuple[VNode, Node | None]]) -> list[Message]:
        """Run the ``change:`` observers of nodes created or patched (``Differ.observed``)."""
        out: list[Message] = []
        nodes = self.view._differ.nodes
        for v, old in observed:
            if nodes.get(v.id) is not v:
                continue  # removed again in the same update
            for prop, fn in v.node.observers.items():
                new = v.node.attrs.get(prop, UNDEFINED)
                before = UNDEFINED if old is None else old.attrs.get(prop, UNDEFINED)
                if old is not None and old.observers.get(prop) == fn and _same(before, new):
                    continue
                out.extend(self._call(fn, v, {"kind": "observer", "args": [new, before]})[0])
        return out

    # ---- internals ------------------------------------------------------------------

    def _call(self, fn: ViewFunction, v: VNode, request: Message) -> tuple[list[Message], bool]:
        view = self.view
        scope = v.scope
        root = view.root if scope.host is None else scope.host
        key = f"{view.page_id}/{scope.owner}"
        tree: Message = {"key": key, "v": view.tree_version}
        req = {"fn": [fn.module_id, fn.member], "page": view.page_id, "instance": v.id,
               "tree": tree, **request}
        full = {"owner": scope.owner, "root": root.id}
        if key in self._resend:
            self._resend.discard(key)
            tree.update(full, nodes=_snapshot(root, scope))
        answer = self.modules.run_view(req)
        if answer is not None and answer.get("stale"):
            tree.update(full, nodes=_snapshot(root, scope))
            answer = self.modules.run_view(req)
        if answer is None:
            self._resend.add(key)
            return [], False
        messages = self._apply(answer.get("cmds") or [])
        if answer.get("error"):
            self.modules.report(fn.module_id, fn.member or "", str(answer["error"]))
        return messages, answer.get("stop") is True

    def _apply(self, cmds: list[Any]) -> list[Message]:
        view = self.view
        differ = view._differ
        out: list[Message] = []
        styled: dict[int, VNode] = {}
        classed: dict[int, VNode] = {}
        for cmd in cmds:
            op = cmd[0]
            if op in ("style", "addClass", "removeClass"):
                v = differ.nodes.get(cmd[1])
                if v is None or v is view.root:
                    continue
                overlay = v.overlay
                if overlay is None:
                    overlay = v.overlay = Overlay()
                if op == "style":
                    overlay.style = str(cmd[2])
                    styled[v.id] = v
                else:
                    (overlay.add_class if op == "addClass" else overlay.remove_class)(str(cmd[2]))
                    classed[v.id] = v
            elif op == "callMethod":
                args = cmd[3]
                out.append({"type": "event", "instanceId": cmd[1], "handler": cmd[2],
                            "event": to_json_value({} if args is None else args)})
            elif op == "triggerEvent" and cmd[1] in view.instances:
                out.extend(view.trigger_event(cmd[1], cmd[2], to_json_value(cmd[3])))
        for v in styled.values():
            differ.ops.append(P.op_set_style(v.id, Differ.dom_style(v)))
        for v in classed.values():
            differ.ops.append(P.op_set_class(v.id, Differ.dom_class(v)))
        return out


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _entry(v: VNode, parent: int | None) -> list[Any]:
    # Compact rows (a big page sends thousands): id, tag, class, dom id, parent,
    # component id, dataset; the JS side expands them (view_events.js `build`).
    node = v.node
    row = [v.id, node.tag, v.written_class, node.id or "", parent,
           v.instance.id if v.instance is not None else None]
    if node.dataset:
        row.append(to_json_value(node.dataset))
    return row


def _snapshot(root: VNode, scope: Scope) -> list[list[Any]]:
    """The nodes of ``scope``'s template under ``root`` (and ``root``), in document order."""
    out = [_entry(root, None)]
    stack: list[tuple[VNode, int]] = [(c, root.id) for c in reversed(root.children)]
    while stack:
        v, parent = stack.pop()
        if v.node.is_text:
            continue
        if v.scope is scope:
            out.append(_entry(v, parent))
            parent = v.id
        stack.extend((c, parent) for c in reversed(v.children))
    return out
