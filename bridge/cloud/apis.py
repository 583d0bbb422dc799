"""The client cloud APIs: ``wx.cloud.*`` (WeChat) and ``my.cloud.createCloudContext``
(Alipay family), and the bridge-internal calls their JS objects make (``js/client.js``).

The caller's identity is the bridge's: its identity service's open id for this app and
user, never anything in the request. Every handler runs the cloud's blocking work in a
worker thread so a slow function never stalls the bridge's loop.
"""

from __future__ import annotations

import asyncio
import hashlib
import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..context import ApiContext, no_permission
from ..errors import BAD_PARAM, NO_PERMISSION, ApiError
from ..files import notify_changed
from ..jsonstore import safe_name
from ..sandbox import Sandbox
from .cloud import CLOUD_ERRORS, Cloud, caller_union, open_cloud
from .database.permissions import PermissionDenied
from .functions.pool import FunctionError
from .project import functions_root
from .watch import WatchHub

if TYPE_CHECKING:
    from ..bridge import Bridge
    from ..registry import Registry

FUNCTION_ERROR = 10  # Alipay-family code for a function that failed (fanxing's choice)


def cloud_of(bridge: Bridge) -> Cloud:
    """The app's shared cloud, attached to this bridge (identity, ledger, payment hook)."""
    cloud = getattr(bridge, "_cloud", None)
    if cloud is None:
        folder = bridge.data_dir / "cloud" / safe_name(bridge.store_id)
        root = functions_root(bridge.package_dir)
        cloud = open_cloud(folder, lambda: Cloud(folder, functions_root=root,
                                                 identity=bridge.identity,
                                                 ledger=bridge.ledger))
        attach(cloud, bridge)
        bridge._cloud_opened = True  # Bridge.aclose releases it
    return cloud


def attach(cloud: Cloud, bridge: Bridge) -> None:
    """Make ``cloud`` the bridge's cloud: codes its identity issued can be exchanged,
    trades go to its ledger, and settled trades notify the cloud."""
    bridge._cloud = cloud
    if bridge.identity not in cloud.identities:
        cloud.identities.append(bridge.identity)
    if cloud.ledger is None:
        cloud.ledger = bridge.ledger
    if cloud.payment_settled not in bridge.ledger.hooks:
        bridge.ledger.hooks.append(cloud.payment_settled)


def caller_of(bridge: Bridge, env: str | None = None) -> dict[str, Any]:
    """Who is calling, from the bridge's identity service (profile, app, user)."""
    wx = bridge.profile.dialect == "wechat"
    return {"openId": bridge.identity.open_id(bridge.app_id, bridge.user),
            "appId": bridge.app_id, "unionId": caller_union(bridge.user),
            "userId": bridge.user, "env": env or "local", "profile": bridge.profile.name,
            "source": "wx_client" if wx else "alipay_client"}


def _fail(e: Exception) -> ApiError:
    if isinstance(e, PermissionDenied):
        return ApiError(str(e), code=NO_PERMISSION, wx=f"permission denied: {e}")
    if isinstance(e, FunctionError):
        extra: dict[str, Any] = {"kind": e.kind}
        if e.invocation is not None:
            extra["requestID"] = e.invocation.request_id
        return ApiError(str(e), code=FUNCTION_ERROR, wx=f"{e.kind}: {e}", extra=extra)
    return ApiError(str(e), code=BAD_PARAM, wx=str(e))


def _check_policy(ctx: ApiContext, api: str) -> None:
    full = f"{ctx.bridge.profile.base}.cloud.{api}"
    if not ctx.bridge.policy.api_allowed(full):
        raise no_permission(full)


async def _run(fn: Any, *args: Any) -> Any:
    try:
        return await asyncio.to_thread(fn, *args)
    except CLOUD_ERRORS as e:
        raise _fail(e) from None


# -- functions ----------------------------------------------------------------------------

async def call_function(ctx: ApiContext, args: dict[str, Any]) -> Any:
    _check_policy(ctx, "callFunction")
    cloud = cloud_of(ctx.bridge)
    config = args.get("config") if isinstance(args.get("config"), dict) else {}
    caller = caller_of(ctx.bridge, config.get("env") or args.get("env"))
    inv = await _run(cloud.call_function, args["name"], args.get("data") or {}, caller)
    return {"result": inv.value, "requestID": inv.request_id, "requestId": inv.request_id}


# -- database -----------------------------------------------------------------------------

async def cloud_db(ctx: ApiContext, args: dict[str, Any]) -> Any:
    _check_policy(ctx, "database")
    cloud = cloud_of(ctx.bridge)
    if args.get("op") in ("watch", "unwatch"):
        return _watch(ctx.bridge, cloud, args)
    return await _run(cloud.client_db, args, caller_of(ctx.bridge))


def _watch(bridge: Bridge, cloud: Cloud, args: dict[str, Any]) -> Any:
    hub = getattr(bridge, "_cloud_watch", None)
    if hub is None:
        hub = bridge._cloud_watch = WatchHub(bridge, cloud, caller_of(bridge))
    watch_id = str(args.get("watchId"))
    if args["op"] == "unwatch":
        hub.remove(watch_id)
        return {}
    query = args.get("query")
    if not isinstance(query, dict):
        raise ApiError("watch: missing query", code=BAD_PARAM)
    try:
        hub.add(watch_id, query)
    except (*CLOUD_ERRORS, ValueError) as e:
        raise _fail(e) from None
    return {}


# -- storage ------------------------------------------------------------------------------

async def upload_file(ctx: ApiContext, args: dict[str, Any]) -> Any:
    _check_policy(ctx, "uploadFile")
    cloud = cloud_of(ctx.bridge)
    path = Sandbox(ctx.bridge).locate(args["filePath"], op="uploadFile").path
    if not path.is_file():
        raise ApiError(f"filePath: no such file {args['filePath']}", code=BAD_PARAM,
                       wx=f"no such file or directory, open {args['filePath']}")
    data = await asyncio.to_thread(path.read_bytes)
    file_id = await _run(cloud.storage.upload, args["cloudPath"], data)
    return {"fileID": file_id, "statusCode": 200}


async def download_file(ctx: ApiContext, args: dict[str, Any]) -> Any:
    _check_policy(ctx, "downloadFile")
    cloud = cloud_of(ctx.bridge)
    data = await _run(cloud.storage.download, args["fileID"])
    box = Sandbox(ctx.bridge)
    clean, _ = cloud.storage.path_of(args["fileID"])
    suffix = Path(clean).suffix or (mimetypes.guess_extension("application/octet-stream") or "")
    name = "cloud_" + hashlib.sha1(args["fileID"].encode()).hexdigest()[:16] + suffix
    target = box.areas["tmp"] / name
    await asyncio.to_thread(_write, target, data)
    virtual = box.virtual("tmp", target)
    notify_changed(ctx.bridge, (virtual, target))  # readFileSync answers from the mirror
    return {"tempFilePath": virtual, "statusCode": 200}


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


async def get_temp_file_url(ctx: ApiContext, args: dict[str, Any]) -> Any:
    _check_policy(ctx, "getTempFileURL")
    cloud = cloud_of(ctx.bridge)
    return {"fileList": await _run(cloud.temp_urls, args["fileList"])}


async def delete_file(ctx: ApiContext, args: dict[str, Any]) -> Any:
    _check_policy(ctx, "deleteFile")
    cloud = cloud_of(ctx.bridge)
    return {"fileList": await _run(cloud.delete_files, args["fileList"])}


async def cloud_file(ctx: ApiContext, args: dict[str, Any]) -> Any:
    """Alipay cloud context storage calls (``fx.cloudFile {op, ...}``)."""
    op = args.get("op")
    handlers = {"uploadFile": upload_file, "downloadFile": download_file,
                "getTempFileURL": get_temp_file_url, "deleteFile": delete_file}
    if op not in handlers:
        raise ApiError(f"unknown cloud file operation {op!r}", code=BAD_PARAM)
    for key in {"uploadFile": ("filePath", "cloudPath"), "downloadFile": ("fileID",),
                "getTempFileURL": ("fileList",), "deleteFile": ("fileList",)}[op]:
        if key not in args:
            raise ApiError(f"parameter error: parameter.{key} is required", code=BAD_PARAM)
    return await handlers[op](ctx, args)


async def cloud_function(ctx: ApiContext, args: dict[str, Any]) -> Any:
    """Alipay cloud context ``callFunction`` (``fx.cloudCall``)."""
    if not isinstance(args.get("name"), str) or not args["name"]:
        raise ApiError("parameter error: parameter.name should be String", code=BAD_PARAM)
    return await call_function(ctx, args)


def register(reg: Registry) -> None:
    wx = "wechat"
    reg.add("cloud.init", None, family=wx, kind="sync", mirror="new:cloudInit",
            schema={"env": "string|object", "traceUser": "boolean"})
    reg.add("cloud.database", None, family=wx, kind="sync", mirror="new:cloudDatabase")
    reg.add("cloud.callFunction", call_function, family=wx,
            schema={"name": "string!", "data": "any", "config": "object"},
            returns=("result", "requestID"))
    reg.add("cloud.uploadFile", upload_file, family=wx,
            schema={"cloudPath": "string!", "filePath": "string!", "config": "object"},
            returns=("fileID", "statusCode"))
    reg.add("cloud.downloadFile", download_file, family=wx,
            schema={"fileID": "string!", "config": "object"}, returns=("tempFilePath", "statusCode"))
    reg.add("cloud.getTempFileURL", get_temp_file_url, family=wx,
            schema={"fileList": "array!", "config": "object"}, returns=("fileList",))
    reg.add("cloud.deleteFile", delete_file, family=wx,
            schema={"fileList": "array!", "config": "object"}, returns=("fileList",))
    reg.add("cloud.createCloudContext", None, family="alipay", kind="sync",
            mirror="new:cloudContext", schema={"env": "string"})
    # Internal calls of the JS objects (database requests, Alipay context calls).
    reg.add("cloudDb", cloud_db, namespace="fx")
    reg.add("cloudCall", cloud_function, namespace="fx")
    reg.add("cloudFile", cloud_file, namespace="fx")
