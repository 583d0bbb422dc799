"""When a selector first shows, in whichever frame: for runtimes that open a page in a new
iframe (Dimina), where nothing can be armed before the page renders.

:func:`watch_appear` adds a script that runs in every document of a browser context from
its start: a MutationObserver notes the first time each selector is present and laid out
(epoch ms, ``performance.timeOrigin + performance.now()``, as in ``browser.py``) and
reports it to the top document, where :func:`seen_at` awaits it (a promise: no polling
in the page or from Python while the runtime works). Frames must be same-origin with the
top document (Dimina's are).
"""

from __future__ import annotations

import json
from typing import Any

_INIT = """(() => {
  const selectors = SELECTORS;
  const now = () => performance.timeOrigin + performance.now();
  if (window === window.top) {
    const reports = [], waiters = [];
    window.__fxReport = (s, t) => {
      reports.push([s, t]);
      for (const w of waiters.filter((w) => w.s === s && t >= w.since)) {
        waiters.splice(waiters.indexOf(w), 1); w.resolve(t);
      }
    };
    window.__fxSeenIn = ([s, since, timeoutMs]) => new Promise((resolve, reject) => {
      const old = reports.filter(([r, t]) => r === s && t >= since).map(([, t]) => t);
      if (old.length) { resolve(Math.min(...old)); return; }
      waiters.push({ s, since, resolve });
      setTimeout(() => reject(new Error(s + ' did not show')), timeoutMs);
    });
  }
  let mo = null, seen = {};
  const check = () => {
    for (const s of selectors) {
      if (seen[s]) continue;
      const el = document.querySelector(s);
      if (el && el.getClientRects().length > 0) {
        seen[s] = true;
        try { window.top.__fxReport(s, now()); } catch (e) { /* not same-origin */ }
      }
    }
    if (mo && selectors.every((s) => seen[s])) { mo.disconnect(); mo = null; }
  };
  window.__fxWatch = () => {
    seen = {};
    if (!mo) {
      mo = new MutationObserver(check);
      mo.observe(document, { subtree: true, childList: true, attributes: true });
    }
    check();
  };
  window.__fxWatch();
})();"""


def watch_appear(context: Any, selectors: list[str]) -> None:
    """Watch for ``selectors`` in every document ``context`` opens from now on."""
    context.add_init_script(_INIT.replace("SELECTORS", json.dumps(selectors)))


def rewatch(page: Any) -> None:
    """Make the frames of ``page`` report ``selectors`` again when they next show (a frame
    a runtime reuses for another page)."""
    for frame in page.frames:
        try:
            frame.evaluate("() => window.__fxWatch && window.__fxWatch()")
        except Exception:  # noqa: BLE001 (a frame going away: nothing to re-arm)
            continue


def seen_at(page: Any, selector: str, since: float = 0.0, timeout_ms: float = 30000) -> float:
    """The epoch ms at which ``selector`` first showed, at or after ``since``, in any
    frame of ``page`` (whose top document must have been opened with the watch on)."""
    return page.main_frame.evaluate("(a) => window.__fxSeenIn(a)",
                                    [selector, since, timeout_ms])
