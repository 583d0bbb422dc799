"""A small driver over ``Container`` for the sample tests: find nodes by class, tap them,
read text. (The samples' user-level checks; ``fanxing.testing`` is the public harness.)"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fanxing.compiler.build import CompiledApp, compile_app
from fanxing.runtime.container import Container

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

_BUILT: dict[str, CompiledApp] = {}


def build(name: str) -> CompiledApp:
    """Compile a sample once per test session."""
    if name not in _BUILT:
        _BUILT[name] = compile_app(SAMPLES / name)
    return _BUILT[name]


class Driver:
    """One running sample with user-level helpers."""

    def __init__(self, app: CompiledApp, *, profile: str, answers: dict[str, Any] | None = None,
                 data_dir: str | Path | None = None, path: str | None = None) -> None:
        self.c = Container(app, profile=profile,
                           data_dir=data_dir or tempfile.mkdtemp(prefix="fx-sample-"),
                           answers=answers or {})
        self.c.launch(path)
        self.c.settle()

    # ---- reading
    @property
    def route(self) -> str:
        return self.c.current.entry.route

    @property
    def data(self) -> dict[str, Any]:
        return self.c.page_data()

    def nodes(self) -> Iterator[dict[str, Any]]:
        def walk(nodes: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
            for n in nodes:
                yield n
                yield from walk(n.get("children") or [])
        return walk(self.c.current.view.snapshot())

    def all(self, cls: str) -> list[dict[str, Any]]:
        """Nodes carrying the (unprefixed) class ``cls``."""
        return [n for n in self.nodes() if cls in _classes(n)]

    def find(self, cls: str) -> dict[str, Any] | None:
        found = self.all(cls)
        return found[0] if found else None

    def one(self, cls: str) -> dict[str, Any]:
        node = self.find(cls)
        assert node is not None, f"no node with class {cls!r} on {self.route}"
        return node

    def text(self, node: dict[str, Any] | str | None = None) -> str:
        """The text content of a node (a class name finds it; None: the whole page)."""
        if isinstance(node, str):
            node = self.one(node)
        roots = [node] if node else self.c.current.view.snapshot()

        def collect(n: dict[str, Any]) -> str:
            if n.get("tag") == "#text":
                return str(n.get("text") or "")
            return "".join(collect(ch) for ch in n.get("children") or [])

        return " ".join(" ".join(collect(r) for r in roots).split())

    # ---- acting
    def fire(self, node: dict[str, Any] | str, name: str = "tap",
             detail: dict[str, Any] | None = None) -> None:
        """Send a client event to a node (a class name finds it) and let the app settle."""
        if isinstance(node, str):
            node = self.one(node)
        self.c.client_message({"type": "event", "pageId": self.c.current.entry.page_id,
                               "nodeId": node["nodeId"], "name": name, "detail": detail or {},
                               "touches": [], "timeStamp": self.c.clock.now()})
        self.c.settle()

    def tap(self, node: dict[str, Any] | str) -> None:
        self.fire(node, "tap")

    def tab(self, route: str) -> None:
        self.c.tab_tap(route)
        self.c.settle()

    @property
    def errors(self) -> list[dict[str, Any]]:
        return self.c.errors

    def close(self) -> None:
        self.c.close()


def _classes(node: dict[str, Any]) -> set[str]:
    # Component classes carry the component's prefix (``fx-c<hash8>--name``): match the name.
    return {c.split("--", 1)[-1] for c in str(node.get("cls") or "").split()}
