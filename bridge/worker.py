"""``wx.createWorker``: a real worker, i.e. a separate QuickJS context on its own thread
running a script from the app's files.

The logic side (bridge/js/managers.js) sends ``fx.worker {op: create|post|terminate,
workerId, script?, data?}``. Each worker owns a one-thread executor: its context is
created, fed and run only there, in the order the calls were made. After each turn
the messages the worker posted go back as host events ``workerMessage {workerId, data}``
(before the call's result, so ``onMessage`` runs in the next turn of the logic layer);
an uncaught error becomes ``workerError {workerId, message}``. Messages are JSON values
(no ArrayBuffer transfer). Worker timers run at the end of the turn that set them, in
due order (a worker has no clock of its own); ``require`` resolves among the ``.js``
files of the script's top-level folder (the app's ``workers`` folder).
"""

from __future__ import annotations

import asyncio
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import quickjs

from .context import ApiContext
from .errors import ApiError
from .registry import Registry

if TYPE_CHECKING:
    from .bridge import Bridge

log = logging.getLogger("fanxing.bridge")

MAX_WORKERS = 1  # WeChat: terminate the running worker before creating another
TURN_SECONDS = 30.0
MEMORY_BYTES = 64 * 1024 * 1024
MAX_SOURCE_BYTES = 8 * 1024 * 1024
MAX_TIMER_RUNS = 1000  # per turn: a timer that re-arms itself forever must end the turn

PRELUDE = r"""
(function (g, sources) {
  var handlers = [], outbox = [], logs = [], timers = [], nextTimer = 1, cache = {};
  function norm(parts) {
    var out = [];
    parts.forEach(function (p) {
      if (p === '..') out.pop(); else if (p && p !== '.') out.push(p);
    });
    return out.join('/');
  }
  function resolve(from, req) {
    var base = req.charAt(0) === '/' ? [] : from.split('/').slice(0, -1);
    var path = norm(base.concat(req.split('/')));
    var tries = [path, path + '.js', path + '/index.js'];
    for (var i = 0; i < tries.length; i++) if (sources[tries[i]] !== undefined) return tries[i];
    throw new Error('module "' + req + '" is not defined (required from ' + from + ')');
  }
  function load(id) {
    if (cache[id]) return cache[id].exports;
    var module = cache[id] = { exports: {} };
    var fn = new Function('require', 'module', 'exports', 'worker', sources[id] + '\n//# sourceURL=' + id);
    fn(function (req) { return load(resolve(id, req)); }, module, module.exports, g.worker);
    return module.exports;
  }
  function show(args) {
    return Array.prototype.map.call(args, function (a) {
      if (typeof a === 'string') return a;
      try { return JSON.stringify(a); } catch (e) { return String(a); }
    }).join(' ');
  }
  g.console = {};
  ['log', 'info', 'warn', 'error', 'debug'].forEach(function (level) {
    g.console[level] = function () { logs.push([level, show(arguments)]); };
  });
  g.worker = {
    onMessage: function (fn) { if (typeof fn === 'function') handlers.push(fn); },
    postMessage: function (msg) { outbox.push(JSON.stringify(msg === undefined ? null : msg)); },
    onProcessKilled: function () {},
    getCameraFrameData: function () { return undefined; },
  };
  g.setTimeout = function (fn, ms) {
    var id = nextTimer++;
    timers.push({ id: id, fn: fn, at: Number(ms) || 0, seq: id });
    return id;
  };
  g.clearTimeout = function (id) { timers = timers.filter(function (t) { return t.id !== id; }); };
  g.setInterval = g.setTimeout;  // runs once: a worker turn ends when its timers are done
  g.clearInterval = g.clearTimeout;
  g.__fxw = {
    boot: function (id) { load(id); },
    deliver: function (json) {
      var msg = JSON.parse(json);
      handlers.slice().forEach(function (fn) { fn(msg); });
    },
    runTimer: function () {
      if (!timers.length) return false;
      timers.sort(function (a, b) { return a.at - b.at || a.seq - b.seq; });
      var t = timers.shift();
      if (typeof t.fn === 'function') t.fn();
      return true;
    },
    drain: function () {
      var out = JSON.stringify({ messages: outbox, logs: logs });
      outbox = []; logs = [];
      return out;
    },
  };
})(globalThis, %s);
"""


@dataclass
class Turn:
    """What one worker turn produced."""

    messages: list[Any] = field(default_factory=list)
    logs: list[tuple[str, str]] = field(default_factory=list)
    error: str | None = None


class Worker:
    """One worker: a QuickJS context used only from its own thread."""

    def __init__(self, worker_id: str, root: Path, script: str) -> None:
        self.id = worker_id
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"fx-{worker_id}")
        self._ctx: quickjs.Context | None = None
        self._root, self._script = root, script

    def boot(self) -> Turn:
        sources = collect_sources(self._root, self._script)
        ctx = quickjs.Context()
        ctx.set_memory_limit(MEMORY_BYTES)
        ctx.set_time_limit(TURN_SECONDS)
        ctx.eval(PRELUDE % json.dumps(sources))
        self._ctx = ctx
        return self._turn(f"__fxw.boot({json.dumps(self._script)})")

    def deliver(self, data: Any) -> Turn:
        if self._ctx is None:
            return Turn(error="the worker did not start")
        return self._turn(f"__fxw.deliver({json.dumps(json.dumps(data))})")

    def _turn(self, code: str) -> Turn:
        ctx, turn = self._ctx, Turn()
        assert ctx is not None
        try:
            ctx.eval(code)
            runs = 0
            while True:
                while ctx.execute_pending_job():
                    pass
                if runs >= MAX_TIMER_RUNS or not ctx.eval("__fxw.runTimer()"):
                    break
                runs += 1
        except quickjs.JSException as e:
            turn.error = str(e)
        out = json.loads(ctx.eval("__fxw.drain()"))
        turn.messages = [json.loads(m) for m in out["messages"]]
        turn.logs = [tuple(x) for x in out["logs"]]
        return turn

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self._ctx = None


def collect_sources(root: Path, script: str) -> dict[str, str]:
    """The ``.js`` files a worker may load: its script's top-level folder (``workers/``)."""
    rel = PurePosixPath(script.lstrip("/"))
    if ".." in rel.parts or not rel.parts:
        raise ApiError(f"worker script {script!r} is outside the app", code=2,
                       wx=f"invalid scriptPath {script}")
    main = root / rel
    if not main.is_file():
        raise ApiError(f"worker script not found: {rel}", code=2,
                       wx=f"scriptPath {rel} not found")
    top = root / rel.parts[0] if len(rel.parts) > 1 else None
    files = sorted(top.rglob("*.js")) if top else [main]
    sources, total = {}, 0
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        total += len(text)
        if total > MAX_SOURCE_BYTES:
            raise ApiError(f"worker sources over {MAX_SOURCE_BYTES} bytes", wx="worker too big")
        sources[f.relative_to(root).as_posix()] = text
    return sources


class Workers:
    """The workers of one mini-program (``Bridge.workers``)."""

    def __init__(self, bridge: Bridge) -> None:
        self.bridge = bridge
        self.live: dict[str, Worker] = {}
        self.logs: list[tuple[str, str, str]] = []  # (workerId, level, text)

    async def run(self, worker: Worker, fn: Any, *args: Any) -> None:
        turn: Turn = await asyncio.get_running_loop().run_in_executor(worker.executor, fn, *args)
        for level, text in turn.logs:
            self.logs.append((worker.id, level, text))
            log.info("worker %s %s: %s", worker.id, level, text)
        if worker.id not in self.live:
            return  # terminated meanwhile: nothing more reaches the app
        for data in turn.messages:
            self.bridge.emit("workerMessage", {"workerId": worker.id, "data": data})
        if turn.error:
            self.bridge.emit("workerError", {"workerId": worker.id, "message": turn.error})

    def close(self, worker_id: str) -> None:
        worker = self.live.pop(worker_id, None)
        if worker is not None:
            worker.close()

    def close_all(self) -> None:
        for wid in list(self.live):
            self.close(wid)


async def worker_op(ctx: ApiContext, args: dict[str, Any]) -> Any:
    workers: Workers = ctx.bridge.workers
    op, wid = args["op"], args["workerId"]
    if op == "create":
        if len(workers.live) >= MAX_WORKERS:
            raise ApiError("exceed max number of workers (1)", wx="exceed max worker count 1")
        root = ctx.bridge.package_dir
        if root is None:
            raise ApiError("this host has no app folder to load workers from", wx="no app folder")
        worker = Worker(wid, Path(root), str(args.get("script") or ""))
        collect_sources(worker._root, worker._script)  # fail early, in the caller's turn
        workers.live[wid] = worker
        await workers.run(worker, worker.boot)
    elif op == "post":
        worker = workers.live.get(wid)
        if worker is None:
            raise ApiError("worker has been terminated", wx="worker has been terminated")
        await workers.run(worker, worker.deliver, args.get("data"))
    else:
        workers.close(wid)
    return None


def register(reg: Registry) -> None:
    reg.add("worker", worker_op, namespace="fx",
            schema={"op": {"type": "string", "required": True,
                           "enum": ["create", "post", "terminate"]},
                    "workerId": "string!", "script": "string", "data": "any"})
    reg.add("createWorker", None, family="wechat", kind="sync", mirror="new:worker")
