"""A minimal client in Python for tests: applies protocol ops to plain objects.

It follows docs/protocol.md like the web client does, so a test can check that a diff's
ops turn the old screen into the new one and that matched nodes keep their identity.
"""

from __future__ import annotations

from typing import Any


class El:
    """One client node; tests compare identity (``is``) across patches."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.id = spec["id"]
        self.text = spec.get("text")
        self.tag = spec.get("tag", "#text")
        self.attrs = dict(spec.get("attrs", {}))
        self.cls = spec.get("class", "")
        self.style = spec.get("style", "")
        self.dom_id = spec.get("domId")
        self.events = list(spec.get("events", []))
        self.dataset = dict(spec.get("dataset", {}))
        self.children: list[El] = []
        self.parent: El | None = None

    def json(self) -> Any:
        if self.tag == "#text":
            return self.text
        out: dict[str, Any] = {"tag": self.tag}
        if self.attrs:
            out["attrs"] = self.attrs
        if self.cls:
            out["class"] = self.cls
        if self.style:
            out["style"] = self.style
        if self.dom_id is not None:
            out["id"] = self.dom_id
        if self.children:
            out["children"] = [c.json() for c in self.children]
        return out


class DomModel:
    """A page root plus an id registry."""

    def __init__(self) -> None:
        self.root = El({"id": 0, "tag": "page"})
        self.nodes: dict[int, El] = {0: self.root}

    def _build(self, spec: dict[str, Any]) -> El:
        assert spec["id"] not in self.nodes, f"id {spec['id']} created twice"
        el = El(spec)
        self.nodes[el.id] = el
        for c in spec.get("children", []):
            child = self._build(c)
            child.parent = el
            el.children.append(child)
        return el

    def _detach(self, el: El) -> None:
        if el.parent is not None:
            el.parent.children.remove(el)
            el.parent = None

    def _place(self, parent_id: int, node_id: int, before: int | None) -> None:
        parent, el = self.nodes[parent_id], self.nodes[node_id]
        self._detach(el)
        if before is None:
            parent.children.append(el)
        else:
            ref = self.nodes[before]
            assert ref.parent is parent, "insert before a node of another parent"
            parent.children.insert(parent.children.index(ref), el)
        el.parent = parent

    def _forget(self, el: El) -> None:
        del self.nodes[el.id]
        for c in el.children:
            self._forget(c)

    def apply(self, msg: dict[str, Any]) -> None:
        assert msg["type"] == "patch" and msg["v"] == 1
        for op in msg["ops"]:
            kind, args = op[0], op[1:]
            if kind == "create":
                self._build(args[0])
            elif kind in ("insert", "move"):
                el = self.nodes[args[1]]
                if kind == "insert":
                    assert el.parent is None, "insert of an attached node"
                else:
                    assert el.parent is not None, "move of a detached node"
                self._place(*args)
            elif kind == "remove":
                el = self.nodes[args[0]]
                self._detach(el)
                self._forget(el)
            elif kind == "setAttr":
                self.nodes[args[0]].attrs[args[1]] = args[2]
            elif kind == "removeAttr":
                del self.nodes[args[0]].attrs[args[1]]
            elif kind == "setClass":
                self.nodes[args[0]].cls = args[1]
            elif kind == "setStyle":
                self.nodes[args[0]].style = args[1]
            elif kind == "setId":
                self.nodes[args[0]].dom_id = args[1]
            elif kind == "setText":
                self.nodes[args[0]].text = args[1]
            elif kind == "setDataset":
                self.nodes[args[0]].dataset = dict(args[1])
            elif kind == "setEvents":
                self.nodes[args[0]].events = list(args[1])
            else:
                raise AssertionError(f"unknown op {kind}")

    def json(self) -> list[Any]:
        return [c.json() for c in self.root.children]


def expected_json(nodes: list) -> list[Any]:
    """What a client should show for plain render-tree nodes (no components)."""
    out = []
    for n in nodes:
        if n.is_text:
            out.append(n.text or "")
            continue
        d: dict[str, Any] = {"tag": n.tag}
        if n.attrs:
            d["attrs"] = n.attrs
        if n.cls:
            d["class"] = n.cls
        if n.style:
            d["style"] = n.style
        if n.id is not None:
            d["id"] = n.id
        if n.children:
            d["children"] = expected_json(n.children)
        out.append(d)
    return out
