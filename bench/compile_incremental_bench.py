"""Cold compile vs. warm incremental recompile with a ``BuildCache`` (what hot reload does).

For the samples and the real apps present under /tmp/realapps (see compile_bench.py),
each app is copied to a temporary folder (the real apps stay read-only), then:

* cold: ``compile_app`` with a new ``BuildCache`` (median of 3, in this process);
* no change: the same app rebuilt with the warm cache;
* template / style / script: one file of the first page edited, then rebuilt with the
  warm cache (median of 3 edits, each a different change).

Every figure is wall time in ms; nothing asserts them.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from compile_bench import REAL_APPS, ROOT  # noqa: E402
from fanxing.compiler.build import compile_app  # noqa: E402
from fanxing.compiler.build_cache import BuildCache  # noqa: E402
from fanxing.compiler.project import load_project  # noqa: E402

SAMPLES = [ROOT / "samples" / name for name in ("todo-alipay", "todo-wechat", "shop", "gallery")]
RUNS = 3


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def _edits(app_root: Path) -> dict[str, tuple[Path, str]]:
    """One file per kind to edit (first page that has it) and the text to append."""
    project = load_project(app_root)
    app = compile_app(app_root)
    ext = project.dialect
    found: dict[str, tuple[Path, str]] = {}
    for route in app.pages:
        for kind, suffix, text in (("template", ext.template, "\n<view>bench {n}</view>\n"),
                                   ("style", ext.style, "\n.fx-bench-{n} {{ color: red }}\n"),
                                   ("script", ".js", "\n// bench {n}\n")):
            if kind not in found and project.has(route + suffix):
                found[kind] = (project.root / (route + suffix), text)
    return found


def measure(app: Path) -> dict[str, float]:
    """Median ms of a cold build, a no-change rebuild and a rebuild per kind of edit."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "app"
        shutil.copytree(app, copy, symlinks=True)
        out = {"cold": statistics.median(
            _timed(lambda: compile_app(copy, cache=BuildCache())) for _ in range(RUNS))}
        cache = BuildCache()
        compile_app(copy, cache=cache)
        out["no change"] = statistics.median(
            _timed(lambda: compile_app(copy, cache=cache)) for _ in range(RUNS))
        for kind, (path, text) in _edits(copy).items():
            compile_app(copy, cache=cache)
            original = path.read_text("utf-8")
            times = []
            for n in range(RUNS):
                path.write_text(original + text.format(n=n), "utf-8")
                times.append(_timed(lambda: compile_app(copy, cache=cache)))
            path.write_text(original, "utf-8")
            out[kind] = statistics.median(times)
        return out


def main() -> None:
    """Print cold and warm incremental figures per app."""
    compile_app(SAMPLES[0])  # imports and first-use costs out of the way
    apps = [a for a in SAMPLES + REAL_APPS if a.is_dir()]
    kinds = ["cold", "no change", "template", "style", "script"]
    print(f"{'app (ms)':<46}" + "".join(f"{k:>11}" for k in kinds))
    for app in apps:
        if not (app / "app.json").is_file() and not any(app.glob("*.config.json")) \
                and not (app / "mini.project.json").is_file():
            continue
        figures = measure(app)
        name = app.relative_to(ROOT) if app.is_relative_to(ROOT) else app
        print(f"{str(name):<46}" + "".join(
            f"{figures[k]:11.1f}" if k in figures else f"{'-':>11}" for k in kinds))
    missing = [a for a in REAL_APPS if not a.is_dir()]
    if missing:
        print("(missing real apps: " + ", ".join(str(a) for a in missing) + ")")


if __name__ == "__main__":
    main()
