"""Hardware APIs through real QuickJS + the real Bridge: recorder and background audio
managers, live / camera contexts, the old canvas API, sensors, brightness, battery,
media queries, workers, and their availability per profile."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest
from fanxing.bridge.imageinfo import image_info

from .conftest import ALIPAY_FAMILY

NS = {"wechat": "wx", "alipay": "my", "tmallgenie": "my"}


def media_calls(js, kind=None):
    return [p for m, k, p in js.bridge.host.log
            if k == "mediaContext" and (kind is None or p["kind"] == kind)]


def temp_file(js, virtual: str) -> Path:
    b = js.bridge
    return b.network.resolve_temp(b.store_id, b.profile.get("tempFilePrefix", ""), virtual)


@pytest.mark.parametrize("profile", ["wechat", "alipay", "tmallgenie"])
def test_recorder_records_a_real_wav_file(make_js, profile):
    js = make_js(profile)
    ns = NS[profile]
    js.exec(f"""const r = {ns}.getRecorderManager();
        r.onStart(() => log.push('start')); r.onStop(res => log.push(res));
        r.start({{sampleRate: 16000, numberOfChannels: 1, format: 'mp3'}});""")
    assert js.get("log") == ["start"]
    assert js.eval(f"{ns}.getRecorderManager() === r") is True  # one manager per app
    js.exec("r.stop()")
    stop = js.get("log")[1]
    path = temp_file(js, stop["tempFilePath"])
    assert path.suffix == ".wav" and path.stat().st_size == stop["fileSize"]
    with wave.open(str(path)) as w:
        assert w.getframerate() == 16000 and w.getnchannels() == 1
    assert [c["method"] for c in media_calls(js, "recorder")] == ["start", "stop"]
    assert js.bridge.consent.get("record") is True


def test_recorder_consent_denied_is_an_error_event(make_js):
    js = make_js("wechat", {"consent": "deny"})
    js.exec("""const r = wx.getRecorderManager(); r.onError(e => log.push(e.errMsg));
        r.onStart(() => log.push('start')); r.start({}); r.stop();""")
    assert js.get("log") == ["operateRecorder:fail auth deny"]


def test_recorder_pause_resume_and_host_interruption(make_js):
    js = make_js("wechat")
    js.exec("""const r = wx.getRecorderManager();
        ['Pause', 'Resume', 'InterruptionBegin'].forEach(n => r['on' + n](() => log.push(n)));
        r.start({});""")
    js.exec("r.pause(); r.resume()")  # once started
    js.bridge.media.emit("recorder", "interruptionBegin")
    js.forward_host()
    assert js.get("log") == ["Pause", "Resume", "InterruptionBegin", "Pause"]
    with pytest.raises(KeyError):
        js.bridge.media.emit("nope", "play")


@pytest.mark.parametrize("profile", ["wechat", "taobao"])
def test_background_audio_plays_from_src_and_hears_the_host(make_js, profile):
    js = make_js(profile)
    ns = NS.get(profile, "my")
    js.exec(f"""const a = {ns}.getBackgroundAudioManager();
        ['Canplay', 'Play', 'Pause', 'Ended', 'Next', 'Seeked'].forEach(n => a['on' + n](() => log.push(n)));
        a.title = 'Song'; a.singer = 'Ada'; a.src = 'https://example.com/a.mp3';""")
    assert js.get("log") == ["Canplay", "Play"]
    assert js.eval("a.paused") is False
    play = media_calls(js, "backgroundAudio")[0]
    assert play["method"] == "play" and play["state"]["singer"] == "Ada"
    js.exec("a.seek(30)")
    assert js.eval("a.currentTime") == 30
    js.bridge.media.emit("backgroundAudio", "next")
    js.bridge.media.emit("backgroundAudio", "ended", {"currentTime": 200, "duration": 200})
    js.forward_host()
    assert js.get("log")[2:] == ["Seeked", "Next", "Ended"]
    assert js.eval("[a.paused, a.duration, a.currentTime]") == [True, 200, 200]


def test_legacy_background_audio_and_voice_apis(make_js):
    js = make_js("wechat")
    js.exec("""wx.onBackgroundAudioPlay(() => log.push('play'));
        wx.playBackgroundAudio({dataUrl: 'https://example.com/b.mp3', title: 'B'});""")
    state = js.eval("(wx.getBackgroundAudioPlayerState({success: r => log.push(r)}), 0)")
    assert state == 0
    got = js.get("log")
    assert got[0] == "play" and got[1]["status"] == 1 and got[1]["dataUrl"].endswith("b.mp3")
    assert got[1]["errMsg"] == "getBackgroundAudioPlayerState:ok"
    js.exec("""wx.startRecord({success: r => log.push(r.tempFilePath)}); wx.stopRecord();""")
    assert js.get("log")[-1].endswith(".wav")
    js.exec("""wx.playVoice({filePath: 'x.wav', complete: () => log.push('voice done')});
        wx.stopVoice();""")
    assert js.get("log")[-1] == "voice done"


def test_live_and_camera_contexts(make_js):
    js = make_js("wechat")
    js.exec("""const p = wx.createLivePusherContext(); p.start({success: r => log.push(r.errMsg)});
        p.snapshot({success: r => log.push(r)});
        const v = wx.createLivePlayerContext('lp'); v.mute({});
        const c = wx.createCameraContext(); c.takePhoto({quality: 'high', success: r => log.push(r)});
        c.setZoom({zoom: 2}); c.stopRecord({fail: e => log.push(e.errMsg)});""")
    start, snap, photo, video_fail = js.get("log")
    assert start == "start:ok"
    for shot in (snap, photo):
        info = image_info(temp_file(js, shot["tempImagePath"]).read_bytes())
        assert (info.width, info.height) == (640, 480)
    assert video_fail == "stopRecord:fail no camera video"
    kinds = [(c["kind"], c["method"]) for c in media_calls(js)]
    assert kinds == [("livePusher", "start"), ("livePusher", "snapshot"), ("livePlayer", "mute"),
                     ("camera", "takePhoto"), ("camera", "setZoom"), ("camera", "stopRecord")]
    assert media_calls(js, "camera")[0]["args"] == [{"quality": "high"}]
    assert js.bridge.consent.get("camera") is True


def test_alipay_live_contexts_take_an_id(make_js):
    js = make_js("tmallgenie")
    js.exec("my.createLivePlayerContext('liveplayer').play(); my.createLivePusherContext('lp').stop()")
    assert [c["id"] for c in media_calls(js)] == ["livePlayer:liveplayer", "livePusher:lp"]


def test_old_canvas_api(make_js):
    js = make_js("wechat")
    js.exec("""const c = wx.createContext(); c.setStrokeStyle('#00ff00'); c.arc(1, 2, 3, 0, 6);
        wx.drawCanvas({canvasId: 'cv', actions: c.getActions(), success: () => log.push('drawn')});""")
    assert js.get("log") == ["drawn"]
    [draw] = media_calls(js, "canvas")
    assert draw["id"] == "cv" and [a["method"] for a in draw["args"][0]] == ["setStrokeStyle", "arc"]
    assert js.eval("wx.createContext().getActions()") == []
    assert js.eval("(() => { try { wx.drawCanvas({canvasId: 'x'}) } catch (e) { return 1 } return 0 })()") == 0
    assert js.eval("typeof my") == "undefined"


@pytest.mark.parametrize("profile,sensor,start,stop,payload", [
    ("wechat", "Compass", "startCompass", "stopCompass", {"direction": 90, "accuracy": "high"}),
    ("wechat", "Accelerometer", "startAccelerometer", "stopAccelerometer", {"x": 1, "y": 0, "z": 0}),
    ("wechat", "Gyroscope", "startGyroscope", "stopGyroscope", {"x": 0, "y": 2, "z": 0}),
    ("wechat", "DeviceMotion", "startDeviceMotionListening", "stopDeviceMotionListening",
     {"alpha": 1, "beta": 2, "gamma": 3}),
    ("alipay", "Compass", "startCompass", "stopCompass", {"direction": 45}),
])
def test_sensors_deliver_only_while_running(make_js, profile, sensor, start, stop, payload):
    js = make_js(profile)
    ns = NS[profile]
    event = sensor[0].lower() + sensor[1:] + "Change"
    key = event[:-len("Change")]
    js.fire(event, payload)  # nobody listens and the sensor is off
    js.exec(f"{ns}.on{sensor}Change(r => log.push(r))")  # the first listener starts it
    assert key in js.bridge.sensors.running
    js.fire(event, payload)
    js.exec(f"{ns}.{stop}()")
    assert key not in js.bridge.sensors.running
    js.fire(event, payload)  # after stop: dropped
    assert js.bridge.sensors.drive(key, payload) is False
    js.exec(f"{ns}.{start}({{interval: 'game'}})")
    assert js.bridge.sensors.running[key] == 20
    assert js.bridge.sensors.drive(key, payload) is True
    js.forward_host()
    assert js.get("log") == [payload, payload]
    sensor_ui = [p for m, k, p in js.bridge.host.log if k == "sensor"]
    assert [p["running"] for p in sensor_ui] == [True, False, True]


def test_alipay_off_without_callback_stops_the_sensor(make_js):
    js = make_js("alipay")
    js.exec("my.onAccelerometerChange(r => log.push(r.x))")
    js.fire("accelerometerChange", {"x": 1, "y": 0, "z": 0})
    js.exec("my.offAccelerometerChange()")
    js.exec("my.onAccelerometerChange(r => log.push(-r.x))")  # a new listener restarts it
    js.fire("accelerometerChange", {"x": 2, "y": 0, "z": 0})
    assert js.get("log") == [1, -2]
    assert js.eval("typeof wx") == "undefined"


def test_sensor_interval_is_checked(make_js):
    js = make_js("wechat")
    js.exec("wx.startGyroscope({interval: 'fast', fail: e => log.push(e.errMsg)})")
    assert "parameter.interval" in js.get("log")[0]


@pytest.mark.parametrize("profile,field", [("wechat", "value"), ("alipay", "brightness")])
def test_screen_brightness_is_kept_per_app(make_js, profile, field):
    ns = NS[profile]
    one, two = make_js(profile, app_id="one"), make_js(profile, app_id="two")
    one.exec(f"{ns}.setScreenBrightness({{{field}: 0.9}})")
    assert one.eval(f"(({ns}.getScreenBrightness({{success: r => log.push(r.{field})}})), 0)") == 0
    two.exec(f"{ns}.getScreenBrightness({{success: r => log.push(r.{field})}})")
    assert one.get("log") == [0.9] and two.get("log") == [0.5]
    one.exec(f"{ns}.setScreenBrightness({{{field}: 2, fail: e => log.push(e)}})")
    assert one.get("log")[-1] != 0.9 and one.bridge.brightness == 0.9
    assert ("ui", "setScreenBrightness", {"value": 0.9}) in one.bridge.host.log


@pytest.mark.parametrize("profile", ["wechat", *ALIPAY_FAMILY])
def test_battery_is_configurable(make_js, profile):
    js = make_js(profile)
    ns = "wx" if profile == "wechat" else "my"
    js.bridge.set_battery(35, charging=True)
    js.forward_host()
    assert js.eval(f"{ns}.getBatteryInfoSync()") == {"level": 35, "isCharging": True}
    js.exec(f"{ns}.getBatteryInfo().then(r => log.push(r.level))")
    assert js.get("log") == [35]
    with pytest.raises(ValueError):
        js.bridge.set_battery(101)


def test_window_events_and_background_apis(make_js):
    js = make_js("wechat")
    js.exec("""wx.onUserCaptureScreen(() => log.push('shot'));
        wx.onKeyboardHeightChange(r => log.push(r.height));
        wx.onNetworkWeakChange(r => log.push(r.weakNet));
        wx.setBackgroundColor({backgroundColor: '#111111'});
        wx.setBackgroundTextStyle({textStyle: 'light'});
        wx.setBackgroundTextStyle({textStyle: 'blue', fail: e => log.push('bad style')});""")
    js.bridge.emit("userCaptureScreen", {})
    js.bridge.emit("keyboardHeightChange", {"height": 300})
    js.bridge.set_weak_network(True)
    js.forward_host()
    assert js.get("log") == ["bad style", "shot", 300, True]
    ui = [(k, p) for m, k, p in js.bridge.host.log if m == "ui"]
    assert ("setBackgroundColor", {"backgroundColor": "#111111"}) in ui
    assert ("setBackgroundTextStyle", {"textStyle": "light"}) in ui


def test_local_ip_address(make_js):
    js = make_js("wechat")
    js.exec("wx.getLocalIPAddress({success: r => log.push(r)})")
    [res] = js.get("log")
    parts = res["localip"].split(".")
    assert len(parts) == 4 and all(0 <= int(p) <= 255 for p in parts)
    assert res["errMsg"] == "getLocalIPAddress:ok"


def test_media_query_observer_follows_the_window(make_js):
    js = make_js("wechat", device="iphone-14")
    width = js.bridge.device.screen_width
    js.exec(f"""const o = wx.createMediaQueryObserver();
        o.observe({{minWidth: {width - 1}}}, r => log.push(r.matches));
        wx.createMediaQueryObserver().observe({{orientation: 'landscape'}}, r => log.push('land ' + r.matches));""")
    js.fire("windowResize", {"size": {"windowWidth": width - 100, "windowHeight": 900}})
    js.exec("o.disconnect()")
    js.fire("windowResize", {"size": {"windowWidth": width, "windowHeight": 300}})
    assert js.get("log") == [True, "land false", False, "land true"]


def run(js, code: str) -> None:
    """Run ``code``, then deliver what the host got meanwhile (worker messages)."""
    js.exec(code)
    js.forward_host()


def write_worker(root: Path, body: str) -> None:
    (root / "workers" / "calc").mkdir(parents=True, exist_ok=True)
    (root / "workers" / "calc" / "index.js").write_text(body)
    (root / "workers" / "calc" / "twice.js").write_text("module.exports = x => 2 * x")


def test_worker_round_trip(make_js, tmp_path):
    ns = "wx"
    js = make_js("wechat")
    js.bridge.package_dir = tmp_path / "app"
    write_worker(js.bridge.package_dir, """const twice = require('./twice');
        console.log('booted');
        worker.onMessage(m => { setTimeout(() => worker.postMessage({late: true}), 5);
                                worker.postMessage({out: twice(m.n), seen: typeof wx}); });""")
    run(js, f"""const w = {ns}.createWorker('workers/calc/index.js');
        w.onMessage(m => log.push(m)); w.postMessage({{n: 21}});""")
    assert js.get("log") == [{"out": 42, "seen": "undefined"}, {"late": True}]
    assert ("worker1", "log", "booted") in js.bridge.workers.logs
    run(js, f"""let second = 'made'; try {{ {ns}.createWorker('workers/calc/index.js') }}
        catch (e) {{ second = e.message }}; log.push(second)""")
    assert js.get("log")[-1] == "createWorker:fail exceed max number of workers (1)"
    run(js, "w.terminate(); w.postMessage({n: 1})")
    assert js.bridge.workers.live == {}
    assert len(js.get("log")) == 3
    run(js, f"const w2 = {ns}.createWorker('workers/calc/index.js');"
        "w2.onMessage(m => log.push(m.late ? 'late' : m.out)); w2.postMessage({n: 1})")
    assert js.get("log")[-2:] == [2, "late"]


def test_worker_errors_and_bad_scripts(make_js, tmp_path):
    js = make_js("wechat")
    js.bridge.package_dir = tmp_path / "app"
    write_worker(js.bridge.package_dir, "worker.onMessage(m => { throw new Error('boom ' + m) })")
    run(js, "const w = wx.createWorker('workers/calc/index.js'); w.postMessage(1)")
    assert any("boom 1" in e for e in js.get("__fx.errors"))  # reported as an app error
    run(js, "w.onError(e => log.push(e.message)); w.postMessage(2)")
    assert "boom 2" in js.get("log")[0]
    run(js, "w.terminate(); wx.createWorker('../outside.js')")
    assert any("invalid scriptPath ../outside.js" in e for e in js.get("__fx.errors"))
    run(js, "wx.createWorker('workers/none.js')")
    assert any("not found" in e for e in js.get("__fx.errors"))
    assert js.bridge.workers.live == {}


def test_worker_infinite_loop_is_stopped(make_js, tmp_path, monkeypatch):
    from fanxing.bridge import worker as worker_mod
    monkeypatch.setattr(worker_mod, "TURN_SECONDS", 0.2)
    js = make_js("wechat")
    js.bridge.package_dir = tmp_path / "app"
    write_worker(js.bridge.package_dir, "worker.onMessage(() => { for (;;) {} })")
    run(js, "const w = wx.createWorker('workers/calc/index.js'); w.onError(e => log.push(e.message)); w.postMessage(0)")
    assert "interrupted" in js.get("log")[0].lower()


@pytest.mark.parametrize("profile,present,absent", [
    ("wechat", ["getRecorderManager", "getBackgroundAudioManager", "createLivePusherContext",
                "createCameraContext", "createContext", "drawCanvas", "startCompass",
                "onDeviceMotionChange", "getScreenBrightness", "onUserCaptureScreen",
                "onKeyboardHeightChange", "setBackgroundTextStyle", "createWorker",
                "getBatteryInfoSync", "createMediaQueryObserver", "getLocalIPAddress",
                "onNetworkWeakChange", "onMemoryWarning", "playBackgroundAudio"], []),
    ("tmallgenie", ["getRecorderManager", "getBackgroundAudioManager", "createLivePlayerContext",
                    "createLivePusherContext", "setBackgroundColor", "onCompassChange",
                    "getBatteryInfo"],
     ["createWorker", "createContext", "getLocalIPAddress", "onNetworkWeakChange", "playBackgroundAudio"]),
])
def test_availability_per_profile(make_js, profile, present, absent):
    js = make_js(profile)
    ns = NS[profile]
    for name in present:
        assert js.eval(f"[typeof {ns}.{name}, {ns}.canIUse('{name}')]") == ["function", True], name
    for name in absent:
        assert js.eval(f"[typeof {ns}.{name}, {ns}.canIUse('{name}')]") == ["undefined", False], name
