"""Yearly figures of the 行政执法人员 register (docs/figures.md, section enforcement).

"On 31 December" means the year's last day, or today while the year is running,
so the dashboard shows the current state and a past year's report stays fixed.
Each figure links to the list (with filters) whose count equals it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone

from core.figures import FigureDef, FigureValue, registry
from enforcement import selectors
from enforcement.models import Certificate, Exam, Officer, Training, TrainingAttendance


def reference_day(year: int, today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return min(datetime.date(year, 12, 31), today) if year >= today.year else datetime.date(year, 12, 31)


def _url(name: str, **params) -> str:
    return f"{reverse(name)}?{urlencode(params)}" if params else reverse(name)


DEFINITIONS = [
    FigureDef(
        "持证人数",
        "持有有效行政执法证人数",
        "人",
        "enforcement:officer_list",
        {"valid_on": "{year}-12-31"},
        description="年末（当年为今天）在岗且持有有效行政执法证的人数，暂扣、注销、吊销的不计",
    ),
    FigureDef(
        "执法人员数",
        "在岗执法人员数",
        "人",
        "enforcement:officer_list",
        {"in_post_on": "{year}-12-31"},
        description="年末（当年为今天）在岗的执法人员",
    ),
    FigureDef(
        "持证率",
        "执法人员持证率",
        "%",
        "enforcement:officer_list",
        {"valid_on": "{year}-12-31"},
        kind="rate",
        description="持证人数 ÷ 执法人员数",
    ),
    FigureDef(
        "新发证件数", "新发执法证件数", "张", "enforcement:certificate_list", {"issued_year": "{year}", "origin": "new"}
    ),
    FigureDef(
        "换发证件数",
        "换发执法证件数",
        "张",
        "enforcement:certificate_list",
        {"issued_year": "{year}", "origin": "renewal"},
    ),
    FigureDef(
        "到期证件数",
        "到期执法证件数",
        "张",
        "enforcement:certificate_list",
        {"expired_year": "{year}"},
        description="年内到达有效期且此前未注销、吊销的证件",
    ),
    FigureDef(
        "注销吊销证件数",
        "注销、吊销执法证件数",
        "张",
        "enforcement:certificate_list",
        {"closed_year": "{year}"},
        description="年内注销或吊销的证件，因换发而注销的不计",
    ),
    FigureDef(
        "即将到期证件数",
        "即将到期执法证件数",
        "张",
        "enforcement:certificate_list",
        description="年末（当年为今天）有效、且在提醒期内到期的行政执法证",
    ),
    FigureDef("培训场次", "执法人员培训场次", "场", "enforcement:training_list", {"year": "{year}"}),
    FigureDef(
        "培训总学时",
        "执法人员培训总学时",
        "学时",
        "enforcement:training_list",
        {"year": "{year}"},
        kind="amount",
        description="年内各参训人员计入学时之和",
    ),
    FigureDef(
        "学时达标人数",
        "年度学时达标人数",
        "人",
        "enforcement:officer_list",
        description="年末在岗、年度学时达到目标的人数",
    ),
    FigureDef(
        "培训达标率",
        "执法人员培训学时达标率（学时达标人数 ÷ 执法人员数）",
        "%",
        "enforcement:officer_list",
        kind="rate",
        description="年末在岗、年度学时达到目标的人数 ÷ 年末在岗执法人员数",
    ),
    FigureDef("考试人次", "执法人员考试人次", "人次", "enforcement:exam_list", {"year": "{year}"}),
    FigureDef(
        "考试通过人次", "执法人员考试合格人次", "人次", "enforcement:exam_list", {"year": "{year}", "passed": "true"}
    ),
]


@registry.provider("enforcement", DEFINITIONS)
def compute(organization, year: int) -> dict[str, FigureValue]:
    return compute_years(organization, [year])[year]


def compute_years(organization, years) -> dict[int, dict[str, FigureValue]]:
    """Five aggregate queries (officers, certificates, trainings, attended hours, exams), however
    many years are asked for together (the dashboard: a year and the one before)."""
    years = sorted(set(years))
    window = selectors.window_days()
    target = selectors.hours_target()
    days = {year: reference_day(year) for year in years}

    officer_counts, certificate_counts, holds = {}, {}, {}
    in_years, training_in_years, exam_in_years = Q(), Q(), Q()
    for year in years:
        day = days[year]
        in_years |= Q(start_on__year=year)
        training_in_years |= Q(training__start_on__year=year)
        exam_in_years |= Q(exam_on__year=year)
        holds[f"holds_{year}"] = Exists(
            Certificate.objects.filter(selectors.valid_certificate_q(day), officer=OuterRef("pk"))
        )
        in_post = selectors.in_post_q(day)
        # 学时达标: the town's officers whose attended 学时 of the year reach the target, as one
        # uncorrelated subquery (hashed once) rather than the list's per-officer sum
        # (selectors.hours_in_year_subquery), which PostgreSQL planned as a scan of the year's
        # trainings for every officer (EXPLAIN ANALYZE at district scale: the slowest query of the
        # dashboard; BENCHMARKS.md, issue 22). Same officers, so the figure still equals its list.
        met = (
            TrainingAttendance.objects.filter(officer__organization=organization, training__start_on__year=year)
            .order_by()
            .values("officer")
            .annotate(total=Sum("hours"))
            .filter(total__gte=target)
            .values("officer")
        )
        meets_target = Q(pk__in=met) if target > 0 else Q()  # a target of 0 is met without training
        officer_counts.update(
            {
                f"in_post_{year}": Count("pk", filter=in_post),
                f"holders_{year}": Count("pk", filter=in_post & Q(**{f"holds_{year}": True})),
                f"hours_met_{year}": Count("pk", filter=in_post & meets_target),
            }
        )
        certificate_counts.update(
            {
                f"new_{year}": Count("pk", filter=Q(issued_on__year=year) & ~selectors.renewal_q()),
                f"renewed_{year}": Count("pk", filter=Q(issued_on__year=year) & selectors.renewal_q()),
                f"expired_{year}": Count("pk", filter=selectors.expired_in_year_q(year)),
                f"closed_{year}": Count("pk", filter=selectors.closed_in_year_q(year)),
                f"expiring_{year}": Count("pk", filter=selectors.expiring_certificates_q(day, window)),
            }
        )
    officers = Officer.objects.filter(organization=organization).annotate(**holds).aggregate(**officer_counts)
    certificates = Certificate.objects.filter(officer__organization=organization).aggregate(**certificate_counts)
    trainings = dict(
        Training.objects.filter(in_years, organization=organization)
        .values_list(ExtractYear("start_on"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    hours = dict(
        TrainingAttendance.objects.filter(training_in_years, training__organization=organization)
        .values_list(ExtractYear("training__start_on"))
        .annotate(total=Sum("hours"))
        .order_by()
    )
    exams = {
        int(row["y"]): row
        for row in Exam.objects.filter(exam_in_years, officer__organization=organization)
        .values(y=ExtractYear("exam_on"))
        .annotate(taken=Count("pk"), passed=Count("pk", filter=Q(passed=True)))
        .order_by()
    }
    trainings = {int(year): n for year, n in trainings.items()}
    hours = {int(year): total for year, total in hours.items()}
    return {
        year: _year_values(
            year,
            days[year],
            window,
            {key.rsplit("_", 1)[0]: value for key, value in officers.items() if key.endswith(f"_{year}")},
            {key.rsplit("_", 1)[0]: value for key, value in certificates.items() if key.endswith(f"_{year}")},
            trainings.get(year, 0),
            hours.get(year) or Decimal("0"),
            exams.get(year, {"taken": 0, "passed": 0}),
        )
        for year in years
    }


compute.many_years = compute_years


def _year_values(year, day, window, officers, certificates, trainings, hours, exams) -> dict[str, FigureValue]:
    iso = day.isoformat()
    holders_url = _url("enforcement:officer_list", valid_on=iso)
    return {
        "持证人数": FigureValue(officers["holders"], url=holders_url),
        "执法人员数": FigureValue(officers["in_post"], url=_url("enforcement:officer_list", in_post_on=iso)),
        "持证率": FigureValue.rate(officers["holders"], officers["in_post"], url=holders_url),
        "新发证件数": FigureValue(certificates["new"]),
        "换发证件数": FigureValue(certificates["renewed"]),
        "到期证件数": FigureValue(certificates["expired"]),
        "注销吊销证件数": FigureValue(certificates["closed"]),
        "即将到期证件数": FigureValue(
            certificates["expiring"],
            url=_url("enforcement:certificate_list", expiring_from=iso, expiring_days=window),
        ),
        "培训场次": FigureValue(trainings),
        "培训总学时": FigureValue(hours),
        "学时达标人数": FigureValue(
            officers["hours_met"],
            url=_url("enforcement:officer_list", in_post_on=iso, hours_year=year, hours="met"),
        ),
        "培训达标率": FigureValue.rate(
            officers["hours_met"],
            officers["in_post"],
            url=_url("enforcement:officer_list", in_post_on=iso, hours_year=year, hours="met"),
        ),
        "考试人次": FigureValue(exams["taken"]),
        "考试通过人次": FigureValue(exams["passed"]),
    }
