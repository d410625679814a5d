from goals.tests.conftest import media_root  # noqa: F401  (uploads go to a temporary folder)
