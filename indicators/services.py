"""Writes of yearly figures: several values in one audited, all-or-nothing step."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from indicators.models import IndicatorDefinition, IndicatorValue


def _undefined_key_message(key: str) -> str:
    return f"未定义的指标“{key}”：请先在“指标定义”中新增该指标，或核对指标键是否写错。"


@transaction.atomic
def indicator_values_save(*, organization, year: int, values: dict[str, dict], by=None) -> dict[str, str]:
    """Save the values of one year, keyed by indicator key: {key: {"value", "note", "source"}}.

    A key without an active definition of this organization is refused with a
    Chinese error, and then nothing at all is saved. A value of None removes the
    year's value. Each change goes through save()/delete(), so every one is in
    the record's history and the audit log. Returns {key: "created"|"updated"|"deleted"}.
    """
    defined = {d.key: d for d in IndicatorDefinition.objects.filter(organization=organization, is_active=True)}
    undefined = [key for key in values if key not in defined]
    if undefined:
        raise ValidationError({key: _undefined_key_message(key) for key in undefined})
    existing = {
        v.definition.key: v
        for v in IndicatorValue.objects.filter(organization=organization, year=year, definition__key__in=list(values))
        .select_related("definition")
        .select_for_update(of=("self",))
    }
    changes: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for key, data in values.items():
        amount = data.get("value")
        current = existing.get(key)
        if amount is None or amount == "":
            if current is not None:
                current.delete()
                changes[key] = "deleted"
            continue
        record = current or IndicatorValue(organization=organization, year=year, definition=defined[key])
        new = {
            "value": Decimal(str(amount)),
            "note": data.get("note", "") or "",
            "source": data.get("source", "") or "",
        }
        if current is not None and all(getattr(current, f) == v for f, v in new.items()):
            continue
        for field, value in new.items():
            setattr(record, field, value)
        try:
            record.full_clean()
        except ValidationError as exc:
            errors[key] = exc.messages
            continue
        record.save()
        changes[key] = "updated" if current else "created"
    if errors:
        # Raising inside the atomic block rolls back the rows saved before the bad one.
        raise ValidationError({key: messages for key, messages in errors.items()})
    return changes


@transaction.atomic
def standard_definitions_create(*, organization, departments: dict | None = None) -> int:
    """Add the standard definitions (catalogue.py) the town does not have yet."""
    from indicators.catalogue import STANDARD_INDICATORS

    have = set(IndicatorDefinition.objects.filter(organization=organization).values_list("key", flat=True))
    departments = departments or {}
    created = 0
    for order, item in enumerate(STANDARD_INDICATORS, start=1):
        if item.key in have:
            continue
        IndicatorDefinition.objects.create(
            organization=organization,
            key=item.key,
            label=item.label,
            unit=item.unit,
            department=departments.get(item.department),
            order=order,
        )
        created += 1
    return created
