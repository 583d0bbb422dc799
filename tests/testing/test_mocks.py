"""Network and API mocks in place before onLoad: launch(mocks=, url_check=), mock_api,
call_api, the network log (both dialects, real QuickJS, the bridge's real paths)."""

from __future__ import annotations

import pytest
from fanxing.bridge import MockRule
from fanxing.testing import ApiCallFailed, Fail, HarnessError, Response, launch

from .conftest import ROOT

WX = ROOT / "tests" / "fixtures" / "devday-wechat"
ALI = ROOT / "tests" / "fixtures" / "devday-alipay"
ITEMS = [{"id": 1, "title": "Tea"}, {"id": 2, "title": "Cake", "hot": True}]


def test_mocks_answer_what_onload_asks_wechat(tmp_path):
    mocks = {"GET https://api.example.com/items": ITEMS,
             "wx.getLocation": {"latitude": 30.25, "longitude": 120.5},
             "wx.getSystemInfoSync": {"brand": "MockPhone"}}
    with launch(WX, data_dir=tmp_path, mocks=mocks, url_check=False) as mp:
        data = mp.page.data
        assert data["items"] == ITEMS and data["status"] == 200
        assert data["where"] == "30.25,120.5"
        assert data["brand"] == "MockPhone"
        assert [n.text for n in mp.page.query_selector_all(".item")] == ["Tea", "Cake"]
        # the API log shows the mocked call with the dialect's shape
        loc = next(c for c in mp.api_calls if c["name"] == "wx.getLocation")
        assert loc["ok"] and loc["mocked"] and loc["result"]["errMsg"] == "getLocation:ok"
        assert not any(c["mocked"] for c in mp.api_calls if c["name"] != "wx.getLocation")
        (ex,) = mp.network
        assert ex["mock"] == "https://api.example.com/items"
        assert ex["method"] == "GET" and ex["status"] == 200
        assert ex["requestHeaders"]["X-Client"] == "feed"
        assert '"Cake"' in ex["responseBody"] and ex["ms"] is not None


def test_mocks_answer_what_onload_asks_alipay(tmp_path):
    mocks = {"https://api.example.com/*": Response(status=503, json={"msg": "down"}),
             "my.getLocation": Fail("denied by test", code=2001),
             "my.getSystemInfoSync": {"brand": "AliMock"}}
    with launch(ALI, data_dir=tmp_path, mocks=mocks, url_check=["api.example.com"]) as mp:
        data = mp.page.data
        assert data["brand"] == "AliMock"
        assert data["status"] == 503  # Alipay fails on a non-2xx status
        loc = next(c for c in mp.api_calls if c["name"] == "my.getLocation")
        assert loc["ok"] is False and loc["result"]["error"] == 2001


def test_domain_check_applies_to_mocked_urls(tmp_path):
    with launch(WX, data_dir=tmp_path, mocks={"https://api.example.com/items": ITEMS},
                url_check=["other.example.com"]) as mp:
        assert mp.page.data["items"] == []
        assert "domain list" in mp.page.data["error"]


def test_timeout_rule_and_times(tmp_path):
    mocks = {"GET https://api.example.com/items": Response(json=ITEMS[:1], times=1),
             "POST https://api.example.com/items": Response(error="timeout")}
    with launch(WX, data_dir=tmp_path, mocks=mocks, url_check=False) as mp:
        assert mp.page.data["items"] == ITEMS[:1]
        mp.page.get(".more").tap()
        assert mp.page.data["error"] == "request:fail timeout"
        post = mp.network[-1]
        assert post["method"] == "POST" and post["state"] == "failed"
        assert post["requestBody"] == '{"page": 2}'


def test_mock_api_and_call_api_while_running(tmp_path):
    with launch(WX, data_dir=tmp_path, url_check=False,
                mocks={"https://api.example.com/items": []}) as mp:
        mock = mp.mock_api("wx.login", lambda args: {"code": "c-" + args.get("x", "")})
        assert mp.call_api("wx.login", {"x": "1"})["code"] == "c-1"
        assert mock.calls == 1
        mp.mock_api("wx.getSystemInfoSync", {"brand": "Later"})
        assert mp.call_api("wx.getSystemInfoSync") == {"brand": "Later"}
        mp.unmock_api("wx.getSystemInfoSync")
        assert mp.call_api("wx.getSystemInfoSync")["brand"] != "Later"
        # storage through the app's own API, then read back the way the app would
        mp.call_api("wx.setStorage", {"key": "k", "data": {"n": 1}})
        assert mp.storage["k"] == {"n": 1}
        assert mp.call_api("wx.getStorage", {"key": "k"})["data"] == {"n": 1}
        mp.mock_api("wx.getStorage", Fail("broken disk"))
        with pytest.raises(ApiCallFailed) as e:
            mp.call_api("wx.getStorage", {"key": "k"})
        assert e.value.payload["errMsg"] == "getStorage:fail broken disk"


def test_bad_mocks_are_named(tmp_path):
    with pytest.raises(HarnessError, match=r"did you mean 'wx.getLocation'"):
        launch(WX, data_dir=tmp_path, mocks={"wx.getLocaton": {}})
    with pytest.raises(HarnessError, match="registers an event listener"):
        launch(WX, data_dir=tmp_path, mocks={"wx.onNetworkStatusChange": {}})
    with launch(WX, data_dir=tmp_path, url_check=False,
                mocks={"https://api.example.com/items": MockRule("x", status=201, json=[])}) as mp:
        assert mp.page.data["status"] == 201
        with pytest.raises(HarnessError, match="not an API"):
            mp.call_api("my.getLocation")
