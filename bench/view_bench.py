"""View-layer bench: render, diff and patch sizes for a 1000-item keyed list.

Run: ``.venv/bin/python bench/view_bench.py [--no-memo]``. Prints numbers, asserts
nothing; ``--no-memo`` compiles templates without loop memos (the "before" figures).

* first render of a 1000-node page (real WXML compiled by ``compile_template_set``):
  render-tree node count, render time, diff (create) time, patch size;
* one item changed in a 1000-item keyed list (``setData({'list[500].name': …})``):
  data ops + re-render + diff vs the same page rendered from scratch, and patch sizes
  (re-renders reuse unchanged loop items' nodes, see ``fanxing.compiler.template_memo``;
  "cold" figures drop those memos first with ``template_runtime.reset_memos``);
* the same change when the list items are custom components and the change arrives
  as the component's own setData (only that component re-renders);
* patches per second for the one-item change (setData → patch JSON).
"""

from __future__ import annotations

import json
import statistics
import sys
import time

from fanxing.compiler import template_codegen, template_runtime
from fanxing.compiler.diagnostics import DiagnosticSink
from fanxing.compiler.render_tree import Node
from fanxing.compiler.templates import compile_template_set
from fanxing.runtime.view.diff import Differ, Scope, VNode
from fanxing.runtime.view.page_view import ComponentDef, PageView

PAGE = "pages/list/list.wxml"
ITEM = "components/item/item.wxml"
FILES = {
    PAGE: ('<view class="list">'
           '<view wx:for="{{list}}" wx:key="id" class="row {{item.done ? \'done\' : \'\'}}" '
           'data-id="{{item.id}}" bindtap="onTap">{{item.name}}</view></view>'),
    "pages/comp/comp.wxml": ('<view class="list"><item wx:for="{{list}}" wx:key="id" '
                             'name="{{item.name}}" data-id="{{item.id}}"/></view>'),
    ITEM: '<view class="row" bindtap="onTap"><text>{{name}}</text></view>',
}
N = 1000


class _Ctx:
    def call_module(self, module_id, member, args):
        raise LookupError(module_id)

    def module_member(self, module_id, member):
        raise LookupError(module_id)


def count(nodes: list[Node]) -> int:
    return sum(1 + count(n.children) for n in nodes)


def timed(fn, repeat: int = 20) -> tuple[float, object]:
    """Median ms of ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> None:
    if "--no-memo" in (sys.argv[1:] if argv is None else argv):
        template_codegen.MEMOIZE_LOOPS = False
        print("(templates compiled without loop memos)")
    sink = DiagnosticSink()
    ts = compile_template_set(FILES, "wechat", sink)
    assert not sink.items, sink.items
    ts.load_all()
    ctx = _Ctx()
    render_page = ts.render_function(PAGE)
    data = {"list": [{"id": i, "name": f"item {i}", "done": i % 3 == 0} for i in range(N)]}

    def render(d):
        return render_page(d, ctx)

    nodes = render(data)
    print(f"page: {N}-item keyed list, {count(nodes)} render-tree nodes")

    # ---- first render -------------------------------------------------------------
    def cold_render(d):
        template_runtime.reset_memos()
        return render(d)
    t_render, _ = timed(lambda: cold_render(data))

    def first():
        template_runtime.reset_memos()
        view = PageView("p1", render, data=data)
        return view, view.mount()
    t_first, (view, up) = timed(first)
    size = len(json.dumps(up.patch, separators=(",", ":")))
    print(f"first render: render {t_render:.2f} ms, render+diff+ops {t_first:.2f} ms, "
          f"{len(up.patch['ops'])} ops, patch {size / 1024:.1f} KiB")

    # ---- one changed item vs a full re-render ----------------------------------------
    names = iter(range(10**9))

    def one_change():
        return view.apply("p1", [["set", "list[500].name", f"changed {next(names)}"]])
    t_one, up = timed(one_change, 50)
    one_size = len(json.dumps(up.patch, separators=(",", ":")))
    cur = view.data
    t_rerender, _ = timed(lambda: render(cur), 50)
    t_cold, _ = timed(lambda: cold_render(cur), 50)
    trees = [cold_render(cur) for _ in range(51)]  # equal but distinct trees: a full diff
    differ = Differ()
    scope = Scope("p1")
    root = VNode(0, Node("page"), scope, None)
    differ.diff_children(root, trees.pop(), scope)
    differ.take_ops()
    t_diff_only, _ = timed(lambda: differ.diff_children(root, trees.pop(), scope), 50)
    print(f"one item changed: setData+render+diff {t_one:.2f} ms "
          f"(memoized re-render alone {t_rerender:.2f} ms; without memos: render {t_cold:.2f} ms, "
          f"diff of equal trees {t_diff_only:.2f} ms), {len(up.patch['ops'])} op(s), "
          f"patch {one_size} B")
    print(f"  vs full re-render from scratch: {t_first:.2f} ms and {size / 1024:.1f} KiB "
          f"-> patch {size / one_size:.0f}x smaller, {t_first / t_one:.1f}x faster")

    trees.clear()  # keep the GC's live set to the page itself
    root.children = []

    # ---- patches per second ----------------------------------------------------------
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < 1.0:
        up = one_change()
        json.dumps(up.patch)
        n += 1
    print(f"patches per second (1000-item page, one item changed, incl. JSON): {n / (time.perf_counter() - t0):.0f}")
    # ---- the same change inside a component ---------------------------------------------
    item_render = ts.render_function(ITEM)
    comp_page = ts.render_function("pages/comp/comp.wxml")
    defn = ComponentDef("components/item/item", lambda d: item_render(d, ctx))

    def comp_first():
        v = PageView("p2", lambda d: comp_page(d, ctx), data=data,
                     using_components={"item": "components/item/item"},
                     components={"components/item/item": defn})
        return v, v.mount()
    t_comp_first, (cview, cup) = timed(comp_first, 5)
    target = next(cid for cid, inst in cview.instances.items() if inst.host.node.dataset.get("id") == 500)
    t_comp_one, up = timed(lambda: cview.apply(target, [["set", "name", f"c {next(names)}"]]), 50)
    print(f"list of {N} components: first render {t_comp_first:.2f} ms; one component's setData "
          f"{t_comp_one:.3f} ms, {len(up.patch['ops'])} op(s)")

    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < 1.0:
        up = cview.apply(target, [["set", "name", f"c {next(names)}"]])
        json.dumps(up.patch)
        n += 1
    print(f"patches per second (component-local setData): {n / (time.perf_counter() - t0):.0f}")


if __name__ == "__main__":
    main()
