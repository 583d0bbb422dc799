"""Shared helpers for the template compiler tests."""

from __future__ import annotations

import json
from typing import Any

import quickjs
from fanxing.compiler.diagnostics import DiagnosticSink
from fanxing.compiler.templates import TemplateSet, compile_template_set

EXT = {"alipay": ".axml", "wechat": ".wxml"}
PREFIX = {"alipay": "a:", "wechat": "wx:"}
DIALECTS = ["alipay", "wechat"]


def dialectize(src: str, dialect: str) -> str:
    """Write tests once: ``@:`` becomes ``a:``/``wx:`` and ``.xml`` the template extension."""
    return src.replace("@:", PREFIX[dialect]).replace(".xml", EXT[dialect])


class JsModules:
    """A RenderContext that runs WXS/SJS module sources in a real QuickJS context.

    Modules are CommonJS-style (``module.exports = …``) or ``export default {…}``.
    """

    def __init__(self, sources: dict[str, str]):
        self.js = quickjs.Context()
        self.js.eval("var __mods = {};")
        for module_id, src in sources.items():
            body = src.replace("export default", "module.exports =")
            self.js.eval(
                f"(function(){{ var module = {{exports: {{}}}}; var exports = module.exports;\n"
                f"{body}\n; __mods[{json.dumps(module_id)}] = module.exports; }})();")

    def call_module(self, module_id: str, member: str, args: list[Any]) -> Any:
        code = (f"JSON.stringify(__mods[{json.dumps(module_id)}][{json.dumps(member)}]"
                f"(...{json.dumps(args)}))")
        out = self.js.eval(code)
        return None if out is None else json.loads(out)

    def module_member(self, module_id: str, member: str) -> Any:
        out = self.js.eval(f"JSON.stringify(__mods[{json.dumps(module_id)}][{json.dumps(member)}])")
        return None if out is None else json.loads(out)


NO_MODULES = JsModules({})


def compile_files(files: dict[str, str], dialect: str, **kw: Any) -> tuple[TemplateSet, list[str]]:
    """Compile ``files`` (written with ``@:``/``.xml``) in ``dialect``; return set and diagnostics."""
    real = {dialectize(p, dialect): dialectize(s, dialect) for p, s in files.items()}
    sink = DiagnosticSink()
    ts = compile_template_set(real, dialect, sink, **kw)  # type: ignore[arg-type]
    return ts, [d.format() for d in sink.items]


def render(files: dict[str, str], dialect: str, data: dict[str, Any] | None = None,
           path: str | None = None, ctx: Any = None) -> list[dict[str, Any]]:
    """Compile cleanly (asserting no diagnostics) and render ``path`` (default: first file) as JSON."""
    ts, diags = compile_files(files, dialect)
    assert diags == []
    target = dialectize(path or next(iter(files)), dialect)
    nodes = ts.render(target, data or {}, ctx or NO_MODULES)
    return [n.to_json() for n in nodes]


def texts(tree: list[dict[str, Any]]) -> str:
    """All text in a rendered JSON tree, in document order."""
    out: list[str] = []

    def walk(nodes: list[dict[str, Any]]) -> None:
        for n in nodes:
            if n["tag"] == "#text":
                out.append(n["text"])
            walk(n.get("children", []))

    walk(tree)
    return "".join(out)
