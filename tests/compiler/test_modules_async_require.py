"""WeChat's asynchronous subpackage requires are module requests too."""

from __future__ import annotations

from fanxing.compiler.diagnostics import DiagnosticSink
from fanxing.compiler.modules import build_module_table


def test_callback_and_async_requires_are_collected(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "subB").mkdir()
    (tmp_path / "common").mkdir()
    (tmp_path / "pages" / "a.js").write_text(
        "require('../subB/utils.js', m => m, e => e)\n"
        "require.async('../common/index')\n"
        "require . async('../common/other.js').then(x => x)\n"
        "foo.require('not-a-request.js', cb)\n", "utf-8")
    (tmp_path / "subB" / "utils.js").write_text("module.exports = 1", "utf-8")
    (tmp_path / "common" / "index.js").write_text("module.exports = 2", "utf-8")
    (tmp_path / "common" / "other.js").write_text("module.exports = 3", "utf-8")
    sink = DiagnosticSink()
    table = build_module_table(tmp_path, ["pages/a.js"], sink=sink)
    assert table["pages/a.js"].deps == {"../subB/utils.js": "subB/utils.js",
                                        "../common/index": "common/index.js",
                                        "../common/other.js": "common/other.js"}
    assert {"subB/utils.js", "common/index.js", "common/other.js"} <= set(table)
    assert sink.items == []


def test_unknown_async_target_is_reported(tmp_path):
    (tmp_path / "a.js").write_text("\nrequire.async('./missing.js')\n", "utf-8")
    sink = DiagnosticSink()
    build_module_table(tmp_path, ["a.js"], sink=sink)
    found = [d for d in sink.items if "missing.js" in d.message]
    assert found and found[0].line == 2
