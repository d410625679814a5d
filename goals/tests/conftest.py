import shutil
import tempfile

import pytest


@pytest.fixture(autouse=True)
def media_root(settings):
    path = tempfile.mkdtemp(prefix="goals-media-")
    settings.MEDIA_ROOT = path
    yield path
    shutil.rmtree(path, ignore_errors=True)
