"""Keyed diff: ops turn the old screen into the new one, keep matched nodes, stay small."""

from __future__ import annotations

from fanxing.compiler.render_tree import EventBinding, Node, text
from fanxing.runtime.view import protocol as P
from fanxing.runtime.view.diff import Differ, Scope, VNode
from hypothesis import given, settings
from hypothesis import strategies as st
from view_dom_model import DomModel, expected_json


def make_root() -> tuple[Differ, VNode, Scope, DomModel]:
    scope = Scope("p1")
    differ = Differ()
    root = VNode(P.ROOT_ID, Node("page"), scope, None)
    differ.nodes[P.ROOT_ID] = root
    return differ, root, scope, DomModel()


def render(differ: Differ, root: VNode, scope: Scope, dom: DomModel, nodes: list[Node]) -> list:
    differ.diff_children(root, nodes, scope)
    ops = differ.take_ops()
    dom.apply(P.patch_message("p1", ops, 1))
    return ops


def item(key, label: str, cls: str = "row") -> Node:
    return Node("view", key=key, cls=cls, dataset={"k": key}, children=[text(label)])


def keyed_list(keys, labels=None) -> list[Node]:
    labels = labels or {}
    return [Node("view", cls="list", children=[item(k, labels.get(k, f"item {k}")) for k in keys])]


def row_elements(dom: DomModel):
    return dom.root.children[0].children


def test_first_render_is_one_create_and_one_insert_per_root():
    differ, root, scope, dom = make_root()
    ops = render(differ, root, scope, dom, keyed_list(range(5)))
    assert [op[0] for op in ops] == ["create", "insert"]
    assert dom.json() == expected_json(keyed_list(range(5)))


def test_unchanged_render_produces_no_ops():
    differ, root, scope, dom = make_root()
    render(differ, root, scope, dom, keyed_list(range(50)))
    assert render(differ, root, scope, dom, keyed_list(range(50))) == []


def test_one_changed_item_is_one_set_text():
    differ, root, scope, dom = make_root()
    render(differ, root, scope, dom, keyed_list(range(100)))
    before = list(row_elements(dom))
    ops = render(differ, root, scope, dom, keyed_list(range(100), {42: "changed"}))
    assert [op[0] for op in ops] == ["setText"]
    assert row_elements(dom) == before
    assert row_elements(dom)[42].children[0].text == "changed"


def test_reverse_keeps_every_element_and_only_moves():
    differ, root, scope, dom = make_root()
    render(differ, root, scope, dom, keyed_list(range(10)))
    before = {el.dataset["k"]: el for el in row_elements(dom)}
    ops = render(differ, root, scope, dom, keyed_list(reversed(range(10))))
    assert {op[0] for op in ops} == {"move"}
    assert len(ops) == 9  # one element can stay where it is
    after = row_elements(dom)
    assert [el.dataset["k"] for el in after] == list(reversed(range(10)))
    assert all(before[el.dataset["k"]] is el for el in after)


def test_move_one_item_to_front_is_one_move():
    differ, root, scope, dom = make_root()
    render(differ, root, scope, dom, keyed_list(range(20)))
    ops = render(differ, root, scope, dom, keyed_list([19, *range(19)]))
    assert [op[0] for op in ops] == ["move"]


def test_insert_and_remove_in_keyed_list():
    differ, root, scope, dom = make_root()
    render(differ, root, scope, dom, keyed_list([1, 2, 3, 4]))
    kept = {el.dataset["k"]: el for el in row_elements(dom)}
    ops = render(differ, root, scope, dom, keyed_list([1, 9, 3, 4]))
    assert sorted(op[0] for op in ops) == ["create", "insert", "remove"]
    after = row_elements(dom)
    assert [el.dataset["k"] for el in after] == [1, 9, 3, 4]
    assert after[0] is kept[1] and after[2] is kept[3] and after[3] is kept[4]


def test_attribute_class_style_id_events_changes():
    differ, root, scope, dom = make_root()
    a = Node("input", attrs={"value": "a", "placeholder": "p"}, cls="x", style="color:red", id="i1")
    render(differ, root, scope, dom, [a])
    b = Node("input", attrs={"value": "b", "maxlength": 3}, cls="y", style="", id=None,
             events=[EventBinding("input", "onInput")])
    ops = render(differ, root, scope, dom, [b])
    kinds = sorted(op[0] for op in ops)
    assert kinds == ["removeAttr", "setAttr", "setAttr", "setClass", "setEvents", "setId", "setStyle"]
    assert dom.json() == expected_json([b])
    assert dom.nodes[ops[0][1]].events == ["input"]


def test_tag_change_replaces_node():
    differ, root, scope, dom = make_root()
    render(differ, root, scope, dom, [Node("view", children=[text("a")])])
    ops = render(differ, root, scope, dom, [Node("text", children=[text("a")])])
    assert sorted(op[0] for op in ops) == ["create", "insert", "remove"]


def test_duplicate_keys_still_render_correctly():
    differ, root, scope, dom = make_root()
    render(differ, root, scope, dom, keyed_list([1, 1, 2]))
    render(differ, root, scope, dom, keyed_list([2, 1, 1, 1]))
    assert dom.json() == expected_json(keyed_list([2, 1, 1, 1]))


def test_object_keys_are_matched_by_value():
    differ, root, scope, dom = make_root()
    render(differ, root, scope, dom, [item({"a": 1}, "x"), item({"a": 2}, "y")])
    first = dom.root.children[0]
    ops = render(differ, root, scope, dom, [item({"a": 2}, "y"), item({"a": 1}, "x")])
    assert [op[0] for op in ops] == ["move"]
    assert dom.root.children[1] is first


def test_registry_forgets_removed_subtrees():
    differ, root, scope, dom = make_root()
    render(differ, root, scope, dom, keyed_list(range(5)))
    render(differ, root, scope, dom, [])
    assert set(differ.nodes) == {P.ROOT_ID}
    assert set(dom.nodes) == {0}


# ---- property: any old tree → any new tree ------------------------------------------

TAGS = st.sampled_from(["view", "text", "button"])


def trees(depth: int = 3):
    leaf = st.builds(text, st.sampled_from(["a", "b", "<script>", ""]))
    if depth == 0:
        return leaf
    kid = trees(depth - 1)
    element = st.builds(
        lambda tag, key, cls, attrs, kids: Node(tag, key=key, cls=cls, attrs=attrs,
                                                children=kids),
        TAGS, st.one_of(st.none(), st.integers(0, 6)), st.sampled_from(["", "a", "a b"]),
        st.dictionaries(st.sampled_from(["x", "y"]), st.integers(0, 2), max_size=2),
        st.lists(kid, max_size=5))
    return st.one_of(leaf, element)


@settings(max_examples=150, deadline=None)
@given(st.lists(trees(), max_size=6), st.lists(trees(), max_size=6), st.lists(trees(), max_size=6))
def test_any_sequence_of_renders_reaches_the_last(a, b, c):
    differ, root, scope, dom = make_root()
    for nodes in (a, b, c):
        render(differ, root, scope, dom, nodes)
        assert dom.json() == expected_json(nodes)
        assert set(differ.nodes) == set(dom.nodes)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 30), unique=True, max_size=25),
       st.lists(st.integers(0, 30), unique=True, max_size=25))
def test_keyed_items_present_in_both_keep_their_element(old_keys, new_keys):
    differ, root, scope, dom = make_root()
    render(differ, root, scope, dom, keyed_list(old_keys))
    before = {el.dataset["k"]: el for el in row_elements(dom)}
    ops = render(differ, root, scope, dom, keyed_list(new_keys))
    after = row_elements(dom)
    assert [el.dataset["k"] for el in after] == new_keys
    for el in after:
        if el.dataset["k"] in before:
            assert before[el.dataset["k"]] is el
    created = sum(1 for op in ops if op[0] == "create")
    assert created == len(set(new_keys) - set(old_keys))
