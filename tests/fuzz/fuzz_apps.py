"""Random mini-programs for fuzzing the compiler and the container (issue 10).

``make_app(rnd, dialect)`` gives the files of one small app: a page template, style,
script, JSON config and WXS/SJS module, and ``app.json``. Most of each file follows the
language (so the input gets past the parsers into codegen, rendering and the logic
layer) and some of it is junk, hostile characters or deep nesting. Everything is drawn
from ``rnd``, so a seed names an input: ``tests/fuzz/test_fuzz.py`` draws seeds through
hypothesis, ``bench/fuzz_run.py`` walks seed ranges. :func:`run_case` runs one.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

HOSTILE = ["\n", "\r", "\x00", "\x0c", "\u2028", "'", '"', "\\", "{{", "}}", "<", ">", "&",
           "&#10;", "`", "${", "*/", "/*", "</view>", "\U0001f600", "中", "\ufeff", "#"]
TAGS = ["view", "text", "button", "input", "image", "scroll-view", "swiper", "block",
        "slot", "unknown-tag", "my-comp", "picker", "checkbox", "form", "label"]
NAMES = ["a", "b", "list", "obj", "item", "index", "n", "s", "m"]
METHODS = ["toFixed", "slice", "indexOf", "join", "toUpperCase", "split", "concat",
           "includes", "trim", "replace", "substring", "charAt"]


def _pick(rnd: random.Random, items: list[Any]) -> Any:
    return items[rnd.randrange(len(items))]


class Draw(random.Random):
    """The random source; a ``clean`` draw keeps junk out of places where it would only
    make the app fail to compile (so the rest reaches rendering and the logic layer)."""

    clean = False


def junk(rnd: random.Random, n: int = 6) -> str:
    """A few hostile pieces and random characters (letters only in a clean draw)."""
    if getattr(rnd, "clean", False):
        return "".join(_pick(rnd, ["x", "y", "z", "_"]) for _ in range(rnd.randrange(1, n + 1)))
    out = []
    for _ in range(rnd.randrange(n + 1)):
        r = rnd.random()
        if r < 0.5:
            out.append(_pick(rnd, HOSTILE))
        elif r < 0.8:
            out.append(chr(rnd.randrange(32, 127)))
        else:
            out.append(chr(rnd.randrange(0x80, 0x3000)))
    return "".join(out)


def js_string(rnd: random.Random) -> str:
    return json.dumps(junk(rnd, 4))


def expr(rnd: random.Random, depth: int = 0) -> str:
    """A template/WXS expression, mostly well formed."""
    r = rnd.random()
    if depth > 3 or r < 0.25:
        return _pick(rnd, [_pick(rnd, NAMES), str(rnd.randrange(-5, 100)), js_string(rnd),
                           "true", "null", "undefined", "1.5e3", "0x1f", "item.v"])
    if r < 0.45:
        op = _pick(rnd, ["+", "-", "*", "/", "%", "==", "===", "!=", "<", ">=", "&&", "||",
                         ] + ([] if getattr(rnd, "clean", False) else ["??", "in", "=", "=>"]))
        return f"{expr(rnd, depth + 1)} {op} {expr(rnd, depth + 1)}"
    if r < 0.55:
        return f"{expr(rnd, depth + 1)} ? {expr(rnd, depth + 1)} : {expr(rnd, depth + 1)}"
    if r < 0.65:
        return f"{_pick(rnd, NAMES)}.{_pick(rnd, METHODS)}({expr(rnd, depth + 1)})"
    if r < 0.72:
        return f"[{expr(rnd, depth + 1)}, {expr(rnd, depth + 1)}]"
    if r < 0.78:
        return f"{{{_pick(rnd, NAMES)}: {expr(rnd, depth + 1)}}}"
    if r < 0.84:
        return f"{_pick(rnd, NAMES)}[{expr(rnd, depth + 1)}]"
    if r < 0.9:
        return f"m.f({expr(rnd, depth + 1)})"
    if r < 0.94:
        return f"`{junk(rnd, 2)}${{{expr(rnd, depth + 1)}}}`"
    if r < 0.97:
        return _pick(rnd, ["!", "-", "+", "typeof "]) + expr(rnd, depth + 1)
    return junk(rnd)


def _mustache(rnd: random.Random) -> str:
    return "{{" + expr(rnd) + "}}"


def template(rnd: random.Random, p: str, depth: int = 0) -> str:
    """Markup in dialect prefix ``p`` (``wx:`` / ``a:``)."""
    out = []
    for _ in range(rnd.randrange(1, 5)):
        r = rnd.random()
        if r < 0.2:
            out.append(_pick(rnd, ["hi ", "&lt;", "&nbsp;", "x"]) + _mustache(rnd))
        elif r < 0.25:
            out.append(junk(rnd))
        elif r < 0.3 and depth == 0:
            out.append(f'<template name="t{rnd.randrange(3)}"><view>{_mustache(rnd)}</view>'
                       f'</template><template is="t{rnd.randrange(4)}" data="{{{{...obj}}}}"/>')
        elif r < 0.33 and not getattr(rnd, "clean", False):
            out.append(f'<import src="./{_pick(rnd, ["x", "../a", "/pages/p/p", junk(rnd)])}"/>'
                       f'<include src="./{_pick(rnd, ["p", "y"])}.{_pick(rnd, ["wxml", "axml"])}"/>')
        else:
            out.append(element(rnd, p, depth))
    return "".join(out)


def element(rnd: random.Random, p: str, depth: int) -> str:
    tag = _pick(rnd, TAGS)
    attrs: list[str] = []
    for _ in range(rnd.randrange(4)):
        if getattr(rnd, "clean", False) and any(":if=" in a or ":for=" in a for a in attrs):
            break
        r = rnd.random()
        if r < 0.15:
            attrs.append(f'class="fx {junk(rnd, 2)} {_mustache(rnd)}"')
        elif r < 0.3:
            ev = _pick(rnd, ["bindtap", "catchtap", "bind:tap", "onTap", "catchTap", "bindinput",
                             "onInput", "capture-bind:tap"])
            attrs.append(f'{ev}="{_pick(rnd, ["h1", "h2", "h3", "h4", "nope", junk(rnd)])}"'
                         ' class="fx"')
        elif r < 0.45:
            attrs.append(f'{p}for="{{{{{_pick(rnd, ["list", "obj", "n", "s", expr(rnd)])}}}}}" '
                         f'{p}key="{_pick(rnd, ["*this", "id", _mustache(rnd)])}"')
        elif r < 0.55:
            d = "if" if getattr(rnd, "clean", False) else _pick(rnd, ["if", "elif", "else"])
            attrs.append(f'{p}{d}="{_mustache(rnd)}"')
        elif r < 0.65:
            attrs.append(f'style="{_pick(rnd, ["color:red", "width:{{n}}rpx", junk(rnd)])}"')
        elif r < 0.75:
            attrs.append(f'data-{_pick(rnd, ["x", "a-b", junk(rnd, 2)])}="{_mustache(rnd)}"')
        elif r < 0.8:
            attrs.append(f'model:value="{{{{{_pick(rnd, NAMES)}}}}}"')
        elif r < 0.85:
            attrs.append(f'{junk(rnd, 3)}="{junk(rnd, 3)}"')
        else:
            attrs.append(f'{_pick(rnd, ["hidden", "disabled", "src", "value", "id"])}='
                         f'"{_mustache(rnd)}"')
    inner = template(rnd, p, depth + 1) if depth < 4 and rnd.random() < 0.6 else _mustache(rnd)
    close = "" if rnd.random() < 0.03 and not getattr(rnd, "clean", False) else f"</{tag}>"
    return f"<{tag} {' '.join(attrs)}>{inner}{close}"


def style(rnd: random.Random) -> str:
    rules = []
    clean = getattr(rnd, "clean", False)
    for _ in range(rnd.randrange(1, 6)):
        r = rnd.random()
        if clean and 0.05 <= r < 0.1 or clean and 0.2 <= r < 0.35:
            r = 0.5
        sel = _pick(rnd, [".a", "#b", "view", ".a > .b", ".a:not(.b)", "::after", "[data-x=y]",
                          "*", ".fx .fx", "page", ":host"] + ([] if clean else [junk(rnd, 2)]))
        decl = _pick(rnd, ["width: 10rpx", "height: calc(100vh - 20rpx)", "color: var(--c)",
                           "background: url(a.png)", "margin: 0 auto !important",
                           f"content: {js_string(rnd)}", f"x: {junk(rnd, 3)}"])
        if r < 0.1:
            n = rnd.randrange(1, 20 if clean else 100)
            decl = "width: " + "calc(" * n + "1px" + ")" * n
        if r < 0.2:
            rules.append(f"@media (max-width: {rnd.randrange(900)}px) {{ {sel} {{ {decl} }} }}")
        elif r < 0.25:
            rules.append(f'@import "{_pick(rnd, ["./x.wxss", "../../app.wxss", junk(rnd, 2)])}";')
        elif r < 0.3:
            rules.append(f"@keyframes k {{ from {{ {decl} }} to {{ opacity: 1 }} }}")
        elif r < 0.35:
            rules.append(junk(rnd, 10))
        else:
            rules.append(f"{sel} {{ {decl}; {decl} }}")
    return "\n".join(rules)


def json_value(rnd: random.Random, depth: int = 0) -> Any:
    r = rnd.random()
    if depth > 3 or r < 0.4:
        return _pick(rnd, [1, -2.5, True, None, junk(rnd, 3), "", 10**20])
    if r < 0.7:
        return [json_value(rnd, depth + 1) for _ in range(rnd.randrange(4))]
    return {_pick(rnd, NAMES + [junk(rnd, 2)]): json_value(rnd, depth + 1)
            for _ in range(rnd.randrange(4))}


def page_config(rnd: random.Random) -> str:
    if getattr(rnd, "clean", False):
        return json.dumps({"navigationBarTitleText": junk(rnd, 3),
                           "usingComponents": {"my-comp": "/comp/c"}})
    if rnd.random() < 0.1:
        return junk(rnd, 8)
    if rnd.random() < 0.05:
        n = rnd.randrange(100, 3000)
        return "[" * n + "]" * n
    cfg: dict[str, Any] = {}
    for key in ("navigationBarTitleText", "usingComponents", "enablePullDownRefresh",
                "backgroundColor", "defaultTitle", "component"):
        if rnd.random() < 0.3:
            cfg[key] = json_value(rnd)
    if rnd.random() < 0.3:
        cfg["usingComponents"] = {"my-comp": _pick(rnd, ["/comp/c", "./nope", junk(rnd, 3)])}
    return json.dumps(cfg)


STATEMENTS = [
    "this.setData({n: (this.data.n || 0) + 1});",
    "this.setData({list: [1, 2, 3].map(x => ({v: x, id: 'k' + x}))});",
    "this.setData({'obj.a': {b: [1, {c: 2}]}});",
    "this.setData({s: 'x'.repeat(1000)});",
    "throw new Error('boom');",
    "console.log('hi', this.data);",
    "setTimeout(() => this.setData({n: 5}), 10);",
    "API.setStorageSync('k', {a: 1});",
    "API.getStorageSync('k');",
    "JSON.parse('{bad');",
    "function r(){ return r(); } r();",
    "let a = []; for (let i = 0; i < 1e5; i++) a.push({i});",
    "this.setData({list: null});",
    "this.setData({n: undefined, m: NaN});",
    "API.showToast({title: 'x'});",
    "Promise.resolve().then(() => this.setData({n: 7}));",
]


def page_script(rnd: random.Random, dialect: str) -> str:
    api = "my" if dialect == "alipay" else "wx"
    data = {"n": rnd.randrange(5), "list": [{"v": i, "id": f"k{i}"} for i in range(3)],
            "obj": {"a": 1}, "s": "str", "a": json_value(rnd)}
    handlers = []
    for name in ("h1", "h2", "h3", "h4", "onLoad"):
        body = " ".join(_pick(rnd, STATEMENTS) for _ in range(rnd.randrange(3)))
        handlers.append(f"{name}(e) {{ {body.replace('API', api)} }}")
    src = f"Page({{ data: {json.dumps(data)}, {', '.join(handlers)} }});"
    if rnd.random() < 0.08 and not getattr(rnd, "clean", False):
        cut = rnd.randrange(len(src))
        src = src[:cut] + junk(rnd, 4) + src[cut:]
    return src


def script_module(rnd: random.Random) -> str:
    body = expr(rnd).replace("m.f(", "String(")
    src = f"module.exports = {{ f: function (x) {{ return {body}; }}, k: {js_string(rnd)} }};"
    if rnd.random() < 0.1 and not getattr(rnd, "clean", False):
        src += junk(rnd, 5)
    return src


def make_app(rnd: Draw, dialect: str) -> dict[str, str]:
    """The files of one app (paths from the app root)."""
    wx = dialect == "wechat"
    ext, css, mod, p = (".wxml", ".wxss", ".wxs", "wx:") if wx else (".axml", ".acss", ".sjs",
                                                                      "a:")
    page = "pages/p/p"
    head = (f'<wxs module="m" src="./m{mod}"/>' if wx
            else f'<import-sjs name="m" from="./m{mod}"/>')
    app_json: dict[str, Any] = {"pages": [page]}
    if rnd.random() < 0.3:
        app_json["window"] = ({"navigationBarTitleText": junk(rnd, 3)} if rnd.clean
                              else json_value(rnd))
    if rnd.random() < 0.1:
        app_json[junk(rnd, 2)] = json_value(rnd)
    files = {
        "app.json": json.dumps(app_json) if rnd.random() > 0.03 or rnd.clean else junk(rnd, 10),
        "app.js": "App({ onError(e) {} });" if rnd.random() > 0.05 else junk(rnd, 5),
        "app" + css: style(rnd),
        page + ext: head + template(rnd, p),
        page + css: style(rnd),
        page + ".js": page_script(rnd, dialect),
        page + ".json": page_config(rnd),
        f"pages/p/m{mod}": script_module(rnd),
        f"comp/c{ext}": "<view class='c'><slot/>{{title}}</view>",
        "comp/c.js": "Component({ properties: {title: String} });",
        "comp/c.json": '{"component": true}',
    }
    if rnd.random() < 0.1:  # a component that uses itself, with or without an end
        files[f"comp/c{ext}"] = (f"<view class='c'>{{{{title}}}}<my-comp {p}if=\"{{{{"
                                 f"{_pick(rnd, ['true', 'title', 'false'])}}}}}\" "
                                 "title='t'/></view>")
        files["comp/c.json"] = '{"component": true, "usingComponents": {"my-comp": "/comp/c"}}'
    if not wx:
        files["mini.project.json"] = "{}"
    return files


def write_app(root: Path, files: dict[str, str]) -> Path:
    if root.exists():
        shutil.rmtree(root)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return root


def run_case(seed: int, work: Path, launch_app: bool = True) -> str:
    """Compile (and, when it compiles, launch and poke) the app of ``seed``. Returns
    ``"compiled"``, ``"launched"`` or ``"rejected"``; any exception is a fanxing bug."""
    from fanxing.compiler.build import compile_app
    from fanxing.compiler.diagnostics import CompileError, DiagnosticSink
    from fanxing.runtime.logic.engine import Limits
    from fanxing.testing import StaleNodeError, launch

    rnd = Draw(seed)
    rnd.clean = rnd.random() < 0.6
    dialect = "wechat" if rnd.random() < 0.5 else "alipay"
    root = write_app(work / "app", make_app(rnd, dialect))
    sink = DiagnosticSink()
    try:
        app = compile_app(root, sink)
    except CompileError:  # documented: no app.json, mixed dialects
        return "rejected"
    assert all(d.line >= 1 and d.col >= 1 for d in sink.items), sink.items
    if not app.ok or not launch_app:
        return "compiled"
    mp = launch(app, data_dir=work / "data", limits=Limits(turn_seconds=0.3,
                                                           memory_bytes=32 << 20))
    try:
        for node in mp.page.query_selector_all(".fx")[:6]:
            try:
                node.tap() if rnd.random() < 0.7 else node.dispatch("input", {"value": "v"})
            except StaleNodeError:  # the tap re-rendered the page under the next node
                continue
        mp.page.html()
    finally:
        mp.close()
    return "launched"
