"""The window's runner: work off the UI thread on its own connection, the busy notice, one change notice."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThreadPool

from qinspect.errors import InvalidInput
from qinspect.operations import registers
from qinspect.operations.changes import REGISTERS
from qinspect.ui import tasks
from qinspect.ui.signals import busy, changes


@pytest.fixture
def heard(qapp):
    said = {"changed": [], "busy": []}
    changes().changed.connect(said["changed"].append)
    busy().connect(said["busy"].append)
    yield said
    changes().changed.disconnect(said["changed"].append)
    busy().disconnect(said["busy"].append)


def a_township(store) -> int:
    return store.execute("SELECT id FROM townships ORDER BY id LIMIT 1").fetchone()[0]


def test_a_job_on_a_real_pool_uses_its_own_connection_and_gives_it_back(demo_store, heard):
    window_connection = demo_store.conn
    seen = {}

    def work(progress):
        seen["thread"] = threading.current_thread()
        seen["connection"] = demo_store.conn
        progress(0, 1, "写入")
        return registers.add_village(demo_store, a_township(demo_store), "线程测试村")

    vid = tasks.run_with_progress(None, "测试", work, changes=(REGISTERS,), on=QThreadPool())
    assert seen["thread"] is not threading.main_thread()
    assert seen["connection"] is not window_connection and demo_store.conn is window_connection
    assert demo_store._opened == [window_connection]  # the worker's connection was closed with its job
    assert demo_store.execute("SELECT name FROM villages WHERE id = ?", (vid,)).fetchone() == ("线程测试村",)
    assert heard == {"changed": [REGISTERS], "busy": [True, False]}


def test_a_refused_job_raises_in_the_caller_and_announces_nothing(demo_store, heard):
    name = demo_store.execute("SELECT name FROM villages WHERE township_id = ?", (a_township(demo_store),)).fetchone()[0]
    with pytest.raises(InvalidInput, match="不能重复登记"):
        tasks.run_with_progress(None, "测试", lambda progress: registers.add_village(
            demo_store, a_township(demo_store), name), changes=(REGISTERS,), on=QThreadPool())
    assert heard == {"changed": [], "busy": [True, False]}


def test_perform_announces_what_the_operation_declares_once(demo_store, heard):
    tasks.perform(registers.add_village, demo_store, a_township(demo_store), "通知测试村")
    assert heard["changed"] == [REGISTERS] and heard["busy"] == []


def test_inline_jobs_run_on_the_callers_thread(demo_store):
    assert isinstance(tasks.pool(), tasks.InlinePool)  # tests/gui/conftest.py
    assert tasks.run_with_progress(None, "测试", lambda progress: threading.current_thread()) \
        is threading.current_thread()
