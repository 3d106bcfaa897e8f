"""The one way the window runs work on the database: operations, and long ones off the UI thread.

`run_with_progress(parent, title, work, changes=...)` calls `work(progress)` on a thread pool
while a modal progress dialog keeps the window responsive, and returns work's result (or
raises its exception) in the caller, as if it had been called directly. `progress(done,
total, label)` raises `Cancelled` once the user has pressed Cancel, so the work stops at its
next step and its transaction rolls back. `perform(operation, ...)` runs a quick operation
on the UI thread. Both announce what a successful write changed once (`signals.notify`),
from the operation's declared `changes` or the `changes` given, so no dialog does it by hand.

The worker uses its own SQLite connection (the Store opens one per thread and the job gives
it back when done); while a job runs the views serve the rows they have (`signals.busy`)
instead of querying. The pool is a parameter: `set_pool(InlinePool())` runs jobs inline,
as the tests do (Picard's FakeThreadPool).
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Iterable

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from qinspect.operations.changes import changes_of
from qinspect.progress import Cancelled, Progress
from qinspect.store.db import release_thread_connections
from qinspect.ui.signals import busy, notify

__all__ = ["Cancelled", "InlinePool", "Progress", "perform", "run_with_progress", "set_pool"]


class InlinePool:
    """A pool that runs each job at once on the calling thread (tests, and nothing else)."""

    def start(self, job: QRunnable) -> None:
        job.run()


_pool: QThreadPool | InlinePool | None = None


def set_pool(pool: QThreadPool | InlinePool | None) -> None:
    """The pool jobs run on from now on; None goes back to Qt's global pool."""
    global _pool
    _pool = pool


def pool() -> QThreadPool | InlinePool:
    return _pool if _pool is not None else QThreadPool.globalInstance()


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal()


class _Job(QRunnable):
    def __init__(self, work: Callable[[Progress], Any]):
        super().__init__()
        self.work = work
        self.signals = _Signals()
        self.cancelled = False
        self.finished = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.home = threading.get_ident()  # the caller's thread, whose connections stay open

    def report(self, done: int, total: int, label: str) -> None:
        if self.cancelled:
            raise Cancelled()
        self.signals.progress.emit(done, total, label)

    def run(self) -> None:
        try:
            self.result = self.work(self.report)
        except BaseException as e:  # handed back to the caller's thread, re-raised there
            self.error = e
        finally:
            if threading.get_ident() != self.home:
                release_thread_connections()  # this pool thread's connections end with the job
            self.finished = True
            self.signals.done.emit()


def run_with_progress(parent: QWidget | None, title: str, work: Callable[[Progress], Any],
                      *, cancellable: bool = True, changes: Iterable[str] = (),
                      on: QThreadPool | InlinePool | None = None) -> Any:
    """Run `work(progress)` on the pool (`on`, else the one set) behind a progress dialog."""
    job = _Job(work)
    dialog = QProgressDialog(title, "取消" if cancellable else "", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    if not cancellable:
        dialog.setCancelButton(None)
    loop = QEventLoop()

    def on_progress(done: int, total: int, label: str) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))
        dialog.setLabelText(label)

    def on_cancel() -> None:
        job.cancelled = True
        dialog.setLabelText("正在取消…")

    job.signals.progress.connect(on_progress, Qt.ConnectionType.QueuedConnection)
    job.signals.done.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    dialog.canceled.connect(on_cancel)
    job.setAutoDelete(False)
    busy().emit(True)
    try:
        (on or pool()).start(job)
        if not job.finished:
            loop.exec()
    finally:
        dialog.close()
        dialog.deleteLater()
        busy().emit(False)
    if job.error is not None:
        raise job.error
    notify(*changes)
    return job.result


def perform(operation: Callable[..., Any], *args, **kwargs) -> Any:
    """Call a quick operation here, then announce what it declares it changes."""
    result = operation(*args, **kwargs)
    notify(*changes_of(operation))
    return result
