"""Shared and cached build work gives the same build as compiling everything afresh.

``compile_app`` shares the compiled form of style sources used more than once in a build
(``SHARE_WITHIN_BUILD``), and a ``BuildCache`` carries per-file work to the next build of
the app (hot reload). Every output is compared: CSS, template sources, module code and
deps, units, and every diagnostic the sink received, in order.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from app_factory import write_tree
from fanxing.compiler import build
from fanxing.compiler.build import CompiledApp, compile_app
from fanxing.compiler.build_cache import BuildCache
from fanxing.compiler.diagnostics import DiagnosticSink

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

BASE_WXSS = """@import "./reset.wxss";
.btn { width: 10rpx; height: 5vh }
:host { display: block }
:host(.on) { color: red }
view { margin: 0 }
.bad { 1px: x }
@media (min-width: 100rpx) { .m { width: 2rpx } }
@import "./late.wxss";
"""

SHARED_APP: dict[str, Any] = {
    "app.json": {"pages": ["pages/a/a", "pages/b/b", "pages/c/c", "pages/d/d"],
                 "usingComponents": {"card": "/comp/card/card", "shared": "/comp/shared/shared"}},
    "app.js": "App({});\n",
    "app.wxss": '@import "common/reset.wxss";\n.app { color: #333 }\n',
    "common/base.wxss": BASE_WXSS,
    "common/reset.wxss": "page { background: #fff }\n.r { padding: 1rpx }\n",
    "common/copy.wxss": "page { background: #fff }\n.r { padding: 1rpx }\n",
    "common/late.wxss": ".late { top: 0 }\n",
    "common/x.wxss": '@import "./y.wxss";\n.x { left: 0 }\n',
    "common/y.wxss": '@import "./x.wxss";\n.y { left: 1px }\n',
    "pages/a/a.wxss": '@import "../../common/base.wxss";\n.a { color: blue }\n',
    "pages/b/b.wxss": ('@import "/common/base.wxss" screen;\n@import "../../common/reset.wxss";\n'
                       ".b { color: green }\n"),
    "pages/c/c.wxss": '@import "../../common/copy.wxss"\n.c { color: red }\n',
    "pages/d/d.wxss": '@import "../../common/x.wxss";\n@import "missing.wxss";\n.d { x: 1 }\n',
    "comp/card/card.json": {"component": True},
    "comp/card/card.wxss": '@import "../../common/base.wxss";\n.card { border: 1rpx solid }\n',
    "comp/card/card.wxml": "<view class=\"card\"><slot/></view>",
    "comp/card/card.js": "Component({});\n",
    "comp/shared/shared.json": {"component": True, "styleIsolation": "shared"},
    "comp/shared/shared.wxss": '@import "../../common/base.wxss";\n@import "../../common/copy.wxss";\n',
    "comp/shared/shared.wxml": "<view class=\"s\">{{label}}</view>",
    "comp/shared/shared.js": "Component({properties: {label: String}});\n",
    "tpl/head.wxml": '<include src="/tpl/foot.wxml"/><view>{{title}}</view>',
    "tpl/foot.wxml": "<view>foot {{year}}</view>",
    "tpl/row.wxml": '<template name="row"><view>{{x}}</view></template>',
    "tpl/cyc1.wxml": '<include src="/tpl/cyc2.wxml"/>',
    "tpl/cyc2.wxml": '<include src="/tpl/cyc1.wxml"/>',
    "pages/a/a.wxml": ('<import src="/tpl/row.wxml"/><include src="/tpl/head.wxml"/>'
                       '<wxs module="m" src="/utils/f.wxs"/>'
                       '<template is="row" data="{{x: m.f(1)}}"/><card>{{m.f(2)}}</card>'),
    "pages/a/a.js": "import {f} from '../../utils/u.js';\nPage({data: {v: f()}});\n",
    "pages/b/b.wxml": '<include src="/tpl/head.wxml"/><shared label="b"/>',
    "pages/b/b.js": ("const u = require('../../utils/u');\nrequire('../../lib/one/broken');\n"
                     "require('../../lib/two/broken');\nPage({data: {v: u.f()}});\n"),
    # the same broken source in two folders: one transform, reported for each path
    "lib/one/broken.js": "export default {\n",
    "lib/two/broken.js": "export default {\n",
    "pages/c/c.wxml": '<view class="c">{{n + 1}}</view><wxs module="w">module.exports = 1;</wxs>',
    "pages/c/c.js": "Page({\n",
    "pages/d/d.wxml": '<view>{{ a + }}</view><include src="/tpl/cyc1.wxml"/>',
    "pages/d/d.js": "require('./nope');\nPage({});\n",
    "utils/u.js": "export function f() { return 1; }\n",
    "utils/f.wxs": "module.exports = {f: function (x) { return x; }};\n",
}


def snapshot(app: CompiledApp, sink: DiagnosticSink) -> dict[str, Any]:
    """Everything a build produced, comparable with ==."""
    def modules(table: dict[str, Any]) -> dict[str, Any]:
        return {k: (m.path, m.code, m.deps) for k, m in table.items()}

    return {
        "styles": app.styles,
        "templates": app.templates.sources if app.templates else None,
        "modules": modules(app.modules),
        "view_modules": modules(app.view_modules),
        "pages": {k: u.to_json() for k, u in app.pages.items()},
        "components": {k: u.to_json() for k, u in app.components.items()},
        "sink": list(sink.items),
        "diagnostics": app.diagnostics,
    }


def build_snapshot(root: Path, cache: BuildCache | None = None) -> dict[str, Any]:
    sink = DiagnosticSink()
    return snapshot(compile_app(root, sink, cache=cache), sink)


@pytest.fixture
def shared_app(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "app", SHARED_APP)


def test_generated_app_exercises_what_is_shared(shared_app: Path) -> None:
    """The generated app really has shared imports, scoping and diagnostics to compare."""
    snap = build_snapshot(shared_app)
    messages = [d.message for d in snap["sink"]]
    assert [d.path for d in snap["sink"] if "expected a property name" in d.message] == \
        ["common/base.wxss"] * 4  # once per stylesheet that inlines base.wxss
    assert any("@import cycle" in m for m in messages)
    assert any("missing ';' after @import" in m for m in messages)
    assert any("include cycle" in m for m in messages)
    broken = [d for d in snap["sink"] if d.path.endswith("broken.js")]
    assert [d.path for d in broken] == ["lib/one/broken.js", "lib/two/broken.js"]
    assert broken[0].message == broken[1].message and "syntax error" in broken[0].message
    # base.wxss is inlined under each importer's own prefix
    for key in ("pages/a/a", "comp/card/card"):
        prefix = build.component_class_prefix(key)
        assert f".{prefix}btn{{" in snap["styles"][key]
        assert f".{prefix[:-2]}.{prefix}on{{" in snap["styles"][key]  # :host(.on)
    assert ".btn{" in snap["styles"]["comp/shared/shared"]


@pytest.mark.parametrize("name", ["todo-alipay", "todo-wechat", "shop", "gallery", "generated"])
def test_shared_and_cached_builds_equal_a_plain_build(name: str, shared_app: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    root = shared_app if name == "generated" else SAMPLES / name
    if not (root / "app.json").is_file() and not any(root.glob("*.json")):
        pytest.fail(f"sample {name} is missing")
    monkeypatch.setattr(build, "SHARE_WITHIN_BUILD", False)
    plain = build_snapshot(root)
    monkeypatch.setattr(build, "SHARE_WITHIN_BUILD", True)
    shared = build_snapshot(root)
    cache = BuildCache()
    cold = build_snapshot(root, cache)
    warm = build_snapshot(root, cache)
    assert shared == plain
    assert cold == plain
    assert warm == plain
    assert cache.last.templates_parsed == [] and cache.last.modules_transformed == []
    assert cache.last.styles_compiled == 0


def _edit(root: Path, rel: str, text: str) -> None:
    (root / rel).write_text(text, encoding="utf-8")


def _rebuild_and_check(root: Path, cache: BuildCache) -> None:
    """A cached rebuild equals a fresh build of the same files."""
    assert build_snapshot(root, cache) == build_snapshot(root)


def test_editing_a_page_template_redoes_only_that_file(shared_app: Path) -> None:
    cache = BuildCache()
    build_snapshot(shared_app, cache)
    first = cache.last
    assert len(first.templates_parsed) == len(list(shared_app.rglob("*.wxml")))
    _edit(shared_app, "pages/c/c.wxml", '<view class="c">{{n + 3}}</view><text>x</text>')
    after = build_snapshot(shared_app, cache)
    assert cache.last.templates_parsed == ["pages/c/c.wxml"]
    assert cache.last.templates_generated == ["pages/c/c.wxml"]
    assert cache.last.templates_compiled == ["pages/c/c.wxml"]
    assert cache.last.modules_transformed == [] and cache.last.styles_compiled == 0
    assert after == build_snapshot(shared_app)
    assert "'text'" in after["templates"]["pages/c/c.wxml"]  # the edit took effect


def test_editing_an_included_template_redoes_its_includers(shared_app: Path) -> None:
    cache = BuildCache()
    build_snapshot(shared_app, cache)
    _edit(shared_app, "tpl/foot.wxml", "<view>footer {{year + 1}}</view>")
    after = build_snapshot(shared_app, cache)
    work = cache.last
    assert after == build_snapshot(shared_app)
    assert work.templates_parsed == ["tpl/foot.wxml"]
    # foot itself, then each file that inlines it: head directly, a and b through head
    assert sorted(work.templates_generated) == sorted(
        ["tpl/foot.wxml", "tpl/head.wxml", "pages/a/a.wxml", "pages/b/b.wxml"])
    assert work.modules_transformed == [] and work.styles_compiled == 0


def test_editing_shared_style_and_script_redoes_only_them(shared_app: Path) -> None:
    cache = BuildCache()
    build_snapshot(shared_app, cache)
    _edit(shared_app, "common/reset.wxss", "page { background: #000 }\n.r { margin: 3rpx }\n")
    after = build_snapshot(shared_app, cache)
    assert after == build_snapshot(shared_app)
    # reset.wxss alone, once per kind of scoping it is compiled under (app, page,
    # component, shared component): its importers are re-assembled, not recompiled
    assert 1 <= cache.last.styles_compiled <= 4
    assert cache.last.templates_parsed == [] and cache.last.modules_transformed == []
    assert ".r{margin:calc(3 * var(--fx-rpx));}" in after["styles"]["app"]

    _edit(shared_app, "utils/u.js", "export function f() { return 2; }\nexport const g = 1;\n")
    after = build_snapshot(shared_app, cache)
    assert after == build_snapshot(shared_app)
    assert cache.last.modules_transformed == ["utils/u.js"]
    assert cache.last.templates_parsed == [] and cache.last.styles_compiled == 0


def test_config_edits_and_new_files_rebuild_correctly(shared_app: Path) -> None:
    cache = BuildCache()
    build_snapshot(shared_app, cache)
    # a component turns shared: its stylesheet is compiled without a prefix now
    _edit(shared_app, "comp/card/card.json", '{"component": true, "styleIsolation": "shared"}')
    _rebuild_and_check(shared_app, cache)
    _edit(shared_app, "app.json", '{"pages": ["pages/a/a", "pages/c/c"], "window": {}}')
    _rebuild_and_check(shared_app, cache)
    # a new template changes which include targets exist: every file is parsed again
    _edit(shared_app, "tpl/new.wxml", "<view>new</view>")
    after = build_snapshot(shared_app, cache)
    assert after == build_snapshot(shared_app)
    assert len(cache.last.templates_parsed) == len(list(shared_app.rglob("*.wxml")))


def test_a_cache_follows_the_app_it_builds(tmp_path: Path) -> None:
    """One cache used for two apps in turn still gives each app its own fresh result."""
    one = write_tree(tmp_path / "one", SHARED_APP)
    two = tmp_path / "two"
    shutil.copytree(one, two)
    _edit(two, "pages/c/c.wxml", "<view>two</view>")
    cache = BuildCache()
    for root in (one, two, one):
        assert build_snapshot(root, cache) == build_snapshot(root)
