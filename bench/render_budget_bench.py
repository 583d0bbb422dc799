"""What the render budget costs: a 1000-item keyed list page (bench/view_bench.py's)
rendered cold (memos dropped) and warm (every item reused), with and without an active
``render_budget()``. Prints medians in ms with the machine load; asserts nothing."""

from __future__ import annotations

import os
import statistics
import time

from fanxing.compiler import template_runtime
from fanxing.compiler.diagnostics import DiagnosticSink
from fanxing.compiler.templates import compile_template_set
from view_bench import FILES, PAGE, _Ctx

N = 1000
RUNS = 40


def timings(fn, cold: bool) -> dict[bool, list[float]]:
    """ms per render without and with a budget, interleaved (the load moves a lot)."""
    times: dict[bool, list[float]] = {False: [], True: []}
    for i in range(2 * RUNS):
        budget = bool(i % 2)
        if cold:
            template_runtime.reset_memos()
        t = time.perf_counter()
        if budget:
            with template_runtime.render_budget():
                fn()
        else:
            fn()
        times[budget].append((time.perf_counter() - t) * 1000)
    return times


def main() -> None:
    print(f"machine load (1/5/15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    ts = compile_template_set(FILES, "wechat", DiagnosticSink())
    data = {"list": [{"id": i, "name": f"item {i}", "done": i % 3 == 0} for i in range(N)]}
    ctx = _Ctx()

    def render() -> None:
        ts.render(PAGE, data, ctx)

    for cold in (True, False):
        t = timings(render, cold)
        print(f"{'cold' if cold else 'warm'} render, {N} items (median / min ms): without a "
              f"budget {statistics.median(t[False]):.2f} / {min(t[False]):.2f}, with one "
              f"{statistics.median(t[True]):.2f} / {min(t[True]):.2f}")


if __name__ == "__main__":
    main()
