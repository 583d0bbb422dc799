"""Real public mini-programs through fanxing: compile, launch headless, render in Chromium.

For each app present under /tmp/realapps (weui-wxss ``dist/``, Dimina's
``fe/example/base`` and ``fe/example/subpackages``, miniprogram-demo's ``miniprogram/``;
apps that are missing are skipped) this prints:

* compile time and peak memory of one cold ``compile_app`` in a fresh process;
* pages that compile: no error diagnostic in the page's own files, its components
  (recursively) or the logic modules its script requires;
* pages that launch clean: ``fanxing.testing.launch(app, page=route)`` reports no app
  error (``MiniProgram.errors``) after the first render and 500 ms of timers;
* pages that render clean in Chromium: a page that compiles, the preview server
  (``AppDriver`` with ``allow_errors``) relaunched on it, the page frame shown and a
  screenshot taken with no client error (uncaught page error or ``console.error`` in the browser); app
  assets the page asked for that the preview server could not serve are counted apart;
* the most common causes of each kind of failure.

``python bench/realapps_bench.py [--app NAME] [--shots DIR] [--no-browser] [--limit N]``;
``--shots`` keeps every screenshot as ``DIR/<app>/<route with __>.png``. Never used by
tests; numbers only.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from compile_bench import fresh_process_run  # noqa: E402
from fanxing.compiler.build import CompiledApp, compile_app  # noqa: E402
from fanxing.testing import launch  # noqa: E402

REAL = Path("/tmp/realapps")
APPS = {
    "weui": REAL / "weui" / "dist",
    "dimina-base": REAL / "dimina" / "fe" / "example" / "base",
    "dimina-subpackages": REAL / "dimina" / "fe" / "example" / "subpackages",
    "demo": REAL / "demo" / "miniprogram",
    # the Alipay family (see ALIPAY_SETUP: the component libraries come from npm)
    "mini-antui": REAL / "mini-antui" / "examples",
    "mini-ali-ui": REAL / "mini-ali-ui-repo" / "demo",
    "morjs-alipay": REAL / "morjs" / "examples" / "alipay" / "src",
    # the same with App() for @morjs/core's aApp() (that package is not on the npm registry)
    "morjs-alipay-plain": REAL / "morjs-plain",
    "alipay-mini-shop": REAL / "alipay-mini-shop",
    "tmallgenie": REAL / "tmallgenie-miniapp-api-demo",
}
PROFILES = {"tmallgenie": "tmallgenie"}  # apps of a host other than their dialect's default
NPM = REAL / "npm"
# app -> (npm package whose es/ the app's pages reach as ../../es, or None; link node_modules)
ALIPAY_SETUP = {"mini-antui": "mini-antui", "mini-ali-ui": "mini-ali-ui", "morjs-alipay": None,
                "morjs-alipay-plain": None}
LAUNCH_SETTLE_MS = 500
TOP = 6


@dataclass
class AppReport:
    """What one app did at each stage; ``causes`` are failure texts per stage."""

    name: str
    pages: int = 0
    compiled: int = 0
    launched: int = 0
    rendered: int = 0
    rendered_of: int = 0
    missing_assets: int = 0
    causes: dict[str, collections.Counter[str]] = field(default_factory=lambda: {
        "compile": collections.Counter(), "launch": collections.Counter(),
        "render": collections.Counter(), "assets": collections.Counter()})


def _cause(text: str) -> str:
    """A failure message with its specifics blurred so that alike ones group."""
    first = (text or "").strip().splitlines()[0] if (text or "").strip() else "(empty)"
    first = re.sub(r"'[^']*'", "'…'", first)
    first = re.sub(r"\d+", "N", first)
    return first[:110]


def page_files(app: CompiledApp, route: str) -> set[str]:
    """Path stems (no extension) and module ids a page depends on."""
    stems = {route, *app.page_components(route)}
    modules, todo = set(), [s + ".js" for s in stems]
    while todo:
        mid = todo.pop()
        if mid in modules or mid not in app.modules:
            continue
        modules.add(mid)
        todo.extend(app.modules[mid].deps.values())
    return stems | {m.rsplit(".", 1)[0] for m in modules}


def compile_failures(app: CompiledApp) -> dict[str, str]:
    """{route: first error} for the pages whose own build has an error."""
    errors = [d for d in app.diagnostics if d.severity == "error"]
    failed: dict[str, str] = {}
    for route in app.pages:
        stems = page_files(app, route)
        for d in errors:
            own = d.path.rsplit(".", 1)[0] in stems
            named = d.path.endswith("app.json") and f"'{route}'" in d.message
            if own or named:
                failed[route] = d.message
                break
    return failed


def launch_failures(app: CompiledApp, routes: list[str], data_dir: Path,
                    profile: str | None = None) -> dict[str, str]:
    """{route: first app error} for the pages that report errors when opened headless."""
    failed: dict[str, str] = {}
    for route in routes:
        try:
            with launch(app, page=route, data_dir=data_dir, settle_ms=LAUNCH_SETTLE_MS,
                        profile=profile) as mp:
                if mp.errors:
                    failed[route] = mp.errors[0].get("message") or str(mp.errors[0])
        except Exception as e:  # the harness itself failing is a failure cause too
            failed[route] = f"{type(e).__name__}: {e}"
    return failed


async def browser_failures(root: Path, routes: list[str], shots: Path | None, data_dir: Path,
                           profile: str | None = None
                           ) -> tuple[dict[str, str], dict[str, list[str]]]:
    """({route: first client error}, {route: [asset URLs that failed]}) in Chromium."""
    from fanxing.runtime.devtools.chromium import launch_options
    from fanxing.runtime.devtools.driver import AppDriver
    from fanxing.runtime.devtools.preview_server import PreviewServer
    from playwright.async_api import async_playwright

    driver = AppDriver(root, data_dir=data_dir, allow_errors=True, profile=profile)
    server = PreviewServer(driver)
    url = await server.start()
    failed: dict[str, str] = {}
    assets: dict[str, list[str]] = {}
    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(**launch_options())
            page = await browser.new_page(viewport={"width": 1200, "height": 1000})
            page.set_default_timeout(10_000)
            current: dict[str, list[str]] = {"errors": [], "assets": []}
            page.on("pageerror", lambda e: current["errors"].append(str(e)))
            page.on("console", lambda m: m.type == "error" and not m.text.startswith(
                "Failed to load resource") and current["errors"].append(m.text))
            page.on("response", lambda r: r.status >= 400 and r.url.startswith(url)
                    and current["assets"].append(r.url[len(url) - 1:]))
            await page.goto(f"{url}&shot=1")  # url carries ?token=
            await page.wait_for_function("window.FXSIM && FXSIM.connected")
            for route in routes:
                current["errors"], current["assets"] = [], []
                try:
                    await page.evaluate("r => FXSIM.command('relaunch', {page: r})", route)
                    await page.evaluate("FXSIM.sync()")
                    await page.wait_for_selector(
                        f'#fx-app .fx-page-frame[data-route="{route}"]', state="visible",
                        timeout=5000)
                    await page.wait_for_timeout(60)  # images and fonts
                    if shots is not None:
                        shots.mkdir(parents=True, exist_ok=True)
                        await page.locator("#sim-frame").screenshot(
                            path=str(shots / (route.replace("/", "__") + ".png")))
                except Exception as e:  # timeouts: the page never showed
                    current["errors"].append(f"{type(e).__name__}: {str(e).splitlines()[0]}")
                if current["errors"]:
                    failed[route] = current["errors"][0]
                if current["assets"]:
                    assets[route] = list(current["assets"])
            await browser.close()
    finally:
        await server.close()
    return failed, assets


def prepare_alipay_apps() -> None:
    """Install the Alipay component libraries from npm once (``REAL/npm``) and give each
    app of ALIPAY_SETUP what its pages expect: ``node_modules`` beside ``app.json`` and,
    for the libraries' own example apps, the package's ``es/`` where the pages reach it."""
    from fanxing.compiler.nodejs import npm_command

    modules = NPM / "node_modules"
    if not (modules / "mini-ali-ui").is_dir():
        NPM.mkdir(parents=True, exist_ok=True)
        (NPM / "package.json").write_text('{"private": true}')
        subprocess.run([*npm_command(), "install", "--no-audit", "--no-fund",
                        "antd-mini", "mini-ali-ui", "mini-antui"], cwd=NPM, check=True)
    morjs, plain = APPS["morjs-alipay"], APPS["morjs-alipay-plain"]
    if (morjs / "app.json").is_file() and not plain.exists():
        shutil.copytree(morjs, plain, symlinks=True)
        app_js = plain / "app.js"
        app_js.write_text(app_js.read_text().replace(
            "import { aApp } from '@morjs/core'", "").replace("aApp(", "App("))
    for name, package in ALIPAY_SETUP.items():
        root = APPS[name]
        if not (root / "app.json").is_file():
            continue
        link = root / "node_modules"
        if not link.exists():
            link.symlink_to(modules)
        if package and not (root / "es").exists():
            shutil.copytree(modules / package / "es", root / "es")


def run_app(name: str, root: Path, *, browser: bool, shots: Path | None,
            limit: int | None) -> AppReport:
    """Every stage for one app."""
    rep = AppReport(name)
    seconds, peak = fresh_process_run(root)
    app = compile_app(root)
    routes = list(app.pages)[:limit] if limit else list(app.pages)
    rep.pages = len(routes)
    bad = {r: m for r, m in compile_failures(app).items() if r in routes}
    rep.compiled = len(routes) - len(bad)
    rep.causes["compile"].update(_cause(m) for m in bad.values())
    print(f"{name:<20} compile {seconds * 1000:7.0f} ms  {peak:5.0f} MiB peak  "
          f"{rep.compiled}/{rep.pages} pages compile", flush=True)
    with tempfile.TemporaryDirectory(prefix="fx-realapps-") as tmp:
        failed = launch_failures(app, routes, Path(tmp) / "launch", PROFILES.get(name))
        rep.launched = len(routes) - len(failed)
        rep.causes["launch"].update(_cause(m) for m in failed.values())
        print(f"{'':<20} launch clean {rep.launched}/{rep.pages}", flush=True)
        if browser:
            failed, assets = asyncio.run(browser_failures(
                app.root, routes, shots / name if shots else None, Path(tmp) / "browser",
                PROFILES.get(name)))
            # a page that did not compile shows an error, not the app: not counted as clean
            rep.rendered_of = len(routes)
            rep.rendered = len([r for r in routes if r not in failed and r not in bad])
            rep.missing_assets = len(assets)
            rep.causes["render"].update(_cause(m) for m in failed.values())
            rep.causes["assets"].update(u for urls in assets.values() for u in set(urls))
            print(f"{'':<20} render clean {rep.rendered}/{rep.rendered_of}   "
                  f"pages with missing assets {rep.missing_assets}", flush=True)
    for stage, counter in rep.causes.items():
        for text, n in counter.most_common(TOP):
            print(f"{'':<20}   {stage:<7} {n:4d} x {text}")
    return rep


def main(argv: list[str] | None = None) -> None:
    """Print the figures for every real app present."""
    ap = argparse.ArgumentParser(prog="realapps_bench")
    ap.add_argument("--app", action="append", choices=sorted(APPS), help="only these apps")
    ap.add_argument("--shots", type=Path, help="keep every screenshot under this folder")
    ap.add_argument("--no-browser", action="store_true", help="skip the Chromium stage")
    ap.add_argument("--limit", type=int, help="only the first N pages of each app")
    args = ap.parse_args(argv or [])
    prepare_alipay_apps()
    present = {n: p for n, p in APPS.items()
               if (p / "app.json").is_file() and (not args.app or n in args.app)}
    if not present:
        print("(no real apps under /tmp/realapps; see bench/realapps_bench.py)")
        return
    reports = [run_app(n, p, browser=not args.no_browser, shots=args.shots, limit=args.limit)
               for n, p in present.items()]
    print(f"\n{'app':<20} {'pages':>5} {'compile':>8} {'launch':>8} {'render':>8}")
    for r in reports:
        render = f"{r.rendered}" if r.rendered_of else "-"
        print(f"{r.name:<20} {r.pages:5d} {r.compiled:8d} {r.launched:8d} {render:>8}")


if __name__ == "__main__":
    main(sys.argv[1:])
