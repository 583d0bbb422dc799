"""The preview server serializes a large view message once for all its clients
(``JsonTexts``), and never keeps what it must not: small or traced messages, or more
than its bound."""

from __future__ import annotations

import json

from fanxing.runtime.devtools.preview_server import JsonTexts


def _patch(n: int, **extra) -> dict:
    return {"v": 1, "type": "patch", "pageId": "p1", "seq": 1,
            "ops": [["setText", i, "x" * 40] for i in range(n)], **extra}


def test_a_large_patch_is_serialized_once():
    texts = JsonTexts(min_chars=1000)
    big = _patch(100)
    first = texts.text(big)
    assert json.loads(first) == big
    assert texts.text(big) is first  # the same text object: not made again
    equal = _patch(100)  # an equal but different message is its own entry
    assert texts.text(equal) == first and texts.text(equal) is not first


def test_small_traced_and_other_messages_are_not_kept():
    texts = JsonTexts(min_chars=1000)
    small = _patch(2)
    assert texts.text(small) is not texts.text(small)
    traced = _patch(100, trace={"click": 1.0})
    assert texts.text(traced) is not texts.text(traced)
    console = {"v": 1, "type": "console", "args": ["x" * 5000]}
    assert texts.text(console) is not texts.text(console)


def test_the_bound_drops_the_oldest():
    texts = JsonTexts(min_chars=100, max_chars=10_000)
    msgs = [_patch(60) for _ in range(6)]  # ~3 KB each: three fit
    made = [texts.text(m) for m in msgs]
    assert texts.text(msgs[-1]) is made[-1]
    assert texts.text(msgs[0]) is not made[0]  # dropped, made again


def test_frames_batch_small_messages_and_send_large_ones_alone():
    from fanxing.runtime.devtools.preview_server import BATCH_CHARS, _frames

    small = [json.dumps({"type": "sim", "n": i}) for i in range(3)]
    big = json.dumps({"type": "patch", "ops": "x" * BATCH_CHARS})
    frames = _frames([small[0], small[1], big, small[2]])
    assert [json.loads(f) for f in frames] == [
        [json.loads(small[0]), json.loads(small[1])], json.loads(big), json.loads(small[2])]
    assert _frames([small[0]]) == [small[0]]  # a lone message is a plain object
