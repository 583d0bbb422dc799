"""Media: chooseImage / chooseMedia / chooseVideo (the user picks files through
``Host.ask``), previewImage and saveImageToPhotosAlbum (shown by the host), getImageInfo
(real image headers), and the contexts' ``fx.mediaContext`` calls (see ``view.py``).

A choice is answered with real file paths on the host machine (a list, one path, or
``"cancel"``); the files are copied into the app's temp area and handed back as temp
paths, with their real size (and width/height for images).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .context import ApiContext
from .errors import USER_CANCEL, ApiError
from .files import notify_changed, sandbox
from .imageinfo import ImageFormatError, image_info
from .network import _check_url
from .registry import Registry

VIDEO_EXTS = {".mp4", ".mov", ".m4v", ".webm", ".avi", ".3gp"}


def _cancelled() -> ApiError:
    return ApiError("user cancelled", code=USER_CANCEL, wx="cancel")


def _answer_paths(answer: Any) -> list[Path]:
    if answer is None or answer == "cancel" or answer == []:
        raise _cancelled()
    items = answer if isinstance(answer, list) else [answer]
    paths = [Path(str(i["path"] if isinstance(i, dict) else i)).expanduser() for i in items]
    for p in paths:
        if not p.is_file():
            raise ApiError(f"chosen file not found: {p}", wx=f"file not found: {p}")
    return paths


def _import(ctx: ApiContext, path: Path) -> dict[str, Any]:
    """Copy a chosen file into the temp area: ``{path, size, width, height, type}``."""
    data = path.read_bytes()
    prefix = ctx.bridge.profile.get("tempFilePrefix", "")
    virtual = ctx.bridge.network.save_temp(ctx.bridge.store_id, prefix, data, path.suffix.lower()[:10])
    out: dict[str, Any] = {"path": virtual, "size": len(data)}
    is_video = path.suffix.lower() in VIDEO_EXTS
    out["fileType"] = "video" if is_video else "image"
    if not is_video:
        try:
            info = image_info(data)
            out.update(width=info.width, height=info.height, type=info.type)
        except ImageFormatError:
            pass
    notify_changed(ctx.bridge, (virtual, sandbox(ctx.bridge).locate(virtual).path))
    return out


async def _choose(ctx: ApiContext, kind: str, args: dict[str, Any]) -> list[dict[str, Any]]:
    count = int(args.get("count") or (1 if kind == "chooseVideo" else 9))
    answer = await ctx.ask(kind, {"count": count, "sourceType": args.get("sourceType"),
                                  "mediaType": args.get("mediaType")})
    paths = _answer_paths(answer)[:count]
    return [_import(ctx, p) for p in paths]


async def choose_image(ctx: ApiContext, args: dict[str, Any]) -> Any:
    files = await _choose(ctx, "chooseImage", args)
    paths = [f["path"] for f in files]
    result: dict[str, Any] = {"tempFilePaths": paths,
                              "tempFiles": [{"path": f["path"], "size": f["size"]} for f in files]}
    if ctx.alipay:
        result["apFilePaths"] = paths
    return result


async def choose_media(ctx: ApiContext, args: dict[str, Any]) -> Any:
    files = await _choose(ctx, "chooseMedia", args)
    kinds = {f["fileType"] for f in files}
    return {"type": kinds.pop() if len(kinds) == 1 else "mix",
            "tempFiles": [{"tempFilePath": f["path"], "size": f["size"],
                           "fileType": f["fileType"], "width": f.get("width", 0),
                           "height": f.get("height", 0), "duration": 0,
                           "thumbTempFilePath": ""} for f in files]}


async def choose_video(ctx: ApiContext, args: dict[str, Any]) -> Any:
    f = (await _choose(ctx, "chooseVideo", {**args, "count": 1}))[0]
    # Video headers are not parsed: duration and size are unknown (0).
    return {"tempFilePath": f["path"], "size": f["size"], "duration": 0, "width": 0,
            "height": 0}


async def preview_image(ctx: ApiContext, args: dict[str, Any]) -> Any:
    urls = args["urls"]
    current = args.get("current")
    if isinstance(current, int | float):  # Alipay: an index
        index = int(current)
    else:
        index = urls.index(current) if current in urls else 0
    await ctx.ui("previewImage", {"urls": urls, "current": index})
    return None


async def _read_source(ctx: ApiContext, src: str) -> bytes:
    box = sandbox(ctx.bridge)
    known = (box.usr_prefix, box.store_prefix, box.tmp_prefix)
    if urlsplit(src).scheme in ("http", "https") and not src.startswith(known):
        _check_url(ctx, src)
        reply = await ctx.bridge.network.send("GET", src, headers={}, content=None, files=None,
                                              data=None, timeout=60, task_id=None)
        if not 200 <= reply.status < 300:
            raise ApiError(f"HTTP error {reply.status}", wx=f"download image fail {reply.status}")
        return reply.content
    loc = box.locate(src, op="getImageInfo")
    if not loc.path.is_file():
        raise ApiError(f"image not found: {src}", wx=f"image not found: {src}")
    return loc.path.read_bytes()


async def get_image_info(ctx: ApiContext, args: dict[str, Any]) -> Any:
    src = args["src"]
    try:
        info = image_info(await _read_source(ctx, src))
    except ImageFormatError as e:
        raise ApiError(f"{src}: {e}", code=14, wx=f"{e}") from None
    path = src if "://" in src else "/" + src.lstrip("/")
    return {"width": info.width, "height": info.height, "path": path,
            "orientation": info.orientation, "type": info.type}


async def save_to_album(ctx: ApiContext, args: dict[str, Any]) -> Any:
    src = args.get("filePath") or args.get("url") or ""
    path = sandbox(ctx.bridge).locate(src).path if "://" in src and not src.startswith(
        ("http://", "https://resource/")) else None
    mime = mimetypes.guess_type(src)[0] or "image/*"
    await ctx.ui("saveToPhotosAlbum", {"src": src, "file": str(path) if path else None,
                                       "mime": mime})
    return None


def register(reg: Registry) -> None:
    choose = {"count": "number", "sizeType": "array", "sourceType": "array"}
    reg.add("chooseImage", choose_image, schema=choose,
            returns=("tempFilePaths", "tempFiles", "apFilePaths"))
    reg.add("chooseMedia", choose_media, returns=("tempFiles", "type"),
            schema={**choose, "mediaType": "array", "maxDuration": "number", "camera": "string"})
    reg.add("chooseVideo", choose_video, returns=("tempFilePath", "duration", "size"),
            schema={"sourceType": "array", "compressed": "boolean", "maxDuration": "number",
                    "camera": "string|array"})
    reg.add("previewImage", preview_image, family="wechat",
            schema={"urls": "array!", "current": "string", "showmenu": "boolean"})
    reg.add("previewImage", preview_image, family="alipay",
            schema={"urls": "array!", "current": "number", "enablesavephoto": "boolean",
                    "enableShowPhotoDownload": "boolean"})
    reg.add("getImageInfo", get_image_info, schema={"src": "string!"},
            returns=("width", "height", "path", "orientation", "type"))
    reg.add("saveImageToPhotosAlbum", save_to_album, schema={"filePath": "string!"})
    reg.add("saveImage", save_to_album, family="alipay", schema={"url": "string!"})
