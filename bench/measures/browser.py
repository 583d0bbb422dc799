"""Latency measures in a real browser, for any runtime that shows the bench app.

Every time is taken in the page as epoch milliseconds (``performance.timeOrigin +
performance.now()``), so a click in one frame and a change in another (a runtime that
puts each page in its own iframe) still subtract. The click's own ``timeStamp`` is the
start: the time the input event was created, before any handler of the runtime ran.

A *scope* is ``(frame, root)``: the Playwright frame holding the page and, optionally, a
CSS selector of the element the page lives in (the one laid out is used: fanxing keeps
hidden page frames of the stack in the DOM).
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable
from typing import Any

WARMUP, RUNS = 3, 30

# Arms one measurement in a frame: the next click's time → window.__fxClick.
ARM_CLICK = """() => {
  window.__fxClick = undefined;
  document.addEventListener('click', (e) => {
    window.__fxClick = performance.timeOrigin + e.timeStamp;
  }, { capture: true, once: true });
}"""

# Arms one measurement in a frame: the first mutation under `target` (inside the laid-out
# `root`, if given) → window.__fxDone.
ARM_CHANGE = """([root, target]) => {
  const scope = root ? [...document.querySelectorAll(root)]
    .find((f) => f.getClientRects().length > 0) : document;
  const el = scope.querySelector(target);
  window.__fxDone = undefined;
  const mo = new MutationObserver(() => {
    window.__fxDone = performance.timeOrigin + performance.now(); mo.disconnect();
  });
  mo.observe(el, { subtree: true, childList: true, characterData: true });
}"""

# Arms one measurement in a frame: `selector` present and laid out → window.__fxDone.
ARM_APPEAR = """(selector) => {
  window.__fxDone = undefined;
  const shown = () => {
    const el = document.querySelector(selector);
    return el && el.getClientRects().length > 0;
  };
  const mark = () => { window.__fxDone = performance.timeOrigin + performance.now(); };
  if (shown()) { mark(); return; }
  const mo = new MutationObserver(() => { if (shown()) { mark(); mo.disconnect(); } });
  mo.observe(document, { subtree: true, childList: true, attributes: true });
}"""


# In every document from its start (``context.add_init_script``): the first time each of
# SELECTORS is present and laid out → ``window.__fxSeen[selector]`` (epoch ms), for pages
# that open in a new frame, where nothing can be armed before they render.
# ``window.__fxWatch()`` forgets what was seen and watches again.
WATCH_INIT = """(() => {
  const selectors = SELECTORS;
  const now = () => performance.timeOrigin + performance.now();
  let mo = null;
  const check = () => {
    for (const s of selectors) {
      if (window.__fxSeen[s] !== undefined) continue;
      const el = document.querySelector(s);
      if (el && el.getClientRects().length > 0) window.__fxSeen[s] = now();
    }
    if (mo && selectors.every((s) => window.__fxSeen[s] !== undefined)) {
      mo.disconnect(); mo = null;
    }
  };
  window.__fxWatch = () => {
    window.__fxSeen = {};
    if (!mo) {
      mo = new MutationObserver(check);
      mo.observe(document, { subtree: true, childList: true, attributes: true });
    }
    check();
  };
  window.__fxWatch();
})();"""

def median(xs: list[float]) -> float:
    return statistics.median(xs)


def summary(xs: list[float]) -> str:
    """``median (min–max, n)`` of a list of milliseconds."""
    if not xs:
        return "—"
    return f"{median(xs):7.2f} ms ({min(xs):.1f}–{max(xs):.1f}, n={len(xs)})"


def click_at(page: Any, locator: Any) -> None:
    """A real mouse click at the middle of ``locator`` (any frame; page coordinates)."""
    box = locator.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def wait_value(frame: Any, name: str, timeout_ms: float = 20000) -> float:
    return frame.wait_for_function(f"window.{name}", timeout=timeout_ms).json_value()


def tap_once(page: Any, frame: Any, button: Any, root: str | None, target: str) -> float:
    """One click on ``button`` (a locator) → first change under ``target``, in ms."""
    frame.evaluate(ARM_CLICK)
    frame.evaluate(ARM_CHANGE, [root, target])
    click_at(page, button)
    done = wait_value(frame, "__fxDone")
    return done - wait_value(frame, "__fxClick")


def tap_latency(page: Any, frame: Any, button: Any, root: str | None, target: str,
                runs: int = RUNS, warmup: int = WARMUP, pause_ms: int = 30,
                after: Callable[[], None] | None = None) -> list[float]:
    """``runs`` click → change times (ms) after ``warmup`` unrecorded ones; ``after()``
    runs after each click (e.g. to collect a trace) before the pause."""
    button.scroll_into_view_if_needed()
    page.wait_for_timeout(200)
    out = []
    for i in range(warmup + runs):
        ms = tap_once(page, frame, button, root, target)
        if i >= warmup:
            out.append(ms)
        if after is not None:
            after()
        page.wait_for_timeout(pause_ms)  # acks and panels settle; the same for every target
    return out


def appear_once(page: Any, click_frame: Any, button: Any,
                appear_frame: Callable[[], Any], selector: str) -> float:
    """Click ``button`` → ``selector`` laid out in the frame ``appear_frame()`` returns
    once the click happened (a runtime may open the new page in a new iframe)."""
    click_frame.evaluate(ARM_CLICK)
    same = appear_frame()
    if same is not None:
        same.evaluate(ARM_APPEAR, selector)
    click_at(page, button)
    clicked = wait_value(click_frame, "__fxClick")
    frame = same if same is not None else None
    while frame is None:
        page.wait_for_timeout(1)
        frame = appear_frame()
    if same is None:
        frame.evaluate(ARM_APPEAR, selector)  # already laid out: marks "now" (late)
    return wait_value(frame, "__fxDone") - clicked


def watch_appear(context: Any, selectors: list[str]) -> None:
    """Record in every frame of ``context`` when each of ``selectors`` first shows."""
    context.add_init_script(WATCH_INIT.replace("SELECTORS", json.dumps(selectors)))


def _in_frames(page: Any, script: str, arg: Any = None) -> list[Any]:
    """``script`` evaluated in every live frame of ``page`` (frames that go away meanwhile
    are skipped)."""
    out = []
    for frame in page.frames:
        try:
            out.append(frame.evaluate(script, arg))
        except Exception:  # noqa: BLE001 (a frame detached or navigating: nothing to read)
            continue
    return out


def rewatch(page: Any) -> None:
    """Forget what the frames of ``page`` have seen (:func:`watch_appear`)."""
    _in_frames(page, "() => window.__fxWatch && window.__fxWatch()")


def wait_seen(page: Any, selector: str, since: float = 0.0, timeout_ms: float = 30000,
              poll_ms: int = 20) -> float:
    """The epoch ms at which ``selector`` first showed in any frame of ``page`` at or after
    ``since`` (watched with :func:`watch_appear`). Polls from Python, seldom: the time is
    the page's own."""
    read = "(s) => window.__fxSeen ? window.__fxSeen[s] ?? null : null"
    waited = 0.0
    while True:
        seen = [t for t in _in_frames(page, read, selector) if t is not None and t >= since]
        if seen:
            return min(seen)
        if waited > timeout_ms:
            raise TimeoutError(f"{selector} did not show in {timeout_ms / 1000:.0f} s")
        page.wait_for_timeout(poll_ms)
        waited += poll_ms
