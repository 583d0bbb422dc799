"""The simulator's WXML inspector and Network panel in real Chromium, on a real
container (real QuickJS, real bridge: mocked requests, a real HTTP download from a local
server, a real WebSocket), plus the simulator opened with a host program's HostApp
through ``fanxing preview --host``."""

from __future__ import annotations

import asyncio
import http.server
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from fanxing.runtime.devtools.driver import AppDriver
from fanxing.runtime.devtools.preview_server import BackgroundPreview
from playwright.sync_api import expect
from websockets.asyncio.server import serve

ROOT = Path(__file__).resolve().parents[3]
FEED = ROOT / "tests" / "fixtures" / "devday-wechat"
PAGE = "#fx-app .fx-page-frame:visible"
ITEMS = [{"id": 1, "title": "Tea"}, {"id": 2, "title": "Cake", "hot": True}]


class _Report(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        body = b"quarterly report"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("X-Served-By", "test-server")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def servers():
    """A local HTTP server (the download) and a WebSocket echo server (the chat)."""
    http_srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Report)
    threading.Thread(target=http_srv.serve_forever, daemon=True).start()
    loop = asyncio.new_event_loop()
    ready, stop = threading.Event(), None
    port: list[int] = []

    async def echo(ws):
        async for m in ws:
            await ws.send("echo: " + m)

    async def main():
        nonlocal stop
        stop = asyncio.Event()
        async with serve(echo, "127.0.0.1", 0) as srv:
            port.append(srv.sockets[0].getsockname()[1])
            ready.set()
            await stop.wait()

    t = threading.Thread(target=lambda: loop.run_until_complete(main()), daemon=True)
    t.start()
    ready.wait(10)
    yield f"http://127.0.0.1:{http_srv.server_address[1]}/report.txt", f"ws://127.0.0.1:{port[0]}/"
    loop.call_soon_threadsafe(stop.set)
    t.join(10)
    http_srv.shutdown()


@pytest.fixture(autouse=True)
def patient_expect():
    """Real sockets, HTTP and relaunches on a machine shared by many: wait up to 15 s
    (expect's default is 5 s), then put the default back for other modules."""
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture
def sim(browser, tmp_path):
    driver = AppDriver(FEED, data_dir=tmp_path / "data")
    driver.mocks.update({"rules": [
        {"url": "https://api.example.com/items", "method": "GET", "json": ITEMS},
        {"url": "https://api.example.com/*", "method": "POST", "status": 503,
         "json": {"error": "busy"}}]})
    preview = BackgroundPreview(driver)
    url = preview.start()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(8000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_function("window.FXSIM && FXSIM.connected")
    page.evaluate("FXSIM.sync()")
    yield page
    page.close()
    preview.stop()
    assert errors == []


def in_page(page, selector):
    return page.locator(PAGE).locator(selector)


def test_network_panel_lists_requests_downloads_and_sockets(sim, servers, shots):
    report_url, ws_url = servers
    page = sim
    expect(in_page(page, ".item")).to_have_count(2)
    # real exchanges: point the page at the local servers through AppData's setData
    page.evaluate("([r, w]) => { FXSIM.command('setData', {path: 'reportUrl', value: r});"
                  " FXSIM.command('setData', {path: 'wsUrl', value: w}); }", [report_url, ws_url])
    page.evaluate("FXSIM.sync()")
    # one tap at a time: a tap while the page re-renders may land on a button that moved
    in_page(page, ".more").click()
    expect(in_page(page, ".status")).to_have_text("503")
    in_page(page, ".save").click()
    expect(in_page(page, ".saved")).to_have_text("yes", timeout=20_000)
    in_page(page, ".chat").click()
    expect(in_page(page, ".echo")).to_have_text("echo: hello", timeout=20_000)
    page.click("#sim-tabs button[data-panel=network]")
    rows = page.locator("#sim-net-rows .sim-net-row")
    expect(rows).to_have_count(4)
    expect(page.locator("#sim-network-count")).to_have_text("4")
    expect(rows.nth(3).locator(".sim-net-status")).to_have_text("closed", timeout=20_000)
    # the mocked GET: badge, status, type, time
    get = rows.nth(0)
    expect(get.locator(".sim-net-mock")).to_have_count(1)
    expect(get.locator(".sim-net-method")).to_have_text("GET")
    expect(get.locator(".sim-net-status")).to_have_text("200")
    expect(get.locator(".sim-net-time")).to_have_text(re.compile(r"\d+\.\d ms"))
    post = rows.nth(1)
    expect(post.locator(".sim-net-status")).to_have_text("503")
    expect(post).to_have_class(re.compile("fail"))
    # the real download: no badge, the server's headers and body
    download = rows.nth(2)
    expect(download.locator(".sim-net-kind")).to_have_text("downloadFile")
    expect(download.locator(".sim-net-mock")).to_have_count(0)
    download.click()
    detail = page.locator("#sim-net-detail")
    expect(detail).to_contain_text("answered by")
    expect(detail).to_contain_text("the network")
    expect(detail).to_contain_text("x-served-by")
    expect(detail).to_contain_text("quarterly report")
    # the socket: frames both ways, closed
    sock = rows.nth(3)
    expect(sock.locator(".sim-net-kind")).to_have_text("socket")
    expect(sock.locator(".sim-net-status")).to_have_text("closed")
    sock.click()
    expect(detail.locator(".sim-net-frame.send")).to_have_text("↑hello")
    expect(detail.locator(".sim-net-frame.recv")).to_have_text("↓echo: hello")
    # the mocked POST's request and response bodies
    post.click()
    expect(detail).to_contain_text('"page": 2')
    expect(detail).to_contain_text('"error": "busy"')
    expect(detail).to_contain_text("mock rule https://api.example.com/*")
    page.screenshot(path=str(shots / "simulator-network.png"))
    # a client connecting late sees the same list
    late = page.context.browser.new_page()
    late.goto(page.url)
    late.wait_for_function("window.FXSIM && FXSIM.network && FXSIM.network.length === 4")
    late.close()
    page.click("#sim-net-clear")
    expect(rows).to_have_count(0)
    # an API mock from the Mocks panel answers after a reload, marked in the API panel
    page.click("#sim-tabs button[data-panel=mocks]")
    page.fill("#sim-mock-api-form input[name=name]", "wx.getLocation")
    page.fill("#sim-mock-api-form input[name=result]", '{"latitude": 7, "longitude": 8}')
    page.click("#sim-mock-api-form button")
    expect(page.locator("#sim-mock-apis")).to_contain_text("wx.getLocation")
    page.click("#sim-reload")
    expect(in_page(page, ".where")).to_have_text("7,8", timeout=15_000)
    page.click("#sim-tabs button[data-panel=api]")
    mocked = page.locator("#sim-api .sim-api-row", has_text="wx.getLocation").locator(".sim-net-mock")
    expect(mocked).to_have_count(1)


def test_inspector_tree_highlight_styles_and_data(sim, shots):
    page = sim
    expect(in_page(page, ".item")).to_have_count(2)
    page.click("#sim-tabs button[data-panel=inspector]")
    expect(page.locator("#sim-inspector-tab")).to_have_text("WXML")
    tree = page.locator("#sim-tree")
    # the author's tree: tags, classes and attributes as written, never fx- names
    expect(tree).to_contain_text('<view id="feed" class="feed">')
    expect(tree).to_contain_text('<view class="item hot" data-id="2">Cake</view>')
    expect(tree).to_contain_text('<badge class="total" label="2">')
    assert "fx-c" not in tree.inner_text()
    hot = tree.locator(".sim-tree-line", has_text='class="item hot"')
    hot.hover()
    box = page.locator("#sim-screen .sim-highlight")
    expect(box).to_have_count(1)
    # the outline covers the element the device draws for that node
    dom = in_page(page, ".hot").bounding_box()
    out = box.bounding_box()
    assert abs(dom["x"] - out["x"]) < 2 and abs(dom["width"] - out["width"]) < 2
    assert abs(dom["y"] - out["y"]) < 2 and abs(dom["height"] - out["height"]) < 2
    expect(box).to_contain_text("view")
    page.screenshot(path=str(shots / "simulator-inspector-hover.png"))
    hot.click()
    node = page.locator("#sim-node")
    expect(node).to_contain_text("Computed style")
    expect(node.locator(".sim-net-kvrow", has_text="color")).not_to_have_count(0)
    styles = page.evaluate("FXSIM.computedStyle(FXSIM.nodeInfo.pageId, FXSIM.nodeInfo.id)")
    assert styles["color"] == "rgb(230, 67, 64)" and styles["font-weight"] == "700"  # .hot
    expect(node).to_contain_text("Bound data: page pages/feed/feed")
    expect(node).to_contain_text('"title": "Cake"')
    # a component host: its props and own data
    tree.locator(".sim-tree-line", has_text="<badge").click()
    expect(node).to_contain_text("Component components/badge/badge")
    expect(node).to_contain_text('"shown": true')
    # the tree follows the page: a tap that changes the data refreshes it
    in_page(page, ".more").click()  # a 503 whose body the page appends: 3 items
    expect(tree).to_contain_text('<badge class="total" label="3">')
    expect(tree).to_contain_text('<text class="status">503</text>')
    # Pick: click in the device selects the node
    page.click("#sim-pick")
    in_page(page, ".brand").click()
    expect(page.locator("#sim-tree .sim-tree-line.on")).to_contain_text('class="brand"')
    expect(node).to_contain_text("<text>")
    page.screenshot(path=str(shots / "simulator-inspector-node.png"))


def test_preview_command_with_a_host_program(browser, shots, tmp_path):
    host = ROOT / "samples" / "host-embed"
    proc = subprocess.Popen(
        [sys.executable, "-m", "fanxing.runtime.cli", "preview", str(host / "coupon-app"),
         "--host", f"{host / 'host.py'}:simulator_host", "--port", "0", "--no-reload"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = None
        for line in proc.stdout:
            m = re.search(r"at (http://127\.0\.0\.1:\S+)", line)
            if m:
                url = m.group(1)
                break
        assert url, "the preview did not start"
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        page.wait_for_function("window.FXSIM && FXSIM.connected")
        page.evaluate("FXSIM.sync()")
        expect(page.locator(".sim-hostname")).to_have_text("MyBank")
        expect(page.locator("#sim-profile option")).to_have_count(1)
        expect(page.locator("#sim-profile")).to_have_value("mybank")
        expect(page.locator(PAGE)).to_contain_text("100")   # my.call('getBalance')
        expect(page.locator(PAGE)).to_contain_text("Free tea")  # the host's mock rule
        page.click("#sim-tabs button[data-panel=network]")
        expect(page.locator("#sim-net-rows .sim-net-mock")).to_have_count(1)
        page.screenshot(path=str(shots / "simulator-host-mybank.png"))
        # Alipay: the inspector is the AXML panel, with the author's tree
        page.click("#sim-tabs button[data-panel=inspector]")
        expect(page.locator("#sim-inspector-tab")).to_have_text("AXML")
        expect(page.locator("#sim-tree")).to_contain_text('<text class="balance">100</text>')
        page.close()
    finally:
        proc.terminate()
        proc.wait(10)
