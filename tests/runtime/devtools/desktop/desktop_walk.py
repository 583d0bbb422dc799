"""Run by test_desktop_xvfb.py in its own process (pywebview wants the main thread):
open the simulator window on an app, click through it with evaluate_js, screenshot the
X screen with ImageMagick's ``import`` and write what it saw as JSON."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from fanxing.runtime.devtools.desktop import run_desktop
from fanxing.runtime.devtools.driver import AppDriver

app_dir, data_dir, out_dir = (Path(a) for a in sys.argv[1:4])
report: dict = {"steps": []}


def js(window, code: str):
    return window.evaluate_js(code)


def until(window, code: str, timeout: float = 15.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = js(window, code)
        if value:
            return value
        time.sleep(0.05)
    raise TimeoutError(code)


def sync(window) -> None:
    token = js(window, "window.__n = (window.__n || 0) + 1; "
                       "(function (n) { FXSIM.sync().then(function () { window.__done = n; }); })"
                       "(window.__n); window.__n")
    until(window, f"window.__done >= {token}")


def shot(window, name: str) -> str:
    # let Qt paint what the DOM now holds before grabbing the X screen
    js(window, "window.__painted = false; requestAnimationFrame(() => "
               "requestAnimationFrame(() => { window.__painted = true; }))")
    until(window, "window.__painted")
    time.sleep(0.5)
    path = out_dir / name
    subprocess.run(["import", "-window", "root", str(path)], check=True)
    return str(path)


def walk(window) -> None:
    try:
        until(window, "!!(window.FXSIM && FXSIM.connected && "
                      "document.querySelector('#fx-app .fx-page-frame .add-input'))")
        sync(window)
        for text in ("Buy milk", "Call mom"):
            js(window, f"""(function () {{
                var box = document.querySelector('#fx-app .fx-page-frame .add-input');
                var el = box.matches('input') ? box : box.querySelector('input');
                el.value = {json.dumps(text)};
                el.dispatchEvent(new Event('input', {{bubbles: true}}));
            }})()""")
            sync(window)
            js(window, "document.querySelector('#fx-app .fx-page-frame .add-btn').click()")
            sync(window)
        report["items"] = js(window, "Array.from(document.querySelectorAll("
                                     "'#fx-app .fx-page-frame todo-item')).map(e => e.textContent.trim())")
        report["appdata"] = js(window, "JSON.stringify(FXSIM.data.data.todos.map(t => t.text))")
        report["storage"] = js(window, "Object.keys(FXSIM.storage)")
        report["console"] = js(window, "FXSIM.console.map(l => l.text + ' @ ' + l.source)")
        report["shots"] = [shot(window, "desktop-todo.png")]
        js(window, "FXSIM.command('relaunch', {profile: 'taobao', keepPage: true})")
        until(window, "FXSIM.state.profile === 'taobao'")
        sync(window)
        report["profile"] = js(window, "FXSIM.state.profile")
        report["host"] = js(window, "document.querySelector('.sim-hostname').textContent")
        report["generation"] = js(window, "FXSIM.generation")
        report["empty"] = js(window, "!!document.querySelector('#fx-app .fx-page-frame .empty')")
        report["shots"].append(shot(window, "desktop-taobao.png"))
    except Exception as e:  # report, then close the window in any case
        report["error"] = f"{type(e).__name__}: {e}"
    finally:
        window.destroy()


run_desktop(AppDriver(app_dir, data_dir=data_dir), on_ready=walk, hot_reload=False)
(out_dir / "report.json").write_text(json.dumps(report, ensure_ascii=False), "utf-8")
