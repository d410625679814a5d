import pytest

from core import figures as core_figures
from reports.tests.fakes import fake_registry, seed_values


@pytest.fixture
def figure_values(monkeypatch, settings):
    """The seed's figures from a fake provider; change the dict to change the figures.

    The dict changes without a write to any record, which is what the figure cache
    (core.figure_cache) watches: the cache is off for these tests."""
    settings.FIGURE_CACHE_SECONDS = 0
    values = seed_values()
    monkeypatch.setattr(core_figures, "registry", fake_registry(values))
    return values


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
