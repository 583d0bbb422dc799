"""Alipay's host picker dialogs: ``my.datePicker``, ``my.optionsSelect``,
``my.multiLevelSelect`` and ``my.chooseCity``.

Each is one ``Host.ask`` question (kind = the API name), answered by the simulator's
dialog for people and by ``Answers`` for tests and ``--answer``. The answer is checked
against what the app offered, so a scripted answer can't return something the dialog
could not have shown. Shapes follow the Alipay/mPaaS API pages: a cancel is error 11
(用户取消) except where the page documents otherwise: ``multiLevelSelect`` answers
``{success: false}`` and ``optionsSelect`` empty strings.
"""

from __future__ import annotations

import re
from typing import Any

from .context import ApiContext
from .errors import BAD_PARAM, USER_CANCEL, ApiError
from .registry import Registry

DATE_FORMATS = {
    "yyyy-MM-dd": r"\d{4}-\d{2}-\d{2}",
    "HH:mm": r"\d{2}:\d{2}",
    "yyyy-MM-dd HH:mm": r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}",
    "yyyy-MM": r"\d{4}-\d{2}",
    "yyyy": r"\d{4}",
}

# Offered when the app passes no ``cities`` (adCodes from the national division table).
DEFAULT_CITIES = [
    {"city": "北京市", "adCode": "110100", "spell": "beijing"},
    {"city": "上海市", "adCode": "310100", "spell": "shanghai"},
    {"city": "广州市", "adCode": "440100", "spell": "guangzhou"},
    {"city": "深圳市", "adCode": "440300", "spell": "shenzhen"},
    {"city": "杭州市", "adCode": "330100", "spell": "hangzhou"},
    {"city": "成都市", "adCode": "510100", "spell": "chengdu"},
    {"city": "武汉市", "adCode": "420100", "spell": "wuhan"},
    {"city": "南京市", "adCode": "320100", "spell": "nanjing"},
]


def _cancelled(answer: Any) -> bool:
    return answer is None or answer == "cancel"


def _cancel() -> ApiError:
    return ApiError("用户取消", code=USER_CANCEL)


def _bad_answer(api: str, why: str) -> ApiError:
    return ApiError(f"{api}: the host answered {why}", code=BAD_PARAM)


async def date_picker(ctx: ApiContext, args: dict[str, Any]) -> Any:
    fmt = args.get("format") or "yyyy-MM-dd"
    answer = await ctx.ask("datePicker", {
        "format": fmt, "currentDate": args.get("currentDate") or "",
        "startDate": args.get("startDate") or "", "endDate": args.get("endDate") or ""})
    if _cancelled(answer):
        raise _cancel()
    if not isinstance(answer, str) or not re.fullmatch(DATE_FORMATS[fmt], answer):
        raise _bad_answer("datePicker", f"{answer!r}, not a date in format {fmt!r}")
    return {"date": answer}


def _index(value: Any, options: list[Any], api: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str) or \
            not str(value).strip().isdigit():
        raise _bad_answer(api, f"{value!r}, not an option index")
    if int(value) >= len(options):
        raise _bad_answer(api, f"index {value}, beyond the {len(options)} options")
    return int(value)


async def options_select(ctx: ApiContext, args: dict[str, Any]) -> Any:
    one, two = args["optionsOne"], args.get("optionsTwo") or []
    answer = await ctx.ask("optionsSelect", {
        "title": args.get("title") or "", "optionsOne": one, "optionsTwo": two,
        "selectedOneIndex": args.get("selectedOneIndex") or 0,
        "selectedTwoIndex": args.get("selectedTwoIndex") or 0,
        "positiveString": args.get("positiveString") or "确定",
        "negativeString": args.get("negativeString") or "取消"})
    if _cancelled(answer):  # documented: a cancel succeeds with empty strings
        return {key: "" for key in ("selectedOneIndex", "selectedOneOption",
                                    "selectedTwoIndex", "selectedTwoOption")}
    # "1,2" as well as [1, 2]: a scripted list would be a sequence of answers
    picks = answer if isinstance(answer, list) else str(answer).split(",")
    if not picks or len(picks) > (2 if two else 1):
        raise _bad_answer("optionsSelect", f"{answer!r}, not one index per column")
    i = _index(picks[0], one, "optionsSelect")
    result: dict[str, Any] = {"selectedOneIndex": i, "selectedOneOption": one[i]}
    if two:
        j = _index(picks[1] if len(picks) > 1 else args.get("selectedTwoIndex") or 0,
                   two, "optionsSelect")
        result.update(selectedTwoIndex=j, selectedTwoOption=two[j])
    return result


def _check_tree(items: Any, where: str) -> None:
    """Every level is a list of ``{name, subList?}`` (named by its path for the error)."""
    if not isinstance(items, list):
        raise ApiError(f"parameter {where} should be an array", code=BAD_PARAM)
    for n, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise ApiError(f"parameter {where}[{n}].name should be a string", code=BAD_PARAM)
        if item.get("subList") is not None:
            _check_tree(item["subList"], f"{where}[{n}].subList")


async def multi_level_select(ctx: ApiContext, args: dict[str, Any]) -> Any:
    tree = args["list"]
    _check_tree(tree, "list")
    answer = await ctx.ask("multiLevelSelect", {"title": args.get("title") or "", "list": tree})
    if _cancelled(answer):
        return {"success": False, "result": []}
    if isinstance(answer, str):  # "杭州市/西湖区/古翠街道" (a scripted list is a sequence)
        answer = answer.split("/")
    if not isinstance(answer, list) or not answer:
        raise _bad_answer("multiLevelSelect", f"{answer!r}, not a path of indexes or names")
    level, result = tree, []
    for step in answer:
        names = [item["name"] for item in level]
        i = names.index(step) if step in names else _index(step, level, "multiLevelSelect")
        result.append({"name": level[i]["name"]})
        level = level[i].get("subList") or []
    if level:  # the person must reach a leaf, as the native dialog requires
        raise _bad_answer("multiLevelSelect", f"{answer!r}, which stops before a leaf")
    return {"success": True, "result": result}


async def choose_city(ctx: ApiContext, args: dict[str, Any]) -> Any:
    cities = args.get("cities") or DEFAULT_CITIES
    for n, c in enumerate(cities):
        if not isinstance(c, dict) or not c.get("city") or not c.get("adCode"):
            raise ApiError(f"parameter cities[{n}] needs city and adCode", code=BAD_PARAM)
    hot = args.get("hotCities") if args.get("hotCities") is not None else cities[:6]
    answer = await ctx.ask("chooseCity", {
        "cities": cities, "hotCities": hot if args.get("showHotCities", True) else [],
        "showLocatedCity": bool(args.get("showLocatedCity"))})
    if _cancelled(answer):
        raise _cancel()
    key = answer.get("adCode") if isinstance(answer, dict) else answer
    for c in [*cities, *hot]:
        if key in (c.get("adCode"), c.get("city")):
            out = {"city": c["city"], "adCode": c["adCode"]}
            if isinstance(answer, dict):
                out.update({k: answer[k] for k in ("longitude", "latitude") if k in answer})
            return out
    raise _bad_answer("chooseCity", f"{answer!r}, not one of the offered cities")


def register(reg: Registry) -> None:
    reg.add("datePicker", date_picker, family="alipay", returns=("date",),
            schema={"format": {"type": "string", "enum": list(DATE_FORMATS)},
                    "currentDate": "string", "startDate": "string", "endDate": "string"})
    reg.add("optionsSelect", options_select, family="alipay",
            returns=("selectedOneIndex", "selectedOneOption", "selectedTwoIndex",
                     "selectedTwoOption"),
            schema={"title": "string", "optionsOne": "array!", "optionsTwo": "array",
                    "selectedOneIndex": "number", "selectedTwoIndex": "number",
                    "positiveString": "string", "negativeString": "string"})
    reg.add("multiLevelSelect", multi_level_select, family="alipay",
            returns=("success", "result"), schema={"title": "string", "list": "array!"})
    reg.add("chooseCity", choose_city, family="alipay", returns=("city", "adCode"),
            schema={"showLocatedCity": "boolean", "showHotCities": "boolean",
                    "setLocatedCity": "boolean", "cities": "array", "hotCities": "array"})
