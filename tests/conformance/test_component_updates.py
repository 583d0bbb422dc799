"""Component data updates: observers, didUpdate, and updates that never settle.

Alipay: https://opendocs.alipay.com/mini/04y1n6 (数据变化观测器: enabled by
`options.observers`, fire for every setData of an observed field even when the value did
not change, at most once per setData, props too unless a data field has the same name,
`**` sees `{...this.props, ...this.data}`; setData inside didUpdate does not trigger
didUpdate again), https://opendocs.alipay.com/mini/framework/component-lifecycle
(didUpdate runs when the component's data changed; lifetimes with `options.lifetimes`).
WeChat: https://developers.weixin.qq.com/miniprogram/dev/framework/custom-component/observer.html
"""

from __future__ import annotations

from .kit import logs, unit

PAGE = "pages/index/index"
COMP = "components/my/index"
USING = {"usingComponents": {"my-component": "/" + COMP}}

ALIPAY_OBSERVED = """Component({
  options: { observers: true },
  props: { p: 1 },
  data: { numberA: 0, numberB: 0, sum: 0 },
  onInit() { this.setData({ numberA: 1, numberB: 2 }); },
  observers: {
    'numberA, numberB': function (a, b) { console.log('obs', a, b); this.setData({ sum: a + b }); },
    'p': function (p) { console.log('obsP', p); },
    '**': function (all) { console.log('all', all.p, all.sum); },
  },
  methods: { same() { this.setData({ numberA: this.data.numberA }); } },
});"""


def test_alipay_observers_fire_on_set_data_and_props(app):
    page = unit('<my-component p="{{p}}"/><view class="p" onTap="bump"/>',
                "Page({ data: { p: 5 }, bump() { this.setData({ p: this.data.p + 1 }); } });",
                USING)
    comp = unit("<view class='s' onTap='same'>{{sum}}</view>", ALIPAY_OBSERVED)
    mp = app("alipay", {PAGE: page}, components={COMP: comp})
    assert mp.page.get(".s").text == "3"  # the doc's sum example
    assert logs(mp, "obs") == [[1, 2]]    # one setData of both fields: once
    mp.page.get(".s").tap()               # same value set again: still observed
    assert logs(mp, "obs") == [[1, 2], [1, 2]]
    mp.page.get(".p").tap()
    assert logs(mp, "obsP") == [6]
    assert logs(mp, "all")[-1] == [6, 3]  # '**' sees {...props, ...data}


def test_alipay_observers_need_the_option(app):
    comp = unit("<view/>", "Component({ data: { a: 0 }, onInit() { this.setData({ a: 1 }); },"
                           " observers: { a() { console.log('obs'); } } });")
    mp = app("alipay", {PAGE: unit("<my-component/>", json_=USING)}, components={COMP: comp})
    assert logs(mp, "obs") == []


def test_wechat_observers_fire_on_set_data(app):
    comp = unit("<view class='s'>{{sum}}</view>",
                "Component({ data: { a: 0, b: 0, sum: 0 },"
                " attached() { this.setData({ a: 1, b: 2 }); },"
                " observers: { 'a, b': function (a, b) { console.log('obs', a, b);"
                " this.setData({ sum: a + b }); } } });")
    mp = app("wechat", {PAGE: unit("<my-component/>", json_=USING)}, components={COMP: comp})
    assert mp.page.get(".s").text == "3"
    assert logs(mp, "obs") == [[1, 2]]


def test_alipay_set_data_in_did_update_does_not_loop(app):
    """mini-ali-ui's footer sets the same data in didUpdate on every update."""
    comp = unit("<view class='n' onTap='inc'>{{n}}</view>",
                "Component({ data: { n: 0, flag: false },"
                " didUpdate(pp, pd) { console.log('upd', pd.n, this.data.n);"
                " this.setData({ flag: true, n: this.data.n }); },"
                " methods: { inc() { this.setData({ n: this.data.n + 1 }); } } });")
    mp = app("alipay", {PAGE: unit("<my-component/>", json_=USING)}, components={COMP: comp})
    mp.page.get(".n").tap()
    assert mp.page.get(".n").text == "1"
    assert logs(mp, "upd") == [[0, 1]]
    assert not mp.errors


def test_alipay_did_update_skips_a_set_data_that_changed_nothing(app):
    comp = unit("<view class='n' onTap='same'>{{n}}</view>",
                "Component({ data: { n: 0 }, didUpdate() { console.log('upd'); },"
                " methods: { same() { this.setData({ n: 0 }); } } });")
    mp = app("alipay", {PAGE: unit("<my-component/>", json_=USING)}, components={COMP: comp})
    mp.page.get(".n").tap()
    assert logs(mp, "upd") == []


def test_alipay_lifetimes_with_the_option(app):
    comp = unit("<view/>", "Component({ options: { lifetimes: true }, lifetimes: {"
                           " created() { console.log('lt', 'created'); },"
                           " attached() { console.log('lt', 'attached'); },"
                           " ready() { console.log('lt', 'ready'); } },"
                           " onInit() { console.log('lt', 'onInit'); },"
                           " didMount() { console.log('lt', 'didMount'); } });")
    mp = app("alipay", {PAGE: unit("<my-component/>", json_=USING)}, components={COMP: comp})
    assert logs(mp, "lt") == ["created", "onInit", "attached", "didMount", "ready"]


def test_an_update_that_never_settles_is_stopped_and_reported(app):
    """No documented rule: the platforms keep rendering; headless we must not hang."""
    for dialect in ("alipay", "wechat"):
        js = ("Page({ data: { n: 0 }, onLoad() {"
              " const loop = () => this.setData({ n: this.data.n + 1 }, loop); loop(); } });")
        mp = app(dialect, {PAGE: unit("<view class='n'>{{n}}</view>", js)})
        assert any("keeps updating" in e["message"] for e in mp.errors), dialect
        assert int(mp.page.get(".n").text) > 100


def test_observer_that_sets_what_it_observes_is_stopped(app):
    comp = unit("<view/>", "Component({ options: { observers: true }, data: { a: 0 },"
                           " onInit() { this.setData({ a: 1 }); },"
                           " observers: { a(a) { this.setData({ a: a + 1 }); } } });")
    mp = app("alipay", {PAGE: unit("<my-component/>", json_=USING)}, components={COMP: comp})
    assert any("observers keep calling setData" in e["message"] for e in mp.errors)


def test_alipay_page_observers_with_the_option(app):
    """04y1n6: pages get observers too when `options.observers` is true."""
    js = ("Page({ options: { observers: true }, data: { a: 1, b: 2, sum: 0 },"
          " observers: { 'a, b': function (a, b) { console.log('obs', a, b); this.setData({ sum: a + b }); } },"
          " bump() { this.setData({ a: this.data.a + 10 }); } });")
    mp = app("alipay", {PAGE: unit('<view class="s" onTap="bump">{{sum}}</view>', js)})
    mp.page.get(".s").tap()
    assert logs(mp, "obs") == [[11, 2]]
    assert mp.page.get(".s").text == "13"


def test_alipay_observers_without_component2_run_after_did_update(app):
    """04y1n6 (未开启 component2): observers run after didMount/didUpdate, and a setData
    they make does not trigger observers again."""
    comp = unit("<view class='n' onTap='inc'>{{n}}/{{twice}}</view>", """Component({
      options: { observers: true },
      data: { n: 0, twice: 0 },
      didUpdate() { console.log('seq', 'didUpdate'); },
      observers: { 'n, twice': function (n) { console.log('seq', 'observer ' + n);
        this.setData({ twice: n * 2 }); } },
      methods: { inc() { this.setData({ n: this.data.n + 1 }); } } });""")
    mp = app("alipay", {PAGE: unit("<my-component/>", json_=USING)}, components={COMP: comp},
             component2=False)
    mp.page.get(".n").tap()
    assert mp.page.get(".n").text == "1/2"
    assert logs(mp, "seq") == ["didUpdate", "observer 1"]
