"""``fanxing render``: headless runs with actions, HTML/JSON output, exit codes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from fanxing.runtime.cli.main import main
from fanxing.runtime.devtools.render_run import parse_action

ROOT = Path(__file__).resolve().parents[3]
TODO_WX = str(ROOT / "samples" / "todo-wechat")
TODO_MY = str(ROOT / "samples" / "todo-alipay")
FIX_WX = str(ROOT / "tests" / "fixtures" / "harness-wechat")
FIX_MY = str(ROOT / "tests" / "fixtures" / "harness-alipay")


def render(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["render", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("app", [TODO_WX, TODO_MY])
def test_html_after_actions(app, tmp_path):
    code, out, err = render(app, "--data-dir", str(tmp_path),
                            "--do", "input:.add-input=Buy <milk>",
                            "--do", "tap:.add-btn", "--do", "tap:todo-item .check")
    assert code == 0, err
    assert out.startswith('<view class="page">\n')
    assert "<text class=\"text\">Buy &lt;milk&gt;</text>" in out
    assert '<checkbox class="check" checked="true"/>' in out
    assert "1 of 1 done" in out
    assert "fx-c" not in out


@pytest.mark.parametrize("app", [TODO_WX, TODO_MY])
def test_json_navigate_and_back(app, tmp_path):
    code, out, _ = render(app, "--data-dir", str(tmp_path), "--format", "json",
                          "--do", "input:.add-input=tea", "--do", "tap:.add-btn",
                          "--do", "tap:todo-item .body")
    assert code == 0
    doc = json.loads(out)
    assert set(doc) >= {"route", "data", "html", "console", "errors", "api_calls"}
    assert doc["route"] == "pages/detail/detail"
    assert doc["query"] == {"id": "1"}
    assert doc["data"]["todo"]["text"] == "tea"
    assert any(c["name"].endswith("navigateTo") for c in doc["api_calls"])
    assert doc["console"][0]["args"][0] == "todo app launched"
    code, out, _ = render(app, "--data-dir", str(tmp_path), "--format", "json",
                          "--page", "pages/detail/detail", "--query", "id=1")
    assert json.loads(out)["data"]["todo"]["text"] == "tea"  # storage persisted
    code, out, _ = render(app, "--data-dir", str(tmp_path), "--format", "json",
                          "--user", "someone-else", "--page", "pages/detail/detail",
                          "--query", "id=1")
    assert json.loads(out)["data"]["todo"] is None  # another user's storage


def test_wait_back_and_change_actions(tmp_path):
    code, out, _ = render(FIX_WX, "--data-dir", str(tmp_path), "--format", "json",
                          "--settle", "0", "--page", "pages/errors/errors",
                          "--do", "tap:.later", "--do", "wait:300")
    assert json.loads(out)["data"]["ticks"] == 1
    code, out, _ = render(FIX_WX, "--data-dir", str(tmp_path), "--format", "json",
                          "--page", "pages/forms/forms", "--do", "change:.sl=42",
                          "--do", "change:.cg=[\"apple\"]", "--do", "submit:.f")
    sent = json.loads(out)["data"]["submitted"]
    assert sent["volume"] == 42 and sent["fruits"] == ["apple"]
    code, out, _ = render(FIX_WX, "--data-dir", str(tmp_path), "--format", "json",
                          "--page", "pages/forms/forms", "--do", "tap:.nav", "--do", "back")
    assert json.loads(out)["route"] == "pages/forms/forms"


def test_app_errors_are_reported_and_strict_fails(tmp_path):
    args = [FIX_MY, "--data-dir", str(tmp_path), "--page", "pages/errors/errors",
            "--do", "tap:.boom", "--do", "tap:.ok"]
    code, out, err = render(*args)
    assert code == 0
    # the place in the app's source, relative to the current folder, printed once
    lines = [line for line in err.splitlines() if "kaboom" in line]
    assert len(lines) == 1, err
    assert re.match(r"^\S*pages/errors/errors\.js:\d+:\d+: error: Error: kaboom \(in boom\)$",
                    lines[0]), lines
    assert "ok 1" in out  # the run went on
    code, out, err = render(*args, "--strict")
    assert code == 1
    assert "--strict" in err
    code, out, _ = render(*args, "--format", "json")
    assert json.loads(out)["errors"][0]["where"]["handler"] == "boom"


def test_answers(tmp_path):
    code, out, _ = render(FIX_MY, "--data-dir", str(tmp_path), "--format", "json",
                          "--page", "pages/api/api", "--answer", "pay=6001",
                          "--do", "tap:.pay")
    assert json.loads(out)["data"]["result"] == "pay 6001"
    code, _, err = render(FIX_MY, "--answer", "nonsense")
    assert code == 2 and "KIND=CHOICE" in err


SETTINGS_APP = {
    "app.json": '{"pages": ["pages/s/s"]}',
    "app.js": "App({});",
    "pages/s/s.json": "{}",
    "pages/s/s.wxml": '<button class="open" bindtap="open">settings</button>',
    "pages/s/s.js": """Page({
        data: { auth: null },
        open() { wx.openSetting({ success: (r) => this.setData({ auth: r.authSetting }) }); },
    });""",
}


def test_answer_takes_a_json_choice(tmp_path):
    for rel, text in SETTINGS_APP.items():
        (tmp_path / "app" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "app" / rel).write_text(text, encoding="utf-8")
    args = [str(tmp_path / "app"), "--data-dir", str(tmp_path / "data"), "--format", "json",
            "--do", "tap:.open"]
    code, out, err = render(*args, "--answer", 'openSetting={"scope.userLocation": true}')
    assert code == 0, err
    assert json.loads(out)["data"]["auth"]["scope.userLocation"] is True
    code, out, err = render(*args, "--answer", 'openSetting={"scope.userLocation": false}')
    assert json.loads(out)["data"]["auth"]["scope.userLocation"] is False
    code, _, err = render(*args, "--answer", "openSetting={scope.userLocation: true}")
    assert code == 2 and "not valid JSON" in err and "--answer" in err


@pytest.mark.parametrize(("args", "message"), [
    (["--do", "tap:.nope"], "action 1 (tap:.nope): no node matches '.nope' on pages/index/index"),
    (["--page", "pages/zz/zz"], 'page "pages/zz/zz" does not exist'),
    (["--do", "frob:x"], "unknown action 'frob'"),
    (["--do", "input:.add-input"], "expected input:SELECTOR=VALUE"),
    (["--do", "tap:[["], "selector '[['"),
    (["--do", "wait:soon"], "'soon' is not a number"),
    (["--profile", "nope"], "unknown profile 'nope'"),
])
def test_runs_that_cannot_happen_exit_1(tmp_path, args, message):
    code, out, err = render(TODO_WX, "--data-dir", str(tmp_path), *args)
    assert code == 1
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_compile_failure_prints_diagnostics(tmp_path):
    app = tmp_path / "app"
    (app / "pages" / "index").mkdir(parents=True)
    (app / "project.config.json").write_text('{"appid": "x"}')
    (app / "app.json").write_text('{"pages": ["pages/index/index"]}')
    (app / "app.js").write_text("App({});")
    (app / "pages" / "index" / "index.js").write_text("Page({});")
    (app / "pages" / "index" / "index.wxml").write_text("<view>{{ a + }}</view>")
    code, out, err = render(str(app), "--data-dir", str(tmp_path / "d"))
    assert code == 1 and out == ""
    assert "pages/index/index.wxml:1:" in err
    assert "does not compile" in err


def test_parse_action_keeps_equals_inside_brackets():
    a = parse_action("input:[data-id=3] .field=a=b")
    assert (a.kind, a.selector, a.value) == ("input", "[data-id=3] .field", "a=b")
    assert parse_action("back").kind == "back"
    with pytest.raises(ValueError, match="takes nothing"):
        parse_action("back:1")


def test_screenshot_actions_use_the_same_parser():
    from fanxing.runtime.devtools.screenshot import parse_action as shot_action

    a = shot_action("input:[name=q] input=a=b")  # was split at the first "=" before
    assert (a.kind, a.selector, a.value) == ("input", "[name=q] input", "a=b")
    a = shot_action("answer:consent=allow")
    assert (a.kind, a.selector, a.value) == ("answer", "consent", "allow")
    assert shot_action("wait:500").value == "500"
    with pytest.raises(ValueError, match="wait takes milliseconds"):
        shot_action("wait:soon")
    with pytest.raises(ValueError, match="unknown action 'submit'"):
        shot_action("submit:.f")  # a render action, not a screenshot one


def test_installed_command_runs(tmp_path):
    exe = Path(sys.executable).with_name("fanxing")
    proc = subprocess.run([str(exe), "render", TODO_WX, "--data-dir", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Nothing to do." in proc.stdout


DEVDAY_WX = str(ROOT / "tests" / "fixtures" / "devday-wechat")
ITEMS_JSON = str(ROOT / "tests" / "fixtures" / "devday-items.json")


def test_mock_flag_answers_onload_requests_and_apis(tmp_path):
    code, out, err = render(DEVDAY_WX, "--data-dir", str(tmp_path), "--format", "json",
                            "--mock", f"GET https://api.example.com/items=@{ITEMS_JSON}",
                            "--mock", 'wx.getLocation={"latitude": 1.5, "longitude": 2}',
                            "--do", "tap:.more",
                            "--mock", 'POST https://api.example.com/*=500 [{"id": 9, "title": "X"}]')
    assert code == 0, err
    result = json.loads(out)
    assert [i["title"] for i in result["data"]["items"]] == ["Tea", "Cake", "X"]
    assert result["data"]["where"] == "1.5,2" and result["data"]["status"] == 500
    assert [(n["method"], n["status"], n["mock"]) for n in result["network"]] == [
        ("GET", 200, "https://api.example.com/items"), ("POST", 500, "https://api.example.com/*")]


def test_mock_flag_errors_and_url_check(tmp_path):
    code, _, err = render(DEVDAY_WX, "--data-dir", str(tmp_path), "--mock", "wx.getLocaton={}")
    assert code == 1 and "did you mean 'wx.getLocation'" in err
    code, _, err = render(DEVDAY_WX, "--data-dir", str(tmp_path), "--mock", "nothing")
    assert code == 1 and "expected KEY=VALUE" in err
    code, _, err = render(DEVDAY_WX, "--data-dir", str(tmp_path),
                          "--mock", "https://api.example.com/items=@missing.json")
    assert code == 1 and "cannot read" in err
    code, out, err = render(DEVDAY_WX, "--data-dir", str(tmp_path), "--format", "json",
                            "--url-check", "cdn.example.com",
                            "--mock", "https://api.example.com/items=[]")
    assert code == 0, err
    assert "url not in domain list" in json.loads(out)["data"]["error"]
