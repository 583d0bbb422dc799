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
from collections.abc import Callable
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
from fanxing.runtime.view.selectors import select

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


def node_finder(driver: AppDriver) -> Callable[[str], int | None]:
    """``find(selector)``: the node id of the first match on the open page, by the
    selectors ``fanxing render`` uses (a component's own classes are scoped in the DOM,
    so a CSS query there misses them); None when nothing matches."""
    def find(selector: str) -> int | None:
        c = driver.container
        top = c.stack.top if c is not None else None
        live = c.pages.get(top.page_id) if c is not None and top is not None else None
        if live is None:
            return None
        found = select(live.view.root, selector, live.view._differ.nodes)
        return found[0].id if found else None
    return find


async def capture(url: str, out: Path, actions: list[Action], *, width: int = 1200,
                  height: int = 1000, timeout_ms: int = 10_000,
                  find: Callable[[str], int | None] | None = None) -> Path:
    """Open ``url`` (a preview server) in headless Chromium, play ``actions``, write ``out``;
    ``find`` (:func:`node_finder`) resolves their selectors like ``fanxing render``."""
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
                await _play(page, action, find)
                await page.evaluate("FXSIM.sync()")
            await page.wait_for_timeout(50)  # let fonts and images paint
            out.parent.mkdir(parents=True, exist_ok=True)
            await page.locator("#sim-frame").screenshot(path=str(out))
        except PlaywrightError as e:
            raise ScreenshotError(str(e).splitlines()[0]) from None
        finally:
            await browser.close()
    return out


async def _target(page, selector: str, find: Callable[[str], int | None] | None):
    """The element of the first match: the view's node when ``find`` knows it, else the
    first CSS match in the page's DOM."""
    node = find(selector) if find is not None else None
    if node is not None:
        handle = await page.evaluate_handle(_BY_NODE_ID, node)
        element = handle.as_element()
        if element is not None:
            return element
    return await page.locator(PAGE_SCOPE).locator(selector).first.element_handle()


# the element of a view node (the client keeps its id as __fxId) in the shown page
_BY_NODE_ID = """id => {
  const frame = [...document.querySelectorAll('#fx-app .fx-page-frame')]
    .find(f => f.checkVisibility());
  return frame ? [...frame.querySelectorAll('*')].find(e => e.__fxId === id) || null : null;
}"""


async def _play(page, action: Action,  # page: playwright Page
                find: Callable[[str], int | None] | None = None) -> None:
    if action.kind == "tap":
        await (await _target(page, action.selector, find)).click()
    elif action.kind in ("input", "type"):
        box = await _target(page, action.selector, find)
        inner = await box.query_selector_all("input, textarea")
        target = inner[0] if inner else box
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
            return await capture(url, Path(out), actions or [], find=node_finder(driver))
        finally:
            await server.close()


def screenshot(app_dir: str | Path, out: str | Path, **kw) -> Path:
    """Synchronous :func:`screenshot_app`."""
    return asyncio.run(screenshot_app(app_dir, out, **kw))
