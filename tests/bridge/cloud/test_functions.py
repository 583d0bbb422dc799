"""Cloud functions on real Node workers: cold and warm calls, logs, errors, timeouts,
crashes, the concurrency limit, and the server SDK talking back to the cloud."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from fanxing.bridge.cloud import Cloud, FunctionError, Limits

FUNCTIONS = {
    "echo": """
const cloud = require('wx-server-sdk')
exports.main = async (event, context) => {
  console.log('hello', event.n)
  return { event, ctx: cloud.getWXContext(), fn: context.function_name }
}""",
    "boom": "exports.main = async () => { throw new Error('kaboom') }",
    "spin": "exports.main = async () => { for (;;) {} }",
    "exit": "exports.main = async () => { process.exit(3) }",
    "slow": "exports.main = (e) => new Promise(r => setTimeout(() => r(e.n), 300))",
    "legacy": "exports.main = (event, context, cb) => { cb(null, event.x + 1) }",
    "db": """
const cloud = require('wx-server-sdk')
const db = cloud.database(); const _ = db.command
exports.main = async (e) => {
  await db.collection('t').add({ data: { n: e.n, at: db.serverDate() } })
  await db.collection('t').where({ n: _.gte(2) }).update({ data: { big: true } })
  const got = await db.collection('t').orderBy('n', 'asc').get()
  const nested = await cloud.callFunction({ name: 'echo', data: { n: 'inner' } })
  return { ns: got.data.map(d => [d.n, !!d.big, d.at instanceof Date]), errMsg: got.errMsg,
           inner: nested.result.event.n }
}""",
    "badquery": """
const db = require('wx-server-sdk').database()
exports.main = async () => {
  try { await db.collection('t').where({ n: db.command.gt([1]) }).get() }
  catch (e) { return { caught: e.errMsg } }
}""",
    "txn": """
const db = require('wx-server-sdk').database(); const _ = db.command
exports.main = async () => {
  await db.collection('acct').doc('a').set({ data: { bal: 100 } })
  await db.collection('acct').doc('b').set({ data: { bal: 0 } })
  const r = await db.runTransaction(async t => {
    const before = (await t.collection('acct').doc('a').get()).data.bal
    await t.collection('acct').doc('a').update({ data: { bal: _.inc(-30) } })
    await t.collection('acct').doc('b').update({ data: { bal: _.inc(30) } })
    const seen = (await t.collection('acct').doc('a').get()).data.bal
    return { before, seen }
  })
  let rolled = null
  try {
    await db.runTransaction(async t => {
      await t.collection('acct').doc('a').update({ data: { bal: 0 } })
      await t.rollback('nope')
    })
  } catch (err) { rolled = err }
  const a = (await db.collection('acct').doc('a').get()).data.bal
  const b = (await db.collection('acct').doc('b').get()).data.bal
  return { r, a, b, rolled }
}""",
    "conflict": """
const db = require('wx-server-sdk').database()
exports.main = async () => {
  await db.collection('acct').doc('c').set({ data: { bal: 1 } })
  const t = await db.startTransaction()
  await t.collection('acct').doc('c').get()
  await t.collection('acct').doc('c').update({ data: { bal: 2 } })
  await db.collection('acct').doc('c').update({ data: { bal: 5 } })  // someone else
  let err = null
  try { await t.commit() } catch (e) { err = e.message }
  return { err, bal: (await db.collection('acct').doc('c').get()).data.bal }
}""",
    "alipay": """
const cloud = require('@alipay/faas-server-sdk')
cloud.init()
exports.main = async () => cloud.getContext()
""",
}


@pytest.fixture
def cloud(tmp_path: Path):
    root = tmp_path / "functions"
    for name, code in FUNCTIONS.items():
        (root / name).mkdir(parents=True)
        (root / name / "index.js").write_text(code)
        (root / name / "package.json").write_text(json.dumps({"name": name}))
    (root / "spin" / "config.json").write_text('{"timeout": 1}')
    c = Cloud(tmp_path / "cloud", functions_root=root, limits=Limits(timeout=10, concurrency=2))
    yield c
    c.close()


CALLER = {"openId": "o-1", "appId": "app", "unionId": "u-1", "userId": "2088", "source": "wx_client"}


def test_cold_then_warm_with_logs_and_identity(cloud):
    first = cloud.call_function("echo", {"n": 1}, CALLER)
    assert first.cold and first.ok
    assert first.value["event"] == {"n": 1, "userInfo": {"appId": "app", "openId": "o-1"}}
    assert first.value["ctx"]["OPENID"] == "o-1" and first.value["ctx"]["APPID"] == "app"
    assert first.value["fn"] == "echo"
    assert first.logs[0]["text"] == "hello 1"
    second = cloud.call_function("echo", {"n": 2}, CALLER)
    assert not second.cold and second.logs[0]["text"] == "hello 2"
    assert second.request_id != first.request_id
    assert cloud.functions.warm("echo") == 1


def test_errors_name_the_cause(cloud):
    with pytest.raises(FunctionError, match="function 'nope' not found") as e:
        cloud.call_function("nope", {}, CALLER)
    assert e.value.kind == "unknown"
    with pytest.raises(FunctionError, match="kaboom") as e:
        cloud.call_function("boom", {}, CALLER)
    assert e.value.kind == "error" and "kaboom" in e.value.invocation.logs[-1]["text"]
    with pytest.raises(FunctionError, match="worker exited") as e:
        cloud.call_function("exit", {}, CALLER)
    assert e.value.kind == "crash"
    with pytest.raises(FunctionError):
        cloud.call_function("../x", {}, CALLER)
    assert cloud.call_function("legacy", {"x": 41}, CALLER).value == 42


def test_runaway_function_times_out_without_stalling_others(cloud):
    results = {}

    def spin():
        try:
            cloud.call_function("spin", {}, CALLER)
        except FunctionError as e:
            results["spin"] = e

    t = threading.Thread(target=spin)
    t.start()
    time.sleep(0.2)
    assert cloud.call_function("echo", {"n": 3}, CALLER).ok  # not blocked by the spinner
    t.join(30)
    assert results["spin"].kind == "timeout" and "timed out after 1 s" in str(results["spin"])
    assert cloud.functions.warm("spin") == 0  # its worker was killed


def test_concurrency_limit(cloud):
    errors, done = [], []

    def call():
        try:
            done.append(cloud.call_function("slow", {"n": 1}, CALLER).value)
        except FunctionError as e:
            errors.append(e)

    threads = [threading.Thread(target=call) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(done) == 2 and len(errors) == 1 and errors[0].kind == "quota"


def test_server_sdk_database_and_nested_calls(cloud):
    for n in (1, 2, 3):
        inv = cloud.call_function("db", {"n": n}, CALLER)
    assert inv.value["ns"] == [[1, False, True], [2, True, True], [3, True, True]]
    assert inv.value["errMsg"] == "collection.get:ok" and inv.value["inner"] == "inner"
    caught = cloud.call_function("badquery", {}, CALLER).value["caught"]
    assert caught.startswith("collection.get:fail where.n: _.gt() compares")


def test_alipay_sdk_context(cloud):
    ctx = cloud.call_function("alipay", {}, {**CALLER, "source": "alipay_client"}).value
    assert ctx["userId"] == "2088" and ctx["openId"] == "o-1" and ctx["appId"] == "app"


def test_transactions_commit_together_and_roll_back(cloud):
    out = cloud.call_function("txn", {}, CALLER).value
    assert out == {"r": {"before": 100, "seen": 70}, "a": 70, "b": 30, "rolled": "nope"}


def test_transaction_conflict_writes_nothing(cloud):
    out = cloud.call_function("conflict", {}, CALLER).value
    assert out["bal"] == 5
    assert "transaction conflict: acct/c changed since the transaction read it" in out["err"]
