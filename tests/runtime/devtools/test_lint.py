"""``fanxing lint``: each audit on an app made to trip it, through the CLI (text, JSON,
SARIF, exit codes) and ``lint_app``; a fresh ``fanxing init`` project is clean."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from fanxing.runtime.cli.main import main
from fanxing.runtime.devtools.lint import RULES, lint_app


def invoke(*args: str):
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    raw = b"".join(b"\0" + b"\0" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return root


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    """A WeChat app with one of each problem."""
    app = write(tmp_path / "messy", {
        "app.json": json.dumps({"pages": ["pages/index/index", "pages/lost/lost",
                                          "pages/big/big"]}),
        "app.js": "App({});",
        "pages/index/index.json": json.dumps({"usingComponents": {"card": "/comps/card/card",
                                                                 "spare": "/comps/card/card"}}),
        "pages/index/index.wxml": (
            '<view wx:for="{{items}}" class="row">{{item}}</view>\n'
            '<veiw class="typo" bindtpa="go">x</veiw>\n'
            '<view wx:fi="{{a}}">y</view>\n'
            '<card title="t" />\n'
            '<image src="/images/banner.png" style="width: 100px; height: 20px" />\n'
            '<navigator url="/pages/big/big" bindtpa="go" bindlongpress="go">big</navigator>\n'
            '<view bindmyevent="go" bind:sparkle="go">rare events stay quiet</view>\n'),
        "pages/index/index.js": (
            "Page({\n  data: { items: [1, 2] },\n  onLoad() {\n"
            "    const info = wx.getSystemInfoSync();\n"
            "    wx.getLocaton({});\n"
            "    // wx.getUserProfile() in a comment is not a call\n"
            "  },\n});\n"),
        "pages/lost/lost.wxml": "<view>lost</view>",
        "pages/lost/lost.js": "Page({});",
        "pages/big/big.wxml": '<view wx:for="{{rows}}" wx:key="*this">{{item}}</view>',
        "pages/big/big.js": (
            "Page({\n  data: { rows: [] },\n  onLoad() {\n"
            "    this.setData({ rows: Array.from({ length: 1200 }, (_, i) => i) });\n"
            "    this.setData({ blob: 'x'.repeat(300 * 1024) });\n"
            "    let n = 0;\n"
            "    const t = setInterval(() => { this.setData({ n: ++n }); "
            "if (n > 40) clearInterval(t); }, 10);\n  },\n});\n"),
        "comps/card/card.json": '{"component": true}',
        "comps/card/card.wxml": "<view>{{title}}</view>",
        "comps/card/card.js": "Component({ properties: { title: String } });",
        "images/banner.png": png(1200, 200),
        "images/unused.png": png(4, 4),
    })
    with open(app / "images/huge.bin", "wb") as f:  # sparse: 2.5 MB on paper
        f.truncate(2_500_000)
    return app


def test_every_audit_fires_on_the_messy_app(messy: Path, tmp_path: Path) -> None:
    report = lint_app(messy, data_dir=tmp_path / "data")
    by_rule: dict[str, list[str]] = {}
    for f in report.findings:
        by_rule.setdefault(f.rule, []).append(f"{f.path}:{f.line}:{f.col}: {f.message}")
    text = json.dumps(by_rule, indent=1)
    assert any(m.startswith("pages/index/index.wxml:1:7: <view wx:for>")
               for m in by_rule["for-without-key"]), text
    assert any("unknown tag <veiw> (did you mean 'view'?)" in m for m in by_rule["unknown-tag"])
    assert by_rule["compile"] == [  # the compiler's own warning, once
        "pages/index/index.wxml:3:7: unknown directive wx:fi (did you mean 'wx:if'?)"], text
    assert any("<spare> is declared" in m for m in by_rule["unused-component"]), text
    # only on built-in tags (a custom tag's events are its own), only when close to one
    assert by_rule["unknown-event"] == [
        "pages/index/index.wxml:6:33: <navigator> sends no 'tpa' event (did you mean 'tap'?)"
    ], text
    assert by_rule["unused-page"] == [
        "app.json:1:33: page 'pages/lost/lost' is never opened: no navigation, link or tab "
        "refers to it"], text
    assert any(m.startswith("images/unused.png") for m in by_rule["unused-file"]), text
    assert not any("banner" in m for m in by_rule["unused-file"])
    assert by_rule["package-size"][0].startswith("app.json:1:2: main package is"), text
    assert any(m.startswith("pages/index/index.js:4:18: wx.getSystemInfoSync is deprecated")
               for m in by_rule["deprecated-api"]), text
    assert not any("getUserProfile" in m for m in by_rule.get("deprecated-api", []))
    assert any("wx.getLocaton is not an API of any wechat profile (did you mean "
               "'wx.getLocation'?)" in m for m in by_rule["unknown-api"]), text
    assert any("pages/big/big has 12" in m for m in by_rule["page-nodes"]), text
    assert any("setData call(s) over 256 KB" in m for m in by_rule["setdata-size"]), text
    assert any("setData calls within one second" in m for m in by_rule["setdata-rate"]), text
    assert any(m.startswith("images/banner.png") and "1200x200" in m and "100 px" in m
               for m in by_rule["image-oversize"]), text
    assert report.stats["pages/big/big"]["nodes"] > 1000
    assert report.stats["pages/big/big"]["setDataPeakPerSecond"] > 20


def test_missing_apis_per_profile_unless_guarded(tmp_path: Path) -> None:
    app = write(tmp_path / "ali", {
        "app.json": '{"pages": ["pages/index/index"]}',
        "app.js": "App({});",
        "utils/caps.js": "export const canPhone = my.canIUse('getPhoneNumber');\n",
        "pages/index/index.axml": "<view onTap=\"go\">go</view>",
        "pages/index/index.js": (
            "import { canPhone } from '../../utils/caps';\n"
            "Page({\n  go() {\n    if (canPhone) my.getPhoneNumber({});\n"
            "    my.tb.openCart({});\n  },\n});\n"),
    })
    report = lint_app(app, run=False)
    missing = [f for f in report.findings if f.rule == "missing-api"]
    assert [(f.path, f.line, f.col) for f in missing] == [("pages/index/index.js", 5, 5)]
    assert "my.tb.openCart is missing in alipay, amap, dingtalk, tmallgenie" in missing[0].message
    # aiming at Taobao alone: nothing is missing there
    report = lint_app(app, run=False, profiles=["taobao"])
    assert not [f for f in report.findings if f.rule == "missing-api"]


def test_cli_text_json_sarif_and_exit_codes(messy: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(messy.parent)
    result = invoke("lint", "messy", "--no-run")
    assert result.exit_code == 1  # the package over 2 MB is an error
    lines = result.stdout.splitlines()
    assert "messy/pages/index/index.wxml:2:2: warning: unknown tag <veiw> (did you mean " \
           "'view'?): not a built-in component and not in usingComponents [unknown-tag]" in lines
    assert lines[-1].startswith("1 error(s),")
    assert invoke("lint", "messy", "--no-run", "--fail-on", "never").exit_code == 0
    only = invoke("lint", "messy", "--no-run", "--rule", "for-without-key",
                  "--fail-on", "warning")
    assert only.exit_code == 1 and len(only.stdout.splitlines()) == 2
    data = json.loads(invoke("lint", "messy", "--no-run", "--format", "json").stdout)
    assert data["summary"]["error"] == 1 and data["app"] == "messy"
    assert all(f["path"].startswith("messy/") for f in data["findings"])
    out = tmp_path / "lint.sarif"
    invoke("lint", "messy", "--no-run", "--format", "sarif", "-o", str(out))
    sarif = json.loads(out.read_text())
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert ids == list(RULES)
    for res in run["results"]:
        assert ids[res["ruleIndex"]] == res["ruleId"]
        assert res["level"] in ("error", "warning", "note")
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"].startswith("messy/")
    assert invoke("lint", "messy", "--rule", "nope").exit_code == 2


def test_a_new_project_lints_clean(tmp_path: Path) -> None:
    for dialect in ("wechat", "alipay"):
        app = tmp_path / dialect
        assert invoke("init", str(app), "--dialect", dialect, "--template", "tabs").exit_code == 0
        result = invoke("lint", str(app), "--fail-on", "note")
        assert result.exit_code == 0, result.stdout
        assert result.stdout.strip() == "no problems found"


def test_extended_lib_and_xr_frame_tags_are_known(tmp_path: Path) -> None:
    app = write(tmp_path / "ext", {
        "app.json": json.dumps({"pages": ["pages/index/index"],
                                "useExtendedLib": {"weui": True}}),
        "app.js": "App({});",
        "pages/index/index.wxml": ("<mp-cell title=\"a\" />\n<xr-scene><xr-node /></xr-scene>\n"
                                   "<pan-gesture-handler><view /></pan-gesture-handler>\n"
                                   "<recycle-veiw />"),
        "pages/index/index.js": "Page({});",
    })
    tags = [f.message for f in lint_app(app, run=False).findings if f.rule == "unknown-tag"]
    assert len(tags) == 1 and tags[0].startswith("unknown tag <recycle-veiw>"), tags


def test_an_error_every_page_hits_is_reported_once_at_its_source(tmp_path: Path) -> None:
    app = write(tmp_path / "err", {
        "app.json": json.dumps({"pages": ["pages/a/a", "pages/b/b"]}),
        "app.js": "App({\n  onLaunch() {\n    const cfg = null;\n    cfg.read();\n  },\n});\n",
        "pages/a/a.wxml": "<navigator url=\"/pages/b/b\">b</navigator>", "pages/a/a.js": "Page({});",
        "pages/b/b.wxml": "<view>b</view>", "pages/b/b.js": "Page({});",
    })
    errors = [f for f in lint_app(app, data_dir=tmp_path / "d").findings if f.rule == "run-error"]
    assert [(f.path, f.line, f.col) for f in errors] == [("app.js", 4, 5)], errors
    assert "(on pages/a/a and 1 more page(s), in App.onLaunch)" in errors[0].message
