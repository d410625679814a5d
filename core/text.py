"""Text that the XML inside xlsx and docx files can hold.

XML 1.0 (§2.2 Char) allows tab, newline and carriage return but no other
control character, no lone surrogate and neither U+FFFE nor U+FFFF. Text pasted
from Word or WeChat brings such characters along (\\x01, \\x0b for a soft line
break, \\x1f …); openpyxl then raises IllegalCharacterError and python-docx
(lxml) refuses the string, so one pasted character made an export a 500.

They are stripped twice: when any form cleans a text field (install(), for every
form of the project including imports and the admin), so they are not stored;
and again when an xlsx or docx is written, for what was stored before or
bypassed the forms.
"""

from __future__ import annotations

import re

from django import forms

_XML_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def strip_xml_illegal(text: str) -> str:
    """`text` without the characters XML 1.0 forbids (tab, \\n and \\r are kept)."""
    return _XML_ILLEGAL_RE.sub("", text)


def install() -> None:
    """Strip XML-illegal characters in every CharField (and TextField) of every form."""
    if getattr(forms.CharField, "_baqiao_strips_xml_illegal", False):
        return
    original_to_python = forms.CharField.to_python

    def to_python(self, value):
        # A password is hashed, never exported: keep exactly what was typed.
        if isinstance(value, str) and not isinstance(self.widget, forms.PasswordInput):
            value = strip_xml_illegal(value)
        return original_to_python(self, value)

    forms.CharField.to_python = to_python
    forms.CharField._baqiao_strips_xml_illegal = True
