"""samples/host-embed: a real mini-program runs inside a host program's setup."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from fanxing.testing import launch

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "host-embed"


def _host_module():
    spec = importlib.util.spec_from_file_location("host_embed_sample", SAMPLE / "host.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_coupon_app_runs_inside_mybank(tmp_path):
    out = _host_module().launch(tmp_path)
    assert out["errors"] == []
    data = out["data"]
    # my.call reached the host's custom API; the host's own payment provider paid.
    assert data["payment"] == "result 9000"
    assert data["balance"] == 70
    # The host's mock served the coupon backend; its policy denied location and bank.*.
    assert data["coupons"] == [{"id": 1, "title": "10% off"}]
    assert data["location"] == "denied (4)"
    assert data["transfer"] == "not offered by this host"


def test_granted_custom_namespace_is_callable(tmp_path):
    host = _host_module()
    host_app = host.make_host_app(tmp_path)
    # Another mini-program id has no deny rule: bank.transfer is offered and validated.
    with launch(SAMPLE / "coupon-app", host_app=host_app, app_id="other-app") as mp:
        assert mp.page.data["transfer"] == "ok → savings"
        assert mp.page.data["location"] != "denied (4)"


def test_same_app_without_the_host_lacks_its_apis(tmp_path):
    # Under the plain Alipay profile there is no getBalance: the app reports it, no crash.
    with launch(SAMPLE / "coupon-app", data_dir=tmp_path) as mp:
        assert mp.page.data["transfer"] == ""  # onLoad stopped at the failed my.call
        assert mp.errors, "the failing my.call must be reported as an app error"
