"""Bounded list filters (core/filters.py) and GET parameters (core/params.py), issue #16 item 5.

- each bounded field refuses what broke a page, with a Chinese message;
- every FilterSet of the project derives from BoundedFilterSet and holds only
  bounded fields, so a new filter cannot bring the 500s back;
- an invalid filter shows the page with the error and no rows, in every app.
"""

from __future__ import annotations

import datetime
import importlib

import django_filters
import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.http import QueryDict
from django.urls import reverse

from core import params
from core.filters import (
    DATE_MESSAGE,
    MONTH_MESSAGE,
    SAFE_FORM_FIELDS,
    YEAR_MESSAGE,
    BoundedDateField,
    BoundedFilterSet,
    BoundedIntegerField,
    DateFilter,
    IntegerFilter,
    MonthField,
    SearchField,
    SearchFilter,
    YearField,
    YearFilter,
)

ERROR_BANNER = "筛选条件有误"


# ---- fields --------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["99999", "9" * 30, "1e309", "²", "١٢٣", "abc", "\x00", "1989", "2101", "-1"])
def test_year_field_refuses_with_one_chinese_message(value):
    with pytest.raises(forms.ValidationError) as caught:
        YearField(required=False).clean(value)
    assert caught.value.messages == [YEAR_MESSAGE]


def test_year_field_takes_a_year():
    assert YearField(required=False).clean("2023") == 2023
    assert YearField(required=False).clean("") is None


@pytest.mark.parametrize("value", [str(2**63), str(-(2**63) - 1), "9" * 5000])
def test_integer_filter_stays_within_64_bits(value):
    with pytest.raises(forms.ValidationError):
        IntegerFilter().field.clean(value)


@pytest.mark.parametrize("value", ["2023-02-30", "0000-00-00", "9999-12-31", "1899-12-31", "2101-01-01", "x" * 5000])
def test_date_field_refuses_impossible_and_far_dates(value):
    with pytest.raises(forms.ValidationError) as caught:
        BoundedDateField(required=False).clean(value)
    assert caught.value.messages == [DATE_MESSAGE]


def test_date_field_takes_a_date():
    assert BoundedDateField().clean("2023-05-01") == datetime.date(2023, 5, 1)


@pytest.mark.parametrize("value", ["2023-13", "0000-00", "99999-01", "1989-12", "2023-05-01x"])
def test_month_field_refuses(value):
    with pytest.raises(forms.ValidationError) as caught:
        MonthField(required=False).clean(value)
    assert caught.value.messages == [MONTH_MESSAGE]


def test_month_field_gives_the_first_day():
    assert MonthField().clean("2023-05") == datetime.date(2023, 5, 1)


def test_search_field_drops_nul_and_caps_length():
    assert SearchField(required=False).clean("张\x00三") == "张三"
    with pytest.raises(forms.ValidationError):
        SearchField(required=False).clean("x" * 101)


def test_integer_messages_are_chinese():
    field = BoundedIntegerField(min_value=0, max_value=3650, required=False)
    for value in ("abc", "-1", "3651"):
        with pytest.raises(forms.ValidationError) as caught:
            field.clean(value)
        assert caught.value.messages == ["请输入0至3650之间的整数。"]


# ---- the non-filter parameters ---------------------------------------------------------------
@pytest.mark.parametrize("raw", ["", "abc", "²", "١٢٣", "9" * 30, "99999", "-1", "\x00", "1e309"])
def test_params_fall_back_to_the_default(raw):
    query = QueryDict(mutable=True)
    query["year"] = raw
    assert params.get_year(query, default=2020) == 2020


@pytest.mark.parametrize("raw", ["", "abc", "²", "0", "-1", str(2**63), "\x00", "1e309"])
def test_ids_are_positive_64_bit_integers(raw):
    query = QueryDict(mutable=True)
    query["after"] = raw
    assert params.get_id(query, "after") is None


def test_params_read_good_values():
    query = QueryDict("year=2023&after=7&days=5&format=docx")
    assert params.get_year(query, default=2020) == 2023
    assert params.get_id(query, "after") == 7
    assert params.get_int(query, "days", default=10, min_value=0, max_value=60) == 5
    assert params.get_choice(query, "format", ["pdf", "docx"], default="pdf") == "docx"
    assert params.get_choice(query, "missing", ["pdf"], default="pdf") == "pdf"


# ---- every FilterSet of the project -----------------------------------------------------
def _project_filtersets() -> list[type]:
    """Every FilterSet class defined in the project's apps (their filters.py imported first)."""
    project = [c for c in apps.get_app_configs() if c.path.startswith(str(settings.BASE_DIR))]
    for config in project:
        try:
            importlib.import_module(f"{config.name}.filters")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.filters":
                raise

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    names = {config.name for config in project}
    found = {c for c in subclasses(django_filters.FilterSet) if c.__module__.split(".")[0] in names}
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def test_the_project_has_filtersets():
    names = {c.__name__ for c in _project_filtersets()}
    assert {"OfficerFilterSet", "DisputeFilterSet", "GridFilterSet", "AuditLogFilterSet"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("filterset_class", _project_filtersets(), ids=lambda c: c.__name__)
def test_every_filterset_is_bounded(filterset_class, org):
    assert issubclass(filterset_class, BoundedFilterSet), (
        f"{filterset_class.__name__} must derive from BoundedFilterSet"
    )
    if filterset_class._meta.model is None:
        return  # an abstract base: its fields are checked in its subclasses
    form = filterset_class(QueryDict("x=1"), queryset=filterset_class._meta.model.objects.all(), organization=org).form
    for name, field in form.fields.items():
        assert isinstance(field, SAFE_FORM_FIELDS), (
            f"{filterset_class.__name__}.{name}: unbounded {type(field).__name__}"
        )
        if isinstance(field, forms.CharField) and not isinstance(field, forms.ChoiceField):
            assert isinstance(field, SearchField), (
                f"{filterset_class.__name__}.{name}: free text must be a SearchFilter"
            )


def test_generated_filters_are_bounded_too():
    from enforcement.models import Training

    class TrainingFilterSet(BoundedFilterSet):
        class Meta:
            model = Training
            fields = {"start_on": ["exact", "year"], "title": ["icontains"], "hours": ["exact"]}

    filters = TrainingFilterSet.base_filters
    assert type(filters["start_on"]) is DateFilter
    assert type(filters["start_on__year"]) is YearFilter
    assert type(filters["title__icontains"]) is SearchFilter


@pytest.mark.django_db
def test_an_invalid_filter_gives_no_rows_even_with_valid_ones(org):
    from accounts.models import Community

    Community.objects.create(organization=org, name="双山社区")

    class CommunityFilterSet(BoundedFilterSet):
        name = SearchFilter(lookup_expr="icontains")
        year = YearFilter(field_name="pk")

        class Meta:
            model = Community
            fields: list[str] = []

    queryset = Community.objects.all()
    assert CommunityFilterSet(QueryDict("name=双山"), queryset=queryset).qs.count() == 1
    invalid = CommunityFilterSet(QueryDict("name=双山&year=99999"), queryset=queryset)
    assert invalid.qs.count() == 0
    assert invalid.form.errors["year"] == [YEAR_MESSAGE]


# ---- the same behaviour on every list page ------------------------------------------------
def _rows(org):
    """One record per register, each listed on its page without filters."""
    from accounts.tests.factories import CommunityFactory, GridFactory
    from core.models import AuditLog
    from disputes.tests.factories import DisputeFactory
    from enforcement.tests.factories import CertificateFactory, ExamFactory, OfficerFactory, TrainingFactory
    from goals.tests.factories import GoalFactory
    from litigation.tests.factories import LitigationCaseFactory, ReconsiderationCaseFactory
    from publicity.tests.factories import GridMonthlyEntryFactory, LegalEducationEventFactory, LegalLiaisonFactory

    community = CommunityFactory(organization=org, name="双山社区")
    grid = GridFactory(community=community)
    officer = OfficerFactory(organization=org)
    CertificateFactory(officer=officer)
    ExamFactory(officer=officer)
    TrainingFactory(organization=org)
    ReconsiderationCaseFactory(organization=org)
    LitigationCaseFactory(organization=org)
    DisputeFactory(organization=org)
    GoalFactory(organization=org)
    LegalEducationEventFactory(organization=org)
    LegalLiaisonFactory(organization=org)
    GridMonthlyEntryFactory(grid=grid)
    AuditLog.objects.create(organization=org, action=AuditLog.Action.CREATE, username="clerk", model_name="网格")


# (URL name, a query the list cannot answer, the query that lists the record)
BAD_QUERIES = [
    ("accounts:grid_list", "community=x", ""),
    ("enforcement:officer_list", "expiring_days=" + "9" * 30, ""),
    ("enforcement:certificate_list", "closed_year=99999", ""),
    ("enforcement:training_list", "year=-1", ""),
    ("enforcement:exam_list", "year=" + "9" * 30, ""),
    ("litigation:reconsideration_list", "concluded_year=99999", ""),
    ("litigation:litigation_list", "hearing_year=1e309", ""),
    ("disputes:dispute_list", "month=0000-00", ""),
    ("goals:goal_list", "year=99999", "year=2023"),
    ("publicity:event_list", "year=²", ""),
    ("publicity:liaison_list", "year=99999", ""),
    ("publicity:entry_list", "year=" + "9" * 30, ""),
    ("core:auditlog_list", "date_from=x", ""),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "bad", "good"), BAD_QUERIES, ids=[q[0] for q in BAD_QUERIES])
def test_an_invalid_filter_shows_the_error_and_no_rows(name, bad, good, org, clerk, town_admin):
    _rows(org)
    client = town_admin if name == "core:auditlog_list" else clerk
    url = reverse(name)
    listed = client.get(f"{url}?{good}")
    assert listed.status_code == 200
    assert len(listed.context["object_list"]) >= 1, "the record should be listed without the bad filter"
    assert ERROR_BANNER not in listed.content.decode()

    refused = client.get(f"{url}?{bad}")
    assert refused.status_code == 200
    assert len(refused.context["object_list"]) == 0
    html = refused.content.decode()
    assert ERROR_BANNER in html
    filterset = refused.context.get("filter") or refused.context.get("filterset")
    for errors in filterset.form.errors.values():
        assert all(str(error) in html for error in errors)  # the field's own message, beside the banner
