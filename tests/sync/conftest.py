"""Fixtures for the bundle tests: a supervisor with registers, laptops set up from its set-up bundle."""

from __future__ import annotations

from pathlib import Path

import pytest

from qinspect.store.db import open_store
from qinspect.sync.exporting import export_setup_bundle
from qinspect.sync.importing import import_bundles
from tests.sync.helpers import world


class Office:
    """A supervisor's database and the field laptops it set up, all under one temporary folder."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.supervisor = open_store(folder / "supervisor.db")
        with self.supervisor.atomic():
            self.supervisor.set_setting("device_name", "县局主管")
            self.supervisor.set_setting("user_name", "陈主管")
            self.supervisor.set_setting("role", "bureau")
        self.ids = world(self.supervisor)
        self.setup = export_setup_bundle(self.supervisor, folder / "setup.qib").path
        self.laptops = []

    def laptop(self, name: str):
        store = open_store(self.folder / f"{name}.db")
        with store.atomic():
            store.set_setting("device_name", name)
            store.set_setting("user_name", f"{name}质监员")
        report = import_bundles(store, [self.setup], trust=True)
        assert not report.refused
        self.laptops.append(store)
        return store

    def close(self):
        for s in [self.supervisor, *self.laptops]:
            s.close()


@pytest.fixture
def office(tmp_path):
    o = Office(tmp_path)
    yield o
    o.close()
