"""PageView: data ops, re-render and patch, custom components, slots, class scoping."""

from __future__ import annotations

import itertools

import pytest
from fanxing.compiler.render_tree import EventBinding, Node, text
from fanxing.compiler.styles import component_class_prefix, component_host_class
from fanxing.runtime.view.data import DataPathError, apply_ops, parse_path
from fanxing.runtime.view.page_view import ComponentDef, PageView, ViewError
from view_dom_model import DomModel

CARD = "components/card/card"
BADGE = "components/badge/badge"


def page_list(data):
    return [Node("view", cls="list", children=[
        Node("view", key=it["id"], cls="row", dataset={"id": it["id"]},
             children=[text(it["name"])]) for it in data.get("list", [])])]


def ids():
    counter = itertools.count(1)
    return lambda: f"c{next(counter)}"


def card_render(data):
    return [Node("view", cls="card", children=[
        Node("text", cls="title", children=[text(str(data.get("title", "")))]),
        Node("badge", attrs={"count": data.get("count", 0)}),
        Node("slot", attrs={"name": "footer"}, children=[text("no footer")]),
        Node("slot", attrs={"name": ""}),
    ])]


def badge_render(data):
    return [Node("text", cls="badge", children=[text(f"#{data.get('count')}")])]


COMPONENTS = {
    CARD: ComponentDef(CARD, card_render, {"badge": BADGE}),
    BADGE: ComponentDef(BADGE, badge_render),
}


def make_page(render, **kw) -> tuple[PageView, DomModel]:
    view = PageView("p1", render, components=COMPONENTS, new_component_id=ids(),
                    using_components={"card": CARD}, **kw)
    return view, DomModel()


def run(dom: DomModel, up):
    if up.patch is not None:
        dom.apply(up.patch)
    return up


# ---- view data ----------------------------------------------------------------------

@pytest.mark.parametrize(("path", "segs"), [
    ("a", ["a"]), ("a.b[2].c", ["a", "b", 2, "c"]), ("list[0][1]", ["list", 0, 1]),
    ("a\\.b.c", ["a.b", "c"]),
])
def test_parse_path(path, segs):
    assert parse_path(path) == segs


@pytest.mark.parametrize("path", ["", "a..b", "[0]", "a[x]", "a[1]b", "a."])
def test_bad_paths_name_the_problem(path):
    with pytest.raises(DataPathError, match="data path|expected"):
        parse_path(path)


def test_ops_create_containers_and_leave_old_data_alone():
    old = {"list": [{"name": "a"}]}
    new = apply_ops(old, [["set", "list[0].name", "b"], ["set", "x.y[2]", 1],
                          ["set", "o[3]", "k"], ["splice", "list", 1, 0, [{"name": "c"}]]])
    assert old == {"list": [{"name": "a"}]}
    assert new == {"list": [{"name": "b"}, {"name": "c"}], "x": {"y": [None, None, 1]},
                   "o": [None, None, None, "k"]}
    assert apply_ops({"o": {}}, [["set", "o[3]", 1]]) == {"o": {"3": 1}}
    assert apply_ops({"l": [1, 2, 3]}, [["splice", "l", -2, 1, []]]) == {"l": [1, 3]}


def test_bad_op_is_reported():
    with pytest.raises(DataPathError, match="op #0"):
        apply_ops({}, [["merge", "a", 1]])


# ---- page re-render -----------------------------------------------------------------

def test_mount_then_setdata_patches_only_the_changed_row():
    data = {"list": [{"id": i, "name": f"n{i}"} for i in range(100)]}
    view, dom = make_page(page_list, data=data)
    up = run(dom, view.mount())
    assert up.patch["seq"] == 1 and up.patch["pageId"] == "p1"
    rows = list(dom.root.children[0].children)
    up = run(dom, view.apply("p1", [["set", "list[50].name", "changed"]]))
    assert up.patch["ops"] == [["setText", rows[50].children[0].id, "changed"]]
    assert dom.root.children[0].children == rows
    assert view.data["list"][50]["name"] == "changed"


def test_no_patch_when_nothing_changes():
    view, dom = make_page(page_list, data={"list": [{"id": 1, "name": "a"}]})
    run(dom, view.mount())
    up = view.apply("p1", [["set", "unused", 1]])
    assert up.patch is None and up.messages == []


def test_splice_moves_nothing_but_inserts_one():
    view, dom = make_page(page_list, data={"list": [{"id": i, "name": str(i)} for i in range(5)]})
    run(dom, view.mount())
    up = run(dom, view.apply("p1", [["splice", "list", 0, 0, [{"id": 99, "name": "new"}]]]))
    assert sorted(op[0] for op in up.patch["ops"]) == ["create", "insert"]


def test_page_classes_get_the_page_prefix():
    view, dom = make_page(page_list, data={"list": [{"id": 1, "name": "a"}]}, route="pages/index/index")
    run(dom, view.mount())
    prefix = component_class_prefix("pages/index/index")
    assert dom.root.children[0].cls == f"list {prefix}list"


def test_unknown_instance_and_bad_dialect_are_clear_errors():
    view, _ = make_page(page_list)
    with pytest.raises(ViewError, match="instance_id='c9'"):
        view.apply("c9", [])
    with pytest.raises(ViewError, match="dialect"):
        PageView("p1", page_list, dialect="baidu")


# ---- components ---------------------------------------------------------------------

def page_with_card(data):
    kids = [Node("view", slot="footer", cls="foot", children=[text("page footer")])] \
        if data.get("footer") else []
    kids.append(Node("text", cls="body", children=[text(data.get("body", "body"))]))
    return [Node("view", cls="wrap", children=[
        Node("card", attrs={"title": data.get("title", "T"), "count": data.get("n", 1),
                            "extra-info": "x"}, cls="outer", children=kids)])]


def test_component_is_created_rendered_and_slotted():
    view, dom = make_page(page_with_card, data={"title": "Hello"})
    up = run(dom, view.mount())
    assert [m["type"] for m in up.messages] == ["componentCreate", "componentCreate"]
    card, badge = up.messages
    assert card == {"type": "componentCreate", "compId": "c1", "pageId": "p1", "parentId": "p1",
                    "path": CARD, "props": {"title": "Hello", "count": 1, "extraInfo": "x"},
                    "class": "outer"}  # the host's class, for selectComponent
    assert badge["parentId"] == "c1" and badge["props"] == {"count": 1}
    host = dom.root.children[0].children[0]
    assert host.tag == "card"
    assert component_host_class(CARD) in host.cls.split()
    assert f"{component_class_prefix(CARD)}outer" in host.cls.split() and "outer" in host.cls.split()
    inner = host.children[0]
    assert inner.cls == component_class_prefix(CARD) + "card"
    title, badge_host, footer_slot, default_slot = inner.children
    assert title.children[0].text == "Hello"
    assert badge_host.children[0].children[0].text == "#1"
    assert footer_slot.children[0].text == "no footer"  # default content of the slot
    # slot content keeps the page's class naming (page scope, no prefix here)
    assert default_slot.children[0].cls == "body"
    assert default_slot.children[0].children[0].text == "body"


def test_component_setdata_rerenders_only_that_component():
    view, dom = make_page(page_with_card)
    run(dom, view.mount())
    up = run(dom, view.apply("c1", [["set", "title", "From logic"]]))
    title_text = dom.root.children[0].children[0].children[0].children[0].children[0]
    assert up.patch["ops"] == [["setText", title_text.id, "From logic"]]
    assert view.instances["c1"].data["title"] == "From logic"


def test_props_change_is_reported_and_applied_at_once():
    view, dom = make_page(page_with_card, data={"n": 1})
    run(dom, view.mount())
    up = run(dom, view.apply("p1", [["set", "n", 7]]))
    assert up.messages == [{"type": "componentProps", "compId": "c1", "props": {"count": 7}},
                           {"type": "componentProps", "compId": "c2", "props": {"count": 7}}]
    badge = view.instances["c2"].host
    assert dom.nodes[badge.children[0].children[0].id].text == "#7"


def test_slot_content_change_and_named_slot_fill():
    view, dom = make_page(page_with_card, data={"body": "one"})
    run(dom, view.mount())
    up = run(dom, view.apply("p1", [["set", "body", "two"], ["set", "footer", True]]))
    assert up.messages == []  # slot content is not a prop
    footer_slot = view.instances["c1"].host.children[0].children[2]
    shown = dom.nodes[footer_slot.id]
    assert shown.children[0].cls == "foot"
    assert shown.children[0].children[0].text == "page footer"
    default_slot = dom.nodes[view.instances["c1"].host.children[0].children[3].id]
    assert default_slot.children[0].children[0].text == "two"
    # the slotted node belongs to the page: its events go to p1
    assert view.node(footer_slot.children[0].id).scope.owner == "p1"


def test_removing_the_host_destroys_nested_instances():
    view, dom = make_page(page_with_card)
    run(dom, view.mount())
    view_nodes = set(view._differ.nodes)
    up = run(dom, view.destroy())
    assert sorted(m["compId"] for m in up.messages if m["type"] == "componentDestroy") == ["c1", "c2"]
    assert view.instances == {}
    assert set(dom.nodes) == {0} and len(view_nodes) > 5


def test_keyed_components_keep_their_instance_when_reordered():
    def render(data):
        return [Node("badge", key=k, attrs={"count": k}) for k in data["keys"]]
    view = PageView("p1", render, using_components={"badge": BADGE}, components=COMPONENTS,
                    new_component_id=ids(), data={"keys": [1, 2, 3]})
    dom = DomModel()
    run(dom, view.mount())
    by_count = {inst.props["count"]: cid for cid, inst in view.instances.items()}
    up = run(dom, view.apply("p1", [["set", "keys", [3, 1, 2]]]))
    assert up.messages == []
    assert {inst.props["count"]: cid for cid, inst in view.instances.items()} == by_count
    assert [c.children[0].children[0].text for c in dom.root.children] == ["#3", "#1", "#2"]


def test_alipay_callback_props_and_props_seed():
    def render(data):
        return [Node("badge", attrs={"count": 2}, events=[EventBinding("change", "onBadge")])]
    view = PageView("p1", render, dialect="alipay", using_components={"badge": BADGE},
                    components={BADGE: ComponentDef(BADGE, lambda d: [text(str(d["props"]["count"]))])},
                    new_component_id=ids())
    dom = DomModel()
    up = run(dom, view.mount())
    assert up.messages[0]["props"] == {"count": 2, "onChange": {"$handler": "onBadge"}}
    assert dom.root.children[0].children[0].text == "2"


def test_external_classes_use_the_parents_naming():
    def render(data):
        return [Node("badge", attrs={"count": 1, "my-class": data["c"]})]
    defn = ComponentDef(BADGE, lambda d: [Node("view", cls="my-class inner")],
                        external_classes=("my-class",))
    view = PageView("p1", render, using_components={"badge": BADGE}, components={BADGE: defn},
                    new_component_id=ids(), route="pages/a/a", data={"c": "red"})
    dom = DomModel()
    run(dom, view.mount())
    page_prefix, own = component_class_prefix("pages/a/a"), component_class_prefix(BADGE)
    inner = dom.root.children[0].children[0]
    assert inner.cls == f"red {page_prefix}red {own}inner"
    up = run(dom, view.apply("p1", [["set", "c", "blue"]]))
    assert inner.cls == f"blue {page_prefix}blue {own}inner"
    assert up.messages[0]["type"] == "componentProps"


def test_scoped_slot_renders_with_the_slot_values():
    def comp(data):
        return [Node("slot", attrs={"name": "", "item": {"n": data.get("n", 5)}})]

    def page(data):
        return [Node("badge", children=[Node("#scoped-slot", attrs={
            "render": lambda scope: [Node("text", children=[text(f"got {scope['item']['n']}")])]})])]
    view = PageView("p1", page, using_components={"badge": BADGE},
                    components={BADGE: ComponentDef(BADGE, comp)}, new_component_id=ids())
    dom = DomModel()
    run(dom, view.mount())
    slot = dom.root.children[0].children[0]
    assert slot.children[0].children[0].text == "got 5"
    run(dom, view.apply("c1", [["set", "n", 6]]))
    assert slot.children[0].children[0].text == "got 6"


def test_missing_component_definition_is_named():
    view = PageView("p1", lambda d: [Node("x-y")], using_components={"x-y": "comp/x"},
                    components={})
    with pytest.raises(ViewError, match="'comp/x'"):
        view.mount()


def test_snapshot_shows_components_expanded():
    view, _ = make_page(page_with_card)
    view.mount()
    snap = view.snapshot()
    host = snap[0]["children"][0]
    assert host["compId"] == "c1" and host["component"] == CARD
    assert host["children"][0]["tag"] == "view"


# ---- real compiled templates ------------------------------------------------------------

def _compiled(files, dialect):
    from fanxing.compiler.diagnostics import DiagnosticSink
    from fanxing.compiler.templates import compile_template_set
    sink = DiagnosticSink()
    ts = compile_template_set(files, dialect, sink)
    assert sink.items == []
    return ts


class _NoModules:
    def call_module(self, module_id, member, args):
        raise AssertionError(module_id)

    def module_member(self, module_id, member):
        raise AssertionError(module_id)


@pytest.mark.parametrize(("dialect", "page_src", "comp_src"), [
    ("wechat",
     '<view class="list"><view wx:for="{{list}}" wx:key="id" class="row" bindtap="onTap">'
     '{{item.name}}</view></view><card title="{{title}}"><text>in slot</text></card>',
     '<view class="card"><text>{{title}}</text><slot/></view>'),
    ("alipay",
     '<view class="list"><view a:for="{{list}}" a:key="id" class="row" onTap="onTap">'
     '{{item.name}}</view></view><card title="{{title}}"><text>in slot</text></card>',
     '<view class="card"><text>{{props.title}}</text><slot/></view>'),
])
def test_real_templates_render_diff_and_host_components(dialect, page_src, comp_src):
    ext = "wxml" if dialect == "wechat" else "axml"
    ts = _compiled({f"pages/index/index.{ext}": page_src, f"components/card/card.{ext}": comp_src},
                   dialect)
    ctx = _NoModules()
    view = PageView("p1", lambda d: ts.render(f"pages/index/index.{ext}", d, ctx),
                    dialect=dialect, using_components={"card": CARD}, new_component_id=ids(),
                    components={CARD: ComponentDef(
                        CARD, lambda d: ts.render(f"components/card/card.{ext}", d, ctx))},
                    data={"title": "Hi", "list": [{"id": i, "name": f"n{i}"} for i in range(4)]})
    dom = DomModel()
    up = run(dom, view.mount())
    assert up.messages[0]["props"] == {"title": "Hi"}
    rows = dom.root.children[0].children
    assert [r.children[0].text for r in rows] == ["n0", "n1", "n2", "n3"]
    assert rows[0].events == ["tap"]
    card_text = dom.root.children[1].children[0].children[0].children[0]
    assert card_text.text == "Hi"
    kept = list(rows)
    up = run(dom, view.apply("p1", [["set", "list", [view.data["list"][i] for i in (3, 2, 1, 0)]],
                                    ["set", "title", "Yo"]]))
    assert dom.root.children[0].children == kept[::-1]
    assert up.messages == [{"type": "componentProps", "compId": "c1", "props": {"title": "Yo"}}]
    assert card_text.text == "Yo"


# ---- relative URLs in component templates ---------------------------------------------

def pic_render(data):
    return [Node("image", attrs={"src": data.get("src", "images/a.png")}),
            Node("slot", attrs={"name": ""})]


def test_relative_src_in_a_component_resolves_against_the_component_file():
    pic = "components/pic/pic"
    view = PageView("p1", lambda d: [
        Node("pic", children=[Node("image", attrs={"src": "images/page.png"})]),
        Node("image", attrs={"src": "../x.png"})],
        components={pic: ComponentDef(pic, pic_render)}, new_component_id=ids(),
        using_components={"pic": pic})
    dom = DomModel()
    run(dom, view.mount())
    host, page_img = dom.root.children
    comp_img, slot = host.children
    assert comp_img.attrs["src"] == "/components/pic/images/a.png"
    # slot content and the page's own nodes keep the page's relative URL (client resolves)
    assert slot.children[0].attrs["src"] == "images/page.png"
    assert page_img.attrs["src"] == "../x.png"
    # a later setData of the component resolves too; absolute URLs are untouched
    inst = next(iter(view.instances))
    run(dom, view.apply(inst, [["set", "src", "../shared/b.png?x=1"]]))
    assert comp_img.attrs["src"] == "/components/shared/b.png?x=1"
    run(dom, view.apply(inst, [["set", "src", "https://h/c.png"]]))
    assert comp_img.attrs["src"] == "https://h/c.png"
