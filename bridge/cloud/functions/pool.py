"""Cloud functions on Node: a pool of worker processes per function.

A function is a folder under the cloud function root with ``index.js`` exporting
``main(event, context)`` (and its own ``package.json``/``node_modules``). Each worker is
one Node process running ``js/worker.js`` for one function; it serves one invocation at
a time, so the pool starts up to ``concurrency`` workers per function and keeps idle ones
warm. A call that outlives its timeout gets its worker killed (the others go on); a worker
that dies mid-call fails that call only. SDK calls a function makes (database, storage,
callFunction, open-platform) come back over the worker's stdout and are answered by
``on_call`` in the invoking thread.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import json
import os
import queue
import secrets
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from fanxing.compiler.nodejs import node_executable

JS_DIR = Path(str(resources.files("fanxing.bridge.cloud.functions") / "js"))
DATABASE_JS = Path(str(resources.files("fanxing.bridge.cloud") / "js" / "database.js"))

#: fn(op, args, caller, request_id) -> JSON value; raise to fail the SDK call.
CallHandler = Callable[[str, dict[str, Any], dict[str, Any], str], Any]


class FunctionError(Exception):
    """A call that failed: ``kind`` is ``unknown``, ``error``, ``timeout``, ``crash`` or
    ``quota``; ``invocation`` has the logs when the function ran."""

    def __init__(self, message: str, kind: str, invocation: Invocation | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.invocation = invocation


@dataclass
class Limits:
    """Per-function limits (a function's ``config.json`` ``timeout`` in seconds wins)."""

    timeout: float = 20.0
    memory_mb: int = 256
    concurrency: int = 4
    idle: float = 300.0  # seconds an idle worker stays warm


@dataclass
class Invocation:
    """One call: what it returned or why it failed, its logs and how long it took."""

    request_id: str
    function: str
    event: Any
    caller: dict[str, Any]
    started: float
    cold: bool = False
    ok: bool = False
    value: Any = None
    error: str | None = None
    kind: str | None = None
    duration_ms: float = 0.0
    logs: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"requestId": self.request_id, "function": self.function, "ok": self.ok,
                "error": self.error, "kind": self.kind, "cold": self.cold,
                "durationMs": round(self.duration_ms, 2), "started": self.started,
                "logs": self.logs, "event": self.event, "value": self.value}


class _Worker:
    def __init__(self, fn_dir: Path, limits: Limits, env: dict[str, str]) -> None:
        self.fn_dir = fn_dir
        self.messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.stderr: collections.deque[str] = collections.deque(maxlen=40)
        self.last_used = time.monotonic()
        self.proc = subprocess.Popen(
            [node_executable(), f"--max-old-space-size={limits.memory_mb}",
             str(JS_DIR / "worker.js"), str(fn_dir), str(DATABASE_JS)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            cwd=fn_dir, env=env, text=True, encoding="utf-8", bufsize=1)
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            try:
                self.messages.put(json.loads(line))
            except json.JSONDecodeError:
                self.stderr.append(line.rstrip())
        self.messages.put(None)  # EOF: the process ended

    def _drain_stderr(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.stderr.append(line.rstrip())

    def send(self, msg: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(msg, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream:
                with contextlib.suppress(OSError):
                    stream.close()


class FunctionPool:
    """The functions of one cloud, run on demand (thread-safe; ``invoke`` blocks)."""

    def __init__(self, root: Path | None, on_call: CallHandler, *, limits: Limits | None = None,
                 env_id: str = "local", history: int = 200) -> None:
        self.root = Path(root) if root else None
        self.on_call = on_call
        self.limits = limits or Limits()
        self.env_id = env_id
        self._idle: dict[str, list[_Worker]] = {}
        self._busy: dict[str, int] = collections.Counter()
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self.history: collections.deque[Invocation] = collections.deque(maxlen=history)
        self.listeners: list[Callable[[Invocation], None]] = []
        self._closed = False

    # -- functions -------------------------------------------------------------------

    def names(self) -> list[str]:
        if not self.root or not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if (p / "index.js").is_file())

    def folder(self, name: str) -> Path:
        if (not isinstance(name, str) or not name or "/" in name or "\\" in name
                or name.startswith(".")):
            raise FunctionError(f"invalid function name {name!r}", "unknown")
        if self.root is None:
            raise FunctionError(f"function {name!r} not found: the project has no "
                                "cloudfunctionRoot", "unknown")
        d = self.root / name
        if not (d / "index.js").is_file():
            known = ", ".join(self.names()) or "none"
            raise FunctionError(f"function {name!r} not found in {self.root} (functions: {known})",
                                "unknown")
        return d

    def limits_for(self, name: str) -> Limits:
        cfg = self.root / name / "config.json" if self.root else None
        timeout = self.limits.timeout
        if cfg and cfg.is_file():
            try:
                t = json.loads(cfg.read_text("utf-8")).get("timeout")
                if isinstance(t, (int, float)) and 0 < t <= 900:
                    timeout = float(t)
            except (OSError, ValueError, AttributeError):
                pass
        return Limits(timeout, self.limits.memory_mb, self.limits.concurrency, self.limits.idle)

    # -- workers -----------------------------------------------------------------------

    def _env(self) -> dict[str, str]:
        keep = ("PATH", "HOME", "LANG", "TZ", "SYSTEMROOT", "TMPDIR")
        env = {k: v for k, v in os.environ.items() if k in keep}
        env.update(TCB_ENV=self.env_id, SCF_NAMESPACE=self.env_id, FANXING_CLOUD="1")
        return env

    def _checkout(self, name: str, fn_dir: Path, limits: Limits) -> tuple[_Worker, bool]:
        with self._lock:
            if self._closed:
                raise FunctionError("the cloud is closed", "crash")
            now = time.monotonic()
            idle = self._idle.setdefault(name, [])
            for w in [w for w in idle if not w.alive() or now - w.last_used > limits.idle]:
                idle.remove(w)
                w.kill()
            if idle:
                self._busy[name] += 1
                return idle.pop(), False
            if self._busy[name] >= limits.concurrency:
                raise FunctionError(f"function {name!r} is already running {limits.concurrency} "
                                    "invocations (concurrency limit)", "quota")
            self._busy[name] += 1
        try:
            return _Worker(fn_dir, limits, self._env()), True
        except Exception:
            with self._lock:
                self._busy[name] -= 1
            raise

    def _checkin(self, name: str, worker: _Worker, reusable: bool) -> None:
        with self._lock:
            self._busy[name] -= 1
            if reusable and worker.alive() and not self._closed:
                worker.last_used = time.monotonic()
                self._idle.setdefault(name, []).append(worker)
                return
        worker.kill()

    def warm(self, name: str) -> int:
        """Workers of ``name`` kept warm now."""
        with self._lock:
            return len(self._idle.get(name, []))

    # -- invoking ----------------------------------------------------------------------

    def invoke(self, name: str, event: Any, caller: dict[str, Any]) -> Invocation:
        """Run ``name`` with ``event`` for ``caller``; returns the finished invocation or
        raises ``FunctionError`` (its ``invocation`` holds the logs when it ran)."""
        fn_dir = self.folder(name)
        limits = self.limits_for(name)
        rid = f"{int(time.time() * 1000):x}-{next(self._ids)}-{secrets.token_hex(4)}"
        inv = Invocation(rid, name, event, dict(caller), time.time())
        t0 = time.perf_counter()
        worker, inv.cold = self._checkout(name, fn_dir, limits)
        reusable = False
        try:
            context = {"request_id": rid, "function_name": name, "namespace": self.env_id,
                       "memory_limit_in_mb": limits.memory_mb,
                       "time_limit_in_ms": int(limits.timeout * 1000),
                       "function_version": "$LATEST", "environ": ""}
            worker.send({"t": "invoke", "rid": rid, "event": event, "context": context,
                         "caller": caller})
            reusable = self._wait(worker, inv, limits, t0)
        finally:
            inv.duration_ms = (time.perf_counter() - t0) * 1000
            self._checkin(name, worker, reusable)
            self._record(inv)
        if not inv.ok:
            raise FunctionError(inv.error or "function failed", inv.kind or "error", inv)
        return inv

    def _wait(self, worker: _Worker, inv: Invocation, limits: Limits, t0: float) -> bool:
        """Serve the worker until its answer; True if the worker can be reused."""
        deadline = t0 + limits.timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                worker.kill()
                inv.kind = "timeout"
                inv.error = f"function {inv.function!r} timed out after {limits.timeout:g} s"
                return False
            try:
                msg = worker.messages.get(timeout=remaining)
            except queue.Empty:
                continue
            if msg is None:
                tail = "\n".join(list(worker.stderr)[-8:])
                inv.kind = "crash"
                inv.error = (f"function {inv.function!r} worker exited "
                             f"(code {worker.proc.poll()})" + (f": {tail}" if tail else ""))
                return False
            t = msg.get("t")
            if t == "log":
                inv.logs.append({"level": msg.get("level", "log"), "text": msg.get("text", ""),
                                 "time": time.time()})
            elif t == "call":
                self._answer(worker, inv, msg)
            elif t == "done" and msg.get("rid") == inv.request_id:
                if msg.get("ok"):
                    inv.ok, inv.value = True, msg.get("value")
                else:
                    err = msg.get("error") or {}
                    inv.kind = "error"
                    inv.error = str(err.get("message") or "function threw")
                    if err.get("stack"):
                        inv.logs.append({"level": "error", "text": str(err["stack"]),
                                         "time": time.time()})
                return True

    def _answer(self, worker: _Worker, inv: Invocation, msg: dict[str, Any]) -> None:
        cid = msg.get("cid")
        try:
            value = self.on_call(str(msg.get("op")), msg.get("args") or {}, inv.caller,
                                 inv.request_id)
            reply = {"t": "reply", "cid": cid, "ok": True, "value": value}
        except Exception as e:  # the SDK call fails inside the function, which may catch it
            reply = {"t": "reply", "cid": cid, "ok": False,
                     "error": {"message": str(e), "code": getattr(e, "code", None)}}
        with contextlib.suppress(OSError):  # the worker died; _wait sees EOF
            worker.send(reply)

    def _record(self, inv: Invocation) -> None:
        self.history.append(inv)
        for fn in list(self.listeners):
            with contextlib.suppress(Exception):  # a listener must not break a call
                fn(inv)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = [w for ws in self._idle.values() for w in ws]
            self._idle.clear()
        for w in workers:
            w.kill()
