"""``fanxing pack APP -o app.fxpkg`` (an app package, optionally signed), ``fanxing keygen``
(the host's Ed25519 key pair) and ``fanxing install`` (install or update a package in a
host's apps folder)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from fanxing.runtime.cli.output import print_diagnostics, rebase


@click.command("pack")
@click.argument("app_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The package file to write (app.fxpkg).")
@click.option("--sign", "key", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Sign with this Ed25519 private key (PEM, from `fanxing keygen`).")
@click.option("--app-id", help="App id (default: the project's appid, else the folder name).")
@click.option("--app-version", help="Version (default: package.json's version, else 1.0.0).")
def pack_command(app_dir: Path, out: Path, key: Path | None, app_id: str | None,
                 app_version: str | None) -> None:
    """Build an app package: the compiled build, the app's files and a manifest (id,
    version, pages, APIs per host profile, content hashes), optionally signed."""
    from fanxing.bridge.app_identity import AppIdError, check_app_id
    from fanxing.compiler.app_package import PackageError
    from fanxing.compiler.diagnostics import CompileError
    from fanxing.runtime.devtools.pack import pack_app

    try:
        if app_id is not None:
            check_app_id(app_id)
        manifest = pack_app(app_dir, out, app_id=app_id, version=app_version,
                            signing_key=key.read_bytes() if key else None)
    except AppIdError as e:
        raise click.BadParameter(str(e), param_hint="--app-id") from None
    except CompileError as e:
        print_diagnostics(rebase(e.diagnostics, app_dir))
        click.echo("fanxing pack: not packed: fix the errors first", err=True)
        sys.exit(1)
    except (PackageError, OSError) as e:
        click.echo(f"fanxing pack: {e}", err=True)
        sys.exit(1)
    app = manifest["app"]
    missing = {p: v["missing"] for p, v in manifest["profiles"].items() if v["missing"]}
    click.echo(f"packed {app['id']} {app['version']}: {len(manifest['pages'])} page(s), "
               f"{len(manifest['files'])} file(s){', signed' if key else ''} -> {out}")
    for profile, apis in missing.items():
        click.echo(f"  {profile} lacks {', '.join(apis)}", err=True)


@click.command("keygen")
@click.argument("name", type=click.Path(dir_okay=False, path_type=Path))
def keygen_command(name: Path) -> None:
    """Write a new Ed25519 key pair: NAME.key (private, keep it secret) and NAME.pub."""
    import os

    from fanxing.runtime.devtools.pack import new_keypair

    private_path, public_path = name.with_suffix(".key"), name.with_suffix(".pub")
    for path in (private_path, public_path):
        if path.exists():
            raise click.ClickException(f"{path} exists; not overwriting a key")
    private, public = new_keypair()
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(private)
    public_path.write_bytes(public)
    click.echo(f"wrote {private_path} (private: sign with `fanxing pack --sign`) and "
               f"{public_path} (public: hosts trust it with --trust-key)")


@click.command("install")
@click.argument("package", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--apps-dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The host's apps folder; the app goes to APPS_DIR/<app id>/.")
@click.option("--trust-key", "trust_keys", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Public key the package must be signed with (repeatable).")
@click.option("--allow-downgrade", is_flag=True, help="Install even if not newer.")
def install_command(package: Path, apps_dir: Path, trust_keys: tuple[Path, ...],
                    allow_downgrade: bool) -> None:
    """Install or update (in place) a package in a host's apps folder."""
    from fanxing.compiler.app_package import PackageError, install_package, load_public_key

    try:
        keys = [load_public_key(k) for k in trust_keys]
        done = install_package(package, apps_dir, trusted_keys=keys,
                               allow_downgrade=allow_downgrade)
    except PackageError as e:
        click.echo(f"fanxing install: refused: {e}", err=True)
        sys.exit(1)
    what = f"updated from {done.previous}" if done.previous else "installed"
    click.echo(f"{done.info.app_id} {done.info.version} {what} in {done.folder}")


COMMANDS = [pack_command, keygen_command, install_command]
