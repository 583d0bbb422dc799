"""New API surface through real QuickJS + the real Bridge: menu button, theme changes,
animations, contexts, analytics, media choices, image info and the file system manager."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from .conftest import ALIPAY_FAMILY


def png(path: Path, width: int, height: int) -> Path:
    """A real (tiny, valid) PNG file."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\x00" * width * 3 for _ in range(height))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(
        ">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b""))
    return path


@pytest.mark.parametrize("profile,ns", [("wechat", "wx"), ("alipay", "my")])
def test_menu_button_rect_from_the_device(make_js, profile, ns):
    js = make_js(profile, device="iphone-se")
    rect = js.eval(f"{ns}.getMenuButtonBoundingClientRect()")
    d = js.bridge.device
    assert rect["right"] == d.screen_width - 7 and rect["width"] == 87
    assert rect["top"] >= d.status_bar_height and rect["bottom"] - rect["top"] == rect["height"]
    assert js.eval(f"{ns}.canIUse('getMenuButtonBoundingClientRect')") is True


def test_theme_change_event_pair(make_js):
    js = make_js("wechat")
    js.exec("globalThis.f = t => log.push(t.theme); wx.onThemeChange(f)")
    js.bridge.set_theme("dark")
    js.forward_host()
    js.exec("wx.offThemeChange(f)")
    js.bridge.set_theme("light")
    js.forward_host()
    assert js.get("log") == ["dark"]
    assert js.get("wx.getSystemInfoSync().theme") == "light"
    assert js.eval("typeof my") == "undefined" or js.eval("typeof my.onThemeChange") == "undefined"


@pytest.mark.parametrize("profile,ns", [("wechat", "wx"), ("taobao", "my")])
def test_animation_export(make_js, profile, ns):
    js = make_js(profile)
    data = js.eval(f"""(() => {{ const a = {ns}.createAnimation({{duration: 300}});
        a.opacity(0.5).translateX(10).step().rotate(45).step({{duration: 100}});
        const out = a.export(); return [out, a.export()]; }})()""")
    first, second = data
    assert [[x["type"] for x in act["animates"]] for act in first["actions"]] == \
        [["opacity", "translateX"], ["rotate"]]
    assert first["actions"][0]["option"]["transition"]["duration"] == 300
    assert first["actions"][1]["option"]["transition"]["duration"] == 100
    assert second == {"actions": []}


def test_contexts_send_their_calls_to_the_host(make_js):
    js = make_js("wechat")
    js.exec("""const c = wx.createCanvasContext('cv'); c.setFillStyle('red'); c.fillRect(0, 0, 5, 5);
        c.fillStyle = 'blue'; c.draw(false, () => log.push('drawn'));
        const v = wx.createVideoContext('vid'); v.seek(12);
        const a = wx.createInnerAudioContext(); a.src = 'x.mp3'; a.onPlay(() => log.push('play'));
        a.play();""")
    media = [p for m, k, p in js.bridge.host.log if k == "mediaContext"]
    assert media[0]["kind"] == "canvas" and media[0]["method"] == "draw"
    assert [a["method"] for a in media[0]["args"][0]] == ["setFillStyle", "fillRect", "set"]
    assert (media[1]["kind"], media[1]["method"], media[1]["args"]) == ("video", "seek", [12])
    assert media[2]["state"]["src"] == "x.mp3"
    assert js.get("log") == ["drawn", "play"]
    assert js.eval("wx.createCanvasContext('z').measureText('ab').width") > 0


def test_small_wechat_helpers(make_js):
    js = make_js("wechat")
    js.exec("wx.nextTick(() => log.push('tick')); log.push('now')")
    assert js.get("log") == ["now", "tick"]
    assert js.eval("wx.getExptInfoSync(['k'])") == {}
    assert js.eval("typeof wx.getPerformance().now()") == "number"
    js.exec("wx.setKeepScreenOn({keepScreenOn: true}); wx.hideKeyboard(); wx.hideHomeButton();"
            "wx.updateShareMenu({withShareTicket: true})")
    kinds = [k for m, k, _ in js.bridge.host.log if m == "ui"]
    assert kinds == ["setKeepScreenOn", "hideKeyboard", "hideHomeButton", "updateShareMenu"]
    bad = js.eval("(() => { let e; wx.setKeepScreenOn({fail: r => e = r}); return 1 })()")
    assert bad == 1
    js.exec("wx.setKeepScreenOn({fail: r => log.push(r.errMsg)})")
    assert "setKeepScreenOn:fail parameter error" in js.get("log")[-1]


@pytest.mark.parametrize("profile", ["wechat", "alipay"])
def test_analytics_are_recorded(make_js, profile):
    js = make_js(profile)
    ns = "wx" if profile == "wechat" else "my"
    js.exec(f"{ns}.reportAnalytics('purchase', {{price: 120}})")
    if profile == "wechat":
        js.exec("wx.reportEvent('expo', {a: 1})")
    log = js.bridge.analytics
    assert log.events("purchase")[0]["data"] == {"price": 120}
    assert len(log.entries) == (2 if profile == "wechat" else 1)


@pytest.mark.parametrize("profile", ["wechat", *ALIPAY_FAMILY[:1]])
def test_choose_image_then_image_info(make_js, tmp_path, profile):
    img = png(tmp_path / "cat.png", 7, 3)
    js = make_js(profile, {"chooseImage": [str(img)]})
    ns = "wx" if profile == "wechat" else "my"
    js.exec(f"{ns}.chooseImage({{count: 1}}).then(r => {{ log.push(r);"
            f" return {ns}.getImageInfo({{src: r.tempFilePaths[0]}}); }}).then(i => log.push(i))")
    chosen, info = js.get("log")
    path = chosen["tempFilePaths"][0]
    assert path.startswith(js.bridge.profile.get("tempFilePrefix"))
    assert chosen["tempFiles"][0]["size"] == img.stat().st_size
    assert (info["width"], info["height"], info["type"]) == (7, 3, "png")
    # the temp file reached the JS file mirror: statSync knows it
    if profile == "wechat":
        assert js.eval(f"wx.getFileSystemManager().statSync({path!r}).size") == img.stat().st_size


def test_choose_cancel_and_package_images(make_js, tmp_path):
    js = make_js("wechat")
    js.bridge.package_dir = tmp_path
    (tmp_path / "images").mkdir()
    png(tmp_path / "images" / "a.png", 12, 34)
    js.exec("wx.chooseMedia({fail: e => log.push(e.errMsg)});"
            "wx.getImageInfo({src: '/images/a.png', success: i => log.push([i.width, i.height])});"
            "wx.getImageInfo({src: '../secret.png', fail: e => log.push(e.errMsg)});"
            "wx.previewImage({urls: ['a', 'b'], current: 'b'})")
    assert js.get("log")[0] == "chooseMedia:fail cancel"
    assert js.get("log")[1] == [12, 34]
    assert "permission denied" in js.get("log")[2]
    assert ("ui", "previewImage", {"urls": ["a", "b"], "current": 1}) in js.bridge.host.log


def test_alipay_choose_cancel_code(make_js):
    js = make_js("alipay")
    js.exec("my.chooseImage({fail: e => log.push(e)})")
    assert js.get("log")[0]["error"] == 11


def test_file_system_manager_wechat(make_js, tmp_path):
    js = make_js("wechat")
    js.exec("""const fs = wx.getFileSystemManager(); const U = wx.env.USER_DATA_PATH;
      fs.mkdirSync(U + '/notes/day', true);
      fs.writeFileSync(U + '/notes/day/a.txt', '你好', 'utf8');
      fs.appendFileSync(U + '/notes/day/a.txt', '!', 'utf8');
      log.push(fs.readFileSync(U + '/notes/day/a.txt', 'utf8'));
      log.push(fs.readdirSync(U + '/notes'));
      log.push(fs.statSync(U + '/notes/day/a.txt').isFile());
      try { fs.readFileSync(U + '/missing.txt', 'utf8') } catch (e) { log.push(e.message) }
      try { fs.writeFileSync(U + '/../escape.txt', 'x') } catch (e) { log.push(e.message) }
      fs.readFile({filePath: U + '/notes/day/a.txt', encoding: 'base64', success: r => log.push(r.data)});
      fs.readFile({filePath: U + '/nope', fail: e => log.push(e.errMsg)});""")
    out = js.get("log")
    assert out[0] == "你好!" and out[1] == ["day"] and out[2] is True
    assert out[3] == "readFileSync:fail no such file or directory, open wxfile://usr/missing.txt"
    assert "permission denied" in out[4]
    import base64
    assert base64.b64decode(out[5]).decode() == "你好!"
    assert out[6].startswith("readFile:fail no such file or directory")
    real = tmp_path / "files" / "app1" / "usr" / "u1" / "notes" / "day" / "a.txt"
    assert real.read_text("utf-8") == "你好!"
    assert not (tmp_path / "files" / "app1" / "usr" / "escape.txt").exists()
    # a second bridge (next launch) sees the file in its mirror
    js2 = make_js("wechat")
    assert js2.eval("wx.getFileSystemManager().readFileSync(wx.env.USER_DATA_PATH + "
                    "'/notes/day/a.txt', 'utf8')") == "你好!"


def test_file_system_manager_alipay_and_isolation(make_js):
    js = make_js("alipay")
    js.exec("""const fs = my.getFileSystemManager(); const U = my.env.USER_DATA_PATH;
      log.push(fs.writeFileSync({filePath: U + '/k.json', data: '{"a":1}', encoding: 'utf8'}));
      log.push(fs.readFileSync({filePath: U + '/k.json', encoding: 'utf8'}));
      try { fs.readFileSync({filePath: U + '/none', encoding: 'utf8'}); }
      catch (e) { log.push({error: e.error, errorMessage: e.errorMessage}); }""")
    out = js.get("log")
    assert out[0] == {"success": True}
    assert out[1] == {"success": True, "data": '{"a":1}'}
    # sync APIs throw on failure (opendocs.alipay.com/mini/api/overview)
    assert out[2]["error"] == 3 and "no such file" in out[2]["errorMessage"]
    other = make_js("alipay", app_id="app2")
    assert other.eval("(function () { try { my.getFileSystemManager().readFileSync({filePath:"
                      " my.env.USER_DATA_PATH + '/k.json'}); } catch (e) { return e.error; } })()") == 3


def test_selector_query_without_a_view(make_js):
    js = make_js("wechat")
    js.exec("wx.createSelectorQuery().select('#a').boundingClientRect().selectAll('.b')"
            ".fields({id: true}).exec(r => log.push(r))")
    assert js.get("log") == [[None, []]]
    assert js.bridge.host.log[-1][:2] == ("view", "selectorQuery")


@pytest.mark.parametrize("sync", [True, False])
def test_write_file_on_a_fresh_data_folder(make_js, tmp_path, sync):
    """The user folder exists for the app before anything made it (issue 10, finding 11)."""
    js = make_js("wechat", data_dir=tmp_path / "fresh")
    assert not (tmp_path / "fresh").exists()
    if sync:
        js.exec("const fs = wx.getFileSystemManager();"
                "fs.writeFileSync(wx.env.USER_DATA_PATH + '/a.txt', 'hello', 'utf8');"
                "log.push(fs.readFileSync(wx.env.USER_DATA_PATH + '/a.txt', 'utf8'));")
    else:
        js.exec("const fs = wx.getFileSystemManager();"
                "fs.writeFile({filePath: wx.env.USER_DATA_PATH + '/a.txt', data: 'hello',"
                " encoding: 'utf8', success: () => fs.readFile({filePath: wx.env.USER_DATA_PATH"
                " + '/a.txt', encoding: 'utf8', success: r => log.push(r.data),"
                " fail: e => log.push(e.errMsg)}), fail: e => log.push(e.errMsg)});")
    assert js.get("log") == ["hello"]
    assert (tmp_path / "fresh" / "files" / "app1" / "usr" / "u1" / "a.txt").read_text() == "hello"
