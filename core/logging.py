"""Logging filter that keeps personal data out of the application logs.

Log messages are free text that may carry whatever a developer interpolated;
this masks anything shaped like a 18-digit 身份证号 or an 11-digit mobile number
before a handler writes it (个人信息保护法 Art. 51: 采取相应的加密、去标识化等安全技术措施).

Invisible characters are dealt with first. A number typed as 138\\x0012345678 (a NUL,
a zero-width space or a line break pasted between its digits) escaped the masking yet
shows as 13812345678 in most log viewers, so a run of digits broken by such characters
is read without them, and masked whole when it is a 身份证号 or a mobile number. The
control characters left are then written as escapes (\\n, \\x07): one log record stays
one line, and a user name cannot forge a second one.
"""

import logging
import re

from core.masking import scrub_text

# C0 and C1 control characters, DEL, and the invisible format characters (soft hyphen,
# zero-width spaces and joiners, direction marks and embeddings, word joiner, BOM).
_INVISIBLE = "\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff"
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
# A run of digits (and the X of an ID number) that invisible characters may break up.
# The two classes share no character, so matching stays linear.
_BROKEN_NUMBER = re.compile(rf"\d(?:[{_INVISIBLE}]*[\dXx])+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\x{ord(char):02x}"


def _mask_broken_number(match: re.Match) -> str:
    run = match.group()
    joined = _INVISIBLE_RE.sub("", run)
    if joined == run:
        return run
    masked = scrub_text(joined)
    # Only a number that turns out to be personal data loses its separators; "5\n6" stays.
    return masked if masked != joined else run


def clean_log_text(text: str, *, keep_newlines: bool = False) -> str:
    """`text` as it may be written to a log: personal data masked (also when broken up by
    invisible characters), then control characters escaped."""
    text = scrub_text(_BROKEN_NUMBER.sub(_mask_broken_number, text))
    if keep_newlines:  # a traceback: several lines by nature
        return _CONTROL.sub(lambda m: m.group() if m.group() == "\n" else _escape(m), text)
    return _CONTROL.sub(_escape, text)


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string must not kill logging
            return True
        cleaned = clean_log_text(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            # An exception's message can carry the value that failed (a 身份证号 in a
            # ValidationError); format it here, cleaned, and the formatter reuses exc_text.
            record.exc_text = clean_log_text(logging.Formatter().formatException(record.exc_info), keep_newlines=True)
        return True
