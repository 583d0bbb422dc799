"""app.json / page / component .json of both dialects → one validated model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from app_factory import make_app, page_files, write_tree
from fanxing.compiler.config import (
    collect_components,
    load_app_config,
    load_component_config,
    load_page_config,
    scan_component_options,
)
from fanxing.compiler.diagnostics import DiagnosticSink
from fanxing.compiler.jsonpos import JsonSyntaxError, parse_json
from fanxing.compiler.project import load_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# ------------------------------------------------------------------ positioned JSON


def test_key_and_value_positions() -> None:
    text = '{\n  "pages": [\n    "a",\n    "b"\n  ],\n  "window": {"x": 1}\n}'
    doc = parse_json(text)
    assert doc.value == {"pages": ["a", "b"], "window": {"x": 1}}
    assert doc.position(("pages",)) == (2, 3)
    assert doc.position(("pages", 1)) == (4, 5)
    assert doc.position(("window", "x")) == (6, 14)
    assert doc.value_position(("window", "x")) == (6, 19)
    # absent keys fall back to the nearest enclosing key
    assert doc.position(("window", "nope")) == (6, 3)


@pytest.mark.parametrize(("text", "line", "col", "words"), [
    ('{"a": 1,}', 1, 9, "trailing comma"),
    ('{\n  "a" 1\n}', 2, 7, "expected ':'"),
    ("{'a': 1}", 1, 2, "double-quoted key"),
    ('{"a": \'x\'}', 1, 7, "double quotes"),
    ('{\n  // note\n  "a": 1}', 2, 3, "double-quoted key"),
    ('{"a": // note\n 1}', 1, 7, "comments"),
    ('{"a": "unterminated', 1, 7, "unterminated string"),
    ("", 1, 1, "empty"),
    ('{"a": 1} x', 1, 10, "after the JSON value"),
    ("[1, 2,]", 1, 7, "trailing comma"),
    ('{"a": tru}', 1, 7, "unexpected character"),
    ('{"a": 1', 1, 8, "expected ','"),
])
def test_syntax_errors_have_line_and_column(text: str, line: int, col: int, words: str) -> None:
    with pytest.raises(JsonSyntaxError) as err:
        parse_json(text)
    assert (err.value.line, err.value.col) == (line, col)
    assert words in err.value.message


def test_duplicate_keys_are_recorded_last_wins() -> None:
    doc = parse_json('{"a": 1, "a": 2}')
    assert doc.value == {"a": 2}
    assert doc.duplicate_keys == [("a",)]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20)


@settings(max_examples=200, deadline=None)
@given(json_values, st.sampled_from([None, 2]))
def test_parses_what_json_dumps_writes(value, indent) -> None:
    assert parse_json(json.dumps(value, indent=indent)).value == value


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='{}[]":,0123456789truefalsn \n\\/\'ab-.eE', max_size=60))
def test_arbitrary_text_parses_or_raises_a_syntax_error(text: str) -> None:
    try:
        expected = json.loads(text)
    except ValueError:
        expected = JsonSyntaxError
    try:
        got = parse_json(text).value
    except JsonSyntaxError:
        got = JsonSyntaxError
    if expected is not JsonSyntaxError and got is not JsonSyntaxError:
        assert got == expected
    else:
        assert got is expected


def test_deep_nesting_is_a_syntax_error_not_a_crash() -> None:
    with pytest.raises(JsonSyntaxError):
        parse_json("[" * 5000 + "]" * 5000)


# ----------------------------------------------------------------------- app.json


def load(root: Path):
    sink = DiagnosticSink()
    project = load_project(root, sink)
    app = load_app_config(project, sink)
    return project, app, sink


def messages(sink: DiagnosticSink, severity: str = "error") -> list[str]:
    return [f"{d.path}:{d.line}:{d.col}: {d.message}" for d in sink.items
            if d.severity == severity]


def test_alipay_window_is_normalized(tmp_path: Path) -> None:
    make_app(tmp_path, "alipay", {"pages": ["pages/a/a"], "window": {
        "defaultTitle": "Hi", "titleBarColor": 3898623, "pullRefresh": "YES",
        "allowsBounceVertical": "NO", "transparentTitle": "auto",
        "backgroundColor": "#eeeeee", "optionMenu": {"icon": "x.png"}}})
    _, app, sink = load(tmp_path)
    assert sink.items == []
    w = app.window
    assert (w.title, w.title_bar_color, w.pull_down_refresh) == ("Hi", "#3b7cff", True)
    assert w.allows_bounce_vertical is False
    assert w.transparent_title == "auto"
    assert w.background_color == "#eeeeee"
    assert w.extra == {"optionMenu": {"icon": "x.png"}}


def test_wechat_window_is_normalized(tmp_path: Path) -> None:
    make_app(tmp_path, "wechat", {"pages": ["pages/a/a"], "window": {
        "navigationBarTitleText": "Hi", "navigationBarBackgroundColor": "#3b7cff",
        "navigationBarTextStyle": "white", "enablePullDownRefresh": True,
        "onReachBottomDistance": 80, "navigationStyle": "custom"}})
    _, app, sink = load(tmp_path)
    assert sink.items == []
    w = app.window
    assert (w.title, w.title_bar_color, w.title_text_style) == ("Hi", "#3b7cff", "white")
    assert (w.pull_down_refresh, w.reach_bottom_distance) == (True, 80)
    assert w.navigation_style == "custom"


def test_same_app_in_both_dialects_gives_the_same_model(tmp_path: Path) -> None:
    icons = {"i/a.png": "", "i/a-on.png": "", "i/b.png": "", "i/b-on.png": ""}
    make_app(tmp_path / "ali", "alipay", {
        "pages": ["pages/a/a", "pages/b/b"],
        "window": {"defaultTitle": "T", "pullRefresh": True},
        "tabBar": {"textColor": "#999", "selectedColor": "#333", "backgroundColor": "#fff",
                   "items": [{"pagePath": "pages/a/a", "name": "A", "icon": "i/a.png",
                              "activeIcon": "i/a-on.png"},
                             {"pagePath": "pages/b/b", "name": "B", "icon": "/i/b.png",
                              "activeIcon": "i/b-on.png"}]}}, extra=icons)
    make_app(tmp_path / "wx", "wechat", {
        "pages": ["pages/a/a", "pages/b/b"],
        "window": {"navigationBarTitleText": "T", "enablePullDownRefresh": True},
        "tabBar": {"color": "#999", "selectedColor": "#333", "backgroundColor": "#fff",
                   "list": [{"pagePath": "pages/a/a", "text": "A", "iconPath": "i/a.png",
                             "selectedIconPath": "i/a-on.png"},
                            {"pagePath": "pages/b/b", "text": "B", "iconPath": "i/b.png",
                             "selectedIconPath": "i/b-on.png"}]}}, extra=icons)
    _, ali, s1 = load(tmp_path / "ali")
    _, wx, s2 = load(tmp_path / "wx")
    assert s1.items == s2.items == []
    assert ali.dialect == "alipay" and wx.dialect == "wechat"
    ali.dialect = wx.dialect
    assert ali == wx
    assert [i.text for i in wx.tab_bar.items] == ["A", "B"]
    assert wx.tab_bar.items[1].icon == "i/b.png"


def test_other_dialects_key_warns_with_the_counterpart(tmp_path: Path) -> None:
    text = '{\n  "pages": ["pages/a/a"],\n  "window": {\n    "navigationBarTitleText": "x"\n  }\n}'
    make_app(tmp_path, "alipay", text, pages=["pages/a/a"])
    _, app, sink = load(tmp_path)
    assert messages(sink, "warning") == [
        "app.json:4:5: `window.navigationBarTitleText` is a WeChat key; Alipay uses "
        "`defaultTitle`"]
    assert app.window.title == "x"  # still applied


def test_unknown_keys_warn_at_their_position(tmp_path: Path) -> None:
    text = '{"pages": ["pages/a/a"],\n "colour": 1,\n "window": {"titleColour": 2}}'
    make_app(tmp_path, "wechat", text, pages=["pages/a/a"])
    _, _, sink = load(tmp_path)
    assert messages(sink, "warning") == ["app.json:2:2: unknown key `colour`",
                                         "app.json:3:13: unknown key `window.titleColour`"]
    assert not sink.has_errors


@pytest.mark.parametrize(("app_json", "expected"), [
    ('{"pages": "pages/a/a"}', "app.json:1:2: `pages` must be an array, got string"),
    ('{"pages": ["pages/a/a", 3]}', "app.json:1:25: `pages[1]` must be a string, got number"),
    ('{"pages": ["pages/a/a"], "window": {"enablePullDownRefresh": "YES"}}',
     "app.json:1:37: `window.enablePullDownRefresh` must be a boolean, got string"),
    ('{"pages": ["pages/a/a"], "window": {"navigationBarBackgroundColor": 5}}',
     "app.json:1:37: `window.navigationBarBackgroundColor` must be a string, got number"),
    ('{"pages": ["pages/a/a"], "window": {"onReachBottomDistance": true}}',
     "app.json:1:37: `window.onReachBottomDistance` must be a number, got boolean"),
    ('{"pages": ["pages/a/a"], "window": []}',
     "app.json:1:26: `window` must be an object, got array"),
    ('{"window": {}}', "app.json:1:1: app.json has no `pages`"),
    ('{"pages": []}', "app.json:1:2: `pages` is empty: an app needs at least one page"),
    ('[]', "app.json:1:1: app.json must hold a JSON object, got array"),
    ('{"pages": ["pages/a/a"],}', "app.json:1:25: invalid JSON: trailing comma before '}'"),
    ('{"pages": ["pages/a/a"], "entryPagePath": "pages/zz"}',
     "app.json:1:26: entryPagePath 'pages/zz' is not a page of the app"),
])
def test_wrong_types_are_errors_naming_file_key_and_position(
        tmp_path: Path, app_json: str, expected: str) -> None:
    make_app(tmp_path, "wechat", app_json, pages=["pages/a/a"])
    _, _, sink = load(tmp_path)
    assert messages(sink) == [expected]


def test_alipay_yes_no_strings_and_bad_values(tmp_path: Path) -> None:
    make_app(tmp_path, "alipay", {"pages": ["pages/a/a"], "window": {
        "pullRefresh": "maybe", "transparentTitle": "sometimes", "titleBarColor": "reddish!"}})
    _, app, sink = load(tmp_path)
    assert [m.split(": ", 1)[1] for m in messages(sink)] == [
        '`window.pullRefresh` must be a boolean or "YES"/"NO", got \'maybe\'']
    warns = " ".join(messages(sink, "warning"))
    assert "must be one of 'none', 'always', 'auto'" in warns
    assert "is not a color" in warns
    assert app.window.pull_down_refresh is None


def test_missing_page_files_name_app_json_and_the_key(tmp_path: Path) -> None:
    text = '{\n  "pages": [\n    "pages/a/a",\n    "pages/b/b"\n  ]\n}'
    make_app(tmp_path, "alipay", text, pages=["pages/a/a"],
             extra={"pages/b/b.js": "Page({})", "pages/c/c.ts": ""})
    _, _, sink = load(tmp_path)
    assert messages(sink) == ["app.json:4:5: page 'pages/b/b' is missing pages/b/b.axml"]


def test_entry_page_and_subpackages(tmp_path: Path) -> None:
    make_app(tmp_path, "wechat", {
        "pages": ["pages/a/a"], "entryPagePath": "pkg/pages/x",
        "subpackages": [{"root": "pkg/", "name": "p", "pages": ["pages/x", "pages/y"]}],
    }, pages=["pages/a/a", "pkg/pages/x", "pkg/pages/y"])
    _, app, sink = load(tmp_path)
    assert sink.items == []
    assert app.home == "pkg/pages/x"
    assert app.subpackages[0].root == "pkg"
    assert app.all_pages == ["pages/a/a", "pkg/pages/x", "pkg/pages/y"]
    assert app.package_of("pkg/pages/y").name == "p"
    assert app.package_of("pages/a/a") is None


def test_home_is_the_first_page_without_entry(tmp_path: Path) -> None:
    make_app(tmp_path, "wechat", {"pages": ["pages/b/b", "pages/a/a"]})
    assert load(tmp_path)[1].home == "pages/b/b"


def test_subpackage_problems(tmp_path: Path) -> None:
    text = ('{"pages": ["pages/a/a"],\n"subPackages": [\n {"root": "nope", "pages": []},\n'
            ' {"pages": []},\n {"root": "pkg", "pages": ["x"], "bogus": 1}]}')
    make_app(tmp_path, "wechat", text, pages=["pages/a/a"], extra={"pkg/readme.txt": ""})
    _, app, sink = load(tmp_path)
    assert messages(sink) == [
        "app.json:3:3: subpackage root 'nope' is not a folder of the app",
        "app.json:4:2: `subPackages[1]` has no `root`",
        "app.json:5:28: page 'pkg/x' is missing pkg/x.wxml and pkg/x.js",
    ]
    assert messages(sink, "warning") == ["app.json:5:34: unknown key `subPackages[2].bogus`"]
    assert [sp.root for sp in app.subpackages] == ["pkg"]


def test_tab_bar_problems(tmp_path: Path) -> None:
    make_app(tmp_path, "wechat", {
        "pages": ["pages/a/a"],
        "subpackages": [{"root": "pkg", "pages": ["b"]}],
        "tabBar": {"borderStyle": "red", "list": [
            {"pagePath": "pages/a/a", "text": "A", "iconPath": "missing.png"},
            {"pagePath": "pkg/b", "text": "B"},
            {"text": "C"}]}}, pages=["pages/a/a", "pkg/b"])
    _, app, sink = load(tmp_path)
    errors = [m.split(": ", 1)[1] for m in messages(sink)]
    assert errors == [
        "tab bar icon 'missing.png' not found",
        "tab bar page 'pkg/b' is a subpackage page; tab pages must be in the main "
        "package's `pages`",
        "`tabBar.list[2]` has no `pagePath`",
    ]
    assert "must be one of 'black', 'white'" in messages(sink, "warning")[0]
    assert [i.page_path for i in app.tab_bar.items] == ["pages/a/a", "pkg/b"]


# ------------------------------------------------------------- pages, components


def test_page_json_overrides_and_components(tmp_path: Path) -> None:
    make_app(tmp_path, "wechat", {
        "pages": ["pages/a/a"],
        "window": {"navigationBarTitleText": "App", "backgroundColor": "#fff"},
        "usingComponents": {"g-card": "components/card/card"}}, extra={
        "pages/a/a.json": {"navigationBarTitleText": "Page A", "disableScroll": True,
                           "usingComponents": {"row": "./row/row", "btn": "@ui/button",
                                               "g-card": "/components/other/other"}},
        **page_files("pages/a/row/row", "wechat"),
        **page_files("components/card/card", "wechat"),
        **page_files("components/other/other", "wechat"),
        "miniprogram_npm/@ui/button/index.wxml": "<view/>",
        "miniprogram_npm/@ui/button/index.js": "Component({})",
    })
    project, app, sink = load(tmp_path)
    page = load_page_config(project, app, "pages/a/a", sink)
    assert sink.items == []
    assert page.window.title == "Page A"
    assert page.window.background_color == "#fff"
    assert page.window.disable_scroll is True
    assert app.window.title == "App"  # the app's window is not changed
    assert page.using_components == {
        "g-card": "components/other/other",  # the page's own wins
        "row": "pages/a/row/row",
        "btn": "miniprogram_npm/@ui/button/index",
    }
    comps = collect_components(project, app, {"pages/a/a": page}, sink)
    assert sorted(comps) == ["components/card/card", "components/other/other",
                             "miniprogram_npm/@ui/button/index", "pages/a/row/row"]


def test_missing_component_is_an_error_at_its_key(tmp_path: Path) -> None:
    make_app(tmp_path, "alipay", {"pages": ["pages/a/a"]}, extra={
        "pages/a/a.json": '{\n  "usingComponents": {\n    "card": "/components/card"\n  }\n}'})
    project, app, sink = load(tmp_path)
    load_page_config(project, app, "pages/a/a", sink)
    assert messages(sink) == [
        "pages/a/a.json:3:5: component '/components/card' of <card> not found"]


def test_page_json_syntax_error_has_position(tmp_path: Path) -> None:
    make_app(tmp_path, "wechat", {"pages": ["pages/a/a"]},
             extra={"pages/a/a.json": '{\n  "navigationBarTitleText": "x"\n  "a": 1\n}'})
    project, app, sink = load(tmp_path)
    page = load_page_config(project, app, "pages/a/a", sink)
    assert messages(sink) == ["pages/a/a.json:3:3: invalid JSON: expected ',' or '}'"]
    assert page.window == app.window


def test_component_config_from_json_and_script(tmp_path: Path) -> None:
    make_app(tmp_path, "wechat", {"pages": ["pages/a/a"]}, extra={
        "c/x.wxml": "<view/>",
        "c/x.js": "Component({\n  externalClasses: ['my-class', \"title-class\"],\n"
                  "  options: { addGlobalClass: true },\n})",
        "c/x.json": {"component": True, "componentGenerics": {"item": True},
                     "componentPlaceholder": {"later": "view"}, "weird": 1},
        "c/y.wxml": "<view/>", "c/y.js": "Component({options: {styleIsolation: 'shared'}})",
        "c/z.wxml": "<view/>", "c/z.json": {"styleIsolation": "apply-shared"},
    })
    project, app, sink = load(tmp_path)
    x = load_component_config(project, app, "c/x", sink)
    assert x.external_classes == ["my-class", "title-class"]
    assert x.style_isolation == "apply-shared"
    assert x.generics == {"item": True} and x.placeholder == {"later": "view"}
    assert messages(sink, "warning") == ["c/x.json:9:3: unknown key `weird`"]
    assert load_component_config(project, app, "c/y", sink).style_isolation == "shared"
    assert load_component_config(project, app, "c/z", sink).style_isolation == "apply-shared"


def test_scan_component_options_ignores_other_arrays() -> None:
    iso, classes = scan_component_options("Component({data: {list: ['a']}})")
    assert (iso, classes) == (None, [])


def test_config_round_trips_through_json(tmp_path: Path) -> None:
    from fanxing.compiler.config import AppConfig

    samples = Path(__file__).resolve().parents[2] / "samples"
    for name in ("todo-alipay", "todo-wechat"):
        _, app, sink = load(samples / name)
        assert not sink.items
        assert AppConfig.from_json(json.loads(json.dumps(app.to_json()))) == app


# ------------------------------------------------------------------- robustness

_keys = st.sampled_from(["pages", "window", "tabBar", "subPackages", "subpackages",
                         "usingComponents", "entryPagePath", "list", "items", "root",
                         "pagePath", "defaultTitle", "navigationBarTitleText",
                         "pullRefresh", "titleBarColor", "iconPath", "x"])
_config_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 2**33) | st.sampled_from(
        ["pages/a/a", "YES", "#fff", "/x", "", "../..", "black"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_keys, children,
                                                                       max_size=4),
    max_leaves=15)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(_keys, _config_values, max_size=6),
       st.sampled_from(["alipay", "wechat"]))
def test_generated_configs_only_produce_diagnostics(tmp_path: Path, app_json, dialect) -> None:
    root = tmp_path / "gen"
    write_tree(root, {"app.json": app_json, "mini.project.json" if dialect == "alipay"
                      else "project.config.json": {},
                      "pages/a/a.json": {k: v for k, v in app_json.items()
                                         if k != "pages"}})
    sink = DiagnosticSink()
    project = load_project(root, sink)
    app = load_app_config(project, sink)
    pages = {r: load_page_config(project, app, r, sink) for r in app.all_pages}
    collect_components(project, app, pages, sink)
    for d in sink.items:
        assert d.line >= 1 and d.col >= 1 and d.message


def test_darkmode_theme_variables_resolve_to_light_values(tmp_path: Path) -> None:
    make_app(tmp_path, "wechat", {
        "pages": ["pages/a/a", "pages/b/b"], "themeLocation": "theme.json",
        "window": {"navigationBarTextStyle": "@navTxt", "backgroundColor": "@bg"},
        "tabBar": {"color": "@tab", "list": [
            {"pagePath": "pages/a/a", "text": "A", "iconPath": "@iconA"},
            {"pagePath": "pages/b/b", "text": "B", "iconPath": "@nope"}]},
    }, extra={
        "theme.json": {"light": {"navTxt": "black", "bg": "#ffffff", "tab": "#111111",
                                 "iconA": "i/a.png"},
                       "dark": {"navTxt": "white", "bg": "#000000"}},
        "i/a.png": "", "pages/a/a.json": {"backgroundColor": "@bg"},
    })
    project, app, sink = load(tmp_path)
    assert messages(sink) == [
        "app.json:22:9: theme variable '@nope' of `tabBar.list[1].iconPath` is not defined "
        "in the theme file's `light` section"]
    assert app.window.title_text_style == "black" and app.window.background_color == "#ffffff"
    assert app.tab_bar.color == "#111111" and app.tab_bar.items[0].icon == "i/a.png"
    assert app.theme["dark"]["navTxt"] == "white"
    assert load_page_config(project, app, "pages/a/a", sink).window.background_color == (
        "#ffffff")


def test_theme_variable_without_theme_file_is_an_error(tmp_path: Path) -> None:
    make_app(tmp_path, "wechat", {"pages": ["pages/a/a"], "window": {"backgroundColor": "@x"}})
    _, _, sink = load(tmp_path)
    assert [m.split(": ", 1)[1] for m in messages(sink)] == [
        "`window.backgroundColor` uses theme variable '@x' but app.json has no "
        "`themeLocation`"]


def test_extended_library_components_warn_instead_of_failing(tmp_path: Path) -> None:
    using = {"usingComponents": {"mp-cell": "weui-miniprogram/cell/cell"}}
    make_app(tmp_path / "with", "wechat", {"pages": ["pages/a/a"],
                                           "useExtendedLib": {"weui": True}, **using})
    make_app(tmp_path / "without", "wechat", {"pages": ["pages/a/a"], **using})
    _, app, sink = load(tmp_path / "with")
    assert not sink.has_errors and "extended library `weui`" in sink.warnings[0].message
    assert app.using_components == {}
    _, _, sink = load(tmp_path / "without")
    assert "not found" in sink.errors[0].message


def test_component_json_must_declare_component_true(tmp_path: Path) -> None:
    make_app(tmp_path, "alipay", {"pages": ["pages/a/a"]}, extra={
        **page_files("c/x", "alipay"), "c/x.json": '{\n  "component": false\n}',
        **page_files("c/y", "alipay"), "c/y.json": "{}",
    })
    project, app, sink = load(tmp_path)
    load_component_config(project, app, "c/x", sink)
    load_component_config(project, app, "c/y", sink)
    assert messages(sink, "warning") == [
        'c/x.json:2:3: c/x is used as a component but its .json lacks `"component": true`',
        'c/y.json:1:1: c/y is used as a component but its .json lacks `"component": true`']


def test_unknown_keys_suggest_the_closest_known_key_of_the_dialect(tmp_path: Path) -> None:
    text = ('{"pages": ["pages/a/a"],\n "tabbar": {},\n'
            ' "window": {"navigationBarTitleTxt": "x", "enablePullDownRefresh": true,'
            ' "navigationbarBackgroundColor": "#fff"}}')
    make_app(tmp_path, "wechat", text, pages=["pages/a/a"])
    _, _, sink = load(tmp_path)
    assert messages(sink, "warning") == [
        "app.json:2:2: unknown key `tabbar` (did you mean 'tabBar'?)",
        "app.json:3:13: unknown key `window.navigationBarTitleTxt` "
        "(did you mean 'navigationBarTitleText'?)",
        "app.json:3:74: unknown key `window.navigationbarBackgroundColor` "
        "(did you mean 'navigationBarBackgroundColor'?)"]
