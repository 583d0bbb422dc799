"""The logic engine: one mini-program's JavaScript in its own QuickJS context.

Design
------
* **One context, one owner thread.** Every call into the context happens on the thread
  that created it: the engine thread after :meth:`LogicEngine.start`, or the caller's
  thread in the synchronous, test-friendly mode (:meth:`LogicEngine.process`,
  :meth:`LogicEngine.run_until_idle`). Other threads only :meth:`LogicEngine.post`.
* **No Python calls from JS.** The quickjs binding refuses calls into Python while a time
  limit is set, so the framework prelude (``runtime/logic/js/framework.js``) queues outgoing
  messages in JS and the engine drains them after each turn as one JSON text; ``*Sync``
  APIs read state mirrored into the context (``__fx.syncState``).
* **Turns.** A turn is one inbound message (or one due timer) run through
  ``__fx.dispatch`` under the per-call time limit, then the promise job queue pumped (each
  job under the same per-call limit, all jobs together under the turn budget), then
  ``__fx.endTurn()`` which emits one ``setData`` per instance and returns the outbox. The
  engine appends ``{type: "timer", next}`` when the earliest timer changed.
* **Limits.** An infinite loop is interrupted by the time limit (uncatchable in JS); the
  engine resets the framework state (``__fx.abort``) and reports it as an outbound
  ``error`` with the page/component and handler, plus ``App.onError``. Runaway
  recursion and memory bombs raise catchable ``RangeError`` / ``InternalError: out of
  memory`` inside the framework's guard and are reported the same way. A promise chain
  that never ends is cut by re-running the remaining jobs with a zero time limit, which
  interrupts (and so drops) every chain that is still spinning. The context keeps working
  after each of these (see ``tests/runtime/test_logic_limits.py``).
* **Unhandled rejections** are tracked by the prelude (the binding has no rejection
  tracker) and reported by ``__fx.flushRejections()`` after the turn's jobs; ``Date`` and
  ``performance.now()`` follow the runtime clock from ``epoch_ms`` (docs/internals.md §2).
* **Time budget uses ``clock()``**, the process CPU time (binding choice): other busy
  threads in the same process make the budget run out sooner, never later.

In-thread vs process isolation (``bench/logic_bench.py``, 2-core dev VM, medians)::

    in-thread turn (event handler + setData 1 KB)    0.04 ms
    same turn in a child process (Pipe round trip)   0.14 ms
    child process spawn + QuickJS boot               ~300 ms (in-thread cold start: 5 ms)

The in-thread design is chosen: the engine itself enforces the limits (interrupt,
memory limit, stack limit), a stuck turn ends within the budget, and turns are 3-4x
cheaper than a process round trip. A process would only add protection against native
crashes of QuickJS, which none of the limit tests provoked. quickjs-ng is kept over the
archived ``quickjs`` distribution (2021 engine): same API, maintained, modern JS; on a
micro workload it is slower on tight loops (fib(25) 19 vs 11 ms) and on par for JSON.
"""

from __future__ import annotations

import json
import logging
import queue
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

import quickjs
from fanxing.compiler.js_module import JsModule
from fanxing.compiler.jsvalue import json_dumps
from fanxing.runtime.logic.clock import Clock, RealClock
from fanxing.runtime.logic.spin_site import spin_site

__all__ = ["Limits", "LogicEngine", "LogicEngineError"]

log = logging.getLogger(__name__)

Dialect = Literal["alipay", "wechat"]
Message = dict[str, Any]

_THREAD_STACK = 32 * 1024 * 1024   # C stack of the engine thread; QuickJS limit is far below
_MAX_TIMER_TURNS = 10_000          # per `timers` message, so a 1 ms interval cannot spin forever
_MAX_REJECTION_ROUNDS = 4          # unhandled-rejection reports (and their jobs) per turn
_JS_ERRORS = (quickjs.JSException, quickjs.StackOverflow)
# Turns in a row that ran out of memory (or whose failure could not even be reported, for
# want of memory): the context does not recover, so the app's logic is stopped for good
# rather than failing every later event (a flood of reports, and minutes of CPU).
_MAX_OOM_TURNS = 3
_FRAME = re.compile(r"^(?P<indent>\s+)at (?P<fn>\S+) \((?P<file>.+):(?P<line>\d+):\d+\)$")


@dataclass(frozen=True)
class Limits:
    """Per-mini-program limits."""

    memory_bytes: int = 64 * 1024 * 1024
    #: QuickJS stack limit: deep recursion becomes a RangeError well before the C stack ends.
    stack_bytes: int = 1024 * 1024
    #: CPU seconds one call (dispatch, timer, promise job) may take; also the wall-time
    #: budget of the promise jobs of one turn.
    turn_seconds: float = 2.0
    #: What one turn may hand to the host (the outbox): past any of these the turn is
    #: aborted and reported, its further output dropped (docs/security.md).
    turn_api_calls: int = 5000
    turn_console_lines: int = 5000
    turn_setdata_ops: int = 50_000
    turn_messages: int = 10_000
    #: Characters of output per turn; at most a sixth of ``memory_bytes`` (the outbox is
    #: joined into one text at the end of the turn).
    turn_output_chars: int = 8 * 1024 * 1024

    def turn_budget(self) -> dict[str, int]:
        """The outbox budget handed to the framework prelude."""
        return {"api": self.turn_api_calls, "console": self.turn_console_lines,
                "ops": self.turn_setdata_ops, "messages": self.turn_messages,
                "bytes": min(self.turn_output_chars, self.memory_bytes // 6)}


class LogicEngineError(RuntimeError):
    """The engine itself could not start (a bug in the prelude, never app code)."""


def _framework_source() -> str:
    return resources.files("fanxing.runtime.logic").joinpath("js/framework.js").read_text("utf-8")


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "error"


class LogicEngine:
    """Runs one mini-program's logic layer; see the module docstring and docs/internals.md §2."""

    def __init__(
        self,
        modules: dict[str, JsModule],
        *,
        dialect: Dialect,
        app_config: dict,
        api_script: str | None = None,
        api_table: dict | None = None,
        sync_state: dict | None = None,
        limits: Limits | None = None,
        on_message: Callable[[Message], None] | None = None,
        clock: Clock | None = None,
        epoch_ms: float | None = None,
    ) -> None:
        if dialect not in ("alipay", "wechat"):
            raise ValueError(f"LogicEngine: dialect must be 'alipay' or 'wechat', got {dialect!r}")
        self.modules = dict(modules)
        self.dialect = dialect
        self.app_config = app_config
        self.api_script = api_script
        self.api_table = api_table
        self.sync_state = sync_state or {}
        self.limits = limits or Limits()
        self.on_message = on_message
        self.clock: Clock = clock or RealClock()
        #: Wall-clock time (ms since 1970) of runtime time 0: ``Date.now()`` in the app is
        #: ``epoch_ms + clock.now()``. Default: chosen at boot so that it is the real time.
        self.epoch_ms = epoch_ms
        #: A seed makes ``Math.random`` repeatable (tests, snapshots); None: the engine's.
        self.random_seed: int | None = None
        self._ctx: quickjs.Context | None = None
        self._owner: int | None = None
        self._inbox: queue.Queue[Message | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._last_next: float | None = None
        #: why the app's logic was stopped for good (a wedged context), else None
        self.stopped: str | None = None
        self._oom_turns = 0              # turns in a row that ran out of memory
        self._turn_unreportable = False
        self._held: list[Message] = []   # messages made here, for the next output
        self._fns: dict[str, Any] = {}

    # ------------------------------------------------------------------ public API
    def boot(self) -> list[Message]:
        """Creates the context and loads the prelude, the bridge script and ``app.js``.

        Idempotent; called implicitly by :meth:`process`. Returns the boot turn's output.
        """
        if self._ctx is not None:
            return []
        self._owner = threading.get_ident()
        ctx = quickjs.Context()
        ctx.set_memory_limit(self.limits.memory_bytes)
        ctx.set_max_stack_size(self.limits.stack_bytes)
        ctx.set_time_limit(float(self.limits.turn_seconds))
        self._ctx = ctx
        table = {
            m.id: {"path": m.path, "code": m.code, "deps": m.deps} for m in self.modules.values()
        }
        seed = {
            "dialect": self.dialect,
            "appConfig": self.app_config,
            "modules": table,
            "apiTable": self.api_table,
            "syncState": self.sync_state,
            "now": self.clock.now(),
            "epoch": self._epoch(),
            "clockIsReal": bool(self.clock.is_real),
            "turnBudget": self.limits.turn_budget(),
        }
        if self.random_seed is not None:
            seed["randomSeed"] = int(self.random_seed)
        try:
            ctx.set("__fx", ctx.parse_json(json.dumps(seed)))
            source = _framework_source()
            ctx.eval(source)
            ctx.eval(f"__fx.allocLines('fanxing:framework.js', {source.count(chr(10)) + 1})")
            self._fns = {
                name: ctx.eval(f"__fx.{name}")
                for name in ("dispatch", "endTurn", "nextTimer", "runDueTimer", "abort",
                              "reportAbort", "boot", "flushRejections", "dropTurn",
                              "mapStack")
            }
        except _JS_ERRORS as exc:
            raise LogicEngineError(f"framework prelude failed: {exc}") from exc
        out: list[Message] = []
        if self.api_script is not None:
            out += self._turn(self._eval_api_script)
        out += self._turn(self._fns["boot"])
        return out

    def process(self, msg: Message) -> list[Message]:
        """Runs one inbound message now, on this thread; returns (and delivers) the output."""
        self._check_owner()
        out = self.boot()
        if self.stopped is not None:
            return out  # a stopped app answers nothing more; it was reported once
        if msg.get("type") == "timers":
            if msg.get("now") is not None:
                self.clock.advance_to(float(msg["now"]))
            return out + self._run_timers(self.clock.now())
        return out + self._turn(self._fns["dispatch"], json_dumps(msg), self.clock.now())

    def advance(self, ms: float) -> list[Message]:
        """Test helper: move a manual clock by ``ms`` and run the timers that became due."""
        return self.process({"type": "timers", "now": self.clock.now() + ms})

    def post(self, msg: Message) -> None:
        """Queues an inbound message (any thread)."""
        self._inbox.put(msg)

    def run_until_idle(self) -> list[Message]:
        """Synchronous mode: processes every posted message and every due timer."""
        out = self.boot()
        while True:
            try:
                msg = self._inbox.get_nowait()
            except queue.Empty:
                break
            if msg is not None:
                out += self.process(msg)
        return out + self._run_timers(self.clock.now())

    @property
    def next_timer(self) -> float | None:
        """Earliest due time of the JS timers on the runtime clock, or None."""
        if self._ctx is None or self.stopped is not None:
            return None
        return self._fns["nextTimer"]()

    def memory(self) -> dict:
        """QuickJS memory statistics of this context."""
        self._check_owner()
        return self._ctx.memory() if self._ctx is not None else {}

    def start(self) -> None:
        """Runs the engine on its own thread (with a large C stack)."""
        if self._thread is not None:
            raise RuntimeError("LogicEngine.start: already started")
        if self._ctx is not None:
            raise RuntimeError("LogicEngine.start: already booted on another thread")
        old = threading.stack_size()
        try:
            threading.stack_size(_THREAD_STACK)
            self._thread = threading.Thread(target=self._loop, name="fanxing-logic", daemon=True)
            self._thread.start()
        finally:
            threading.stack_size(old)

    def stop(self, timeout: float = 5.0) -> None:
        """Stops the engine thread after the messages already posted."""
        if self._thread is None:
            return
        self._inbox.put(None)
        self._thread.join(timeout)
        self._thread = None

    # ------------------------------------------------------------------ internals
    def _check_owner(self) -> None:
        if self._owner is not None and self._owner != threading.get_ident():
            raise RuntimeError("LogicEngine: the context belongs to another thread; use post()")

    def _loop(self) -> None:
        try:
            self.boot()
        except Exception:
            log.exception("logic engine failed to boot")
            return
        while True:
            timeout = None
            nxt = self.next_timer
            if self.clock.is_real and nxt is not None:
                timeout = max(0.0, (nxt - self.clock.now()) / 1000.0)
            try:
                msg = self._inbox.get(timeout=timeout)
            except queue.Empty:
                msg = {"type": "timers"}
            if msg is None:
                break
            try:
                self.process(msg)
            except Exception:
                log.exception("logic engine failed on %s", msg.get("type"))

    def _eval_api_script(self) -> None:
        script = self.api_script or ""
        base = self._ctx.eval(
            f"__fx.allocLines('fanxing:bridge/api.js', {script.count(chr(10)) + 1})"
        )
        self._ctx.eval("\n" * int(base) + script)

    def _epoch(self) -> float:
        if self.epoch_ms is None:
            self.epoch_ms = float(round(time.time() * 1000.0 - self.clock.now()))
        return self.epoch_ms

    def _turn(self, fn: Callable[..., Any], *args: Any) -> list[Message]:
        """One turn: the call, the promise jobs, unhandled rejections, then the outbox."""
        try:
            fn(*args)
        except _JS_ERRORS as exc:
            self._report_abort(exc)
        self._pump_jobs()
        # Reporting runs App.onUnhandledRejection and listeners, which may queue jobs
        # (and reject again): a few rounds, the rest waits for the next turn.
        for _ in range(_MAX_REJECTION_ROUNDS):
            try:
                if not self._fns["flushRejections"]():
                    break
            except _JS_ERRORS as exc:
                self._report_abort(exc)
            self._pump_jobs()
        return self._end_turn()

    def _report_abort(self, exc: Exception, where: dict | None = None) -> None:
        """Reports an error that escaped the JS guards (interrupt, failure while reporting)."""
        text = str(exc)
        if "interrupted" in text:
            text = self._locate_spin(text)
        whereJson = self._fns["abort"]()
        if where is not None:
            whereJson = json.dumps(where)
        message = _first_line(text)
        if "interrupted" in message:
            message = (
                f"Time budget of {self.limits.turn_seconds} s exceeded (infinite loop?): {message}"
            )
        handler = (json.loads(whereJson) or {}).get("handler") or ""
        call_on_error = not handler.startswith("App.on")
        for _ in range(2):   # onError itself may loop: then report without it
            try:
                self._fns["reportAbort"](message, text, whereJson, call_on_error)
                return
            except _JS_ERRORS:
                self._fns["abort"]()
                call_on_error = False
        if not self._turn_unreportable and self._oom_turns == 0:
            log.error("logic engine could not report: %s", text)
        self._turn_unreportable = True

    def _locate_spin(self, text: str) -> str:
        """The interrupt's stack with its innermost frame, when it is app code, at the
        loop that spun (or its function's real start): QuickJS gives that frame a stale
        position (its first line, column 1, or its last call; the frames below it are
        exact call sites)."""
        mapped = str(self._fns["mapStack"](text))
        lines = mapped.split("\n")
        for i, line in enumerate(lines):
            m = _FRAME.match(line)
            if m is None:
                continue
            module = next((mod for mod in self.modules.values()
                           if m["file"] in (mod.path, mod.id)), None)
            if module is not None:
                site = spin_site(module.code, int(m["line"]), m["fn"])
                if site is not None:
                    lines[i] = f"{m['indent']}at {m['fn']} ({m['file']}:{site[0]}:{site[1]})"
            break
        return "\n".join(lines)

    def _pump_jobs(self) -> None:
        ctx = self._ctx
        budget = self.limits.turn_seconds
        start = time.perf_counter()
        count = 0
        while True:
            try:
                if not ctx.execute_pending_job():
                    return
            except _JS_ERRORS as exc:
                self._report_abort(exc)
            count += 1
            if count % 128 == 0 and time.perf_counter() - start > budget:
                self._drop_jobs()
                return

    def _drop_jobs(self) -> None:
        """Interrupts every pending job: a zero time limit stops each spinning chain."""
        ctx = self._ctx
        ctx.set_time_limit(0.0)
        try:
            for _ in range(1_000_000):
                try:
                    if not ctx.execute_pending_job():
                        break
                except _JS_ERRORS:
                    pass
        finally:
            ctx.set_time_limit(float(self.limits.turn_seconds))
        self._report_abort(
            RuntimeError(
                f"Promise jobs ran past the time budget of {self.limits.turn_seconds} s; "
                "pending jobs were dropped"
            ),
            where={"instanceId": None, "path": None, "handler": "microtasks"},
        )

    def _end_turn(self) -> list[Message]:
        try:
            text = self._fns["endTurn"]()
        except _JS_ERRORS as exc:
            # Not even the turn's output fits in memory: drop it and report that alone.
            self._fns["dropTurn"]()
            self._report_abort(exc)
            try:
                text = self._fns["endTurn"]()
            except _JS_ERRORS:
                self._fns["dropTurn"]()
                text = "[]"
        out: list[Message] = json.loads(text)
        self._count_oom(out)
        out += self._held
        self._held = []
        nxt = None if self.stopped is not None else self._fns["nextTimer"]()
        if nxt != self._last_next:
            self._last_next = nxt
            out.append({"type": "timer", "next": nxt})
        if self.on_message is not None:
            for m in out:
                try:
                    self.on_message(m)
                except Exception:
                    log.exception("on_message failed for %s", m.get("type"))
        return out

    def _count_oom(self, out: list[Message]) -> None:
        """Stops the app once several turns in a row ran out of memory (reported or not):
        its context has no memory left, so every later turn would fail the same way."""
        oom = self._turn_unreportable or any(
            m.get("type") == "error" and (m.get("message") in ("null", None)
                                          or "out of memory" in str(m.get("message")))
            for m in out)
        self._turn_unreportable = False
        if not oom:
            self._oom_turns = 0
            return
        self._oom_turns += 1
        if self._oom_turns < _MAX_OOM_TURNS or self.stopped is not None:
            return
        self.stopped = (
            f"App stopped: {self._oom_turns} turns in a row ran out of memory (limit "
            f"{self.limits.memory_bytes // (1 << 20)} MiB); later events are dropped. "
            "Reload the app to run it again.")
        log.error("logic engine: %s", self.stopped)
        self._held += [
            {"type": "error", "message": self.stopped, "stack": self.stopped, "where": None,
             "kind": "abort"},
            {"type": "console", "level": "error", "args": [self.stopped], "source": None},
        ]

    def _run_timers(self, now: float) -> list[Message]:
        out: list[Message] = []
        ran = [False]

        def one() -> None:
            ran[0] = bool(self._fns["runDueTimer"](now))

        for _ in range(_MAX_TIMER_TURNS):
            nxt = self._fns["nextTimer"]()
            if nxt is None or nxt > now:
                break
            out += self._turn(one)
            if not ran[0]:
                break
        return out
