"""The claim check (reports.claims): words the records can confirm or contradict.

Pure tests: sections are unsaved ReportSection rows and the figures plain Figure
objects, so each kind of claim is shown on the smallest text that makes it.
"""

import time
import types
from decimal import Decimal

import pytest

from reports.choices import RequiredContent, SectionKind
from reports.claims import PreviousReport, find_claims
from reports.models import SECTION_TEXT_MAX_LENGTH, ReportSection
from reports.placeholders import Figure, year_figures

REPORT = types.SimpleNamespace(year=2023)


def rate(key, numerator, denominator, label=""):
    value = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01")) if denominator else None
    return Figure(
        key=key,
        label=label or key,
        unit="%",
        kind="rate",
        value=value,
        numerator=numerator,
        denominator=denominator,
        url=f"/records/{key}/",
    )


def count(key, value, unit="件", label=""):
    return Figure(key=key, label=label or key, unit=unit, kind="count", value=value, url=f"/records/{key}/")


@pytest.fixture
def figures():
    result = year_figures(2023)
    for figure in (
        count("行政复议案件数", 3, label="收到行政复议申请书副本的案件数"),
        count("行政应诉案件数", 6),
        count("复议逾期答复数", 0),
        count("应诉逾期答辩数", 0),
        count("调解纠纷数", 788),
        count("持证人数", 11, unit="人"),
        count("模拟法庭参与人数", 630, unit="人"),
        rate("调解成功率", 775, 788),
        rate("持证率", 11, 11, label="执法人员持证率"),
        rate("败诉率", 0, 5),
    ):
        result[figure.key] = figure
    return result


def section(text, heading="", level=3, required_content=""):
    return ReportSection(level=level, heading=heading, text=text, required_content=required_content)


def claims_in(text, figures, **kwargs):
    return find_claims(REPORT, [section(text)], figures, **kwargs)


class TestCounts:
    def test_a_typed_count_the_records_contradict(self, figures):
        (finding,) = claims_in("今年共有行政复议0件，行政应诉案件6件。", figures)
        assert finding.kind == "count"
        assert finding.claim == "行政复议0件"
        assert finding.sentence == "今年共有行政复议0件，行政应诉案件6件"
        assert "记录中行政复议案件数为3件" in finding.message
        assert finding.figure_text == "行政复议案件数：3件"
        assert finding.url == "/records/行政复议案件数/"

    def test_a_wrong_count_beside_ordinary_words(self, figures):
        (finding,) = claims_in("今年共有行政复议5件，有效提高了依法行政水平。", figures)
        assert finding.claim == "行政复议5件"

    def test_the_right_count_and_the_subject_after_the_number(self, figures):
        assert claims_in("今年共有行政复议3件，行政应诉案件6件。", figures) == []
        (finding,) = claims_in("全年办理5件行政应诉案件。", figures)
        assert finding.claim == "5件行政应诉案件" and "6件" in finding.message

    @pytest.mark.parametrize(
        "text",
        [
            "行政复议约5件。",  # approximate
            "调解矛盾纠纷700余件。",  # rounded
            "行政复议较去年增加2件。",  # a change, not the year's count
            "1至6月共有行政复议1件。",  # part of the year
            "行政复议和行政应诉案件分别为1件、2件。",  # pairing the records cannot follow
            "行政复议【行政复议案件数】件。",  # a placeholder is the records
            "今年共有行政复议3件，较上年减少2件。",  # 3 is right; the change is not judged
            "全镇共有12个社区。",  # no figure's subject
            "行政复议0次听证。",  # another unit: another measure
        ],
    )
    def test_what_the_records_cannot_judge_is_left_alone(self, figures, text):
        assert claims_in(text, figures) == []

    def test_a_figure_without_data_is_not_judged(self, figures):
        figures["行政复议案件数"].value = None
        assert claims_in("今年共有行政复议0件。", figures) == []


class TestRates:
    def test_a_typed_percentage_is_checked_with_its_rounding(self, figures):
        assert claims_in("调解成功率达98%以上。", figures) == []
        assert claims_in("调解成功率为98.35%。", figures) == []
        assert claims_in("调解成功率为98%。", figures) == []
        (finding,) = claims_in("调解成功率达100%。", figures)
        assert finding.kind == "rate" and finding.claim == "调解成功率达100%"
        assert "98.35%（775/788）" in finding.message and finding.url == "/records/调解成功率/"
        assert len(claims_in("调解成功率达99%以上。", figures)) == 1

    def test_all_said_of_what_a_rate_measures(self, figures):
        assert claims_in("执法人员均持证上岗，亮证执法。", figures) == []
        figures["持证率"] = rate("持证率", 10, 11, label="执法人员持证率")
        (finding,) = claims_in("执法人员均持证上岗，亮证执法。", figures)
        assert finding.kind == "rate" and finding.claim == "执法人员均持证上岗"
        assert "90.91%（10/11）" in finding.message

    def test_none_said_of_a_rate_that_is_not_zero(self, figures):
        assert claims_in("行政应诉案件均未败诉。", figures) == []
        figures["败诉率"] = rate("败诉率", 1, 5)
        (finding,) = claims_in("行政应诉案件均未败诉。", figures)
        assert "无一败诉" in finding.message and "20%（1/5）" in finding.message

    def test_averages_and_negations_are_not_all(self, figures):
        figures["持证率"] = rate("持证率", 10, 11, label="执法人员持证率")
        assert claims_in("执法人员平均持证年限较长。", figures) == []
        assert claims_in("执法人员未全部持证上岗。", figures) == []


class TestTimeliness:
    SEED = (
        "今年共有行政复议【行政复议案件数】件，行政应诉案件【行政应诉案件数】件，"
        "均及时提交了行政复议答复书、答辩状等应诉证据材料，并严格落实行政机关负责人出庭应诉制度。"
    )

    def test_on_time_when_every_case_was(self, figures):
        assert claims_in(self.SEED, figures) == []

    def test_a_late_reply_contradicts_the_seed_sentence(self, figures):
        figures["复议逾期答复数"].value = 1
        (finding,) = claims_in(self.SEED, figures)
        assert finding.kind == "timely"
        assert finding.claim == "均及时提交了行政复议答复书、答辩状等应诉证据材料"
        assert "1件行政复议答复逾期" in finding.message
        assert finding.figure_text == "复议逾期答复数：1件" and finding.url == "/records/复议逾期答复数/"

    def test_none_late_is_an_on_time_claim_too(self, figures):
        figures["应诉逾期答辩数"].value = 1
        (finding,) = claims_in("行政应诉案件均按期提交答辩状，无一逾期。", figures)
        assert finding.figure.key == "应诉逾期答辩数"

    def test_a_late_answer_too(self, figures):
        figures["复议逾期答复数"].value = 1
        figures["应诉逾期答辩数"].value = 2
        found = claims_in(self.SEED, figures)
        assert sorted(f.figure.key for f in found) == ["复议逾期答复数", "应诉逾期答辩数"]

    @pytest.mark.parametrize(
        "text",
        [
            "复议按期答复率为【复议按期答复率】。",  # a rate, stated by the records
            "有1件行政复议答复逾期提交，已整改。",  # admits the lateness
            "个别行政复议答复未按期提交。",  # says the opposite
            "及时化解矛盾纠纷。",  # not about 复议 or 应诉
        ],
    )
    def test_what_is_not_an_on_time_claim(self, figures, text):
        figures["复议逾期答复数"].value = 1
        assert claims_in(text, figures) == []


class TestYears:
    def test_a_year_after_the_reports(self, figures):
        (finding,) = claims_in("2024年共调解矛盾纠纷【调解纠纷数】件。", figures)
        assert finding.kind == "year" and finding.claim == "2024年"
        assert "报告年度之后" in finding.message

    def test_this_year_beside_another_year(self, figures):
        (finding,) = claims_in("2022年我镇坚持依法行政，今年共开展普法活动。", figures)
        assert finding.kind == "year" and "今年" in finding.message and "2022年" in finding.message

    @pytest.mark.parametrize(
        "text",
        [
            "贯彻落实《法治政府建设实施纲要（2021—2025年）》。",  # a title's years
            "力争到2025年基本建成法治政府。",  # a target
            "2025年底前完成全部换证。",  # a deadline
            "2019年以来，我镇持续推进依法行政。",  # history, no 今年
            "今年行政复议案件较2022年有所减少。",  # a comparison
            "【年度】年共调解矛盾纠纷【调解纠纷数】件。",  # the report's own year
        ],
    )
    def test_what_is_not_a_wrong_year(self, figures, text):
        assert claims_in(text, figures) == []

    def test_the_plans_for_next_year_name_next_year(self, figures):
        sections = [
            section("", heading="【下一年度】年主要工作思路和打算", level=1, required_content=RequiredContent.PLANS),
            section("2024年计划完成全部执法人员换证。", heading="规范执法。"),
            section("2024年共调解矛盾纠纷800件。", heading="另起一章", level=1),
        ]
        (finding,) = find_claims(REPORT, sections, figures)
        assert finding.section is sections[2]


class TestCopiedFromLastYear:
    def previous(self, text, **values):
        figures = {key: count(key, value) for key, value in values.items()}
        return PreviousReport(2022, ["标题", text], lambda: figures)

    def test_an_unchanged_sentence_whose_figure_moved(self, figures):
        text = "今年行政复议案件数量保持低位，未发生群体性事件。"
        (finding,) = claims_in(text, figures, previous=self.previous(text, 行政复议案件数=1))
        assert finding.kind == "stale" and finding.figure.key == "行政复议案件数"
        assert "2022年报告" in finding.message and "由1件变为3件" in finding.message

    def test_unchanged_figure_placeholder_or_new_wording_is_fine(self, figures):
        text = "今年行政复议案件数量保持低位，未发生群体性事件。"
        assert claims_in(text, figures, previous=self.previous(text, 行政复议案件数=3)) == []
        with_placeholder = "今年共有行政复议【行政复议案件数】件，均依法办理。"
        assert claims_in(with_placeholder, figures, previous=self.previous(with_placeholder, 行政复议案件数=1)) == []
        assert claims_in(text, figures, previous=self.previous("去年行政复议案件较多。", 行政复议案件数=1)) == []

    def test_a_copied_wrong_count_is_reported_once(self, figures):
        text = "今年共有行政复议1件。"
        (finding,) = claims_in(text, figures, previous=self.previous(text, 行政复议案件数=1))
        assert finding.kind == "count"


class TestFindings:
    def test_fingerprints_are_stable_and_change_with_the_records(self, figures):
        first = claims_in("今年共有行政复议0件。", figures)[0].fingerprint
        assert claims_in("今年共有行政复议0件。", figures)[0].fingerprint == first
        assert len(first) == 64
        figures["行政复议案件数"].value = 4
        assert claims_in("今年共有行政复议0件。", figures)[0].fingerprint != first

    def test_a_long_sentence_is_quoted_around_the_claim(self, figures):
        text = "依法行政" * 100 + "，今年共有行政复议0件" + "，依法行政" * 100 + "。"
        (finding,) = claims_in(text, figures)
        assert len(finding.sentence) <= 162 and "行政复议0件" in finding.sentence

    def test_items_and_headings(self, figures):
        items = section("", heading="今年行政复议0件。", level=1)
        items.kind, items.items_key = SectionKind.ITEMS, "下一年度工作打算"
        (finding,) = find_claims(REPORT, [items], figures)
        assert finding.claim == "行政复议0件"


@pytest.mark.parametrize(
    "unit",
    [
        "行政复议1件，",
        "今年2024年",
        "均及时提交复议答复，",
        "执法人员均持证上岗",
        "【行政复议",
        "1.1.1.1.",
        "行政复议共有有有有",
        "《2024年",
        "复" * 7,
    ],
)
def test_hostile_text_is_checked_in_linear_time(figures, unit):
    """20,000 characters of one repeated pattern: no regex may backtrack, no look-around
    may scan back over the whole text for every number."""
    figures["复议逾期答复数"].value = 1
    figures["持证率"] = rate("持证率", 10, 11, label="执法人员持证率")
    text = (unit * (SECTION_TEXT_MAX_LENGTH // len(unit) + 1))[:SECTION_TEXT_MAX_LENGTH]
    previous = PreviousReport(2022, [text], lambda: {"行政复议案件数": count("行政复议案件数", 1)})
    started = time.perf_counter()
    find_claims(REPORT, [section(text)], figures, previous)
    assert time.perf_counter() - started < 2
