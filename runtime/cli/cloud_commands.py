"""``fanxing cloud …``: the local cloud of an app from the command line.

``invoke`` runs a function with JSON, ``collections`` / ``export`` / ``import`` /
``index`` / ``acl`` look after the database, ``files`` lists stored files, ``reset``
empties the cloud and ``serve`` offers it over HTTP to a team (token-protected, loopback
by default). The cloud is the one the simulator and the harness use for the same app and
``--data-dir`` (``<data dir>/cloud/<app id>``); ``--database postgresql://…`` (or
``$FANXING_CLOUD_DATABASE``) points it at a shared PostgreSQL.
"""

from __future__ import annotations

import json
import secrets
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlparse

import click

if TYPE_CHECKING:  # http.server is imported by `cloud serve` only (every command loads this)
    from http.server import BaseHTTPRequestHandler


@contextmanager
def _open(app_dir: Path, data_dir: Path | None, database: str | None) -> Iterator[Any]:
    from fanxing.bridge.app_identity import AppIdError, display_id, project_store_id
    from fanxing.bridge.cloud import Cloud, QueryError
    from fanxing.bridge.cloud.project import functions_root
    from fanxing.bridge.jsonstore import safe_name
    from fanxing.compiler.diagnostics import CompileError
    from fanxing.compiler.project import find_app_root
    from fanxing.runtime.container.container import _default_data_dir
    from fanxing.runtime.container.project_settings import project_settings

    try:
        root, _ = find_app_root(app_dir)
        declared = project_settings(root).appid
        # The same data identity the container uses for this project (app_identity.py).
        app_id, store_id = display_id(declared, root), project_store_id(declared, root)
    except (CompileError, AppIdError) as e:
        raise click.ClickException(str(e)) from None
    folder = (data_dir or _default_data_dir()) / "cloud" / safe_name(store_id)
    try:
        cloud = Cloud(folder, functions_root=functions_root(root), database_url=database,
                      app_id=app_id)
    except Exception as e:  # a PostgreSQL that cannot be reached, a broken file
        raise click.ClickException(f"cannot open the cloud of {app_id}: {e}") from None
    try:
        yield cloud
    except QueryError as e:
        raise click.ClickException(str(e)) from None
    finally:
        cloud.close()


def _cloud_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed([
        click.argument("app_dir", type=click.Path(exists=True, file_okay=False, path_type=Path)),
        click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path),
                     help="Data folder (default: the user's data folder)."),
        click.option("--database", metavar="URL",
                     help="postgresql://… or sqlite:PATH (default: SQLite in the cloud folder)."),
    ]):
        fn = option(fn)
    return fn


def _caller(cloud: Any, user: str, profile: str) -> dict[str, Any]:
    from fanxing.bridge import IdentityService, load_profile
    from fanxing.bridge.cloud.cloud import caller_union

    wx = load_profile(profile).dialect == "wechat"
    return {"openId": IdentityService().open_id(cloud.app_id, user), "appId": cloud.app_id,
            "unionId": caller_union(user), "userId": user, "env": cloud.env,
            "source": "wx_client" if wx else "alipay_client"}


@click.group("cloud")
def cloud_group() -> None:
    """The app's local cloud: functions, database, files."""


@cloud_group.command("invoke")
@_cloud_options
@click.argument("function")
@click.option("--data", "data", default="{}", show_default=True, help="The event, as JSON.")
@click.option("--user", default="default", show_default=True, help="The calling user.")
@click.option("--profile", default="wechat", show_default=True,
              help="Whose conventions the caller follows (wechat: userInfo in the event).")
def invoke_command(app_dir: Path, data_dir: Path | None, database: str | None, function: str,
                   data: str, user: str, profile: str) -> None:
    """Run FUNCTION with a JSON event; print its result, logs and duration."""
    from fanxing.bridge.cloud import FunctionError

    try:
        event = json.loads(data)
    except json.JSONDecodeError as e:
        raise click.ClickException(f"--data: not JSON: {e}") from None
    with _open(app_dir, data_dir, database) as cloud:
        try:
            inv = cloud.call_function(function, event, _caller(cloud, user, profile))
        except FunctionError as e:
            for line in (e.invocation.logs if e.invocation else []):
                click.echo(f"[{line['level']}] {line['text']}", err=True)
            raise click.ClickException(f"{e.kind}: {e}") from None
        for line in inv.logs:
            click.echo(f"[{line['level']}] {line['text']}", err=True)
        click.echo(json.dumps(inv.value, ensure_ascii=False, indent=2))
        click.echo(f"{inv.request_id}: {inv.duration_ms:.1f} ms{' (cold)' if inv.cold else ''}",
                   err=True)


@cloud_group.command("collections")
@_cloud_options
def collections_command(app_dir: Path, data_dir: Path | None, database: str | None) -> None:
    """List collections with their document count and permission."""
    with _open(app_dir, data_dir, database) as cloud:
        for name in cloud.db.collections():
            click.echo(f"{name}\t{cloud.db.count(name)}\t{cloud.db.acl(name)[0]}")


@cloud_group.command("export")
@_cloud_options
@click.argument("collection")
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write JSON lines here (default: stdout).")
def export_command(app_dir: Path, data_dir: Path | None, database: str | None, collection: str,
                   out: Path | None) -> None:
    """Write COLLECTION as JSON lines (one document a line)."""
    with _open(app_dir, data_dir, database) as cloud:
        lines = list(cloud.db.export_lines(collection))
    text = "".join(line + "\n" for line in lines)
    if out:
        out.write_text(text, "utf-8")
        click.echo(f"{len(lines)} documents → {out}", err=True)
    else:
        sys.stdout.write(text)


@cloud_group.command("import")
@_cloud_options
@click.argument("collection")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(app_dir: Path, data_dir: Path | None, database: str | None, collection: str,
                   source: Path) -> None:
    """Add the JSON lines of SOURCE to COLLECTION (same _id replaces), all or nothing."""
    with _open(app_dir, data_dir, database) as cloud:
        n = cloud.db.import_lines(collection, source.read_text("utf-8").splitlines(),
                                  source=str(source))
    click.echo(f"{n} documents imported into {collection}")


@cloud_group.command("index")
@_cloud_options
@click.argument("collection")
@click.argument("fields", nargs=-1, required=True)
@click.option("--unique", is_flag=True)
def index_command(app_dir: Path, data_dir: Path | None, database: str | None, collection: str,
                  fields: tuple[str, ...], unique: bool) -> None:
    """Declare an index on FIELDS of COLLECTION (``-field`` for descending)."""
    with _open(app_dir, data_dir, database) as cloud:
        click.echo(cloud.db.create_index(collection, fields, unique=unique))


@cloud_group.command("acl")
@_cloud_options
@click.argument("collection")
@click.argument("preset", type=click.Choice(["PRIVATE", "READONLY", "ADMINWRITE", "ADMINONLY",
                                             "CUSTOM"]))
@click.option("--rules", help='CUSTOM rules as JSON: {"read": "…", "write": "…"}.')
def acl_command(app_dir: Path, data_dir: Path | None, database: str | None, collection: str,
                preset: str, rules: str | None) -> None:
    """Set who may read and write COLLECTION from the mini-program."""
    from fanxing.bridge.cloud import QueryError
    from fanxing.bridge.cloud.database.permissions import access_filter

    parsed = None
    if preset == "CUSTOM":
        try:
            parsed = json.loads(rules or "")
        except json.JSONDecodeError as e:
            raise click.ClickException(f"--rules: not JSON: {e}") from None
        for mode in ("read", "write"):
            try:  # a bad rule fails here, not at the app's first query
                access_filter(preset, parsed, mode, "check")
            except QueryError as e:
                raise click.ClickException(str(e)) from None
    with _open(app_dir, data_dir, database) as cloud:
        cloud.db.set_acl(collection, preset, parsed)
    click.echo(f"{collection}: {preset}")


@cloud_group.command("files")
@_cloud_options
def files_command(app_dir: Path, data_dir: Path | None, database: str | None) -> None:
    """List stored files (file id and size)."""
    with _open(app_dir, data_dir, database) as cloud:
        for f in cloud.storage.files():
            click.echo(f"{f['fileID']}\t{f['size']}")


@cloud_group.command("reset")
@_cloud_options
@click.option("--yes", is_flag=True, help="Do not ask.")
def reset_command(app_dir: Path, data_dir: Path | None, database: str | None, yes: bool) -> None:
    """Drop every collection and delete every stored file."""
    import shutil

    if not yes:
        click.confirm("Drop every collection and file of this app's cloud?", abort=True)
    with _open(app_dir, data_dir, database) as cloud:
        cloud.db.reset()
        shutil.rmtree(cloud.storage.root, ignore_errors=True)
    click.echo("cloud reset")


@cloud_group.command("serve")
@_cloud_options
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8770, show_default=True, type=int)
@click.option("--token", help="Bearer token clients must send (default: a new random one).")
def serve_command(app_dir: Path, data_dir: Path | None, database: str | None, host: str,
                  port: int, token: str | None) -> None:
    """Serve the cloud over HTTP: POST /v1/functions/NAME, POST /v1/database, GET /v1/files/…"""
    from http.server import ThreadingHTTPServer

    token = token or secrets.token_urlsafe(18)
    with _open(app_dir, data_dir, database) as cloud:
        server = ThreadingHTTPServer((host, port), _handler(cloud, token))
        cloud.storage.base_url = f"http://{host}:{server.server_port}"
        click.echo(f"fanxing cloud of {cloud.app_id} on http://{host}:{server.server_port} "
                   f"(token {token}); Ctrl-C stops", err=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()


def _handler(cloud: Any, token: str) -> type[BaseHTTPRequestHandler]:
    from http.server import BaseHTTPRequestHandler

    from fanxing.bridge.cloud.cloud import CLOUD_ERRORS
    from fanxing.bridge.cloud.storage import URL_PREFIX, StorageError

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, fmt: str, *args: Any) -> None:
            sys.stderr.write("cloud: " + (fmt % args) + "\n")

        def _send(self, status: int, body: Any, content_type: str = "application/json") -> None:
            data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            url = urlparse(self.path)
            if not url.path.startswith(URL_PREFIX):
                return self._send(404, {"error": "not found"})
            q = parse_qs(url.query)
            try:
                path = cloud.storage.verify(unquote(url.path[len(URL_PREFIX):]),
                                            q.get("expires", [""])[0], q.get("sign", [""])[0])
            except StorageError as e:
                return self._send(403, {"error": str(e)})
            self._send(200, path.read_bytes(), "application/octet-stream")

        def do_POST(self) -> None:  # noqa: N802
            if self.headers.get("Authorization") != f"Bearer {token}":
                return self._send(401, {"error": "missing or wrong bearer token"})
            try:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0))
                                  or b"{}")
            except json.JSONDecodeError as e:
                return self._send(400, {"error": f"body is not JSON: {e}"})
            path = urlparse(self.path).path
            user = str(body.get("user") or "default")
            caller = _caller(cloud, user, str(body.get("profile") or "wechat"))
            try:
                if path.startswith("/v1/functions/"):
                    inv = cloud.call_function(path[len("/v1/functions/"):], body.get("data") or {},
                                              caller)
                    return self._send(200, inv.as_json())
                if path == "/v1/database":
                    return self._send(200, cloud.admin_db(body.get("request") or {}, caller))
            except CLOUD_ERRORS as e:
                return self._send(400, {"error": str(e), "kind": getattr(e, "kind", "query")})
            self._send(404, {"error": f"no such endpoint {path}"})

    return Handler


COMMANDS = [cloud_group]
