"""Network: request, uploadFile, downloadFile over httpx, with the per-app domain
whitelist, mock rules (for the simulator and tests) and abortable tasks."""

from __future__ import annotations

import asyncio
import base64
import fnmatch
import json
import mimetypes
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from .context import ApiContext
from .errors import ApiError
from .jsonstore import safe_name
from .network_log import Exchange, NetworkLog
from .registry import Registry

# Alipay my.request error codes.
NO_DOMAIN, NET_ERROR, TIMEOUT, DECODE_FAILED, HTTP_ERROR, ABORTED = 4, 12, 13, 14, 19, 9
BAD_URL = 2  # Alipay: parameter error
ARRAY_BUFFER = "__fxArrayBuffer"  # marks base64 bytes api.js turns into an ArrayBuffer
MAX_REDIRECTS = 10  # hops followed per exchange, each one checked against the whitelist

UrlCheck = Callable[[str], None]


@dataclass
class MockRule:
    """A canned answer for requests whose URL matches ``url`` (a glob pattern).

    ``error`` simulates a failure instead (``"timeout"`` or ``"network"``). ``times``
    limits how often the rule answers (None: always). ``calls`` counts its hits.
    """

    url: str
    method: str | None = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: str | bytes | None = None
    json: Any = None
    error: str | None = None
    times: int | None = None
    calls: int = 0

    def matches(self, method: str, url: str) -> bool:
        if self.method and self.method.upper() != method:
            return False
        if self.times is not None and self.calls >= self.times:
            return False
        return fnmatch.fnmatchcase(url, self.url) or url.split("?", 1)[0] == self.url


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    content: bytes


class NetworkService:
    """HTTP for the mini-program, plus mocks, running tasks and temp files."""

    def __init__(self, files_dir: Path | None = None, *,
                 mocks: list[MockRule] | None = None) -> None:
        self.mocks: list[MockRule] = mocks if mocks is not None else []
        self.files_dir = Path(files_dir) if files_dir else None
        self._running: dict[str, asyncio.Future[Any]] = {}
        self._aborted: set[str] = set()
        self.log = NetworkLog()  # the Network panel's entries

    def mock(self, url: str, **options: Any) -> MockRule:
        """Add a mock rule (first added, first matched); returns it."""
        rule = MockRule(url=url, **options)
        self.mocks.append(rule)
        return rule

    def clear_mocks(self) -> None:
        self.mocks.clear()

    def abort(self, task_id: str) -> None:
        """Abort a running task (or one that has not started yet)."""
        fut = self._running.get(task_id)
        if fut is not None:
            fut.cancel()
        else:
            self._aborted.add(task_id)

    async def send(self, method: str, url: str, *, headers: dict[str, str], content: bytes | None,
                   files: dict[str, Any] | None, data: dict[str, Any] | None, timeout: float,
                   task_id: str | None, kind: str = "request",
                   check: UrlCheck | None = None) -> Reply:
        """One HTTP exchange (mock or real), recorded in ``log`` as ``kind``; raises
        ``ApiError`` for failures. Redirects are followed here, at most
        ``MAX_REDIRECTS``, and ``check`` (the whitelist) vets every hop's URL."""
        record = self.log.start(kind, method, url, headers, _sent_body(content, files, data))
        try:
            reply = await self._send(method, url, headers, content, files, data, timeout,
                                     task_id, record, check)
        except ApiError as e:
            self.log.finish(record, error=e.message)
            raise
        except BaseException as e:
            self.log.finish(record, error=type(e).__name__)
            raise
        self.log.finish(record, status=reply.status, headers=reply.headers, body=reply.content)
        return reply

    async def _send(self, method: str, url: str, headers: dict[str, str],
                    content: bytes | None, files: dict[str, Any] | None,
                    data: dict[str, Any] | None, timeout: float, task_id: str | None,
                    record: Exchange, check: UrlCheck | None) -> Reply:
        if task_id and task_id in self._aborted:
            self._aborted.discard(task_id)
            raise ApiError("request aborted", code=ABORTED, wx="abort")
        fut = asyncio.ensure_future(self._exchange(method, url, headers, content, files, data,
                                                   timeout, record, check))
        if task_id:
            self._running[task_id] = fut
        try:
            return await fut
        except asyncio.CancelledError:
            if fut.cancelled():
                raise ApiError("request aborted", code=ABORTED, wx="abort") from None
            raise
        finally:
            if task_id:
                self._running.pop(task_id, None)

    async def _exchange(self, method: str, url: str, headers: dict[str, str],
                        content: bytes | None, files: dict[str, Any] | None,
                        data: dict[str, Any] | None, timeout: float,
                        record: Exchange | None = None, check: UrlCheck | None = None) -> Reply:
        for rule in self.mocks:
            if rule.matches(method, url):
                rule.calls += 1
                if record is not None:
                    record.mock = rule.url
                return _mock_reply(rule)
        import httpx  # ~40 ms to import: only once the app makes a real request

        try:
            async with httpx.AsyncClient(timeout=timeout, follow_redirects=False) as client:
                request = client.build_request(method, url, headers=headers, content=content,
                                               files=files, data=data)
                for _hop in range(MAX_REDIRECTS + 1):
                    r = await client.send(request)
                    if r.next_request is None:
                        return Reply(r.status_code, dict(r.headers), await r.aread())
                    await r.aclose()
                    request = r.next_request
                    if check is not None:
                        check(str(request.url))
                raise ApiError(f"more than {MAX_REDIRECTS} redirects", code=NET_ERROR,
                               wx=f"more than {MAX_REDIRECTS} redirects")
        except httpx.InvalidURL as e:
            raise invalid_url(url, str(e)) from None
        except httpx.TimeoutException:
            raise ApiError("request timed out", code=TIMEOUT, wx="timeout") from None
        except httpx.HTTPError as e:
            raise ApiError(f"network error: {e}", code=NET_ERROR, wx=f"network error: {e}") from None

    # -- temp files -------------------------------------------------------------------

    def _tmp_dir(self, app_id: str) -> Path:
        if self.files_dir is None:
            raise ApiError("no folder for files is configured", wx="no file folder")
        return self.files_dir / safe_name(app_id) / "tmp"

    def save_temp(self, app_id: str, prefix: str, content: bytes, ext: str) -> str:
        """Store downloaded bytes; returns the virtual temp path the app sees."""
        name = f"{uuid.uuid4().hex}{ext}"
        folder = self._tmp_dir(app_id)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
        return prefix + name

    def resolve_temp(self, app_id: str, prefix: str, virtual: str) -> Path:
        """The real file behind a virtual temp path (only this app's temp files)."""
        name = virtual[len(prefix):] if virtual.startswith(prefix) else ""
        path = self._tmp_dir(app_id) / name
        if not name or "/" in name or "\\" in name or not path.is_file():
            raise ApiError(f"file not found: {virtual}", wx=f"file not found: {virtual}")
        return path


def _sent_body(content: bytes | None, files: dict[str, Any] | None,
               data: dict[str, Any] | None) -> bytes | str | None:
    """What the log shows of a request body (an upload: its form and file sizes)."""
    if files is None:
        return content
    parts = [f"{k}={v}" for k, v in (data or {}).items()]
    parts += [f"{k}: file {f[0]} ({len(f[1])} bytes, {f[2]})" for k, f in files.items()]
    return "multipart/form-data\n" + "\n".join(parts)


def _mock_reply(rule: MockRule) -> Reply:
    if rule.error == "timeout":
        raise ApiError("request timed out", code=TIMEOUT, wx="timeout")
    if rule.error:
        raise ApiError(f"network error: {rule.error}", code=NET_ERROR, wx=rule.error)
    headers = dict(rule.headers)
    if rule.json is not None:
        body = json.dumps(rule.json, ensure_ascii=False).encode()
        headers.setdefault("content-type", "application/json")
    else:
        body = rule.body.encode() if isinstance(rule.body, str) else (rule.body or b"")
    return Reply(rule.status, headers, body)


# -- handlers ---------------------------------------------------------------------------

def invalid_url(url: str, why: str = "", code: int = BAD_URL) -> ApiError:
    """The documented failure for a URL that cannot be parsed or has the wrong scheme."""
    reason = f" ({why})" if why else ""
    return ApiError(f"invalid url: {url}{reason}", code=code, wx=f'invalid url "{url}"')


def parse_url(url: str, schemes: tuple[str, ...], code: int = BAD_URL) -> None:
    """Raise ``invalid_url`` unless ``url`` is a well-formed URL with one of ``schemes``
    (a host, a numeric port if any, no spaces or control characters in the authority)."""
    try:
        u = urlsplit(url)
        port = u.port  # raises ValueError for "a b", "99999"…
    except ValueError as e:
        raise invalid_url(url, str(e), code) from None
    if u.scheme.lower() not in schemes:
        raise invalid_url(url, f"expected {' or '.join(s + '://' for s in schemes)}", code)
    if not u.hostname or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in u.netloc):
        raise invalid_url(url, "bad host", code)
    if port == 0:
        raise invalid_url(url, "bad port", code)
    import httpx  # only once the app makes a request

    try:
        httpx.URL(url)
    except httpx.InvalidURL as e:
        raise invalid_url(url, str(e), code) from None


def whitelist_check(ctx: ApiContext, schemes: tuple[str, ...] = ("http", "https"),
                    bad_url_code: int = BAD_URL) -> UrlCheck:
    """The check for every URL an exchange reaches (the first and each redirect hop):
    invalid URLs fail; a host off the whitelist fails, or, with the check off (the
    developer tools' switch), is let through and flagged to the developer."""

    def check(url: str) -> None:
        parse_url(url, schemes, bad_url_code)
        policy = ctx.bridge.policy
        if policy.domain_listed(url):
            return
        if policy.check_domains:
            raise ApiError(f"domain of {url} is not in this mini-program's whitelist",
                           code=NO_DOMAIN, wx="url not in domain list")
        ctx.bridge.notify("warn", f"{ctx.name}: {url} is not in the domain whitelist; allowed "
                                  "only because the domain check is off (urlCheck: false)")

    return check


def _check_url(ctx: ApiContext, url: str) -> UrlCheck:
    check = whitelist_check(ctx)
    check(url)
    return check


def _header_get(headers: dict[str, str], name: str) -> str | None:
    return next((v for k, v in headers.items() if k.lower() == name), None)


def _encode(method: str, url: str, data: Any, headers: dict[str, str]) -> tuple[str, bytes | None]:
    if data is None:
        return url, None
    if method in ("GET", "HEAD"):
        query = data if isinstance(data, str) else urlencode(
            {k: v if isinstance(v, str) else json.dumps(v) for k, v in data.items()})
        return (url + ("&" if "?" in url else "?") + query if query else url), None
    ctype = (_header_get(headers, "content-type") or "application/json").lower()
    if isinstance(data, str):
        return url, data.encode()
    if "x-www-form-urlencoded" in ctype and isinstance(data, dict):
        return url, urlencode({k: v if isinstance(v, str) else json.dumps(v)
                               for k, v in data.items()}).encode()
    return url, json.dumps(data, ensure_ascii=False).encode()


def _decode(ctx: ApiContext, reply: Reply, data_type: str, response_type: str) -> Any:
    if response_type == "arraybuffer" or data_type in ("base64", "arraybuffer"):
        b64 = base64.b64encode(reply.content).decode()
        return b64 if data_type == "base64" else {ARRAY_BUFFER: b64}
    text = reply.content.decode("utf-8", errors="replace")
    if data_type.lower() != "json":
        return text
    try:
        return json.loads(text) if text.strip() else text
    except ValueError:
        if ctx.wx:
            return text  # WeChat hands back the raw text when it is not JSON
        raise ApiError("response is not valid JSON", code=DECODE_FAILED,
                       wx="response is not valid JSON") from None


async def request(ctx: ApiContext, args: dict[str, Any]) -> Any:
    url, method = args["url"], (args.get("method") or "GET").upper()
    check = _check_url(ctx, url)
    headers = {str(k): str(v) for k, v in (args.get("header" if ctx.wx else "headers")
                                           or {}).items()}
    url, content = _encode(method, url, args.get("data"), headers)
    if content is not None and _header_get(headers, "content-type") is None:
        headers["content-type"] = "application/json"
    timeout = (args.get("timeout") or (60000 if ctx.wx else 30000)) / 1000
    reply = await ctx.bridge.network.send(method, url, headers=headers, content=content,
                                          files=None, data=None, timeout=timeout,
                                          task_id=args.get("taskId"), check=check)
    data = _decode(ctx, reply, str(args.get("dataType") or "json"),
                   str(args.get("responseType") or "text"))
    if ctx.wx:
        return {"data": data, "statusCode": reply.status, "header": reply.headers, "cookies": []}
    result = {"data": data, "status": reply.status, "headers": reply.headers}
    if not 200 <= reply.status < 300:
        raise ApiError(f"HTTP error {reply.status}", code=HTTP_ERROR, extra=result)
    return result


async def upload_file(ctx: ApiContext, args: dict[str, Any]) -> Any:
    check = _check_url(ctx, args["url"])
    prefix = ctx.bridge.profile.get("tempFilePrefix", "")
    path = ctx.bridge.network.resolve_temp(ctx.bridge.store_id, prefix, args["filePath"])
    field_name = args["name" if ctx.wx else "fileName"]
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    form = {str(k): str(v) for k, v in (args.get("formData") or {}).items()}
    headers = {str(k): str(v) for k, v in (args.get("header") or {}).items()}
    reply = await ctx.bridge.network.send(
        "POST", args["url"], headers=headers, content=None, data=form,
        files={field_name: (path.name, path.read_bytes(), mime)},
        timeout=(args.get("timeout") or 60000) / 1000, task_id=args.get("taskId"),
        kind="uploadFile", check=check)
    text = reply.content.decode("utf-8", errors="replace")
    return {"data": text, "statusCode": reply.status, "header": reply.headers}


async def download_file(ctx: ApiContext, args: dict[str, Any]) -> Any:
    url = args["url"]
    check = _check_url(ctx, url)
    headers = {str(k): str(v) for k, v in (args.get("header") or {}).items()}
    reply = await ctx.bridge.network.send("GET", url, headers=headers, content=None, data=None,
                                          files=None, timeout=(args.get("timeout") or 60000) / 1000,
                                          task_id=args.get("taskId"), kind="downloadFile",
                                          check=check)
    if not 200 <= reply.status < 300 and not ctx.wx:
        raise ApiError(f"HTTP error {reply.status}", code=HTTP_ERROR,
                       extra={"status": reply.status})
    ext = Path(urlsplit(url).path).suffix[:10]
    prefix = ctx.bridge.profile.get("tempFilePrefix", "")
    virtual = ctx.bridge.network.save_temp(ctx.bridge.store_id, prefix, reply.content, ext)
    if ctx.wx:
        return {"tempFilePath": virtual, "statusCode": reply.status}
    return {"tempFilePath": virtual, "apFilePath": virtual}


async def abort_task(ctx: ApiContext, args: dict[str, Any]) -> Any:
    ctx.bridge.network.abort(str(args["taskId"]))
    return None


async def http_request(ctx: ApiContext, args: dict[str, Any]) -> Any:
    """Alipay's older ``my.httpRequest``: ``my.request`` with a form-encoded body by
    default (opendocs.alipay.com/mini/api/owycmh, my.request FAQ)."""
    headers = dict(args.get("headers") or {})
    if _header_get(headers, "content-type") is None:
        headers["content-type"] = "application/x-www-form-urlencoded"
    return await request(ctx, {**args, "headers": headers})


def register(reg: Registry) -> None:
    methods = ["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT", "PATCH"]
    common = {"url": "string!", "data": "any", "timeout": "number", "taskId": "string",
              "method": {"type": "string", "enum": methods + [m.lower() for m in methods]}}
    reg.add("request", request, family="alipay", task=True, returns=("data", "status", "headers"),
            schema={**common, "headers": "object",
                    "dataType": {"type": "string", "enum": ["json", "text", "base64",
                                                            "arraybuffer"]}})
    reg.add("httpRequest", http_request, family="alipay", task=True,
            returns=("data", "status", "headers"),
            schema={**common, "headers": "object",
                    "dataType": {"type": "string", "enum": ["json", "text", "base64"]}})
    reg.add("request", request, family="wechat", task=True,
            returns=("data", "statusCode", "header", "cookies"),
            schema={**common, "header": "object", "dataType": "string",
                    "responseType": {"type": "string", "enum": ["text", "arraybuffer"]}})
    upload = {"url": "string!", "filePath": "string!", "header": "object", "formData": "object",
              "timeout": "number", "taskId": "string"}
    reg.add("uploadFile", upload_file, family="alipay", task=True,
            schema={**upload, "fileName": "string!",
                    "fileType": {"type": "string", "required": True,
                                 "enum": ["image", "video", "audio"]}},
            returns=("data", "statusCode", "header"))
    reg.add("uploadFile", upload_file, family="wechat", task=True,
            schema={**upload, "name": "string!"}, returns=("data", "statusCode", "header"))
    reg.add("downloadFile", download_file, task=True, returns=("tempFilePath",),
            schema={"url": "string!", "header": "object", "timeout": "number", "taskId": "string"})
    reg.add("abortTask", abort_task, namespace="fx", schema={"taskId": "string|number!"})
