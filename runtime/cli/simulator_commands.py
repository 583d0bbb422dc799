"""The simulator commands of the ``fanxing`` CLI: ``preview``, ``dev``, ``screenshot`` and
``demo`` (registered on the click group by ``runtime/cli/main.py``)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource
from fanxing.runtime.cli.package_arg import app_argument, trust_key_option

DEFAULT_PORT = 8765
WARM_AFTER = 2.0  # s after the first page: preview's hot-reload cache is filled then
DEMO_SHOT = "fanxing-demo.png"


def _app_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Options every simulator command shares."""
    for option in reversed([
        app_argument,
        trust_key_option,
        click.option("--profile", help="Host profile (alipay, taobao, dingtalk, amap, wechat)."),
        click.option("--device", default="iphone-14", show_default=True, help="Device preset."),
        click.option("--page", help="Launch page, with an optional query: pages/a/a?id=1."),
        click.option("--query", "queries", multiple=True, metavar="K=V",
                     help="Launch query entry (repeatable)."),
        click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path),
                     help="Storage and consent folder (default: the user's data folder)."),
        click.option("--user", default="default", show_default=True,
                     help="User whose storage to use."),
    ]):
        fn = option(fn)
    return fn


def _host_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--host MODULE:ATTR`` and ``--app-id``: run inside a host program's HostApp."""
    fn = click.option("--app-id", help="The app id the host program knows the app by "
                      "(default: the project's appid).")(fn)
    return click.option("--host", "host_spec", metavar="MODULE:ATTR",
                        help="Run inside your host program's HostApp (its profile, APIs, "
                             "policies, providers): a HostApp or a function returning one, "
                             "in a module or FILE.py.")(fn)


def _mock_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--mock KEY=VALUE``: the Mocks panel starts with these (``fanxing render``'s forms)."""
    return click.option("--mock", "mocks", multiple=True, metavar="KEY=VALUE",
                        help="Answer a request or an API before the app starts "
                             "(the forms of fanxing render --mock); editable in the Mocks panel.")(fn)


def _port_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT,
                        show_default=True, help="Port on 127.0.0.1 (0: any free port).")(fn)


def _launch(page: str | None, queries: tuple[str, ...]) -> tuple[str | None, dict[str, str]]:
    from fanxing.runtime.container.router import split_url

    query: dict[str, str] = {}
    route = None
    if page:
        route, query = split_url(page)
    for item in queries:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r} should look like KEY=VALUE", param_hint="--query")
        query[key] = value
    return route, query


def _driver(app_dir: Path, profile: str | None, device: str, page: str | None,
            queries: tuple[str, ...], data_dir: Path | None, user: str,
            host_spec: str | None = None, mocks: tuple[str, ...] = (), **kw: Any):
    from fanxing.bridge.devices import load_device
    from fanxing.bridge.profiles import load_profile
    from fanxing.runtime.devtools.driver import AppDriver

    if host_spec:
        from fanxing.runtime.devtools.host_spec import HostSpecError, load_host_app

        if profile:
            raise click.BadParameter("the host program decides the profile; drop --profile",
                                     param_hint="--host")
        try:
            kw["host_app"] = load_host_app(host_spec)
        except HostSpecError as e:
            raise click.BadParameter(str(e), param_hint="--host") from None
    try:
        load_device(device)
        if profile:
            load_profile(profile)
    except (ValueError, OSError) as e:
        raise click.BadParameter(str(e)) from None
    route, query = _launch(page, queries)
    driver = AppDriver(app_dir, profile=profile, device=device, page=route, query=query,
                       data_dir=data_dir, user=user, **kw)
    if mocks:
        from fanxing.runtime.devtools.mocks import MockError, cli_changes

        try:
            driver.mocks.update(cli_changes(list(mocks), Path.cwd()))
        except (ValueError, MockError) as e:
            raise click.BadParameter(str(e), param_hint="--mock") from None
    return driver


async def serve_preview(driver: Any, port: int, *, hot_reload: bool = True,
                        after_start: Callable[[str], Awaitable[None]] | None = None,
                        on_url: Callable[[str], None] | None = None,
                        forever: bool = True) -> None:
    """Serve ``driver`` until cancelled (Ctrl-C). The URL is printed (and ``on_url(url)``
    called) as soon as the server listens, while the app compiles and launches, so a
    browser loads the simulator meanwhile; ``after_start(url)`` runs once the app started."""
    from fanxing.runtime.devtools.preview_server import PreviewServer

    server = PreviewServer(driver, port=port)
    try:
        url = await server.start(wait=False)
    except OSError as e:
        await driver.close()
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {e.strerror or e} "
                                   "(try --port 0)") from None
    click.echo(f"fanxing preview of {driver.app_dir} at {url}")
    reloader = warm = None
    try:
        if on_url is not None:
            on_url(url)
        await server.ready()
        from fanxing.compiler.diagnostics import Diagnostic
        from fanxing.runtime.cli.output import app_root, rebase

        shown = rebase([Diagnostic(d["path"], d["line"], d["col"], d["severity"], d["message"])
                        for d in driver.diagnostics], app_root(driver.app_dir))
        for d in shown:  # relative to the current folder, each once
            click.echo(f"  {d.format()}", err=True)
        if hot_reload:  # watchdog is imported once the first page is out
            from fanxing.runtime.devtools.hot_reload import HotReloader

            reloader = HotReloader(driver)
            reloader.start()
            # an app from the compile cache: fill the hot-reload cache once the page is up
            warm = asyncio.get_running_loop().call_later(
                WARM_AFTER, lambda: asyncio.ensure_future(driver.warm_build_cache()))
        if after_start is not None:
            await after_start(url)
        if forever:
            click.echo("hot reload is on; press Ctrl-C to stop" if hot_reload
                       else "press Ctrl-C to stop")
            await asyncio.Event().wait()
    finally:
        if warm is not None:
            warm.cancel()
        if reloader is not None:
            reloader.stop()
        await server.close()


def _run(coro: Awaitable[None]) -> None:
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(coro)  # type: ignore[arg-type]


@click.command("preview")
@_app_options
@_host_options
@_mock_option
@_port_option
@click.option("--no-reload", is_flag=True, help="Do not watch the sources.")
@click.option("--open", "open_browser", is_flag=True, help="Open the default browser.")
def preview_command(app_dir: Path, profile: str | None, device: str, page: str | None,
                    queries: tuple[str, ...], data_dir: Path | None, user: str,
                    host_spec: str | None, app_id: str | None, mocks: tuple[str, ...],
                    port: int, no_reload: bool, open_browser: bool) -> None:
    """Serve the simulator to any browser on 127.0.0.1 (HTTP + WebSocket)."""
    driver = _driver(app_dir, profile, device, page, queries, data_dir, user,
                     host_spec, mocks, app_id=app_id)

    def opened(url: str) -> None:  # right away: the browser loads while the app launches
        import webbrowser

        webbrowser.open(url)

    _run(serve_preview(driver, port, hot_reload=not no_reload,
                       on_url=opened if open_browser else None))


@click.command("dev")
@_app_options
@_host_options
@_mock_option
@click.option("--no-reload", is_flag=True, help="Do not watch the sources.")
@_port_option
def dev_command(app_dir: Path, profile: str | None, device: str, page: str | None,
                queries: tuple[str, ...], data_dir: Path | None, user: str,
                host_spec: str | None, app_id: str | None, mocks: tuple[str, ...],
                no_reload: bool, port: int) -> None:
    """Open the desktop simulator (falls back to the browser preview without a display)."""
    from fanxing.runtime.devtools.desktop import display_problem, run_desktop

    driver = _driver(app_dir, profile, device, page, queries, data_dir, user, host_spec,
                     mocks, app_id=app_id)
    problem = display_problem()
    if problem:
        click.echo(f"fanxing dev: {problem}; serving the browser preview instead", err=True)
        _run(serve_preview(driver, port, hot_reload=not no_reload))
        return
    # the window does not need a fixed port: only a --port the user gave is honoured
    given = click.get_current_context().get_parameter_source("port")
    try:
        run_desktop(driver, hot_reload=not no_reload,
                    port=port if given is not ParameterSource.DEFAULT else 0,
                    on_url=lambda url: click.echo(f"fanxing dev: simulator at {url}"))
    except OSError as e:
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {e.strerror or e} "
                                   "(try --port 0)") from None


@click.command("screenshot")
@_app_options
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="PNG file to write.")
@click.option("--do", "actions", multiple=True, metavar="ACTION",
              help="tap:SEL, input:SEL=TEXT, answer:KIND=VALUE, wait:MS, back (in order).")
@click.option("--answer", "answers", multiple=True, metavar="KIND=CHOICE",
              help="Answer a host dialog without showing it, e.g. consent=allow, pay=6001; "
                   "a choice starting with { [ or \" is JSON.")
@click.option("--allow-errors", is_flag=True,
              help="Run the app even when some of its files do not compile.")
def screenshot_command(app_dir: Path, profile: str | None, device: str, page: str | None,
                       queries: tuple[str, ...], data_dir: Path | None, user: str, out: Path,
                       actions: tuple[str, ...], answers: tuple[str, ...],
                       allow_errors: bool) -> None:
    """Render a page in headless Chromium and write it as a PNG."""
    from fanxing.bridge.host import Answers
    from fanxing.runtime.devtools.screenshot import ScreenshotError, parse_action, screenshot_app

    try:
        steps = [parse_action(a) for a in actions]
        scripted = Answers.parse(list(answers), strict=True) if answers else None
    except ValueError as e:
        raise click.BadParameter(str(e)) from None
    route, query = _launch(page, queries)
    try:
        asyncio.run(screenshot_app(app_dir, out, page=route, query=query, profile=profile,
                                   device=device, actions=steps, data_dir=data_dir,
                                   user=user, scripted=scripted,
                                   allow_errors=allow_errors))
    except (ScreenshotError, ValueError) as e:
        click.echo(f"fanxing screenshot: {e}", err=True)
        sys.exit(1)
    click.echo(f"wrote {out}")


@click.command("demo")
@click.argument("app_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@_port_option
@click.option("--shot", type=click.Path(dir_okay=False, path_type=Path), default=DEMO_SHOT,
              show_default=True, help="Where the headless run writes its screenshot.")
def demo_command(app_dir: Path, port: int, shot: Path) -> None:
    """Show a sample: the desktop simulator, or (headless) the browser preview plus a
    screenshot of the first page. FANXING_DEMO_ONESHOT=1 exits once it is shown."""
    from fanxing.runtime.devtools.desktop import display_problem, run_desktop

    oneshot = os.environ.get("FANXING_DEMO_ONESHOT") == "1"
    driver = _driver(app_dir, None, "iphone-14", None, (), None, "default")
    problem = display_problem()
    if problem is None:
        def ready(window: Any) -> None:
            if oneshot:
                window.evaluate_js("FXSIM.sync()")
                window.destroy()

        run_desktop(driver, on_ready=ready, hot_reload=not oneshot,
                    on_url=lambda url: click.echo(f"fanxing demo: simulator window ({url})"))
        return
    click.echo(f"fanxing demo: {problem}; starting the browser preview", err=True)

    async def show(url: str) -> None:
        from fanxing.runtime.devtools.screenshot import ScreenshotError, capture

        try:
            await capture(url, shot, [])
            click.echo(f"fanxing demo: screenshot of the first page in {shot}")
        except ScreenshotError as e:
            click.echo(f"fanxing demo: no screenshot ({e})", err=True)
        if not oneshot:
            click.echo(f"open {url} in a browser to use the simulator")

    _run(serve_preview(driver, port, hot_reload=not oneshot, after_start=show,
                       forever=not oneshot))


COMMANDS = [preview_command, dev_command, screenshot_command, demo_command]
