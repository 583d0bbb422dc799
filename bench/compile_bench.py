"""Compile throughput: templates per second, and whole apps (samples and real apps).

Real apps are used when present under /tmp/realapps (see the helper brief: dimina's
fe/example/base and fe/example/subpackages, weui's dist/, miniprogram-demo's
miniprogram/). Each whole-app figure is the median of a few runs in this process; peak
memory is measured in a fresh subprocess so earlier runs do not count.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from fanxing.compiler.build import compile_app
from fanxing.compiler.diagnostics import DiagnosticSink
from fanxing.compiler.project import load_project
from fanxing.compiler.templates import compile_template_set
from timing import median_seconds

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [ROOT / "samples" / "todo-alipay", ROOT / "samples" / "todo-wechat"]
REAL_APPS = [
    Path("/tmp/realapps/dimina/fe/example/base"),
    Path("/tmp/realapps/dimina/fe/example/subpackages"),
    Path("/tmp/realapps/weui/dist"),
    Path("/tmp/realapps/miniprogram-demo/miniprogram"),
]
_PEAK_SCRIPT = """
import resource, sys, time
from fanxing.compiler.build import compile_app
t = time.perf_counter()
compile_app(sys.argv[1])
dt = time.perf_counter() - t
print(dt, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def templates_per_second(apps: list[Path], min_seconds: float = 1.0) -> tuple[float, int]:
    """Templates compiled per second over every template of ``apps`` (and how many)."""
    corpus: list[tuple[dict[str, str], str]] = []
    for app in apps:
        project = load_project(app)
        files = {f: project.read(f) for f in project.files_with(project.dialect.template)}
        corpus.append((files, project.dialect.name))
    count = sum(len(files) for files, _ in corpus)
    done, start = 0, time.perf_counter()
    while True:
        for files, dialect in corpus:
            compile_template_set(files, dialect, DiagnosticSink())
        done += count
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return done / elapsed, count


def fresh_process_run(app: Path) -> tuple[float, float]:
    """(seconds, peak MiB) of one cold compile in a new Python process."""
    out = subprocess.run([sys.executable, "-c", _PEAK_SCRIPT, str(app)], check=True,
                         capture_output=True, text=True, timeout=300).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    """Print the compile figures."""
    real = [app for app in REAL_APPS if (app / "app.json").is_file()]
    rate, count = templates_per_second(SAMPLES + real)
    print(f"templates/s                  {rate:10.0f}   ({count} templates: samples"
          f"{' + real apps' if real else ''})")
    for app in SAMPLES + real:
        result = compile_app(app)
        errors = sum(d.severity == "error" for d in result.diagnostics)
        warm = median_seconds(lambda app=app: compile_app(app), runs=5 if app in SAMPLES else 3)
        cold, peak = fresh_process_run(app)
        name = app.relative_to(ROOT) if app.is_relative_to(ROOT) else app
        print(f"compile {str(name):<44} {warm * 1000:8.1f} ms warm  {cold * 1000:8.1f} ms cold"
              f"  {peak:6.0f} MiB peak  {len(result.pages):3d} pages  {errors} errors")
    if not real:
        print("(no real apps under /tmp/realapps; see bench/compile_bench.py)")


if __name__ == "__main__":
    main()
