"""One page's view state: view data, render trees with node ids, components, patches.

``PageView`` is what the container drives for each open page::

    view = PageView("p1", render=lambda data: templates.render(path, data, ctx),
                    dialect="wechat", using_components={...}, components=lookup)
    up = view.mount()                         # first render
    up = view.apply("p1", ops)                # a setData batch of the page
    up = view.apply("c3", ops)                # ... or of one of its components
    calls = view.handle_event(client_msg)     # client event -> logic `event` messages
    up = view.event(client_msg)               # ... plus the patch WXS handlers made

Every call that can change the screen returns a ``ViewUpdate``: ``patch`` is the
protocol message for the clients (None when nothing changed) and ``messages`` are the
``componentCreate`` / ``componentProps`` / ``componentDestroy`` messages for the logic
layer (``docs/internals.md`` section 2), in the order the instances were met.

Components: a node whose tag is in the ``using_components`` of the template that
rendered it is a component host. The page view gives it an instance (id from
``new_component_id``), renders the component's template with that instance's view data
and fills its ``slot``s with the host's children. The instance lives as long as the
diff matches the host (same tag and key at the same place), so it follows keyed lists.
Before the logic layer's first setData for the instance, its view data is seeded from
its props (WeChat: properties at the top level; Alipay: under ``props``); prop changes
are applied the same way at once, so a parent's setData reaches the screen in one pass.

WXS functions (WeChat): given ``modules`` (the ``ViewModules`` that renders the page), WXS
event handlers and ``change:prop`` observers run in the view (``view_handlers``); their
style/class changes come out as patch ops and ``callMethod`` as logic ``event`` messages.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fanxing.compiler.jsvalue import to_json_value
from fanxing.compiler.render_tree import Node
from fanxing.compiler.styles import component_class_prefix, component_host_class
from fanxing.runtime.view import protocol as P
from fanxing.runtime.view.data import apply_ops
from fanxing.runtime.view.diff import Differ, Scope, VNode
from fanxing.runtime.view.events import dispatch, dispatch_custom
from fanxing.runtime.view.handlers import ViewHandlers
from fanxing.runtime.view.html import dataset_attr

Render = Callable[[dict[str, Any]], list[Node]]


@dataclass
class ComponentDef:
    """What the view needs to render one custom component."""

    path: str
    render: Render
    using_components: dict[str, str] = field(default_factory=dict)
    external_classes: tuple[str, ...] = ()
    style_isolation: str | None = None  # isolated | apply-shared | shared; None: dialect default


@dataclass
class ComponentInstance:
    """A mounted custom component: its id, definition, view data and place."""

    id: str
    defn: ComponentDef
    host: VNode
    scope: Scope
    props: dict[str, Any]
    data: dict[str, Any]
    tree: list[Node] = field(default_factory=list)
    shown: bool = True  # False while waiting for the logic layer's instance (see reveal)
    blocked: bool = False  # nested too deep: never created in the logic layer, never shown


@dataclass
class ViewUpdate:
    """Result of a view change: a patch for clients, messages for the logic layer."""

    patch: P.Message | None = None
    messages: list[P.Message] = field(default_factory=list)
    #: App errors the view found (a component nested past MAX_COMPONENT_DEPTH)
    errors: list[str] = field(default_factory=list)


class ViewError(ValueError):
    """A request the page view cannot serve (unknown instance, node or component)."""


class RenderSkipped(Exception):
    """Raised by a ``Render`` that could not render (its caller has reported why): the
    page or component keeps what it showed (nothing, on a first render)."""


_counter = itertools.count(1)
#: Components nested deeper than this (a component that uses itself without an end) are
#: not created: each level is a logic-layer instance and a render.
MAX_COMPONENT_DEPTH = 64
#: Component instances one page may hold (far above the platforms' 1000-node guidance):
#: each is a logic-layer instance with its own data and a render of its own, which the
#: per-render node budget does not see, so a loop over components is bounded here.
MAX_COMPONENT_INSTANCES = 10_000


def _default_component_id() -> str:
    return f"c{next(_counter)}"


def component_number(comp_id: str) -> int:
    """Alipay ``$id`` of a component instance: the number in its id (``c12`` -> 12), as
    the logic layer's ``this.$id``."""
    digits = re.sub(r"^\D+", "", comp_id)
    return int(digits) if digits.isdigit() else 0


def _given_slots(host: Node) -> dict[str, bool]:
    """Alipay ``$slots``: the slots the component's user filled (``$slots.prefix`` is true
    when some child has ``slot="prefix"``; ``$slots.default`` for the others). Whitespace
    text gives no slot. mini-antui's list-item shows its prefix box only then."""
    given: dict[str, bool] = {}
    for child in host.children:
        if child.is_text and not (child.text or "").strip():
            continue
        given[(None if child.is_text else child.slot) or "default"] = True
    return given


def _camel(name: str) -> str:
    return re.sub(r"-([a-z0-9])", lambda m: m.group(1).upper(), name)


class PageView:
    """The view side of one page (see module docstring)."""

    def __init__(self, page_id: str, render: Render, *, dialect: str = "wechat",
                 using_components: Mapping[str, str] | None = None,
                 components: Callable[[str], ComponentDef] | Mapping[str, ComponentDef] | None = None,
                 route: str | None = None,
                 new_component_id: Callable[[], str] | None = None,
                 data: dict[str, Any] | None = None,
                 defer_components: bool = False,
                 modules: Any = None) -> None:
        if dialect not in ("wechat", "alipay"):
            raise ViewError(f"PageView(dialect={dialect!r}): expected 'wechat' or 'alipay'")
        self.page_id = page_id
        self.dialect = dialect
        # With defer_components a new component's template is rendered only once the
        # logic layer has created the instance (``reveal``), so the first render already
        # has its initial data, as on the platforms.
        self.defer_components = defer_components
        self._render = render
        self._components = components
        self._new_id = new_component_id or _default_component_id
        self.data: dict[str, Any] = dict(data or {})
        self.route = route
        page_prefixes = ("", component_class_prefix(route)) if route else ("",)
        self.scope = Scope(page_id, dict(using_components or {}), page_prefixes)
        self.root = VNode(P.ROOT_ID, Node("page"), self.scope, None)
        self.instances: dict[str, ComponentInstance] = {}
        self._differ = Differ(hooks=self)
        self._differ.nodes[P.ROOT_ID] = self.root
        self._messages: list[P.Message] = []
        self._errors: list[str] = []
        self._instances_capped = False
        self._seq = 0
        self.mounted = False
        self._modules = modules
        self._handlers = ViewHandlers(self, modules) if modules is not None else None
        #: Grows when a patch changed what WXS selectors see (nodes, classes, ids,
        #: datasets); the WXS side caches its tree snapshots by it.
        self.tree_version = 0

    # ---- public API ---------------------------------------------------------------

    def mount(self) -> ViewUpdate:
        """First render of the page with its current data."""
        self.mounted = True
        self._diff_page()
        return self._flush()

    def apply(self, instance_id: str, ops: list[list[Any]]) -> ViewUpdate:
        """Apply a setData batch of the page or of one of its components and re-render it."""
        if instance_id == self.page_id:
            self.data = apply_ops(self.data, ops)
            if self.mounted:
                self._diff_page()
            return self._flush()
        inst = self.instances.get(instance_id)
        if inst is None:
            raise ViewError(f"PageView.apply(instance_id={instance_id!r}): no such instance "
                            f"on page {self.page_id}")
        inst.data = apply_ops(inst.data, ops)
        if inst.shown:
            self._rerender(inst)
        return self._flush()

    def reveal(self, comp_id: str) -> ViewUpdate:
        """The logic layer created ``comp_id`` (its initial data applied): render it."""
        inst = self.instances.get(comp_id)
        if inst is not None and not inst.shown:
            inst.shown = True
            self._rerender(inst)
        return self._flush()

    def handle_event(self, msg: dict[str, Any]) -> list[P.Message]:
        """Logic-layer ``event`` messages for a client ``event`` message.

        Two-way bindings (``model:value``) come first as ``modelUpdate`` messages
        ``{type, instanceId, path, value}`` for the logic layer to apply as setData.
        """
        msg = P.check_client_message(msg)
        target = self._differ.nodes.get(msg["nodeId"])
        if target is None:
            return []  # the node went away while the event was in flight
        out: list[P.Message] = []
        name = msg["name"]
        model = target.node.model
        if model and name in ("input", "change"):
            detail = msg.get("detail") or {}
            for attr, path in model.items():
                # switch/checkbox report {value: checked}: model:checked reads detail.value
                key = attr if isinstance(detail, dict) and attr in detail else "value"
                if isinstance(detail, dict) and key in detail:
                    out.append({"type": "modelUpdate", "instanceId": target.scope.owner,
                                "path": path, "value": detail[key]})
        run = self._handlers.event if self._handlers is not None else None
        out.extend(dispatch(target, name, msg, self.dialect, run))
        return out

    def event(self, msg: dict[str, Any]) -> ViewUpdate:
        """``handle_event`` plus the patch WXS handlers made (style/class changes)."""
        calls = self.handle_event(msg)
        # Only WXS overlay ops are pending: the WXS side already knows those classes.
        ops = self._differ.take_ops()
        up = self._flush()
        if ops:
            self._seq += 1
            up.patch = P.patch_message(self.page_id, ops, self._seq)
        up.messages.extend(calls)
        return up

    def trigger_event(self, comp_id: str, name: str, detail: Any = None,
                      options: dict[str, Any] | None = None,
                      time_stamp: float = 0) -> list[P.Message]:
        """Logic-layer ``event`` messages for a WeChat ``triggerEvent`` of ``comp_id``."""
        inst = self.instances.get(comp_id)
        if inst is None:
            raise ViewError(f"PageView.trigger_event(comp_id={comp_id!r}): no such component")
        return dispatch_custom(inst.host, name, detail, options, self.dialect, time_stamp)

    def node(self, node_id: int) -> VNode:
        """The vnode a client knows as ``node_id``."""
        try:
            return self._differ.nodes[node_id]
        except KeyError:
            raise ViewError(f"PageView.node(node_id={node_id!r}): no such node") from None

    def destroy(self) -> ViewUpdate:
        """Remove everything (page unload): destroy messages for every instance."""
        self._differ.diff_children(self.root, [], self.scope)
        self.mounted = False
        if self._modules is not None:
            self._modules.forget_page(self.page_id)
        return self._flush()

    def snapshot(self) -> list[dict[str, Any]]:
        """The expanded tree as JSON-ready nodes (components with their content inside)."""
        return to_json_value([_vnode_json(v) for v in self.root.children])

    # ---- ComponentHooks (called by the differ) ---------------------------------------

    def _lookup(self, path: str) -> ComponentDef:
        comps = self._components
        try:
            if comps is None:
                raise KeyError(path)
            defn = comps[path] if isinstance(comps, Mapping) else comps(path)
        except KeyError:
            raise ViewError(f"component {path!r} is used but not defined") from None
        return defn

    def _props(self, node: Node) -> dict[str, Any]:
        props: dict[str, Any] = {}
        for name, value in node.attrs.items():
            props[_camel(name) if self.dialect == "wechat" else name] = value
        if self.dialect == "alipay":
            # data-* attributes are props too (Alipay components read them: antd-mini's
            # fmtEvent builds its events' dataset from the `data-` props)
            for key, value in node.dataset.items():
                props[dataset_attr(key)] = value
            # on*/catch* on a component tag are callback props naming an owner method.
            for b in node.events:
                if type(b.handler) is not str or not b.handler:
                    continue  # a WXS function is no callback prop; an empty name binds nothing
                prop = b.attr or ("catch" if b.catch else "on") + b.name[:1].upper() + b.name[1:]
                props[prop] = {"$handler": b.handler}
        return props

    def _seed(self, data: dict[str, Any], props: dict[str, Any]) -> dict[str, Any]:
        data = dict(data)
        if self.dialect == "wechat":
            data.update(props)
        else:
            # `ref` names the owner's ref callback: no prop (the logic layer reads it).
            data["props"] = {**data.get("props", {}),
                             **{k: v for k, v in props.items() if k != "ref"}}
        return data

    def _render_data(self, inst: ComponentInstance) -> dict[str, Any]:
        """What a component's template reads. Alipay: its props at the top level (data
        wins over a prop of the same name, as in ``{...this.props, ...this.data}``), its
        data, ``props`` itself and ``$id``; WeChat: the view data as it is."""
        if self.dialect == "wechat":
            return inst.data
        props = inst.data.get("props")
        out = {**props, **inst.data} if isinstance(props, dict) else dict(inst.data)
        out["$id"] = component_number(inst.id)
        out["$slots"] = _given_slots(inst.host.node)
        return out

    def _external(self, defn: ComponentDef, node: Node, outer: Scope) -> dict[str, str]:
        ext = {}
        for name in defn.external_classes:
            value = node.attrs.get(name)
            ext[name] = outer.dom_class(str(value)) if value else ""
        return ext

    def mount_component(self, host: VNode, path: str) -> tuple[Scope, list[Node]]:
        defn = self._lookup(path)
        depth, outer = 1, host.scope
        while outer.parent is not None:
            depth, outer = depth + 1, outer.parent
        comp_id = self._new_id()
        props = self._props(host.node)
        own = component_class_prefix(path)
        isolation = defn.style_isolation or ("isolated" if self.dialect == "wechat" else "shared")
        prefixes = (own,) if isolation == "isolated" else (*self.scope.prefixes, own)
        scope = Scope(comp_id, dict(defn.using_components), prefixes, parent=host.scope,
                      host=host, external=self._external(defn, host.node, host.scope),
                      host_class=component_host_class(path), own_prefix=own, path=path)
        inst = ComponentInstance(comp_id, defn, host, scope, props, self._seed({}, props),
                                 shown=not self.defer_components)
        host.instance = inst
        too_many = len(self.instances) >= MAX_COMPONENT_INSTANCES
        if depth > MAX_COMPONENT_DEPTH or too_many:
            inst.shown, inst.blocked = False, True
            if depth > MAX_COMPONENT_DEPTH:
                self._errors.append(f"component {path} nested deeper than "
                                    f"{MAX_COMPONENT_DEPTH} levels (a component that uses "
                                    "itself without an end?); it is not created")
            elif not self._instances_capped:  # once, not for each of thousands
                self._instances_capped = True
                self._errors.append(f"page {self.route} holds {MAX_COMPONENT_INSTANCES} "
                                    f"component instances; {path} and any further ones are "
                                    "not created")
            return scope, []
        self._instances_capped = False
        self.instances[comp_id] = inst
        create = {"type": "componentCreate", "compId": comp_id, "pageId": self.page_id,
                  "parentId": host.scope.owner, "path": path, "props": props}
        # the host's id and class, for selectComponent('#a') / ('.b') in the logic layer
        if host.node.id:
            create["id"] = host.node.id
        if host.node.cls:
            create["class"] = host.node.cls
        self._messages.append(create)
        try:
            inst.tree = defn.render(self._render_data(inst)) if inst.shown else []
        except RenderSkipped:
            inst.tree = []
        return scope, inst.tree

    def update_component(self, host: VNode, old: Node) -> None:
        inst: ComponentInstance = host.instance
        if inst.blocked:
            return
        props = self._props(host.node)
        if props != inst.props:
            changed = {k: v for k, v in props.items() if inst.props.get(k, _MISSING) != v}
            changed.update({k: None for k in inst.props if k not in props})
            inst.props = props
            self._messages.append({"type": "componentProps", "compId": inst.id,
                                   "props": changed})
            inst.data = self._seed(inst.data, changed)
            if inst.shown:
                self._rerender(inst)
        external = self._external(inst.defn, host.node, host.scope)
        if external != inst.scope.external:
            inst.scope.external = external
            self._reclass(host)

    def unmount_component(self, host: VNode) -> None:
        inst: ComponentInstance = host.instance
        if inst.blocked:
            return
        self.instances.pop(inst.id, None)
        self._messages.append({"type": "componentDestroy", "compId": inst.id})

    # ---- internals ------------------------------------------------------------------------

    def _diff_page(self) -> None:
        try:
            tree = self._render(self.data)
        except RenderSkipped:
            return  # the screen keeps the last good render
        self._differ.diff_children(self.root, tree, self.scope)

    def _rerender(self, inst: ComponentInstance) -> None:
        try:
            tree = inst.defn.render(self._render_data(inst))
        except RenderSkipped:
            return
        inst.tree = tree
        self._differ.diff_children(inst.host, inst.tree, inst.scope)

    def _reclass(self, host: VNode) -> None:
        scope = host.instance.scope
        stack = list(host.children)
        while stack:
            v = stack.pop()
            if v.scope is scope and v.node.cls:
                self._differ.ops.append(P.op_set_class(v.id, Differ.dom_class(v)))
            if v.scope is scope:
                stack.extend(v.children)

    def _flush(self) -> ViewUpdate:
        if self._handlers is not None and any(op[0] in _SELECTABLE for op in self._differ.ops):
            self.tree_version += 1
        observed, self._differ.observed = self._differ.observed, []
        if observed and self._handlers is not None:
            self._messages.extend(self._handlers.observe(observed))
        ops = self._differ.take_ops()
        messages, self._messages = self._messages, []
        errors, self._errors = self._errors, []
        patch = None
        if ops:
            self._seq += 1
            patch = P.patch_message(self.page_id, ops, self._seq)
        return ViewUpdate(patch, messages, errors)


_MISSING = object()
#: Patch ops that change what WXS selectors and getDataset see.
_SELECTABLE = frozenset({"create", "insert", "move", "remove", "setClass", "setId",
                         "setDataset"})

def _vnode_json(v: VNode) -> dict[str, Any]:
    out = v.node.to_json()
    out["nodeId"] = v.id
    if v.children or "children" in out:
        out["children"] = [_vnode_json(c) for c in v.children]
    if v.instance is not None:
        out["compId"] = v.instance.id
        out["component"] = v.instance.defn.path
    if v.node.cls:
        out["cls"] = Differ.dom_class(v)
    return out
