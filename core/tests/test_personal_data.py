"""core.personal_data on its own; each form and list using it is tested in its app's
tests/test_personal_data.py."""

import hashlib

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from accounts.models import Organization
from core.personal_data import PersonalDataFormMixin, looks_like_personal_number
from core.versioning import version_token


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("500104198001019017", True),
        ("13812345678", True),
        ("138 1234", True),
        ("0101-9017", True),
        ("123X", True),
        ("3x", True),
        ("陈立军", False),
        ("渡府复〔24〕8号", False),
        ("", False),
    ],
)
def test_what_counts_as_a_search_by_number(query, expected):
    assert looks_like_personal_number(query) is expected


def test_a_declared_field_missing_from_the_form_is_an_error():
    class Form(PersonalDataFormMixin, forms.ModelForm):
        personal_fields = {"id_number": "id"}

        class Meta:
            model = Organization
            fields = ["name"]

    with pytest.raises(ImproperlyConfigured):
        Form()


@pytest.mark.django_db
def test_the_version_token_cannot_be_recomputed_without_the_secret_key(org):
    # The token sits in edit pages whose 身份证号 is masked; an unkeyed hash of the row would
    # let the reader try the hidden digits offline.
    values = [(f.attname, str(getattr(org, f.attname))) for f in org._meta.concrete_fields]
    token = version_token(org)
    assert token != hashlib.sha256(repr(values).encode()).hexdigest()[:20]
    with override_settings(SECRET_KEY="another-secret-key-for-this-test-only-0123456789"):
        assert version_token(org) != token
