"""TypeScript modules compiled as the tools' TypeScript plugin does (compiler/typescript.py),
run by real QuickJS, with lines kept for diagnostics and stack traces."""

from __future__ import annotations

from pathlib import Path

import quickjs
from fanxing.compiler.build import compile_app
from fanxing.compiler.build_cache import BuildCache
from fanxing.compiler.diagnostics import DiagnosticSink
from fanxing.compiler.typescript import TypeScript, emit_options
from fanxing.testing import launch

SOURCE = """\
import type { Shape } from './types';
import { double } from './math';

export enum Color {
  Red,
  Green = 'g',
}

export namespace Geo {
  export const unit: number = 2;
}

export class Point {
  constructor(private x: number, public y: number) {}
  sum(): number {
    return double(this.x) + this.y;
  }
}

export function fail(s: Shape): never {
  // a comment keeps its line break
  throw new Error(`bad ${s}`);
}
"""


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_emit_keeps_the_ts_lines_and_runs() -> None:
    sink = DiagnosticSink()
    code = TypeScript().compile("a.ts", SOURCE, sink)
    assert code is not None and not sink.items
    lines = code.split("\n")
    # each statement sits on its source line
    assert "double(this.x)" in lines[15] and "return" in lines[15]
    assert "throw new Error" in lines[21]
    assert lines[19].startswith("export function fail")
    ctx = quickjs.Context()
    body = code.replace("import { double } from \"./math\";", "const double = (n) => 2 * n;")
    body = body.replace("export ", "")
    ctx.eval(body)
    assert ctx.eval("Color.Red") == 0 and ctx.eval("Color[0]") == "Red"
    assert ctx.eval("Color.Green") == "g"
    assert ctx.eval("Geo.unit") == 2
    assert ctx.eval("new Point(3, 4).sum()") == 10
    assert ctx.eval("new Point(3, 4).y") == 4


def test_syntax_error_points_at_the_ts_source() -> None:
    sink = DiagnosticSink()
    assert TypeScript().compile("pages/a.ts", "const a: number = 1;\nlet b = (;\n", sink) is None
    [d] = sink.items
    assert (d.path, d.line, d.col, d.severity) == ("pages/a.ts", 2, 10, "error")
    assert d.message.startswith("TypeScript: ")


def test_decorators_follow_tsconfig(tmp_path: Path) -> None:
    (tmp_path / "tsconfig.json").write_text(
        '{\n  // comments are allowed\n  "compilerOptions": {"experimentalDecorators": true,},\n}')
    options = emit_options(tmp_path)
    assert options == {"experimentalDecorators": True}
    source = ("const seen: string[] = [];\n"
              "function log(t: any, key: string) { seen.push(key); }\n"
              "class A {\n  @log\n  run() {}\n}\n")
    code = TypeScript(options).compile("d.ts", source, DiagnosticSink())
    ctx = quickjs.Context()
    ctx.eval(code)
    assert ctx.eval("JSON.stringify(seen)") == '["run"]'


APP = {
    "project.config.json": '{"setting": {"useCompilerPlugins": ["typescript"]}}',
    "app.json": '{"pages": ["pages/index/index"]}',
    "app.ts": "App({});\n",
    "utils/math.ts": "export const double = (n: number): number => n * 2;\n",
    "pages/index/index.wxml": "<view class='v' bindtap='boom'>{{label}}</view>",
    "pages/index/index.ts": (
        "import { double } from '../../utils/math';\n"
        "interface Data { label: string }\n"
        "const data: Data = { label: 'x' + double(21) };\n"
        "Page({\n"
        "  data,\n"
        "  boom(): void {\n"
        "    throw new Error('from ts');\n"
        "  },\n"
        "});\n"),
}


def test_a_typescript_page_runs_and_errors_name_the_ts_line(tmp_path: Path) -> None:
    _write(tmp_path, APP)
    app = compile_app(tmp_path)
    assert app.ok, [d.format() for d in app.diagnostics]
    assert app.pages["pages/index/index"].script == "pages/index/index.ts"
    assert app.modules["pages/index/index.ts"].deps == {"../../utils/math": "utils/math.ts"}
    with launch(tmp_path, data_dir=tmp_path / "data") as mp:
        assert mp.page.data["label"] == "x42"
        mp.page.get(".v").tap()
        errors = [m for m in mp.errors if "from ts" in m.get("message", "")]
        assert errors and "pages/index/index.ts:7" in errors[0]["stack"]


def test_an_edited_ts_file_is_the_only_one_compiled_again(tmp_path: Path) -> None:
    _write(tmp_path, APP)
    cache = BuildCache()
    compile_app(tmp_path, cache=cache)
    assert sorted(cache.last.typescript_compiled) == [
        "app.ts", "pages/index/index.ts", "utils/math.ts"]
    (tmp_path / "utils/math.ts").write_text("export const double = (n: number) => n * 3;\n")
    app = compile_app(tmp_path, cache=cache)
    assert cache.last.typescript_compiled == ["utils/math.ts"]
    assert "n * 3" in app.modules["utils/math.ts"].code
