import pytest

from core import figures as core_figures
from reports.tests.fakes import fake_registry, seed_values


@pytest.fixture
def figure_values(monkeypatch):
    """The seed's figures from a fake provider; change the dict to change the figures."""
    values = seed_values()
    monkeypatch.setattr(core_figures, "registry", fake_registry(values))
    return values


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
