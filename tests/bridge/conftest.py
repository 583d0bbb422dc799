"""Fixtures for the bridge tests: real Bridges over a temporary data folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fanxing.bridge import Bridge, ScriptedHost

from .jsenv import JsEnv

ALIPAY_FAMILY = ["alipay", "taobao", "dingtalk", "amap"]
ALL_PROFILES = [*ALIPAY_FAMILY, "wechat"]


@pytest.fixture
def make_bridge(tmp_path: Path) -> Callable[..., Bridge]:
    """``make_bridge(profile, answers=None, app_id='app1', user='u1', host=None, **kw)``."""

    def make(profile: str = "alipay", answers: dict[str, Any] | None = None, *,
             app_id: str = "app1", user: str = "u1", host: Any = None, **kw: Any) -> Bridge:
        return Bridge(profile, data_dir=kw.pop("data_dir", tmp_path), user=user, app_id=app_id,
                      host=host or ScriptedHost(answers), **kw)

    return make


@pytest.fixture
def make_js(make_bridge: Callable[..., Bridge]) -> Callable[..., JsEnv]:
    """``make_js(profile, answers=None, **kw)``: api.js in QuickJS over a real Bridge."""

    def make(profile: str = "alipay", answers: dict[str, Any] | None = None, **kw: Any) -> JsEnv:
        return JsEnv(make_bridge(profile, answers, **kw))

    return make
