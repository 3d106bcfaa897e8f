"""Shared fixtures: a temporary data dir for every test, fresh databases, the demo database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def qinspect_home(tmp_path_factory, monkeypatch) -> Path:
    """Keep device keys, settings and default databases out of the real user data dir."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("QINSPECT_HOME", str(home))
    monkeypatch.delenv("QINSPECT_DB", raising=False)
    return home


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def store(db_path):
    from qinspect.store import checklists
    from qinspect.store.db import open_store

    s = open_store(db_path)
    checklists.install_shipped(s)
    yield s
    s.close()


@pytest.fixture(scope="session")
def small_demo_db(tmp_path_factory) -> Path:
    """A small demo database made once per run; tests copy it before writing."""
    from qinspect.store import demo
    from qinspect.store.db import open_store

    path = tmp_path_factory.mktemp("demo") / "small.db"
    with open_store(path) as s:
        demo.generate(s, "small", 7)
    return path


@pytest.fixture(scope="session")
def city_demo_db(tmp_path_factory):
    """The city demo (seed 2009) made once per run, read in place; tests that write copy it first."""
    from qinspect.store import demo
    from qinspect.store.db import open_store

    path = tmp_path_factory.mktemp("city") / "city.db"
    with open_store(path) as s:
        demo.generate(s, "city", 2009)
    return path


def _opened_copy(db, tmp_path, name):
    import shutil

    from qinspect.store.db import open_store

    path = tmp_path / name
    shutil.copy(db, path)
    s = open_store(path)
    yield s
    s.close()


@pytest.fixture
def demo_store(small_demo_db, tmp_path):
    """A store on a fresh copy of the small demo."""
    yield from _opened_copy(small_demo_db, tmp_path, "demo.db")


@pytest.fixture
def city_store(city_demo_db, tmp_path):
    """A store on a fresh copy of the city demo."""
    yield from _opened_copy(city_demo_db, tmp_path, "city.db")
