"""The import boundaries between the apps (the contracts in pyproject.toml, [tool.importlinter]).

import-linter builds the import graph from the source (nothing is imported) and fails a
contract on any chain of imports, direct or through another module, from a source package
to a forbidden one. Tests are outside the boundaries (a core test may use an app's factories).
"""

import logging
from contextlib import contextmanager
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def loggers_kept():
    """import-linter configures its logging with logging.config.dictConfig, which disables every
    logger that exists (disable_existing_loggers): reports.rendering's refusals, say, would no
    longer be logged in the tests that later run in the same process. Each logger is put back."""
    loggers = [logging.getLogger()] + [
        logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    saved = [(logger, logger.disabled, logger.level, logger.propagate, list(logger.handlers)) for logger in loggers]
    try:
        yield
    finally:
        for logger, disabled, level, propagate, handlers in saved:
            logger.disabled, logger.level, logger.propagate = disabled, level, propagate
            logger.handlers[:] = handlers


def check(contract: str, capsys) -> tuple[bool, str]:
    # No cache: test runs in parallel workers must not write the same cache files.
    with loggers_kept():
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


def test_the_check_leaves_the_portals_logging_as_it_was(capsys, monkeypatch, caplog):
    monkeypatch.chdir(ROOT)
    check("core", capsys)
    with caplog.at_level(logging.WARNING, logger="reports.rendering"):
        logging.getLogger("reports.rendering").warning("报告渲染拒绝加载资源 test")
    assert "报告渲染拒绝加载资源" in caplog.text
