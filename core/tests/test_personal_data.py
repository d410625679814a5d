"""core.personal_data on its own; each form and list using it is tested in its app's
tests/test_personal_data.py."""

import hashlib

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from accounts.models import Organization
from core.forms import version_token
from core.personal_data import PersonalDataFormMixin


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
