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


@pytest.mark.parametrize("value", ["9999-12-31", "1989-12-31", "2101-01-01", "0001-01-01"])
def test_dates_outside_the_record_range_are_a_chinese_field_error(value):
    field = forms.DateField()
    with pytest.raises(forms.ValidationError) as caught:
        field.clean(value)
    assert "日期超出合理范围，应在1990年1月1日至2100年12月31日之间" in caught.value.messages[0]


@pytest.mark.parametrize("value", ["1990-01-01", "2024-03-06", "2100-12-31"])
def test_dates_inside_the_record_range_pass(value):
    assert forms.DateField().clean(value).isoformat() == value


def test_a_birth_date_field_may_start_in_1900():
    from core.formfields import BIRTH_DATE_MIN

    field = forms.DateField()
    field.earliest = BIRTH_DATE_MIN
    assert field.clean("1935-05-01").year == 1935
    with pytest.raises(forms.ValidationError):
        field.clean("1899-12-31")


def test_date_pickers_offer_only_the_accepted_range():
    class DateInput(forms.DateInput):
        input_type = "date"

    html = forms.DateField(widget=DateInput).widget.render("d", None)
    assert 'min="1990-01-01"' in html and 'max="2100-12-31"' in html
