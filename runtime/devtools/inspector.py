"""The WXML/AXML inspector's data: a page's tree as its author wrote it and what one
node shows and is bound to.

The tree uses the same rules as ``fanxing.runtime.view.html`` (tags as written, a custom
component as its host tag with its template inside, ``slot`` wrappers flattened, classes
as written — never the scoped ``fx-c…--`` names — and attributes as the template gives
them). Node ids are the view's, which the web client keeps on each DOM node, so the
simulator can find the element to highlight and read its computed style.
"""

from __future__ import annotations

import json
from typing import Any

from fanxing.compiler.jsvalue import UNDEFINED
from fanxing.compiler.render_tree import TEXT
from fanxing.runtime.container.container import Container
from fanxing.runtime.view.diff import Differ, VNode
from fanxing.runtime.view.html import (
    node_attributes,
    shown_children,
    text_content,
    user_classes,
)

TEXT_PREVIEW = 80  # characters of a text node shown in the tree


def page_tree(container: Container, page_id: str) -> list[dict[str, Any]]:
    """The author's tree of page ``page_id``: ``[{id, tag, attrs: [[name, value]],
    component?, children}]``; text nodes are ``{id, text}``."""
    live = container.pages.get(page_id)
    if live is None:
        raise ValueError(f"inspect: no page {page_id!r}")
    out: list[dict[str, Any]] = []
    # iterative: deep pages must not hit Python's recursion limit
    stack: list[tuple[VNode, list[dict[str, Any]]]] = [
        (c, out) for c in reversed(shown_children(live.view.root))]
    while stack:
        v, into = stack.pop()
        if v.node.tag == TEXT:
            text = " ".join((v.node.text or "").split())
            if text:
                into.append({"id": v.id, "text": text[:TEXT_PREVIEW]})
            continue
        item: dict[str, Any] = {"id": v.id, "tag": v.node.tag,
                                "attrs": [list(a) for a in node_attributes(v)], "children": []}
        if v.instance is not None:
            item["component"] = v.instance.defn.path
        into.append(item)
        stack.extend((c, item["children"]) for c in reversed(shown_children(v)))
    return out


def node_info(container: Container, page_id: str, node_id: int) -> dict[str, Any]:
    """One node for the inspector's details: attributes and classes as written, the
    classes the client styles it with, and the data it is bound to (the data of the
    page or component whose template holds it; a component host adds its props and the
    component's own data)."""
    live = container.pages.get(page_id)
    v = live.view._differ.nodes.get(node_id) if live is not None else None
    if live is None or v is None:
        raise ValueError(f"inspect: no node {node_id} on page {page_id!r}")
    owner = v.scope.owner
    inst = live.view.instances.get(owner)
    out: dict[str, Any] = {
        "pageId": page_id, "id": node_id, "tag": v.node.tag,
        "attrs": [list(a) for a in node_attributes(v)] if v.node.tag != TEXT else [],
        "classes": user_classes(v) if v.node.tag != TEXT else [],
        "domClass": Differ.dom_class(v) if v.node.tag != TEXT else "",
        "dataset": _json(v.node.dataset), "text": text_content(v)[:2000],
        "owner": {"id": owner, "kind": "component" if inst else "page",
                  "path": inst.defn.path if inst else live.entry.route,
                  "data": _json(inst.data if inst else live.view.data)},
    }
    if v.instance is not None:
        out["component"] = {"id": v.instance.id, "path": v.instance.defn.path,
                            "props": _json(v.instance.props), "data": _json(v.instance.data)}
    return out


def _json(value: Any) -> Any:
    return json.loads(json.dumps(value, default=lambda o: None if o is UNDEFINED else str(o)))
