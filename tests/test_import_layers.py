"""Imports flow one way between the parts (docs/internals.md): a module of a lower layer
never imports a higher one, at module level or inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# folder -> package prefixes its modules must never import
FORBIDDEN = {
    "compiler": ("fanxing.runtime", "fanxing.bridge", "fanxing.testing"),
    "bridge": ("fanxing.runtime", "fanxing.testing"),
    "runtime/logic": ("fanxing.runtime.view", "fanxing.runtime.container",
                      "fanxing.runtime.devtools", "fanxing.runtime.cli", "fanxing.testing"),
    "runtime/view": ("fanxing.runtime.container", "fanxing.runtime.devtools",
                     "fanxing.runtime.cli", "fanxing.testing"),
    "runtime/container": ("fanxing.runtime.devtools", "fanxing.runtime.cli", "fanxing.testing"),
    "runtime/webclient": ("fanxing.runtime.devtools", "fanxing.runtime.cli", "fanxing.testing"),
    "runtime/testing": ("fanxing.runtime.devtools", "fanxing.runtime.cli"),
    "runtime/devtools": ("fanxing.runtime.cli",),
}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return found


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_no_upward_imports(folder: str) -> None:
    bad = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        for line, name in _imports(path):
            if any(name == p or name.startswith(p + ".") for p in FORBIDDEN[folder]):
                bad.append(f"{path.relative_to(ROOT)}:{line}: imports {name}")
    assert not bad, "\n".join(bad)


def test_no_relative_imports_across_subpackages() -> None:
    """Relative imports stay inside one sub-package (``from ..x`` would hide a layer jump)."""
    bad = []
    for path in sorted((ROOT / "runtime").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bad += [f"{path.relative_to(ROOT)}:{n.lineno}" for n in ast.walk(tree)
                if isinstance(n, ast.ImportFrom) and n.level > 1]
    assert not bad, bad
