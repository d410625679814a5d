"""Logging filter that keeps personal data out of the application logs.

Log messages are free text that may carry whatever a developer interpolated;
this masks anything shaped like a 18-digit 身份证号 or an 11-digit mobile number
before a handler writes it (个人信息保护法 Art. 51: 采取相应的加密、去标识化等安全技术措施).
"""

import logging

from core.masking import scrub_text


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string must not kill logging
            return True
        scrubbed = scrub_text(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, None
        return True
