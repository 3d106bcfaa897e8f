"""The preview every spreadsheet import shows before anything is written: each row, its errors in red.

`ImportPreviewDialog` is the shared dialog (forms/import_preview.ui) behind the register import
and the paper results import: it reads and checks the file off the UI thread, lists every
row with the reasons it is wrong, keeps the import button disabled while any row is wrong,
and re-checks the file after the person has fixed it in Excel or WPS.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QLabel, QPushButton, QTableView,
    QWidget,
)

from qinspect.errors import QInspectError
from qinspect.store.db import Store
from qinspect.ui.error_text import in_language
from qinspect.ui.errors import show_error
from qinspect.ui.forms import embed_form
from qinspect.progress import Progress
from qinspect.ui.tasks import run_with_progress

BAD_ROW = QColor(255, 232, 232)
BAD_CELL = QColor(255, 190, 190)
BAD_TEXT = QColor(176, 0, 32)
GOOD_TEXT = QColor(0, 110, 40)


class PreviewModel(QAbstractTableModel):
    """The rows of a checked file: the row number, the file's own cells, then the outcome or the errors."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.header: list[str] = []
        self.rows: list[tuple[int, list[str]]] = []
        self.problems: dict[int, dict[str, list[str]]] = {}  # row number -> column -> reasons
        self.notes: dict[int, str] = {}
        self.visible: list[int] = []
        self.only_problems = False
        self.outcome_title = ""

    def set_check(self, check: Any, notes: dict[int, str], outcome_title: str) -> None:
        self.beginResetModel()
        self.header = list(check.sheet.header) if check is not None else []
        self.rows = list(check.sheet.rows) if check is not None else []
        self.problems = {}
        for p in (check.problems if check is not None else []):
            self.problems.setdefault(p.row, {}).setdefault(p.column, []).append(in_language(p.why))
        self.notes = notes
        self.outcome_title = outcome_title
        self._filter()
        self.endResetModel()

    def set_only_problems(self, on: bool) -> None:
        self.beginResetModel()
        self.only_problems = on
        self._filter()
        self.endResetModel()

    def _filter(self) -> None:
        self.visible = [i for i, (n, _) in enumerate(self.rows) if not self.only_problems or n in self.problems]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.visible)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() or not self.header else len(self.header) + 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return self.tr("行")
        if section == len(self.header) + 1:
            return self.outcome_title
        return self.header[section - 1]

    def row_text(self, number: int) -> str:
        """Every reason the row is wrong, one after the other, or its outcome when it is right."""
        reasons = self.problems.get(number)
        if not reasons:
            return self.notes.get(number, "✓")
        return "；".join(f"{column}：{why}" if column else why for column, whys in reasons.items() for why in whys)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        number, cells = self.rows[self.visible[index.row()]]
        col = index.column()
        last = len(self.header) + 1
        reasons = self.problems.get(number, {})
        column = self.header[col - 1] if 0 < col < last else None
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return number
            return self.row_text(number) if col == last else cells[col - 1]
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == last and reasons:
                return self.row_text(number).replace("；", "\n")
            if column in reasons:
                return "\n".join(reasons[column])
        if role == Qt.ItemDataRole.BackgroundRole and reasons:
            return QBrush(BAD_CELL if column in reasons else BAD_ROW)
        if role == Qt.ItemDataRole.ForegroundRole and col == last:
            return QBrush(BAD_TEXT if reasons else GOOD_TEXT)
        return None


class ImportPreviewDialog(QDialog):
    """Base of the import dialogs; a subclass says how to check and write its kind of file."""

    changes = ""  # what a successful import changed, for signals.notify

    def __init__(self, store: Store, path: Path | str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.path: Path | None = None
        self.check: Any = None
        self.imported = False
        self.setWindowTitle(self.window_title())
        self.form = embed_form(self, "import_preview", flush=False)
        find = self.form.findChild
        self.intro_label: QLabel = find(QLabel, "introLabel")
        self.file_label: QLabel = find(QLabel, "fileLabel")
        self.summary_label: QLabel = find(QLabel, "summaryLabel")
        self.file_problems: QLabel = find(QLabel, "fileProblems")
        self.only_problems: QCheckBox = find(QCheckBox, "onlyProblems")
        self.choose_button: QPushButton = find(QPushButton, "chooseButton")
        self.recheck_button: QPushButton = find(QPushButton, "recheckButton")
        self.table: QTableView = find(QTableView, "previewTable")
        self.buttons: QDialogButtonBox = find(QDialogButtonBox, "buttonBox")
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(self.tr("导入(&I)"))
        self.import_button.setAutoDefault(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("关闭"))
        self.intro_label.setText(self.intro_text())
        self.model = PreviewModel(self)
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(200)  # a city's register has thousands of rows: size by the first ones
        header.setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)

        self.buttons.accepted.connect(self.import_file)
        self.buttons.rejected.connect(self.reject)
        self.choose_button.clicked.connect(self.choose_file)
        self.recheck_button.clicked.connect(self.reload)
        self.only_problems.toggled.connect(self.model.set_only_problems)
        self.resize(960, 600)
        self._show(None)
        if path is not None:
            self.load(path)

    # -- what a subclass provides ------------------------------------------------------------
    def window_title(self) -> str:
        raise NotImplementedError

    def intro_text(self) -> str:
        """One or two sentences above the file: what the file holds and that nothing is written before."""
        raise NotImplementedError

    def read(self, path: Path, progress: Progress) -> Any:
        """Read and check the file: an object with .sheet, .problems, .ok and .summary()."""
        raise NotImplementedError

    def write(self, check: Any, progress: Progress) -> str:
        """Write a checked file in one transaction; returns the sentence saying what was done."""
        raise NotImplementedError

    def notes(self, check: Any) -> dict[int, str]:
        """What each right row will do, by row number, shown in the outcome column."""
        return {}

    # -- the dialog ------------------------------------------------------------------------------
    def choose_file(self) -> None:
        start = str(self.path.parent) if self.path else str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self, self.tr("选择要导入的文件"), start,
                                              self.tr("表格文件 (*.xlsx *.csv)"))
        if name:
            self.load(name)

    def load(self, path: Path | str) -> None:
        self.path = Path(path)
        self.file_label.setText(str(self.path))
        self.imported = False
        self.reload()

    def reload(self) -> None:
        if self.path is None:
            return
        path = self.path
        try:
            check = run_with_progress(self, self.tr("正在检查文件…"), lambda progress: self.read(path, progress))
        except QInspectError as e:
            self._show(None, in_language(str(e)))
            return
        self._show(check)

    def _show(self, check: Any, unreadable: str = "") -> None:
        self.check = check
        self.model.set_check(check, self.notes(check) if check is not None and check.ok else {},
                             self.tr("检查结果"))
        self.table.resizeColumnsToContents()
        self.recheck_button.setEnabled(self.path is not None)
        self.import_button.setEnabled(check is not None and check.ok and not self.imported)
        if check is None:
            self.summary_label.setText(unreadable and self.tr("无法读取这个文件。") or
                                       self.tr("请选择要导入的 .xlsx 或 .csv 文件。"))
            self._file_problems(unreadable)
            return
        rows = len(check.sheet.rows)
        if check.ok:
            self._summary(self.tr("共 {0} 行，全部正确：{1}。点“导入”写入数据库。").format(rows, check.summary()), True)
            self._file_problems("")
            return
        bad_rows = {p.row for p in check.problems} - {check.sheet.header_row}
        self._summary(self.tr("共 {0} 行，其中 {1} 行有错误（共 {2} 处）。请在 Excel 或 WPS 中改正并保存文件，"
                              "再点“重新检查”；全部正确之前不会写入任何数据。")
                      .format(rows, len(bad_rows), len(check.problems)), False)
        self._file_problems("\n".join(str(p) for p in check.problems if p.row == check.sheet.header_row))

    def _file_problems(self, text: str) -> None:
        """What is wrong with the file as a whole (its header, or why it cannot be read); hidden when nothing."""
        self.file_problems.setText(text)
        self.file_problems.setVisible(bool(text))

    def _summary(self, text: str, good: bool) -> None:
        self.summary_label.setText(text)
        self.summary_label.setStyleSheet(f"color: {(GOOD_TEXT if good else BAD_TEXT).name()};")

    def import_file(self) -> None:
        check = self.check
        if check is None or not check.ok or self.imported:
            return
        try:
            done = run_with_progress(self, self.tr("正在导入…"), lambda progress: self.write(check, progress),
                                     changes=(self.changes,))
        except QInspectError as e:
            show_error(self, e)
            return
        self.imported = True
        self.import_button.setEnabled(False)
        self._summary(done, True)
