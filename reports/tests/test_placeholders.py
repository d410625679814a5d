"""The placeholder syntax: formats, unknown keys and formats."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from reports.placeholders import Figure, find_placeholders, format_figure, placeholder_errors, resolve_text


def count(key, value):
    return Figure(key=key, value=value)


def rate(key, numerator, denominator):
    value = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"))
    return Figure(key=key, kind="rate", value=value, numerator=numerator, denominator=denominator)


@pytest.mark.parametrize(
    ("figure", "fmt", "expected"),
    [
        (count("持证人数", 11), "", "11"),
        (count("排查问题数", 1440), "", "1440"),  # no thousands separator, as in the seed
        (count("入户走访户数", 91326), "", "91326"),
        (rate("调解成功率", 775, 788), "以上", "98%以上"),
        (rate("调解成功率", 775, 788), "", "98.35%"),
        (rate("调解成功率", 788, 788), "", "100%"),
        (rate("调解成功率", 775, 788), "整数", "98%"),
        (rate("调解成功率", 775, 788), "分子", "775"),
        (rate("调解成功率", 775, 788), "分母", "788"),
        (count("入户走访户数", 91326), "万余", "9万余"),
        (count("入户走访户数", 91326), "万", "9.1万"),
        (count("入户走访户数", 9132), "万余", "9000余"),  # under 万: like 余
        (count("模拟法庭参与人数", 630), "余", "600余"),
        (count("解决企业问题数", 43), "余", "40余"),
        (count("解决企业问题数", 49), "余", "40余"),  # floor, never round up
        (count("排查问题数", 1440), "余", "1000余"),
        (count("持证人数", 7), "余", "7余"),
        (count("持证人数", 120), "以上", "120以上"),
    ],
)
def test_formats(figure, fmt, expected):
    assert format_figure(figure, fmt) == expected


def test_full_width_separator_and_spaces_are_accepted():
    found = find_placeholders("达【 调解成功率 ｜以上】，共【持证人数】人")
    assert [(p.key, p.fmt) for p in found] == [("调解成功率", "以上"), ("持证人数", "")]


def test_unknown_key_is_named():
    errors = placeholder_errors("全镇共有【持证人员数】人", keys={"持证人数"})
    assert len(errors) == 1
    assert "持证人员数" in errors[0] and "未知的指标占位符" in errors[0]


def test_unknown_format_is_named():
    errors = placeholder_errors("达【调解成功率|百分之】", keys={"调解成功率"})
    assert len(errors) == 1
    assert "百分之" in errors[0] and "可用的格式" in errors[0]


def test_unbalanced_brackets_are_reported():
    assert placeholder_errors("共有【持证人数人", keys={"持证人数"})


def test_resolve_keeps_unknown_visible_and_reports_it():
    text, problems = resolve_text("共【持证人数】人，【不存在】件", {"持证人数": count("持证人数", 11)})
    assert text == "共11人，【不存在】件"
    assert [p.key for p in problems] == ["不存在"]


def test_figure_without_data_is_a_problem():
    text, problems = resolve_text("成功率【调解成功率】", {"调解成功率": Figure("调解成功率", kind="rate")})
    assert text == "成功率【调解成功率】"
    assert problems and problems[0].blocking


@pytest.mark.django_db
def test_section_model_validation_names_the_unknown_key(figure_values, org):
    from reports.tests.factories import ReportSectionFactory

    section = ReportSectionFactory.build(report=None, text="全镇共有【执法证人数】人")
    with pytest.raises(ValidationError) as exc:
        section.clean()
    assert "执法证人数" in str(exc.value.message_dict["text"])


@pytest.mark.django_db
def test_year_keys_are_always_known(figure_values):
    assert placeholder_errors("【年度】年和【下一年度】年、【上一年度】年") == []
