"""The project's one 身份证号 check (core.validators, GB 11643-1999)."""

import pytest
from django.core.exceptions import ValidationError

from core.validators import birth_date, gender_code, id_check_digit, normalize_id_number, validate_id_number


def number(first17: str) -> str:
    return first17 + id_check_digit(first17)


class TestValidNumbers:
    @pytest.mark.parametrize(
        "first17",
        [
            "50010420010203001",  # 大渡口区, born after 1997
            # Born before 1997 with the code Chongqing has used since 1997: python-stdnum's
            # ric.validate() refuses it ("area code not in force in the birth year").
            "50010419850312001",
            "50010419590723041",
            # Codes abolished long ago stay in people's numbers: 510220 (重庆市市区, until 1983),
            # 512200 (万县地区, until 1992).
            "51022019700101001",
            "51220019800101002",
            "50019919850312001",  # a county code the table does not know, in a real province
            "83000019850312001",  # 台湾居民居住证 (2018), same format
            "11010519491231002",
        ],
    )
    def test_accepted(self, first17):
        validate_id_number(number(first17))

    def test_lowercase_x_and_spaces_are_accepted_and_normalized(self):
        value = "11010519491231002X"
        validate_id_number(" 110105 19491231 002x ")
        assert normalize_id_number(" 110105 19491231 002x ") == value

    def test_birth_date_and_gender(self):
        value = number("50010419850312001")
        assert str(birth_date(value)) == "1985-03-12"
        assert gender_code(value) == "male"
        assert gender_code(number("50010419850312002")) == "female"
        assert birth_date("garbage") is None and gender_code("") is None


class TestRefusedNumbers:
    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("500104198503120010", "校验位不正确"),  # the right check digit is 9
            (number("50010419901332001"), "出生日期无效"),  # 13th month, right check digit
            (number("50010419900230001"), "出生日期无效"),  # 30 February
            (number("50010420991231001"), "出生日期不合理"),  # in the future
            (number("50010418991231001"), "出生日期不合理"),
            (number("99999919900101001"), "省级地区码"),
            (number("00010419900101001"), "省级地区码"),
            ("5001041990010100", "应为 18 位"),
            ("50010419900101001A", "最后一位为数字或 X"),
            ("", "应为 18 位"),
        ],
    )
    def test_refused_with_a_chinese_error(self, value, message):
        with pytest.raises(ValidationError) as exc:
            validate_id_number(value)
        assert message in exc.value.messages[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("form_path", "field"),
    [
        ("enforcement.forms.OfficerForm", "phone"),
        ("publicity.forms.LegalLiaisonForm", "phone"),
        ("litigation.forms.ReconsiderationForm", "applicant_phone"),
        ("litigation.forms.LitigationForm", "plaintiff_phone"),
        ("disputes.forms.PartyForm", "phone"),
    ],
)
def test_every_personal_phone_field_refuses_a_bad_number(form_path, field, org, clerk_user):
    from django.utils.module_loading import import_string

    form_class = import_string(form_path)
    kwargs = {"user": clerk_user} if form_path.endswith("PartyForm") else {"user": clerk_user, "organization": org}
    form = form_class(data={field: "6881234"}, **kwargs)
    form.is_valid()
    assert "请填写 11 位手机号码" in " ".join(form.errors.get(field, []))
