import logging

from core.masking import mask_address, mask_id_number, mask_phone, scrub_text


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
