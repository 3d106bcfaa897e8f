"""The one way the window runs long work: off the UI thread, with a progress dialog that can cancel.

`run_with_progress(parent, title, work)` calls `work(progress)` on the thread pool while a
modal progress dialog keeps the window responsive, and returns work's result (or raises its
exception) in the caller, as if it had been called directly. `progress(done, total, label)`
raises `Cancelled` once the user has pressed Cancel, so the work stops at its next step
and its transaction rolls back.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from qinspect.errors import QInspectError

Progress = Callable[[int, int, str], None]


class Cancelled(QInspectError):
    """The user cancelled long work; nothing it did was kept."""

    def __init__(self) -> None:
        super().__init__("操作已取消，未做任何更改。")


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal()


class _Job(QRunnable):
    def __init__(self, work: Callable[[Progress], Any]):
        super().__init__()
        self.work = work
        self.signals = _Signals()
        self.cancelled = False
        self.result: Any = None
        self.error: BaseException | None = None

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
            self.signals.done.emit()


def run_with_progress(parent: QWidget | None, title: str, work: Callable[[Progress], Any],
                      *, cancellable: bool = True) -> Any:
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
    QThreadPool.globalInstance().start(job)
    loop.exec()
    dialog.close()
    dialog.deleteLater()
    if job.error is not None:
        raise job.error
    return job.result
