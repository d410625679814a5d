"""Personal data (身份证号, 电话, 住址) in edit forms and in list searches.

Edit forms show stored personal data masked, as the detail pages do: a 录入员 without
个人信息查看 never receives a full value, not even in an <input>. A user holding the
permission gets the full values only when asking for them (`?show_personal=1`), and that
reveal is audited by the view (core.mixins.PersonalDataEditMixin), as on a detail page.

The mask is never written back. A posted value equal to the mask means "unchanged" and
cleans to the stored value without meeting the field's validators (an ID-number check
would refuse the asterisks); a value with asterisks in it is refused; anything else is a
new value, validated as usual. Clearing the field clears the value.

Searches must not answer questions about hidden digits: a list whose search looks in 身份证号
or 电话 would confirm a guessed number (the 8 hidden digits of an ID are a birth date, about
1,500 guesses). Only users with 个人信息查看 search those fields (`PersonalSearchMixin`).

A uniqueness refusal ("本单位已登记该身份证号") is the same oracle: it confirms that a typed
number is on file. It cannot be dropped (a person must not be registered twice), so it is
rationed instead (`PersonalDataFormMixin.refuse_if_on_file`): every refusal is audited, and a
user without 个人信息查看 gets at most DUPLICATE_DAILY_LIMIT of them in 24 hours; after that,
every form that checks a number is refused until a colleague who may see it takes over.
"""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from core.masking import MASKERS, can_view_personal_data
from core.validators import validate_phone

MASKED_HELP = "部分内容已隐藏：不改动则保留原值；如需修改，请完整填写。"
MASK_EDITED = "请完整填写新的内容，或保持隐藏的原值不动（不能只改其中几位）。"
PERSONAL_SEARCH_REFUSED = "无个人信息查看权限，不能按身份证号或电话检索"
DUPLICATE_DAILY_LIMIT = 5
DUPLICATE_AUDIT_DETAIL = "身份证号与已登记记录重复，已拒绝"
DUPLICATE_LIMIT_REACHED = (
    "今天因身份证号重复被拒绝的次数已达上限，暂不能录入身份证号。请由有“个人信息查看”权限的同事核对后录入。"
)

# Four digits in a row (spaces and hyphens ignored: 138 1234 5678), or an X after a digit
# (the last character of an ID number): what a search for an ID or a phone looks like.
_NUMBER_LIKE = re.compile(r"\d{4}|\d[Xx]")


def looks_like_personal_number(value: str) -> bool:
    return bool(_NUMBER_LIKE.search(re.sub(r"[\s\-]", "", value or "")))


class PersonalDataFormMixin:
    """For a ModelForm with personal-data fields: declare them with their masking kind,

        personal_fields = {"id_number": "id", "phone": "phone", "address": "address"}

    and pass `user` (and `reveal_personal`, which only counts for a user holding the
    permission). Works for forms in a formset too (through `form_kwargs`). A "phone"
    field is checked by core.validators.validate_phone (mobile or 区号-号码); a
    phone left masked keeps the stored value unchecked, like every masked field.
    """

    personal_fields: dict[str, str] = {}

    def __init__(self, *args, user=None, reveal_personal: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.reveal_personal = bool(reveal_personal) and can_view_personal_data(user)
        for name, kind in self.personal_fields.items():
            if name not in self.fields:
                # A renamed field must not quietly lose its masking.
                raise ImproperlyConfigured(f"{type(self).__name__}.personal_fields: no form field {name!r}")
            field = self.fields[name]
            if kind == "phone" and validate_phone not in field.validators:
                field.validators.append(validate_phone)
            stored = getattr(self.instance, name) if self.instance.pk else ""
            if not stored:
                continue
            mask = MASKERS[kind](stored)
            # Installed whatever was shown: a form loaded revealed may be posted to a URL
            # without ?show_personal, and the other way round.
            field.clean = _keeping_stored(field.clean, mask=mask, stored=stored)
            if not self.reveal_personal:
                self.initial[name] = mask
                field.help_text = MASKED_HELP

    def refuse_if_on_file(self, queryset, message: str) -> None:
        """Raise `message` if `queryset` (the rows holding the typed number) is not empty.

        Rationed for a user without 个人信息查看 (see the module docstring): past the daily
        limit the form is refused whatever was typed, so the answer says nothing.
        """
        from core.audit import log_event
        from core.models import AuditLog

        user = self.user
        if not can_view_personal_data(user):
            since = timezone.now() - datetime.timedelta(days=1)
            refused = AuditLog.objects.filter(
                user=user if user is not None and user.is_authenticated else None,
                at__gte=since,
                detail=DUPLICATE_AUDIT_DETAIL,
            )
            if refused.count() >= DUPLICATE_DAILY_LIMIT:
                raise forms.ValidationError(DUPLICATE_LIMIT_REACHED, code="duplicate_limit")
        if queryset.exists():
            # The number itself stays out of the log; the model says which ledger.
            log_event(AuditLog.Action.WORKFLOW, user=user, model=queryset.model, detail=DUPLICATE_AUDIT_DETAIL)
            raise forms.ValidationError(message, code="duplicate")


def _keeping_stored(clean, *, mask: str, stored: str):
    def keep_or_clean(value):
        text = value.strip() if isinstance(value, str) else value
        if text == mask:
            return stored
        if isinstance(text, str) and "*" in text:
            raise forms.ValidationError(MASK_EDITED, code="mask_edited")
        return clean(value)

    return keep_or_clean


class PersonalSearchMixin:
    """For a django-filter FilterSet whose free-text search also looks in 身份证号/电话.

    The FilterSet keeps the requesting user in `self.user`. Its search method adds the
    personal-data condition only `if self.may_search_personal(value)`; for a user without
    the permission that field is never searched — so a right and a wrong guess get the same
    answer — and a query that looks like a number sets `search_notice`, which the list shows.
    """

    search_notice = ""

    @property
    def can_search_personal(self) -> bool:
        return can_view_personal_data(getattr(self, "user", None))

    def may_search_personal(self, value: str) -> bool:
        if self.can_search_personal:
            return True
        if looks_like_personal_number(value):
            self.search_notice = PERSONAL_SEARCH_REFUSED
        return False
