"""require(): resolution through deps and by path, cache, CommonJS cycles, error locations."""

from __future__ import annotations

from logic_harness import Harness, log_lines, of_type

PAGE = "Page({ run(e) { (0, eval)('(function () {' + e.detail + '})')() } });"


def make(files: dict[str, str], deps: dict | None = None) -> Harness:
    h = Harness({"app.js": "App({})", "pages/index/index.js": PAGE, **files}, deps=deps)
    h.page("p1", "pages/index/index")
    return h


def test_resolution_through_deps_relative_absolute_and_npm() -> None:
    h = make(
        {
            "utils/a.js": "const b = require('./b'); const c = require('/lib/c.js'); const d = require('dep');\n"
            "module.exports = b + c + d + require('../utils/b');",
            "utils/b.js": "module.exports = 'b';",
            "lib/c.js": "module.exports = 'c';",
            "miniprogram_npm/dep/index.js": "module.exports = 'd';",
            "mapped/x.js": "module.exports = 'x via deps';",
        },
        deps={"utils/a.js": {"./b": "mapped/x.js"}},
    )
    # './b' follows the compiler's deps table; the others resolve by path.
    assert h.js("require('/utils/a')") == "x via depscdb"
    assert h.js("require('dep')") == "d"


def test_module_cache_and_exports_identity() -> None:
    h = make({"m.js": "console.log('evaluated'); exports.obj = {};"})
    out = h.event("p1", "run", {"detail": "console.log(require('m').obj === require('/m.js').obj)"})
    assert log_lines(out) == ["evaluated", "true"]


def test_commonjs_cycles_see_partial_exports() -> None:
    h = make(
        {
            "a.js": "exports.early = 'a1';\nconst b = require('./b');\nexports.late = 'a2';\nexports.fromB = b.seen;",
            "b.js": "const a = require('./a');\nexports.seen = JSON.stringify(a);\nexports.aRef = a;",
        }
    )
    assert h.js("require('a').fromB") == '{"early":"a1"}'
    assert h.js("require('b').aRef.late") == "a2"


def test_module_scope_variables() -> None:
    h = make({"dir/m.js": "module.exports = [__filename, __dirname, this === exports, typeof module.id];"})
    assert h.js("require('dir/m')") == ["/dir/m.js", "/dir", True, "string"]


def test_missing_module_names_requester() -> None:
    h = make({"a.js": "require('./nope');"})
    out = h.event("p1", "run", {"detail": "require('a')"})
    err = of_type(out, "error")[0]
    assert 'module "./nope" is not defined (required from a.js)' in err["message"]
    assert "a.js:1" in err["stack"]


def test_error_stack_maps_to_module_file_and_line() -> None:
    h = make(
        {
            "utils/deep.js": "// line 1\n// line 2\nexports.boom = function boom(o) {\n  return o.x;\n};",
        }
    )
    out = h.event("p1", "run", {"detail": "require('utils/deep').boom(null)"})
    err = of_type(out, "error")[0]
    assert "at boom (utils/deep.js:4:" in err["stack"]
    assert of_type(out, "console")[0]["source"] == "utils/deep.js:4"


def test_throwing_module_is_not_cached_and_syntax_error_is_reported() -> None:
    h = make({"bad.js": "exports.x = 1;\nthrow new Error('init failed');", "syn.js": "var = ;"})
    out = h.event("p1", "run", {"detail": "try { require('bad') } catch (e) { console.log(e.message) } require('bad')"})
    assert log_lines(out) == ["init failed"]
    assert "bad.js:2" in of_type(out, "error")[0]["stack"]
    out = h.event("p1", "run", {"detail": "require('syn')"})
    assert "SyntaxError" in of_type(out, "error")[0]["message"]


def test_app_module_error_is_reported_at_boot() -> None:
    h = Harness({"app.js": "const x = 1;\nundefinedFn();\nApp({})"})
    err = of_type(h.out, "error")[0]
    assert "undefinedFn" in err["message"] and "app.js:2" in err["stack"]
    assert err["where"]["path"] == "app.js"
