"""Audit trail: who changed what, when and from where (等保2.0 安全审计).

Two layers:
- simple-history keeps a full snapshot of every version of every record
  (`history = HistoricalRecords(bases=history_bases())` on each model), with
  the user and, through `HistoryIPModel`, the client IP;
- every historical row, sign-in event, personal-data view and export also
  writes one `AuditLog` row, the single list administrators filter.

Writes that bypass model.save() (bulk imports) call `log_event()` themselves.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass

from django.contrib.auth import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from simple_history.signals import post_create_historical_record, pre_create_historical_record

from core.network import client_ip


@dataclass
class RequestContext:
    user: object | None
    ip: str | None


_context: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar("audit_request_context", default=None)


def history_bases() -> list:
    from core.models import HistoryIPModel

    return [HistoryIPModel]


def set_request_context(request) -> contextvars.Token:
    return _context.set(RequestContext(user=getattr(request, "user", None), ip=client_ip(request)))


def reset_request_context(token: contextvars.Token) -> None:
    _context.reset(token)


def current_context() -> RequestContext:
    return _context.get() or RequestContext(user=None, ip=None)


def _user_fields(user) -> dict:
    if user is None or not getattr(user, "is_authenticated", False):
        return {"user": None, "username": "", "organization_id": None}
    return {
        "user": user,
        "username": user.get_username(),
        "organization_id": getattr(user, "organization_id", None),
    }


def log_event(
    action: str,
    *,
    user=None,
    ip: str | None = None,
    obj=None,
    model=None,
    organization_id: int | None = None,
    changed_fields: list[str] | None = None,
    row_count: int | None = None,
    detail: str = "",
    username: str | None = None,
):
    """Append one AuditLog row. User and IP default to the current request's."""
    from core import figure_cache
    from core.models import AuditLog

    ctx = current_context()
    fields = _user_fields(user if user is not None else ctx.user)
    if username is not None and not fields["username"]:
        fields["username"] = username[:150]
    model = model or (type(obj) if obj is not None else None)
    if obj is not None and organization_id is None:
        organization_id = getattr(obj, "organization_id", None)
    if organization_id is not None:
        fields["organization_id"] = organization_id
    # A bulk write (an import) is audited once, here: its town's figures are recomputed.
    figure_cache.bulk_write(action, model, fields["organization_id"])
    return AuditLog.objects.create(
        action=action,
        ip_address=ip if ip is not None else ctx.ip,
        model_label=model._meta.label if model is not None else "",
        model_name=str(model._meta.verbose_name) if model is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        changed_fields=changed_fields or [],
        row_count=row_count,
        detail=detail[:500],
        **fields,
    )


@receiver(pre_create_historical_record)
def _stamp_history_ip(sender, history_instance, **kwargs):
    if hasattr(history_instance, "history_ip"):
        history_instance.history_ip = current_context().ip


_HISTORY_ACTIONS = {"+": "create", "~": "update", "-": "delete"}


@receiver(post_create_historical_record)
def _history_to_audit_log(sender, instance, history_instance, history_user, **kwargs):
    changed: list[str] = []
    if history_instance.history_type == "~":
        previous = history_instance.prev_record
        if previous is not None:
            delta = history_instance.diff_against(previous)
            changed = [str(instance._meta.get_field(c.field).verbose_name) for c in delta.changes]
            if not changed:
                # A save that changed nothing tracked (e.g. only last_login) is not an edit.
                return
    log_event(
        _HISTORY_ACTIONS[history_instance.history_type],
        user=history_user,
        obj=instance,
        model=type(instance),
        changed_fields=changed,
        detail=history_instance.history_change_reason or "",
    )


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs):
    log_event("login", user=user, ip=client_ip(request))


@receiver(user_logged_out)
def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        log_event("logout", user=user, ip=client_ip(request))


@receiver(user_login_failed)
def _on_login_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in `credentials`; keep only the name.
    log_event(
        "login_failed",
        ip=client_ip(request) if request is not None else None,
        username=str(credentials.get("username", ""))[:150],
        detail="用户名或密码错误",
    )
