from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property

from core import year as year_context
from core.links import PortalPerms, can_follow
from core.mixins import is_district_user


class PortalYear:
    """The session's year for the header's year picker, read only when a template asks."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def value(self) -> int:
        return year_context.current_year(self.request)

    @cached_property
    def choices(self) -> list[int]:
        return year_context.year_choices(self.request, self.value)

    def __str__(self):
        return str(self.value)


def portal(request):
    """Navigation built from each app's AppConfig.nav, so a new app needs no edit here.

    nav = [{"label": "执法人员", "url_name": "enforcement:officer_list",
            "perm": "enforcement.view_officer", "icon": "person-badge"}]
    """
    user = getattr(request, "user", None)
    nav = []
    org = None
    if user is not None and user.is_authenticated:
        org = getattr(user, "organization", None)
        for config in apps.get_app_configs():
            for item in getattr(config, "nav", []):
                perm = item.get("perm")
                if perm and not user.has_perm(perm):
                    continue
                try:
                    url = reverse(item["url_name"])
                except NoReverseMatch:
                    continue
                if not can_follow(user, url):
                    continue
                nav.append({**item, "url": url, "active": request.path.startswith(url) and url != "/"})
    name = f"{org.name}法治政府建设工作平台" if org else "法治政府建设工作平台"
    extra = {}
    if org is not None and is_district_user(user):
        # Replaces django.contrib.auth's `perms` (this processor runs after it): a district
        # user's role permissions do not reach the towns' ledgers (core.links.may).
        extra["perms"] = PortalPerms(user)
    return {
        **extra,
        "portal_nav": _grouped(nav),
        "portal_name": name,
        "portal_org": org,
        "portal_year": PortalYear(request) if org is not None else None,
        **_district_bar(user, org),
    }


def _district_bar(user, org) -> dict:
    """A district user's town picker (core.mixins: the town the ledgers read)."""
    from core.mixins import DISTRICT_KIND

    if org is None or org.kind != DISTRICT_KIND:
        return {}
    towns = list(org.children.order_by("name"))
    picked = getattr(user, "district_town_id", None)
    return {
        "district_towns": towns,
        "district_town": next((t for t in towns if t.pk == picked), None),
    }


def _grouped(items):
    """Items sharing a `group` become one dropdown; a group of one stays a plain link.

    The system group (用户、组织、审计) goes last whatever the app order.
    """
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(item.get("group") or item["label"], []).append(item)
    entries = []
    for label, members in groups.items():
        if len(members) == 1:
            entries.append({**members[0], "children": []})
        else:
            entries.append(
                {
                    "label": label,
                    "icon": members[0].get("icon", ""),
                    "children": members,
                    "active": any(m["active"] for m in members),
                }
            )
    return sorted(entries, key=lambda e: e["label"] == "系统")
