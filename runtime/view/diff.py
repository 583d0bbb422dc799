"""Keyed diff of render trees into patch ops (see ``docs/protocol.md``).

The view keeps a mirror of what the client shows: a tree of ``VNode``s, each holding
the ``Node`` it was last patched with and the integer id the client knows it by.
``Differ.diff_children`` reconciles a vnode's children with freshly rendered nodes and
appends ops to ``Differ.ops``:

* Each matched node is visited once and its own fields compared (no op when equal);
  identical ``Node`` objects (a render that reuses a subtree) cost nothing.
* Children are matched by ``(tag, key)`` when keyed and by tag in order otherwise; matched
  nodes keep their id (and so their DOM node) and are patched in place; moves are
  limited to nodes outside the longest increasing run of old positions.

Templates are owned: every node belongs to the template of a page or component (its
``Scope``). A node whose tag is in its scope's ``using_components`` is a component
host; its children are the component's own rendered template, supplied by the
``ComponentHooks`` the page view implements, and ``slot`` nodes in that template are
filled with the host's slot content, which stays in the host's (outer) scope.

WXS overlays: a WXS function may restyle a node (``setStyle``, ``addClass``…; see
``fanxing.runtime.view.handlers``). That lives in ``VNode.overlay`` and is merged into
what the differ sends (``Differ.dom_class`` / ``dom_style``), so it survives re-renders
as on WeChat: the overlay's style comes after the template's (and so wins), its classes
are added to / removed from the template's. Nodes with ``change:prop`` observers are
collected in ``Differ.observed`` as ``(vnode, previous node or None)`` for the page view.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from fanxing.compiler.render_tree import TEXT, Node
from fanxing.runtime.view import protocol as P
from fanxing.runtime.view.urls import url_attr, url_attrs

SCOPED_SLOT = "#scoped-slot"


@dataclass(eq=False)
class Scope:
    """The template a node comes from: a page's or one component instance's.

    ``owner`` is the instance id (``p1``, ``c3``) whose methods get the node's events;
    ``parent`` is the scope holding the component's host (None for a page); ``host`` is
    that host's vnode; ``slots`` are the slot vnodes of this component's template.

    Class names follow ``fanxing.compiler.styles``: each class written in the template
    becomes one name per entry of ``prefixes`` (``""`` keeps the plain name), except
    those in ``external`` (externalClasses: name → classes already in the parent's
    naming). A component's host element also gets ``host_class`` and its own classes
    with ``own_prefix`` (what ``:host(.x)`` compiles to).
    """

    owner: str
    using_components: dict[str, str] = field(default_factory=dict)
    prefixes: tuple[str, ...] = ("",)
    parent: Scope | None = None
    host: VNode | None = None
    external: dict[str, str] = field(default_factory=dict)
    host_class: str = ""
    own_prefix: str = ""
    slots: dict[int, VNode] = field(default_factory=dict)
    # the component's template path (``components/c/c``): its relative URLs resolve
    # against it; "" for a page (the client resolves against the route)
    path: str = ""

    def dom_class(self, cls: str) -> str:
        """The class attribute as the client sees it (scoped names)."""
        if not cls or (self.prefixes == ("",) and not self.external):
            return cls
        out = []
        for name in cls.split():
            if name in self.external:
                out.append(self.external[name])
            else:
                out.extend(p + name for p in self.prefixes)
        return " ".join(x for x in out if x)

    def host_dom_class(self, cls: str) -> str:
        """Class attribute of this component's host whose tag says ``class=cls``."""
        outer = self.parent.dom_class(cls) if self.parent is not None else cls
        own = " ".join(self.own_prefix + n for n in cls.split()) if self.own_prefix else ""
        return " ".join(x for x in (self.host_class, outer, own) if x)

    def contains(self, other: Scope) -> bool:
        """True when ``other`` is this scope or nested inside it (a component within)."""
        s: Scope | None = other
        while s is not None:
            if s is self:
                return True
            s = s.parent
        return False


@dataclass(eq=False, slots=True)
class Overlay:
    """What WXS set on a node: a style segment and class changes (see module doc)."""

    style: str = ""
    added: list[str] = field(default_factory=list)
    removed: set[str] = field(default_factory=set)

    def add_class(self, name: str) -> None:
        self.removed.discard(name)
        if name not in self.added:
            self.added.append(name)

    def remove_class(self, name: str) -> None:
        if name in self.added:
            self.added.remove(name)
        self.removed.add(name)

    def classes(self, cls: str) -> str:
        """The template's class string with this overlay applied."""
        kept = [c for c in cls.split() if c not in self.removed]
        return " ".join(kept + [c for c in self.added if c not in kept])

    def merged_style(self, style: str) -> str:
        if not self.style:
            return style
        base = style.strip().rstrip(";").strip()
        return f"{base}; {self.style}" if base else self.style


@dataclass(eq=False, slots=True)
class VNode:
    """A node as the client shows it: id, last node, scope, parent and children."""

    id: int
    node: Node
    scope: Scope
    parent: VNode | None
    children: list[VNode] = field(default_factory=list)
    instance: Any = None  # the component instance when this vnode is a component host
    overlay: Overlay | None = None  # set by WXS functions (view_handlers)

    @property
    def written_class(self) -> str:
        """The class string as the template wrote it, with the WXS overlay applied."""
        cls = self.node.cls
        return cls if self.overlay is None else self.overlay.classes(cls)

    def ancestors(self) -> Iterator[VNode]:
        """This vnode, then its parents up to the root."""
        v: VNode | None = self
        while v is not None:
            yield v
            v = v.parent


class ComponentHooks(Protocol):
    """What the differ asks of the page view about component hosts."""

    def mount_component(self, host: VNode, path: str) -> tuple[Scope, list[Node]]:
        """A host was created: make its instance; return its scope and rendered template."""

    def update_component(self, host: VNode, old: Node) -> None:
        """A host node changed (``host.node`` is the new node, ``old`` the previous one)."""

    def unmount_component(self, host: VNode) -> None:
        """A host was removed."""


def _key_of(node: Node) -> Any:
    key = node.key
    if key is None or isinstance(key, str | int | float | bool):
        return (node.tag, key)
    return (node.tag, json.dumps(key, sort_keys=True, default=str))


def _lis_positions(seq: list[int]) -> set[int]:
    """Positions in ``seq`` forming a longest strictly increasing run (-1 entries skipped)."""
    tails: list[int] = []  # seq values
    tails_pos: list[int] = []
    prev: dict[int, int] = {}
    for pos, value in enumerate(seq):
        if value < 0:
            continue
        i = bisect_left(tails, value)
        if i == len(tails):
            tails.append(value)
            tails_pos.append(pos)
        else:
            tails[i] = value
            tails_pos[i] = pos
        prev[pos] = tails_pos[i - 1] if i > 0 else -1
    out: set[int] = set()
    pos = tails_pos[-1] if tails_pos else -1
    while pos >= 0:
        out.add(pos)
        pos = prev[pos]
    return out


def slot_content(host: Node, name: str) -> list[Node]:
    """The host's children that go into slot ``name`` ('' is the default slot)."""
    out = []
    for child in host.children:
        target = "" if child.is_text else (child.slot or "")
        if target == name:
            out.append(child)
    return out


def fill_scoped(content: list[Node], scope_values: dict[str, Any]) -> list[Node]:
    """Render ``#scoped-slot`` content nodes with the slot's scope values.

    A scoped-slot node carries its render function in ``attrs["render"]`` (called with the
    slot's attributes other than ``name``) and returns the nodes to show.
    """
    if not any(n.tag == SCOPED_SLOT for n in content):
        return content
    out: list[Node] = []
    for n in content:
        if n.tag == SCOPED_SLOT:
            render = n.attrs.get("render")
            out.extend(render(scope_values) if callable(render) else n.children)
        else:
            out.append(n)
    return out


class Differ:
    """Reconciles vnode trees with new nodes, collecting ops and a node registry."""

    def __init__(self, hooks: ComponentHooks | None = None,
                 alloc: Callable[[], int] | None = None) -> None:
        self.hooks = hooks
        self.ops: list[P.Op] = []
        self.nodes: dict[int, VNode] = {}
        #: Nodes with ``change:prop`` observers created or patched: (vnode, old node).
        self.observed: list[tuple[VNode, Node | None]] = []
        self._next = 1
        self._alloc = alloc or self._default_alloc

    def _default_alloc(self) -> int:
        n = self._next
        self._next += 1
        return n

    def take_ops(self) -> list[P.Op]:
        """The ops collected so far; starts a new batch."""
        ops, self.ops = self.ops, []
        return ops

    # ---- creation ----------------------------------------------------------------

    def create(self, node: Node, scope: Scope, parent: VNode | None) -> tuple[VNode, dict]:
        """A new vnode subtree for ``node`` and its ``create`` spec."""
        vnode = VNode(self._alloc(), node, scope, parent)
        self.nodes[vnode.id] = vnode
        if node.observers:
            self.observed.append((vnode, None))
        if node.tag == TEXT:
            return vnode, P.text_spec(vnode.id, node.text or "")
        path = scope.using_components.get(node.tag) if scope.using_components else None
        if path is not None and self.hooks is not None:
            child_scope, kids = self.hooks.mount_component(vnode, path)
        elif node.tag == "slot" and scope.host is not None:
            scope.slots[vnode.id] = vnode
            kids, child_scope = self._slot_nodes(node, scope)
        else:
            child_scope, kids = scope, node.children
        specs = []
        for kid in kids:
            child, spec = self.create(kid, child_scope, vnode)
            vnode.children.append(child)
            specs.append(spec)
        cls = child_scope.host_dom_class(node.cls) if path is not None else scope.dom_class(node.cls)
        return vnode, P.element_spec(
            vnode.id, node.tag, attrs=self._dom_attrs(node, path, scope), cls=cls,
            style=node.style, dom_id=node.id, events=_event_names(node),
            dataset=node.dataset, component=path, children=specs)

    @staticmethod
    def _slot_nodes(slot: Node, scope: Scope) -> tuple[list[Node], Scope]:
        """What fills ``slot`` of the component in ``scope``, and the scope it belongs to:
        the host's content (outer scope) or else the slot's own default content."""
        assert scope.host is not None and scope.parent is not None
        name = str(slot.attrs.get("name") or "")
        content = slot_content(scope.host.node, name)
        if not content:
            return slot.children, scope
        values = {k: v for k, v in slot.attrs.items() if k != "name"}
        return fill_scoped(content, values), scope.parent

    @staticmethod
    def _dom_attrs(node: Node, component: str | None, scope: Scope) -> dict[str, Any]:
        # A host's attributes are the component's props, not DOM attributes.
        return {} if component is not None else url_attrs(node.attrs, scope.path)

    # ---- removal ----------------------------------------------------------------

    def forget(self, vnode: VNode) -> None:
        """Drop a removed subtree from the registry, unmounting component hosts."""
        stack = [vnode]
        while stack:
            v = stack.pop()
            self.nodes.pop(v.id, None)
            if v.instance is not None and self.hooks is not None:
                self.hooks.unmount_component(v)
            if v.scope.host is not None and v.node.tag == "slot":
                v.scope.slots.pop(v.id, None)
            stack.extend(v.children)

    # ---- patching ---------------------------------------------------------------

    def patch(self, vnode: VNode, new: Node) -> None:
        """Bring ``vnode`` (same tag, matched) up to ``new``."""
        # One pass over each node's own fields, no subtree equality first: every node is
        # visited once, which is cheaper than `==` on subtrees (that re-walks them).
        old = vnode.node
        if old is new:
            return
        vnode.node = new
        nid = vnode.id
        ops = self.ops
        if new.observers:
            self.observed.append((vnode, old))
        if new.tag == TEXT:
            if old.text != new.text:
                ops.append(P.op_set_text(nid, new.text or ""))
            return
        scope = vnode.scope
        host = vnode.instance is not None
        if not host and old.attrs != new.attrs:
            for name, value in new.attrs.items():
                if name not in old.attrs or old.attrs[name] != value:
                    ops.append(P.op_set_attr(nid, name, url_attr(name, value, scope.path)))
            for name in old.attrs:
                if name not in new.attrs:
                    ops.append(P.op_remove_attr(nid, name))
        if old.cls != new.cls:
            ops.append(P.op_set_class(nid, self.dom_class(vnode)))
        if old.style != new.style:
            ops.append(P.op_set_style(nid, self.dom_style(vnode)))
        if old.id != new.id:
            ops.append(P.op_set_dom_id(nid, new.id))
        if old.dataset != new.dataset:
            ops.append(P.op_set_dataset(nid, new.dataset))
        if old.events != new.events or old.model != new.model:
            names = _event_names(new)
            if names != _event_names(old):
                ops.append(P.op_set_events(nid, names))
        if host:
            if self.hooks is not None and (old.attrs != new.attrs or old.events != new.events):
                self.hooks.update_component(vnode, old)
            if old.children != new.children:
                self.refill_slots(vnode)
        elif new.tag == "slot" and scope.host is not None:
            self.diff_children(vnode, *self._slot_nodes(new, scope))
        elif new.children or vnode.children:
            self.diff_children(vnode, new.children, scope)

    @staticmethod
    def dom_class(vnode: VNode) -> str:
        """The class attribute the client shows for ``vnode``."""
        inner = getattr(vnode.instance, "scope", None)
        if inner is not None:
            return inner.host_dom_class(vnode.written_class)
        return vnode.scope.dom_class(vnode.written_class)

    @staticmethod
    def dom_style(vnode: VNode) -> str:
        """The inline style the client shows for ``vnode`` (template, then WXS's)."""
        style = vnode.node.style
        return style if vnode.overlay is None else vnode.overlay.merged_style(style)

    def refill_slots(self, host: VNode) -> None:
        """Re-diff every slot of the component under ``host`` against its slot content."""
        scope = getattr(host.instance, "scope", None)
        if scope is None:
            return
        for slot in list(scope.slots.values()):
            self.diff_children(slot, *self._slot_nodes(slot.node, scope))

    def diff_children(self, parent: VNode, new: list[Node], scope: Scope) -> None:
        """Reconcile ``parent.children`` with ``new`` (nodes of ``scope``)."""
        old = parent.children
        ops = self.ops
        if old and old[0].scope is not scope:
            # A slot switching between its default and given content: new owners.
            for o in old:
                ops.append(P.op_remove(o.id))
                self.forget(o)
            parent.children = old = []
        n_old, n_new = len(old), len(new)
        if n_old == n_new:
            # Fast path: same shape in the same order (the common setData case).
            patch = self.patch
            if n_old == 1:
                o, n = old[0], new[0]
                if o.node.tag == n.tag and o.node.key == n.key:
                    patch(o, n)
                    return
            else:
                # Only pairs whose node changed need a look: a loop memo hands back the
                # very same nodes for unchanged items (a 1000-item list, one item set).
                pairs = [(o, n) for o, n in zip(old, new, strict=False) if o.node is not n]
                for o, n in pairs:
                    on = o.node
                    if on.tag != n.tag or on.key != n.key:
                        break
                else:
                    for o, n in pairs:
                        patch(o, n)
                    return
        if n_new == 0:
            for o in old:
                ops.append(P.op_remove(o.id))
                self.forget(o)
            parent.children = []
            return

        keyed: dict[Any, int] = {}
        unkeyed: dict[str, deque[int]] = defaultdict(deque)
        for i, o in enumerate(old):
            if o.node.key is None:
                unkeyed[o.node.tag].append(i)
            else:
                k = _key_of(o.node)
                if k in keyed:  # duplicate key: match it like an unkeyed node
                    unkeyed[o.node.tag].append(i)
                else:
                    keyed[k] = i
        sources = [-1] * n_new
        used = [False] * n_old
        for j, n in enumerate(new):
            i = -1
            if n.key is not None:
                i = keyed.pop(_key_of(n), -1)
            if i < 0:
                q = unkeyed.get(n.tag)
                while q:
                    cand = q.popleft()
                    if not used[cand]:
                        i = cand
                        break
            if i >= 0:
                used[i] = True
                sources[j] = i
        for i, o in enumerate(old):
            if not used[i]:
                ops.append(P.op_remove(o.id))
                self.forget(o)

        children: list[VNode] = []
        fresh: list[bool] = []
        for j, n in enumerate(new):
            i = sources[j]
            if i < 0:
                v, spec = self.create(n, scope, parent)
                ops.append(P.op_create(spec))
                fresh.append(True)
            else:
                v = old[i]
                self.patch(v, n)
                fresh.append(False)
            children.append(v)
        stay = _lis_positions(sources)
        pid = parent.id
        for j in range(n_new - 1, -1, -1):
            before = children[j + 1].id if j + 1 < n_new else None
            if fresh[j]:
                ops.append(P.op_insert(pid, children[j].id, before))
            elif j not in stay:
                ops.append(P.op_move(pid, children[j].id, before))
        parent.children = children


def _event_names(node: Node) -> list[str]:
    names = {e.name for e in node.events}
    if node.model:
        names.update(("input", "change"))
    return sorted(names)
