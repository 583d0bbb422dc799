"""Events through the real path (client event message → view dispatch → logic), both
dialects: bubbling, catch, capture, dataset / targetDataset, mark, two-way binding."""

from __future__ import annotations

from .conftest import FIXTURES


def calls(mp) -> list[tuple[str, str]]:
    return [(c["kind"], c["current"]) for c in mp.page.data["calls"]]


def test_wechat_bubbling_with_capture_dataset_and_mark(miniprogram):
    mp = miniprogram(FIXTURES["wechat"])
    mp.page.get("#inner").tap()
    assert calls(mp) == [("capture", "outer"), ("bubble", "inner"), ("bubble", "middle"),
                         ("bubble", "outer")]
    outer = mp.page.data["calls"][-1]
    assert outer["type"] == "tap"
    assert outer["target"] == "inner"
    assert outer["currentDataset"] == {"level": "outer"}
    assert outer["targetDataset"] == {"level": "inner", "itemId": 7}
    # marks of the whole path, the target's winning over its ancestors'
    assert outer["mark"] == {"from": "inner", "mid": "m", "outer": "yes"}


def test_wechat_catch_stops_bubbling(miniprogram):
    mp = miniprogram(FIXTURES["wechat"])
    mp.page.get("#inside-stop").tap()
    assert calls(mp) == [("capture", "outer"), ("bubble", "inside-stop"), ("bubble", "stopper")]


def test_wechat_capture_catch_stops_everything_below(miniprogram):
    mp = miniprogram(FIXTURES["wechat"])
    mp.page.get("#never").tap()
    assert calls(mp) == [("capture", "outer"), ("capture", "capture-stopper")]


def test_wechat_model_value_updates_data(miniprogram):
    mp = miniprogram(FIXTURES["wechat"])
    assert mp.page.get(".echo").text == "start"
    mp.page.get(".name").input("bob")
    assert mp.page.data["name"] == "bob"
    assert mp.page.get(".echo").text == "bob"


def test_wechat_longpress_and_touch(miniprogram):
    mp = miniprogram(FIXTURES["wechat"])
    mp.page.get(".long").longpress(x=3, y=4)
    seen = [(c["kind"], c["type"]) for c in mp.page.data["calls"]]
    assert seen == [("touch", "touchstart"), ("long", "longpress")]
    assert mp.page.data["calls"][1]["detail"] == {"x": 3, "y": 4}


def test_dispatch_sends_any_event(miniprogram):
    mp = miniprogram(FIXTURES["wechat"])
    mp.page.get(".long").dispatch("longpress", {"x": 9})
    assert mp.page.data["calls"][-1]["detail"] == {"x": 9}


def test_alipay_bubbling_capture_and_target_dataset(miniprogram):
    mp = miniprogram(FIXTURES["alipay"])
    mp.page.get("#inner").tap()
    assert calls(mp) == [("capture", "outer"), ("bubble", "inner"), ("bubble", "middle"),
                         ("bubble", "outer")]
    middle = mp.page.data["calls"][2]
    # Alipay: target.dataset is the handling node's, targetDataset the touched node's
    assert middle["dataset"] == {"level": "middle"}
    assert middle["targetDataset"] == {"level": "inner", "itemId": 7}
    assert middle["target"] == "inner"


def test_alipay_catch_and_capture_catch(miniprogram):
    mp = miniprogram(FIXTURES["alipay"])
    mp.page.get("#inside-stop").tap()
    assert calls(mp) == [("capture", "outer"), ("bubble", "inside-stop"), ("bubble", "stopper")]
    mp2 = miniprogram(FIXTURES["alipay"])
    mp2.page.get("#never").tap()
    assert calls(mp2) == [("capture", "outer"), ("capture", "capture-stopper")]


def test_alipay_input_and_long_tap(miniprogram):
    mp = miniprogram(FIXTURES["alipay"])
    mp.page.get(".name").input("bob")
    assert mp.page.get(".echo").text == "bob"
    mp.page.get(".long").longpress()
    assert [c["type"] for c in mp.page.data["calls"]] == ["touchStart", "longTap"]


def test_wechat_model_checked_on_switch(miniprogram):
    mp = miniprogram(FIXTURES["wechat"], page="pages/text/text")
    mp.page.get(".msw").tap()
    assert mp.page.data["on"] is True
    assert mp.page.get("text.on").text == "on"
    mp.page.get(".msw").change(False)
    assert mp.page.data["on"] is False
