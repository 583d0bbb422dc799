"""npm packages as the vendor tools' "build npm" step sees them, without a build step.

WeChat's tool copies each ``node_modules/<pkg>`` into ``miniprogram_npm/<pkg>``: a
package's ``miniprogram`` field in ``package.json`` (default ``miniprogram_dist``, when
that folder exists) names the folder that is copied, so ``antd-mini/Button/index``
means ``node_modules/antd-mini/compiled/wechat/src/Button/index``; a package without it
is used through its ``main``. Alipay's tool reads ``node_modules`` as it is (antd-mini is
written ``antd-mini/es/Button/index``). A ``miniprogram_npm`` folder already built is
used as it is, before ``node_modules``. fanxing resolves in place instead of copying:
the result is the same files under the same request names.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

from . import jsonpos

NPM_DIRS = ("miniprogram_npm", "node_modules")
DEFAULT_DIST = "miniprogram_dist"


def split_request(request: str) -> tuple[str, str]:
    """``"@scope/pkg/a/b"`` → ``("@scope/pkg", "a/b")``; ``"pkg"`` → ``("pkg", "")``."""
    parts = request.split("/")
    size = 2 if request.startswith("@") and len(parts) > 1 else 1
    return "/".join(parts[:size]), "/".join(parts[size:])


def read_manifest(file: Path) -> dict:
    """A ``package.json`` as a dict; ``{}`` when missing or broken (the tools go on)."""
    try:
        data = jsonpos.loads(file.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def package_bases(root: Path, pkg: str, store: str, dialect: str | None) -> list[str]:
    """The folders (posix, from ``root``) a request into package folder ``pkg`` is
    looked up in, first match wins. ``store`` is ``"miniprogram_npm"`` or
    ``"node_modules"``; ``dialect`` ``"wechat"``/``"alipay"`` (None: both rules)."""
    if store != "node_modules" or dialect == "alipay":
        return [pkg]
    dist = read_manifest(root / pkg / "package.json").get("miniprogram")
    if not isinstance(dist, str) or not dist.strip("./"):
        dist = DEFAULT_DIST
    base = posixpath.normpath(posixpath.join(pkg, dist))
    inside = base.startswith(pkg + "/")
    return [base, pkg] if inside and os.path.isdir(root / base) else [pkg]


def package_dirs(root: Path, from_dir: str, name: str) -> list[tuple[str, str]]:
    """``(store, package folder)`` for package ``name`` seen from ``from_dir`` (posix,
    from ``root``): ``miniprogram_npm`` then ``node_modules`` in that folder and each
    folder above it up to ``root``, nearest first; only folders that exist."""
    out: list[tuple[str, str]] = []
    folder = from_dir.strip("/")
    while True:
        for store in NPM_DIRS:
            pkg = posixpath.normpath(posixpath.join(folder, store, name))
            if os.path.isdir(root / pkg):
                out.append((store, pkg))
        if folder in ("", "."):
            return out
        folder = posixpath.dirname(folder)


def built_path(root: Path, path: str, dialect: str | None) -> list[str]:
    """Where a path into a ``miniprogram_npm`` folder that was never built
    (``miniprogram_npm/wxml-to-canvas/index``) is in ``node_modules`` beside it, laid
    out as "build npm" would copy it; ``[]`` for other paths."""
    parts = path.split("/")
    if "miniprogram_npm" not in parts:
        return []
    i = parts.index("miniprogram_npm")
    if i + 1 >= len(parts):
        return []
    end = i + 3 if parts[i + 1].startswith("@") else i + 2
    pkg = "/".join([*parts[:i], "node_modules", *parts[i + 1:end]])
    sub = "/".join(parts[end:])
    if not os.path.isdir(root / pkg):
        return []
    return [posixpath.join(base, sub) if sub else base
            for base in package_bases(root, pkg, "node_modules", dialect)]


def listed_folder(store: str, pkg: str, base: str, path: str) -> str:
    """The folder to list as app files when component ``path`` is found under ``base``
    of package folder ``pkg``: a built ``miniprogram_npm`` package or WeChat's built
    folder whole, else the ``node_modules`` package's top folder holding the component
    (``node_modules/antd-mini/es``), not every build the package ships."""
    if base != pkg or store != "node_modules":
        return base
    rest = path[len(pkg) + 1:].split("/")
    return f"{pkg}/{rest[0]}" if len(rest) > 1 else pkg


def missing_package_hint(root: Path, from_dir: str, request: str) -> str:
    """For a bare ``request`` whose package is not installed, the ``npm install`` that
    fixes it; ``""`` for paths and for packages that are there (the file is missing)."""
    if not request or request.startswith((".", "/")):
        return ""
    name, _ = split_request(request)
    if package_dirs(root, from_dir, name):
        return ""
    folder = root
    for _ in range(4):  # the app root and the project folders above it
        manifest = read_manifest(folder / "package.json")
        listed = [manifest.get(k) for k in ("dependencies", "devDependencies")]
        if any(isinstance(deps, dict) and name in deps for deps in listed):
            where = "" if folder == root else f" in {folder}"
            return (f"package.json lists {name!r} but it is not installed: "
                    f"run `npm install`{where}")
        if folder.parent == folder:
            break
        folder = folder.parent
    return f"no package {name!r} in node_modules/ or miniprogram_npm/: run `npm install {name}`"
