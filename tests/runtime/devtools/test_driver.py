"""AppDriver: a real container driven in real time (real QuickJS, real bridge), with
recording clients in place of browsers."""

from __future__ import annotations

import asyncio
import json
import textwrap
from pathlib import Path

import pytest
from fanxing.runtime.devtools.driver import AppDriver

APP = {
    "app.json": {"pages": ["pages/index/index", "pages/two/two"],
                 "tabBar": {"items": [{"pagePath": "pages/index/index", "name": "Home"},
                                      {"pagePath": "pages/two/two", "name": "Two"}]}},
    "app.js": "App({});",
    "pages/two/two.json": {},
    "pages/two/two.axml": "<view class='two'>two {{q}}</view>",
    "pages/two/two.js": "Page({ data: { q: '' }, onLoad(q) { this.setData({ q: q.x || '' }); } });",
    "pages/index/index.json": {},
    "pages/index/index.axml": "<view class='n'>{{n}} {{answer}} {{stored}} {{marked}}</view>",
    "pages/index/index.js": """
        Page({
          data: { n: 0, answer: '', stored: '' },
          onLoad() { this.ticker = setInterval(() => this.setData({ n: this.data.n + 1 }), 20); },
          onUnload() { clearInterval(this.ticker); },
          stop() { clearInterval(this.ticker); },
          mark() { this.setData({ marked: 1 }, () => this.setData({ after: 1 })); },
          ask() {
            my.confirm({ title: 'Go?', success: (r) => this.setData({ answer: 'c:' + r.confirm }) });
          },
          decorate() {
            my.setTabBarBadge({ index: 0, text: '9' });
            my.removeTabBarBadge({ index: 0 });
            my.showTabBarRedDot({ index: 0 });
            my.showTabBarRedDot({ index: 1 });
            my.setTabBarBadge({ index: 1, text: 'new' });
            my.hideTabBarRedDot({ index: 1 });  // the badge replaced the dot: it stays
            my.setTabBarBadge({ index: 7, text: 'x' });  // no such tab
            my.setTabBarStyle({ color: '#111111' });
            my.setTabBarStyle({ selectedColor: '#222222' });
            my.hideTabBar();
            my.setNavigationBar({ title: 'T1' });
            my.setNavigationBar({ title: 'T2', backgroundColor: '#ff0000' });
            my.showNavigationBarLoading();
            my.setBackgroundColor({ backgroundColor: '#010101' });
            my.setBackgroundColor({ backgroundColorTop: '#020202' });
            my.showLoading({ content: 'gone' });
            my.showToast({ content: 'toast' });
            my.showLoading({ content: 'wait' });
          },
          undecorate() {
            my.hideLoading();
            my.hideNavigationBarLoading();
            my.showTabBar();
          },
          read() {
            this.setData({ stored: JSON.stringify(my.getStorageSync({ key: 'k' }).data) });
          },
        });""",
}


def write_app(root: Path) -> Path:
    for rel, content in APP.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(content) if isinstance(content, dict) else textwrap.dedent(content)
        path.write_text(text, encoding="utf-8")
    return root


class Recorder(list):
    def __call__(self, msg: dict) -> None:
        self.append(msg)

    def of(self, kind: str) -> list[dict]:
        return [m for m in self if m.get("type") == kind]


async def until(pred, timeout: float = 10.0) -> None:
    async def poll() -> None:
        while not pred():
            await asyncio.sleep(0.01)

    await asyncio.wait_for(poll(), timeout)


def run(tmp_path: Path, body, **kw) -> None:
    async def main() -> None:
        driver = AppDriver(write_app(tmp_path / "app"), data_dir=tmp_path / "data", **kw)
        assert await driver.start()
        try:
            await body(driver)
        finally:
            await driver.close()

    asyncio.run(main())


def call(driver: AppDriver, handler: str) -> None:
    """Run a page method as if a view event had called it."""
    top = driver.container.stack.top
    driver.container.post({"type": "event", "instanceId": top.page_id, "handler": handler,
                           "event": {"type": "tap"}})
    driver._poke()


@pytest.mark.timeout(60)
def test_timers_run_on_the_real_clock(tmp_path):
    async def body(driver: AppDriver) -> None:
        await until(lambda: driver.container.page_data().get("n", 0) >= 3)
        call(driver, "stop")
        await driver.settled()
        n = driver.container.page_data()["n"]
        await asyncio.sleep(0.1)
        await driver.settled()
        assert driver.container.page_data()["n"] == n  # the interval really stopped

    run(tmp_path, body)


@pytest.mark.timeout(60)
def test_questions_go_to_clients_and_wait_for_their_answer(tmp_path):
    async def body(driver: AppDriver) -> None:
        first, second = Recorder(), Recorder()
        driver.connect(first)
        driver.connect(second)
        call(driver, "ask")
        await until(lambda: first.of("ask"))
        ask = first.of("ask")[0]
        assert ask["kind"] == "confirm" and ask["payload"]["title"] == "Go?"
        assert second.of("ask") == [ask]
        late = Recorder()
        driver.connect(late)
        assert late.of("ask") == [ask]  # a client connecting now sees the open question
        await driver.handle({"type": "answer", "askId": ask["askId"], "value": "cancel"})
        await until(lambda: driver.container.page_data()["answer"] == "c:false")
        assert [m["askId"] for m in second.of("askDone")] == [ask["askId"]]
        assert driver.answer(ask["askId"], "ok") is False  # answered once only

    run(tmp_path, body)


@pytest.mark.timeout(60)
def test_without_clients_the_default_or_scripted_answer_is_used(tmp_path):
    async def body(driver: AppDriver) -> None:
        call(driver, "ask")
        await until(lambda: driver.container.page_data()["answer"] == "c:false")

    run(tmp_path, body, scripted={"confirm": "cancel"})


@pytest.mark.timeout(60)
def test_panel_edits_storage_and_data(tmp_path):
    async def body(driver: AppDriver) -> None:
        client = Recorder()
        driver.connect(client)
        await driver.handle({"type": "sim", "action": "storageSet", "key": "k",
                             "value": {"a": [1, 2]}})
        await driver.settled()
        assert driver.container.bridge.storage.items == {"k": {"a": [1, 2]}}
        call(driver, "read")  # the JS *Sync mirror saw the edit
        await until(lambda: driver.container.page_data()["stored"] == '{"a":[1,2]}')
        storage = [m for m in client.of("sim") if m["event"] == "storage"]
        assert storage[-1]["items"] == {"k": '{"a":[1,2]}'}
        await driver.handle({"type": "sim", "action": "storageRemove", "key": "k"})
        await driver.settled()
        assert driver.container.bridge.storage.items == {}
        await driver.handle({"type": "sim", "action": "setData", "path": "answer",
                             "value": "edited"})
        await until(lambda: driver.container.page_data()["answer"] == "edited")
        await driver.handle({"type": "sim", "action": "setData", "path": "", "value": 1})
        notices = [m for m in client.of("sim") if m["event"] == "notice"]
        assert notices and "data path is empty" in notices[-1]["text"]

    run(tmp_path, body)


@pytest.mark.timeout(60)
def test_relaunch_on_a_page_with_query_and_bad_choices(tmp_path):
    async def body(driver: AppDriver) -> None:
        client = Recorder()
        driver.connect(client)
        await driver.handle({"type": "sim", "action": "relaunch", "page": "pages/two/two",
                             "query": "x=42"})
        await driver.settled()
        assert driver.container.page_data() == {"q": "42"}
        assert driver.generation == 2
        assert any(m.get("event") == "reset" for m in client.of("sim"))
        await driver.handle({"type": "sim", "action": "relaunch", "profile": "wechat"})
        await driver.handle({"type": "sim", "action": "relaunch", "device": "nokia-3310"})
        errors = [m["text"] for m in client.of("sim") if m.get("event") == "notice"]
        assert any("wechat" in e and "alipay" in e for e in errors)
        assert any("nokia-3310" in e for e in errors)
        assert driver.generation == 2  # refused choices do not relaunch
        await driver.handle({"type": "sim", "action": "relaunch", "page": "pages/nope/nope"})
        await driver.settled()
        assert driver.container.stack.top.route == "pages/index/index"

    run(tmp_path, body)


@pytest.mark.timeout(60)
def test_setdata_callbacks_wait_for_the_clients_ack(tmp_path):
    async def body(driver: AppDriver) -> None:
        call(driver, "stop")
        await driver.settled()
        client = Recorder()
        disconnect = driver.connect(client)
        await driver.handle({"type": "hello", "client": "web", "screenWidth": 375}, client)
        call(driver, "mark")
        await until(lambda: driver.container.page_data().get("marked") == 1)
        await driver.settled()
        # The patch went out, but no client applied it yet: the callback must wait.
        assert "after" not in driver.container.page_data()
        patch = client.of("patch")[-1]  # the one that shows `marked`
        await driver.handle({"type": "ack", "pageId": patch["pageId"], "seq": patch["seq"]},
                            client)
        await until(lambda: driver.container.page_data().get("after") == 1)
        # Without an acking client, callbacks run as soon as the view has the change.
        disconnect()
        call(driver, "mark")
        await until(lambda: driver.container.page_data().get("after") == 1)

    run(tmp_path, body)


def ui_kinds(client: Recorder) -> list[tuple[str, dict]]:
    return [(m["kind"], m["payload"]) for m in client.of("ui")]


@pytest.mark.timeout(60)
def test_a_late_client_sees_the_host_ui_still_showing(tmp_path):
    async def body(driver: AppDriver) -> None:
        call(driver, "stop")
        live = Recorder()
        driver.connect(live)
        call(driver, "decorate")
        await until(lambda: any(m.get("kind") == "showLoading" and m["payload"]["title"] == "wait"
                                for m in live.of("ui")))
        await driver.settled()
        late = Recorder()
        driver.connect(late)
        shown = ui_kinds(late)
        assert sorted(shown, key=repr) == sorted([
            ("showTabBarRedDot", {"index": 0}),
            ("setTabBarBadge", {"index": 1, "text": "new"}),
            ("setTabBarStyle", {"color": "#111111", "selectedColor": "#222222"}),
            ("hideTabBar", {}),
            ("showNavigationBarLoading", {}),
            ("setBackgroundColor", {"backgroundColor": "#010101", "backgroundColorTop": "#020202"}),
            ("showLoading", {"title": "wait", "mask": False}),
        ], key=repr)  # no toast, no ended loading, no out-of-range tab
        assert late.index(late.of("app")[0]) < late.index(late.of("ui")[0])
        windows = [m for m in late.of("page") if m["action"] == "window"]
        assert len(windows) == 1  # the latest navigation bar, not every change
        assert windows[0]["window"]["navigationBarTitleText"] == "T2"
        assert windows[0]["window"]["navigationBarBackgroundColor"] == "#ff0000"

        call(driver, "undecorate")
        await until(lambda: any(m.get("kind") == "showTabBar" for m in live.of("ui")))
        await driver.settled()
        later = Recorder()
        driver.connect(later)
        assert sorted(ui_kinds(later), key=repr) == sorted([
            ("showTabBarRedDot", {"index": 0}),
            ("setTabBarBadge", {"index": 1, "text": "new"}),
            ("setTabBarStyle", {"color": "#111111", "selectedColor": "#222222"}),
            ("setBackgroundColor", {"backgroundColor": "#010101", "backgroundColorTop": "#020202"}),
            ("showTabBar", {}),
        ], key=repr)

    run(tmp_path, body)
