"""Alipay component2: what the project switch turns on.

https://opendocs.alipay.com/mini/framework/component-lifecycle (onInit and
deriveDataFromProps need component2; `my.canIUse('component2')` tells),
https://opendocs.alipay.com/mini/03dbc3#compileOptions (compileOptions.component2,
default false; app.json plugins force it on),
https://opendocs.alipay.com/mini/framework/component-ref (ref callbacks need component2).
"""

from __future__ import annotations

import pytest

from .kit import logs, unit

PAGE = "pages/index/index"
COMP = "components/my/index"
USING = {"usingComponents": {"my-component": "/" + COMP}}
HOOKS = ("Component({ props: { a: 1 }, onInit() { console.log('hook', 'onInit'); },"
         " deriveDataFromProps() { console.log('hook', 'derive'); },"
         " didMount() { console.log('hook', 'didMount', my.canIUse('component2')); } });")


@pytest.mark.parametrize("component2", [True, False])
def test_component2_switch(app, component2):
    page = unit('<my-component ref="saveRef"/>',
                "Page({ saveRef(r) { console.log('hook', 'ref'); } });", USING)
    mp = app("alipay", {PAGE: page}, components={COMP: unit("<view/>", HOOKS)},
             component2=component2)
    if component2:
        assert logs(mp, "hook") == ["onInit", "derive", "ref", ["didMount", True]]
    else:
        assert logs(mp, "hook") == [["didMount", False]]


def test_plugins_force_component2(app):
    mp = app("alipay", {PAGE: unit("<view/>", "Page({ onLoad() {"
                                             " console.log('c2', my.canIUse('component2')); } });")},
             app_json={"plugins": {"myPlugin": {"version": "*", "provider": "2019"}}},
             component2=False)
    assert logs(mp, "c2") == [True]


def test_can_i_use_framework_features(app):
    js = ("Page({ onLoad() { console.log('c', my.canIUse('component'),"
          " my.canIUse('component.observers'), my.canIUse('sjs.event'),"
          " my.canIUse('no.such.feature')); } });")
    mp = app("alipay", {PAGE: unit("<view/>", js)})
    assert logs(mp, "c") == [[True, True, True, False]]
