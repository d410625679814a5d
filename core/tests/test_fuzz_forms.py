"""Every create form, fuzzed with hypothesis: random strings, huge values, control
characters, mixed scripts. Never a 500; when the form refuses, nothing is saved.

The forms are found through the URL resolver (every create/form view without URL
arguments), so a new form is fuzzed without anyone adding a test.
"""

import pytest
from django.urls import resolve
from django.views.generic.edit import ProcessFormView
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.testing import all_routes

NASTY = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "-1",
            "0",
            "99999999999999999999999",
            "9223372036854775808",
            "1e309",
            "NaN",
            "2023-02-30",
            "9999-12-31",
            "0000-00-00",
            "<script>alert(1)</script>",
            "'; DROP TABLE x; --",
            "\x00\x01\x1f",
            "a" * 5000,
            "八桥镇\u202e\u200b",
            "١٢٣",
        ]
    ),
)


def _form_routes():
    routes = []
    for route in all_routes():
        if route.kwargs:
            continue
        view_class = getattr(resolve(route.url()).func, "view_class", None)
        if view_class is not None and issubclass(view_class, ProcessFormView) and getattr(view_class, "model", None):
            routes.append(route)
    return routes


@pytest.mark.django_db
@pytest.mark.parametrize("route", _form_routes(), ids=lambda r: r.name)
def test_create_forms_survive_fuzzing(route, town_admin, clerk):
    url = route.url()
    client = clerk
    page = client.get(url)
    if page.status_code == 403:
        client = town_admin
        page = client.get(url)
    assert page.status_code == 200, f"{route.name}: {page.status_code}"
    form = page.context["form"]
    model = resolve(url).func.view_class.model
    names = [form.add_prefix(name) for name in form.fields]

    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.fixed_dictionaries({name: NASTY for name in names}))
    def post(data):
        before = model._default_manager.count()
        response = client.post(url, data)
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 200:
            assert model._default_manager.count() == before, "a refused form saved a row"

    post()
