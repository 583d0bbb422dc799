"""A first test of this mini-program, headless (run: python -m pytest tests)."""

from pathlib import Path

from fanxing.testing import launch

APP = Path(__file__).resolve().parents[1]


def test_the_button_counts_and_the_count_is_kept(tmp_path):
    with launch(APP, data_dir=tmp_path) as mp:
        assert mp.page.get(".count").text == "0"
        mp.page.get(".add").tap()
        mp.page.get(".add").tap()
        assert mp.page.data["count"] == 2
        assert mp.page.get(".count").text == "2"
        assert len(mp.page.query_selector_all(".history-item")) == 2
    with launch(APP, data_dir=tmp_path) as mp:  # storage survives a restart
        assert mp.page.get(".count").text == "2"
