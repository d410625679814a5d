"""调解成功率: numerator and denominator explicit, published, and defined per district
(disputes.success_rate, docs/figures.md "调解成功率")."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from accounts.models import Organization
from accounts.tests.factories import OrganizationFactory
from disputes import choices as c
from disputes.success_rate import DEFAULT_RULE, rule_for
from disputes.tests.test_figures import figures, make

D = datetime.date
ALL_OUTCOMES = [c.Status.SUCCEEDED, c.Status.FAILED, c.Status.TERMINATED, c.Status.REFERRED]


@pytest.fixture
def district(db):
    return OrganizationFactory(name="大渡口区", full_name="重庆市大渡口区人民政府", kind=Organization.Kind.DISTRICT)


@pytest.fixture
def year_2023(org, community, category, district):
    """2 成功, 1 不成功, 1 终止, 1 转办 concluded in 2023; 1 still mediating."""
    org.parent = district
    org.save()
    make(org, community, category, D(2023, 1, 5), c.Status.SUCCEEDED, D(2023, 1, 9))
    make(org, community, category, D(2023, 2, 5), c.Status.SUCCEEDED, D(2023, 2, 9))
    make(org, community, category, D(2023, 3, 5), c.Status.FAILED, D(2023, 3, 20))
    make(org, community, category, D(2023, 4, 5), c.Status.TERMINATED, D(2023, 4, 20))
    referred = make(org, community, category, D(2023, 5, 5), c.Status.MEDIATING)
    from disputes import services

    services.dispute_refer(dispute=referred, referred_to="法院", referred_on=D(2023, 5, 6), note="", by=None)
    make(org, community, category, D(2023, 12, 20), c.Status.MEDIATING)
    return org


def rate_parts(org):
    values = figures(org)
    rate = values["调解成功率"].value
    return (
        rate.numerator,
        rate.denominator,
        values["调解成功率分子"].value.value,
        values["调解成功率分母"].value.value,
    )


@pytest.mark.django_db
class TestSuccessRate:
    def test_default_is_success_over_concluded_without_referred(self, year_2023):
        # 调解成功 ÷ 调结 (成功 + 不成功 + 终止); 转办 and open disputes are not counted.
        assert rate_parts(year_2023) == (2, 4, 2, 4)
        assert str(figures(year_2023)["调解成功率"].value.value) == "50.00"
        assert rule_for(year_2023) == DEFAULT_RULE

    def test_numerator_and_denominator_link_to_their_records(self, year_2023, clerk, settings):
        for rule in (None, {"concluded": ALL_OUTCOMES}, {"concluded": ["succeeded", "failed"]}):
            settings.DISPUTES_SUCCESS_RATE_RULES = {"大渡口区": rule} if rule else {}
            values = figures(year_2023)
            for key in ("调解成功率分子", "调解成功率分母"):
                figure = values[key]
                listed = clerk.get(figure.url).context["page_obj"].paginator.count
                assert listed == figure.value.value, (rule, key)
            assert values["调解成功率"].url == values["调解成功率分母"].url

    @pytest.mark.parametrize(
        ("rule", "parts"),
        [
            ({"concluded": ["succeeded", "failed"]}, (2, 3, 2, 3)),  # 终止 left out
            ({"concluded": ALL_OUTCOMES}, (2, 5, 2, 5)),  # 转办 counted
            ({"success": ["succeeded"], "concluded": ["succeeded", "failed", "referred"]}, (2, 4, 2, 4)),
        ],
    )
    def test_a_district_may_define_its_own_rule(self, year_2023, settings, rule, parts):
        settings.DISPUTES_SUCCESS_RATE_RULES = {"大渡口区": rule}
        assert rate_parts(year_2023) == parts
        assert rule_for(year_2023).district == "大渡口区"

    def test_the_rule_is_per_district(self, year_2023, other_org, settings, community, category):
        other_district = OrganizationFactory(name="九龙坡区", kind=Organization.Kind.DISTRICT)
        other_org.parent = other_district
        other_org.save()
        settings.DISPUTES_SUCCESS_RATE_RULES = {"九龙坡区": {"concluded": ALL_OUTCOMES}}
        assert rule_for(year_2023) == DEFAULT_RULE
        assert rate_parts(year_2023) == (2, 4, 2, 4)
        assert rule_for(other_org).concluded == tuple(ALL_OUTCOMES)
        # The district's own figures follow its rule too.
        assert rule_for(other_district).district == "九龙坡区"

    def test_the_rule_in_words(self):
        assert DEFAULT_RULE.describe() == "调解成功 ÷ 办结（调解成功、调解不成功、终止）"


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"大渡口区": {"concluded": ["succeeded", "mediating"]}}, "只能包含办结状态"),
        ({"大渡口区": {"success": ["failed"], "concluded": ["succeeded"]}}, "success 须是 concluded 的子集"),
        ({"大渡口区": {"denominator": ["succeeded"]}}, "口径须为"),
        ({"大渡口区": {"concluded": []}}, "非空的状态列表"),
    ],
)
def test_a_wrong_rule_stops_the_start(settings, rules, message):
    settings.DISPUTES_SUCCESS_RATE_RULES = rules
    with pytest.raises(SystemCheckError, match=message):
        call_command("check")
