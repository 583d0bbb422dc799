"""``fanxing screenshot``: render a page in headless Chromium through the preview server.

The simulator page is opened with ``?shot=1`` (the device alone, no toolbar or panels),
the optional actions are played like a user would, and the device frame is written as
a PNG. Actions (``--do``), each followed by waiting until the app is idle:

* ``tap:SELECTOR``: click the first visible match in the current page;
* ``input:SELECTOR=TEXT``: type into an input / textarea (``type:`` works too);
* ``answer:KIND=VALUE``: press a host dialog's button (``answer:consent=allow``,
  ``answer:cashier=9000``, ``answer:confirm=ok``, ``answer:actionSheet=0``);
* ``wait:MS``: let timers run; ``back``: the navigation bar's back.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from fanxing.bridge.host import Answers
from fanxing.runtime.devtools.chromium import (
    CANDIDATES,
    CHROMIUM,  # noqa: F401  (re-exported for older imports)
    CHROMIUM_ARGS,  # noqa: F401  (re-exported for older imports)
    INSTALL_HINT,
    chromium_available,
    launch_options,
)
from fanxing.runtime.devtools.driver import AppDriver
from fanxing.runtime.devtools.preview_server import PreviewServer
from fanxing.runtime.devtools.render_run import Action
from fanxing.runtime.devtools.render_run import parse_action as _parse_action

PAGE_SCOPE = "#fx-app .fx-page-frame:visible"


class ScreenshotError(RuntimeError):
    """The screenshot could not be taken (says why)."""


# ``--do`` actions: whether each takes a selector and a value after ``=`` (the grammar
# and its parser are ``fanxing render``'s: ``render_run.parse_action``)
ACTIONS = {"tap": (True, False), "input": (True, True), "type": (True, True),
           "answer": (True, True), "wait": (False, True), "back": (False, False)}


def parse_action(text: str) -> Action:
    """One ``--do`` step (``answer:KIND=VALUE`` keeps the ask kind as its selector)."""
    action = _parse_action(text, ACTIONS)
    if action.kind == "wait" and not action.value.isdigit():
        raise ValueError(f"action {text!r}: wait takes milliseconds (wait:500)")
    return action


async def capture(url: str, out: Path, actions: list[Action], *, width: int = 1200,
                  height: int = 1000, timeout_ms: int = 10_000) -> Path:
    """Open ``url`` (a preview server) in headless Chromium, play ``actions``, write ``out``."""
    try:
        from playwright.async_api import Error as PlaywrightError
        from playwright.async_api import async_playwright
    except ImportError:  # a dependency of fanxing; only a broken install lacks it
        raise ScreenshotError("Playwright is missing: pip install 'playwright>=1.45,<2' "
                              "(fanxing drives Chromium with it)") from None
    if not chromium_available():
        raise ScreenshotError(f"no Chromium found (looked for $FANXING_CHROMIUM, "
                              f"{', '.join(CANDIDATES[:3])}… on PATH): {INSTALL_HINT}")
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(**launch_options())
        try:
            page = await browser.new_page(viewport={"width": width, "height": height})
            page.set_default_timeout(timeout_ms)
            sep = "&" if "?" in url else "?"
            await page.goto(f"{url}{sep}shot=1")
            await page.wait_for_function("window.FXSIM && FXSIM.connected")
            await page.evaluate("FXSIM.sync()")
            await page.wait_for_function(
                "document.querySelector('.sim-compile-error') || "
                "document.querySelector('#fx-app .fx-page-frame')")
            for action in actions:
                await _play(page, action)
                await page.evaluate("FXSIM.sync()")
            await page.wait_for_timeout(50)  # let fonts and images paint
            out.parent.mkdir(parents=True, exist_ok=True)
            await page.locator("#sim-frame").screenshot(path=str(out))
        except PlaywrightError as e:
            raise ScreenshotError(str(e).splitlines()[0]) from None
        finally:
            await browser.close()
    return out


async def _play(page, action: Action) -> None:  # page: playwright Page
    if action.kind == "tap":
        await page.locator(PAGE_SCOPE).locator(action.selector).first.click()
    elif action.kind in ("input", "type"):
        box = page.locator(PAGE_SCOPE).locator(action.selector).first
        inner = box.locator("input, textarea")
        target = inner.first if await inner.count() else box
        await target.fill(action.value)
    elif action.kind == "answer":
        await page.locator(f'[data-ask="{action.selector}"] [data-answer="{action.value}"]').click()
    elif action.kind == "wait":
        await page.wait_for_timeout(int(action.value))
    elif action.kind == "back":
        await page.evaluate("FXSIM.command('back')")


async def screenshot_app(app_dir: str | Path, out: str | Path, *, page: str | None = None,
                         query: dict[str, str] | None = None, profile: str | None = None,
                         device: str = "iphone-14", actions: list[Action] | None = None,
                         data_dir: str | Path | None = None, user: str = "default",
                         scripted: Answers | None = None, allow_errors: bool = False) -> Path:
    """Serve ``app_dir`` on a free port, screenshot it, stop. Storage starts empty unless
    ``data_dir`` is given; ``allow_errors`` runs an app whose build has errors."""
    with tempfile.TemporaryDirectory(prefix="fanxing-shot-") as tmp:
        driver = AppDriver(app_dir, profile=profile, device=device, page=page, query=query,
                           data_dir=data_dir or tmp, user=user, scripted=scripted,
                           allow_errors=allow_errors)
        server = PreviewServer(driver)
        url = await server.start()
        try:
            if driver.diagnostics and driver.container is None:
                first = driver.diagnostics[0]
                raise ScreenshotError(f"the app does not compile: {first['text']}")
            return await capture(url, Path(out), actions or [])
        finally:
            await server.close()


def screenshot(app_dir: str | Path, out: str | Path, **kw) -> Path:
    """Synchronous :func:`screenshot_app`."""
    return asyncio.run(screenshot_app(app_dir, out, **kw))
