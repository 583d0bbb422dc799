"""Media objects the host keeps track of: every canvas / audio / video context and every
manager (recorder, background audio, live pusher / player, camera) that sent a
``fx.mediaContext {kind, id, method, args, state}`` call.

The host records each call (``Host.ui('mediaContext', …)``, as before); what the host
answers (a dict) is merged into the result, so a desktop host may hand back a real
``file`` (a recording, a photo) or a ``duration``. Without one, the hardware a desktop
lacks is simulated with real files: a recorder's ``stop`` yields a WAV of silence as
long as the recording, a camera's ``takePhoto`` / a live pusher's ``snapshot`` a gray
PNG. The simulator drives events with ``MediaSessions.emit(id, event, data)`` (host event
``mediaEvent {kind, id, event, data}``, routed by bridge/js/managers.js to the object's
``on<Event>`` listeners).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .context import ApiContext
from .errors import NO_PERMISSION, ApiError
from .files import notify_changed, sandbox
from .registry import Registry
from .synth import gray_png, silent_wav, wav_duration_ms

if TYPE_CHECKING:
    from .bridge import Bridge

KINDS = ("canvas", "audio", "video", "recorder", "backgroundAudio", "livePusher",
         "livePlayer", "camera", "map", "webview")
PHOTO_SIZE = (640, 480)  # what the simulated camera sees


@dataclass
class MediaSession:
    """One context or manager: its kind, last state and the methods called so far."""

    kind: str
    id: str
    state: dict[str, Any] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)


class MediaSessions:
    """The media objects of one mini-program (``Bridge.media``)."""

    def __init__(self, bridge: Bridge) -> None:
        self.bridge = bridge
        self.sessions: dict[str, MediaSession] = {}
        #: Known lengths (seconds) of audio sources the host cannot measure itself.
        self.durations: dict[str, float] = {}

    def of_kind(self, kind: str) -> list[MediaSession]:
        return [s for s in self.sessions.values() if s.kind == kind]

    def emit(self, session_id: str, event: str, data: dict[str, Any] | None = None) -> None:
        """Fire ``event`` (``play``, ``ended``, ``timeUpdate``, ``error``, ``next``…) on a
        media object: its ``on<Event>`` listeners run in JS."""
        s = self.sessions.get(session_id)
        if s is None:
            raise KeyError(f"no media object {session_id!r} (known: {sorted(self.sessions)})")
        self.bridge.emit("mediaEvent", {"kind": s.kind, "id": s.id, "event": event,
                                        "data": dict(data or {})})

    async def call(self, ctx: ApiContext, args: dict[str, Any]) -> dict[str, Any]:
        """Record one method call with the host; answer what the JS object needs."""
        kind, sid, method = args["kind"], args["id"], args["method"]
        s = self.sessions.setdefault(sid, MediaSession(kind, sid))
        s.state = dict(args.get("state") or {})
        s.calls.append(method)
        if kind == "recorder" and method == "start":
            await ctx.consent("record", deny=ApiError("auth deny", code=NO_PERMISSION,
                                                      wx="auth deny"), title="使用你的麦克风")
        if kind == "camera" and method in ("takePhoto", "startRecord"):
            await ctx.consent("camera", deny=ApiError("auth deny", code=NO_PERMISSION,
                                                      wx="auth deny"), title="使用你的摄像头")
        answer = await ctx.ui("mediaContext", args)
        out: dict[str, Any] = dict(answer) if isinstance(answer, dict) else {}
        given = out.pop("file", None)
        if kind == "recorder" and method == "stop":
            out.update(self._recording(ctx, s.state, given))
        elif method in ("takePhoto", "snapshot") and kind in ("camera", "livePusher",
                                                              "livePlayer"):
            out.update(self._photo(ctx, given))
        elif kind == "camera" and method == "stopRecord":
            if not given:
                raise ApiError("this host has no camera video", wx="no camera video")
            out.update(tempVideoPath=self._import(ctx, Path(given)),
                       tempThumbPath=self._photo(ctx, None)["tempImagePath"])
        elif method == "play" and "duration" not in out:
            duration = self._duration(str(s.state.get("src") or ""))
            if duration:
                out["duration"] = duration
        return out

    # -- simulated hardware ---------------------------------------------------------

    def _recording(self, ctx: ApiContext, state: dict[str, Any], given: Any) -> dict[str, Any]:
        if given:
            path = Path(str(given)).expanduser()
            virtual = self._import(ctx, path)
            data = path.read_bytes()
            ms = wav_duration_ms(data) or int(state.get("elapsed") or 0)
            return {"tempFilePath": virtual, "duration": ms, "fileSize": len(data)}
        ms = int(state.get("elapsed") or 0)
        rate = int(state.get("sampleRate") or 8000)
        data = silent_wav(ms, rate, int(state.get("numberOfChannels") or 1))
        # No encoder here: the file is WAV whatever ``format`` asked for, and named so.
        return {"tempFilePath": self._save(ctx, data, ".wav"), "duration": ms,
                "fileSize": len(data)}

    def _photo(self, ctx: ApiContext, given: Any) -> dict[str, Any]:
        if given:
            path = Path(str(given)).expanduser()
            return {"tempImagePath": self._import(ctx, path)}
        w, h = PHOTO_SIZE
        return {"tempImagePath": self._save(ctx, gray_png(w, h), ".png"), "width": w,
                "height": h}

    def _duration(self, src: str) -> float | None:
        if src in self.durations:
            return self.durations[src]
        if src.lower().endswith(".wav"):
            try:
                path = sandbox(self.bridge).locate(src).path
                ms = wav_duration_ms(path.read_bytes())
            except (ApiError, OSError):
                return None
            return ms / 1000 if ms is not None else None
        return None

    def _import(self, ctx: ApiContext, path: Path) -> str:
        if not path.is_file():
            raise ApiError(f"host file not found: {path}", wx=f"file not found: {path}")
        return self._save(ctx, path.read_bytes(), path.suffix.lower()[:10])

    def _save(self, ctx: ApiContext, data: bytes, ext: str) -> str:
        prefix = self.bridge.profile.get("tempFilePrefix", "")
        virtual = self.bridge.network.save_temp(ctx.bridge.store_id, prefix, data, ext)
        notify_changed(self.bridge, (virtual, sandbox(self.bridge).locate(virtual).path))
        return virtual


async def media_context(ctx: ApiContext, args: dict[str, Any]) -> Any:
    """``fx.mediaContext``: a context or manager method (see ``MediaSessions.call``)."""
    return await ctx.bridge.media.call(ctx, args)


async def draw_canvas(ctx: ApiContext, args: dict[str, Any]) -> Any:
    """WeChat's old ``wx.drawCanvas({canvasId, actions, reserve})``."""
    await ctx.bridge.media.call(ctx, {"kind": "canvas", "id": args["canvasId"],
                                      "method": "draw",
                                      "args": [args.get("actions") or [],
                                               bool(args.get("reserve"))], "state": {}})
    return None


def register(reg: Registry) -> None:
    reg.add("mediaContext", media_context, namespace="fx",
            schema={"kind": {"type": "string", "required": True, "enum": list(KINDS)},
                    "id": "string!", "method": "string!", "args": "array", "state": "object"})
    factories = {"getRecorderManager": "recorderManager",
                 "getBackgroundAudioManager": "backgroundAudioManager",
                 "createLivePusherContext": "livePusherContext",
                 "createLivePlayerContext": "livePlayerContext",
                 "createCameraContext": "cameraContext"}
    for name, factory in factories.items():
        reg.add(name, None, kind="sync", mirror=f"new:{factory}")
    reg.add("createContext", None, family="wechat", kind="sync", mirror="new:oldCanvasContext")
    reg.add("drawCanvas", draw_canvas, family="wechat",
            schema={"canvasId": "string!", "actions": "array!", "reserve": "boolean"})
    reg.add("createMediaQueryObserver", None, family="wechat", kind="sync",
            mirror="new:mediaQueryObserver")
    # WeChat's legacy audio APIs, answered in JS by the managers (bridge/js/managers.js).
    for name in ("playBackgroundAudio", "pauseBackgroundAudio", "stopBackgroundAudio",
                 "seekBackgroundAudio", "getBackgroundAudioPlayerState",
                 "onBackgroundAudioPlay", "onBackgroundAudioPause", "onBackgroundAudioStop",
                 "startRecord", "stopRecord", "playVoice", "pauseVoice", "stopVoice"):
        reg.add(name, None, family="wechat", kind="sync", mirror=f"new:{name}")
