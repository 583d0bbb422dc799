"""Render speed of compiled templates: a 1000-item keyed list, in both dialects.

Prints the median time of one ``render(data, ctx)`` call (the whole render tree of
the page), the node count, and nodes per millisecond. Nothing here asserts timings.
"""

from __future__ import annotations

import statistics
import time

from fanxing.compiler.diagnostics import DiagnosticSink
from fanxing.compiler.templates import compile_template_set

LIST = """
<view class="page">
  <view class="header" @:if="{{title}}">{{title}} ({{list.length}})</view>
  <view @:for="{{list}}" @:key="id" class="row {{item.done ? 'done' : ''}}"
        data-id="{{item.id}}" {tap}="onTap">
    <text class="name">{{index + 1}}. {{item.name}}</text>
    <text class="price" @:if="{{item.price > 0}}">{{item.price * 2}}</text>
  </view>
</view>
"""


def bench(dialect: str, n: int = 1000, runs: int = 30) -> tuple[float, int]:
    prefix, tap, ext = (("a:", "onTap", ".axml") if dialect == "alipay"
                        else ("wx:", "bindtap", ".wxml"))
    src = LIST.replace("@:", prefix).replace("{tap}", tap)
    sink = DiagnosticSink()
    ts = compile_template_set({"list" + ext: src}, dialect, sink)  # type: ignore[arg-type]
    assert not sink.items, sink.items
    render = ts.render_function("list" + ext)
    data = {"title": "Items", "list": [{"id": i, "name": f"item {i}", "price": i % 7,
                                        "done": i % 3 == 0} for i in range(n)]}
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        nodes = render(data, None)
        times.append(time.perf_counter() - t)
    count = 0
    stack = list(nodes)
    while stack:
        node = stack.pop()
        count += 1
        stack.extend(node.children)
    return statistics.median(times) * 1000, count


def main() -> None:
    for dialect in ("alipay", "wechat"):
        ms, count = bench(dialect)
        print(f"render 1000-item keyed list ({dialect:6}) {ms:7.2f} ms   "
              f"({count} nodes, {count / ms:.0f} nodes/ms)")


if __name__ == "__main__":
    main()
