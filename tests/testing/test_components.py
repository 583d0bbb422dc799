"""Custom components in both dialects: props down and updates (observers, didUpdate),
events up (triggerEvent + bind:x, Alipay on* callback props), slots, lifecycles."""

from __future__ import annotations

from .conftest import FIXTURES


def life(mp) -> list[str]:
    return [c["args"][1] for c in mp.console if c["args"] and c["args"][0] == "life"]


def test_wechat_lifecycle_order(miniprogram):
    mp = miniprogram(FIXTURES["wechat"], page="pages/comp/comp")
    order = [x for x in life(mp) if not x.startswith("observer")]
    assert order == ["app onLaunch", "created", "attached first", "created",
                     "attached second", "page onLoad", "page onShow", "ready first",
                     "ready second", "page onReady"]


def test_wechat_props_flow_down_and_trigger_event_up(miniprogram):
    mp = miniprogram(FIXTURES["wechat"], page="pages/comp/comp")
    first = mp.page.get("#first")
    comp = first.component
    assert comp is not None and comp.path == "components/counter/counter"
    assert comp.data == {"count": 1, "label": "first", "doubled": 2}
    assert first.query_selector(".value").text == "1"

    first.get(".inc").tap()  # triggerEvent('bump') → page onBump → n + 1 → prop
    assert mp.page.data["n"] == 2
    assert comp.data["count"] == 2 and comp.data["doubled"] == 4  # observers ran
    assert "observer first 1->2" in life(mp)
    assert first.get(".doubled").text == "4"
    assert mp.page.data["wrapBumps"] == 0  # bubbles: false stops at the host


def test_wechat_named_and_default_slots(miniprogram):
    mp = miniprogram(FIXTURES["wechat"], page="pages/comp/comp")
    assert mp.page.get("#first .header-slot .hdr").text == "Header 1"
    assert mp.page.get("#first .body-slot .default-content").text == "Body of 1"
    assert mp.page.get("#second .header-slot").text == ""
    mp.page.get("#first .inc").tap()
    assert mp.page.get("#first .hdr").text == "Header 2"  # slot content follows page data


def test_wechat_detached_when_removed(miniprogram):
    mp = miniprogram(FIXTURES["wechat"], page="pages/comp/comp")
    assert len(mp.page.components) == 2
    mp.page.get(".hide-second").tap()
    assert life(mp)[-1] == "detached second"
    assert [c.id for c in mp.page.components] == [mp.page.get("#first").component.id]
    assert mp.page.query_selector("#second") is None


def test_alipay_lifecycle_order(miniprogram):
    mp = miniprogram(FIXTURES["alipay"], page="pages/comp/comp")
    assert life(mp) == ["app onLaunch", "page onLoad", "page onShow", "onInit first",
                        "onInit second", "didMount first", "didMount second",
                        "page onReady"]


def test_alipay_callback_prop_and_did_update(miniprogram):
    mp = miniprogram(FIXTURES["alipay"], page="pages/comp/comp")
    first = mp.page.get("#first")
    assert first.component.data["props"]["count"] == 1
    assert first.component.data["doubled"] == 2  # deriveDataFromProps
    first.get(".inc").tap()  # this.props.onBump(1) → page onBump(1)
    assert mp.page.data["n"] == 2
    assert first.component.data["props"]["count"] == 2
    assert first.component.data["doubled"] == 4
    assert life(mp)[-1] == "didUpdate first 1->2"
    assert first.get(".value").text == "2"


def test_alipay_slots_named_default_and_scoped(miniprogram):
    mp = miniprogram(FIXTURES["alipay"], page="pages/comp/comp")
    assert mp.page.get("#first .hdr").text == "Header 1"
    assert mp.page.get("#first .default-content").text == "Body of 1"
    rows = [n.text for n in mp.page.query_selector_all("list .scoped")]
    assert rows == ["0: apple", "1: pear"]  # slot-scope sees the component's values
    assert mp.page.get("list.plain .row").text == "fallback x"  # no content: fallback


def test_alipay_did_unmount(miniprogram):
    mp = miniprogram(FIXTURES["alipay"], page="pages/comp/comp")
    mp.page.get(".hide-second").tap()
    assert life(mp)[-1] == "didUnmount second"
