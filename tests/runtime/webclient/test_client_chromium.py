"""The web client in real Chromium: patches from PageView applied to the DOM, events back."""

from __future__ import annotations

import json
import subprocess

from fanxing.compiler.render_tree import EventBinding, Node, text
from fanxing.compiler.styles import component_class_prefix
from fanxing.runtime.view import protocol as P
from fanxing.runtime.view.page_view import ComponentDef, PageView


def send(page, msg):
    page.evaluate("m => FX.receive(m)", json.loads(json.dumps(msg)))


def sent(page, kind=None):
    out = page.evaluate("() => FX.client.transport.sent.splice(0)")
    return [m for m in out if kind is None or m["type"] == kind]


def open_page(page, view: PageView, css=""):
    send(page, P.page_message(view.page_id, "create", route="pages/index/index", css=css,
                              window={"navigationBarTitleText": "fanxing"}))
    up = view.mount()
    send(page, up.patch)
    return up


def rows(data):
    return [Node("view", cls="list", children=[
        Node("view", key=it["id"], cls="row", dataset={"id": it["id"]},
             events=[EventBinding("tap", "onRow")], children=[text(it["name"])])
        for it in data["list"]])]


def test_first_render_and_ack(page):
    view = PageView("p1", rows, data={"list": [{"id": i, "name": f"item {i}"} for i in range(5)]})
    up = open_page(page, view)
    texts = page.eval_on_selector_all(".fx-page .row", "els => els.map(e => e.textContent)")
    assert texts == [f"item {i}" for i in range(5)]
    assert sent(page, "ack") == []  # nothing waits for this patch: no answer
    asked = {**up.patch, "seq": up.patch["seq"] + 1, "ops": [], "ack": True}
    send(page, asked)  # a patch whose setData callbacks wait for the view
    assert sent(page, "ack") == [{"type": "ack", "pageId": "p1", "seq": asked["seq"], "v": 1}]
    assert page.eval_on_selector(".fx-page .row", "e => e.tagName.toLowerCase()") == "view"
    assert page.eval_on_selector(".fx-page .row", "e => e.dataset.id") == "0"


def test_keyed_reorder_keeps_dom_nodes(page):
    data = {"list": [{"id": i, "name": f"item {i}"} for i in range(6)]}
    view = PageView("p1", rows, data=data)
    open_page(page, view)
    page.evaluate("""() => document.querySelectorAll('.fx-page .row')
                      .forEach(e => { e.__mark = 'row-' + e.dataset.id; })""")
    order = [5, 0, 3, 1, 4, 2]
    up = view.apply("p1", [["set", "list", [data["list"][i] for i in order]]])
    assert {op[0] for op in up.patch["ops"]} == {"move"}
    send(page, up.patch)
    marks = page.eval_on_selector_all(".fx-page .row", "els => els.map(e => e.__mark)")
    assert marks == [f"row-{i}" for i in order]
    # one changed item: same nodes, new text
    up = view.apply("p1", [["set", "list[2].name", "changed"]])
    send(page, up.patch)
    marks_after = page.eval_on_selector_all(".fx-page .row", "els => els.map(e => e.__mark)")
    assert marks_after == marks
    assert page.eval_on_selector_all(".fx-page .row", "els => els[2].textContent") == "changed"


def test_text_is_escaped_and_unsafe_things_are_refused(page):
    evil = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">"

    def render(d):
        return [Node("view", id="t", children=[text(evil)]),
                Node("script", children=[text("window.__pwned = 3")]),
                Node("view", id="a", attrs={"onclick": "window.__pwned = 4", "title": "ok"},
                     children=[text("click me")]),
                Node("image", id="bad", attrs={"src": "javascript:window.__pwned = 5"}),
                Node("image", id="good", attrs={"src": "data:image/png;base64,iVBORw0KGgo="})]
    open_page(page, PageView("p1", render))
    assert page.text_content("#t") == evil
    assert page.evaluate("() => document.querySelectorAll('.fx-page img[onerror], .fx-page script').length") == 0
    assert page.evaluate("() => document.querySelector('.fx-page fx-script') !== null")
    assert page.get_attribute("#a", "onclick") is None and page.get_attribute("#a", "title") == "ok"
    page.click("#a")
    assert page.evaluate("() => window.__pwned") is None
    assert page.eval_on_selector("#bad img", "e => e.getAttribute('src')") is None
    assert page.eval_on_selector("#good img", "e => e.getAttribute('src')").startswith("data:image/png")


def test_click_reports_tap_with_node_id_and_view_dispatches_it(page):
    view = PageView("p1", rows, data={"list": [{"id": i, "name": f"item {i}"} for i in range(3)]})
    open_page(page, view)
    sent(page)
    page.click("text=item 1")
    [msg] = sent(page, "event")
    target = view.root.children[0].children[1]
    assert msg["nodeId"] == target.id and msg["name"] == "tap" and msg["pageId"] == "p1"
    assert set(msg["detail"]) == {"x", "y"} and msg["changedTouches"]
    [call] = view.handle_event(msg)
    assert call["handler"] == "onRow" and call["instanceId"] == "p1"
    assert call["event"]["currentTarget"]["dataset"] == {"id": 1}


def test_tracing_marks_an_event_and_the_patch_it_causes(page):
    view = PageView("p1", rows, data={"list": [{"id": i, "name": f"item {i}"} for i in range(3)]})
    open_page(page, view)
    sent(page)
    page.click("text=item 1")
    [plain] = sent(page, "event")
    assert "trace" not in plain  # off unless asked for
    page.evaluate("FX.tracing = true")
    page.click("text=item 2")
    [msg] = sent(page, "event")
    assert msg["trace"]["click"] <= msg["trace"]["send"]
    up = view.apply("p1", [["set", "list[2].name", "changed"]])
    send(page, {**up.patch, "trace": {**msg["trace"], "out": msg["trace"]["send"]}})
    page.wait_for_function("FX.traces.length === 1 && FX.traces[0].frame !== undefined")
    trace = page.evaluate("FX.traces[0]")
    assert trace["send"] <= trace["rx"] <= trace["applied"] <= trace["frame"]
    assert page.locator("text=changed").count() == 1


def test_page_scroller_keeps_no_scroll_anchor(page):
    # the phones' webviews keep none, and Chromium's anchor search walked the whole page
    # in the layout after every tap (10 ms on a 1000-item list)
    open_page(page, PageView("p1", lambda d: [Node("view", children=[text("x")])]))
    assert page.eval_on_selector(".fx-page-scroll", "e => getComputedStyle(e).overflowAnchor") \
        == "none"


def test_events_nobody_listens_for_are_not_reported(page):
    open_page(page, PageView("p1", lambda d: [Node("view", id="quiet", children=[text("quiet")])]))
    sent(page)
    page.click("#quiet")
    assert sent(page, "event") == []


def test_input_round_trip_with_model_binding(page):
    def render(d):
        return [Node("input", id="name", attrs={"value": d.get("name", ""), "placeholder": "name"},
                     model={"value": "name"}, events=[EventBinding("confirm", "onConfirm")]),
                Node("text", id="echo", children=[text(d.get("name", ""))])]
    view = PageView("p1", render)
    open_page(page, view)
    sent(page)
    page.type("#name", "hi")
    page.press("#name", "Enter")
    msgs = sent(page, "event")
    assert [m["name"] for m in msgs] == ["input", "input", "confirm"]
    assert msgs[1]["detail"]["value"] == "hi"
    calls = view.handle_event(msgs[1])
    assert calls == [{"type": "modelUpdate", "instanceId": "p1", "path": "name", "value": "hi"}]
    # the logic layer would echo the value as setData; the view then patches the echo text
    up = view.apply("p1", [["set", "name", "hi"]])
    send(page, up.patch)
    assert page.text_content("#echo") == "hi"
    assert page.input_value("#name") == "hi"
    assert view.handle_event(msgs[2])[0]["handler"] == "onConfirm"


def test_component_styles_and_screenshot(page, shots):
    card = "components/card/card"

    def card_render(d):
        return [Node("view", cls="card", children=[
            Node("text", cls="title", children=[text(d.get("title", ""))]),
            Node("slot", attrs={"name": ""})])]

    def render(d):
        return [Node("view", cls="header", children=[text("fanxing 繁星 <b>not bold</b>")]),
                *[Node("card", key=i, attrs={"title": f"Card {i}"}, children=[
                    Node("button", attrs={"type": "primary", "size": "mini"},
                         events=[EventBinding("tap", "onBuy")], children=[text("Buy")])])
                  for i in range(3)]]
    prefix = component_class_prefix(card)
    page_prefix = component_class_prefix("pages/index/index")
    css = (f".{page_prefix}header {{ font-size: calc(40 * var(--fx-rpx)); padding: calc(24 * var(--fx-rpx));"
           " background: #1677ff; color: #fff; }"
           f".{prefix}card {{ margin: calc(24 * var(--fx-rpx)); padding: calc(24 * var(--fx-rpx));"
           " border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.2); }"
           f".{prefix}title {{ display: block; font-weight: bold; margin-bottom: 8px; }}"
           ".card { color: red; }")  # a page-level .card must not reach into the component
    view = PageView("p1", render, route="pages/index/index", using_components={"card": card},
                    components={card: ComponentDef(card, card_render)})
    open_page(page, view, css)
    assert page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--fx-rpx')").strip() == "0.5px"
    assert page.eval_on_selector(f".{prefix}card", "e => getComputedStyle(e).color") != "rgb(255, 0, 0)"
    assert page.eval_on_selector(f".{page_prefix}header", "e => getComputedStyle(e).fontSize") == "20px"
    assert page.eval_on_selector_all(f".{prefix}title", "els => els.map(e => e.textContent)") == [
        "Card 0", "Card 1", "Card 2"]
    shot = shots / "client_components.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 1000


def test_browser_fixture_runs_the_shared_debian_chromium(browser):
    # every browser test, `fanxing screenshot` and the benches start it via launch_options()
    from fanxing.runtime.devtools.chromium import CHROMIUM, launch_options

    opts = launch_options()
    assert opts["executable_path"] == CHROMIUM and "--no-sandbox" in opts["args"]
    version = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True,
                             timeout=30).stdout
    assert browser.version and browser.version in version


def test_a_new_nodes_class_and_dataset_then_their_updates(page):
    # a new node takes its class and data-* at once; an update replaces the app's class
    # and drops the data-* it no longer has
    def tree(data):
        return [Node("view", key="v", cls=data["cls"], dataset=data["ds"], children=[text("x")]),
                Node("button", key="b", cls=data["cls"], children=[text("b")])]

    view = PageView("p1", tree, data={"cls": "a b", "ds": {"one": 1, "twoWords": "x"}})
    open_page(page, view)
    look = """() => { const v = document.querySelector('.fx-page view'),
                            b = document.querySelector('.fx-page button');
                      return [v.className, Object.assign({}, v.dataset), b.className]; }"""
    assert page.evaluate(look) == ["a b", {"one": "1", "twoWords": "x"}, "a b"]
    send(page, view.apply("p1", [["set", "cls", "c"], ["set", "ds", {"three": 3}]]).patch)
    assert page.evaluate(look) == ["c", {"three": "3"}, "c"]


def test_vh_is_the_page_viewport_from_its_creation(page):
    # --fx-vh is set when the page is created (measured while it is empty), so its content
    # is laid out once with it; a change of the viewport (tab bar, window) still updates it
    msg = P.page_message("p1", "create", route="pages/index/index",
                         css=".half { height: calc(50 * var(--fx-vh, 1vh)); }",
                         window={"navigationBarTitleText": "vh"})
    at_create = page.evaluate("""(m) => { FX.receive(m);
        const f = document.querySelector('.fx-page-frame');
        return [f.style.getPropertyValue('--fx-vh'),
                f.querySelector('.fx-page-viewport').clientHeight]; }""",
                              json.loads(json.dumps(msg)))
    vh, height = at_create
    assert height > 0 and vh == f"{height / 100}px"
    view = PageView("p1", lambda d: [Node("view", cls="half", children=[text("x")])], data={})
    send(page, view.mount().patch)
    assert abs(page.eval_on_selector(".fx-page .half", "e => e.getBoundingClientRect().height")
               - height / 2) < 1
    page.set_viewport_size({"width": 375, "height": 467})
    page.wait_for_function("(h) => Math.abs(document.querySelector('.fx-page .half')"
                           ".getBoundingClientRect().height - h) < 1", arg=(height - 200) / 2)
