"""Patterns the Alipay UI libraries (antd-mini, mini-ali-ui) rely on, on a small app of
our own (tests/fixtures/alipay-real/ui-lib): a component named like a built-in
(antd-mini's ``<radio>``, ``<switch>``), ``data-*`` attributes read back from a
component's props (antd-mini's ``fmtEvent``), a ``label`` around a native control
inside such a component, and the common ``hidden`` attribute."""

from __future__ import annotations

from pathlib import Path

from fanxing.testing import launch

APP = Path(__file__).resolve().parents[1] / "fixtures" / "alipay-real" / "ui-lib"


def test_data_attributes_are_props_of_an_alipay_component(tmp_path: Path) -> None:
    with launch(APP, data_dir=tmp_path) as mp:
        mp.page.query_selector_all(".native")[1].tap()
        assert mp.errors == []
        # the radio read data-index / data-item-label from its props and passed them up
        assert mp.page.data["size"] == "l"
        assert mp.page.data["index"] == 1
        assert mp.page.data["label"] == "Large"
        radio = mp.page.query_selector_all("radio")[0]
        assert radio.component is not None
        assert radio.component.props["data-index"] == 0


def test_a_label_taps_its_native_control_inside_a_component_named_radio(tmp_path: Path) -> None:
    with launch(APP, data_dir=tmp_path) as mp:
        # the tap lands on the label's text: the label's control is the native <radio>
        # inside, not the custom <radio> host around the label
        mp.page.query_selector_all(".text")[1].tap()
        assert mp.errors == []
        assert mp.page.data["size"] == "l"
        assert mp.page.get(".picked").text.strip() == "l 1 Large"


def test_slots_tells_which_slots_were_given(tmp_path: Path) -> None:
    # mini-antui's list-item: <view a:if={{$slots.prefix}} class="am-list-prefix">
    with launch(APP, data_dir=tmp_path) as mp:
        headers = mp.page.query_selector_all(".has-header")
        assert [h.text.strip() for h in headers] == ["Sizes"]  # the second group has none
