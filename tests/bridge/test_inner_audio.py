"""InnerAudioContext in a running app (container + harness, manual clock): the same
playback as background audio (runtime-clock timeUpdate, ended, pause / stop / seek,
loop, the host's events), in an app written to a temp folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fanxing.bridge.synth import silent_wav
from fanxing.testing import launch

PAGE_JS = """
Page({
  data: { log: [], time: 0 },
  onLoad() {
    const a = NS.createInnerAudioContext();
    ['Canplay', 'Play', 'Pause', 'Stop', 'Ended', 'Seeked', 'Error'].forEach((n) =>
      a['on' + n]((e) => this.setData({ log: this.data.log.concat(n) })));
    a.onTimeUpdate(() => this.setData({ time: a.currentTime }));
    this.a = a;
  },
  play() { this.a.src = '/tone.wav'; this.a.play(); },
  pause() { this.a.pause(); },
  resume() { this.a.play(); },
  stop() { this.a.stop(); },
  seek() { this.a.seek(1.5); },
  loop() { this.a.loop = true; this.a.play(); },
  empty() { this.a.src = ''; this.a.play(); },
  destroy() { this.a.destroy(); },
});
"""
BUTTONS = ["play", "pause", "resume", "stop", "seek", "loop", "empty", "destroy"]


def write_app(root: Path, dialect: str) -> Path:
    wx = dialect == "wechat"
    ext, bind = ("wxml", "bindtap") if wx else ("axml", "onTap")
    files = {
        "app.json": json.dumps({"pages": ["pages/a/a"]}),
        "app.js": "App({});",
        "pages/a/a.json": "{}",
        "pages/a/a.js": PAGE_JS.replace("NS.", "wx." if wx else "my."),
        f"pages/a/a.{ext}": "".join(f'<view id="{b}" {bind}="{b}">{b}</view>' for b in BUTTONS),
    }
    if wx:
        files["project.config.json"] = json.dumps({"appid": "inner-audio", "compileType": "miniprogram"})
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / "tone.wav").write_bytes(silent_wav(2000))  # the host measures it: 2 s
    return root


@pytest.mark.parametrize("dialect", ["wechat", "alipay"])
def test_inner_audio_plays_on_the_runtime_clock(tmp_path, dialect):
    with launch(write_app(tmp_path / "app", dialect), data_dir=tmp_path / "data") as mp:
        page = mp.page
        page.get("#play").tap()
        assert page.data["log"] == ["Canplay", "Play"]
        [session] = mp.container.bridge.media.of_kind("audio")
        assert session.state["src"] == "/tone.wav" and session.calls == ["play"]
        mp.advance(1000)
        assert page.data["time"] == 1.0  # four 250 ms ticks
        page.get("#pause").tap()
        mp.advance(1000)
        assert page.data["time"] == 1.0  # paused: the clock moves, the audio does not
        page.get("#seek").tap()
        page.get("#resume").tap()
        mp.advance(750)  # 1.5 s + 0.5 s: the 2 s file ends
        assert page.data["log"][2:] == ["Pause", "Seeked", "Play", "Ended"]
        assert mp.evaluate("getCurrentPages()[0].a.paused") is True
        page.get("#stop").tap()
        assert page.data["log"][-1] == "Stop"
        assert mp.evaluate("getCurrentPages()[0].a.currentTime") == 0
        mp.container.bridge.media.emit(session.id, "play")  # the host resumes it
        mp.settle(0)
        assert page.data["log"][-1] == "Play"
        assert not mp.errors


def test_inner_audio_loops_reports_errors_and_is_destroyed(tmp_path):
    with launch(write_app(tmp_path / "app", "wechat"), data_dir=tmp_path / "data") as mp:
        page = mp.page
        page.get("#play").tap()
        page.get("#pause").tap()
        page.get("#loop").tap()
        mp.advance(3000)  # past the end: a looping source starts over without ending
        assert "Ended" not in page.data["log"]
        assert page.data["time"] == 1.0  # 3 s into a 2 s loop
        page.get("#empty").tap()
        assert page.data["log"][-1] == "Error"
        page.get("#destroy").tap()
        [session] = mp.container.bridge.media.of_kind("audio")
        assert session.calls[-1] == "destroy"
        before = (list(page.data["log"]), page.data["time"])
        mp.container.bridge.media.emit(session.id, "play")  # a destroyed context hears nothing
        mp.advance(1000)
        assert (page.data["log"], page.data["time"]) == before
        assert not mp.errors
