"""A dashboard chart with nothing to count says so in words instead of drawing empty axes."""

from types import SimpleNamespace

from dashboard import charts


def figure(value=0, breakdown=None, url="/x/"):
    return SimpleNamespace(value=SimpleNamespace(value=value, breakdown=breakdown), url=url)


def by_key(built):
    return {chart.key: chart for chart in built}


def test_a_year_without_records_shows_words_not_axes():
    figures = {
        "纠纷月度分布": figure(breakdown={}),
        "纠纷类别分布": figure(breakdown={"婚姻家庭": 0}),
        "持证人数": figure(0),
        "目标任务数": figure(0),
    }
    built = by_key(charts.build(figures, {}, 2026))
    for key in ("纠纷月度分布", "纠纷类别分布", "持证人数", "目标任务数"):
        assert built[key].svg is None, key
        assert built[key].note == charts.EMPTY_NOTE, key
        assert built[key].url == "/x/", key  # the ledger is still one click away


def test_a_year_with_records_is_drawn():
    figures = {"纠纷月度分布": figure(breakdown={"3": 2}), "纠纷类别分布": figure(breakdown={"婚姻家庭": 2})}
    built = by_key(charts.build(figures, {}, 2023))
    assert built["纠纷月度分布"].svg and not built["纠纷月度分布"].note
    assert built["纠纷类别分布"].svg


def test_a_chart_not_yet_connected_has_no_note():
    built = by_key(charts.build({}, {}, 2023))
    assert built["纠纷类别分布"].svg is None and built["纠纷类别分布"].note == ""
