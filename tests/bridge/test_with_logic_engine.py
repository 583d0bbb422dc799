"""api.js inside the real logic engine (fanxing.runtime.logic), answered by a real Bridge."""

from __future__ import annotations

import asyncio

import pytest
from fanxing.bridge import ApiError, api_script

logic = pytest.importorskip("fanxing.runtime.logic")
js_module = pytest.importorskip("fanxing.compiler.js_module")

APP = """
App({ onLaunch() {
  my.setStorageSync({key: 'n', data: 1});
  console.log('sync', JSON.stringify(my.getStorageSync({key: 'n'})), typeof wx, typeof my.ap,
              my.canIUse('getLocation.return.pois'));
  my.getLocation({type: 1, success(r) { console.log('loc', r.city) }});
  my.setStorage({key: 'm', data: {a: 1}})
    .then(() => console.log('after', JSON.stringify(my.getStorageSync({key: 'm'}))));
}});
"""


def test_api_js_in_the_logic_engine(make_bridge):
    b = make_bridge("alipay", {"consent": "allow"})
    mods = {"app.js": js_module.JsModule(id="app.js", path="app.js", code=APP, deps={})}
    eng = logic.LogicEngine(mods, dialect="alipay", app_config={}, api_script=api_script(),
                            api_table=b.api_table(), sync_state=b.sync_state())
    queue = list(eng.process({"type": "appLaunch",
                              "options": {"path": "pages/index/index", "query": {}, "scene": 1}}))
    logs = []
    for _ in range(50):
        if not queue:
            break
        m = queue.pop(0)
        if m["type"] == "console":
            logs.append(m["args"])
        elif m["type"] == "api":
            start = len(b.host.patches)
            try:
                res, ok = asyncio.run(b.call(m["name"], m["args"])), True
            except ApiError as e:
                res, ok = e.payload, False
            for patch in b.host.patches[start:]:
                queue += eng.process({"type": "syncState", "patch": patch})
            queue += eng.process({"type": "apiResult", "callId": m["callId"], "ok": ok,
                                  "result": res})
        assert m["type"] != "error", m
    assert ["sync", '{"data":1}', "undefined", "object", True] in logs
    assert ["loc", "杭州市"] in logs
    assert ["after", '{"data":{"a":1}}'] in logs
    assert b.storage.items == {"n": 1, "m": {"a": 1}}
