"""Patches say up to which event of each client the app has handled (``after``), so a
client typing ahead of the app can tell an older value from a newer one."""

from __future__ import annotations

from pathlib import Path

from fanxing.runtime.container.container import MAX_SEEN_CLIENTS
from fanxing.runtime.view import protocol as P
from fanxing.testing import launch

from tests.runtime.container.test_event_trace import _app


def _tap(mp, eid) -> list[dict]:
    node = mp.page.get(".tap")
    patches: list[dict] = []
    unsubscribe = mp.container.subscribe(lambda m: patches.append(m) if m["type"] == "patch" else None)
    msg = P.event_message(node.page_id, node.node_id, "tap")
    msg["eid"] = eid
    mp.container.client_message(msg)
    mp.container.pump()
    unsubscribe()
    return patches


def test_patches_name_each_clients_last_event(tmp_path: Path) -> None:
    with launch(_app(tmp_path / "app"), data_dir=tmp_path / "data") as mp:
        assert _tap(mp, ["a", 1])[0]["after"] == {"a": 1}
        assert _tap(mp, ["b", 7])[0]["after"] == {"a": 1, "b": 7}
        assert _tap(mp, ["a", 2])[0]["after"] == {"b": 7, "a": 2}
        for i in range(MAX_SEEN_CLIENTS + 2):  # bounded: the oldest clients drop out
            last = _tap(mp, [f"c{i}", 1])[0]["after"]
        assert len(last) == MAX_SEEN_CLIENTS and "a" not in last and f"c{MAX_SEEN_CLIENTS + 1}" in last


def test_a_malformed_event_id_is_rejected(tmp_path: Path) -> None:
    with launch(_app(tmp_path / "app"), data_dir=tmp_path / "data") as mp:
        before = len(mp.errors)
        for bad in ("a:1", ["a"], ["", 1], ["x" * 33, 1], ["a", "1"], ["a", 1, 2]):
            assert _tap(mp, bad) == []
        assert len(mp.errors) == before + 6 and "'eid' must be" in mp.errors[-1]["message"]
        assert mp.page.data["n"] == 0
