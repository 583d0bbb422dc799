"""The logic-module table: ES modules rewritten to CommonJS, run in real QuickJS; resolution."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import quickjs
from fanxing.compiler.diagnostics import DiagnosticSink
from fanxing.compiler.js_module import JsModule
from fanxing.compiler.modules import build_module_table, transform_module
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# A minimal CommonJS loader, written here so the test does not depend on the runtime's.
_SHIM = """
var __defs = {}, __deps = {}, __cache = {};
function __require(id) {
  if (__cache[id]) return __cache[id].exports;
  var module = {exports: {}};
  __cache[id] = module;
  __defs[id].call(module.exports, module, module.exports, function (request) {
    var target = __deps[id][request];
    if (target === undefined) throw new Error("unresolved " + request + " from " + id);
    return __require(target);
  });
  return module.exports;
}
"""


def write_app(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def build(root: Path, files: dict[str, str], entries: list[str] | None = None,
          kind: str = "logic") -> tuple[dict[str, JsModule], DiagnosticSink]:
    write_app(root, files)
    sink = DiagnosticSink()
    table = build_module_table(root, entries or ["main.js"], sink=sink, kind=kind)
    return table, sink


def load(table: dict[str, JsModule]) -> quickjs.Context:
    """A QuickJS context with every module defined (each evaluated on its own, line 1 = line 1)."""
    ctx = quickjs.Context()
    ctx.eval(_SHIM)
    for module in table.values():
        ctx.eval(f"__deps[{json.dumps(module.id)}] = {json.dumps(module.deps)};")
        ctx.eval(f"__defs[{json.dumps(module.id)}] = function (module, exports, require) {{"
                 f"{module.code}\n}};")
    return ctx


def run(root: Path, files: dict[str, str], expr: str, entry: str = "main.js"):
    table, sink = build(root, files, [entry])
    assert not sink.items, [d.format() for d in sink.items]
    ctx = load(table)
    return json.loads(ctx.eval(f"JSON.stringify((function(m){{return {expr};}})"
                               f"(__require({json.dumps(entry)})))"))


# -- ES module semantics in QuickJS ------------------------------------------------------

def test_default_import_interop_esm_and_commonjs(tmp_path: Path) -> None:
    files = {
        "esm.js": "export default function greet(n) { return 'hi ' + n; }",
        "cjs.js": "module.exports = function (n) { return 'yo ' + n; };",
        "obj.js": "module.exports = {a: 1, default: 'not used'};",
        "main.js": ("import greet from './esm';\nimport yo from './cjs.js';\n"
                    "import obj from './obj';\n"
                    "export const r = [greet('a'), yo('b'), obj.a, obj.default];"),
    }
    assert run(tmp_path, files, "m.r") == ["hi a", "yo b", 1, "not used"]


def test_named_imports_are_live_bindings(tmp_path: Path) -> None:
    files = {
        "counter.js": "export let count = 0;\nexport function inc() { count++; }",
        "main.js": ("import { count, inc as bump } from './counter';\n"
                    "bump(); bump();\n"
                    "export const seen = count;\n"
                    "export function now() { return count; }\n"
                    "export { count as alias };"),
    }
    assert run(tmp_path, files, "[m.seen, (require_bump(), m.now()), m.alias]".replace(
        "require_bump()", "__require('counter.js').inc()")) == [2, 3, 3]


def test_namespace_imports_of_esm_and_commonjs(tmp_path: Path) -> None:
    files = {
        "e.js": "export const x = 1; export default 'd';",
        "c.js": "exports.y = 2;",
        "f.js": "module.exports = function () { return 3; }; module.exports.z = 4;",
        "main.js": ("import * as e from './e'; import * as c from './c'; import * as f from './f';\n"
                    "export const r = [e.x, e.default, c.y, c.default.y, f.z, f.default()];"),
    }
    assert run(tmp_path, files, "m.r") == [1, "d", 2, 2, 4, 3]


def test_imports_run_before_the_module_body_in_source_order(tmp_path: Path) -> None:
    files = {
        "log.js": "module.exports = [];",
        "a.js": "require('./log').push('a');",
        "b.js": "import log from './log'; log.push('b');",
        "main.js": ("import log from './log';\nlog.push('main');\n"
                    "import './a';\nimport './b.js';\nexport default log;"),
    }
    assert run(tmp_path, files, "m.default") == ["a", "b", "main"]


def test_export_forms(tmp_path: Path) -> None:
    files = {
        "fn.js": "export default function () { return 'anon'; }",
        "gen.js": "export default function* () { yield 1; }",
        "cls.js": "export default class extends Array { tag() { return 'cls'; } }",
        "named.js": "export default class K { static k() { return 'K'; } }",
        "expr.js": "const base = 20;\nexport default base + 1;",
        "decl.js": ("export const a = 1, {b, c: [d]} = {b: 2, c: [3]};\n"
                    "export var v = 'v'; export let l = 'l';\n"
                    "export function f() { return 'f'; }\n"
                    "export async function af() { return 'af'; }\n"
                    "export class C {}\n"
                    "const hidden = 'h'; export { hidden as shown, hidden as 'str-name' };"),
        "main.js": ("import fn from './fn'; import gen from './gen'; import Cls from './cls';\n"
                    "import K from './named'; import expr from './expr';\n"
                    "import * as decl from './decl';\n"
                    "export const r = [fn(), gen().next().value, new Cls().tag(), K.k(), expr,\n"
                    "  decl.a, decl.b, decl.d, decl.v, decl.l, decl.f(), typeof decl.af,\n"
                    "  typeof decl.C, decl.shown, decl['str-name'], Object.keys(decl).sort()];"),
    }
    assert run(tmp_path, files, "m.r") == [
        "anon", 1, "cls", "K", 21, 1, 2, 3, "v", "l", "f", "function", "function", "h", "h",
        ["C", "a", "af", "b", "d", "f", "l", "shown", "str-name", "v"],
    ]


def test_reexports(tmp_path: Path) -> None:
    files = {
        "a.js": "export const x = 1, y = 2; export default 'A';",
        "c.js": "module.exports = {z: 3};",
        "hub.js": ("export * from './a';\nexport * from './c';\n"
                   "export { x as ex, default as aDefault } from './a';\n"
                   "export * as ns from './a';\nexport { default } from './c';"),
        "main.js": ("import hub, { x, y, z, ex, aDefault, ns } from './hub';\n"
                    "export const r = [x, y, z, ex, aDefault, ns.y, hub.z,\n"
                    "  Object.prototype.hasOwnProperty.call(require('./hub'), 'default')];"),
    }
    assert run(tmp_path, files, "m.r") == [1, 2, 3, 1, "A", 2, 3, True]


def test_cycles_with_hoisted_functions_and_commonjs(tmp_path: Path) -> None:
    files = {
        "a.js": ("import { b } from './b';\n"
                 "export function a() { return 'a'; }\n"
                 "export const viaB = () => b();"),
        "b.js": "import { a } from './a';\nexport function b() { return 'b' + a(); }",
        "p.js": "exports.early = 1;\nconst q = require('./q');\nexports.fromQ = q.seen;",
        "q.js": "const p = require('./p');\nexports.seen = p.early;",
        "main.js": ("import { viaB } from './a';\nimport p from './p';\n"
                    "export const r = [viaB(), p.fromQ];"),
    }
    assert run(tmp_path, files, "m.r") == ["ba", 1]


def test_local_declarations_shadow_imports(tmp_path: Path) -> None:
    files = {
        "x.js": "export const x = 'outer'; export const y = 'Y';",
        "main.js": """import { x, y } from './x';
function param(x) { return x; }
const arrow = x => x;
function destructure({ x }, [y]) { return x + y; }
function defaults(a = x) { return a; }
function hoisted() { if (true) { var x = 'var'; } return x; }
function block() { { let x = 'let'; } return x; }
function caught() { try { throw 'err'; } catch (x) { return x; } }
function loop() { const out = []; for (const x of [1, 2]) out.push(x); return out.concat(x); }
const obj = { x, y, method(x) { return x; } };
class C { m(y) { return y; } }
const named = function x() { return typeof x; };
export const r = [param(1), arrow(2), destructure({ x: 'a' }, ['b']), defaults(),
  hoisted(), block(), caught(), loop(), obj.x, obj.y, obj.method(5), new C().m(6),
  named(), x, y];
""",
    }
    assert run(tmp_path, files, "m.r") == [
        1, 2, "ab", "outer", "var", "outer", "err", [1, 2, "outer"], "outer", "Y", 5, 6,
        "function", "outer", "Y",
    ]


def test_imported_function_called_without_module_as_this(tmp_path: Path) -> None:
    files = {
        "f.js": "export function who() { return this === undefined; }",
        "main.js": "import { who } from './f';\nexport const r = [who(), who`tag`];",
    }
    assert run(tmp_path, files, "m.r") == [True, True]


def test_json_modules(tmp_path: Path) -> None:
    files = {
        "data.json": '{\n  "name": "fx",\n  "list": [1, 2]\n}\n',
        "main.js": ("import data from './data.json';\nconst again = require('./data');\n"
                    "export const r = [data.name, again.list, data === again];"),
    }
    assert run(tmp_path, files, "m.r") == ["fx", [1, 2], True]


def test_dynamic_import_resolves_to_the_namespace(tmp_path: Path) -> None:
    files = {
        "lazy.js": "export const v = 42; export default 'lazy';",
        "main.js": "export const p = import('./lazy').then(ns => [ns.v, ns.default]);",
    }
    table, sink = build(tmp_path, files)
    assert not sink.items
    ctx = load(table)
    ctx.eval("var out; __require('main.js').p.then(function (v) { out = v; });")
    while ctx.execute_pending_job():
        pass
    assert json.loads(ctx.eval("JSON.stringify(out)")) == [42, "lazy"]


def test_line_numbers_are_preserved_in_stack_traces(tmp_path: Path) -> None:
    source = ("import a, {\n  b as c,\n} from './a';\nexport {\n  c,\n};\n"
              "export default function () {\n  throw new Error('boom ' + a + c);\n}\n")
    files = {"a.js": "export default 1; export const b = 2;", "main.js": source}
    table, sink = build(tmp_path, files)
    assert not sink.items
    main = table["main.js"]
    assert main.code.count("\n") == source.count("\n")
    assert main.code.splitlines()[7] == "  throw new Error('boom ' + __fx_m1_interop.default + __fx_m1.b);"
    ctx = load(table)
    with pytest.raises(quickjs.JSException, match="boom 12") as info:
        ctx.eval("__require('main.js').default()")
    assert ":8:" in str(info.value)


def test_plain_commonjs_is_untouched(tmp_path: Path) -> None:
    source = "var util = require('./util');\nmodule.exports = { u: util };\n"
    sink = DiagnosticSink()
    module = transform_module("main.js", "main.js", source, sink=sink)
    assert module is not None and module.code == source
    assert module.deps == {"./util": ""}
    assert not sink.items


def test_requests_are_collected_from_literals_only() -> None:
    source = ("require('./a'); require(\"./b\"); require(`./c`); require(`./${x}`);\n"
              "require(name); obj.require('./no'); // require('./comment')\n"
              "const s = \"require('./string')\"; require('./\\x64'); import('./e');\n")
    module = transform_module("m.js", "m.js", source, sink=DiagnosticSink())
    assert module is not None
    assert list(module.deps) == ["./a", "./b", "./c", "./d", "./e"]


# -- resolution --------------------------------------------------------------------------

_NPM_FILES = {
    "utils/x.js": "", "utils/index.js": "", "lib/index.js": "", "a/b.js": "",
    "pages/p/p.js": "", "pages/p/util.js": "", "data/cfg.json": "{}",
    "miniprogram_npm/mp-lib/index.js": "",
    "miniprogram_npm/mp-main/package.json": '{"main": "dist/main.js"}',
    "miniprogram_npm/mp-main/dist/main.js": "",
    "miniprogram_npm/@scope/pkg/index.js": "", "miniprogram_npm/@scope/pkg/sub/deep.js": "",
    "node_modules/nm/package.json": '{"main": "lib/nm.js"}', "node_modules/nm/lib/nm.js": "",
    "node_modules/nm/extra.js": "",
    "node_modules/mini/package.json": '{"miniprogram": "es"}', "node_modules/mini/es/index.js": "",
    "node_modules/mini/es/part.js": "",
    "pages/p/miniprogram_npm/local/index.js": "",
    "aliased/target.js": "",
    "app.json": '{"pages": [], "resolveAlias": {"@utils/*": "utils/*", "~/*": "/*"}}',
}


@pytest.mark.parametrize(("importer", "request_", "expected"), [
    ("pages/p/p.js", "./util", "pages/p/util.js"),
    ("pages/p/p.js", "./util.js", "pages/p/util.js"),
    ("pages/p/p.js", "../../utils/x", "utils/x.js"),
    ("pages/p/p.js", "../../utils", "utils/index.js"),
    ("pages/p/p.js", "../../lib/", "lib/index.js"),
    ("pages/p/p.js", "/utils/x.js", "utils/x.js"),
    ("pages/p/p.js", "/data/cfg", "data/cfg.json"),
    ("pages/p/p.js", "mp-lib", "miniprogram_npm/mp-lib/index.js"),
    ("pages/p/p.js", "mp-main", "miniprogram_npm/mp-main/dist/main.js"),
    ("pages/p/p.js", "@scope/pkg", "miniprogram_npm/@scope/pkg/index.js"),
    ("pages/p/p.js", "@scope/pkg/sub/deep", "miniprogram_npm/@scope/pkg/sub/deep.js"),
    ("pages/p/p.js", "nm", "node_modules/nm/lib/nm.js"),
    ("pages/p/p.js", "nm/extra", "node_modules/nm/extra.js"),
    ("pages/p/p.js", "mini", "node_modules/mini/es/index.js"),
    ("pages/p/p.js", "mini/part", "node_modules/mini/es/part.js"),
    ("pages/p/p.js", "local", "pages/p/miniprogram_npm/local/index.js"),
    ("pages/p/p.js", "util.js", "pages/p/util.js"),  # WeChat: bare path relative to the file
    ("pages/p/p.js", "utils/x", "utils/x.js"),  # then from the app root
    ("pages/p/p.js", "@utils/x", "utils/x.js"),  # resolveAlias
    ("pages/p/p.js", "~/aliased/target", "aliased/target.js"),
])
def test_resolution(tmp_path: Path, importer: str, request_: str, expected: str) -> None:
    files = dict(_NPM_FILES)
    files[importer] = f"require({json.dumps(request_)});"
    table, sink = build(tmp_path, files, [importer])
    assert not sink.items, [d.format() for d in sink.items]
    assert table[importer].deps == {request_: expected}
    assert expected in table


def test_view_modules_sjs_and_wxs(tmp_path: Path) -> None:
    files = {
        "utils/fmt.sjs": "import { pad } from './pad.sjs';\nexport default { f: n => pad(n) };",
        "utils/pad.sjs": "export function pad(n) { return '0' + n; }",
        "tools/t.wxs": "var m = require('./m.wxs');\nmodule.exports = { g: m.g };",
        "tools/m.wxs": "module.exports = { g: function () { return 'g'; } };",
    }
    table, sink = build(tmp_path, files, ["utils/fmt.sjs", "tools/t.wxs"], kind="view")
    assert not sink.items
    assert set(table) == set(files)
    assert table["utils/fmt.sjs"].deps == {"./pad.sjs": "utils/pad.sjs"}
    ctx = load(table)
    assert ctx.eval("__require('utils/fmt.sjs').default.f(7)") == "07"
    assert ctx.eval("__require('tools/t.wxs').g()") == "g"


# -- errors ------------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "expected"), [
    ("let x = ;", "1:9: error: syntax error: unexpected token in expression: ';'"),
    ("const a = 1;\nfunction (", "2:10: error: syntax error: function name expected"),
    ("if (x) {\n  y();\n", "3:1: error: syntax error: unexpected token in expression: end of input"),
    ("import x from;", "1:14: error: syntax error: string expected"),
    ("const s = '标题\n';", "1:11: error: syntax error: unexpected end of string"),
    ("export { a as };", "1:15: error: syntax error: identifier or string expected"),
    ("var 标题 = 1; a b", "1:15: error: syntax error: expecting ';'"),
])
def test_syntax_errors_name_file_line_col(source: str, expected: str) -> None:
    sink = DiagnosticSink()
    assert transform_module("bad.js", "bad.js", source, sink=sink) is None
    assert [d.format() for d in sink.items] == [f"bad.js:{expected}"]


def test_unresolvable_requests_point_at_the_request(tmp_path: Path) -> None:
    files = {
        "main.js": ("import a from './missing';\nconst b = require('left-pad');\n"
                    "  require('../../outside');\nrequire('./ok');"),
        "ok.js": "",
    }
    table, sink = build(tmp_path, files)
    assert set(table) == {"main.js", "ok.js"}
    assert [d.format() for d in sink.items] == [
        "main.js:1:15: error: cannot resolve module './missing': no file missing[.ts|.js|.json]",
        "main.js:2:19: error: cannot resolve module 'left-pad': no package 'left-pad' in "
        "node_modules/ or miniprogram_npm/: run `npm install left-pad`",
        "main.js:3:11: error: cannot resolve module '../../outside': it points outside the app root",
    ]
    assert table["main.js"].deps == {"./ok": "ok.js"}


def test_module_with_syntax_error_is_left_out(tmp_path: Path) -> None:
    files = {"main.js": "require('./bad'); require('./data.json');", "bad.js": "x = {",
             "data.json": '{\n  "a": 1,\n}'}
    table, sink = build(tmp_path, files)
    assert set(table) == {"main.js"}
    assert [d.format() for d in sink.items] == [
        "bad.js:1:6: error: syntax error: invalid property name",
        "data.json:3:1: error: invalid JSON: Expecting property name enclosed in double quotes",
    ]


def test_missing_entry_and_bad_kind(tmp_path: Path) -> None:
    sink = DiagnosticSink()
    assert build_module_table(tmp_path, ["nope.js"], sink=sink) == {}
    assert [d.format() for d in sink.items] == ["nope.js:1:1: error: file not found"]
    with pytest.raises(ValueError, match="kind must be"):
        build_module_table(tmp_path, [], sink=sink, kind="css")


# -- robustness --------------------------------------------------------------------------

_JS_PIECES = st.sampled_from([
    "import", "export", "default", "from", "'./a'", "\"./b\"", "x", "y", "as", "*", "{", "}",
    "(", ")", "[", "]", ";", ",", "=", "=>", "function", "class", "const", "let", "var",
    "require", "import(", "`", "${", "/", "//", "/*", "*/", "\n", " ", ".", "...", "+", "'",
    "\\", "new", "this", "return", "if", "else", "async", "await", "yield", "#", "?.", "??",
    "标", "\u2028",
])


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(_JS_PIECES, max_size=40))
def test_malformed_js_only_gives_diagnostics(pieces: list[str]) -> None:
    source = " ".join(pieces)
    sink = DiagnosticSink()
    module = transform_module("f.js", "f.js", source, sink=sink)
    if module is None:
        assert sink.errors
        for d in sink.errors:
            assert d.path == "f.js" and d.line >= 1 and d.col >= 1
            assert d.line <= source.count("\n") + 2
    else:
        assert not sink.items
        assert module.code.count("\n") == source.count("\n")


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=120))
def test_arbitrary_text_only_gives_diagnostics(text: str) -> None:
    sink = DiagnosticSink()
    module = transform_module("f.js", "f.js", text, sink=sink)
    assert (module is None) == bool(sink.errors)


def test_inline_template_modules_resolve_from_the_template_folder(tmp_path: Path) -> None:
    files = {"pages/a/util.wxs": "module.exports = { twice: function (n) { return n * 2; } };"}
    write_app(tmp_path, files)
    sink = DiagnosticSink()
    # padded so positions are the template's: the body starts on line 3, column 5
    body = "\n\n    var u = require('./util.wxs');\nmodule.exports = { f: u.twice, g: require('./nope.wxs') };"
    table = build_module_table(tmp_path, [], sink=sink, kind="view",
                               inline={"pages/a/a.wxml#fmt": body})
    assert set(table) == {"pages/a/a.wxml#fmt", "pages/a/util.wxs"}
    module = table["pages/a/a.wxml#fmt"]
    assert module.path == "pages/a/a.wxml"
    assert module.deps == {"./util.wxs": "pages/a/util.wxs"}
    assert [d.format() for d in sink.items] == [
        "pages/a/a.wxml:4:43: error: cannot resolve module './nope.wxs': "
        "no file pages/a/nope.wxs[.sjs|.wxs]",
    ]


def test_imported_call_at_statement_start_survives_missing_semicolon():
    """`require(x)` + newline + imported call must not become `require(x)(0, f)(...)`."""
    import quickjs
    from fanxing.compiler.diagnostics import DiagnosticSink
    from fanxing.compiler.modules import transform_module

    src = "import make from './make'\nconst b = require('./b')\n\nmake({ a: 1 })\n"
    mod = transform_module("p.js", "p.js", src, sink=DiagnosticSink())
    ctx = quickjs.Context()
    ctx.eval(
        "var calls = []; var exports = {}; function require(r) {"
        " return r === './make' ? { __esModule: true, default: function (o) { calls.push(o.a); } }"
        " : { b: 2 }; }")
    ctx.eval(mod.code)
    assert ctx.eval("JSON.stringify(calls)") == "[1]"
