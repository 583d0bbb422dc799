"""Build small one-rule apps for the conformance tests and launch them headless.

Each conformance test states a documented rule of a dialect (its docstring cites the
page), writes the smallest app that shows it and runs it through the real stack
(compiler, QuickJS logic layer, view layer, bridge) with ``fanxing.testing``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fanxing.testing import launch
from fanxing.testing.harness import MiniProgram

EXT = {"alipay": (".axml", ".acss"), "wechat": (".wxml", ".wxss")}


def unit(template: str, js: str = "", json_: dict[str, Any] | None = None,
         style: str = "") -> dict[str, Any]:
    """A page or component: its template, script, JSON config and style."""
    return {"template": template, "js": js, "json": json_ or {}, "style": style}


def write_app(root: Path, dialect: str, pages: dict[str, dict[str, Any]], *,
              components: dict[str, dict[str, Any]] | None = None, app_js: str = "App({});",
              app_json: dict[str, Any] | None = None, component2: bool = True,
              files: dict[str, str] | None = None) -> Path:
    """An app of ``dialect`` with ``pages`` and ``components`` ({path: unit(...)}).

    Components get ``"component": true``; an Alipay app gets a ``mini.project.json``
    with ``compileOptions.component2`` as given.
    """
    tpl, css = EXT[dialect]
    out: dict[str, str] = {
        "app.json": json.dumps({"pages": list(pages), **(app_json or {})}),
        "app.js": app_js,
    }
    if dialect == "alipay":
        out["mini.project.json"] = json.dumps(
            {"format": 2, "compileOptions": {"component2": component2}})
    for kind, units in (("page", pages), ("component", components or {})):
        for path, u in units.items():
            cfg = dict(u["json"])
            if kind == "component":
                cfg["component"] = True
            default_js = "Page({});" if kind == "page" else "Component({});"
            out[path + tpl] = u["template"]
            out[path + ".js"] = u["js"] or default_js
            out[path + ".json"] = json.dumps(cfg)
            if u["style"]:
                out[path + css] = u["style"]
    out.update(files or {})
    for rel, text in out.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


def run(root: Path, data_dir: Path, **options: Any) -> MiniProgram:
    """Launch the app at ``root`` (storage under ``data_dir``); the caller closes it."""
    return launch(root, data_dir=data_dir, **options)


def logs(mp: MiniProgram, tag: str) -> list[Any]:
    """The arguments after ``tag`` of every ``console.log(tag, ...)`` the app made."""
    return [c["args"][1:] if len(c["args"]) > 2 else c["args"][1]
            for c in mp.console if c["args"] and c["args"][0] == tag]
