"""Permission-matrix helpers shared by the goals, publicity and indicators tests.

A route is (url name, key of the object its URL needs or None, "read" | "write").
Every route of an app must be listed: `assert_all_routes_listed` fails when a
new URL is added without its row in the matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from core.testing import all_routes


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


def check_other_town(client, route: R, objects: dict) -> None:
    if route.obj is None:
        return
    url = route.url(objects)
    assert client.get(url).status_code == 404, route.name
    assert client.post(url, {}).status_code == 404, route.name


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
