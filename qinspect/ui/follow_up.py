"""The follow-up list (整改跟踪): rectifications across villages and enterprises, paged, with counts per township,
and the two ways to close one: a follow-up inspection (复查) or by hand (手动销号) with a reason.

Rows come a page at a time from operations/rectifications.py (`total`/`page` with one `Filter`);
the rules are docs/rectifications.md's.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QMessageBox, QPushButton, QSplitter, QTableView, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from qinspect.domain.checklist import CATEGORIES
from qinspect.operations import rectifications
from qinspect.operations.changes import INSPECTIONS
from qinspect.store.db import Store
from qinspect.store.registers import townships
from qinspect.ui.errors import user_errors
from qinspect.ui.signals import changes
from qinspect.ui.tasks import perform
from qinspect.ui.table_model import RowsTableModel

PAGE = 200
OVERDUE = QColor("#c62828")
CLOSED = QColor("#8a8a8a")


class RectificationModel(RowsTableModel):
    """One filter's rectifications, earliest deadline first, fetched a page at a time as the view scrolls."""

    def __init__(self, store: Store, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.filter: rectifications.Filter | None = None
        self.rows: list[dict] = []
        self.count = 0
        self.states = {"open": self.tr("未到期"), "due": self.tr("即将到期"), "overdue": self.tr("已逾期"),
                       "closed": self.tr("已关闭")}
        self.headers = [self.tr("整改期限"), self.tr("状态"), self.tr("乡镇(街道)"), self.tr("检查对象"),
                        self.tr("类别"), self.tr("条目"), self.tr("整改要求"), self.tr("发现日期"), self.tr("检查人")]

    def load(self, f: rectifications.Filter) -> None:
        self.beginResetModel()
        self.filter = f
        self.count = rectifications.total(self.store, f)
        self.rows = rectifications.page(self.store, f, PAGE, 0)
        self.endResetModel()

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:
        return not parent.isValid() and len(self.rows) < self.count

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:
        more = rectifications.page(self.store, self.filter, PAGE, len(self.rows))
        if more:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
            self.rows += more
            self.endInsertRows()
        else:
            self.count = len(self.rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return [r["deadline"] or "", self.states[r["state"]], f"{r['county']} {r['township']}", r["subject"],
                    CATEGORIES.get(r["category"], r["category"]), f"{r['item']} {r['text']}", r["requirement"],
                    r["found_on"], r["inspector"]][index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and r["state"] in ("overdue", "closed"):
            return QBrush(OVERDUE if r["state"] == "overdue" else CLOSED)
        return None


class CloseDialog(QDialog):
    """手动销号: the reason (required) and an optional evidence file."""

    def __init__(self, row: dict, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("手动销号"))
        self.reason = QLineEdit()
        self.reason.setObjectName("closeReason")
        self.evidence = QLineEdit()
        self.evidence.setObjectName("closeEvidence")
        browse = QPushButton(self.tr("选择文件…"))
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.evidence, 1)
        file_row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("{0}：{1} {2}").format(row["subject"], row["item"], row["text"])))
        form.addRow(self.tr("原因："), self.reason)
        form.addRow(self.tr("证据（可选）："), file_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择证据文件"))
        if path:
            self.evidence.setText(path)


class FollowUpView(QWidget):
    """The tab: filters, the paged list, counts per township and the 复查 / 手动销号 buttons."""

    open_inspection = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("followUpView")
        self.store = store
        self.model = RectificationModel(store, self)
        self.township_box, self.category_box, self.state_box = QComboBox(), QComboBox(), QComboBox()
        self.township_box.addItem(self.tr("全部乡镇(街道)"), None)
        for _tid, _cid, county, name in townships(store):
            self.township_box.addItem(f"{county} {name}", f"{county}/{name}")
        self.category_box.addItem(self.tr("全部类别"), None)
        for cid, title in CATEGORIES.items():
            self.category_box.addItem(title, cid)
        # Closed ones only when asked: the list is what is still to be followed up.
        self.state_box.addItem(self.tr("未关闭"), rectifications.PENDING)
        for state in rectifications.STATES:
            self.state_box.addItem(self.model.states[state], state)
        self.state_box.addItem(self.tr("全部状态"), None)
        self.table = QTableView()
        self.table.setObjectName("rectificationList")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.counts = QTableWidget(0, 5)
        self.counts.setObjectName("rectificationCounts")
        self.counts.setHorizontalHeaderLabels([self.tr("乡镇(街道)"), *(self.model.states[s] for s in rectifications.STATES)])
        self.counts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.counts.verticalHeader().hide()
        self.summary = QLabel()
        self.follow_up_button = QPushButton(self.tr("复查"))
        self.close_button = QPushButton(self.tr("手动销号…"))
        self.follow_up_button.clicked.connect(self.follow_up)
        self.close_button.clicked.connect(self.close_by_hand)

        top = QHBoxLayout()
        for label, box in ((self.tr("乡镇(街道)："), self.township_box), (self.tr("类别："), self.category_box),
                           (self.tr("状态："), self.state_box)):
            top.addWidget(QLabel(label))
            top.addWidget(box)
            box.currentIndexChanged.connect(self.reload)
        top.addStretch(1)
        top.addWidget(self.summary)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(self.counts)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.follow_up_button)
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self.model.modelReset.connect(self._update_summary)
        self.model.rowsInserted.connect(self._update_summary)
        changes().changed.connect(self._changed)
        self._loaded = False  # read when first shown, not when the window opens

    def showEvent(self, event) -> None:
        if not self._loaded:
            self.reload()
        super().showEvent(event)

    def _changed(self, what: str) -> None:
        if what == INSPECTIONS and self._loaded:
            self.reload()

    def reload(self) -> None:
        self._loaded = True
        with user_errors(self):
            f = rectifications.list_filter(self.store, township=self.township_box.currentData(),
                                           category=self.category_box.currentData(),
                                           state=self.state_box.currentData())
            self.model.load(f)
            self._fill_counts(rectifications.counts(self.store))

    def _fill_counts(self, rows: list[dict]) -> None:
        self.counts.setRowCount(len(rows))
        for n, r in enumerate(rows):
            cells = [f"{r['county']} {r['township']}", *(str(r[s]) for s in rectifications.STATES)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 3 and r["overdue"]:
                    item.setForeground(QBrush(OVERDUE))
                self.counts.setItem(n, column, item)
        self.counts.resizeColumnsToContents()

    def _update_summary(self) -> None:
        self.summary.setText(self.tr("共 {0} 项整改").format(self.model.count))

    def selected(self) -> dict | None:
        index = self.table.currentIndex()
        if not index.isValid():
            QMessageBox.information(self, self.tr("整改跟踪"), self.tr("请先在表中选择一项整改。"))
            return None
        return self.model.rows[index.row()]

    def follow_up(self) -> None:
        """Start the 复查 of the selected rectification's inspection and open it in the editor."""
        row = self.selected()
        if row is None:
            return
        with user_errors(self):
            uuid = perform(rectifications.start_follow_up, self.store, row["inspection"])
            self.open_inspection.emit(uuid)

    def close_by_hand(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = CloseDialog(row, self)
        if not dialog.exec():
            return
        evidence = dialog.evidence.text().strip() or None
        with user_errors(self):
            done = perform(rectifications.close, self.store, row["inspection"], row["item"], dialog.reason.text(),
                           evidence=evidence)
            QMessageBox.information(self, self.tr("手动销号"), done.describe())
