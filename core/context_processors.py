from django.apps import apps
from django.urls import NoReverseMatch, reverse


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
                nav.append({**item, "url": url, "active": request.path.startswith(url) and url != "/"})
    name = f"{org.name}法治政府建设工作平台" if org else "法治政府建设工作平台"
    return {"portal_nav": nav, "portal_name": name, "portal_org": org}
