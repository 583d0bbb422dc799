"""``fanxing cloud``: invoke, import/export, collections, acl, index, reset, serve."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from pathlib import Path

from click.testing import CliRunner
from fanxing.runtime.cli.main import main

APP = str(Path(__file__).resolve().parents[3] / "samples" / "cloud-wechat")


def cli(tmp_path, *args, input=None):
    return CliRunner().invoke(main, ["cloud", *args[:1], APP, *args[1:], "--data-dir",
                                     str(tmp_path)], input=input)


def test_invoke_prints_result_logs_and_duration(tmp_path):
    r = cli(tmp_path, "invoke", "login", "--user", "ada")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert len(out["openid"]) == 28 and "ms (cold)" in r.stderr
    r = cli(tmp_path, "invoke", "createOrder", "--data", '{"item": "x"}')
    assert r.exit_code == 1 and "error: item and fee are required" in r.output
    r = cli(tmp_path, "invoke", "nope")
    assert r.exit_code == 1 and "function 'nope' not found" in r.output
    r = cli(tmp_path, "invoke", "login", "--data", "{bad")
    assert r.exit_code == 1 and "--data: not JSON" in r.output


def test_import_export_collections_acl_index_reset(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"_id": "a", "n": 1}\n{"_id": "b", "n": 2, "tags": ["x"]}\n')
    assert cli(tmp_path, "import", "things", str(src)).exit_code == 0
    r = cli(tmp_path, "export", "things")
    assert [json.loads(x) for x in r.stdout.splitlines()] == [
        {"_id": "a", "n": 1}, {"_id": "b", "n": 2, "tags": ["x"]}]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"_id": "c"}\n[1]\n')
    r = cli(tmp_path, "import", "things", str(bad))
    assert r.exit_code == 1 and "bad.jsonl:2:1: each line must be a JSON object" in r.output
    assert cli(tmp_path, "acl", "things", "READONLY").exit_code == 0
    r = cli(tmp_path, "acl", "things", "CUSTOM", "--rules", '{"read": "doc.x = 1"}')
    assert r.exit_code == 1 and "permission rule" in r.output
    assert cli(tmp_path, "index", "things", "n").exit_code == 0
    assert cli(tmp_path, "collections").stdout == "things\t2\tREADONLY\n"
    assert cli(tmp_path, "reset", "--yes").exit_code == 0
    assert cli(tmp_path, "collections").stdout == ""


def test_serve_answers_functions_and_database_with_a_token(tmp_path):
    runner_result = {}

    def serve():
        runner_result["r"] = CliRunner().invoke(main, [
            "cloud", "serve", APP, "--data-dir", str(tmp_path), "--port", "0", "--token", "t0k"])

    # --port 0 picks a free port; find it from the server the command starts.
    import http.server
    started = {}
    orig = http.server.ThreadingHTTPServer.__init__

    def spy(self, *a, **kw):
        orig(self, *a, **kw)
        started["server"] = self

    http.server.ThreadingHTTPServer.__init__ = spy
    try:
        t = threading.Thread(target=serve, daemon=True)
        t.start()
        for _ in range(200):
            if "server" in started:
                break
            time.sleep(0.05)
    finally:
        http.server.ThreadingHTTPServer.__init__ = orig
    server = started["server"]
    base = f"http://127.0.0.1:{server.server_port}"

    def post(path, body, token="t0k"):
        req = urllib.request.Request(base + path, json.dumps(body).encode(), method="POST",
                                     headers={"Authorization": f"Bearer {token}"})
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return resp.status, json.loads(resp.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    try:
        assert post("/v1/functions/login", {"user": "ada"}, token="wrong")[0] == 401
        status, inv = post("/v1/functions/login", {"user": "ada"})
        assert status == 200 and inv["ok"] and len(inv["value"]["openid"]) == 28
        status, res = post("/v1/database", {"request": {"op": "add", "collection": "c",
                                                        "data": {"a": 1}}})
        assert status == 200 and len(res["_id"]) == 32
        status, res = post("/v1/database", {"request": {"op": "get", "collection": "c",
                                                        "where": {"a": {"$cmd": "gt"}}}})
        assert status == 400 and "needs an argument" in res["error"]
    finally:
        server.shutdown()
        t.join(10)
