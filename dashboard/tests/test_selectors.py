"""The pieces behind the pages: the report deadline, the year, the figure cache."""

from __future__ import annotations

import datetime

import pytest
from django.db.models.signals import post_save
from django.test import override_settings

from core import figure_cache
from core.figures import FigureValue
from dashboard import selectors
from dashboard.tiles import TileSpec, build_tile, format_number

D = datetime.date


class TestReportDeadline:
    # 《法治政府建设与责任落实督察工作规定》: published 4月1日之前, i.e. by 31 March of the next year.
    def test_the_deadline_is_31_march_of_the_following_year(self):
        assert selectors.report_deadline(2023) == D(2024, 3, 31)

    @pytest.mark.parametrize(
        ("today", "level", "year", "countdown"),
        [
            (D(2024, 1, 2), "info", 2023, "距公开期限还有89天"),
            (D(2024, 3, 1), "warning", 2023, "距公开期限还有30天"),
            (D(2024, 3, 31), "warning", 2023, "今天是公开期限的最后一天"),
            (D(2023, 12, 1), "info", 2023, "距公开期限还有121天"),
        ],
    )
    def test_the_alert_in_the_months_before(self, today, level, year, countdown):
        alert = selectors.report_deadline_alert(today)
        assert alert.level == level
        assert alert.title == f"{year}年法治政府建设年度报告须于{year + 1}年3月31日前公开"
        assert alert.detail.startswith(countdown)
        assert alert.due_date == D(year + 1, 3, 31)
        assert alert.department_id is None  # everyone's concern

    @pytest.mark.parametrize("today", [D(2024, 4, 1), D(2024, 7, 15), D(2024, 11, 30)])
    def test_no_alert_between_april_and_november(self, today):
        assert selectors.report_deadline_alert(today) is None


@pytest.mark.django_db
class TestFigureCache:
    """core.figure_cache as the dashboard reads it: any year, until a record of the town changes."""

    @pytest.mark.parametrize("this_year", [False, True])
    def test_a_year_is_computed_once(self, org, fake_figures, today, this_year):
        year = today.year if this_year else 2023
        selectors.year_figures(org, year)
        selectors.year_figures(org, year)
        assert [c for c in fake_figures.calls if c[2] == year] == [(a, org.pk, year) for a in fake_figures_apps()]

    def test_a_saved_record_of_a_data_app_clears_it(self, org, fake_figures, today):
        fake_figures.set(org, 2023, 持证人数=11)
        assert selectors.year_figures(org, 2023)["持证人数"].value.value == 11
        fake_figures.set(org, 2023, written=False, 持证人数=12)

        class Certificate:  # stands in for a record of enforcement
            organization_id = org.pk

            class _meta:  # noqa: N801
                app_label = "enforcement"
                label_lower = "enforcement.certificate"

        post_save.send(sender=Certificate, instance=Certificate(), created=False)
        assert selectors.year_figures(org, 2023)["持证人数"].value.value == 12

    def test_a_saved_record_of_another_app_does_not(self, org, fake_figures, today):
        # A 科室: no figure or alert holds its name (the panels read the names on every page).
        # (A 村（社区） does: 纠纷社区分布 — core/tests/test_figure_cache.py.)
        from accounts.tests.factories import DepartmentFactory

        fake_figures.set(org, 2023, 持证人数=11)
        selectors.year_figures(org, 2023)
        fake_figures.set(org, 2023, written=False, 持证人数=12)
        DepartmentFactory(organization=org, name="新科室")
        assert selectors.year_figures(org, 2023)["持证人数"].value.value == 11

    def test_another_towns_write_does_not(self, org, other_org, fake_figures, today):
        fake_figures.set(org, 2023, 持证人数=11)
        selectors.year_figures(org, 2023)
        fake_figures.set(org, 2023, written=False, 持证人数=12)
        figure_cache.bump(other_org.pk)
        assert selectors.year_figures(org, 2023)["持证人数"].value.value == 11
        figure_cache.bump(org.pk)
        assert selectors.year_figures(org, 2023)["持证人数"].value.value == 12

    def test_a_new_day_recomputes(self, org, fake_figures, today, monkeypatch):
        from django.utils import timezone

        selectors.year_figures(org, today.year)
        monkeypatch.setattr(timezone, "localdate", lambda *a: today + datetime.timedelta(days=1))
        selectors.year_figures(org, today.year)
        assert len(fake_figures.calls) == 2 * len(fake_figures_apps())

    def test_the_cache_is_per_organization(self, org, other_org, fake_figures, today):
        fake_figures.set(org, 2023, 持证人数=11)
        fake_figures.set(other_org, 2023, 持证人数=4)
        assert selectors.year_figures(org, 2023)["持证人数"].value.value == 11
        assert selectors.year_figures(other_org, 2023)["持证人数"].value.value == 4

    @override_settings(FIGURE_CACHE_SECONDS=0)
    def test_it_can_be_turned_off(self, org, fake_figures, today):
        selectors.year_figures(org, 2023)
        selectors.year_figures(org, 2023)
        assert len(fake_figures.calls) == 2 * len(fake_figures_apps())


def fake_figures_apps():
    from dashboard.tests.conftest import APP_KEYS

    return list(APP_KEYS)


class TestTileFormatting:
    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (None, "—"),
            (0, "0"),
            (91326, "91,326"),
            (FigureValue.rate(775, 788).value, "98.35"),
            (FigureValue.rate(1, 1).value, "100"),
        ],
    )
    def test_numbers(self, value, text):
        assert format_number(value) == text

    def test_a_rate_without_denominator_shows_a_dash_but_keeps_its_parts(self):
        from core.figures import FigureDef, ResolvedFigure

        definition = FigureDef("败诉率", "败诉率", "%", kind="rate", url_name="accounts:grid_list")
        figures = {"败诉率": ResolvedFigure(definition, FigureValue.rate(0, 0), 2023)}
        tile = build_tile(TileSpec("败诉率", numerator_label="败诉", denominator_label="审结"), figures, {})
        assert tile.value_text == "—"
        assert (tile.numerator.text, tile.denominator.text) == ("0", "0")
        assert tile.delta_text == "2022年无可比数据"


@pytest.mark.django_db
def test_charts_are_drawn_once_per_version(org, fake_figures, today, monkeypatch):
    from dashboard import charts

    drawn = []
    real = charts.build
    monkeypatch.setattr(charts, "build", lambda *a: drawn.append(a[2]) or real(*a))
    for year in (2023, 2023, today.year, today.year):
        figures = selectors.year_figures(org, year)
        previous = selectors.year_figures(org, year - 1)
        selectors.year_charts(org, year, figures, previous)
    assert drawn == [2023, today.year]
    figure_cache.bump(org.pk)
    selectors.year_charts(org, 2023, {}, {})
    assert drawn[-1] == 2023
