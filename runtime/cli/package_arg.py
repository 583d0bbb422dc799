"""APP arguments that may be an app package: ``fanxing render/preview/dev/screenshot
app.fxpkg`` check the package (hashes, signature, ``--trust-key``) and run its app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

_KEYS = "fanxing.trust_keys"


def _remember_keys(ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
    ctx.meta[_KEYS] = tuple(value or ())
    return value


def trust_key_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--trust-key KEY.pub`` (repeatable), read by ``app_argument`` (not passed on)."""
    return click.option("--trust-key", "trust_keys", multiple=True, is_eager=True,
                        expose_value=False, callback=_remember_keys,
                        type=click.Path(exists=True, dir_okay=False, path_type=Path),
                        help="Public key (PEM) an app package must be signed with "
                             "(repeatable); without it, any intact package runs.")(fn)


def app_argument(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The APP_DIR argument: an app or project folder, or an app package (.fxpkg)."""
    def resolve(ctx: click.Context, _param: click.Parameter, value: Path) -> Path:
        return resolve_app(value, ctx.meta.get(_KEYS, ()))

    return click.argument("app_dir", type=click.Path(path_type=Path), callback=resolve)(fn)


def resolve_app(path: Path, trust_keys: tuple[Path, ...] = ()) -> Path:
    """``path`` itself for a folder; for a ``.fxpkg`` file, the checked and unpacked app
    folder (a package that fails a check is refused with its reason)."""
    if path.is_dir():
        if trust_keys:
            raise click.UsageError("--trust-key applies to packages (.fxpkg), not folders")
        return path
    if not path.exists():
        raise click.BadParameter(f"{path} does not exist", param_hint="APP_DIR")
    if path.suffix != ".fxpkg":
        raise click.BadParameter(f"{path} is neither an app folder nor a package (.fxpkg)",
                                 param_hint="APP_DIR")
    from fanxing.compiler.app_package import PackageError, load_public_key, unpack_cached

    try:
        keys = [load_public_key(k) for k in trust_keys]
        folder, info = unpack_cached(path, keys)
    except PackageError as e:
        raise click.ClickException(f"refused: {e}") from None
    state = (f"signed by {info.signed_by}" + (" (trusted)" if info.trusted else "")
             if info.signed_by else "unsigned")
    click.echo(f"package {info.app_id} {info.version} ({state})", err=True)
    return folder / "app"
