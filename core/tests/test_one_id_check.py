"""Every record that stores a 身份证号 applies core.validators.validate_id_number: the same
numbers pass and fail, with the same Chinese message, wherever a clerk types them.

(Before, three drifted checks existed: python-stdnum's ric.is_valid for 当事人 refused real
500104 numbers of people born before 1997; 法律明白人 had its own; 复议申请人 and 应诉原告
had none.)
"""

import pytest
from django.core.exceptions import ValidationError

from core.validators import id_check_digit

# 大渡口区's code since 1997, on a person born in 1985: a real, valid number.
HISTORICAL = "50010419850312001" + id_check_digit("50010419850312001")
ABOLISHED = "51022019700101001" + id_check_digit("51022019700101001")
BAD_CHECKSUM = HISTORICAL[:-1] + ("0" if HISTORICAL[-1] != "0" else "1")


def _officer(org, value):
    from accounts.tests.factories import DepartmentFactory
    from enforcement.tests.factories import OfficerFactory

    return OfficerFactory.build(
        organization=org, department=DepartmentFactory(organization=org), id_number=value, gender=""
    )


def _party(org, value):
    from disputes.tests.factories import DisputeFactory, PartyFactory

    return PartyFactory.build(dispute=DisputeFactory(organization=org), id_number=value)


def _liaison(org, value):
    from publicity.tests.factories import LegalLiaisonFactory

    return LegalLiaisonFactory.build(organization=org, id_number=value)


def _applicant(org, value):
    from litigation.tests.factories import ReconsiderationCaseFactory

    return ReconsiderationCaseFactory.build(organization=org, applicant_id_number=value)


def _plaintiff(org, value):
    from litigation.tests.factories import LitigationCaseFactory

    return LitigationCaseFactory.build(organization=org, plaintiff_id_number=value)


RECORDS = [
    (_officer, "id_number"),
    (_party, "id_number"),
    (_liaison, "id_number"),
    (_applicant, "applicant_id_number"),
    (_plaintiff, "plaintiff_id_number"),
]


def id_errors(instance, field) -> list[str]:
    try:
        instance.full_clean()
    except ValidationError as exc:
        return exc.message_dict.get(field, [])
    return []


@pytest.mark.django_db
@pytest.mark.parametrize(("build", "field"), RECORDS, ids=[b.__name__.strip("_") for b, _ in RECORDS])
class TestEveryIdNumberField:
    def test_historical_area_codes_are_accepted(self, org, build, field):
        assert id_errors(build(org, HISTORICAL), field) == []
        assert id_errors(build(org, ABOLISHED), field) == []

    def test_a_bad_check_digit_gets_the_same_message(self, org, build, field):
        assert id_errors(build(org, BAD_CHECKSUM), field) == ["身份证号校验位不正确，请核对。"]

    def test_a_lowercase_x_is_stored_upper_case(self, org, build, field):
        first17 = "11010519491231002"
        instance = build(org, (first17 + id_check_digit(first17)).lower())
        assert id_errors(instance, field) == []
        assert getattr(instance, field) == "11010519491231002X"
