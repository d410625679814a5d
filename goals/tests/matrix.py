"""Permission-matrix helpers shared by the goals, publicity and indicators tests.

A route is (url name, key of the object its URL needs or None, "read" | "write").
Every route of an app must be listed: `assert_all_routes_listed` fails when a
new URL is added without its row in the matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from core.testing import all_routes, xlsx_cells


@dataclass(frozen=True)
class R:
    name: str
    obj: str | None
    kind: str  # "read" | "write"

    def url(self, objects: dict) -> str:
        if self.obj is None:
            return reverse(self.name)
        return reverse(self.name, args=[objects[self.obj].pk])

    def __str__(self):
        return self.name


def assert_all_routes_listed(app_label: str, routes: list[R]) -> None:
    defined = {r.name for r in all_routes() if r.name.startswith(f"{app_label}:")}
    listed = {r.name for r in routes}
    assert defined == listed, f"routes missing from the matrix: {defined - listed}; stale: {listed - defined}"


def page_text(response) -> str:
    """What a page shows: its HTML, or every cell of an xlsx download."""
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        return "\n".join(str(value) for value in xlsx_cells(response) if value is not None)
    return response.content.decode()


def records(objects: dict) -> dict:
    """Every field of each object as the database holds it now (None once deleted)."""
    return {key: type(obj)._default_manager.filter(pk=obj.pk).values().first() for key, obj in objects.items()}


def check_other_town(client, route: R, objects: dict) -> None:
    """Another town's user: a record of ours is a 404 (read or write); a page without a
    record (list, export, add form) is their own town's, showing none of our records; and
    nothing they post changes our records (their own town's data may change: that is theirs)."""
    before = records(objects)
    url = route.url(objects)
    if route.obj is not None:
        assert client.get(url).status_code == 404, route.name
        assert client.post(url, {}).status_code == 404, route.name
    else:
        # 405: a download-only or POST-only route; it must answer one of the two.
        response = client.get(url)
        assert response.status_code in (200, 405), f"{route.name} answered {response.status_code}"
        if response.status_code == 200:
            text = page_text(response)
            for obj in objects.values():
                assert str(obj) not in text, f"{route.name} shows another town's {obj!r}"
        if route.kind == "write":
            posted = client.post(url, {}).status_code
            assert posted in (200, 302, 405), f"{route.name} answered {posted} to a POST"
            assert (response.status_code, posted) != (405, 405), route.name
    assert records(objects) == before, f"{route.name} let another town change our records"


def check_leader(client, route: R, objects: dict, snapshot) -> None:
    url = route.url(objects)
    before = snapshot()
    if route.kind == "read":
        assert client.get(url).status_code == 200, route.name
    else:
        assert client.get(url).status_code == 403, route.name
        assert client.post(url, {}).status_code == 403, route.name
    assert snapshot() == before, f"{route.name} changed data for a leader"


def check_clerk_get(client, route: R, objects: dict) -> None:
    assert client.get(route.url(objects)).status_code == 200, route.name
