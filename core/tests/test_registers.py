"""The register layer (core/registers): every ledger behaves the same.

The list checks run over core.registers.registry, so a ledger declared later is
checked as soon as it exists (ROWS must then say how to make one of its rows).
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from django.utils.module_loading import import_string
from openpyxl import Workbook, load_workbook

from core.models import AuditLog
from core.registers.registry import ledgers
from core.xlsx import Column, RowError, XlsxImporter

# How to make one row of each ledger for an organization: a factory and its keyword.
ROWS = {
    "enforcement:officer_list": ("enforcement.tests.factories.OfficerFactory", "organization"),
    "enforcement:certificate_list": ("enforcement.tests.factories.CertificateFactory", "officer__organization"),
    "enforcement:training_list": ("enforcement.tests.factories.TrainingFactory", "organization"),
    "enforcement:exam_list": ("enforcement.tests.factories.ExamFactory", "officer__organization"),
    "litigation:reconsideration_list": ("litigation.tests.factories.ReconsiderationCaseFactory", "organization"),
    "litigation:litigation_list": ("litigation.tests.factories.LitigationCaseFactory", "organization"),
    "disputes:dispute_list": ("disputes.tests.factories.DisputeFactory", "organization"),
    "goals:goal_list": ("goals.tests.factories.GoalFactory", "organization"),
    "publicity:event_list": ("publicity.tests.factories.LegalEducationEventFactory", "organization"),
    "publicity:liaison_list": ("publicity.tests.factories.LegalLiaisonFactory", "organization"),
    "publicity:entry_list": ("publicity.tests.factories.GridMonthlyEntryFactory", "grid__community__organization"),
    "indicators:definition_list": ("indicators.tests.factories.IndicatorDefinitionFactory", "organization"),
}
LEDGERS = sorted(ROWS)


def make_row(ledger: str, organization, **extra):
    factory, keyword = ROWS[ledger]
    return import_string(factory)(**{keyword: organization}, **extra)


def test_every_ledger_is_registered_and_every_app_has_one():
    registered = set(ledgers())
    assert registered == set(ROWS), "a ledger list was added or removed: update ROWS"
    assert {name.split(":")[0] for name in registered} == {
        "enforcement",
        "litigation",
        "disputes",
        "goals",
        "publicity",
        "indicators",
    }


def _bad_filter(view_class, org, user) -> dict:
    """An answer the ledger's filter cannot accept: an unknown choice, else an impossible year."""
    filterset = view_class.filterset_class(None, queryset=view_class.model.objects.none(), organization=org, user=user)
    for name, field in filterset.form.fields.items():
        if isinstance(field, forms.ModelChoiceField):
            return {name: "999999999"}
        if isinstance(field, forms.ChoiceField):
            return {name: "不存在的选项"}
    for name, field in filterset.form.fields.items():
        if isinstance(field, forms.IntegerField):
            return {name: "99999"}
    raise AssertionError(f"{view_class.__name__}: no field to test")


@pytest.mark.django_db
@pytest.mark.parametrize("ledger", LEDGERS)
def test_a_bad_filter_shows_the_error_and_no_rows_on_every_ledger(ledger, pii_clerk, pii_clerk_user, org, other_org):
    make_row(ledger, org)
    make_row(ledger, other_org)
    url = reverse(ledger)
    # Goals show one year, the portal's (the clerk signed in before the row existed): all of them.
    plain = pii_clerk.get(url, {"all": "1"} if ledger == "goals:goal_list" else {})
    assert plain.status_code == 200
    assert len(plain.context["object_list"]) == 1  # its own row, never the other town's

    bad = pii_clerk.get(url, _bad_filter(ledgers()[ledger], org, pii_clerk_user))
    assert bad.status_code == 200
    assert list(bad.context["object_list"]) == []
    html = bad.content.decode()
    assert "筛选条件有误，未显示任何记录" in html


def _filter_form_tag(html: str) -> str:
    start = html.index('id="register-filter"')
    return html[html.rindex("<form", 0, start) : html.index(">", start)]


@pytest.mark.django_db
@pytest.mark.parametrize("ledger", LEDGERS)
def test_the_filters_fold_on_a_phone_and_stay_open_when_set_or_wrong(ledger, pii_clerk, pii_clerk_user, org):
    url = reverse(ledger)
    response = pii_clerk.get(url)
    plain = response.content.decode()
    assert 'data-bs-target="#register-filter"' in plain
    folded = _filter_form_tag(plain)
    assert "collapse d-md-block" in folded
    # Folded unless a filter is already set (the goals list opens on a year).
    assert (" show" in folded) == bool(response.context["filtered"])
    bad = pii_clerk.get(url, _bad_filter(ledgers()[ledger], org, pii_clerk_user)).content.decode()
    assert " show" in _filter_form_tag(bad)


@pytest.mark.django_db
@pytest.mark.parametrize("ledger", LEDGERS)
def test_every_ledger_has_the_same_filter_bar(ledger, pii_clerk):
    """The shared form (registers/includes/filter_form.html), small fields styled alike, sent by
    its 筛选 button: no select reloads the page by itself (goals and 普法 did, with larger fields;
    the 纠纷 list had a form of its own whose 清除 kept the picked year)."""
    response = pii_clerk.get(reverse(ledger), {"year": ""})
    html = response.content.decode()
    start = html.index('id="register-filter"')
    form = html[html.rindex("<form", 0, start) : html.index("</form>", start)]
    assert "data-autosubmit" not in form
    assert form.count('<div class="col-6 col-md-3 col-xl-2">') >= 2
    for tag in re.findall(r"<(?:select|input)\b[^>]*>", form):
        if 'type="hidden"' in tag:
            continue
        css = re.search(r'class="([^"]*)"', tag).group(1)
        assert css in ("form-select form-select-sm", "form-control form-control-sm", "form-check-input"), tag
        assert re.search(r'id="([^"]+)"', tag).group(1) in re.findall(r'<label[^>]* for="([^"]+)"', form), tag
    assert '<i class="bi bi-funnel"></i> 筛选</button>' in form
    # 清除 appears once something is set; on a year-keyed list it shows every year again,
    # not the year picked for the session.
    clear = response.context["clear_url"]
    assert f'href="{clear}">清除</a>' in form
    assert clear.endswith("?year=") == (ledger in YEAR_KEYED)


@pytest.mark.django_db
@pytest.mark.parametrize("ledger", LEDGERS)
def test_every_ledger_says_when_it_is_empty_and_pages_the_same_way(ledger, clerk, org, monkeypatch):
    view_class = ledgers()[ledger]
    url = reverse(ledger)
    everything = {"all": "1"} if ledger == "goals:goal_list" else {}  # goals show one year otherwise
    name = view_class.model._meta.verbose_name
    empty = clerk.get(url, everything).content.decode()
    assert f"还没有{name}记录。" in empty or (ledger == "goals:goal_list" and "暂无目标任务" in empty)

    monkeypatch.setattr(view_class, "paginate_by", 1)
    make_row(ledger, org)
    # A second row (indicator definitions are got or created by key).
    make_row(ledger, org, **({"key": "另一项指标"} if ledger == "indicators:definition_list" else {}))
    first = clerk.get(url, everything)
    assert first.context["page_obj"].paginator.num_pages == 2
    html = first.content.decode()
    assert '<nav aria-label="分页">' in html and "第 1 / 2 页，共 2 条" in html
    next_link = re.search(r'href="\?([^"]*)">下一页</a>', html).group(1).replace("&amp;", "&")
    assert "page=2" in next_link and ("all=1" in next_link) == bool(everything)  # the filters stay
    assert clerk.get(f"{url}?{next_link}").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("ledger", LEDGERS)
def test_every_ledger_has_its_buttons_in_the_same_place(ledger, clerk):
    """新增, 导入台账, the ledger's own links, then 导出 Excel: in the page's action bar, in that order."""
    view_class = ledgers()[ledger]
    html = clerk.get(reverse(ledger)).content.decode()
    actions = html.index('<div class="d-flex flex-wrap gap-2">', html.index("portal-page-title"))
    bar = html[actions : html.index("</div>", actions)]  # the header's action bar (base.html page_actions)
    order = []
    for name, marker in (
        ("add", view_class.add_url),
        ("import", view_class.import_url),
        ("export", view_class.export_url),
    ):
        if marker:
            assert f'href="{reverse(marker)}' in bar, (name, ledger)
            order.append(bar.index(f'href="{reverse(marker)}'))
    assert order == sorted(order)


# Ledgers without a page of their own: a grid's month and an indicator definition are
# edited in place from the list.
NO_RECORD_PAGE = {"publicity:entry_list", "indicators:definition_list"}


@pytest.mark.django_db
@pytest.mark.parametrize("ledger", sorted(set(LEDGERS) - NO_RECORD_PAGE))
def test_every_record_page_shows_its_history(ledger, clerk, org):
    """修改记录 (an officer's 操作记录, from the audit log) on the page of every ledger's record;
    纠纷, 培训 and the two kinds of case had none."""
    record = make_row(ledger, org)
    response = clerk.get(record.get_absolute_url())
    assert response.status_code == 200
    assert 'id="history"' in response.content.decode()


@pytest.mark.django_db
def test_the_full_personal_data_export_is_offered_only_where_there_is_some(pii_clerk):
    offered = {ledger for ledger in LEDGERS if "show_personal=1" in pii_clerk.get(reverse(ledger)).content.decode()}
    # Goals, 普法活动 and grid work have no personal data; litigation masks names in every export.
    assert offered == {"enforcement:officer_list", "disputes:dispute_list", "publicity:liaison_list"}


@pytest.mark.django_db
@pytest.mark.parametrize("ledger", LEDGERS)
def test_every_sort_column_answers_and_a_bad_sort_is_ignored(ledger, clerk, org):
    make_row(ledger, org)
    make_row(ledger, org)
    url = reverse(ledger)
    default = [o.pk for o in clerk.get(url).context["object_list"]]
    for key in ledgers()[ledger].sort_fields:
        for value in (key, f"-{key}"):
            response = clerk.get(url, {"sort": value})
            assert response.status_code == 200, value
            assert response.context["sort"] == value
            assert sorted(o.pk for o in response.context["object_list"]) == sorted(default)
    for hostile in ("password", "-organization__name", "__class__", "x" * 500, "name\x00"):
        response = clerk.get(url, {"sort": hostile})
        assert response.status_code == 200
        assert response.context["sort"] == ""
        assert [o.pk for o in response.context["object_list"]] == default


@pytest.mark.django_db
def test_sorting_orders_the_rows(clerk, org):
    from publicity.tests.factories import LegalEducationEventFactory

    for participants in (30, 10, 20):
        LegalEducationEventFactory(organization=org, participants=participants)
    url = reverse("publicity:event_list")
    ascending = [e.participants for e in clerk.get(url, {"sort": "participants"}).context["object_list"]]
    descending = [e.participants for e in clerk.get(url, {"sort": "-participants"}).context["object_list"]]
    assert ascending == [10, 20, 30] and descending == [30, 20, 10]
    html = clerk.get(url, {"sort": "participants"}).content.decode()
    assert 'aria-sort="ascending"' in html


# ---- deletion -------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_protected_record_is_refused_with_a_chinese_message(clerk, org):
    from enforcement.models import Officer
    from enforcement.tests.factories import CertificateFactory

    certificate = CertificateFactory(officer__organization=org)
    officer = certificate.officer
    url = reverse("enforcement:officer_delete", args=[officer.pk])
    confirm = clerk.get(url)
    assert confirm.status_code == 200 and "确认删除" in confirm.content.decode()
    response = clerk.post(url, follow=True)
    assert response.status_code == 200
    assert "不能删除" in response.content.decode()
    assert Officer.objects.filter(pk=officer.pk).exists()


@pytest.mark.django_db
def test_a_rule_refusal_shows_on_the_confirmation_page_and_on_post(clerk, org):
    from enforcement.models import Certificate
    from enforcement.tests.factories import CertificateFactory

    old = CertificateFactory(officer__organization=org)
    new = CertificateFactory(officer=old.officer, replaces=old, number="NEW-1")
    url = reverse("enforcement:certificate_delete", args=[new.pk])
    assert "换发链中的证件不能删除" in clerk.get(url).content.decode()
    response = clerk.post(url, follow=True)
    assert "换发链中的证件不能删除" in response.content.decode()
    assert Certificate.objects.filter(pk=new.pk).exists()


@pytest.mark.django_db
def test_a_goal_carried_over_cannot_be_deleted(clerk, org):
    from goals.models import Goal
    from goals.tests.factories import GoalFactory

    goal = GoalFactory(organization=org, year=2023)
    GoalFactory(organization=org, year=2024, carried_from=goal, area=goal.area)
    response = clerk.post(reverse("goals:goal_delete", args=[goal.pk]), follow=True)
    assert response.status_code == 200
    assert "该目标已结转至下一年度" in response.content.decode()
    assert Goal.objects.filter(pk=goal.pk).exists()


# ---- attachments ----------------------------------------------------------------------
def _attachment_cases(org):
    """(record, upload URL, posted data, attachment model, download and delete URL names)."""
    from goals.models import GoalAttachment
    from goals.tests.factories import GoalFactory
    from litigation.models import CaseDocument
    from litigation.tests.factories import LitigationCaseFactory
    from publicity.models import EventAttachment
    from publicity.tests.factories import LegalEducationEventFactory

    goal = GoalFactory(organization=org)
    event = LegalEducationEventFactory(organization=org)
    case = LitigationCaseFactory(organization=org)
    return [
        (reverse("goals:attachment_add", args=[goal.pk]), {}, GoalAttachment, "goals"),
        (reverse("publicity:attachment_add", args=[event.pk]), {}, EventAttachment, "publicity"),
        (
            reverse("litigation:litigation_document_add", args=[case.pk]),
            {"kind": CaseDocument._meta.get_field("kind").choices[0][0]},
            CaseDocument,
            "litigation",
        ),
    ]


def _names(app):
    if app == "litigation":
        return "litigation:document_download", "litigation:document_delete"
    return f"{app}:attachment_download", f"{app}:attachment_delete"


@pytest.mark.django_db
def test_attachments_upload_download_delete_the_same_way_and_only_in_their_town(
    clerk, other_town, org, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    for url, data, model, app in _attachment_cases(org):
        upload = SimpleUploadedFile("会议纪要.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
        response = clerk.post(url, {**data, "title": "", "file": upload})
        assert response.status_code == 302, (app, response.content.decode()[:2000])
        attachment = model.objects.get()
        stored = tmp_path / attachment.file.name
        assert stored.exists() and "会议纪要" not in attachment.file.name
        download_name, delete_name = _names(app)

        download = clerk.get(reverse(download_name, args=[attachment.pk]))
        assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 evidence"
        assert "attachment" in download["Content-Disposition"]  # a PDF is downloaded, an image shown

        # Another town: the file and the delete page do not exist for them.
        assert other_town.get(reverse(download_name, args=[attachment.pk])).status_code == 404
        assert other_town.post(reverse(delete_name, args=[attachment.pk])).status_code == 404
        assert stored.exists()

        with django_capture_on_commit_callbacks(execute=True):
            response = clerk.post(reverse(delete_name, args=[attachment.pk]))
        assert response.status_code == 302
        assert not model.objects.exists()
        assert not stored.exists(), f"{app}: the file must go with its row"


@pytest.mark.django_db
def test_a_parent_deleted_takes_its_attachments_files_with_it(
    clerk, org, settings, tmp_path, django_capture_on_commit_callbacks
):
    from publicity.models import EventAttachment
    from publicity.tests.factories import LegalEducationEventFactory

    settings.MEDIA_ROOT = tmp_path
    event = LegalEducationEventFactory(organization=org)
    attachment = EventAttachment(event=event, file=SimpleUploadedFile("照片.png", b"\x89PNG\r\n\x1a\nxx"))
    attachment.save()
    stored = tmp_path / attachment.file.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert clerk.post(reverse("publicity:event_delete", args=[event.pk])).status_code == 302
    assert not stored.exists()


@pytest.mark.django_db
def test_an_image_is_shown_inline(clerk, org, settings, tmp_path):
    from goals.models import GoalAttachment
    from goals.tests.factories import GoalFactory

    settings.MEDIA_ROOT = tmp_path
    attachment = GoalAttachment(
        goal=GoalFactory(organization=org), file=SimpleUploadedFile("现场.png", b"\x89PNG\r\n\x1a\nxx")
    )
    attachment.save()
    response = clerk.get(reverse("goals:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("inline")


# ---- export: the 台账 ------------------------------------------------------------------
def _workbook(response):
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).worksheets[0]


@pytest.mark.django_db
def test_export_is_a_ledger_with_title_frozen_bold_header_and_real_dates(clerk, org):
    from publicity.tests.factories import LegalEducationEventFactory

    LegalEducationEventFactory(organization=org, date=datetime.date(2023, 6, 1), participants=120)
    sheet = _workbook(clerk.get(reverse("publicity:event_export"), {"year": "2023"}))
    title = sheet["A1"].value
    assert org.name in title and "普法活动台账" in title and "2023年度" in title and "导出时间" in title
    assert sheet.freeze_panes == "A3"
    assert sheet["A2"].value == "活动日期" and sheet["A2"].font.bold
    assert sheet.column_dimensions["C"].width >= 20
    date_cell = sheet["A3"]
    assert date_cell.is_date and date_cell.value.date() == datetime.date(2023, 6, 1)
    assert sheet["G3"].value == 120 and sheet["G3"].data_type == "n"


@pytest.mark.django_db
def test_an_export_with_a_bad_filter_exports_nothing_and_says_why(clerk, org):
    response = clerk.get(reverse("publicity:event_export"), {"year": "99999"}, follow=True)
    assert response.status_code == 200
    assert "筛选条件有误，未导出" in response.content.decode()
    assert not AuditLog.objects.filter(action="export").exists()


@pytest.mark.django_db
def test_export_masks_personal_data_unless_permitted_and_asked(clerk, pii_clerk, org):
    from publicity.tests.factories import LegalLiaisonFactory

    LegalLiaisonFactory(organization=org, id_number="500104199001019017", phone="13912341234")
    url = reverse("publicity:liaison_export")

    def cells(client, **params):
        sheet = _workbook(client.get(url, params))
        return [c.value for c in sheet[3]]

    assert cells(clerk)[2:4] == ["500104********9017", "139****1234"]
    assert cells(clerk, show_personal="1")[2:4] == ["500104********9017", "139****1234"]  # not permitted
    assert cells(pii_clerk)[2:4] == ["500104********9017", "139****1234"]  # permitted, not asked
    assert cells(pii_clerk, show_personal="1")[2:4] == ["500104199001019017", "13912341234"]
    details = list(AuditLog.objects.filter(action="export").order_by("pk").values_list("detail", flat=True))
    assert details[-1].endswith("（含完整个人信息）") and details[0].endswith("（个人信息已脱敏）")


# ---- import: errors by row and column -------------------------------------------------
class _Shape(models.TextChoices):
    ROUND = "round", "圆形"
    SQUARE = "square", "方形"


class _RowForm(forms.Form):
    name = forms.CharField(label="名称")
    shape = forms.ChoiceField(label="形状", choices=_Shape.choices)
    on = forms.DateField(label="受理日期")

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)


class _Importer(XlsxImporter):
    title = "测试台账"
    columns = [
        Column("名称", "name", required=True),
        Column("形状", "shape", required=True),
        Column("受理日期", "on", required=True),
    ]
    form_class = _RowForm


def _xlsx(rows) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(["名称", "形状", "受理日期"])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.mark.django_db
def test_import_errors_name_the_row_and_column_and_a_bad_choice_lists_the_allowed_values(org, clerk_user):
    result = _Importer().run(
        _xlsx([["甲", "round", "2023-01-05"], ["乙", "三角", "2023-02-30"]]), organization=org, user=clerk_user
    )
    messages = [str(e) for e in result.errors]
    assert not result.ok and result.created == 0
    assert any(m.startswith("第3行「形状」：") and "可选值：圆形、方形。" in m for m in messages), messages
    assert any(m.startswith("第3行「受理日期」：") for m in messages), messages


@pytest.mark.django_db
def test_a_file_level_error_names_no_row(org, clerk_user):
    result = _Importer().run(io.BytesIO(b"not a workbook"), organization=org, user=clerk_user)
    assert result.errors and all("第0行" not in str(e) and not str(e).startswith("第") for e in result.errors)
    assert str(RowError(0, "", "文件是空的。")) == "文件是空的。"
    assert str(RowError(5, "受理日期", "日期无效。")) == "第5行「受理日期」：日期无效。"


@pytest.mark.django_db
def test_the_import_page_lists_row_errors_and_saves_nothing(clerk, org):
    from disputes.models import Dispute

    wb = Workbook()
    wb.active.append(["纯属", "乱填"])
    wb.active.append(["1", "2"])
    buffer = io.BytesIO()
    wb.save(buffer)
    upload = SimpleUploadedFile("台账.xlsx", buffer.getvalue())
    response = clerk.post(reverse("disputes:dispute_import"), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200 and "未导入任何数据" in html and "第1行「" in html and "缺少此列" in html
    assert not Dispute.objects.exists()


# Ledgers whose filter picks a year (RegisterListView.year_filter); the others list records
# that are not kept by year (officers, certificates, indicator definitions).
YEAR_KEYED = sorted(
    name for name in LEDGERS if ledgers()[name].year_filter in ledgers()[name].filterset_class.base_filters
)


def test_the_year_keyed_ledgers_are_the_expected_ones():
    assert set(LEDGERS) - set(YEAR_KEYED) == {
        "enforcement:officer_list",
        "enforcement:certificate_list",
        "indicators:definition_list",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("ledger", YEAR_KEYED)
def test_a_year_picked_on_the_dashboard_is_the_year_every_ledger_opens_on(ledger, clerk, org):
    url = reverse(ledger)
    before = clerk.get(url)
    if ledger != "goals:goal_list":  # goals always show one year
        assert not before.context["filterset"].is_bound  # nothing picked yet: every year

    clerk.get(reverse("dashboard:index"), {"year": 2023})
    response = clerk.get(url)
    assert response.status_code == 200
    assert response.context["filterset"].form.cleaned_data["year"] == 2023
    assert 'value="2023"' in response.content.decode()  # the filter bar shows it
    assert "year=2023" in response.context["export_query"]  # and the export takes it

    # ?year= left blank (清除) still lists every year; the session keeps 2023.
    cleared = clerk.get(url, {"year": ""})
    assert not cleared.context["filterset"].form.cleaned_data.get("year")
    assert clerk.get(url).context["filterset"].form.cleaned_data["year"] == 2023


@pytest.mark.django_db
def test_the_picked_year_narrows_the_rows(clerk, org):
    from disputes.tests.factories import DisputeFactory

    old = DisputeFactory(organization=org, received_on=datetime.date(2023, 3, 1))
    new = DisputeFactory(organization=org, received_on=datetime.date(2024, 3, 1))
    url = reverse("disputes:dispute_list")
    assert {d.pk for d in clerk.get(url).context["object_list"]} == {old.pk, new.pk}
    clerk.get(reverse("dashboard:index"), {"year": 2023})
    assert [d.pk for d in clerk.get(url).context["object_list"]] == [old.pk]
    assert {d.pk for d in clerk.get(url, {"year": ""}).context["object_list"]} == {old.pk, new.pk}
