"""``fanxing pack``: build an app package (``.fxpkg``, see ``fanxing.compiler.app_package``)
with its manifest — app id and version, pages, the APIs it calls and which host profiles
lack them, content hashes — optionally signed with the host's Ed25519 key."""

from __future__ import annotations

import base64
import json
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from fanxing.bridge.app_identity import display_id
from fanxing.bridge.availability import public_api_names
from fanxing.bridge.profiles import builtin_profiles, load_profile
from fanxing.compiler.app_package import (
    MANIFEST_NAME,
    PACKAGE_FORMAT,
    PACKAGE_VERSION,
    SIGNATURE_NAME,
    PackageError,
    key_id,
    sha256,
)
from fanxing.compiler.build import BUILD_FORMAT, BUILD_VERSION, compile_app
from fanxing.compiler.diagnostics import CompileError
from fanxing.compiler.project import load_project
from fanxing.runtime.container.project_settings import project_settings

from .lint.api_usage import api_uses

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed: the same app packs to the same bytes


def new_keypair() -> tuple[bytes, bytes]:
    """A fresh Ed25519 key pair as PEM: (private PKCS#8, public SubjectPublicKeyInfo)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo)
    return private, public


def _sign(manifest: bytes, private_pem: bytes) -> bytes:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        key = serialization.load_pem_private_key(private_pem, password=None)
    except (ValueError, TypeError) as e:
        raise PackageError(f"signing key: unreadable ({e})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise PackageError("signing key: not an Ed25519 private key")
    public = key.public_key().public_bytes(serialization.Encoding.Raw,
                                           serialization.PublicFormat.Raw)
    return json.dumps({
        "algorithm": "ed25519", "keyId": key_id(public),
        "key": base64.b64encode(public).decode(),
        "signature": base64.b64encode(key.sign(manifest)).decode(),
    }, indent=1).encode()


def _api_table(app: Any) -> dict[str, Any]:
    """The APIs the app calls and, per builtin profile of its dialect, those it lacks."""
    profiles = [load_profile(n) for n in builtin_profiles()]
    profiles = [p for p in profiles if p.dialect == app.dialect]
    namespaces = {ns for p in profiles for ns in [*p.namespaces, *p.aliases]}
    used = sorted({u.name for u in api_uses(app, namespaces)})
    per_profile = {}
    for p in profiles:
        offered = set(public_api_names(p))
        per_profile[p.name] = {"missing": [a for a in used if a not in offered]}
    return {"apis": used, "profiles": per_profile}


def pack_app(app_dir: str | Path, out: str | Path, *, app_id: str | None = None,
             version: str | None = None, signing_key: bytes | None = None) -> dict[str, Any]:
    """Compile ``app_dir`` and write its package to ``out``; returns the manifest.
    Raises ``CompileError`` when the app does not compile, ``PackageError`` otherwise."""
    project = load_project(app_dir)
    app = compile_app(app_dir)
    if not app.ok:
        raise CompileError([d for d in app.diagnostics if d.severity == "error"])
    entries: dict[str, bytes] = {}
    for rel in [*project.package_files(), *_npm_files(app)]:
        entries[f"app/{rel}"] = (project.root / rel).read_bytes()
    with tempfile.TemporaryDirectory(prefix="fanxing-pack-") as tmp:
        app.write(Path(tmp) / "build")
        for path in sorted((Path(tmp) / "build").rglob("*")):
            if path.is_file():
                entries[f"build/{path.relative_to(tmp).as_posix()[len('build/'):]}"] = (
                    path.read_bytes())
    manifest = {
        "format": PACKAGE_FORMAT, "formatVersion": PACKAGE_VERSION,
        "app": {"id": app_id or _app_id(project.root),
                "version": version or _app_version(project.root), "dialect": app.dialect},
        "pages": list(app.pages),
        "subpackages": [{"root": sp.root, "pages": list(sp.pages)}
                        for sp in app.config.subpackages],
        "build": {"format": BUILD_FORMAT, "version": BUILD_VERSION},
        **_api_table(app),
        "files": {name: sha256(data) for name, data in sorted(entries.items())},
    }
    raw = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
    if signing_key is not None:
        entries[SIGNATURE_NAME] = _sign(raw, signing_key)
    entries[MANIFEST_NAME] = raw
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = out.with_name(out.name + ".part")
    with zipfile.ZipFile(tmp_out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in [MANIFEST_NAME, *sorted(n for n in entries if n != MANIFEST_NAME)]:
            info = zipfile.ZipInfo(name, _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, entries[name])
    tmp_out.replace(out)
    return manifest


def _npm_files(app: Any) -> list[str]:
    """Files of the ``node_modules`` packages the compiled app uses (modules, components):
    the compiler resolves them from disk, so the package must carry them."""
    used = [m.path for m in [*app.modules.values(), *app.view_modules.values()] if m.path]
    used += [u.path for u in app.components.values()]
    roots = set()
    for path in used:
        parts = path.split("/")
        if parts[0] == "node_modules" and len(parts) > 2:
            roots.add("/".join(parts[:3] if parts[1].startswith("@") else parts[:2]))
    out = []
    for root in sorted(roots):
        for file in sorted((app.root / root).rglob("*")):
            if file.is_file() and not file.is_symlink():
                out.append(file.relative_to(app.root).as_posix())
    return out


def _app_id(root: Path) -> str:
    """The project's appid, else (also for WeChat's placeholder) the project folder's name
    (the one holding the project file: an app in its ``miniprogramRoot`` is not named
    ``miniprogram``)."""
    settings = project_settings(root)
    declared = settings.appid
    folder = settings.project_file.parent if settings.project_file else root
    return display_id(None if declared == "touristappid" else declared, folder)


def _app_version(root: Path) -> str:
    """``version`` of the project's package.json, else 1.0.0."""
    for folder in (root, root.parent):
        try:
            data = json.loads((folder / "package.json").read_text("utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and isinstance(data.get("version"), str):
            return data["version"]
    return "1.0.0"
