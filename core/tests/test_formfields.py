import pytest
from django import forms

from accounts.models import Community


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["9223372036854775808", "-9223372036854775809", "1" * 40])
def test_out_of_range_ids_are_an_invalid_choice_not_a_500(value, org):
    single = forms.ModelChoiceField(queryset=Community.objects.all())
    many = forms.ModelMultipleChoiceField(queryset=Community.objects.all())
    with pytest.raises(forms.ValidationError):
        single.clean(value)
    with pytest.raises(forms.ValidationError):
        many.clean([value])


@pytest.mark.django_db
def test_normal_ids_still_work(org):
    community = Community.objects.create(organization=org, name="双山社区")
    assert forms.ModelChoiceField(queryset=Community.objects.all()).clean(str(community.pk)) == community
    assert list(forms.ModelMultipleChoiceField(queryset=Community.objects.all()).clean([community.pk])) == [community]
