"""The Dimina side of the side-by-side bench: the bench app (``bench/app``) compiled by
Dimina's compiler and shown by its web container, measured like fanxing.

Dimina is built outside the project by whoever runs the bench (never from here): these
functions take the URL of the bench app's list page in a Dimina web container that a
static file server serves (``…/?appId=touristappid&entry=pages/list/list``) and, for cold
start, the command line that starts that server. Dimina shows each page in its own
iframe (``pageFrame.html``) and handles the tap in the page's frame → a Worker → back,
all inside Chromium.

* :func:`dimina_target`: the list page as a ``tap.Target``: a real click on item 500's
  button → the first mutation of ``#item-500``, in the page's frame;
* :func:`navigate_latency`: a tap on the navigator ``#go-big`` → ``#row-999`` laid out in
  the new page's frame (watched from the frame's start), then back;
* :func:`cold_start`: the server process started → ``#item-999`` laid out, in a browser
  already running that asks for the page the moment the port answers.

Run as a script it prints the three with the plain-DOM floor (the list as plain HTML
writing the text in its click handler, in the same browser, interleaved with Dimina's
taps) and the machine's load::

    python bench/measures/dimina.py --dimina-url URL [--dimina-serve "CMD"]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from measures.appear import rewatch, seen_at, watch_appear
from measures.browser import (
    ARM_CLICK,
    click_at,
    median,
    summary,
    wait_value,
)
from measures.procs import stop
from measures.tap import Target, interleave, plain_target

RUNS, NAV_RUNS, COLD_RUNS = 30, 7, 5
BUTTON, TARGET = "#item-500 .btn", "#item-500"
FIRST, NAVIGATOR, BIG_LAST = "#item-999", "#go-big", "#row-999"
# The back arrow of the navigation bar of the page on top (the one shown).
BACK = ".dimina-native-webview__navigation-left-btn:visible"
_NOW = "() => performance.timeOrigin + performance.now()"


def page_frame(page: Any, selector: str, timeout_ms: float = 30000) -> Any:
    """The frame of ``page`` in which ``selector`` is laid out (Dimina's page iframe)."""
    shown = "(s) => { const el = document.querySelector(s);" \
            " return !!el && el.getClientRects().length > 0; }"
    waited = 0.0
    while waited <= timeout_ms:
        for frame in page.frames:
            try:
                if frame.evaluate(shown, selector):
                    return frame
            except Exception:  # noqa: BLE001 (detached or navigating: look again)
                continue
        page.wait_for_timeout(20)
        waited += 20
    raise TimeoutError(f"{selector} did not show in {page.url}")


def open_list(context: Any, url: str) -> tuple[Any, Any]:
    """A new page of ``context`` on ``url``; returns it and the list page's frame once all
    its items are laid out."""
    page = context.new_page()
    page.goto(url)
    return page, page_frame(page, FIRST)


def _go_back(page: Any, frames_before: int) -> None:
    """The navigation bar's back arrow (once it has slid in and stands still), then wait
    for the page's frame to go away."""
    page.locator(BACK).first.click()
    waited = 0
    while len(page.frames) > frames_before:
        if waited > 20000:
            raise TimeoutError("Dimina did not close the page after back")
        page.wait_for_timeout(20)
        waited += 20
    page.wait_for_timeout(300)  # the slide-back animation ends; the list is idle again


def navigate_latency(browser: Any, url: str, runs: int = NAV_RUNS, warmup: int = 1
                     ) -> list[float]:
    """Tap on the navigator ``#go-big`` → ``#row-999`` laid out in the new page's frame
    (ms), ``runs`` times after ``warmup`` others; back to the list between runs."""
    context = browser.new_context()
    watch_appear(context, [BIG_LAST])
    try:
        page, frame = open_list(context, url)
        out = []
        for i in range(warmup + runs):
            frames_before = len(page.frames)
            frame.evaluate(ARM_CLICK)
            rewatch(page)
            before = frame.evaluate(_NOW)
            click_at(page, frame.locator(NAVIGATOR))
            seen = seen_at(page, BIG_LAST, since=before)  # awaited: nothing polls meanwhile
            ms = seen - wait_value(frame, "__fxClick")
            if i >= warmup:
                out.append(ms)
            _go_back(page, frames_before)
        return out
    finally:
        context.close()


def _port_answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.05):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def served(serve: str, url: str, timeout_s: float = 60.0) -> Iterator[None]:
    """Dimina's container served by ``serve`` while the block runs (started here unless
    something already answers on ``url``'s port; stopped again if started here)."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    if _port_answers(host, port):
        yield
        return
    proc = subprocess.Popen(shlex.split(serve), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        end = time.monotonic() + timeout_s
        while not _port_answers(host, port):
            if proc.poll() is not None or time.monotonic() > end:
                raise RuntimeError(f"{serve!r}: nothing answers on {host}:{port}")
            time.sleep(0.01)
        yield
    finally:
        stop(proc)


COLD_STAGES = ("port", "html", "frame", "visible")
_RECEIVED = "() => performance.timeOrigin + performance.getEntriesByType('navigation')[0].responseEnd"


def cold_once(browser: Any, serve: str, url: str, timeout_s: float = 60.0) -> dict[str, float]:
    """One cold start: ms from starting ``serve`` (a command line serving Dimina's web
    container) to each of ``COLD_STAGES``: the URL's port answers (the browser asks for
    ``url`` then), the container's HTML received, the list page's ``pageFrame.html``
    received, ``#item-999`` laid out."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    if _port_answers(host, port):
        raise RuntimeError(f"{host}:{port} already answers: stop that server first")
    context = browser.new_context()  # an empty cache: everything comes from the server
    watch_appear(context, [FIRST])
    page = context.new_page()
    start = time.time() * 1000
    proc = subprocess.Popen(shlex.split(serve), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        while not _port_answers(host, port):
            if proc.poll() is not None:
                raise RuntimeError(f"{serve!r} exited with {proc.returncode}")
            if time.time() * 1000 - start > timeout_s * 1000:
                raise TimeoutError(f"{serve!r}: nothing answers on {host}:{port}")
            time.sleep(0.002)
        answered = time.time() * 1000
        page.goto(url, wait_until="commit")
        visible = seen_at(page, FIRST, timeout_ms=timeout_s * 1000)
        html = page.main_frame.evaluate(_RECEIVED)
        frame = page_frame(page, FIRST).evaluate(_RECEIVED)
        return {"port": answered - start, "html": html - start, "frame": frame - start,
                "visible": visible - start}
    finally:
        context.close()
        stop(proc)


def cold_start(browser: Any, serve: str, url: str, runs: int = COLD_RUNS
               ) -> list[dict[str, float]]:
    """``runs`` of :func:`cold_once`."""
    out = []
    for _ in range(runs):
        out.append(cold_once(browser, serve, url))
        time.sleep(0.2)  # the port is free again
    return out


def dimina_target(page: Any, url: str, name: str = "dimina") -> Target:
    """Dimina's list page opened in ``page`` as a ``tap.Target`` (for ``tap.interleave``
    with the fanxing targets): the button and the changed item are in the page's frame."""
    page.goto(url)
    target = Target(name, page, page_frame(page, FIRST), None)
    target.ready()
    return target


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dimina-url", required=True,
                        help="the bench app's list page in Dimina's web container")
    parser.add_argument("--dimina-serve", default=None,
                        help="command line serving that container (for cold start); "
                             "when given, it also serves the other measures")
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--nav-runs", type=int, default=NAV_RUNS)
    parser.add_argument("--cold-runs", type=int, default=COLD_RUNS)
    args = parser.parse_args(argv)

    from fanxing.runtime.devtools.chromium import launch_options
    from playwright.sync_api import sync_playwright

    url, serve = args.dimina_url, args.dimina_serve
    print(f"Dimina at {url}\nload before: {_load()}")
    with sync_playwright() as pw, contextlib.ExitStack() as stack:
        browser = pw.chromium.launch(**launch_options())
        try:
            if serve:
                cold = cold_start(browser, serve, url, args.cold_runs)
                print(f"cold start (load {_load()}): serve command started →")
                for stage in COLD_STAGES:
                    print(f"  {stage:8s} {summary([run[stage] for run in cold])}")
                stack.enter_context(served(serve, url))
            ours = dimina_target(browser.new_page(), url)
            floor = plain_target(browser.new_page(), "floor")
            interleave([ours, floor], rounds=3, per_round=max(1, args.runs // 3))
            print(f"tap → DOM changed, Dimina              {summary(ours.times)}"
                  f"  (load {_load()})")
            print(f"tap → DOM changed, plain-DOM floor     {summary(floor.times)}")
            print(f"  ratio Dimina / floor: {median(ours.times) / median(floor.times):.2f}")
            nav = navigate_latency(browser, url, args.nav_runs)
            print(f"navigator {NAVIGATOR} → {BIG_LAST} laid out  {summary(nav)}"
                  f"  (load {_load()})")
        finally:
            browser.close()
    print(f"load after: {_load()}")


if __name__ == "__main__":
    main()
