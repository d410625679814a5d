"""调解成功率口径 — which outcomes count as 成功 and which as 调结 in the success rate.

No national formula exists (DOMAIN.md "Figures"). The common one, and the default here,
is 调解成功 ÷ 调结, 调结 being the disputes concluded in the year: 调解成功 + 调解不成功 + 终止
(转办 hands the dispute to another body before it is concluded here, so it is not counted).
A district may define the rate otherwise, e.g. leave 终止 out
of the denominator or count 转办 in it; the setting DISPUTES_SUCCESS_RATE_RULES holds its
rule, keyed by the district's 简称, and applies to every town under it
(docs/figures.md "调解成功率").

Both numbers are published as figures (调解成功率分子 / 调解成功率分母), so the rate is always
shown with what it divides.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from disputes import choices as c

STATUS_LABELS = dict(c.Status.choices)


@dataclass(frozen=True)
class SuccessRateRule:
    success: tuple[str, ...]
    concluded: tuple[str, ...]
    district: str = ""  # whose rule this is; "" for the default

    def describe(self) -> str:
        """ "调解成功 ÷ 调结（调解成功、调解不成功、终止）": the rule in words, for pages and the docs."""
        return f"{_labels(self.success)} ÷ 办结（{_labels(self.concluded)}）"


def _labels(statuses) -> str:
    return "、".join(STATUS_LABELS[s] for s in c.Status.values if s in statuses)


DEFAULT_RULE = SuccessRateRule(success=(c.Status.SUCCEEDED,), concluded=tuple(c.CONCLUDED_STATUSES))


def configured_rules() -> dict:
    return getattr(settings, "DISPUTES_SUCCESS_RATE_RULES", None) or {}


def rule_problems(name: str, rule) -> list[str]:
    """What is wrong with one district's rule (for the system check); [] when it is usable."""
    if not isinstance(rule, dict) or not set(rule) <= {"success", "concluded"}:
        return [f"{name}：口径须为 {{'success': [...], 'concluded': [...]}}。"]
    success = rule.get("success", DEFAULT_RULE.success)
    concluded = rule.get("concluded", DEFAULT_RULE.concluded)
    problems = []
    for key, statuses in (("success", success), ("concluded", concluded)):
        if not isinstance(statuses, list | tuple) or not statuses:
            problems.append(f"{name}：{key} 须为非空的状态列表。")
        elif unknown := [s for s in statuses if s not in c.CLOSED_STATUSES]:
            problems.append(f"{name}：{key} 只能包含办结状态 {list(c.CLOSED_STATUSES)}，不能包含 {unknown}。")
    if not problems and not set(success) <= set(concluded):
        problems.append(f"{name}：计为成功的状态须同时计入分母（success 须是 concluded 的子集）。")
    return problems


def rule_for(organization) -> SuccessRateRule:
    """The rule of the organization's district (the organization itself if it is one).

    Reads the parent only when some district has a rule of its own, so the default
    costs no query.
    """
    rules = configured_rules()
    if not rules or organization is None:
        return DEFAULT_RULE
    from accounts.models import Organization

    district = organization if organization.kind == Organization.Kind.DISTRICT else organization.parent
    rule = rules.get(district.name) if district is not None else None
    if rule is None:
        return DEFAULT_RULE
    return SuccessRateRule(
        success=tuple(rule.get("success", DEFAULT_RULE.success)),
        concluded=tuple(rule.get("concluded", DEFAULT_RULE.concluded)),
        district=district.name,
    )
