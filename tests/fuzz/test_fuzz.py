"""Keep attacking: a few thousand generated templates, styles, configs, SJS/WXS and JS
through the compiler, and generated apps through a launch (issue 10). Nothing may raise:
bad input is a diagnostic, a runaway is a reported app error. ``bench/fuzz_run.py`` runs
the same generator over 100 000 apps."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from fanxing.compiler.diagnostics import DiagnosticSink
from fanxing.compiler.jsonpos import JsonSyntaxError, parse_json
from fanxing.compiler.jsvalue import JSError
from fanxing.compiler.modules import transform_module
from fanxing.compiler.styles import compile_stylesheet
from fanxing.compiler.template_runtime import RenderBudgetExceeded, render_budget
from fanxing.compiler.templates import compile_template_set
from fuzz_apps import Draw, page_config, page_script, run_case, script_module, style, template
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SEEDS = st.integers(0, 2**32 - 1)
def fast(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))


def draw(seed: int, clean: bool) -> Draw:
    rnd = Draw(seed)
    rnd.clean = clean
    return rnd


def located(sink: DiagnosticSink) -> bool:
    return all(d.line >= 1 and d.col >= 1 and d.path for d in sink.items)


@fast(800)
@given(seed=SEEDS, clean=st.booleans(), dialect=st.sampled_from(["wechat", "alipay"]))
def test_templates_compile_and_render(seed, clean, dialect):
    rnd = draw(seed, clean)
    ext, p = (".wxml", "wx:") if dialect == "wechat" else (".axml", "a:")
    sink = DiagnosticSink()
    ts = compile_template_set({"p" + ext: template(rnd, p)}, dialect, sink)
    assert located(sink)
    data = {"a": 1, "b": "x", "list": [{"v": 1, "id": "a"}, 2, None], "obj": {"a": [1]},
            "n": 3, "s": "str"}
    try:  # module calls run for real in the launches below
        with render_budget():
            ts.render("p" + ext, data, _NO_CALLS)
    except (RenderBudgetExceeded, JSError):  # app errors: the container reports them
        pass


class _NoCalls:
    """A view without modules: module reads give undefined, as for a missing module."""

    def call_module(self, module_id, member, args):
        return None

    def module_member(self, module_id, member):
        return None


_NO_CALLS = _NoCalls()


@fast(1200)
@given(seed=SEEDS, clean=st.booleans())
def test_styles_compile(seed, clean):
    rnd = draw(seed, clean)
    sink = DiagnosticSink()
    compile_stylesheet("p.wxss", style(rnd), loader=lambda rel: None, sink=sink,
                       class_prefix="c-" if rnd.random() < 0.5 else "")
    assert located(sink)


@fast(300)
@given(seed=SEEDS, clean=st.booleans(), wxs=st.booleans())
def test_scripts_compile(seed, clean, wxs):
    rnd = draw(seed, clean)
    source = script_module(rnd) if wxs else page_script(rnd, "wechat")
    sink = DiagnosticSink()
    transform_module("m.wxs" if wxs else "p.js", "m.wxs" if wxs else "p.js", source, sink=sink)
    assert located(sink)


@fast(500)
@given(seed=SEEDS, clean=st.booleans())
def test_configs_parse(seed, clean):
    text = page_config(draw(seed, clean))
    try:
        parse_json(text)
    except JsonSyntaxError as e:
        assert e.line >= 1 and e.col >= 1


APP_SEEDS = random.Random(10).sample(range(2**32), 30)


@pytest.mark.parametrize("seed", APP_SEEDS)
def test_generated_apps_compile_launch_and_answer(tmp_path: Path, seed: int):
    assert run_case(seed, tmp_path) in ("launched", "compiled", "rejected")
