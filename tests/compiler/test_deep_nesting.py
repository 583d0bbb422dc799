"""Absurdly deep nesting in any app file gets a diagnostic with file:line:col, never an
internal error (issue 10, finding 8: 500 nested ``calc(`` raised RecursionError)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from app_factory import make_app
from fanxing.compiler.build import compile_app
from fanxing.compiler.diagnostics import DiagnosticSink

N = 3000  # far past Python's recursion limit and every stage's own limit
PAGE = "pages/index/index"

CASES = {
    "calc": ("app.wxss", ".a{width:" + "calc(" * N + "1px" + ")" * N + "}", "nested too deeply"),
    "css-blocks": ("app.wxss", "@media screen{" * N + ".a{color:red}" + "}" * N,
                   "nested too deeply"),
    "selector": ("app.wxss", ".a:not(" * N + ".b" + ")" * N + "{color:red}",
                 "nested too deeply"),
    "elements": (f"{PAGE}.wxml", "<view>" * N + "x" + "</view>" * N, "nested deeper"),
    "expression": (f"{PAGE}.wxml", "<view>{{" + "(" * N + "a" + ")" * N + "}}</view>",
                   "nested too deeply"),
    "ternary": (f"{PAGE}.wxml", "<view>{{" + "a?b:" * N + "c}}</view>", "nested too deeply"),
    "members": (f"{PAGE}.wxml", "<view>{{a" + ".b" * N + "}}</view>", "nested too deeply"),
    "page-json": (f"{PAGE}.json", "[" * N + "]" * N, "nested too deeply"),
    "app-json": ("app.json", '{"pages": ["' + PAGE + '"], "x": ' + "[" * N + "]" * N + "}",
                 "nested too deeply"),
    "json-module": ("pages/index/d.json", "[" * N + "]" * N, "nested too deeply"),
    "js": (f"{PAGE}.js", "var x = " + "[" * N + "]" * N + ";\nPage({});", "nested too deeply"),
    "js-esm": (f"{PAGE}.js", "import a from './a';\nvar x = " + "(" * N + "a" + ")" * N + ";",
               "nested too deeply"),
    "wxs": ("pages/index/m.wxs", "module.exports = " + "(" * N + "1" + ")" * N + ";",
            "nested too deeply"),
}
EXTRA = {"pages/index/a.js": "export default 1;",
         f"{PAGE}.js": "require('./d.json');\nPage({});",
         "pages/index/d.json": "[]", "pages/index/m.wxs": "module.exports = 1;",
         f"{PAGE}.wxml": '<wxs module="m" src="./m.wxs"/><view>{{m}}</view>'}
POSITION = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): error: ")


@pytest.mark.parametrize("case", sorted(CASES))
def test_deep_input_gets_a_located_diagnostic(tmp_path: Path, case: str) -> None:
    path, text, words = CASES[case]
    make_app(tmp_path, "wechat", {"pages": [PAGE]}, {**EXTRA, path: text})
    sink = DiagnosticSink()
    compile_app(tmp_path, sink)  # must not raise
    errors = [d.format() for d in sink.errors]
    hits = [e for e in errors if e.startswith(path + ":") and words in e]
    assert hits, errors
    m = POSITION.match(hits[0])
    assert m and (m["line"], m["col"]) != ("1", "1") or case.endswith("json"), hits[0]


@pytest.mark.parametrize("name", ["project.config.json", "mini.project.json", "sitemap.json"])
def test_deep_tool_files_do_not_stop_the_build(tmp_path: Path, name: str) -> None:
    make_app(tmp_path, "wechat", {"pages": [PAGE]}, {name: "[" * N + "]" * N})
    sink = DiagnosticSink()
    app = compile_app(tmp_path, sink)
    assert PAGE in app.pages
