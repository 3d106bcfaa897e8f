"""The year view: a year's township ranking, its assessment workflow (提交/评分/确认/退回), printing and export.

The numbers are `assessments.score_year(unranked=True)`'s, the ones `qinspect score --year Y`
prints: the ranked townships first, then the drafts and submitted assessments (未排名), greyed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QLineEdit,
    QMessageBox, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from qinspect.domain.assessments import STATE_LABELS
from qinspect.domain.checklist import CATEGORIES
from qinspect.operations import assessments
from qinspect.operations.changes import INSPECTIONS
from qinspect.store.assessments import TownshipScore
from qinspect.store.db import Store
from qinspect.store.registers import counties
from qinspect.ui.errors import user_errors
from qinspect.ui.labels import score_text
from qinspect.ui.lazy import lazy_module
from qinspect.ui.signals import changes
from qinspect.ui.tasks import perform
from qinspect.ui.table_model import RowsTableModel

printing = lazy_module("qinspect.ui.printing")  # reportlab, imported when something is printed (ui/lazy.py)
UUID_ROLE = Qt.ItemDataRole.UserRole + 1
VETOED = QColor("#c62828")
UNRANKED = QColor("#8a8a8a")


class YearRankingModel(RowsTableModel):
    """The ranking of one year, optionally of one county, filtered by township name and sortable.

    Rows are scored when `load` is called and formatted only when the view asks for a cell;
    whatever the sort, the unranked assessments stay below the ranked ones.
    """

    def __init__(self, store: Store, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.year: int | None = None
        self.county: str | None = None
        self.text = ""
        self._all: list[TownshipScore] = []
        self.rows: list[TownshipScore] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self.headers = [self.tr("名次"), self.tr("乡镇(街道)"), self.tr("县(市、区)"), *CATEGORIES.values(),
                        self.tr("加分"), self.tr("总分"), self.tr("等级"), self.tr("称号资格"), self.tr("状态")]

    def load(self, year: int | None, county: str | None = None) -> None:
        """Score the year again (None: no year chosen); `county` None is all of 台州市."""
        self.year, self.county = year, county
        self._all = assessments.score_year(self.store, year, unranked=True) if year is not None else []
        self._refilter()

    def set_text(self, text: str) -> None:
        self.text = text.strip()
        self._refilter()

    def _refilter(self) -> None:
        self.beginResetModel()
        self.rows = [s for s in self._all if (self.county is None or s.county == self.county)
                     and (not self.text or self.text in s.township or self.text in s.county)]
        if self._sort is not None:
            self._sort_rows(*self._sort)
        self.endResetModel()

    def value(self, s: TownshipScore, column: int):
        """The sortable value of a cell (numbers stay numbers)."""
        n = len(CATEGORIES)
        r = s.result
        if column == 0:
            return s.rank
        if column == 1:
            return s.township
        if column == 2:
            return s.county
        if 3 <= column < 3 + n:
            return r.categories[column - 3].score if column - 3 < len(r.categories) else None
        return [r.bonus, r.total, r.grade, bool(r.eligible), s.state][column - 3 - n]

    def text_of(self, s: TownshipScore, column: int) -> str:
        n = len(CATEGORIES)
        value = self.value(s, column)
        if column == 0:
            return str(value) if s.ranked else self.tr("未排名")
        if column == 3 + n + 2 and s.result.vetoed:
            return f"{value}（{self.tr('一票否决')}）"
        if column == 3 + n + 3:
            return self.tr("是") if value else self.tr("否")
        if column == 3 + n + 4:
            return STATE_LABELS[value]
        if isinstance(value, float):
            return score_text(value)
        return "" if value is None else str(value)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        s = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text_of(s, index.column())
        if role == Qt.ItemDataRole.ForegroundRole:
            if s.result.vetoed:
                return QBrush(VETOED)
            if not s.ranked:
                return QBrush(UNRANKED)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() not in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == UUID_ROLE:
            return s.inspection
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        self._sort_rows(column, order)
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        descending = order == Qt.SortOrder.DescendingOrder
        ranked = [s for s in self.rows if s.ranked]
        unranked = [s for s in self.rows if not s.ranked]
        for part in (ranked, unranked):
            # None (no rank, no category) sorts last either way
            part.sort(key=lambda s: (self.value(s, column) is None, self.value(s, column) or 0)
                      if column != 1 and column != 2 else (False, self.value(s, column)), reverse=descending)
        self.rows = ranked + unranked

    def score_of(self, row: int) -> TownshipScore:
        return self.rows[row]


class YearView(QWidget):
    """The tab: year and county choosers, a filter, the ranking table and the workflow buttons."""

    open_inspection = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("yearView")
        self.store = store
        self.model = YearRankingModel(store, self)
        self.year_box, self.county_box = QComboBox(), QComboBox()
        self.year_box.setObjectName("yearChooser")
        self.county_box.setObjectName("countyChooser")
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("按乡镇(街道)筛选"))
        self.table = QTableView()
        self.table.setObjectName("yearTable")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)  # sorts by rank, best first
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.activated.connect(  # double-click or Enter
            lambda index: self.open_inspection.emit(index.data(UUID_ROLE)))
        self.summary = QLabel()

        top = QHBoxLayout()
        for label, box in ((self.tr("考核年度："), self.year_box), (self.tr("县(市、区)："), self.county_box)):
            top.addWidget(QLabel(label))
            top.addWidget(box)
        top.addWidget(self.filter_edit, 1)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, text, slot in (("submit", self.tr("提交"), self.submit), ("score", self.tr("评分"), self.score),
                                 ("confirm", self.tr("确认"), self.confirm), ("back", self.tr("退回…"), self.back),
                                 ("scoresheet", self.tr("打印评分表"), self.print_scoresheet),
                                 ("ranking", self.tr("打印排名"), self.print_ranking),
                                 ("export", self.tr("导出 Excel/CSV…"), self.export)):
            button = QPushButton(text)
            button.setObjectName(f"year_{name}")
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[name] = button
        buttons.addStretch(1)
        buttons.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.county_box.addItem(self.tr("台州市（全部）"), None)
        for _id, name in counties(store):
            self.county_box.addItem(name, name)
        self.year_box.currentIndexChanged.connect(self.reload)
        self.county_box.currentIndexChanged.connect(self.reload)
        self.filter_edit.textChanged.connect(self.model.set_text)
        self.model.modelReset.connect(self._update_summary)
        changes().changed.connect(self._changed)
        self._loaded = False  # scored when first shown, not when the window opens

    def showEvent(self, event) -> None:
        if not self._loaded:
            self.reload()
        super().showEvent(event)

    def _fill_years(self) -> None:
        current = self.year_box.currentData()
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for year in assessments.years(self.store):
            self.year_box.addItem(str(year), year)
        if current is not None and self.year_box.findData(current) >= 0:
            self.year_box.setCurrentIndex(self.year_box.findData(current))
        self.year_box.blockSignals(False)

    def _changed(self, what: str) -> None:
        if what == INSPECTIONS and self._loaded:
            self._fill_years()
            self.reload()

    def reload(self) -> None:
        if not self._loaded:
            self._fill_years()
        self._loaded = True
        with user_errors(self):
            self.model.load(self.year_box.currentData(), self.county_box.currentData())
        self._update_buttons()

    def _update_summary(self) -> None:
        ranked = sum(1 for s in self.model.rows if s.ranked)
        self.summary.setText(self.tr("排名 {0} 个，未排名 {1} 个").format(ranked, len(self.model.rows) - ranked))

    def _update_buttons(self) -> None:
        has_year = self.model.year is not None
        for button in self.buttons.values():
            button.setEnabled(has_year)

    def selected(self) -> TownshipScore | None:
        index = self.table.currentIndex()
        if not index.isValid():
            QMessageBox.information(self, self.tr("年度考核"), self.tr("请先在表中选择一个乡镇(街道)。"))
            return None
        return self.model.score_of(index.row())

    def _step(self, operation) -> None:
        s = self.selected()
        if s is None:
            return
        with user_errors(self):
            perform(operation, self.store, f"{s.county}/{s.township}", self.model.year)  # the notice reloads

    def submit(self) -> None:
        self._step(assessments.submit)

    def score(self) -> None:
        self._step(assessments.score)

    def confirm(self) -> None:
        self._step(assessments.confirm)

    def back(self) -> None:
        s = self.selected()
        if s is None:
            return
        reason, ok = QInputDialog.getText(self, self.tr("退回"), self.tr("退回 {0} 的考核，原因：").format(s.township))
        if not ok:
            return
        with user_errors(self):
            perform(assessments.back, self.store, f"{s.county}/{s.township}", self.model.year, reason)

    def print_scoresheet(self) -> None:
        index = self.table.currentIndex()
        township = self.model.score_of(index.row()).township_id if index.isValid() else None
        with user_errors(self):
            printing.print_scoresheet(self, self.store, self.model.year, township)

    def print_ranking(self) -> None:
        with user_errors(self):
            printing.print_ranking(self, self.store, self.model.year)

    def export(self) -> None:
        year = self.model.year
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("导出考核得分"), f"{year}年度考核得分.xlsx",
            self.tr("Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)"))
        if not path:
            return
        fmt = "csv" if path.lower().endswith(".csv") or (chosen.startswith("CSV") and not path.lower().endswith(".xlsx")) else "xlsx"
        with user_errors(self):
            written = assessments.export_scores(self.store, year, Path(path), fmt)
            QMessageBox.information(self, self.tr("导出考核得分"), self.tr("已导出到 {0}").format(written))
