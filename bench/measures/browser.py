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

import statistics
from collections.abc import Callable
from typing import Any

# Arms one measurement in a frame: the next click's time → window.__fxClick.
ARM_CLICK = """() => {
  window.__fxClick = new Promise((resolve) => {
    document.addEventListener('click', (e) => resolve(performance.timeOrigin + e.timeStamp),
                              { capture: true, once: true });
  });
}"""

# Arms one measurement in a frame: the first mutation under `target` (inside the laid-out
# `root`, if given) → window.__fxDone.
ARM_CHANGE = """([root, target]) => {
  const scope = root ? [...document.querySelectorAll(root)]
    .find((f) => f.getClientRects().length > 0) : document;
  const el = scope.querySelector(target);
  window.__fxDone = new Promise((resolve) => {
    const mo = new MutationObserver(() => {
      resolve(performance.timeOrigin + performance.now()); mo.disconnect();
    });
    mo.observe(el, { subtree: true, childList: true, characterData: true });
  });
}"""

# Arms one measurement in a frame: `selector` present and laid out → window.__fxDone.
ARM_APPEAR = """(selector) => {
  const shown = () => {
    const el = document.querySelector(selector);
    return el && el.getClientRects().length > 0;
  };
  const now = () => performance.timeOrigin + performance.now();
  window.__fxDone = new Promise((resolve) => {
    if (shown()) { resolve(now()); return; }
    const mo = new MutationObserver(() => { if (shown()) { resolve(now()); mo.disconnect(); } });
    mo.observe(document, { subtree: true, childList: true, attributes: true });
  });
}"""


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


def wait_value(frame: Any, name: str) -> float:
    """The value of the promise ``window.<name>`` an ARM script left. Awaiting it (no
    polling: Playwright's default ``raf`` polling would run a frame loop in the page
    while the runtime under test is working)."""
    return frame.evaluate(f"window.{name}")


def tap_once(page: Any, frame: Any, button: Any, root: str | None, target: str) -> float:
    """One click on ``button`` (a locator) → first change under ``target``, in ms."""
    frame.evaluate(ARM_CLICK)
    frame.evaluate(ARM_CHANGE, [root, target])
    click_at(page, button)
    done = wait_value(frame, "__fxDone")
    return done - wait_value(frame, "__fxClick")


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
