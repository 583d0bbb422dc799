"""Run every ``bench/*_bench.py`` (its ``main()``) and print their figures.

``python bench/run.py`` runs them all; ``python bench/run.py compile`` only those whose
file name contains ``compile``. Benches print; nothing here asserts timings.
"""

from __future__ import annotations

import importlib.util
import sys
import time
import traceback
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def discover(filters: list[str]) -> list[Path]:
    """The bench files, sorted, keeping those whose name contains any filter."""
    files = sorted(BENCH_DIR.glob("*_bench.py"))
    return [f for f in files if not filters or any(s in f.stem for s in filters)]


def run_one(path: Path) -> bool:
    """Import ``path`` and call its ``main()``; False when it failed."""
    spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
        module.main()
    except Exception:  # one broken bench must not hide the others' numbers
        traceback.print_exc()
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    files = discover(sys.argv[1:] if argv is None else argv)
    if not files:
        print("no benches found", file=sys.stderr)
        return 1
    failed = []
    for path in files:
        print(f"== {path.stem}")
        start = time.perf_counter()
        if not run_one(path):
            failed.append(path.stem)
        print(f"   ({time.perf_counter() - start:.1f} s)\n")
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
