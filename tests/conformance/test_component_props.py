"""Component props: what a component's template and `this.props` see.

Alipay: https://opendocs.alipay.com/mini/framework/component_object (props),
https://opendocs.alipay.com/mini/framework/component-ref (ref),
WeChat: https://developers.weixin.qq.com/miniprogram/dev/framework/custom-component/component.html
"""

from __future__ import annotations

from .kit import logs, unit

PAGE = "pages/index/index"
COMP = "components/my/index"
USING = {"usingComponents": {"my-component": "/" + COMP}}


def test_alipay_template_reads_props_with_defaults(app):
    """component_object#props: "自定义组件的 AXML 中可以直接引用 props 属性"; the doc's own
    example prints `extra: default extra` without the prop, `external extra` with it."""
    comp = unit("<view class='c'>{{counter}}</view><view class='e'>extra: {{extra}}</view>",
                "Component({ data: { counter: 0 }, props: { extra: 'default extra',"
                " onCounterPlusOne: d => console.log(d) } });")
    page = unit('<my-component id="a"/><my-component id="b" extra="external extra"/>',
                json_=USING)
    mp = app("alipay", {PAGE: page}, components={COMP: comp})
    assert mp.page.get("#a .e").text == "extra: default extra"
    assert mp.page.get("#b .e").text == "extra: external extra"
    assert mp.page.get("#a .c").text == "0"
    assert not mp.errors


def test_wechat_template_reads_properties_with_defaults(app):
    """component.html#properties: a property's `value` is its default; the template reads
    it as data."""
    comp = unit("<view class='e'>extra: {{extra}}</view>",
                "Component({ properties: { extra: { type: String, value: 'default extra' } } });")
    page = unit('<my-component id="a"/><my-component id="b" extra="external extra"/>',
                json_=USING)
    mp = app("wechat", {PAGE: page}, components={COMP: comp})
    assert mp.page.get("#a .e").text == "extra: default extra"
    assert mp.page.get("#b .e").text == "extra: external extra"


def test_alipay_data_wins_over_a_prop_of_the_same_name(app):
    """04y1n6 (observers, 注意事项): the merged view of a component is
    `{...this.props, ...this.data}`; its deriveDataFromProps example copies a prop into
    the data field of the same name because the template shows the data one."""
    comp = unit("<view class='m'>{{max}}</view><view class='p'>{{props.max}}</view>",
                "Component({ props: { max: 1 }, data: { max: 100 } });")
    mp = app("alipay", {PAGE: unit('<my-component max="{{5}}"/>', json_=USING)},
             components={COMP: comp})
    assert mp.page.get(".m").text == "100"
    assert mp.page.get(".p").text == "5"


def test_alipay_prop_changes_reach_template_and_undefined_takes_default(app):
    """component_object#props: props come from outside, the `props` defaults fill what
    is not passed; a binding that reads undefined passes nothing."""
    comp = unit("<view class='t'>{{title}}</view>",
                "Component({ props: { title: 'untitled' },"
                " didUpdate(prev) { console.log('upd', prev.title, this.props.title); } });")
    page = unit('<my-component id="a" title="{{t}}"/><my-component id="b" title="{{nothing}}"/>'
                '<view class="go" onTap="go"/>',
                "Page({ data: { t: 'one' }, go() { this.setData({ t: 'two' }); } });", USING)
    mp = app("alipay", {PAGE: page}, components={COMP: comp})
    assert mp.page.get("#a .t").text == "one"
    assert mp.page.get("#b .t").text == "untitled"
    mp.page.get(".go").tap()
    assert mp.page.get("#a .t").text == "two"
    assert logs(mp, "upd")[-1] == ["one", "two"]


def test_alipay_dollar_id_in_template_and_selector(app):
    """component_object (组件实例属性): `$id` "可直接在组件 axml 中渲染值"; the component
    template doc uses `id="c-{{$id}}"`, so a query on '#c-' + $id finds the node."""
    comp = unit('<view id="c-{{$id}}" class="v">{{$id}}</view>',
                "Component({ didMount() {"
                " my.createSelectorQuery().select('#c-' + this.$id).boundingClientRect()"
                ".exec(r => console.log('found', this.$id, r[0] && r[0].id)); } });")
    mp = app("alipay", {PAGE: unit("<my-component/><my-component/>", json_=USING)},
             components={COMP: comp})
    nodes = mp.page.query_selector_all(".v")
    ids = [int(n.text) for n in nodes]
    assert len(set(ids)) == 2 and all(i > 0 for i in ids)
    assert [n.id for n in nodes] == [f"c-{i}" for i in ids]
    assert sorted(logs(mp, "found")) == sorted([[i, f"c-{i}"] for i in ids])


def test_alipay_ref_callback_gets_ref_value(app):
    """component-ref: with component2, `ref="handleRef"` calls the page's handleRef once
    the component is created, with what the component's `ref()` returns."""
    comp = unit("<view class='n'>{{counter}}</view>",
                "Component({ ref() { return { plus: () => this.handlePlus() }; },"
                " data: { counter: 0 },"
                " didMount() { console.log('propsRef', this.props.ref); },"
                " methods: { handlePlus() { this.setData({ counter: this.data.counter + 1 }); } } });")
    page = unit('<my-component ref="handleRef"/><button class="plus" onTap="handlePlus">+</button>',
                "Page({ handleRef(ref) { this.counterRef = ref;"
                " console.log('ref', Object.keys(ref)); },"
                " handlePlus() { this.counterRef.plus(); } });", USING)
    mp = app("alipay", {PAGE: page}, components={COMP: comp})
    assert logs(mp, "ref") == [["plus"]]
    assert logs(mp, "propsRef") == ["undefined"]  # ref is no prop
    mp.page.get(".plus").tap()
    mp.page.get(".plus").tap()
    assert mp.page.get(".n").text == "2"


def test_alipay_ref_without_ref_method_gets_the_instance(app):
    """component-ref: without a `ref` method the owner gets the component's `this`; a
    component's own ref callback works the same inside another component."""
    inner = unit("<view/>", "Component({ data: { x: 7 } });")
    outer = unit('<inner ref="saveInner"/>',
                 "Component({ methods: { saveInner(r) { console.log('inner', r.data.x, r.is); } } });",
                 {"usingComponents": {"inner": "/components/inner/index"}})
    mp = app("alipay", {PAGE: unit("<my-component/>", json_=USING)},
             components={COMP: outer, "components/inner/index": inner})
    assert logs(mp, "inner") == [[7, "/components/inner/index"]]


def test_alipay_every_attribute_is_a_prop_data_too(app):
    """component-use: attributes given to a custom component arrive in `this.props`;
    `data-*` ones too, under their attribute name (antd-mini's fmtEvent rebuilds an
    event's dataset from them)."""
    comp = unit("<view/>", "Component({ didMount() { console.log('p', this.props['data-mode'],"
                           " this.props['data-alpha-beta'], this.props.extra); } });")
    mp = app("alipay", {PAGE: unit('<my-component data-mode="add" data-alpha-beta="{{2}}" extra="x"/>',
                                   json_=USING)}, components={COMP: comp})
    assert logs(mp, "p") == [["add", 2, "x"]]
