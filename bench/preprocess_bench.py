"""TypeScript / Less / Sass engines: time to compile a corpus, one engine beside another.

Usage: ``python bench/preprocess_bench.py [APP_DIR ...]``: every ``.ts`` (not ``.d.ts``),
``.less`` and ``.scss`` file under the samples and the given app folders (for instance
miniprogram-demo's ``miniprogram/``) is compiled by each engine that is installed here:

* TypeScript: esbuild's transform in fanxing's Node worker (what the build uses),
  ``esbuild-py`` (PyPI, in process), and, when ``$BENCH_NODE_EXTRA`` names a folder
  with them in ``node_modules``, ``typescript`` (5.x ``transpileModule``) and
  ``sucrase`` in one Node process;
* Less: ``less`` in the Node worker, ``lesscpy`` (PyPI);
* Sass: dart-sass (``sass``) in the Node worker, ``libsass`` (PyPI).

Each figure is the median of 3 passes over the corpus after a warm-up pass (engines
loaded), plus how many files each engine failed on. Prints the machine load.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from fanxing.compiler.node_worker import EngineError, NodeWorker
from fanxing.compiler.nodejs import node_executable
from timing import median_seconds

ROOT = Path(__file__).resolve().parents[1]
_SKIP = {"node_modules", "miniprogram_npm", ".git"}

# One Node process answering {"engine", "source"} lines with {"ok"}: typescript and sucrase.
_NODE_ALT = r"""
const rl = require('readline').createInterface({ input: process.stdin });
const dir = process.argv[1];
const load = (n) => { try { return require(require.resolve(n, { paths: [dir] })); } catch (e) { return null; } };
const ts = load('typescript'), sucrase = load('sucrase');
rl.on('line', (line) => {
  const req = JSON.parse(line);
  let ok = true;
  try {
    if (req.engine === 'typescript') {
      if (!ts || !ts.transpileModule) throw new Error('missing');
      const out = ts.transpileModule(req.source, { reportDiagnostics: true,
        compilerOptions: { target: 99, module: 99, sourceMap: true } });
      ok = !(out.diagnostics || []).length;
    } else {
      if (!sucrase) throw new Error('missing');
      sucrase.transform(req.source, { transforms: ['typescript'], sourceMapOptions: { compiledFilename: 'a.js' }, filePath: 'a.ts' });
    }
  } catch (e) { ok = e.message === 'missing' ? null : false; }
  process.stdout.write(JSON.stringify({ ok }) + '\n');
});
"""


def corpus(folders: list[Path]) -> dict[str, list[tuple[Path, str]]]:
    """``{".ts": [(path, text)], ".less": …, ".scss": …}`` under ``folders``."""
    out: dict[str, list[tuple[Path, str]]] = {".ts": [], ".less": [], ".scss": []}
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = [d for d in dirnames if d not in _SKIP]
            for name in filenames:
                ext = os.path.splitext(name)[1]
                if ext in out and not name.endswith(".d.ts"):
                    path = Path(dirpath) / name
                    out[ext].append((path, path.read_text(encoding="utf-8", errors="replace")))
    return out


def measure(files: list[tuple[Path, str]], compile_one: Callable[[Path, str], bool | None]
            ) -> tuple[float, int] | None:
    """(median seconds for the corpus, files that failed), None if the engine is absent."""
    results = [compile_one(p, s) for p, s in files]  # warm-up, and the failure count
    if any(r is None for r in results):
        return None
    seconds = median_seconds(lambda: [compile_one(p, s) for p, s in files], runs=3)
    return seconds, sum(1 for r in results if not r)


def _worker_engine(worker: NodeWorker, op: str, syntax: str | None = None
                   ) -> Callable[[Path, str], bool | None]:
    def run(path: Path, source: str) -> bool:
        try:
            args = {"syntax": syntax} if syntax else {}
            if op == "ts":
                worker.call(op, source=source, file=path.name, tsconfig={})
            else:
                worker.call(op, source=source, file=str(path), roots=["/"], **args)
            return True
        except EngineError:
            return False
    return run


def _esbuild_py() -> Callable[[Path, str], bool | None]:
    try:
        import esbuild_py
    except Exception:  # noqa: BLE001  (absent, or its ctypes load fails on this Python)
        return lambda p, s: None
    return lambda p, s: bool(esbuild_py.transform(s))  # "" when it cannot parse


def _lesscpy() -> Callable[[Path, str], bool | None]:
    try:
        import io

        import lesscpy
    except ImportError:
        return lambda p, s: None

    def run(path: Path, source: str) -> bool:
        cwd = os.getcwd()
        try:
            os.chdir(path.parent)  # lesscpy resolves @import from the current folder
            lesscpy.compile(io.StringIO(source), minify=False)
            return True
        except Exception:  # noqa: BLE001  (any failure is a failed file for the bench)
            return False
        finally:
            os.chdir(cwd)
    return run


def _libsass() -> Callable[[Path, str], bool | None]:
    try:
        import sass
    except ImportError:
        return lambda p, s: None

    def run(path: Path, source: str) -> bool:
        try:
            sass.compile(string=source, include_paths=[str(path.parent)])
            return True
        except Exception:  # noqa: BLE001
            return False
    return run


def _node_alt(engine: str) -> tuple[Callable[[Path, str], bool | None], Callable[[], None]]:
    extra = os.environ.get("BENCH_NODE_EXTRA")
    if not extra:
        return (lambda p, s: None), (lambda: None)
    proc = subprocess.Popen([node_executable(), "-e", _NODE_ALT, extra], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, bufsize=1)

    def run(path: Path, source: str) -> bool | None:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(json.dumps({"engine": engine, "source": source}) + "\n")
        proc.stdin.flush()
        return json.loads(proc.stdout.readline())["ok"]

    def close() -> None:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(10)
    return run, close


def main(argv: list[str]) -> None:
    folders = [ROOT / "samples", *(Path(a) for a in argv)]
    files = corpus(folders)
    print(f"load {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f}   files: "
          + ", ".join(f"{len(v)} {k}" for k, v in files.items()))
    t0 = time.perf_counter()
    worker = NodeWorker()
    worker.call("versions")
    print(f"Node worker start                {1000 * (time.perf_counter() - t0):8.1f} ms")
    versions = worker.call("versions")
    ts_alt, close_ts = _node_alt("typescript")
    su_alt, close_su = _node_alt("sucrase")
    rows = [
        (".ts", f"esbuild {versions['esbuild']} (Node worker)", _worker_engine(worker, "ts")),
        (".ts", "esbuild-py (PyPI, in process)", _esbuild_py()),
        (".ts", "typescript transpileModule (Node)", ts_alt),
        (".ts", "sucrase (Node)", su_alt),
        (".less", f"less {versions['less']} (Node worker)", _worker_engine(worker, "less")),
        (".less", "lesscpy (PyPI)", _lesscpy()),
        (".scss", f"dart-sass {versions['sass']} (Node worker)",
         _worker_engine(worker, "sass", "scss")),
        (".scss", "libsass (PyPI)", _libsass()),
    ]
    for ext, name, engine in rows:
        if not files[ext]:
            continue
        result = measure(files[ext], engine)
        if result is None:
            print(f"{ext:<6} {name:<40}   not installed")
            continue
        seconds, failed = result
        print(f"{ext:<6} {name:<40} {seconds * 1000:8.1f} ms   "
              f"{seconds * 1000 / len(files[ext]):6.2f} ms/file   "
              f"{failed}/{len(files[ext])} failed")
    worker.close()
    close_ts()
    close_su()


if __name__ == "__main__":
    main(sys.argv[1:])
