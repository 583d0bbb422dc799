"""Event dispatch: phases, catch, mut, component boundaries, event objects of both dialects."""

from __future__ import annotations

import itertools

import pytest
from fanxing.compiler.render_tree import EventBinding, Node, text
from fanxing.runtime.view import protocol as P
from fanxing.runtime.view.page_view import ComponentDef, PageView

COMP = "components/box/box"


def bind(name, handler, **kw):
    return EventBinding(name, handler, **kw)


def tree(data):
    """page: outer(view) > middle(view) > inner(button), marks and datasets on each."""
    return [Node("view", id="outer", dataset={"level": "outer"}, marks={"a": 1, "who": "outer"},
                 events=data.get("outer", []), children=[
        Node("view", id="middle", dataset={"level": "middle"}, marks={"who": "middle"},
             events=data.get("middle", []), children=[
            Node("button", id="inner", dataset={"level": "inner", "itemId": 7},
                 events=data.get("inner", []), children=[text("go")])])])]


def make(data, dialect="wechat"):
    view = PageView("p1", tree, dialect=dialect, data=data)
    view.mount()
    return view


def node_by_dom_id(view: PageView, dom_id: str) -> int:
    stack = list(view.root.children)
    while stack:
        v = stack.pop()
        if v.node.id == dom_id:
            return v.id
        stack.extend(v.children)
    raise AssertionError(dom_id)


def fire(view, dom_id, name="tap", **kw):
    msg = P.event_message("p1", node_by_dom_id(view, dom_id), name, time_stamp=123, **kw)
    return view.handle_event(msg)


def handlers(calls):
    return [c["handler"] for c in calls]


def test_bubble_runs_from_target_up():
    view = make({"outer": [bind("tap", "o")], "middle": [bind("tap", "m")],
                 "inner": [bind("tap", "i")]})
    calls = fire(view, "inner")
    assert handlers(calls) == ["i", "m", "o"]
    assert all(c["type"] == "event" and c["instanceId"] == "p1" for c in calls)


def test_catch_stops_bubbling():
    view = make({"outer": [bind("tap", "o")], "middle": [bind("tap", "m", catch=True)],
                 "inner": [bind("tap", "i")]})
    assert handlers(fire(view, "inner")) == ["i", "m"]


def test_capture_runs_first_root_down_and_capture_catch_stops_all():
    view = make({"outer": [bind("tap", "oc", phase="capture"), bind("tap", "o")],
                 "middle": [bind("tap", "mc", phase="capture")],
                 "inner": [bind("tap", "i")]})
    assert handlers(fire(view, "inner")) == ["oc", "mc", "i", "o"]
    view = make({"outer": [bind("tap", "oc", phase="capture", catch=True)],
                 "inner": [bind("tap", "i")]})
    assert handlers(fire(view, "inner")) == ["oc"]


def test_mut_bind_runs_once_per_path_but_plain_handlers_still_run():
    view = make({"outer": [bind("tap", "om", mut=True), bind("tap", "o")],
                 "middle": [bind("tap", "mm", mut=True)], "inner": [bind("tap", "i")]})
    assert handlers(fire(view, "inner")) == ["i", "mm", "o"]


def test_non_bubbling_events_reach_only_the_target():
    view = make({"outer": [bind("input", "o")], "inner": [bind("input", "i")]})
    calls = fire(view, "inner", "input", detail={"value": "abc"})
    assert handlers(calls) == ["i"]
    assert calls[0]["event"]["detail"] == {"value": "abc"}


def test_longpress_reaches_longtap_bindings():
    view = make({"inner": [bind("longtap", "lt")], "outer": [bind("longpress", "lp")]})
    calls = fire(view, "inner", "longpress")
    assert handlers(calls) == ["lt", "lp"]
    assert calls[0]["event"]["type"] == "longtap"


def test_wechat_event_object():
    view = make({"outer": [bind("tap", "o")]})
    touches = [{"identifier": 0, "pageX": 5, "pageY": 6, "clientX": 5, "clientY": 6}]
    [call] = fire(view, "inner", detail={"x": 5, "y": 6}, touches=touches)
    assert call["event"] == {
        "type": "tap", "timeStamp": 123,
        "target": {"id": "inner", "dataset": {"level": "inner", "itemId": 7}},
        "currentTarget": {"id": "outer", "dataset": {"level": "outer"}},
        "mark": {"a": 1, "who": "middle"},  # child marks win over parent marks
        "detail": {"x": 5, "y": 6}, "touches": touches, "changedTouches": touches}


def test_alipay_event_object_has_target_dataset():
    view = make({"middle": [bind("tap", "m")]}, dialect="alipay")
    [call] = fire(view, "inner")
    ev = call["event"]
    assert ev["type"] == "tap" and "mark" not in ev
    assert ev["target"] == {"id": "inner", "tagName": "button", "dataset": {"level": "middle"},
                            "targetDataset": {"level": "inner", "itemId": 7}}
    assert ev["currentTarget"] == {"id": "middle", "tagName": "view", "dataset": {"level": "middle"}}


def test_alipay_long_tap_type():
    view = make({"inner": [bind("longtap", "lt")]}, dialect="alipay")
    [call] = fire(view, "inner", "longpress")
    assert call["event"]["type"] == "longTap"


def test_event_on_a_removed_node_is_dropped():
    view = make({"inner": [bind("tap", "i")]})
    nid = node_by_dom_id(view, "inner")
    view.apply("p1", [])  # nothing changes
    view._render = lambda d: []
    view.apply("p1", [["set", "x", 1]])
    assert view.handle_event(P.event_message("p1", nid, "tap")) == []


@pytest.mark.parametrize("bad", [{"type": "event", "nodeId": "3", "name": "tap"},
                                 {"type": "event", "nodeId": 3, "name": ""},
                                 {"type": "wat"}, {"v": 9, "type": "event"}, []])
def test_malformed_client_messages_are_refused(bad):
    view = make({})
    with pytest.raises(P.ProtocolError):
        view.handle_event(bad)


def test_model_binding_reports_a_model_update_then_handlers():
    def render(data):
        return [Node("input", attrs={"value": data.get("v", "")}, model={"value": "form.name"},
                     events=[bind("input", "onInput")])]
    view = PageView("p1", render)
    view.mount()
    nid = view.root.children[0].id
    calls = view.handle_event(P.event_message("p1", nid, "input", detail={"value": "zed"}))
    assert calls[0] == {"type": "modelUpdate", "instanceId": "p1", "path": "form.name",
                        "value": "zed"}
    assert calls[1]["handler"] == "onInput"
    assert view.root.children[0].node.model  # bound nodes always report input
    assert view.snapshot()[0]["model"] == {"value": "form.name"}


# ---- component boundaries -----------------------------------------------------------

def comp_tree(data):
    return [Node("view", id="box-root", dataset={"in": "root"}, marks={"inner": True},
                 events=[bind("tap", "boxTap")], children=[
        Node("button", id="box-btn", dataset={"in": "btn"}, children=[text("x")]),
        Node("slot", attrs={"name": ""})])]


def page_tree(data):
    return [Node("view", id="page-root", marks={"page": 1}, events=[bind("tap", "pageTap")],
                 children=[Node("box", id="the-box", dataset={"host": 1},
                                events=[bind("tap", "hostTap"), bind("done", "onDone")], children=[
                     Node("text", id="slotted", dataset={"s": 1}, children=[text("slot")])])])]


def make_comp(dialect="wechat"):
    counter = itertools.count(1)
    view = PageView("p1", page_tree, dialect=dialect, using_components={"box": COMP},
                    components={COMP: ComponentDef(COMP, comp_tree)},
                    new_component_id=lambda: f"c{next(counter)}")
    view.mount()
    return view


def test_tap_inside_component_reaches_component_then_page_retargeted():
    view = make_comp()
    calls = fire(view, "box-btn")
    assert [(c["instanceId"], c["handler"]) for c in calls] == [
        ("c1", "boxTap"), ("p1", "hostTap"), ("p1", "pageTap")]
    inside, host, page = (c["event"] for c in calls)
    assert inside["target"] == {"id": "box-btn", "dataset": {"in": "btn"}}
    assert inside["mark"] == {"inner": True}  # no marks from outside the component
    assert host["target"] == {"id": "the-box", "dataset": {"host": 1}}
    assert page["target"]["id"] == "the-box"
    assert page["mark"] == {"page": 1, "inner": True}


def test_slotted_content_is_seen_as_itself_inside_the_component():
    view = make_comp()
    calls = fire(view, "slotted")
    assert [(c["instanceId"], c["handler"]) for c in calls] == [
        ("c1", "boxTap"), ("p1", "hostTap"), ("p1", "pageTap")]
    assert calls[0]["event"]["target"]["id"] == "slotted"
    assert calls[2]["event"]["target"]["id"] == "slotted"


def test_trigger_event_default_fires_on_the_host_only():
    view = make_comp()
    calls = view.trigger_event("c1", "done", {"ok": 1})
    assert [(c["instanceId"], c["handler"]) for c in calls] == [("p1", "onDone")]
    ev = calls[0]["event"]
    assert ev["type"] == "done" and ev["detail"] == {"ok": 1}
    assert ev["target"] == {"id": "the-box", "dataset": {"host": 1}}


def test_trigger_event_bubbles_and_composed():
    view = make_comp()
    # a bubbling custom event named like the page's listener
    calls = view.trigger_event("c1", "tap", {}, {"bubbles": True})
    assert handlers(calls) == ["hostTap", "pageTap"]
    calls = view.trigger_event("c1", "tap", {}, {"bubbles": False})
    assert handlers(calls) == ["hostTap"]


def test_trigger_event_not_composed_stays_in_the_host_template():
    inner_comp = "components/inner/inner"

    def box(data):
        return [Node("view", events=[bind("ping", "boxHeard")], children=[
            Node("inner", events=[bind("ping", "hostHeard")])])]
    counter = itertools.count(1)
    view = PageView("p1", lambda d: [Node("view", events=[bind("ping", "pageHeard")],
                                          children=[Node("box")])],
                    using_components={"box": COMP},
                    components={COMP: ComponentDef(COMP, box, {"inner": inner_comp}),
                                inner_comp: ComponentDef(inner_comp, lambda d: [text("i")])},
                    new_component_id=lambda: f"c{next(counter)}")
    view.mount()
    calls = view.trigger_event("c2", "ping", None, {"bubbles": True})
    assert [(c["instanceId"], c["handler"]) for c in calls] == [("c1", "hostHeard"), ("c1", "boxHeard")]
    calls = view.trigger_event("c2", "ping", None, {"bubbles": True, "composed": True})
    assert handlers(calls) == ["hostHeard", "boxHeard", "pageHeard"]


def test_alipay_on_props_on_component_tags_are_not_listeners():
    view = make_comp("alipay")
    assert view.instances["c1"].props["onTap"] == {"$handler": "hostTap"}
    calls = fire(view, "box-btn")
    assert [(c["instanceId"], c["handler"]) for c in calls] == [("c1", "boxTap"), ("p1", "pageTap")]
