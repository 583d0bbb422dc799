"""WXS response events bench: one ``touchmove`` whose WXS handler moves another node
(``ownerInstance.selectComponent('.box').setStyle(...)``), on a page of N list rows.

Run: ``.venv/bin/python bench/wxs_events_bench.py``. Prints numbers, asserts nothing.

* first event after a patch that added a node: the owner's tree snapshot is built and
  sent to JS again;
* after a setData that only changed text: the cached snapshot still holds;
* repeated events: the JS side reuses its cached snapshot (the common drag case);
* for comparison, the same page's ``touchmove`` with a plain logic handler (the view's
  dispatch only: no logic-layer round trip, which is what WXS saves).
Times are view-side: event message in → patch (and messages) out.
"""

from __future__ import annotations

import statistics
import time

from fanxing.compiler.diagnostics import DiagnosticSink
from fanxing.compiler.js_module import JsModule
from fanxing.compiler.templates import compile_template_set
from fanxing.runtime.view.page_view import PageView
from fanxing.runtime.view.script_modules import ViewModules

PAGE = ('<wxs module="m" src="/drag.wxs"/>'
        '<view class="box" style="position: absolute"/>'
        '<view class="handle" bindtouchmove="{{m.move}}" bindtouchstart="onStart">drag</view>'
        '<view class="list"><view wx:for="{{list}}" wx:key="id" class="row" data-id="{{item.id}}">'
        '<text class="name">{{item.name}}</text></view></view>')
DRAG = """module.exports = { move: function (e, owner) {
  var t = e.touches[0]
  owner.selectComponent('.box').setStyle({ left: t.pageX + 'px', top: t.pageY + 'px' })
} }"""


def setup(n: int) -> tuple[PageView, int]:
    sink = DiagnosticSink()
    ts = compile_template_set({"p.wxml": PAGE}, "wechat", sink)
    modules = ViewModules({"drag.wxs": JsModule("drag.wxs", "drag.wxs", DRAG, {})})
    data = {"list": [{"id": i, "name": f"row {i}"} for i in range(n)]}
    view = PageView("p1", lambda d: ts.render("p.wxml", d, modules), dialect="wechat",
                    data=data, modules=modules)
    view.mount()
    handle = next(i for i, v in view._differ.nodes.items() if v.node.cls == "handle")
    return view, handle


def event(handle: int, name: str, x: float) -> dict:
    touches = [{"identifier": 0, "pageX": x, "pageY": x, "clientX": x, "clientY": x}]
    return {"type": "event", "pageId": "p1", "nodeId": handle, "name": name, "detail": {},
            "touches": touches, "changedTouches": touches}


def ms(fn, repeat: int) -> float:
    times = []
    for i in range(repeat):
        t = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    for n in (10, 1000):
        view, handle = setup(n)

        first_times: list[float] = []
        text_times: list[float] = []
        for i in range(15):
            # a new row: the snapshot is stale and sent again
            view.apply("p1", [["splice", "list", 0, 0, [{"id": -i - 1, "name": "new"}]]])
            t = time.perf_counter()
            view.event(event(handle, "touchmove", i))
            first_times.append((time.perf_counter() - t) * 1000)
            # a text change: what selectors see is the same, the cached snapshot holds
            view.apply("p1", [["set", "list[0].name", f"x{i}"]])
            t = time.perf_counter()
            view.event(event(handle, "touchmove", i))
            text_times.append((time.perf_counter() - t) * 1000)
        cached = ms(lambda i, view=view, handle=handle: view.event(
            event(handle, "touchmove", i)), 200)
        plain = ms(lambda i, view=view, handle=handle: view.event(
            event(handle, "touchstart", i)), 200)
        print(f"  {n:5d} rows: WXS touchmove after a row was added "
              f"{statistics.median(first_times):6.2f} ms, after a text change "
              f"{statistics.median(text_times):6.3f} ms, repeated {cached:6.3f} ms; "
              f"logic-handler dispatch {plain:6.3f} ms")


if __name__ == "__main__":
    main()
