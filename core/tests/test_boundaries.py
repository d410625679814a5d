"""The import boundaries between the apps (the contracts in pyproject.toml, [tool.importlinter]).

import-linter builds the import graph from the source (nothing is imported) and fails a
contract on any chain of imports, direct or through another module, from a source package
to a forbidden one. Tests are outside the boundaries (a core test may use an app's factories).
"""

from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]


def check(contract: str, capsys) -> tuple[bool, str]:
    # No cache: test runs in parallel workers must not write the same cache files.
    passed = lint_imports(
        config_filename=str(ROOT / "pyproject.toml"), limit_to_contracts=(contract,), no_cache=True, no_logo=True
    )
    return passed == 0, capsys.readouterr().out


@pytest.mark.parametrize(
    "contract",
    [
        # Data apps never import reports, dashboard or district: reports reads them through figures.py.
        "data-apps",
        # core never imports dashboard, reports or a data app: the apps build on it, not it on them.
        "core",
    ],
)
def test_the_import_boundaries_hold(contract, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    passed, output = check(contract, capsys)
    assert passed, output


# publicity and indicators are declared on core/registers, not on goals' views.
def test_publicity_and_indicators_do_not_import_goals(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    passed, output = check("ledgers-without-goals", capsys)
    assert passed, output
