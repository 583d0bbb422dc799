"""The on-disk compile cache (fanxing.compiler.compile_cache): an unchanged app is not
compiled again by a new process; any change to a file, or any damage to an entry, means
a fresh compile with the same result."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from fanxing.compiler import compile_cache
from fanxing.compiler.build import compile_app, open_app
from fanxing.compiler.build_output import app_manifest
from fanxing.compiler.compile_cache import CompileCache, app_key, cache_dir, default_cache
from fanxing.compiler.diagnostics import DiagnosticSink

from tests.compiler.app_factory import write_tree

APP = {
    # an unknown key: a warning the cache must replay
    "app.json": '{\n  "pages": ["pages/index/index"],\n  "colour": 1\n}\n',
    "app.js": "App({});",
    "app.wxss": ".a { color: red; }",
    "pages/index/index.wxml": "<view class='a'>{{ msg }}</view><wxs module='m'>module.exports.x = 1;</wxs>",
    "pages/index/index.js": "Page({data: {msg: 'hi'}});",
    "pages/index/index.wxss": ".b { color: blue; }",
}


class Counting:
    """compile_app, counted (the real compiler runs)."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, path, sink):
        self.calls += 1
        return compile_app(path, sink)


def _manifest(app) -> dict:
    texts: list[str] = []
    out = app_manifest(app, lambda name, text: texts.append((name, text)) or name)
    return {"manifest": out, "texts": texts}


def _render(app, data) -> list:
    return [n.to_json() if hasattr(n, "to_json") else repr(n)
            for n in app.templates.render("pages/index/index.wxml", data, _Ctx())]


class _Ctx:
    def call_module(self, module_id, member, args):
        raise AssertionError("not called")

    def module_member(self, module_id, member):
        raise AssertionError("not called")


@pytest.fixture
def app(tmp_path):
    return write_tree(tmp_path / "app", APP)


def _open(folder, path, compile=None):
    """Open ``path`` as a new process would (a new cache instance: nothing in memory)."""
    sink = DiagnosticSink()
    cache = CompileCache(folder)
    return cache.open(path, sink, compile or Counting()), sink, cache


def test_a_hit_skips_the_compile_and_gives_the_same_app(app, tmp_path):
    fresh, first_sink, first = _open(tmp_path / "cache", app)
    assert (first.hits, first.misses, first.stored) == (0, 1, 1)
    counting = Counting()
    again, sink, cache = _open(tmp_path / "cache", app, counting)
    assert counting.calls == 0 and (cache.hits, cache.memory_hits, cache.misses) == (1, 0, 0)
    assert _manifest(again) == _manifest(fresh)
    # the warning is replayed, as the compile reported it
    assert [d.format() for d in sink.items] == [d.format() for d in first_sink.items]
    assert any("colour" in d.message and d.severity == "warning" for d in sink.items)
    assert again.diagnostics == fresh.diagnostics
    # the stored code objects render like the fresh ones
    assert again.templates._code.keys() == fresh.templates._code.keys()
    assert _render(again, {"msg": "yo"}) == _render(fresh, {"msg": "yo"})


def test_an_edited_file_is_compiled_again(app, tmp_path):
    _open(tmp_path / "cache", app)
    page = app / "pages/index/index.js"
    stat = page.stat()
    # same size and modification time: only the contents tell
    page.write_text("Page({data: {msg: 'ho'}});", encoding="utf-8")
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    counting = Counting()
    edited, _, _ = _open(tmp_path / "cache", app, counting)
    assert counting.calls == 1
    assert "'ho'" in edited.modules["pages/index/index.js"].code
    # a new file (even one no page uses) is a change too
    (app / "pages/index/extra.wxss").write_text(".c {}", encoding="utf-8")
    counting = Counting()
    _open(tmp_path / "cache", app, counting)
    assert counting.calls == 1


def test_within_a_process_the_same_app_object_serves_every_open(app, tmp_path):
    cache = CompileCache(tmp_path / "cache")
    counting = Counting()
    first = cache.open(app, DiagnosticSink(), counting)
    sink = DiagnosticSink()
    assert cache.open(app, sink, counting) is first
    assert counting.calls == 1 and cache.memory_hits == 1
    assert any("colour" in d.message for d in sink.items)  # replayed from memory too
    (app / "app.js").write_text("App({onLaunch() {}});", encoding="utf-8")
    assert cache.open(app, DiagnosticSink(), counting) is not first
    assert counting.calls == 2


def _entry(folder, app) -> os.PathLike:
    return CompileCache(folder)._entry(app_key(app))


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "empty", "other-key",
                                    "not-marshal"])
def test_a_damaged_entry_is_ignored_and_replaced(app, tmp_path, damage):
    fresh, _, _ = _open(tmp_path / "cache", app)
    entry = _entry(tmp_path / "cache", app)
    data = entry.read_bytes()
    header_end = data.index(b"\n", len(compile_cache.FORMAT))
    if damage == "flip":
        data = data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:]
    elif damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "garbage":
        data = os.urandom(300)
    elif damage == "empty":
        data = b""
    elif damage == "other-key":
        header = json.loads(data[len(compile_cache.FORMAT):header_end])
        header["key"] = "0" * 64
        data = compile_cache.FORMAT + json.dumps(header).encode() + data[header_end:]
    else:  # a checksum that matches a payload that is not ours
        import hashlib

        payload = b"\x00not marshal"
        header = {"key": app_key(app), "sha256": hashlib.sha256(payload).hexdigest()}
        data = compile_cache.FORMAT + json.dumps(header).encode() + b"\n" + payload
    entry.write_bytes(data)
    counting = Counting()
    again, _, cache = _open(tmp_path / "cache", app, counting)
    assert counting.calls == 1 and cache.hits == 0
    assert _manifest(again) == _manifest(fresh)
    # the entry was written anew and now hits
    counting = Counting()
    _, _, cache = _open(tmp_path / "cache", app, counting)
    assert counting.calls == 0 and cache.hits == 1


def test_another_app_with_the_same_files_keeps_its_own_root(app, tmp_path):
    copy = shutil.copytree(app, tmp_path / "copy")
    first, _, _ = _open(tmp_path / "cache", app)
    second, _, cache = _open(tmp_path / "cache", copy)
    assert first.root == app.resolve() and second.root == copy.resolve()
    assert cache.misses == 1
    again, _, cache = _open(tmp_path / "cache", copy)
    assert again.root == copy.resolve() and cache.hits == 1


def test_builds_with_errors_are_not_stored(tmp_path):
    broken = write_tree(tmp_path / "app", {**APP, "pages/index/index.wxml": "<view>{{ a + }}</view>"})
    app, sink, _ = _open(tmp_path / "cache", broken)
    assert not app.ok and sink.has_errors
    counting = Counting()
    _, _, cache = _open(tmp_path / "cache", broken, counting)
    assert counting.calls == 1 and cache.stored == 0


def test_where_it_lives_and_how_to_turn_it_off(app, tmp_path, monkeypatch):
    monkeypatch.delenv("FANXING_CACHE_DIR", raising=False)
    monkeypatch.delenv("FANXING_COMPILE_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "fanxing"
    monkeypatch.setenv("FANXING_CACHE_DIR", str(tmp_path / "own"))
    assert default_cache().folder == tmp_path / "own" / "compiled"
    open_app(app)
    assert list((tmp_path / "own" / "compiled").glob("*/*.fxc"))
    monkeypatch.setenv("FANXING_COMPILE_CACHE", "0")
    assert default_cache() is None
    shutil.rmtree(tmp_path / "own")
    open_app(app)
    assert not (tmp_path / "own").exists()
