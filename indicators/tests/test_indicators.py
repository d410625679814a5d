import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from core.figures import registry
from core.models import AuditLog
from core.testing import count_queries
from goals.tests.matrix import R, assert_all_routes_listed, check_clerk_get, check_leader, check_other_town
from indicators.catalogue import STANDARD_KEYS
from indicators.models import IndicatorDefinition, IndicatorValue
from indicators.services import indicator_values_save
from indicators.tests.factories import IndicatorDefinitionFactory, IndicatorValueFactory

ROUTES = [
    R("indicators:yearly", None, "read"),
    R("indicators:definition_list", None, "read"),
    R("indicators:value_file", "value", "read"),
    R("indicators:yearly_edit", None, "write"),
    R("indicators:value_edit", "value", "write"),
    R("indicators:import", None, "write"),
    R("indicators:import_template", None, "write"),
    R("indicators:definition_add", None, "write"),
    R("indicators:definition_edit", "definition", "write"),
    R("indicators:definition_standard", None, "write"),
]


@pytest.fixture
def definition(org, department):
    return IndicatorDefinitionFactory(organization=org, department=department)


@pytest.fixture
def objects(definition):
    value = IndicatorValueFactory(definition=definition)
    value.source_file = SimpleUploadedFile("台账.pdf", b"%PDF-1.4 ledger")
    value.save()
    return {"definition": definition, "value": value}


def snapshot():
    return (
        list(IndicatorDefinition.objects.values_list("pk", "key", "label")),
        list(IndicatorValue.objects.values_list("pk", "year", "value", "note")),
    )


def test_every_route_is_in_the_matrix():
    assert_all_routes_listed("indicators", ROUTES)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_other_town_gets_404(other_town, objects, route):
    check_other_town(other_town, route, objects)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_leader_reads_but_gets_403_on_writes(leader, objects, route):
    if route.name == "indicators:definition_standard":  # POST only
        assert leader.post(route.url(objects)).status_code == 403
        return
    check_leader(leader, route, objects, snapshot)


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if r.name != "indicators:definition_standard"], ids=str)
def test_clerk_opens_every_page(clerk, objects, route):
    check_clerk_get(clerk, route, objects)


@pytest.mark.django_db
def test_other_towns_values_are_not_listed(clerk, objects, other_org):
    IndicatorValueFactory(definition=IndicatorDefinitionFactory(organization=other_org, key="外镇指标"), value=777)
    html = clerk.get(reverse("indicators:yearly") + "?year=2023").content.decode()
    assert "199" in html and "777" not in html and "外镇指标" not in html


# ---- the yearly figures form ---------------------------------------------------------
@pytest.mark.django_db
def test_every_yearly_input_has_its_own_label(clerk, definition):
    html = clerk.get(reverse("indicators:yearly_edit") + "?year=2023").content.decode()
    for suffix, column in (("value", "数值"), ("note", "说明"), ("source", "来源文件")):
        label = (
            f'<label class="visually-hidden" for="id_d{definition.pk}_{suffix}">{definition.label}：{column}</label>'
        )
        assert label in html


@pytest.mark.django_db
def test_yearly_form_saves_values_with_audit_and_message(clerk, clerk_user, definition, org):
    second = IndicatorDefinitionFactory(organization=org, key="企业服务小队数", label="服务小队", unit="个")
    url = reverse("indicators:yearly_edit") + "?year=2023"
    data = {
        f"d{definition.pk}_value": "199",
        f"d{definition.pk}_source": "经发办台账",
        f"d{second.pk}_value": "12",
        f"d{second.pk}_note": "",
    }
    response = clerk.post(url, data, follow=True)
    assert "已保存2023年数据（2 项有变动）" in response.content.decode()
    assert IndicatorValue.objects.get(definition=definition).source == "经发办台账"
    assert AuditLog.objects.filter(action="create", model_label="indicators.IndicatorValue").count() == 2
    assert AuditLog.objects.filter(action="create").first().user == clerk_user
    # a second save changing one value writes one update entry, and clearing a value deletes it
    data[f"d{definition.pk}_value"] = "200"
    data[f"d{second.pk}_value"] = ""
    clerk.post(url, data)
    assert IndicatorValue.objects.get(definition=definition).value == Decimal("200")
    assert not IndicatorValue.objects.filter(definition=second).exists()
    assert AuditLog.objects.filter(action="update", model_label="indicators.IndicatorValue").count() == 1
    assert AuditLog.objects.filter(action="delete", model_label="indicators.IndicatorValue").count() == 1


@pytest.mark.django_db
def test_negative_value_is_a_chinese_error_and_saves_nothing(clerk, definition, org):
    second = IndicatorDefinitionFactory(organization=org, key="企业服务小队数", label="服务小队")
    response = clerk.post(
        reverse("indicators:yearly_edit") + "?year=2023",
        {f"d{definition.pk}_value": "199", f"d{second.pk}_value": "-3"},
    )
    assert response.status_code == 200
    assert "确保该值大于或等于0" in response.content.decode()
    assert not IndicatorValue.objects.exists()


@pytest.mark.django_db
def test_value_for_an_undefined_key_is_a_chinese_error_and_saves_nothing(org, definition, clerk_user):
    with pytest.raises(ValidationError) as exc:
        indicator_values_save(
            organization=org,
            year=2023,
            values={"孵化基地注册企业数": {"value": 199}, "不存在的指标": {"value": 5}},
            by=clerk_user,
        )
    assert "未定义的指标“不存在的指标”" in str(exc.value.message_dict["不存在的指标"])
    assert not IndicatorValue.objects.exists()


@pytest.mark.django_db
def test_inactive_or_foreign_definition_counts_as_undefined(org, other_org, definition):
    IndicatorDefinitionFactory(organization=other_org, key="外镇指标")
    IndicatorDefinitionFactory(organization=org, key="停用指标", is_active=False)
    for key in ("外镇指标", "停用指标"):
        with pytest.raises(ValidationError, match="未定义的指标"):
            indicator_values_save(organization=org, year=2023, values={key: {"value": 1}})
    assert not IndicatorValue.objects.exists()


@pytest.mark.django_db
def test_a_bad_value_rolls_back_values_saved_before_it(org, definition):
    IndicatorDefinitionFactory(organization=org, key="企业服务小队数")
    with pytest.raises(ValidationError, match="确保该值大于或等于0"):
        indicator_values_save(
            organization=org, year=2023, values={"孵化基地注册企业数": {"value": 199}, "企业服务小队数": {"value": -1}}
        )
    assert not IndicatorValue.objects.exists()


@pytest.mark.django_db
def test_database_refuses_a_negative_value(definition):
    from django.db import IntegrityError, transaction

    value = IndicatorValueFactory(definition=definition)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.filter(pk=value.pk).update(value=-1)


# ---- import -------------------------------------------------------------------------
def upload(rows):
    wb = Workbook()
    wb.active.append(["年度", "指标键", "数值", "说明", "来源文件"])
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("年度数据.xlsx", buffer.getvalue())


@pytest.mark.django_db
def test_import_creates_and_updates_values(clerk, definition, org):
    IndicatorDefinitionFactory(organization=org, key="企业服务小队数")
    IndicatorValueFactory(definition=definition, value=150)
    response = clerk.post(
        reverse("indicators:import"),
        {"file": upload([[2023, "孵化基地注册企业数", 199, "", "台账"], [2023, "企业服务小队数", 12, "", ""]])},
        follow=True,
    )
    assert "已导入 2 项年度数据" in response.content.decode()
    assert IndicatorValue.objects.get(definition=definition).value == 199
    assert IndicatorValue.objects.count() == 2


@pytest.mark.django_db
def test_import_with_an_undefined_key_saves_nothing(clerk, definition):
    response = clerk.post(
        reverse("indicators:import"),
        {"file": upload([[2023, "孵化基地注册企业数", 199, "", ""], [2023, "孵化企业数", 5, "", ""]])},
    )
    html = response.content.decode()
    assert "第3行「指标键」：未定义的指标“孵化企业数”" in html
    assert not IndicatorValue.objects.exists()


# ---- definitions -------------------------------------------------------------------
@pytest.mark.django_db
def test_definition_key_of_another_app_is_refused(clerk):
    response = clerk.post(
        reverse("indicators:definition_add"), {"key": "网格数", "label": "x", "order": 1, "is_active": "on"}
    )
    assert "已由其他模块发布" in response.content.decode()
    assert not IndicatorDefinition.objects.exists()


@pytest.mark.django_db
def test_duplicate_key_is_refused(clerk, definition):
    response = clerk.post(
        reverse("indicators:definition_add"), {"key": definition.key, "label": "x", "order": 1, "is_active": "on"}
    )
    assert "本单位已有相同指标键" in response.content.decode()
    assert IndicatorDefinition.objects.count() == 1


@pytest.mark.django_db
def test_standard_definitions_are_added_once(clerk, org):
    clerk.post(reverse("indicators:definition_standard"))
    assert set(IndicatorDefinition.objects.filter(organization=org).values_list("key", flat=True)) == STANDARD_KEYS
    response = clerk.post(reverse("indicators:definition_standard"), follow=True)
    assert "标准指标均已存在" in response.content.decode()
    assert IndicatorDefinition.objects.count() == len(STANDARD_KEYS)


# ---- figures -------------------------------------------------------------------------
def figures(org, year=2023):
    return registry.compute(org, year, apps=["indicators"])


def test_standard_keys_are_registered():
    assert all(registry.get(key).app_label == "indicators" for key in STANDARD_KEYS)


@pytest.mark.django_db
def test_figures_follow_the_values(org, definition):
    assert figures(org)["孵化基地注册企业数"].value.value is None
    value = IndicatorValueFactory(definition=definition, value=199)
    assert figures(org)["孵化基地注册企业数"].value.value == 199
    value.value = Decimal("201.50")
    value.save()
    assert figures(org)["孵化基地注册企业数"].value.value == Decimal("201.5")
    assert figures(org, 2024)["孵化基地注册企业数"].value.value is None
    assert figures(org)["孵化基地注册企业数"].url.endswith("/indicators/?year=2023")


@pytest.mark.django_db
def test_a_town_defined_key_is_published_too(org, other_org):
    extra = IndicatorDefinitionFactory(organization=org, key="夜间经济示范区数", label="夜间经济示范区", unit="个")
    IndicatorValueFactory(definition=extra, value=1)
    result = figures(org)
    assert result["夜间经济示范区数"].value.value == 1
    assert result["夜间经济示范区数"].definition.app_label == "indicators"
    assert result["夜间经济示范区数"].definition.unit == "个"
    assert "夜间经济示范区数" not in figures(other_org)
    extra.is_active = False
    extra.save()
    assert "夜间经济示范区数" not in figures(org)


@pytest.mark.django_db
def test_yearly_page_query_count_is_pinned(clerk, org):
    url = reverse("indicators:yearly") + "?year=2023"
    IndicatorValueFactory(definition=IndicatorDefinitionFactory(organization=org, key="k0"))
    clerk.get(url)  # the ?year= is kept in the session: written once, on the first visit
    few, _ = count_queries(clerk, url)
    for i in range(1, 15):
        IndicatorValueFactory(definition=IndicatorDefinitionFactory(organization=org, key=f"k{i}"))
    many, sql = count_queries(clerk, url)
    # session, user, perms ×2, years, values (definition joined), definitions (department joined),
    # header groups
    assert few == many <= 8, "\n".join(sql)


@pytest.mark.django_db
def test_a_town_key_never_overrides_another_apps_figure(org):
    # Saved around the form's check (e.g. through the admin shell): the registry still keeps 网格数 for publicity.
    clash = IndicatorDefinition.objects.create(organization=org, key="网格数", label="冒名")
    IndicatorValueFactory(definition=clash, value=5)
    resolved = registry.compute(org, 2023)["网格数"]
    assert resolved.definition.app_label == "publicity" and resolved.value.value == 0


@pytest.mark.django_db
def test_several_years_at_once_are_each_year_alone(org, definition, django_assert_num_queries):
    """compute_years gives each year what that year alone gives, in the two queries of one year."""
    from indicators.figures import compute, compute_years

    IndicatorValueFactory(definition=definition, year=2022, value=150)
    IndicatorValueFactory(definition=definition, year=2023, value=199)
    extra = IndicatorDefinitionFactory(organization=org, key="夜间经济示范区数", label="夜间经济示范区", unit="个")
    IndicatorValueFactory(definition=extra, year=2023, value=1)
    with django_assert_num_queries(2):
        together = compute_years(org, [2023, 2022])
    assert sorted(together) == [2022, 2023]
    for year in (2022, 2023):
        assert together[year] == compute(org, year), year
    assert together[2022]["孵化基地注册企业数"].value == 150 and together[2023]["孵化基地注册企业数"].value == 199
    assert together[2022]["夜间经济示范区数"].value is None and together[2023]["夜间经济示范区数"].value == 1
