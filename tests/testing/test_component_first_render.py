"""A component's first render already has its initial data (as on the platforms)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fanxing.testing import launch

WXS = "module.exports = { count: function (items) { return items.length; } };"

APPS = {
    "wechat": {
        "project.config.json": {"appid": "first-render"},
        "app.json": {"pages": ["pages/index/index"]},
        "app.js": "App({});",
        "pages/index/index.json": {"usingComponents": {"counter": "/components/counter/counter"}},
        "pages/index/index.wxml": "<counter label='Fruit'/>",
        "pages/index/index.js": "Page({});",
        "components/counter/counter.json": {"component": True},
        "components/counter/counter.wxml":
            "<wxs module='m' src='./count.wxs'/><view class='n'>{{label}}: {{m.count(items)}}</view>",
        "components/counter/count.wxs": WXS,
        "components/counter/counter.js":
            "Component({ properties: { label: String }, data: { items: ['a', 'b', 'c'] } });",
    },
    "alipay": {
        "mini.project.json": {"format": 2},
        "app.json": {"pages": ["pages/index/index"]},
        "app.js": "App({});",
        "pages/index/index.json": {"usingComponents": {"counter": "/components/counter/counter"}},
        "pages/index/index.axml": "<counter label='Fruit'/>",
        "pages/index/index.js": "Page({});",
        "components/counter/counter.json": {"component": True},
        "components/counter/counter.axml":
            "<import-sjs name='m' from='./count.sjs'/>"
            "<view class='n'>{{props.label}}: {{m.count(items)}}</view>",
        "components/counter/count.sjs":
            "export default { count: function (items) { return items.length; } };",
        "components/counter/counter.js":
            "Component({ props: { label: '' }, data: { items: ['a', 'b', 'c'] } });",
    },
}


def write(root: Path, files: dict) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content) if isinstance(content, dict) else content, "utf-8")
    return root


@pytest.mark.parametrize("dialect", ["wechat", "alipay"])
def test_component_template_never_renders_without_its_data(tmp_path, dialect):
    app = write(tmp_path / "app", APPS[dialect])
    with launch(app, data_dir=tmp_path / "data") as mp:
        # Rendering before the instance existed would call count(undefined) and throw.
        assert mp.errors == []
        assert mp.page.get(".n").text == "Fruit: 3"
