"""Template codegen time against loop-nesting depth (issue 10, finding 6).

Each depth is one file of ``depth`` nested ``wx:for`` whose innermost body reads every
loop variable (the worst case for loop memos, which list what a body reads). Codegen
should grow about linearly with the generated code; prints seconds per depth with the
machine load. Deeper than Python's ~20 nested blocks the file gets a "nested too deeply
to compile" diagnostic, but its code is still generated first, so the time counts.
"""

from __future__ import annotations

import os
import sys
import time

from fanxing.compiler.diagnostics import DiagnosticSink
from fanxing.compiler.templates import compile_template_set

DEPTHS = [int(a) for a in sys.argv[1:]] or [10, 50, 99]


def nested(depth: int) -> str:
    opens = "".join(f'<view wx:for="{{{{l{i}}}}}" wx:for-item="i{i}">' for i in range(depth))
    reads = "".join(f"{{{{i{i}.v}}}}" for i in range(depth))
    return opens + reads + "</view>" * depth


def main() -> None:
    print(f"machine load (1/5/15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for depth in DEPTHS:
        src = nested(depth)
        start = time.perf_counter()
        sink = DiagnosticSink()
        compile_template_set({"p.wxml": src}, "wechat", sink)
        took = time.perf_counter() - start
        note = sink.items[0].message if sink.items else "ok"
        print(f"depth {depth:3d}: {took:7.3f} s  ({note})")


if __name__ == "__main__":
    main()
