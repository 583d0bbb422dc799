"""The browser preview in real Chromium: the simulator page served by the preview server,
driving a real container over the WebSocket (no mocks of fanxing parts)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import httpx
import pytest
from fanxing.runtime.devtools.driver import AppDriver
from fanxing.runtime.devtools.preview_server import BackgroundPreview, frame_messages
from playwright.sync_api import expect
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect as ws_connect

SAMPLES = Path(__file__).resolve().parents[3] / "samples"
PAGE = "#fx-app .fx-page-frame:visible"


class Sim:
    """One simulator tab on one running preview server."""

    def __init__(self, browser, shots: Path, app_dir: Path, data_dir: Path, **driver_kw):
        self.shots = shots
        self.driver = AppDriver(app_dir, data_dir=data_dir, **driver_kw)
        self.preview = BackgroundPreview(self.driver)
        self.url = self.preview.start()
        self.page = browser.new_page(viewport={"width": 1320, "height": 1000})
        self.page.set_default_timeout(8000)
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(self.url)
        self.page.wait_for_function("window.FXSIM && FXSIM.connected")
        self.sync()

    def sync(self) -> dict:
        return self.page.evaluate("FXSIM.sync()")

    def in_page(self, selector: str):
        return self.page.locator(PAGE).locator(selector)

    def shot(self, name: str) -> Path:
        path = self.shots / name
        self.page.screenshot(path=str(path))
        return path

    def close(self) -> None:
        self.page.close()
        self.preview.stop()
        assert self.errors == []


@pytest.fixture
def todo_wechat(browser, shots, tmp_path):
    sim = Sim(browser, shots, SAMPLES / "todo-wechat", tmp_path / "data")
    yield sim
    sim.close()


def add_todo(sim: Sim, text: str) -> None:
    sim.in_page(".add-input input, input.add-input").first.fill(text)
    sim.sync()
    sim.in_page(".add-btn").first.click()
    sim.sync()


def test_add_todo_updates_list_appdata_storage_and_console(todo_wechat):
    sim = todo_wechat
    expect(sim.in_page(".title")).to_have_text("Todos")
    add_todo(sim, "Buy milk")
    add_todo(sim, "Walk the dog")
    expect(sim.in_page("todo-item")).to_have_count(2)
    expect(sim.in_page("todo-item").nth(1)).to_contain_text("Walk the dog")
    # AppData: the live page data, as the logic layer holds it
    todos = sim.page.locator('#sim-data-keys textarea[data-key="todos"]')
    assert [t["text"] for t in json.loads(todos.input_value())] == ["Buy milk", "Walk the dog"]
    assert sim.page.locator('#sim-data-keys textarea[data-key="draft"]').input_value() == '""'
    # Storage panel mirrors the bridge's store
    sim.page.click('#sim-tabs button[data-panel="storage"]')
    stored = json.loads(sim.page.locator('#sim-storage-items textarea[data-key="todos"]').input_value())
    assert [t["text"] for t in stored] == ["Buy milk", "Walk the dog"]
    # Console: the app's log line with its source file:line
    sim.page.click('#sim-tabs button[data-panel="console"]')
    line = sim.page.locator("#sim-console .sim-line", has_text="todo app launched").first
    expect(line.locator(".sim-src")).to_have_text("app.js:7")
    # API calls: the storage writes went through the bridge
    sim.page.click('#sim-tabs button[data-panel="api"]')
    expect(sim.page.locator("#sim-api .sim-api-name", has_text="wx.setStorageSync").first).to_be_visible()
    sim.page.click('#sim-tabs button[data-panel="appdata"]')
    sim.shot("preview-todo-wechat.png")


def test_tab_bar_follows_the_page_stack(browser, shots, tmp_path):
    # the hosts draw the tab bar on tab pages only: a page opened with navigateTo has none,
    # navigateBack to the tab page brings it back, switchTab moves the selection
    sim = Sim(browser, shots, SAMPLES / "shop", tmp_path / "data")
    try:
        bar = sim.page.locator("#fx-app .fx-tabbar")
        expect(bar).to_be_visible()
        expect(bar.locator(".fx-tab-selected")).to_have_text("Home")
        sim.in_page("product-card").first.click()
        sim.sync()
        assert sim.page.locator(PAGE).get_attribute("data-route") == "pages/detail/detail"
        expect(bar).to_be_hidden()
        assert "fx-has-tabbar" not in (sim.page.locator("#fx-app").get_attribute("class") or "")
        sim.page.locator(PAGE).locator(".fx-navbar-back").click()
        sim.sync()
        expect(bar).to_be_visible()
        bar.locator(".fx-tab", has_text="Cart").click()
        sim.sync()
        assert sim.page.locator(PAGE).get_attribute("data-route") == "pages/cart/cart"
        expect(bar).to_be_visible()
        expect(bar.locator(".fx-tab-selected")).to_have_text("Cart")
    finally:
        sim.close()


def test_appdata_and_storage_edits_reach_the_app(todo_wechat):
    sim = todo_wechat
    title = sim.page.locator('#sim-data-keys textarea[data-key="title"]')
    title.fill('"Groceries"')
    title.press("Control+Enter")
    sim.sync()
    expect(sim.in_page(".title")).to_have_text("Groceries")
    # a storage edit is mirrored into the JS *Sync state: a relaunch reads it back
    sim.page.click('#sim-tabs button[data-panel="storage"]')
    form = sim.page.locator("#sim-storage-form")
    form.locator('input[name="key"]').fill("todos")
    form.locator('input[name="value"]').fill(
        '[{"id": 7, "text": "From the panel", "done": false, "createdAt": 0}]')
    form.locator("button").click()
    sim.sync()
    sim.page.click("#sim-reload")
    sim.sync()
    expect(sim.in_page("todo-item")).to_have_count(1)
    expect(sim.in_page("todo-item")).to_contain_text("From the panel")
    sim.page.click("#sim-storage-clear")
    sim.sync()
    assert sim.page.evaluate("FXSIM.storage") == {}


def test_navigation_back_and_home(todo_wechat):
    sim = todo_wechat
    add_todo(sim, "Open me")
    sim.in_page("todo-item .text, todo-item text").first.click()
    sim.sync()
    data = sim.page.evaluate("FXSIM.data")
    assert data["route"] == "pages/detail/detail" and len(data["stack"]) == 2
    expect(sim.page.locator(PAGE).locator(".fx-navbar-back")).to_be_visible()
    sim.page.click("#sim-back")
    sim.sync()
    assert sim.page.evaluate("FXSIM.data.route") == "pages/index/index"
    sim.page.click("#sim-home")
    sim.sync()
    assert sim.page.evaluate("FXSIM.foreground") is False
    sim.page.click("#sim-home")
    sim.sync()
    assert sim.page.evaluate("FXSIM.foreground") is True


HOST_APP = {
    "app.json": {"pages": ["pages/index/index"], "window": {"defaultTitle": "Host dialogs"}},
    "app.js": "App({});",
    "pages/index/index.json": {},
    "pages/index/index.axml": """
        <view class="box">
          <button class="locate" onTap="locate">Where am I</button>
          <button class="pay" onTap="pay">Pay</button>
          <button class="ask" onTap="ask">Confirm</button>
          <button class="sheet" onTap="sheet">Sheet</button>
          <text class="out">{{out}}</text>
        </view>""",
    "pages/index/index.js": """
        Page({
          data: { out: '' },
          locate() {
            my.getLocation({
              success: (r) => this.setData({ out: 'at ' + r.latitude + ',' + r.longitude }),
              fail: (e) => this.setData({ out: 'denied ' + e.error }),
            });
          },
          pay() {
            my.tradePay({ tradeNO: 'T1', success: (r) => this.setData({ out: 'pay ' + r.resultCode }) });
          },
          sheet() {
            my.showActionSheet({ items: ['Red', 'Blue'],
                                 success: (r) => { this.setData({ out: 'sheet ' + r.index });
                                                   my.showToast({ content: 'Picked ' + r.index }); } });
          },
          ask() {
            my.confirm({ title: 'Sure?', content: 'Really?',
                         success: (r) => this.setData({ out: 'confirm ' + r.confirm }) });
          },
        });""",
}


def write_app(root: Path, files: dict) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(content) if isinstance(content, dict) else textwrap.dedent(content)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def host_app(browser, shots, tmp_path):
    sim = Sim(browser, shots, write_app(tmp_path / "app", HOST_APP), tmp_path / "data")
    yield sim
    sim.close()


def test_consent_cashier_and_modal_are_host_dialogs(host_app):
    sim = host_app
    sim.in_page(".locate").click()
    sim.sync()
    dialog = sim.page.locator('#sim-overlays [data-ask="consent"]')
    expect(dialog).to_be_visible()
    sim.shot("preview-consent.png")
    dialog.locator('[data-answer="allow"]').click()
    sim.sync()
    expect(sim.in_page(".out")).to_have_text("at 30.274084,120.15507")
    # the Mocks panel moves the pin; the remembered consent does not ask again
    sim.page.click('#sim-tabs button[data-panel="mocks"]')
    form = sim.page.locator("#sim-mock-location")
    form.locator('input[name="latitude"]').fill("39.9")
    form.locator('input[name="longitude"]').fill("116.4")
    form.locator("button").first.click()
    sim.sync()
    sim.in_page(".locate").click()
    sim.sync()
    expect(sim.in_page(".out")).to_have_text("at 39.9,116.4")
    # the cashier: cancelling is result code 6001
    sim.in_page(".pay").click()
    sim.sync()
    cashier = sim.page.locator('#sim-overlays [data-ask="cashier"]')
    expect(cashier).to_be_visible()
    sim.shot("preview-cashier.png")
    cashier.locator('[data-answer="6001"]').click()
    sim.sync()
    expect(sim.in_page(".out")).to_have_text("pay 6001")
    # a payment outcome set in Mocks answers without the dialog
    sim.page.select_option("#sim-mock-cashier", "9000")
    sim.sync()
    sim.in_page(".pay").click()
    sim.sync()
    expect(sim.in_page(".out")).to_have_text("pay 9000")
    sim.in_page(".ask").click()
    sim.sync()
    modal = sim.page.locator('#sim-overlays [data-ask="confirm"]')
    expect(modal).to_contain_text("Really?")
    modal.locator('[data-answer="cancel"]').click()
    sim.sync()
    expect(sim.in_page(".out")).to_have_text("confirm false")
    sim.in_page(".sheet").click()
    sim.sync()
    sheet = sim.page.locator('#sim-overlays [data-ask="actionSheet"]')
    expect(sheet.locator("[data-answer]")).to_have_text(["Red", "Blue", "取消"])  # the host's own cancel text
    sheet.locator('[data-answer="1"]').click()
    sim.sync()
    expect(sim.in_page(".out")).to_have_text("sheet 1")
    expect(sim.page.locator("#sim-overlays .sim-toast")).to_have_text("Picked 1")
    sim.shot("preview-toast.png")
    sim.page.click('#sim-tabs button[data-panel="api"]')
    expect(sim.page.locator("#sim-api .sim-api-name", has_text="my.tradePay")).to_have_count(2)


def test_switch_profile_relaunches_under_the_new_host(browser, shots, tmp_path):
    app = tmp_path / "todo"
    shutil.copytree(SAMPLES / "todo-alipay", app)
    sim = Sim(browser, shots, app, tmp_path / "data")
    try:
        assert sim.page.evaluate("FXSIM.state.profile") == "alipay"
        options = sim.page.locator("#sim-profile option").all_inner_texts()
        assert "taobao" in options and "wechat" not in options
        add_todo(sim, "Survives the switch")
        sim.page.select_option("#sim-profile", "taobao")
        sim.page.wait_for_function("FXSIM.state.profile === 'taobao'")
        sim.sync()
        assert sim.page.evaluate("FXSIM.generation") == 2
        # storage belongs to (profile, app, user): the Taobao run starts empty
        expect(sim.in_page(".empty")).to_be_visible()
        expect(sim.page.locator(".sim-hostname")).not_to_have_text("")
        sim.page.select_option("#sim-device", "iphone-se")
        sim.page.wait_for_function("FXSIM.state.device === 'iphone-se'")
        sim.sync()
        assert sim.page.locator("#sim-frame").evaluate("e => e.style.width") == "375px"
        sim.shot("preview-taobao-iphone-se.png")
        # a compile error shows the overlay with file:line:col; fixing it brings the app back
        page_file = app / "pages/index/index.axml"
        good = page_file.read_text("utf-8")
        page_file.write_text(good.replace('<view class="page">', '<view class="page"', 1), "utf-8")
        sim.page.click("#sim-reload")
        sim.sync()
        overlay = sim.page.locator(".sim-compile-error")
        expect(overlay).to_contain_text("pages/index/index.axml:")
        sim.shot("preview-compile-error.png")
        page_file.write_text(good, "utf-8")
        sim.page.click("#sim-reload")
        sim.sync()
        expect(overlay).to_have_count(0)
        expect(sim.in_page(".title")).to_be_visible()
    finally:
        sim.close()


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def _headless_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    return env


FANXING = [str(Path(sys.executable).with_name("fanxing"))]  # the installed console script


def test_screenshot_command_plays_actions(tmp_path, shots):
    out = tmp_path / "shot.png"
    proc = subprocess.run(
        [*FANXING, "screenshot", str(SAMPLES / "todo-wechat"), "--device", "iphone-se",
         "--do", "input:.add-input=Screenshot me", "--do", "tap:.add-btn", "-o", str(out)],
        capture_output=True, text=True, timeout=60, env=_headless_env(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert _png_size(out) == (375, 667)  # the iPhone SE preset, device frame only
    shutil.copy(out, shots / "cli-screenshot-iphone-se.png")
    bad = subprocess.run([*FANXING, "screenshot", str(SAMPLES / "todo-wechat"), "--do", "jump",
                          "-o", str(out)], capture_output=True, text=True, timeout=60)
    assert bad.returncode != 0 and "action 'jump': unknown action" in bad.stderr


def test_screenshot_selectors_reach_inside_components_as_render_does(tmp_path, shots):
    from concurrent.futures import ThreadPoolExecutor

    from fanxing.runtime.devtools.screenshot import parse_action, screenshot
    from fanxing.testing import launch

    # .product-card is a class of the product-card component's own template: scoped in
    # the DOM, matched by the view's selectors (as `fanxing render --do` matches it).
    def shot_then_cart() -> list[tuple[str, int]]:
        out = screenshot(SAMPLES / "shop", tmp_path / "detail.png", profile="alipay",
                         data_dir=tmp_path / "data",
                         actions=[parse_action("tap:.product-card"), parse_action("tap:.add")])
        shutil.copy(out, shots / "cli-screenshot-shop-detail.png")
        with launch(SAMPLES / "shop", data_dir=tmp_path / "data", profile="alipay",
                    user="default", page="pages/cart/cart") as mp:  # the cart is in storage
            return [(i["name"], i["qty"]) for i in mp.page.data["items"]]

    # a thread of its own: the sync Playwright of the other tests holds this thread's loop
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(shot_then_cart).result() == [("Longjing green tea", 1)]


def test_demo_headless_serves_preview_and_writes_a_screenshot(tmp_path, shots):
    shot = tmp_path / "demo.png"
    env = {**_headless_env(tmp_path), "FANXING_DEMO_ONESHOT": "1"}
    proc = subprocess.run([*FANXING, "demo", str(SAMPLES / "todo-wechat"), "--port", "0",
                           "--shot", str(shot)], capture_output=True, text=True, timeout=60,
                          env=env)
    assert proc.returncode == 0, proc.stderr
    assert "no display" in proc.stderr
    assert "http://127.0.0.1:" in proc.stdout
    assert _png_size(shot) == (390, 844)  # the default iPhone 14 preset
    shutil.copy(shot, shots / "demo-headless.png")


def test_dev_without_display_falls_back_to_the_preview(tmp_path):
    proc = subprocess.Popen([*FANXING, "dev", str(SAMPLES / "todo-alipay"), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=_headless_env(tmp_path))
    try:
        line = proc.stdout.readline()
        assert "fanxing preview of" in line and "http://127.0.0.1:" in line
        url = line.split(" at ", 1)[1].strip()
        base, token = url.split("?token=")
        page = httpx.get(url, timeout=10)
        assert page.status_code == 200 and "simulator.js" in page.text
        assert httpx.get(base, timeout=10).status_code == 403  # no token, no simulator
        auth = {"X-Fanxing-Token": token}
        assert httpx.get(base + "__fx/../../pyproject.toml", headers=auth,
                         timeout=10).status_code == 404
        assert httpx.get(base + "app.js", headers=auth, timeout=10).status_code == 404
        ws_url = base.replace("http://", "ws://") + "ws?token=" + token
        with pytest.raises(InvalidStatus):  # another web site cannot drive the simulator
            ws_connect(ws_url, origin="http://evil.example", open_timeout=10)
        with pytest.raises(InvalidStatus):  # nor a client without the token
            ws_connect(ws_url.split("?")[0], open_timeout=10)
        with ws_connect(ws_url, open_timeout=10) as ws:
            assert frame_messages(ws.recv(timeout=10))[0]["event"] == "state"
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert "serving the browser preview instead" in err


def test_tab_bar_apis_reach_the_drawn_tab_bar(browser, shots, tmp_path):
    # bridge → container `ui` broadcast → simulator → web client
    sim = Sim(browser, shots, SAMPLES / "shop", tmp_path / "data")
    try:
        bar = sim.page.locator("#fx-app .fx-tabbar")
        sim.page.evaluate("""FXSIM.command("eval", {code:
            "my.setTabBarBadge({index: 1, text: '7'}); my.showTabBarRedDot({index: 2})"})""")
        sim.sync()
        expect(bar.locator(".fx-tab").nth(1).locator(".fx-tab-badge")).to_have_text("7")
        expect(bar.locator(".fx-tab").nth(2).locator(".fx-tab-reddot")).to_be_visible()
        sim.page.evaluate("""FXSIM.command("eval", {code: "my.hideTabBar({})"})""")
        sim.sync()
        expect(bar).to_be_hidden()
    finally:
        sim.close()


PICKER_APP = {
    "app.json": {"pages": ["pages/index/index"]},
    "app.js": "App({});",
    "pages/index/index.json": {},
    "pages/index/index.axml": """
        <view>
          <button class="cascade" onTap="cascade">Cascade</button>
          <button class="date" onTap="date">Date</button>
          <text class="out">{{out}}</text>
        </view>""",
    "pages/index/index.js": """
        Page({
          data: { out: '' },
          cascade() {
            my.multiLevelSelect({ title: '选择地区', list: [{ name: '杭州市', subList: [
                { name: '西湖区', subList: [{ name: '古翠街道' }, { name: '文新街道' }] },
                { name: '上城区' }] }],
              success: (r) => this.setData({ out: r.success + ' ' +
                                                  r.result.map(x => x.name).join('/') }) });
          },
          date() {
            my.datePicker({ currentDate: '2024-05-06',
              success: (r) => this.setData({ out: 'date ' + r.date }),
              fail: (e) => this.setData({ out: 'fail ' + e.error }) });
          },
        });""",
}


def test_multi_level_select_and_date_picker_are_host_dialogs(browser, shots, tmp_path):
    # a person walks the cascade level by level; the date picker's cancel is error 11
    sim = Sim(browser, shots, write_app(tmp_path / "app", PICKER_APP), tmp_path / "data")
    try:
        sim.in_page(".cascade").click()
        sim.sync()
        sheet = sim.page.locator('#sim-overlays [data-ask="multiLevelSelect"]')
        expect(sheet.locator(".sim-sheet-title")).to_have_text("选择地区")
        sheet.locator(".sim-sheet-item", has_text="杭州市").click()
        sheet.locator(".sim-sheet-item", has_text="西湖区").click()
        expect(sheet.locator(".sim-modal-content")).to_have_text("杭州市 / 西湖区")
        sim.shot("preview-multilevelselect.png")
        sheet.locator(".sim-sheet-item", has_text="文新街道").click()
        sim.sync()
        expect(sim.in_page(".out")).to_have_text("true 杭州市/西湖区/文新街道")
        sim.in_page(".date").click()
        sim.sync()
        picker = sim.page.locator('#sim-overlays [data-ask="datePicker"]')
        expect(picker.locator("input")).to_have_value("2024-05-06")
        picker.locator('[data-answer="cancel"]').click()
        sim.sync()
        expect(sim.in_page(".out")).to_have_text("fail 11")
        sim.in_page(".date").click()
        sim.sync()
        picker.locator("input").fill("2024-06-01")
        sim.shot("preview-datepicker.png")
        picker.locator('[data-answer="ok"]').click()
        sim.sync()
        expect(sim.in_page(".out")).to_have_text("date 2024-06-01")
    finally:
        sim.close()
