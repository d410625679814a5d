"""core.logging: personal data masked even when control or invisible characters break it up."""

import logging
import re

import pytest

from core.logging import PersonalDataFilter, clean_log_text

DIGITS_ONLY = re.compile(r"\D")


@pytest.mark.parametrize(
    "text, shown",
    [
        ("电话 138\x0012345678", "电话 138****5678"),
        ("电话 138\n1234\r5678", "电话 138****5678"),
        ("电话 1381\u200b2345678", "电话 138****5678"),
        ("电话 138\x1b[0m12345678", None),  # an escape sequence: letters break the number, so no phone
        ("身份证 110101\x0019900307\x7f123X", "身份证 110101********123X"),
        ("身份证 11010119900307123\x00X", "身份证 110101********123X"),
        ("身份证 110101\u202e19900307\u2060123X", "身份证 110101********123X"),
    ],
)
def test_numbers_broken_up_by_invisible_characters_are_masked(text, shown):
    cleaned = clean_log_text(text)
    if shown is not None:
        assert cleaned == shown
    # Whatever a log viewer drops, the full number is not in the line.
    visible = DIGITS_ONLY.sub("", cleaned.replace("\\x1b", ""))
    assert "13812345678" not in visible and "19900307" not in visible


def test_control_characters_are_escaped_so_a_record_stays_one_line():
    forged = "clerk\n2026-01-01 INFO django.request 登录成功 admin\x07"
    assert clean_log_text(forged) == "clerk\\n2026-01-01 INFO django.request 登录成功 admin\\x07"


def test_other_numbers_keep_their_separators():
    assert clean_log_text("第 5\n6 行") == "第 5\\n6 行"
    assert clean_log_text("共调解 788 件，2023年") == "共调解 788 件，2023年"


def test_the_filter_cleans_messages_and_tracebacks(caplog):
    logger = logging.getLogger("test.pii.control")
    logger.addFilter(PersonalDataFilter())
    with caplog.at_level(logging.INFO, logger="test.pii.control"):
        logger.info("用户 %s 电话 %s", "x\ny", "138\x0012345678")
        number = "".join(["110101", "\x00", "19900307", "123X"])
        try:
            raise ValueError(f"身份证号 {number} 无效")
        except ValueError:
            logger.exception("导入失败")
    assert "138****5678" in caplog.text and "x\\ny" in caplog.text
    assert "110101********123X" in caplog.text
    assert "19900307" not in caplog.text and "12345678" not in caplog.text
