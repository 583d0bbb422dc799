"""npm packages resolved as the tools' "build npm" step lays them out (compiler/npm.py)."""

from __future__ import annotations

import json
from pathlib import Path

from fanxing.compiler.build import compile_app


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _ui_package(dist_field: str | None) -> dict[str, str]:
    """A component library shipping an Alipay build (es/) and a WeChat build."""
    manifest = {"name": "ui-lib", "version": "1.0.0"}
    wx_dir = dist_field or "miniprogram_dist"
    if dist_field:
        manifest["miniprogram"] = dist_field
    base = "node_modules/ui-lib"
    return {
        f"{base}/package.json": json.dumps(manifest),
        f"{base}/es/Button/index.axml": "<view class='btn'>ali <slot/></view>",
        f"{base}/es/Button/index.js": "Component({})",
        f"{base}/es/Button/index.json": '{"component": true}',
        f"{base}/{wx_dir}/Button/index.wxml": "<view class='btn'>wx <slot/></view>",
        f"{base}/{wx_dir}/Button/index.js":
            "const { tag } = require('../util');\nComponent({data: {tag}})",
        f"{base}/{wx_dir}/Button/index.json": '{"component": true}',
        f"{base}/{wx_dir}/util.js": "module.exports = { tag: 'built' };",
        f"{base}/{wx_dir}/index.js": "module.exports = 'entry';",
    }


def _wechat_app(root: Path, component: str, extra_js: str = "") -> None:
    _write(root, {
        "project.config.json": "{}",
        "app.json": '{"pages": ["pages/index/index"]}',
        "app.js": f"App({{}});\n{extra_js}",
        "pages/index/index.json": json.dumps({"usingComponents": {"ui-button": component}}),
        "pages/index/index.wxml": "<ui-button>go</ui-button>",
        "pages/index/index.js": "Page({})",
    })


def test_wechat_uses_the_miniprogram_field_folder(tmp_path: Path) -> None:
    _write(tmp_path, _ui_package("compiled/wechat"))
    _wechat_app(tmp_path, "ui-lib/Button/index", "const e = require('ui-lib');")
    app = compile_app(tmp_path)
    assert app.ok, [d.format() for d in app.diagnostics]
    path = "node_modules/ui-lib/compiled/wechat/Button/index"
    assert app.pages["pages/index/index"].config.using_components["ui-button"] == path
    assert app.modules[f"{path}.js"].deps["../util"] == \
        "node_modules/ui-lib/compiled/wechat/util.js"
    assert app.modules["app.js"].deps["ui-lib"] == "node_modules/ui-lib/compiled/wechat/index.js"
    # only the built folder is listed, not the Alipay build beside it
    assert not any("/es/" in f for f in app.templates.sources)


def test_wechat_default_folder_is_miniprogram_dist(tmp_path: Path) -> None:
    _write(tmp_path, _ui_package(None))
    _wechat_app(tmp_path, "ui-lib/Button")
    app = compile_app(tmp_path)
    assert app.ok, [d.format() for d in app.diagnostics]
    assert app.pages["pages/index/index"].config.using_components["ui-button"] == \
        "node_modules/ui-lib/miniprogram_dist/Button/index"


def test_alipay_reads_node_modules_as_written(tmp_path: Path) -> None:
    _write(tmp_path, _ui_package("compiled/wechat"))
    _write(tmp_path, {
        "mini.project.json": "{}",
        "app.json": '{"pages": ["pages/index/index"]}',
        "app.js": "App({})",
        "pages/index/index.json": '{"usingComponents": {"ui-button": "ui-lib/es/Button/index"}}',
        "pages/index/index.axml": "<ui-button>go</ui-button>",
        "pages/index/index.js": "Page({})",
    })
    app = compile_app(tmp_path)
    assert app.ok, [d.format() for d in app.diagnostics]
    assert app.pages["pages/index/index"].config.using_components["ui-button"] == \
        "node_modules/ui-lib/es/Button/index"


def test_missing_package_says_which_npm_install(tmp_path: Path) -> None:
    _wechat_app(tmp_path, "ui-lib/Button/index", "require('left-pad');")
    (tmp_path / "package.json").write_text('{"dependencies": {"ui-lib": "^1.0.0"}}')
    app = compile_app(tmp_path)
    messages = {d.path: d for d in app.diagnostics if d.severity == "error"}
    js = messages["app.js"]
    assert (js.line, js.col) == (2, 9)
    assert "run `npm install left-pad`" in js.message
    comp = messages["pages/index/index.json"]
    assert "package.json lists 'ui-lib' but it is not installed: run `npm install`" \
        in comp.message


def test_built_miniprogram_npm_wins(tmp_path: Path) -> None:
    _write(tmp_path, _ui_package("compiled/wechat"))
    _write(tmp_path, {
        "miniprogram_npm/ui-lib/Button/index.wxml": "<view>prebuilt</view>",
        "miniprogram_npm/ui-lib/Button/index.js": "Component({})",
        "miniprogram_npm/ui-lib/Button/index.json": '{"component": true}',
    })
    _wechat_app(tmp_path, "ui-lib/Button/index")
    app = compile_app(tmp_path)
    assert app.ok, [d.format() for d in app.diagnostics]
    assert app.pages["pages/index/index"].config.using_components["ui-button"] == \
        "miniprogram_npm/ui-lib/Button/index"


def test_a_path_into_an_unbuilt_miniprogram_npm_reads_node_modules(tmp_path: Path) -> None:
    _write(tmp_path, _ui_package(None))
    _wechat_app(tmp_path, "../../miniprogram_npm/ui-lib/Button/index",
                "const util = require('./miniprogram_npm/ui-lib/util');")
    app = compile_app(tmp_path)
    assert app.ok, [d.format() for d in app.diagnostics]
    assert app.pages["pages/index/index"].config.using_components["ui-button"] == \
        "node_modules/ui-lib/miniprogram_dist/Button/index"
    assert app.modules["app.js"].deps["./miniprogram_npm/ui-lib/util"] == \
        "node_modules/ui-lib/miniprogram_dist/util.js"
