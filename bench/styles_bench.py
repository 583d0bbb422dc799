"""Style and logic-module compile throughput (bytes per second), on real apps when present.

Run: ``.venv/bin/python bench/styles_bench.py``. Styles: weui's 168 KB ``app.wxss`` alone,
then every ACSS/WXSS file of each app (component folders scoped with a class prefix).
Modules: the module table of every ``.js`` file of each app. Real apps are read from
/tmp/realapps when present (see the helper brief); a generated stylesheet and module set
stand in otherwise. Prints numbers only.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from fanxing.compiler.diagnostics import DiagnosticSink
from fanxing.compiler.modules import build_module_table
from fanxing.compiler.styles import compile_stylesheet, component_class_prefix
from timing import median_seconds

REAL_APPS = [
    Path("/tmp/realapps/weui/dist"),
    Path("/tmp/realapps/dimina/fe/example/base"),
    Path("/tmp/realapps/demo/miniprogram"),
    Path("/tmp/realapps/miniprogram-demo/miniprogram"),
]


def _app_files(root: Path, suffixes: tuple[str, ...]) -> list[Path]:
    skip = {"node_modules", "miniprogram_npm"}
    return sorted(p for p in root.rglob("*") if p.suffix in suffixes and not skip & set(p.parts))


def _styles(root: Path) -> None:
    files = _app_files(root, (".wxss", ".acss"))
    sources = {f.relative_to(root).as_posix(): f.read_text(encoding="utf-8") for f in files}
    size = sum(len(s.encode()) for s in sources.values())
    sink = DiagnosticSink()

    def compile_all() -> None:
        sink.items.clear()
        for rel, source in sources.items():
            prefix = component_class_prefix(rel) if "component" in rel else ""
            compile_stylesheet(rel, source, loader=sources.get, sink=sink, class_prefix=prefix)

    dt = median_seconds(compile_all)
    print(f"  styles  {len(files):4d} files {size / 1024:7.0f} KB  {dt * 1000:6.0f} ms  "
          f"{size / dt / 1e6:5.2f} MB/s  {len(sink.errors)} errors {len(sink.warnings)} warnings")


def _modules(root: Path) -> None:
    entries = [f.relative_to(root).as_posix() for f in _app_files(root, (".js",))]
    sink = DiagnosticSink()
    table: dict = {}

    def build() -> None:
        sink.items.clear()
        table.clear()
        table.update(build_module_table(root, entries, sink=sink))

    dt = median_seconds(build)
    size = sum((root / m).stat().st_size for m in table)
    print(f"  modules {len(table):4d} files {size / 1024:7.0f} KB  {dt * 1000:6.0f} ms  "
          f"{size / dt / 1e6:5.2f} MB/s  {len(sink.errors)} errors")


def _generated_app(folder: Path) -> Path:
    rule = ".card{margin:10rpx 20rpx;padding:calc(100% - 8rpx)}\n.card .title:hover{color:red}\n"
    (folder / "app.wxss").write_text(rule * 2000, encoding="utf-8")
    for i in range(50):
        (folder / f"m{i}.js").write_text(
            f"import {{ a }} from './m{(i + 1) % 50}';\nexport const a = {i};\n"
            + "export function f(x) { return a + x; }\n" * 40, encoding="utf-8")
    return folder


def main() -> None:
    weui = Path("/tmp/realapps/weui/dist/app.wxss")
    if weui.is_file():
        source = weui.read_text(encoding="utf-8")
        sink = DiagnosticSink()
        dt = median_seconds(lambda: compile_stylesheet("app.wxss", source, loader=lambda p: None,
                                                sink=sink))
        print(f"weui app.wxss {len(source.encode()) / 1024:.0f} KB: {dt * 1000:.0f} ms "
              f"({len(source.encode()) / dt / 1e6:.2f} MB/s)")
    apps = [p for p in REAL_APPS if p.is_dir()]
    with tempfile.TemporaryDirectory() as tmp:
        if not apps:
            apps = [_generated_app(Path(tmp))]
        for root in apps:
            print(root)
            _styles(root)
            _modules(root)


if __name__ == "__main__":
    main()
