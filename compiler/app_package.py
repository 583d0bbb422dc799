"""App packages (``.fxpkg``): what a host container downloads, checks and installs.

A package is a zip holding ``fxpkg.json`` (the manifest: app id and version, pages,
the APIs the app calls per host profile, and the SHA-256 of every other entry),
``app/`` (the app's files as shipped), ``build/`` (the compiled build folder) and, when
signed, ``signature.json`` (Ed25519 over the manifest's exact bytes). Reading checks
every hash, refuses unknown, missing or unsafe entries and a signature that does not
verify; with ``trusted_keys`` an unsigned package, or one signed by another key, is
refused too.

The compiled build holds generated Python (template render functions). It is used only
when the package is signed by a trusted key; otherwise the app is compiled again from
``app/``, so an unsigned package never runs code generated elsewhere.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

PACKAGE_FORMAT = "fanxing-package"
PACKAGE_VERSION = 1
MANIFEST_NAME = "fxpkg.json"
SIGNATURE_NAME = "signature.json"
MAX_UNPACKED = 200 * 1024 * 1024  # bytes; a larger package is refused (zip bombs)
_VERSION_PART = re.compile(r"(\d+)|([A-Za-z]+)")


class PackageError(ValueError):
    """A package that cannot be used: the message names the package and the reason."""


@dataclass
class PackageInfo:
    """A checked package: its manifest, whether it is signed and by which key."""

    path: Path
    manifest: dict[str, Any]
    signed_by: str | None = None  # key id of a verified signature
    trusted: bool = False  # signed by one of the trusted keys
    entries: dict[str, bytes] = field(default_factory=dict, repr=False)

    @property
    def app_id(self) -> str:
        return str(self.manifest["app"]["id"])

    @property
    def version(self) -> str:
        return str(self.manifest["app"]["version"])


def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def key_id(public_raw: bytes) -> str:
    """A short, stable name of an Ed25519 public key (its SHA-256, 16 hex digits)."""
    return hashlib.sha256(public_raw).hexdigest()[:16]


def version_key(version: str) -> tuple[Any, ...]:
    """Sort key for app versions: ``1.10.0`` > ``1.9.2``; ``1.0.0-beta`` < ``1.0.0``."""
    main, _, pre = version.partition("-")
    nums = tuple(int(p) if p.isdigit() else 0 for p in main.split("."))
    pre_key = tuple((0, int(n)) if n else (1, w) for n, w in _VERSION_PART.findall(pre))
    return (nums, 0 if pre else 1, pre_key)


def _safe_entry(name: str) -> bool:
    p = PurePosixPath(name)
    return (not p.is_absolute() and ".." not in p.parts and "\\" not in name
            and not name.startswith("/") and all(part not in ("", ".") for part in p.parts))


def load_public_key(source: str | os.PathLike[str] | bytes) -> bytes:
    """The raw 32 bytes of an Ed25519 public key from a PEM file, PEM bytes or base64."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if isinstance(source, bytes):
        data = source
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as e:
            raise PackageError(f"public key {source}: {e.strerror or e}") from None
    try:
        if b"BEGIN" in data:
            key = serialization.load_pem_public_key(data)
            if not isinstance(key, Ed25519PublicKey):
                raise PackageError(f"public key {source!r}: not an Ed25519 key")
            return key.public_bytes(serialization.Encoding.Raw,
                                    serialization.PublicFormat.Raw)
        raw = base64.b64decode(data.strip(), validate=True)
    except (ValueError, TypeError) as e:
        raise PackageError(f"public key {source!r}: unreadable ({e})") from None
    if len(raw) != 32:
        raise PackageError(f"public key {source!r}: not an Ed25519 key")
    return raw


def read_package(path: str | os.PathLike[str],
                 trusted_keys: Iterable[bytes] | None = None) -> PackageInfo:
    """Open and check ``path`` (see module docstring); raises ``PackageError``."""
    path = Path(path)
    trusted = list(trusted_keys or [])
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as e:
        raise PackageError(f"{path}: not a fanxing package ({e})") from None
    with zf:
        infos = zf.infolist()
        if sum(i.file_size for i in infos) > MAX_UNPACKED:
            raise PackageError(f"{path}: unpacks to more than {MAX_UNPACKED >> 20} MB")
        names = [i.filename for i in infos if not i.is_dir()]
        bad = [n for n in names if not _safe_entry(n)]
        if bad:
            raise PackageError(f"{path}: unsafe entry name {bad[0]!r}")
        if len(set(names)) != len(names):
            raise PackageError(f"{path}: an entry appears twice")
        try:
            entries = {n: zf.read(n) for n in names}
        except (zipfile.BadZipFile, OSError, RuntimeError) as e:
            raise PackageError(f"{path}: damaged ({e})") from None
    raw_manifest = entries.pop(MANIFEST_NAME, None)
    if raw_manifest is None:
        raise PackageError(f"{path}: no {MANIFEST_NAME}; not a fanxing package")
    try:
        manifest = json.loads(raw_manifest)
    except ValueError as e:
        raise PackageError(f"{path}: {MANIFEST_NAME} is not JSON ({e})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != PACKAGE_FORMAT:
        raise PackageError(f"{path}: {MANIFEST_NAME} is not a fanxing package manifest")
    if manifest.get("formatVersion") != PACKAGE_VERSION:
        raise PackageError(f"{path}: package format {manifest.get('formatVersion')!r}; this "
                           f"fanxing reads format {PACKAGE_VERSION}")
    info = PackageInfo(path, manifest)
    signature = entries.pop(SIGNATURE_NAME, None)
    if signature is not None:
        info.signed_by = _verify(path, raw_manifest, signature, trusted)
        info.trusted = bool(trusted)
    elif trusted:
        raise PackageError(f"{path}: not signed, and only signed packages are trusted")
    files = manifest.get("files")
    if not isinstance(files, dict):
        raise PackageError(f"{path}: the manifest lists no files")
    for name in sorted(set(files) | set(entries)):
        if name not in entries:
            raise PackageError(f"{path}: {name} is listed in the manifest but missing")
        if name not in files:
            raise PackageError(f"{path}: {name} is not listed in the manifest")
        if sha256(entries[name]) != files[name]:
            raise PackageError(f"{path}: {name} does not match its hash in the manifest "
                               "(the package was changed after packing)")
    for key in ("id", "version"):
        if not isinstance((manifest.get("app") or {}).get(key), str):
            raise PackageError(f"{path}: the manifest has no app {key}")
    info.entries = entries
    return info


def _verify(path: Path, manifest: bytes, signature: bytes, trusted: list[bytes]) -> str:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        sig = json.loads(signature)
        public = base64.b64decode(sig["key"], validate=True)
        value = base64.b64decode(sig["signature"], validate=True)
        if sig.get("algorithm") != "ed25519":
            raise ValueError(f"algorithm {sig.get('algorithm')!r}")
        key = Ed25519PublicKey.from_public_bytes(public)
    except (ValueError, KeyError, TypeError) as e:
        raise PackageError(f"{path}: {SIGNATURE_NAME} is unreadable ({e})") from None
    if trusted and public not in trusted:
        raise PackageError(f"{path}: signed by key {key_id(public)}, which is not trusted")
    try:
        key.verify(value, manifest)
    except InvalidSignature:
        raise PackageError(f"{path}: the signature does not match the manifest") from None
    return key_id(public)


def unpack(info: PackageInfo, target: str | os.PathLike[str]) -> Path:
    """Write the package's entries below ``target`` (replaced atomically); returns it."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for name, data in info.entries.items():
            out = staging / name
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
        (staging / MANIFEST_NAME).write_text(json.dumps(info.manifest, indent=1), "utf-8")
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            target.rename(old)
        staging.rename(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "fanxing" / "packages"


def _manifest_digest(info: PackageInfo) -> str:
    return hashlib.sha256(json.dumps(info.manifest, sort_keys=True).encode()).hexdigest()[:16]


def app_from_folder(folder: Path, info: PackageInfo) -> Any:
    """The ``CompiledApp`` of an unpacked package: the shipped build when the package is
    signed by a trusted key, else compiled again from ``app/`` (see module docstring)."""
    from .build import compile_app, load_build
    from .diagnostics import CompileError

    if info.trusted:
        app = load_build(folder / "build")
    else:
        try:
            app = compile_app(folder / "app")
        except CompileError as e:
            raise PackageError(f"{info.path}: the app does not compile: "
                               f"{e.diagnostics[0].format()}") from None
        if not app.ok:
            first = next(d for d in app.diagnostics if d.severity == "error")
            raise PackageError(f"{info.path}: the app does not compile: {first.format()}")
    app.root = folder / "app"  # images and other assets are served from here
    return app


def open_package(path: str | os.PathLike[str], trusted_keys: Iterable[bytes] | None = None,
                 cache_dir: str | os.PathLike[str] | None = None) -> tuple[Any, PackageInfo]:
    """Check ``path``, unpack it (once per content, under ``cache_dir``) and return
    ``(CompiledApp, PackageInfo)``; raises ``PackageError``."""
    folder, info = unpack_cached(path, trusted_keys, cache_dir)
    return app_from_folder(folder, info), info


def unpack_cached(path: str | os.PathLike[str], trusted_keys: Iterable[bytes] | None = None,
                  cache_dir: str | os.PathLike[str] | None = None) -> tuple[Path, PackageInfo]:
    """Check ``path`` and unpack it under ``cache_dir`` (once per content); returns the
    folder (``app/``, ``build/``, the manifest) and the package's info."""
    info = read_package(path, trusted_keys)
    base = Path(cache_dir) if cache_dir else _cache_dir()
    folder = base / f"{re.sub(r'[^A-Za-z0-9_.-]', '_', info.app_id)}-{_manifest_digest(info)}"
    if not (folder / MANIFEST_NAME).is_file():
        unpack(info, folder)
    return folder, info


@dataclass
class Installed:
    """An app installed in a host's apps folder by ``install_package``."""

    folder: Path
    info: PackageInfo
    previous: str | None  # the version it replaced, or None for a new install

    def app(self) -> Any:
        """The installed app's ``CompiledApp`` (see ``app_from_folder``)."""
        return app_from_folder(self.folder, self.info)


def installed_version(apps_dir: str | os.PathLike[str], app_id: str) -> str | None:
    """The version of ``app_id`` installed in ``apps_dir``, or None."""
    try:
        manifest = json.loads((Path(apps_dir) / app_id / MANIFEST_NAME).read_text("utf-8"))
        return str(manifest["app"]["version"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def install_package(path: str | os.PathLike[str], apps_dir: str | os.PathLike[str], *,
                    trusted_keys: Iterable[bytes] | None = None,
                    allow_downgrade: bool = False) -> Installed:
    """Install or update an app in place: ``apps_dir/<app id>/`` is replaced atomically
    by a newer version (an older or same one is refused unless ``allow_downgrade``).
    The app's storage lives elsewhere, keyed by its id, so it survives updates."""
    info = read_package(path, trusted_keys)
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", info.app_id) or info.app_id in (".", ".."):
        raise PackageError(f"{path}: app id {info.app_id!r} cannot name a folder")
    previous = installed_version(apps_dir, info.app_id)
    if previous is not None and not allow_downgrade and (
            version_key(info.version) <= version_key(previous)):
        raise PackageError(f"{path}: {info.app_id} {info.version} is not newer than the "
                           f"installed {previous}")
    folder = unpack(info, Path(apps_dir) / info.app_id)
    return Installed(folder, info, previous)
