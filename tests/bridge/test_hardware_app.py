"""Hardware managers inside a running app (container + harness, manual clock): background
audio driven by the runtime clock and by the host, a compass that stops, a real worker
and a recording, in the fixture app tests/fixtures/hardware-wechat."""

from __future__ import annotations

import wave
from pathlib import Path

from fanxing.testing import launch

APP = Path(__file__).resolve().parents[1] / "fixtures" / "hardware-wechat"


def test_background_audio_runs_on_the_runtime_clock_and_ends(tmp_path):
    with launch(APP, data_dir=tmp_path) as mp:
        page = mp.page
        page.get("#play").tap()
        assert page.data["state"] == "playing"
        media = mp.container.bridge.media
        [session] = media.of_kind("backgroundAudio")
        assert session.state["src"] == "/audio/tone.wav" and session.state["title"] == "Fixture song"
        mp.advance(1000)
        assert page.data["time"] == 1.0  # four 250 ms ticks
        page.get("#pause").tap()
        assert page.data["state"] == "paused"
        mp.advance(1000)
        assert page.data["time"] == 1.0  # paused: the clock moves, the audio does not
        page.get("#resume").tap()
        mp.advance(1500)  # the WAV lasts 2 s: it ends after one more second
        assert page.data["state"] == "ended" and page.data["time"] == 1.75
        media.emit(session.id, "play")  # the host (the simulator's controls) resumes it
        mp.settle(0)
        assert page.data["state"] == "playing"
        assert not mp.errors


def test_compass_events_stop_with_stop_compass(tmp_path):
    with launch(APP, data_dir=tmp_path) as mp:
        page, bridge = mp.page, mp.container.bridge
        assert bridge.sensors.drive("compass", {"direction": 10}) is False  # not started
        page.get("#compass").tap()
        assert "compass" in bridge.sensors.running
        assert bridge.sensors.drive("compass", {"direction": 90, "accuracy": "high"})
        mp.settle(0)
        assert page.data["heading"] == 90
        page.get("#stopCompass").tap()
        bridge.emit("compassChange", {"direction": 180})  # one already on its way
        mp.settle(0)
        assert page.data["heading"] == 90 and "compass" not in bridge.sensors.running


def test_worker_computes_in_its_own_context(tmp_path):
    with launch(APP, data_dir=tmp_path) as mp:
        page = mp.page
        page.get("#sum").tap()
        assert page.data["total"] == 10
        assert mp.evaluate("typeof worker") == "undefined"  # the worker's global is its own
        assert list(mp.container.bridge.workers.live) == ["worker1"]


def test_recording_stops_itself_with_a_real_file(tmp_path):
    with launch(APP, data_dir=tmp_path) as mp:
        page = mp.page
        page.get("#record").tap()
        mp.advance(6000)  # duration 5000: stops by itself
        path, ms = page.data["recording"].split(" ")
        assert int(ms) == 5000
        real = mp.container.bridge.network.resolve_temp(
            mp.container.bridge.store_id, mp.container.bridge.profile.get("tempFilePrefix", ""), path)
        with wave.open(str(real)) as w:
            assert w.getframerate() == 16000
            assert w.getnframes() == 16000 * 5
        assert [c["name"] for c in mp.api_calls if c["name"] == "fx.mediaContext"]
