"""App packages: ``fanxing pack`` / ``keygen`` / ``install``, ``render``/``preview`` of a
package, ``Container.from_package``; tampered or wrongly signed packages are refused."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from fanxing.compiler.app_package import (
    PackageError,
    install_package,
    load_public_key,
    read_package,
    sha256,
)
from fanxing.runtime.cli.main import main
from fanxing.runtime.container.container import Container


def invoke(*args: str):
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pack")
    assert invoke("init", str(root / "hello"), "--dialect", "alipay",
                  "--template", "tabs").exit_code == 0
    assert invoke("keygen", str(root / "host")).exit_code == 0
    assert invoke("keygen", str(root / "other")).exit_code == 0
    return root


def rewrite(src: Path, dst: Path, change) -> Path:
    """Copy a package entry by entry; ``change(entries)`` edits the dict of bytes."""
    with zipfile.ZipFile(src) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    change(entries)
    with zipfile.ZipFile(dst, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return dst


def test_pack_writes_a_manifest_with_ids_pages_apis_and_hashes(work: Path) -> None:
    out = work / "plain.fxpkg"
    result = invoke("pack", str(work / "hello"), "-o", str(out), "--app-version", "1.2.0")
    assert result.exit_code == 0, result.output
    assert "packed hello 1.2.0: 2 page(s)" in result.stdout
    info = read_package(out)
    m = info.manifest
    assert (m["app"]["id"], m["app"]["version"], m["app"]["dialect"]) == ("hello", "1.2.0",
                                                                          "alipay")
    assert m["pages"] == ["pages/index/index", "pages/me/me"]
    assert "my.setStorageSync" in m["apis"] and m["profiles"]["alipay"]["missing"] == []
    assert "app/pages/index/index.axml" in m["files"] and "build/manifest.json" in m["files"]
    assert all(sha256(info.entries[n]) == h for n, h in m["files"].items())
    assert info.signed_by is None
    first = out.read_bytes()
    invoke("pack", str(work / "hello"), "-o", str(out), "--app-version", "1.2.0")
    assert out.read_bytes() == first  # reproducible


def test_render_and_preview_run_a_package_and_refuse_a_tampered_one(work: Path) -> None:
    pkg = work / "app.fxpkg"
    assert invoke("pack", str(work / "hello"), "-o", str(pkg)).exit_code == 0
    result = invoke("render", str(pkg), "--data-dir", str(work / "data"), "--format", "json",
                    "--do", "tap:.add")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["data"]["count"] == 1
    assert "package hello 1.0.0 (unsigned)" in result.stderr

    def edit(entries):
        entries["app/pages/index/index.js"] = entries["app/pages/index/index.js"].replace(
            b"count + 1", b"count + 100")
    bad = rewrite(pkg, work / "tampered.fxpkg", edit)
    for command in ("render", "preview", "screenshot"):
        extra = ["-o", str(work / "x.png")] if command == "screenshot" else []
        result = invoke(command, str(bad), *extra)
        assert result.exit_code == 1, result.output
        assert "app/pages/index/index.js does not match its hash" in result.output
    extra = rewrite(pkg, work / "extra.fxpkg", lambda e: e.update({"app/evil.js": b"x"}))
    assert "app/evil.js is not listed" in invoke("render", str(extra)).output
    gone = rewrite(pkg, work / "gone.fxpkg", lambda e: e.pop("app/app.js"))
    assert "app/app.js is listed in the manifest but missing" in invoke("render",
                                                                        str(gone)).output
    unsafe = rewrite(pkg, work / "unsafe.fxpkg", lambda e: e.update({"../x": b""}))
    assert "unsafe entry name" in invoke("render", str(unsafe)).output


def test_signatures_are_checked_against_the_trusted_keys(work: Path) -> None:
    signed = work / "signed.fxpkg"
    result = invoke("pack", str(work / "hello"), "-o", str(signed), "--sign",
                    str(work / "host.key"))
    assert result.exit_code == 0 and "signed" in result.stdout
    ok = invoke("render", str(signed), "--trust-key", str(work / "host.pub"),
                "--data-dir", str(work / "data"))
    assert ok.exit_code == 0 and "(trusted)" in ok.stderr, ok.output
    other = invoke("render", str(signed), "--trust-key", str(work / "other.pub"))
    assert other.exit_code == 1 and "not trusted" in other.output
    unsigned = work / "app.fxpkg"
    assert invoke("pack", str(work / "hello"), "-o", str(unsigned)).exit_code == 0
    result = invoke("render", str(unsigned), "--trust-key", str(work / "host.pub"))
    assert result.exit_code == 1 and "not signed" in result.output

    def reforge(entries):  # change a file and fix its hash: the signature no longer fits
        entries["app/app.js"] = b"App({ onLaunch() { steal(); } });"
        manifest = json.loads(entries["fxpkg.json"])
        manifest["files"]["app/app.js"] = sha256(entries["app/app.js"])
        entries["fxpkg.json"] = json.dumps(manifest).encode()
    forged = rewrite(signed, work / "forged.fxpkg", reforge)
    result = invoke("render", str(forged))
    assert result.exit_code == 1 and "signature does not match" in result.output


def test_container_runs_a_trusted_package_under_its_app_id(work: Path, tmp_path: Path) -> None:
    signed = work / "signed2.fxpkg"
    invoke("pack", str(work / "hello"), "-o", str(signed), "--sign", str(work / "host.key"),
           "--app-id", "com.example.hello")
    key = load_public_key(work / "host.pub")
    container = Container.from_package(signed, trusted_keys=[key], cache_dir=tmp_path / "c",
                                       data_dir=tmp_path / "data")
    try:
        assert container.app_id == "com.example.hello"
        assert (container.app.root / "app.json").is_file()  # assets come from the package
        container.launch()
        container.settle()
        assert container.page_data()["count"] == 0
    finally:
        container.close()
    with pytest.raises(PackageError, match="not trusted"):
        Container.from_package(signed, trusted_keys=[load_public_key(work / "other.pub")])


def test_install_updates_in_place_and_refuses_older(work: Path, tmp_path: Path) -> None:
    apps = tmp_path / "apps"
    for version in ("1.0.0", "1.10.0"):
        invoke("pack", str(work / "hello"), "-o", str(work / f"v{version}.fxpkg"),
               "--app-version", version)
    result = invoke("install", str(work / "v1.0.0.fxpkg"), "--apps-dir", str(apps))
    assert result.exit_code == 0 and "hello 1.0.0 installed" in result.stdout
    result = invoke("install", str(work / "v1.10.0.fxpkg"), "--apps-dir", str(apps))
    assert result.exit_code == 0 and "updated from 1.0.0" in result.stdout, result.output
    assert json.loads((apps / "hello/fxpkg.json").read_text())["app"]["version"] == "1.10.0"
    result = invoke("install", str(work / "v1.0.0.fxpkg"), "--apps-dir", str(apps))
    assert result.exit_code == 1 and "not newer than the installed 1.10.0" in result.output
    done = install_package(work / "v1.0.0.fxpkg", apps, allow_downgrade=True)
    assert done.previous == "1.10.0" and done.app().pages
    assert sorted(p.name for p in apps.iterdir()) == ["hello"]  # no staging left behind


def test_a_package_carries_the_npm_modules_the_app_uses(tmp_path: Path) -> None:
    app = tmp_path / "npmapp"
    files = {
        "app.json": '{"pages": ["pages/index/index"]}',
        "app.js": "App({});",
        "package.json": '{"name": "npmapp", "version": "2.0.1", "dependencies": {"greet": "1"}}',
        "node_modules/greet/package.json": '{"name": "greet", "main": "lib/index.js"}',
        "node_modules/greet/lib/index.js": "module.exports = (n) => 'hello ' + n;",
        "node_modules/unused/index.js": "module.exports = 1;",
        "pages/index/index.axml": "<view class=\"msg\">{{msg}}</view>",
        "pages/index/index.js": ("const greet = require('greet');\n"
                                 "Page({ data: { msg: greet('tea') } });\n"),
    }
    for rel, text in files.items():
        (app / rel).parent.mkdir(parents=True, exist_ok=True)
        (app / rel).write_text(text)
    pkg = tmp_path / "npmapp.fxpkg"
    assert invoke("pack", str(app), "-o", str(pkg)).exit_code == 0
    info = read_package(pkg)
    assert info.version == "2.0.1"  # from package.json
    assert "app/node_modules/greet/lib/index.js" in info.manifest["files"]
    assert not any("node_modules/unused" in n for n in info.manifest["files"])
    result = invoke("render", str(pkg), "--data-dir", str(tmp_path / "d"))
    assert result.exit_code == 0, result.output
    assert '<view class="msg">hello tea</view>' in result.stdout


def test_an_app_in_its_miniprogram_root_is_packed_under_the_project_name(
        tmp_path: Path) -> None:
    assert invoke("init", str(tmp_path / "teashop"), "--template", "cloud").exit_code == 0
    out = tmp_path / "teashop.fxpkg"
    result = invoke("pack", str(tmp_path / "teashop"), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "packed teashop 1.0.0" in result.stdout
    assert read_package(out).manifest["app"]["id"] == "teashop"
