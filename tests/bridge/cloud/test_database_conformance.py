"""The document database on SQLite and PostgreSQL: the same requests, the same answers.

Every query is checked against hand-written expectations and against the Python
reference matcher (``query.matches``), on both engines (``db`` is parametrized).
"""

from __future__ import annotations

import re

import pytest
from fanxing.bridge.cloud.database.query import QueryError, matches, parse_where

C = lambda name, *args: {"$cmd": name, "$args": list(args)}  # noqa: E731 - db.command.<name>(…)

DOCS = [
    {"_id": "a", "name": "apple", "price": 3, "tags": ["fruit", "red"], "stock": {"n": 10, "where": "hz"}},
    {"_id": "b", "name": "banana", "price": 1.5, "tags": ["fruit"], "stock": {"n": 0}},
    {"_id": "c", "name": "carrot", "price": 2, "tags": "veg", "items": [{"sku": "c1", "q": 2}, {"sku": "c2"}]},
    {"_id": "d", "name": "Durian", "price": None, "on": True, "when": {"$date": 1_700_000_000_000}},
    {"_id": "e", "name": "egg", "on": False, "price": "7"},
]

QUERIES = [
    ({"price": 3}, {"a"}),
    ({"price": C("gt", 1.5)}, {"a", "c"}),
    ({"price": C("gte", 1.5)}, {"a", "b", "c"}),
    ({"price": C("lt", 3)}, {"b", "c"}),
    ({"price": C("lte", 3)}, {"a", "b", "c"}),
    ({"price": C("neq", 3)}, {"b", "c", "d", "e"}),
    ({"price": None}, {"d"}),
    ({"missing": None}, {"a", "b", "c", "d", "e"}),
    ({"price": "7"}, {"e"}),
    ({"tags": "fruit"}, {"a", "b"}),
    ({"tags": "veg"}, {"c"}),
    ({"tags": ["fruit"]}, {"b"}),
    ({"stock": {"n": 0}}, {"b"}),
    ({"stock.n": C("gt", 5)}, {"a"}),
    ({"items.sku": "c2"}, {"c"}),
    ({"price": C("in", [1.5, 2])}, {"b", "c"}),
    ({"price": C("nin", [1.5, 2])}, {"a", "d", "e"}),
    ({"on": True}, {"d"}),
    ({"on": False}, {"e"}),
    ({"on": C("exists", True)}, {"d", "e"}),
    ({"on": C("exists", False)}, {"a", "b", "c"}),
    ({"tags": C("size", 2)}, {"a"}),
    ({"tags": C("all", ["fruit", "red"])}, {"a"}),
    ({"items": C("elemMatch", {"sku": "c1", "q": C("gte", 2)})}, {"c"}),
    ({"items": C("elemMatch", {"sku": "c2", "q": C("gte", 2)})}, set()),
    ({"name": C("regex", {"regexp": "^d", "options": "i"})}, {"d"}),
    ({"name": C("regex", {"regexp": "an", "options": ""})}, {"b", "d"}),
    ({"when": C("gt", {"$date": 1_600_000_000_000})}, {"d"}),
    ({"price": C("mod", [2, 1])}, {"a"}),
    (C("or", [{"price": 3}, {"on": True}]), {"a", "d"}),
    (C("and", [{"tags": "fruit"}, {"price": C("lt", 2)}]), {"b"}),
    ({"price": C("and", C("gt", 1), C("lt", 3))}, {"b", "c"}),
    ({"price": C("or", C("lt", 2), C("gt", 2.5))}, {"a", "b"}),
    ({"price": C("not", C("gt", 2))}, {"b", "c", "d", "e"}),
    ({"name": "apple", "tags": "red"}, {"a"}),
    ({}, {"a", "b", "c", "d", "e"}),
]


@pytest.fixture
def shop(db):
    for doc in DOCS:
        db.add("goods", doc)
    return db


@pytest.mark.parametrize("where,expected", QUERIES, ids=[str(q[0])[:60] for q in QUERIES])
def test_where(shop, where, expected):
    f = parse_where(where)
    got = {d["_id"] for d in shop.find("goods", f)}
    assert got == expected
    assert {d["_id"] for d in DOCS if matches(d, f)} == expected  # the reference agrees
    assert shop.count("goods", f) == len(expected)


def test_order_skip_limit_field(shop):
    docs = shop.find("goods", parse_where({"price": C("gte", 0)}), order=[("price", "desc")])
    assert [d["_id"] for d in docs] == ["a", "c", "b"]
    docs = shop.find("goods", order=[("name", "asc")], skip=1, limit=2, field={"name": True})
    assert docs == [{"_id": "a", "name": "apple"}, {"_id": "b", "name": "banana"}]
    docs = shop.find("goods", parse_where({"_id": "a"}), field={"stock.n": True, "_id": False})
    assert docs == [{"stock": {"n": 10}}]
    docs = shop.find("goods", parse_where({"_id": "a"}), field={"tags": False, "stock": False})
    assert docs == [{"_id": "a", "name": "apple", "price": 3}]


def test_update_operators(shop):
    n = shop.update("goods", parse_where({"_id": "a"}), {
        "price": C("inc", 2), "tags": C("push", ["sweet"]), "stock": {"n": C("mul", 3)},
        "seen": C("addToSet", "x"), "name": C("remove"), "meta": {"by": "test"}})
    assert n == 1
    doc = shop.get("goods", "a")
    assert doc["price"] == 5 and doc["tags"] == ["fruit", "red", "sweet"]
    assert doc["stock"] == {"n": 30, "where": "hz"} and doc["seen"] == ["x"]
    assert "name" not in doc and doc["meta"] == {"by": "test"}
    shop.update("goods", parse_where({"_id": "a"}), {"tags": C("pull", "red"),
                                                     "seen": C("addToSet", "x")})
    doc = shop.get("goods", "a")
    assert doc["tags"] == ["fruit", "sweet"] and doc["seen"] == ["x"]
    shop.update("goods", parse_where({"_id": "a"}), {"stock": C("set", {"n": 1})})
    assert shop.get("goods", "a")["stock"] == {"n": 1}
    # the array rule follows the new array at "seen"
    assert {d["_id"] for d in shop.find("goods", parse_where({"seen": "x"}))} == {"a"}


def test_many_and_remove(shop):
    assert shop.update("goods", parse_where({"tags": "fruit"}), {"sale": True}) == 2
    assert shop.count("goods", parse_where({"sale": True})) == 2
    assert shop.remove("goods", parse_where({"sale": True})) == 2
    assert shop.count("goods") == 3


def test_set_and_ids(shop):
    assert shop.set("goods", "z", {"name": "zucchini"}) == (0, 1)
    assert shop.set("goods", "z", {"name": "zucchini!"}) == (1, 0)
    assert shop.get("goods", "z") == {"_id": "z", "name": "zucchini!"}
    new = shop.add("goods", {"name": "fig"})
    assert len(new) == 32 and shop.get("goods", new)["name"] == "fig"
    with pytest.raises(QueryError, match="already exists"):
        shop.add("goods", {"_id": "a"})


def test_indexes_and_export_import(shop, tmp_path):
    name = shop.create_index("goods", ["price", "-name"])
    assert shop.indexes("goods")[0]["name"] == name
    assert {d["_id"] for d in shop.find("goods", parse_where({"price": 3}))} == {"a"}
    lines = list(shop.export_lines("goods"))
    assert len(lines) == 5
    assert shop.import_lines("copy", lines) == 5
    assert shop.find("copy", parse_where({"tags": "fruit"}), order=[("_id", "asc")]) == \
        shop.find("goods", parse_where({"tags": "fruit"}), order=[("_id", "asc")])
    with pytest.raises(QueryError, match=r"in.jsonl:2:1: not JSON"):
        shop.import_lines("copy", ['{"a": 1}', "nope"], source="in.jsonl")


@pytest.mark.parametrize("where,message", [
    ({"price": C("gt", [1])}, "where.price: _.gt() compares numbers, strings or dates"),
    ({"price": C("bogus", 1)}, "where.price: unknown query command 'bogus'"),
    ({"$where": 1}, "invalid field name"),
    ({"a'b": 1}, "invalid field name"),
    ({"price": C("in", 3)}, "_.in() takes an array"),
    (C("gt", 1), "needs a field"),
    ({"name": C("regex", {"regexp": "("})}, "invalid regexp"),
])
def test_malformed_queries(shop, where, message):
    with pytest.raises(QueryError, match=re.escape(message)):
        shop.find("goods", parse_where(where))


def test_bad_collection_and_update(shop):
    with pytest.raises(QueryError, match="invalid collection name"):
        shop.find("drop table", parse_where({}))
    with pytest.raises(QueryError, match="_id cannot be updated"):
        shop.update("goods", parse_where({"_id": "a"}), {"_id": "x"})
    with pytest.raises(QueryError, match="not a number"):
        shop.update("goods", parse_where({"_id": "a"}), {"name": C("inc", 1)})
    assert shop.get("goods", "a")["name"] == "apple"  # nothing half-applied


def test_equality_never_confuses_json_types(db):
    for i, v in enumerate([1, True, 0, False, "1", "[1]", [1], {"a": 1}, '{"a":1}', 7, "7"]):
        db.add("mixed", {"_id": f"m{i}", "v": v})
    db.create_index("mixed", ["v"])
    for value in (1, True, 0, False, "1", "[1]", [1], {"a": 1}, '{"a":1}', 7, "7"):
        f = parse_where({"v": value})
        got = {d["_id"] for d in db.find("mixed", f)}
        want = {d["_id"] for d in db.find("mixed") if matches(d, f)}
        assert got == want, value
        assert db.count("mixed", f) == len(want)
