"""Login lockouts (django-axes) of one town's users, and the 管理员's early unlock.

Axes locks the pair (user name, address) after AXES_FAILURE_LIMIT failures for
AXES_COOLOFF_TIME; a colleague locked out before a deadline should not have to wait,
so a town's 管理员 may clear the lock of a user of the same town. Every unlock is
written to the audit log.
"""

from __future__ import annotations

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from core.audit import log_event


def locked_attempts(organization) -> QuerySet[AccessAttempt]:
    """The axes rows that lock a user of `organization` out right now, newest first."""
    usernames = User.objects.filter(organization=organization).values("username")
    return AccessAttempt.objects.filter(
        username__in=usernames,
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - get_cool_off(),
    ).order_by("-attempt_time")


@transaction.atomic
def lockout_clear(*, user: User, by: User) -> int:
    """Clear every failed-login record of `user` (all addresses); returns how many."""
    count = reset(username=user.get_username())
    log_event(
        "update",
        user=by,
        obj=user,
        model=User,
        changed_fields=["登录锁定"],
        detail=f"管理员解除登录锁定（清除登录失败记录 {count} 条）",
    )
    return count
