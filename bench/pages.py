"""The pages the benchmark measures, resolved against the database at hand.

The same list is used on the district database and on the demo database (for the
query counts "as with the demo data"): the filtered lists and the report use a
year that has records in that database — last year on the district database,
2023 on the demo — and the detail pages the newest record of 八桥镇.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

TOWN = "八桥镇"
TARGETS = {"看板": 60, "列表": 100, "筛选": 100, "报告PDF": 500, "区级": 150}
# The district's pages (issue 20) are read by the demo's district login (区级查看).
DISTRICT_USER = "district"
# Issue 22: the dashboard of the current year in at most 30 queries, however many records.
QUERY_TARGETS = {"dashboard": 30}
# After a cache clear (bench/run.py time_cold_dashboard): the figures of two years computed.
COLD_DASHBOARD_TARGET = 150


@dataclass
class Page:
    key: str  # stable id across databases, e.g. "disputes:dispute_list?filtered"
    label: str
    kind: str  # 看板 / 列表 / 筛选 / 详情 / 报告PDF / 报告 / 区级 / 基线
    url: str
    user: str = "leader"  # the demo login that reads the page

    @property
    def target_ms(self) -> int | None:
        return TARGETS.get(self.kind)

    @property
    def max_queries(self) -> int | None:
        return QUERY_TARGETS.get(self.key)


def _url(name: str, *args, **params) -> str:
    url = reverse(name, args=args or None)
    return f"{url}?{urlencode(params)}" if params else url


def resolve(*, year: int) -> list[Page]:
    from accounts.models import Department, Organization
    from disputes.models import Dispute
    from enforcement.models import Officer, Training
    from goals.models import Goal
    from litigation.models import LitigationCase, ReconsiderationCase
    from publicity.models import LegalEducationEvent, LegalLiaison
    from reports.models import AnnualReport

    org = Organization.objects.get(name=TOWN)
    team = Department.objects.get(organization=org, name="综合行政执法大队")

    def newest(model, *order):
        return model.objects.filter(organization=org).order_by(*order).values_list("pk", flat=True).first()

    report = AnnualReport.objects.get(organization=org, year=year)
    busiest_training = (
        Training.objects.filter(organization=org, start_on__year=year).order_by("-hours", "-pk").first()
        or Training.objects.filter(organization=org).order_by("-start_on").first()
    )
    officer = (
        Officer.objects.filter(organization=org, employment_status="active", certificates__replaces__isnull=False)
        .order_by("pk")
        .first()
    )
    pages = [
        Page("dashboard", "数据看板（本年度）", "看板", _url("dashboard:index")),
        Page("dashboard?year", f"数据看板（{year}年）", "看板", _url("dashboard:index", year=year)),
        Page("alerts", "提醒事项", "列表", _url("dashboard:alert_list")),
        # lists: first page, then a filtered page
        Page("officers", "执法人员", "列表", _url("enforcement:officer_list")),
        Page(
            "officers?f",
            "执法人员（大队·持证有效）",
            "筛选",
            _url("enforcement:officer_list", department=team.pk, cert_status="valid"),
        ),
        Page("certificates", "执法证件", "列表", _url("enforcement:certificate_list")),
        Page(
            "certificates?f",
            f"执法证件（{year}年发证）",
            "筛选",
            _url("enforcement:certificate_list", issued_year=year),
        ),
        Page("trainings", "培训", "列表", _url("enforcement:training_list")),
        Page("trainings?f", f"培训（{year}年）", "筛选", _url("enforcement:training_list", year=year)),
        Page("exams", "考试记录", "列表", _url("enforcement:exam_list")),
        Page("exams?f", f"考试记录（{year}年）", "筛选", _url("enforcement:exam_list", year=year)),
        Page("reconsiderations", "行政复议", "列表", _url("litigation:reconsideration_list")),
        Page(
            "reconsiderations?f",
            f"行政复议（{year}年·已审结）",
            "筛选",
            _url("litigation:reconsideration_list", year=year, status="concluded"),
        ),
        Page("litigations", "行政应诉", "列表", _url("litigation:litigation_list")),
        Page(
            "litigations?f",
            f"行政应诉（{year}年·一审）",
            "筛选",
            _url("litigation:litigation_list", year=year, level="1"),
        ),
        Page("deadlines", "期限一览", "列表", _url("litigation:deadlines")),
        Page("disputes", "矛盾纠纷", "列表", _url("disputes:dispute_list")),
        Page(
            "disputes?f",
            f"矛盾纠纷（{year}年·调解成功）",
            "筛选",
            _url("disputes:dispute_list", year=year, status="succeeded"),
        ),
        Page("disputes?q", "矛盾纠纷（搜索“王”）", "筛选", _url("disputes:dispute_list", q="王")),
        Page("disputes?overdue", "矛盾纠纷（超期未结）", "筛选", _url("disputes:dispute_list", overdue="on")),
        Page("events", "普法活动", "列表", _url("publicity:event_list")),
        Page(
            "events?f",
            f"普法活动（{year}年·法治讲座）",
            "筛选",
            _url("publicity:event_list", year=year, kind="lecture"),
        ),
        Page("liaisons", "法律明白人", "列表", _url("publicity:liaison_list")),
        Page("liaisons?f", "法律明白人（在册）", "筛选", _url("publicity:liaison_list", status="active")),
        Page("entries", "网格月度工作", "列表", _url("publicity:entry_list")),
        Page("entries?f", f"网格月度工作（{year}年6月）", "筛选", _url("publicity:entry_list", year=year, month=6)),
        Page("grid_summary", f"网格年度汇总（{year}年）", "筛选", _url("publicity:grid_summary", year=year)),
        Page("goals", "目标任务", "列表", _url("goals:goal_list")),
        Page("goals?f", f"目标任务（{year}年·已完成）", "筛选", _url("goals:goal_list", year=year, status="completed")),
        Page("indicators", f"其他年度数据（{year}年）", "筛选", _url("indicators:yearly", year=year)),
        Page("grids", "网格", "列表", _url("accounts:grid_list")),
        Page("reports", "年度报告", "列表", _url("reports:report_list")),
        Page("figures", f"指标一览（{year}年）", "报告", _url("reports:figure_list", year=year)),
        # details
        Page("officer", "执法人员详情", "详情", _url("enforcement:officer_detail", officer.pk)),
        Page("training", "培训详情（参训名单）", "详情", _url("enforcement:training_detail", busiest_training.pk)),
        Page(
            "reconsideration",
            "复议案件详情",
            "详情",
            _url("litigation:reconsideration_detail", newest(ReconsiderationCase, "-copy_received_on", "-pk")),
        ),
        Page(
            "litigation",
            "应诉案件详情",
            "详情",
            _url("litigation:litigation_detail", newest(LitigationCase, "-copy_received_on", "-pk")),
        ),
        Page("dispute", "纠纷详情", "详情", _url("disputes:dispute_detail", newest(Dispute, "-received_on", "-pk"))),
        Page(
            "event", "普法活动详情", "详情", _url("publicity:event_detail", newest(LegalEducationEvent, "-date", "-pk"))
        ),
        Page("liaison", "法律明白人详情", "详情", _url("publicity:liaison_detail", newest(LegalLiaison, "-pk"))),
        Page("goal", "目标任务详情", "详情", _url("goals:goal_detail", newest(Goal, "-year", "-pk"))),
        # the annual report
        Page("report", f"{year}年度报告（编辑页）", "报告", _url("reports:report_detail", report.pk)),
        Page("report_preview", f"{year}年度报告（预览）", "报告", _url("reports:report_preview", report.pk)),
        Page(
            "report_pdf",
            f"{year}年度报告 PDF（草稿）",
            "报告PDF",
            _url("reports:report_download", report.pk, format="pdf"),
        ),
    ]
    return pages + district_pages(year=year)


def district_pages(*, year: int) -> list[Page]:
    """/district/ (镇街对比) and /district/reports/ (报告进度), read by the district login over
    all eight towns; skipped, saying why, where the district app or its login is missing."""
    import sys

    from django.urls import NoReverseMatch

    from accounts.models import User

    try:
        compare, tracker = reverse("district:compare"), reverse("district:reports")
    except NoReverseMatch:
        print("跳过区级页面：district:compare 未注册（district 应用尚未合并）。", file=sys.stderr)
        return []
    if not User.objects.filter(username=DISTRICT_USER).exists():
        print(f"跳过区级页面：没有区级演示账号 {DISTRICT_USER}（load_demo 创建）。", file=sys.stderr)
        return []
    query = urlencode({"year": year})
    return [
        Page("district", f"镇街对比（{year}年，全区镇街）", "区级", f"{compare}?{query}", user=DISTRICT_USER),
        Page("district_reports", f"报告进度（{year}年）", "区级", f"{tracker}?{query}", user=DISTRICT_USER),
    ]


def floors() -> list[Page]:
    return [
        Page("healthz", "/healthz（未登录，1次查询）", "基线", reverse("health")),
        Page("ping", "/bench/ping/（已登录的空视图）", "基线", reverse("bench_ping")),
    ]
