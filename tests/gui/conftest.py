"""GUI tests run the window's jobs inline on the test's thread (Picard's FakeThreadPool):
deterministic, and the database is checked after without waiting."""

from __future__ import annotations

import pytest

from qinspect.ui import tasks


@pytest.fixture(autouse=True)
def inline_jobs():
    tasks.set_pool(tasks.InlinePool())
    yield
    tasks.set_pool(None)
