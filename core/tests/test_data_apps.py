"""core.apps.data_app_labels: the one list of data apps, and what reads it."""

import importlib.util

import pytest
from django.contrib.auth.models import Group

from accounts.roles import CLERK, LEADER, role_app_labels
from core import figure_cache
from core.apps import data_app_labels


def test_the_data_apps_are_those_whose_appconfig_says_so():
    labels = data_app_labels()
    assert labels == ["enforcement", "litigation", "disputes", "goals", "publicity", "indicators"]
    # reports and dashboard read the data apps; they are not ones.
    assert "reports" not in labels and "dashboard" not in labels
    assert role_app_labels() == [*labels, "reports", "dashboard"]


@pytest.mark.parametrize("label", data_app_labels())
def test_every_data_app_has_a_district_generator(label):
    # bench/generate.py runs bench.gen.<label> for each data app.
    assert importlib.util.find_spec(f"bench.gen.{label}") is not None


@pytest.mark.parametrize("label", data_app_labels())
def test_a_write_in_a_data_app_refreshes_the_figures(label):
    from django.apps import apps

    models = list(apps.get_app_config(label).get_models())
    assert models
    assert all(figure_cache.is_source(model) for model in models)


@pytest.mark.django_db
@pytest.mark.parametrize("label", data_app_labels())
def test_the_roles_cover_every_data_app(label):
    # migrate ran sync_roles: the clerk may add to each data app and the leader read it.
    clerk = Group.objects.get(name=CLERK).permissions.filter(content_type__app_label=label)
    leader = Group.objects.get(name=LEADER).permissions.filter(content_type__app_label=label)
    assert clerk.filter(codename__startswith="add_").exists()
    assert leader.filter(codename__startswith="view_").exists()
    assert not leader.filter(codename__startswith="add_").exists()
