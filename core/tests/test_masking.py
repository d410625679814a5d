import logging

import pytest

from core.masking import mask_address, mask_id_number, mask_phone, personal_numbers, scrub_text


def test_masks_follow_government_practice():
    assert mask_id_number("110101199003071234") == "110101********1234"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_address("重庆市大渡口区八桥镇双山路12号") == "重庆市大渡口****"
    assert mask_id_number("") == ""


def test_log_filter_scrubs_id_numbers_and_phones(caplog):
    from core.logging import PersonalDataFilter

    logger = logging.getLogger("test.pii")
    logger.addFilter(PersonalDataFilter())
    with caplog.at_level(logging.INFO, logger="test.pii"):
        logger.info("当事人 %s 电话 %s", "11010119900307123X", "13812345678")
    assert "11010119900307123X" not in caplog.text
    assert "13812345678" not in caplog.text
    assert "110101********123X" in caplog.text and "138****5678" in caplog.text


def test_scrub_leaves_other_numbers():
    assert scrub_text("共调解 788 件，2023年") == "共调解 788 件，2023年"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("联系人李明华，电话13983456789。", ["139****6789"]),
        ("电话 139 8345 6789、139-8345-6789", ["139****6789"]),  # grouped digits, found once
        ("身份证号500104198805061237，", ["500104********1237"]),
        ("身份证号 110101 19900307 109x", ["110101********109X"]),
        ("（23）13983456789号", ["139****6789"]),
    ],
)
def test_personal_numbers_in_text(text, found):
    assert personal_numbers(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "共调解788件，调解成功率98.5%，2023年12月31日",
        "500104198805061238",  # a wrong check digit: not a 身份证号
        "统一社会信用代码11500104009260149N",
        "索引号11500104009260149N/2024-00012",
        "值班电话023-68812345，12345热线",  # an office's number is not personal data
        "139834567890",  # twelve digits: not a mobile number
        "13983\n456789",  # a line break never joins two numbers
        "第1398345678号",  # ten digits
        "",
    ],
)
def test_personal_numbers_leave_other_numbers(text):
    assert personal_numbers(text) == []


def test_personal_numbers_stay_fast_on_hostile_text():
    import time

    text = "1 " * 20000 + "1-" * 20000 + "9" * 40000
    start = time.perf_counter()
    assert personal_numbers(text) == []
    assert time.perf_counter() - start < 1
