"""WeChat WXS response events and change:prop observers, through the real path
(client event → view dispatch → WXS in the view context → patches / logic messages).
Fixture app: tests/fixtures/wxs-events."""

from __future__ import annotations

from .conftest import ROOT

APP = ROOT / "tests" / "fixtures" / "wxs-events"


def touch(x: float, y: float) -> list[dict]:
    return [{"identifier": 0, "pageX": x, "pageY": y, "clientX": x, "clientY": y, "force": 1}]


def calls(mp) -> list[tuple[str, object]]:
    return [(c["name"], c["args"]) for c in mp.page.data["calls"]]


def drag(mp, *points: tuple[float, float]) -> None:
    handle = mp.page.get(".handle")
    handle.dispatch("touchstart", {}, touches=touch(*points[0]))
    for p in points[1:]:
        handle.dispatch("touchmove", {}, touches=touch(*p))


def test_handler_runs_in_the_view_and_calls_page_methods(miniprogram):
    mp = miniprogram(APP)
    drag(mp, (10, 10))
    # the WXS function saw no logic-layer globals, and callMethod reached the page
    assert calls(mp) == [("onStart", {"x": 10, "inLogic": False,
                                      "dataset": {"role": "handle"}})]
    # the module's variables live in the view context only
    assert mp.evaluate("typeof startX") == "undefined"
    assert not mp.errors


def test_set_style_and_add_class_change_the_node_and_survive_set_data(miniprogram):
    mp = miniprogram(APP)
    box = mp.page.get("#the-box")
    drag(mp, (10, 10), (30, 50), (40, 65))
    assert box.style == "position: absolute; background: blue; left: 30px; top: 55px"
    assert box.classes == ["box", "dragging"]
    assert 'class="box dragging"' in box.html()
    # getState() kept count across events: the second move called onMoves(2)
    assert ("onMoves", 2) in calls(mp)
    # WXS console output reaches the app console, marked as the view's
    view_logs = [(c["level"], c["args"]) for c in mp.console if c.get("source") == "view"]
    assert view_logs == [("log", ["moves", 1, {"x": 30}]), ("log", ["moves", 2, {"x": 40}])]
    # a setData re-render changes the template's part; the WXS overlay stays on top
    mp.page.get("#recolor").tap()
    assert box.style == "position: absolute; background: green; left: 30px; top: 55px"
    assert box.classes == ["box", "big", "dragging"]
    mp.page.get(".handle").dispatch("touchend", {}, touches=[])
    assert calls(mp)[-1] == ("onEnd", {"had": False, "all": 2})
    assert box.classes == ["box", "big"]
    assert mp.page.query_selector(".dragging") is None


def test_returning_false_stops_bubbling(miniprogram):
    mp = miniprogram(APP)
    mp.page.get("#stopper").tap()
    assert mp.page.get("#stopper").classes == ["stopped"]
    assert calls(mp) == []  # outerTap on .area never ran
    mp.page.get("#passer").tap()
    assert mp.page.get("#passer").style == "color: red"
    assert calls(mp) == [("outerTap", "passer")]


def test_handler_chosen_by_expression(miniprogram):
    mp = miniprogram(APP)
    mp.evaluate("getCurrentPages()[0].setData({flag: false})")
    mp.settle()
    mp.page.get("#stopper").tap()  # now {{flag ? drag.stop : drag.pass}} is drag.pass
    assert mp.page.get("#stopper").style == "color: red"
    assert calls(mp) == [("outerTap", "stopper")]


def test_component_owner_instance_call_method_and_trigger_event(miniprogram):
    mp = miniprogram(APP)
    mp.page.get(".dial").tap()
    knob = mp.page.components[0]
    assert knob.data["turns"] == 1  # callMethod went to the component, not the page
    assert mp.page.get(".dial").style == "transform: rotate(90deg)"
    assert calls(mp) == [("onSpin", {"angle": 90})]  # WXS triggerEvent → page's bind:spin


def test_change_prop_observer_gets_new_and_old_values(miniprogram):
    mp = miniprogram(APP, page="pages/observe/observe")
    bar = mp.page.get(".bar")
    assert mp.page.data["seen"] == [{"newValue": 10, "oldValue": "undefined"}]  # first render
    assert bar.style == "width: 10px"
    mp.page.get("#relabel").tap()  # re-render without a change of the observed value
    assert len(mp.page.data["seen"]) == 1
    mp.page.get("#grow").tap()
    assert mp.page.data["seen"][-1] == {"newValue": 15, "oldValue": 10}
    assert bar.style == "width: 15px"
    assert bar.text == "b"


def test_errors_are_reported_and_loops_are_stopped(miniprogram):
    mp = miniprogram(APP, page="pages/bad/bad")
    mp.page.get("#half").tap()
    assert mp.page.get("#half").style == "color: red"  # applied before the throw
    mp.page.get("#spin").tap()
    mp.page.get("#bad").tap()
    mp.page.get("#after").tap()
    assert mp.page.get("#after").text == "after 1"  # the app goes on
    messages = [e["message"].splitlines()[0] for e in mp.errors]
    assert messages == ["pages/bad/bad.wxml#b: half(): Error: half done",
                        "pages/bad/bad.wxml#b: spin(): time limit exceeded "
                        "(InternalError: interrupted)",
                        'pages/bad/bad.wxml#b: bad(): SyntaxError: bad selector ".a >> .b"']
