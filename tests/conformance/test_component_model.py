"""Component model: mixins/behaviors, lifecycles, slots and slot-scope, component
selection.

Alipay: https://opendocs.alipay.com/mini/framework/mixins (同名字段的覆盖和组合规则),
https://opendocs.alipay.com/mini/framework/component-lifecycle,
https://opendocs.alipay.com/mini/framework/component-template (slot, slot-scope),
https://opendocs.alipay.com/mini/framework/component_object ($selectComponent, hasMixin).
WeChat: https://developers.weixin.qq.com/miniprogram/dev/framework/custom-component/behaviors.html,
.../custom-component/wxml-wxss.html (slots).
"""

from __future__ import annotations

from .kit import logs, unit

PAGE = "pages/index/index"
COMP = "components/my/index"
USING = {"usingComponents": {"my-component": "/" + COMP}}


def test_alipay_mixins_override_and_combine(app):
    """mixins.md: component props/methods/data win over a mixin's, later mixins over
    earlier ones; lifecycles all run, mixins first, in order; Mixin() nests."""
    comp = unit("<view class='v'>{{name}}: {{age}} {{who}} {{tag}}</view>", """
      const inner = Mixin({ didMount() { console.log('mount', 'inner'); }, data: { tag: 'inner' } });
      const outer = Mixin({ mixins: [inner], didMount() { console.log('mount', 'outer'); },
        data: { tag: 'outer' } });
      const a = { props: { age: 30, who: 'a' }, methods: { hi() { return 'a'; } },
        didMount() { console.log('mount', 'a'); } };
      const b = { props: { who: 'b' }, methods: { hi() { return 'b'; }, bye() { return 'b'; } },
        didMount() { console.log('mount', 'b'); } };
      Component({
        mixins: [outer, a, b],
        data: { name: 'alipay' },
        methods: { bye() { return 'own'; } },
        didMount() { console.log('mount', 'own', this.hi(), this.bye(),
          this.hasMixin(inner), this.hasMixin(outer), this.hasMixin(a)); },
      });""")
    mp = app("alipay", {PAGE: unit("<my-component/>", json_=USING)}, components={COMP: comp})
    assert mp.page.get(".v").text == "alipay: 30 b outer"
    assert logs(mp, "mount") == ["inner", "outer", "a", "b", ["own", "b", "own", True, True, False]]


def test_wechat_behaviors_combine(app):
    comp = unit("<view class='v'>{{x}} {{y}}</view>", """
      const b = Behavior({ data: { x: 'from-b', y: 'from-b' },
        attached() { console.log('att', 'behavior'); }, methods: { m() { return 'b'; } } });
      Component({ behaviors: [b], data: { y: 'own' },
        attached() { console.log('att', 'own', this.m(), this.hasBehavior(b)); } });""")
    mp = app("wechat", {PAGE: unit("<my-component/>", json_=USING)}, components={COMP: comp})
    assert mp.page.get(".v").text == "from-b own"
    assert logs(mp, "att") == ["behavior", ["own", "b", True]]


def test_alipay_lifecycle_order_with_props_update(app):
    comp = unit("<view/>", """Component({ props: { n: 0 },
      onInit() { console.log('lc', 'onInit'); },
      deriveDataFromProps(next) { console.log('lc', 'derive ' + next.n); },
      didMount() { console.log('lc', 'didMount'); },
      didUpdate(prev) { console.log('lc', 'didUpdate ' + prev.n + '->' + this.props.n); },
      didUnmount() { console.log('lc', 'didUnmount'); } });""")
    page = unit('<my-component a:if="{{show}}" n="{{n}}"/><view class="inc" onTap="inc"/>'
                '<view class="hide" onTap="hide"/>',
                "Page({ data: { n: 1, show: true }, onReady() { console.log('lc', 'page onReady'); },"
                " inc() { this.setData({ n: 2 }); }, hide() { this.setData({ show: false }); } });",
                USING)
    mp = app("alipay", {PAGE: page}, components={COMP: comp})
    mp.page.get(".inc").tap()
    mp.page.get(".hide").tap()
    assert logs(mp, "lc") == ["onInit", "derive 1", "didMount", "page onReady", "derive 2",
                              "didUpdate 1->2", "didUnmount"]


def test_alipay_slots_default_named_and_scoped(app):
    """component-template: the default slot shows its fallback when nothing is passed;
    named slots take `slot="name"` children; slot-scope sees the slot's own props."""
    comp = unit('<view class="hd"><slot name="header"/></view>'
                '<view class="bd"><slot><view class="fallback">default</view></slot></view>'
                '<view class="ls"><block a:for="{{items}}"><slot name="item" item="{{item}}" index="{{index}}"/></block></view>',
                "Component({ props: { items: [] } });")
    page = unit('<my-component id="a" items="{{list}}">'
                '<view slot="header" class="h">Title {{n}}</view>'
                '<view slot="item" slot-scope="p" class="it">{{p.index}}:{{p.item}}</view>'
                '</my-component><my-component id="b"/>',
                "Page({ data: { n: 1, list: ['x', 'y'] } });", USING)
    mp = app("alipay", {PAGE: page}, components={COMP: comp})
    assert mp.page.get("#a .h").text == "Title 1"
    assert mp.page.query_selector("#a .fallback") is not None  # only named slots passed
    assert [n.text for n in mp.page.query_selector_all("#a .it")] == ["0:x", "1:y"]
    assert mp.page.get("#b .fallback").text == "default"


def test_wechat_named_slots(app):
    comp = unit('<view class="hd"><slot name="header"/></view><view class="bd"><slot/></view>',
                "Component({ options: { multipleSlots: true } });")
    page = unit('<my-component><view slot="header" class="h">H</view><view class="b">B</view>'
                '</my-component>', json_=USING)
    mp = app("wechat", {PAGE: page}, components={COMP: comp})
    assert mp.page.get(".hd .h").text == "H"
    assert mp.page.get(".bd .b").text == "B"


def test_alipay_select_component_respects_ref(app):
    """component_object: $selectComponent returns the instance, or its ref() value."""
    plain = unit("<view/>", "Component({ data: { k: 1 } });")
    reffed = unit("<view/>", "Component({ ref() { return { kind: 'ref' }; } });")
    page = unit('<plain class="p"/><reffed id="r"/>',
                "Page({ onReady() { console.log('sel', this.$selectComponent('.p').data.k,"
                " this.$selectComponent('#r').kind, this.$selectAllComponents('.p').length); } });",
                {"usingComponents": {"plain": "/components/plain/index",
                                     "reffed": "/components/reffed/index"}})
    mp = app("alipay", {PAGE: page}, components={"components/plain/index": plain,
                                                  "components/reffed/index": reffed})
    assert logs(mp, "sel") == [[1, "ref", 1]]


def test_wechat_trigger_event_detail_may_be_any_object(app):
    """WeChat runs triggerEvent listeners in the logic context (component event docs:
    "detail 对象，提供给事件监听函数"): a detail that is no JSON (the component itself, as
    antd-mini's form items send in their `ref` event) reaches the listener as that object."""
    comp = unit('<view class="b" bindtap="tap"/>',
                "Component({ methods: { hello() { return 'hi from ' + this.is; },"
                " tap() { this.triggerEvent('ref', this); this.triggerEvent('plain', { n: 1 }); } } });")
    page = unit('<c bindref="got" bindplain="plain"/>',
                "Page({ got(e) { console.log('got', e.detail.hello(), e.type); },"
                " plain(e) { console.log('plain', e.detail); } });",
                {"usingComponents": {"c": "/components/c/index"}})
    mp = app("wechat", {PAGE: page}, components={"components/c/index": comp})
    mp.page.get(".b").tap()
    assert logs(mp, "got") == [["hi from /components/c/index", "ref"]]
    assert logs(mp, "plain") == [{"n": 1}]


def test_wechat_components_have_no_alipay_id_and_take_function_defaults(app):
    """`$id` is Alipay's (component_object); WeChat instances have none, which libraries
    test to tell the platforms apart. A property whose default is a function (antd-mini's
    WeChat build declares `onFormat: {type: null, value: fn}`) must not stop the component."""
    comp = unit('<view class="v">{{label}}</view>',
                "Component({ properties: { label: { type: String, value: 'x' },"
                " onPick: { type: null, value: function () {} } },"
                " attached() { console.log('id', this.$id === undefined); } });")
    page = unit('<c label="ok"/>', "Page({});", {"usingComponents": {"c": "/components/c/index"}})
    mp = app("wechat", {PAGE: page}, components={"components/c/index": comp})
    assert mp.errors == []
    assert logs(mp, "id") == [True]
    assert mp.page.get(".v").text == "ok"


def test_wechat_init_order_created_then_passed_properties_with_observers(app):
    """framework/component-framework/init-strategy (default, "以组件初始值来初始化"):
    created sees the component's own property defaults; then the WXML-passed values are
    applied and fire their data observers; attached comes after. A setData of an object
    field replaces the whole object (antd-mini 3.4's WeChat value mixin relies on the
    opposite and loses a controlled Stepper's value — see tests/samples/test_antd_gallery)."""
    comp = unit('<view class="v">{{box.n}}/{{box.ok}}</view>', """
      Component({
        properties: { n: { type: Number, value: 0 } },
        data: { box: { n: -1, ok: false } },
        observers: { n(v) { console.log('lc', 'observer ' + v); this.setData({ box: { n: v, ok: true } }); } },
        created() { console.log('lc', 'created ' + this.properties.n); },
        attached() {
          console.log('lc', 'attached ' + this.properties.n + ' ' + JSON.stringify(this.data.box));
          this.setData({ box: { ok: 'kept' } });
        },
      });""")
    mp = app("wechat", {PAGE: unit('<my-component n="{{5}}"/>', json_=USING)},
             components={COMP: comp})
    assert logs(mp, "lc") == ["created 0", "observer 5", 'attached 5 {"n":5,"ok":true}']
    assert mp.page.get(".v").text == "/kept"  # box replaced: n is gone
    assert mp.errors == []


def test_wechat_function_in_data_passes_to_a_child_component_property(app):
    """WeChat components of a page share one logic context: a function a component keeps
    in its data reaches a child's property as that function, bound to its owner
    (antd-mini's FormPicker: `setData({handleFormat: this.handleFormat.bind(this)})`,
    `<picker onFormat="{{handleFormat}}">`). A later setData of another function reaches
    the child too; the child still renders (the function is no text)."""
    child = unit('<view class="c" bindtap="use">{{label}}</view>', """
      Component({ properties: { label: String, fmt: { type: null, value: null } },
        observers: { fmt(f) { console.log('fmt', typeof f === 'function' ? f(2) : String(f)); } },
        methods: { use() { console.log('use', this.data.fmt(3)); } } });""")
    owner = unit('<child label="x" fmt="{{format}}"/><view class="swap" bindtap="swap"/>', """
      Component({ data: { unit: 'kg' },
        attached() { this.setData({ format: this.format.bind(this) }); },
        methods: {
          format(n) { return n + ' ' + this.data.unit; },
          swap() { this.setData({ format: (n) => 'x' + n }); },
        } });""", {"usingComponents": {"child": "/components/child/index"}})
    page = unit("<owner/>", "Page({});", {"usingComponents": {"owner": "/components/owner/index"}})
    mp = app("wechat", {PAGE: page}, components={"components/child/index": child,
                                                  "components/owner/index": owner})
    assert logs(mp, "fmt") == ["2 kg"]
    mp.page.get(".c").tap()
    assert logs(mp, "use") == ["3 kg"]
    mp.page.get(".swap").tap()
    mp.page.get(".c").tap()
    assert logs(mp, "use") == ["3 kg", "x3"]
    assert mp.page.get(".c").text == "x"
    assert mp.errors == []
