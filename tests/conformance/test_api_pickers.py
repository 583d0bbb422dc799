"""Alipay host pickers: my.datePicker, my.optionsSelect, my.multiLevelSelect, my.chooseCity.

Shapes from the Alipay/mPaaS API pages (help.aliyun.com document_detail 118011 选择日期,
118167 级联选择, 167625 选择城市; my.optionsSelect as documented by Alipay and the Tini
platform that copies it): success fields, error 11 on cancel, except multiLevelSelect
(``{success: false}``) and optionsSelect (empty strings). Each picker is answered
once with a pick and once with a cancel through the scripted Host.
"""

from __future__ import annotations

from .kit import logs, unit

PAGE = "pages/index/index"


def _call(api: str, args: str) -> str:
    return f"""Page({{ onLoad() {{
      my.{api}({{ ...{args},
        success: r => console.log('ok', r),
        fail: e => console.log('fail', e.error, e.errorMessage) }});
    }} }});"""


def _run(app, api: str, args: str, answer):
    mp = app("alipay", {PAGE: unit("<view/>", _call(api, args))},
             launch={"answers": {api: answer}})
    return logs(mp, "ok"), logs(mp, "fail")


def test_date_picker_pick_and_cancel(app):
    args = "{format: 'yyyy-MM-dd HH:mm', currentDate: '2016-10-10 12:00'}"
    ok, fail = _run(app, "datePicker", args, "2016-10-11 09:30")
    assert ok == [{"date": "2016-10-11 09:30"}] and fail == []
    assert _run(app, "datePicker", args, "cancel") == ([], [[11, "用户取消"]])


def test_date_picker_rejects_bad_format_and_bad_answer(app):
    ok, fail = _run(app, "datePicker", "{format: 'dd/MM'}", "2016-10-11")
    assert ok == [] and fail[0][0] == 2 and "format" in fail[0][1]
    ok, fail = _run(app, "datePicker", "{format: 'HH:mm'}", "2016-10-11")
    assert ok == [] and fail[0][0] == 2


def test_options_select_pick_and_cancel(app):
    args = "{optionsOne: ['彩票', '足球'], optionsTwo: ['2011', '2012', '2013']}"
    ok, _ = _run(app, "optionsSelect", args, "1,2")
    assert ok == [{"selectedOneIndex": 1, "selectedOneOption": "足球",
                   "selectedTwoIndex": 2, "selectedTwoOption": "2013"}]
    empty = dict.fromkeys(["selectedOneIndex", "selectedOneOption", "selectedTwoIndex",
                           "selectedTwoOption"], "")
    assert _run(app, "optionsSelect", args, "cancel") == ([empty], [])
    ok, fail = _run(app, "optionsSelect", args, "5,0")
    assert ok == [] and fail[0][0] == 2
    ok, fail = _run(app, "optionsSelect", "{optionsTwo: ['a']}", 0)
    assert ok == [] and fail[0][0] == 2 and "optionsOne" in fail[0][1]


TREE = """{title: '级联', list: [{name: '杭州市', subList: [
    {name: '西湖区', subList: [{name: '古翠街道'}, {name: '文新街道'}]},
    {name: '上城区', subList: [{name: '延安街道'}]}]}]}"""


def test_multi_level_select_pick_and_cancel(app):
    ok, _ = _run(app, "multiLevelSelect", TREE, [[0, "西湖区", 1]])
    assert ok == [{"success": True, "result": [{"name": "杭州市"}, {"name": "西湖区"},
                                               {"name": "文新街道"}]}]
    ok, _ = _run(app, "multiLevelSelect", TREE, "杭州市/上城区/延安街道")
    assert ok[0]["result"][-1] == {"name": "延安街道"}
    assert _run(app, "multiLevelSelect", TREE, "cancel") == (
        [{"success": False, "result": []}], [])
    ok, fail = _run(app, "multiLevelSelect", TREE, "0/0")  # stops before a leaf
    assert ok == [] and fail[0][0] == 2
    ok, fail = _run(app, "multiLevelSelect", "{list: [{subList: []}]}", "0")
    assert ok == [] and "list[0].name" in fail[0][1]


def test_choose_city_pick_and_cancel(app):
    args = """{cities: [{city: '朝阳区', adCode: '110105', spell: 'chaoyang'},
                        {city: '海淀区', adCode: '110108', spell: 'haidian'}]}"""
    ok, _ = _run(app, "chooseCity", args, "110108")
    assert ok == [{"city": "海淀区", "adCode": "110108"}]
    ok, _ = _run(app, "chooseCity", "{}", {"adCode": "330100", "latitude": 30.27})
    assert ok == [{"city": "杭州市", "adCode": "330100", "latitude": 30.27}]
    assert _run(app, "chooseCity", args, "cancel") == ([], [[11, "用户取消"]])
    ok, fail = _run(app, "chooseCity", args, "999999")
    assert ok == [] and fail[0][0] == 2


def test_pickers_are_alipay_family_only(app):
    js = """Page({ onLoad() {
      console.log('can', ['datePicker', 'optionsSelect', 'multiLevelSelect', 'chooseCity']
        .map(n => wx.canIUse(n)));
    } });"""
    mp = app("wechat", {PAGE: unit("<view/>", js)})
    assert logs(mp, "can") == [[False, False, False, False]]
