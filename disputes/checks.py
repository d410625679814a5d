"""Start-up check of the 调解成功率口径 setting: a typo must stop the deployment, not
silently publish a rate on the wrong denominator."""

from django.core.checks import Error, register

from disputes.success_rate import configured_rules, rule_problems


@register()
def success_rate_rules(app_configs, **kwargs):
    rules = configured_rules()
    if not isinstance(rules, dict):
        return [Error("DISPUTES_SUCCESS_RATE_RULES 须为以区简称为键的对象。", id="disputes.E001")]
    return [
        Error(problem, hint="见 docs/figures.md “调解成功率”。", id="disputes.E001")
        for name, rule in rules.items()
        for problem in rule_problems(name, rule)
    ]
