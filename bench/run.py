"""Run every ``bench/*_bench.py`` (each in its own process) and print their figures.

``python bench/run.py`` runs them all; ``python bench/run.py compile`` only those whose
file name contains ``compile``. Benches print; nothing here asserts timings.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def discover(filters: list[str]) -> list[Path]:
    """The bench files, sorted, keeping those whose name contains any filter."""
    files = sorted(BENCH_DIR.glob("*_bench.py"))
    return [f for f in files if not filters or any(s in f.stem for s in filters)]


def run_one(path: Path) -> bool:
    """Run ``path`` in its own Python process (fresh memory figures, and benches that
    start child processes of their own work); False when it failed."""
    return subprocess.run([sys.executable, str(path)], check=False).returncode == 0


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
