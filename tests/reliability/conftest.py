"""Fault and hostile-input tests: quick counts in every run, the full counts with `--full`.

Each test reports its figure (runs, failures, time, memory) through `figure`; the figures are
printed at the end of the run in a "reliability figures" section (no `-s` needed), and also
with print() as they happen (seen with `-s`). docs/reliability.md has the full run's figures.
"""

from __future__ import annotations

import pytest

_FIGURES: list[str] = []


def pytest_addoption(parser):
    parser.addoption("--full", action="store_true", default=False,
                     help="run the reliability tests with their full counts (docs/reliability.md)")


@pytest.fixture(scope="session")
def full(request) -> bool:
    return bool(request.config.getoption("--full", default=False))


@pytest.fixture(scope="session")
def count(full):
    """`count(quick, full)`: the number of runs for this session's mode."""
    return lambda quick, full_count: full_count if full else quick


@pytest.fixture
def figure(request):
    """Record one line of figures for the test that asks for it."""
    def record(text: str) -> None:
        line = f"{request.node.name}: {text}"
        print(line)
        _FIGURES.append(line)
    return record


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if _FIGURES:
        mode = "full" if config.getoption("--full", default=False) else "quick"
        terminalreporter.section(f"reliability figures ({mode} counts)")
        for line in _FIGURES:
            terminalreporter.write_line(line)
