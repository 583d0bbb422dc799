"""The file system manager (``wx.getFileSystemManager()`` / ``my.getFileSystemManager()``)
and the saved-file APIs, over the per-app sandbox of ``sandbox.py``.

The JS object lives in ``js/fs.js``. Its asynchronous methods run here through the
internal ``fx.fs {op, …}`` call; its ``*Sync`` methods answer from ``syncState.files``
(a mirror of the app's files: ``{virtual path: [isDir, size, mtime, base64 or null]}``,
content only for files up to ``MIRROR_CONTENT_BYTES``) and persist writes through
``fx.fs`` as the storage mirror does. Every change made here is sent to that mirror
with ``Host.sync``.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .context import ApiContext
from .errors import ApiError
from .jsonstore import atomic_write_bytes
from .network import ARRAY_BUFFER
from .registry import Registry
from .sandbox import Sandbox, fs_error

if TYPE_CHECKING:
    from .bridge import Bridge

MIRROR_CONTENT_BYTES = 1 << 20  # larger files are mirrored without content (readFile only)
USER_FILES_LIMIT = 200 * 1024 * 1024  # WeChat: 200 MB of user files per mini-program

TEXT_CODECS = {"utf8": "utf-8", "utf-8": "utf-8", "ascii": "ascii", "latin1": "latin-1",
               "binary": "latin-1", "ucs2": "utf-16-le", "ucs-2": "utf-16-le",
               "utf16le": "utf-16-le", "utf-16le": "utf-16-le"}
ENCODINGS = [*TEXT_CODECS, "base64", "hex"]


def sandbox(bridge: Bridge) -> Sandbox:
    box = getattr(bridge, "_sandbox", None)
    if box is None:
        box = bridge._sandbox = Sandbox(bridge)  # type: ignore[attr-defined]
    return box


def encode(data: bytes, encoding: str | None) -> Any:
    """File bytes as the app asked for them (no encoding: an ArrayBuffer)."""
    if not encoding:
        return {ARRAY_BUFFER: base64.b64encode(data).decode()}
    if encoding == "base64":
        return base64.b64encode(data).decode()
    if encoding == "hex":
        return data.hex()
    return data.decode(TEXT_CODECS[encoding], errors="replace")


def decode(data: Any, encoding: str | None) -> bytes:
    """What the app wrote (a string or ``{__fxArrayBuffer}``) as bytes."""
    if isinstance(data, dict) and isinstance(data.get(ARRAY_BUFFER), str):
        return base64.b64decode(data[ARRAY_BUFFER])
    if not isinstance(data, str):
        raise ApiError("parameter error: data should be String or ArrayBuffer", code=2,
                       wx="parameter error: data should be String or ArrayBuffer;")
    encoding = encoding or "utf8"
    if encoding == "base64":
        return base64.b64decode(data + "=" * (-len(data) % 4))
    if encoding == "hex":
        return bytes.fromhex(data)
    return data.encode(TEXT_CODECS[encoding], errors="replace")


def _entry(path: Path) -> list[Any]:
    st = path.stat()
    if path.is_dir():
        return [1, 0, int(st.st_mtime), None]
    content = None
    if st.st_size <= MIRROR_CONTENT_BYTES:
        content = base64.b64encode(path.read_bytes()).decode()
    return [0, st.st_size, int(st.st_mtime), content]


def mirror(bridge: Bridge) -> dict[str, Any]:
    """``syncState.files``: every file and folder of the user, saved and temp areas."""
    box, out = sandbox(bridge), {}
    for area in ("usr", "store", "tmp"):
        root = box.areas[area]
        if area == "usr":
            out[box.usr_prefix] = [1, 0, 0, None]
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            out[box.virtual(area, path)] = _entry(path)
    return out


def notify_changed(bridge: Bridge, *virtuals_paths: tuple[str, Path]) -> None:
    """Tell the JS mirror about changed paths (removed ones become ``null``)."""
    patch: dict[str, Any] = {}
    for virtual, path in virtuals_paths:
        if path.exists():
            patch[virtual] = _entry(path)
            if path.is_dir():
                box = sandbox(bridge)
                for sub in path.rglob("*"):
                    patch[box.virtual("usr", sub)] = _entry(sub)
        else:
            patch[virtual] = None
    if patch:
        bridge.notify_sync({"files": patch})


def _removed_tree(bridge: Bridge, virtual: str, path: Path) -> list[tuple[str, Path]]:
    box = sandbox(bridge)
    subs = [(box.virtual("usr", p), p) for p in path.rglob("*")] if path.is_dir() else []
    return [(virtual, path), *subs]


def _used(box: Sandbox) -> int:
    root = box.areas["usr"]
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) if root.is_dir() else 0


def _stats(path: Path) -> dict[str, Any]:
    st = path.stat()
    return {"mode": st.st_mode, "size": st.st_size if path.is_file() else 0,
            "lastAccessedTime": int(st.st_atime), "lastModifiedTime": int(st.st_mtime),
            "isDir": path.is_dir()}


# -- operations (args already validated by the fx.fs schema) ------------------------------

def op_access(b: Bridge, a: dict[str, Any]) -> Any:
    loc = sandbox(b).locate(a["path"], op="access")
    if not loc.path.exists():
        raise fs_error("no such file or directory", a["path"], "access")
    return None


def op_stat(b: Bridge, a: dict[str, Any]) -> Any:
    loc = sandbox(b).locate(a["path"], op="stat")
    if not loc.path.exists():
        raise fs_error("no such file or directory", a["path"], "stat")
    if a.get("recursive") and loc.path.is_dir():
        items = [{"path": "/", "stats": _stats(loc.path)}]
        for p in sorted(loc.path.rglob("*")):
            items.append({"path": "/" + p.relative_to(loc.path).as_posix(), "stats": _stats(p)})
        return {"stats": items}
    return {"stats": _stats(loc.path)}


def op_readdir(b: Bridge, a: dict[str, Any]) -> Any:
    loc = sandbox(b).locate(a["dirPath"], op="readdir")
    if not loc.path.exists():
        raise fs_error("no such file or directory", a["dirPath"], "readdir")
    if not loc.path.is_dir():
        raise fs_error("not a directory", a["dirPath"], "readdir")
    return {"files": sorted(p.name for p in loc.path.iterdir())}


def op_mkdir(b: Bridge, a: dict[str, Any]) -> Any:
    loc = sandbox(b).locate(a["dirPath"], op="mkdir", write=True)
    if loc.path.exists():
        raise fs_error("file already exists", a["dirPath"], "mkdir")
    if not a.get("recursive") and not loc.path.parent.is_dir():
        raise fs_error("no such file or directory", a["dirPath"], "mkdir")
    loc.path.mkdir(parents=True)
    notify_changed(b, (a["dirPath"], loc.path))
    return None


def op_rmdir(b: Bridge, a: dict[str, Any]) -> Any:
    loc = sandbox(b).locate(a["dirPath"], op="rmdir", write=True)
    if not loc.path.is_dir():
        raise fs_error("no such file or directory", a["dirPath"], "rmdir")
    if loc.path == loc.root:
        raise fs_error("permission denied", a["dirPath"], "rmdir")
    gone = _removed_tree(b, a["dirPath"], loc.path)
    if a.get("recursive"):
        shutil.rmtree(loc.path)
    elif any(loc.path.iterdir()):
        raise fs_error("directory not empty", a["dirPath"], "rmdir")
    else:
        loc.path.rmdir()
    notify_changed(b, *gone)
    return None


def op_read_file(b: Bridge, a: dict[str, Any]) -> Any:
    loc = sandbox(b).locate(a["filePath"], op="open")
    if not loc.path.is_file():
        reason = "illegal operation on a directory" if loc.path.is_dir() \
            else "no such file or directory"
        raise fs_error(reason, a["filePath"])
    data = loc.path.read_bytes()
    start = int(a.get("position") or 0)
    end = start + int(a["length"]) if a.get("length") is not None else len(data)
    return {"data": encode(data[start:end], a.get("encoding"))}


def op_write_file(b: Bridge, a: dict[str, Any]) -> Any:
    box = sandbox(b)
    loc = box.locate(a["filePath"], op="open", write=True)
    if loc.path.is_dir():
        raise fs_error("illegal operation on a directory", a["filePath"])
    if not loc.path.parent.is_dir():
        raise fs_error("no such file or directory", a["filePath"])
    data = decode(a.get("data", ""), a.get("encoding"))
    if a.get("append"):
        if not loc.path.is_file():
            raise fs_error("no such file or directory", a["filePath"])
        data = loc.path.read_bytes() + data
    old = loc.path.stat().st_size if loc.path.is_file() else 0
    if _used(box) - old + len(data) > USER_FILES_LIMIT:
        raise fs_error("the maximum size of the file storage limit is exceeded", "")
    atomic_write_bytes(loc.path, data)
    notify_changed(b, (a["filePath"], loc.path))
    return None


def op_unlink(b: Bridge, a: dict[str, Any]) -> Any:
    loc = sandbox(b).locate(a["filePath"], op="unlink", write=True)
    if loc.path.is_dir():
        raise fs_error("operation not permitted", a["filePath"], "unlink")
    if not loc.path.is_file():
        raise fs_error("no such file or directory", a["filePath"], "unlink")
    loc.path.unlink()
    notify_changed(b, (a["filePath"], loc.path))
    return None


def op_rename(b: Bridge, a: dict[str, Any]) -> Any:
    box = sandbox(b)
    src = box.locate(a["oldPath"], op="rename", write=True)
    dst = box.locate(a["newPath"], op="rename", write=True)
    if not src.path.exists():
        raise fs_error("no such file or directory", a["oldPath"], "rename")
    if not dst.path.parent.is_dir():
        raise fs_error("no such file or directory", a["newPath"], "rename")
    gone = _removed_tree(b, a["oldPath"], src.path)
    os.replace(src.path, dst.path)
    notify_changed(b, *gone, (a["newPath"], dst.path))
    return None


def op_copy_file(b: Bridge, a: dict[str, Any]) -> Any:
    box = sandbox(b)
    src = box.locate(a["srcPath"], op="copyFile")
    dst = box.locate(a["destPath"], op="copyFile", write=True)
    if not src.path.is_file():
        raise fs_error("no such file or directory", a["srcPath"], "copyFile")
    if not dst.path.parent.is_dir():
        raise fs_error("no such file or directory", a["destPath"], "copyFile")
    atomic_write_bytes(dst.path, src.path.read_bytes())
    notify_changed(b, (a["destPath"], dst.path))
    return None


def op_save_file(b: Bridge, a: dict[str, Any]) -> Any:
    """A temp file kept for good: moved to ``filePath`` (user data) or the saved area."""
    box = sandbox(b)
    src = box.locate(a["tempFilePath"], op="saveFile")
    if src.area != "tmp" or not src.path.is_file():
        raise fs_error("no such file or directory", a["tempFilePath"], "saveFile")
    if a.get("filePath"):
        dst = box.locate(a["filePath"], op="saveFile", write=True)
        virtual = a["filePath"]
        if not dst.path.parent.is_dir():
            raise fs_error("no such file or directory", virtual, "saveFile")
        target = dst.path
    else:
        folder = box.areas["store"]
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{uuid.uuid4().hex}{src.path.suffix}"
        virtual = box.virtual("store", target)
    shutil.move(src.path, target)
    notify_changed(b, (a["tempFilePath"], src.path), (virtual, target))
    return {"savedFilePath": virtual}


def op_file_info(b: Bridge, a: dict[str, Any]) -> Any:
    loc = sandbox(b).locate(a["filePath"], op="getFileInfo")
    if not loc.path.is_file():
        raise fs_error("no such file or directory", a["filePath"], "getFileInfo")
    data = loc.path.read_bytes()
    algo = "sha1" if (a.get("digestAlgorithm") or "md5") == "sha1" else "md5"
    return {"size": len(data), "digest": hashlib.new(algo, data).hexdigest()}


def op_saved_list(b: Bridge, a: dict[str, Any]) -> Any:
    box = sandbox(b)
    folder = box.areas["store"]
    files = sorted(folder.iterdir()) if folder.is_dir() else []
    return {"fileList": [{"filePath": box.virtual("store", p), "size": p.stat().st_size,
                          "createTime": int(p.stat().st_mtime)} for p in files]}


def op_remove_saved(b: Bridge, a: dict[str, Any]) -> Any:
    loc = sandbox(b).locate(a["filePath"], op="removeSavedFile")
    if loc.area != "store" or not loc.path.is_file():
        raise fs_error("no such file or directory", a["filePath"], "removeSavedFile")
    loc.path.unlink()
    notify_changed(b, (a["filePath"], loc.path))
    return None


OPS = {"access": op_access, "stat": op_stat, "readdir": op_readdir, "mkdir": op_mkdir,
       "rmdir": op_rmdir, "readFile": op_read_file, "writeFile": op_write_file,
       "unlink": op_unlink, "rename": op_rename, "copyFile": op_copy_file,
       "saveFile": op_save_file, "getFileInfo": op_file_info,
       "getSavedFileList": op_saved_list, "removeSavedFile": op_remove_saved}


async def fs_call(ctx: ApiContext, args: dict[str, Any]) -> Any:
    """``fx.fs {op, …}``: one file-system manager operation."""
    op = OPS.get(args["op"])
    if op is None:
        raise ApiError(f"unknown file operation {args['op']!r}", code=2,
                       wx=f"unknown file operation {args['op']}")
    enc = args.get("encoding")
    if enc is not None and enc not in ENCODINGS:
        raise ApiError(f"invalid encoding: {enc}", code=2, wx=f"invalid encoding: {enc}")
    return op(ctx.bridge, args)


# -- the saved-file APIs, in each dialect's names ------------------------------------------

def _saved(op: str, rename: dict[str, str], result: dict[str, str] | None = None):
    async def handler(ctx: ApiContext, args: dict[str, Any]) -> Any:
        a = {rename.get(k, k): v for k, v in args.items()}
        out = OPS[op](ctx.bridge, a) or {}
        if result:
            out = {result.get(k, k): v for k, v in out.items()}
            if "fileList" in out and ctx.alipay:
                out["fileList"] = [{"apFilePath": f.pop("filePath"), **f}
                                   for f in out["fileList"]]
        return out
    return handler


def register(reg: Registry) -> None:
    reg.add("fs", fs_call, namespace="fx",
            schema={"op": "string!", "path": "string", "dirPath": "string", "filePath": "string",
                    "oldPath": "string", "newPath": "string", "srcPath": "string",
                    "destPath": "string", "tempFilePath": "string", "data": "any",
                    "encoding": "string|null", "recursive": "boolean", "append": "boolean",
                    "position": "number", "length": "number", "digestAlgorithm": "string"})
    reg.add("getFileSystemManager", None, kind="sync", mirror="new:fileSystemManager")
    reg.add("saveFile", _saved("saveFile", {}), family="wechat", returns=("savedFilePath",),
            schema={"tempFilePath": "string!", "filePath": "string"})
    reg.add("saveFile", _saved("saveFile", {"apFilePath": "tempFilePath"},
                               {"savedFilePath": "apFilePath"}), family="alipay",
            schema={"apFilePath": "string!"}, returns=("apFilePath",))
    reg.add("getSavedFileList", _saved("getSavedFileList", {}, {}), returns=("fileList",))
    reg.add("removeSavedFile", _saved("removeSavedFile", {}), family="wechat",
            schema={"filePath": "string!"})
    reg.add("removeSavedFile", _saved("removeSavedFile", {"apFilePath": "filePath"}),
            family="alipay", schema={"apFilePath": "string!"})
    reg.add("getFileInfo", _saved("getFileInfo", {}), family="wechat", returns=("size", "digest"),
            schema={"filePath": "string!", "digestAlgorithm": "string"})
    reg.add("getFileInfo", _saved("getFileInfo", {"apFilePath": "filePath"}), family="alipay",
            schema={"apFilePath": "string!", "digestAlgorithm": "string"},
            returns=("size", "digest"))
