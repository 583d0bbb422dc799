"""Every redirect hop passes the domain whitelist; unparseable URLs fail as documented;
with the check off, off-whitelist hops are let through and flagged (issue 10, finding 2).

Two real HTTP servers on 127.0.0.1: the "public" one (whitelisted) redirects to the
"private" one (another port, not whitelisted) that must never be reached."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fanxing.bridge import ApiError, AppPolicy

HITS: list[str] = []


class Private(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_GET(self):
        HITS.append(self.path)
        body = b"secret of the loopback service"
        self.send_response(200)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET


def public_handler(private: str):
    class Public(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            if self.path.startswith("/loop"):
                return self._redirect("/loop")
            if self.path.startswith("/local"):
                return self._redirect("/ok")
            if self.path.startswith("/ok"):
                body = b"public ok"
                self.send_response(200)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                return self.wfile.write(body)
            if self.path.startswith("/weird"):
                return self._redirect("http://127.0.0.1: 80/x")
            self._redirect(private + self.path)

        def do_POST(self):
            self.rfile.read(int(self.headers.get("content-length") or 0))
            self._redirect(private + "/upload", 307)

        def _redirect(self, where: str, status: int = 302):
            self.send_response(status)
            self.send_header("location", where)
            self.send_header("content-length", "0")
            self.end_headers()

    return Public


def _serve(handler):
    srv = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


@pytest.fixture(scope="module")
def servers():
    private = _serve(Private)
    private_url = f"http://127.0.0.1:{private.server_address[1]}"
    public = _serve(public_handler(private_url))
    yield f"http://127.0.0.1:{public.server_address[1]}", private_url
    public.shutdown()
    private.shutdown()


@pytest.fixture
def whitelisted(servers):
    public, _ = servers
    HITS.clear()
    return AppPolicy(domains=[public.replace("http://", "")])


def test_request_redirect_to_another_host_is_refused(make_bridge, servers, whitelisted):
    public, _ = servers
    for profile, name in (("wechat", "wx.request"), ("alipay", "my.request")):
        b = make_bridge(profile, policy=whitelisted)
        with pytest.raises(ApiError) as e:
            b.call_sync(name, {"url": f"{public}/steal", "dataType": "text"})
        payload = e.value.payload
        if profile == "wechat":
            assert payload == {"errMsg": "request:fail url not in domain list"}
        else:
            assert payload["error"] == 4 and "whitelist" in payload["errorMessage"]
    assert HITS == []  # the loopback service was never reached


def test_download_and_upload_redirects_are_checked(make_bridge, servers, whitelisted, tmp_path):
    public, _ = servers
    b = make_bridge("wechat", policy=whitelisted)
    with pytest.raises(ApiError) as e:
        b.call_sync("wx.downloadFile", {"url": f"{public}/file.txt"})
    assert e.value.payload == {"errMsg": "downloadFile:fail url not in domain list"}
    temp = b.network.save_temp(b.store_id, b.profile.get("tempFilePrefix", ""), b"x", ".txt")
    with pytest.raises(ApiError) as e:
        b.call_sync("wx.uploadFile", {"url": f"{public}/up", "filePath": temp, "name": "f"})
    assert e.value.payload == {"errMsg": "uploadFile:fail url not in domain list"}
    assert HITS == []


def test_redirect_within_the_whitelist_is_followed(make_bridge, servers, whitelisted):
    public, _ = servers
    b = make_bridge("wechat", policy=whitelisted)
    assert b.call_sync("wx.request", {"url": f"{public}/local"})["data"] == "public ok"


def test_redirect_loops_are_bounded(make_bridge, servers, whitelisted):
    public, _ = servers
    b = make_bridge("wechat", policy=whitelisted)
    with pytest.raises(ApiError) as e:
        b.call_sync("wx.request", {"url": f"{public}/loop"})
    assert e.value.payload == {"errMsg": "request:fail more than 10 redirects"}


@pytest.mark.parametrize("url", [
    "http://127.0.0.1: 80/x", "http://127.0.0.1:99999/", "http://exa mple.com/",
    "http://", "https://a.example.com:/x\n", "ftp://example.com/", "http://[::1/",
    "http://example.com\x00/", "not a url",
])
def test_unparseable_urls_fail_as_invalid_url(make_bridge, url):
    w = make_bridge("wechat", policy=AppPolicy(check_domains=False))
    with pytest.raises(ApiError) as e:
        w.call_sync("wx.request", {"url": url})
    assert e.value.payload == {"errMsg": f'request:fail invalid url "{url}"'}
    a = make_bridge("alipay", policy=AppPolicy(domains=["example.com"]))
    with pytest.raises(ApiError) as e:
        a.call_sync("my.downloadFile", {"url": url})
    assert e.value.payload["error"] == 2
    assert e.value.payload["errorMessage"].startswith(f"invalid url: {url}")
    assert "internal error" not in e.value.payload["errorMessage"]


def test_unparseable_redirect_target_is_an_error_not_a_crash(make_bridge, servers, whitelisted):
    public, _ = servers
    b = make_bridge("alipay", policy=whitelisted)
    with pytest.raises(ApiError) as e:
        b.call_sync("my.request", {"url": f"{public}/weird"})
    assert "internal error" not in e.value.payload["errorMessage"]


def test_check_off_lets_hops_through_and_flags_each(make_bridge, servers):
    public, private = servers
    HITS.clear()
    b = make_bridge("wechat", policy=AppPolicy(domains=[public.replace("http://", "")],
                                              check_domains=False))
    seen: list[tuple[str, str]] = []
    b.notices.append(lambda level, text: seen.append((level, text)))
    r = b.call_sync("wx.request", {"url": f"{public}/dev"})
    assert r["data"] == "secret of the loopback service"
    assert HITS == ["/dev"]
    assert seen == [("warn", f"wx.request: {private}/dev is not in the domain whitelist; "
                             "allowed only because the domain check is off (urlCheck: false)")]
