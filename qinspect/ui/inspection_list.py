"""The inspections list: a table model that reads the search of operations/inspections.py a page at a time.

The model reads the first page of rows (100) when a filter or an order is chosen and the next
page when the view scrolls to the end (canFetchMore / fetchMore), by keyset: the rows after
the last one read, in the order of the sort column, then date, then row id, which an index
walks (store/inspections.py). So a decade of a million inspections opens as fast as a
township's list. It keeps the ids of the rows read and a cache of built rows, reading evicted
ones again in blocks; the count under the list stops at 10,000. While a job
runs on another thread (`signals.busy`) it queries nothing: it serves the rows it has and
searches again when the job is done (Anki's `_block_updates`).
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from qinspect.operations import inspections
from qinspect.operations.inspections import DRAFT, Filter
from qinspect.store.db import Store
from qinspect.ui.labels import score_text, status_label, subject_kind_label
from qinspect.ui.signals import busy

UUID_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class Column:
    key: str  # also the sort order's name in operations.inspections.SORT_KEYS
    align_right: bool = False


COLUMNS = tuple(Column(key, align_right=key == "total") for key in inspections.SORT_KEYS)
ALIGNMENT = tuple(int((Qt.AlignmentFlag.AlignRight if col.align_right else Qt.AlignmentFlag.AlignLeft)
                      | Qt.AlignmentFlag.AlignVCenter) for col in COLUMNS)
CONFLICT_BRUSH, DRAFT_BRUSH = QBrush(QColor("#b00020")), QBrush(QColor("#1f5fa8"))


@dataclass(frozen=True)
class Shown:
    """A row as the view shows it, worded once when read: the view asks for each cell many times."""
    uuid: str
    texts: tuple[str, ...]  # one a column
    tooltip: str
    foreground: QBrush | None


EMPTY_ROW = Shown("", ("",) * len(COLUMNS), "", None)


class InspectionTableModel(QAbstractTableModel):
    CACHE_ROWS = 2000  # rows kept built; the others are read again, a block at a time
    BLOCK = 100
    RELOAD_ROWS = 10_000  # a change notice reads again at most this many of the rows shown

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.filter = Filter()
        self.sort_column, self.descending = 0, True
        self._ids = array("q")  # the rows read so far, in order
        self._rows: OrderedDict[int, Shown] = OrderedDict()
        self._labels: dict[tuple, str] = {}  # (kind or status, ...) -> its words, for this search
        self._after: tuple | None = None  # the page key of the last row read
        self._more = False
        self._count: int | None = None
        self.loaded = False  # the first search() or sort() runs the query
        self.blocked = False
        self._search_when_unblocked = False
        busy().connect(self.block_updates)

    def block_updates(self, blocked: bool) -> None:
        """While blocked, serve the rows already read and put off searching until unblocked."""
        self.blocked = blocked
        if not blocked and self._search_when_unblocked:
            self._search_when_unblocked = False
            self.search()

    # -- the query -------------------------------------------------------------
    def search(self, f: Filter | None = None) -> None:
        """Read the first page of a new filter; without one, read again as many rows as are shown
        (a change notice), so the view keeps its scroll position and selection."""
        rows = inspections.PAGE if f is not None else min(max(len(self._ids), inspections.PAGE), self.RELOAD_ROWS)
        if f is not None:
            self.filter = f
        if self.blocked:
            self._search_when_unblocked = True
            return
        self.beginResetModel()
        self._ids = array("q")
        self._rows.clear()
        self._after, self._more, self._count = None, True, None
        self._labels.clear()  # the language may have changed since
        self._append(self._page(rows), rows)
        self.loaded = True
        self.endResetModel()

    def _page(self, rows: int) -> list[tuple]:
        return inspections.page(self.store, self.filter, COLUMNS[self.sort_column].key, self.descending,
                                after=self._after, limit=rows)

    def _append(self, page: list[tuple], asked: int) -> None:
        for r in page:
            self._ids.append(r[0])
            self._rows[r[0]] = self._shown(r)
        self._trim_cache()
        if page:
            self._after = inspections.page_key(page[-1])
        self._more = len(page) == asked

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and self._more and not self.blocked

    def fetchMore(self, parent=QModelIndex()) -> None:
        """The view scrolled to the end of the rows read: read the next page after the last row."""
        if not self.canFetchMore(parent):
            return
        page = self._page(inspections.PAGE)
        if not page:
            self._more = False
            return
        first = len(self._ids)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._append(page, inspections.PAGE)
        self.endInsertRows()

    def count(self) -> tuple[int, bool]:
        """How many inspections the filter finds, and whether that is exact: past
        `inspections.COUNT_CAP` the list only says there are more."""
        if not self._more:
            return len(self._ids), True
        if self._count is None:
            self._count = inspections.count(self.store, self.filter)
        return self._count, self._count <= inspections.COUNT_CAP

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        descending = order == Qt.SortOrder.DescendingOrder
        if self.loaded and (column, descending) == (self.sort_column, self.descending):
            return  # the view repeats its sort indicator when a model is set or a header restored
        self.sort_column, self.descending = column, descending
        self.search(self.filter)

    def uuid_at(self, row: int) -> str:
        return self._row(row).uuid

    def row_of(self, uuid: str) -> int | None:
        """The row of an inspection among those read so far."""
        if self.blocked:
            return None
        rowid = inspections.rowid_of(self.store, uuid)
        if rowid is None:
            return None
        try:
            return self._ids.index(rowid)
        except ValueError:
            return None

    def _row(self, row: int) -> Shown:
        rowid = self._ids[row]
        cached = self._rows.get(rowid)
        if cached is not None:
            self._rows.move_to_end(rowid)
            return cached
        if self.blocked:
            return EMPTY_ROW  # filled in when the job is done and the list is searched again
        start = row - row % self.BLOCK
        wanted = [i for i in self._ids[start:start + self.BLOCK] if i not in self._rows]
        for r in inspections.list_rows(self.store, wanted):
            self._rows[r[0]] = self._shown(r)
        self._trim_cache()
        # A row deleted behind our back shows empty until the next change notice reloads the list.
        return self._rows.get(rowid) or EMPTY_ROW

    def _trim_cache(self) -> None:
        while len(self._rows) > self.CACHE_ROWS:
            self._rows.popitem(last=False)

    # -- Qt model ----------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def headers(self) -> list[str]:
        return [self.tr("日期"), self.tr("乡镇(街道)"), self.tr("检查对象"), self.tr("对象类型"),
                self.tr("检查表"), self.tr("检查人"), self.tr("状态"), self.tr("得分"), self.tr("等级")]

    def _label(self, key: tuple) -> str:
        label = self._labels.get(key)
        if label is None:
            if key[0] == "kind":
                label = subject_kind_label(key[1])
            else:
                label = status_label(key[1])
                label = self.tr("{0}，有冲突").format(label) if key[2] else label
            self._labels[key] = label
        return label

    def _shown(self, row: tuple) -> Shown:
        (_, uuid, date, township, subject, kind, title, version, inspector, status, total, grade,
         exported, conflict) = row[:inspections.ROW_WIDTH]
        texts = {
            "date": date, "township": township, "subject": subject, "kind": self._label(("kind", kind)),
            "checklist": f"{title} {version}", "inspector": inspector,
            "status": self._label(("status", status, bool(conflict))),
            "total": "" if total is None else score_text(total), "grade": grade or "",
        }
        tip = self.tr("编号 {0}").format(uuid)
        return Shown(uuid, tuple(texts[col.key] for col in COLUMNS),
                     tip if exported else tip + "\n" + self.tr("尚未导出"),
                     CONFLICT_BRUSH if conflict else DRAFT_BRUSH if status == DRAFT else None)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._row(index.row()).texts[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return ALIGNMENT[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._row(index.row()).foreground
        if role == UUID_ROLE:
            return self._row(index.row()).uuid
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._row(index.row()).tooltip
        return None
