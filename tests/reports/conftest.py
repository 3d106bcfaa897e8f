"""Fixtures for the printed sheets: a demo database file the command line can open read-only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qinspect.cli import main


@pytest.fixture
def demo_db(small_demo_db, tmp_path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copy(small_demo_db, path)
    return path


@pytest.fixture
def cli(capsys):
    """Run the command line; returns (exit code, stdout, stderr)."""
    def run(*argv: str) -> tuple[int, str, str]:
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err
    return run
