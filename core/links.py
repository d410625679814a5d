"""Whether a person may follow a link: no page shows a link that answers 403.

Alerts, tiles and quick links are built without the user in mind (an alert provider
knows the town, not who reads it), so the page that shows them asks here, once per
link, whether the view the link leads to would let this user through. The check reads
the view's own permission declaration (`permission_required`, or OrgPermissionMixin's
`permission_action` on its model), so it cannot drift from what the view enforces.
A rule that needs the record itself (a report that is no longer a draft) is the view's
to explain when the link is followed.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from django.contrib.auth.context_processors import PermLookupDict, PermWrapper
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ImproperlyConfigured
from django.urls import Resolver404, resolve

from core.mixins import is_district_user
from core.testing import all_routes


def _view(url: str):
    """The view instance behind `url` (args set, not dispatched); None when not one of ours,
    False when it is ours but checks no permission."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    view_class = getattr(match.func, "view_class", None)
    if view_class is None or not issubclass(view_class, PermissionRequiredMixin):
        return False
    view = view_class(**getattr(match.func, "view_initkwargs", {}))
    view.args, view.kwargs = match.args, match.kwargs
    return view


@functools.lru_cache(maxsize=4096)
def required_permissions(url: str) -> tuple[str, ...] | None:
    """The permissions the view behind `url` requires; None when `url` is not one of ours.
    Kept per URL: a view's declaration does not change while the process runs, and a page
    asks for dozens of links (resolving each was a few ms of every dashboard)."""
    view = _view(url)
    if view is None:
        return None
    if view is False:
        return ()
    try:
        perms = view.get_permission_required()
    except ImproperlyConfigured:
        return ()
    return (perms,) if isinstance(perms, str) else tuple(perms)


def can_follow(user, url: str) -> bool:
    """True when `user` may open `url`: a link of ours whose view's permissions the user holds."""
    if not url:
        return False
    perms = required_permissions(url)
    if perms is None:
        return False
    if not (user.is_authenticated and user.has_perms(perms)):
        return False
    # A district user writes only where the view says so (core.mixins.district_writes):
    # a ledger's 新增 form would refuse them whatever their role.
    if is_district_user(user) and any(p.split(".", 1)[-1].split("_", 1)[0] != "view" for p in perms):
        return bool(getattr(_view(url), "district_writes", False))
    return True


def _is_write(perm: str) -> bool:
    return perm.split(".", 1)[-1].split("_", 1)[0] != "view"


@functools.cache
def district_write_permissions() -> frozenset[str]:
    """The write permissions some view lets a district user use (`district_writes`, the
    reports app: the district's own report), read from the views themselves."""
    perms: set[str] = set()
    for route in all_routes():
        try:
            view = _view(route.url())
        except Exception:  # noqa: BLE001 - a route whose sample URL does not resolve to a view
            continue
        if not view or not getattr(view, "district_writes", False):
            continue
        try:
            required = view.get_permission_required()
        except ImproperlyConfigured:
            continue
        perms.update([required] if isinstance(required, str) else required)
    return frozenset(p for p in perms if _is_write(p))


def may(user, perm: str) -> bool:
    """user.has_perm(perm) as a page means it when deciding to show a button.

    A district user holds a 录入员's or a 领导's permissions for the district's own report
    only: a town's ledger refuses every district write (core.mixins.DISTRICT_LEDGER_MESSAGE),
    so its 新增, 修改, 删除 and 导入 buttons are not shown to them.
    """
    if not user.has_perm(perm):
        return False
    if _is_write(perm) and is_district_user(user):
        return perm in district_write_permissions()
    return True


class _PortalPermLookup(PermLookupDict):
    def __getitem__(self, perm_name):
        return may(self.user, f"{self.app_label}.{perm_name}")


class PortalPerms(PermWrapper):
    """The templates' `perms`, answering through may(): `{% if perms.disputes.change_dispute %}`
    is false for a district user, whose edit would answer 403."""

    def __getitem__(self, app_label):
        return _PortalPermLookup(self.user, app_label)
