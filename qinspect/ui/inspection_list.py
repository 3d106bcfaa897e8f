"""The inspections list: a filter, the one SQL query of ids it makes, and a lazy table model.

As Anki's browser model does, the model holds only the row ids of one query (a compact
array, so even a decade of inspections costs a few MB) and builds rows in `data()` on
demand, a block at a time, keeping a small cache; the city demo opens at once.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from dataclasses import dataclass, replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from qinspect.store.db import Store

DRAFT, COMPLETED, UNEXPORTED, CONFLICT = "draft", "completed", "unexported", "conflict"
STATUS_FILTERS = (DRAFT, COMPLETED, UNEXPORTED, CONFLICT)
SUBJECT_NAME = "COALESCE(e.name, v.name, t.name)"
UUID_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class InspectionFilter:
    text: str = ""
    county_id: int | None = None
    township_id: int | None = None
    subject_kind: str | None = None  # township | village | enterprise
    checklist: tuple[str, str] | None = None  # (id, version)
    status: str | None = None  # one of STATUS_FILTERS
    date_from: str | None = None  # ISO dates, both ends included
    date_to: str | None = None

    def but(self, **changes) -> "InspectionFilter":
        return replace(self, **changes)


@dataclass(frozen=True)
class Column:
    key: str
    order_by: str  # SQL; joins t, v, e when it names them
    align_right: bool = False


COLUMNS = (
    Column("date", "i.date"),
    Column("township", "t.name"),
    Column("subject", SUBJECT_NAME),
    Column("kind", "i.subject_kind"),
    Column("checklist", "i.checklist_id, i.checklist_version"),
    Column("inspector", "i.inspector"),
    Column("status", "i.status"),
    Column("total", "i.total", align_right=True),
    Column("grade", "i.grade"),
)

JOINS = ("JOIN townships t ON t.id = i.township_id "
         "LEFT JOIN villages v ON v.id = i.village_id LEFT JOIN enterprises e ON e.id = i.enterprise_id")

ROW_SQL = f"""
SELECT i.rowid, i.uuid, i.date, t.name, {SUBJECT_NAME}, i.subject_kind, COALESCE(ch.title, i.checklist_id),
       i.checklist_version, i.inspector, i.status, i.total, i.grade, i.exported,
       EXISTS (SELECT 1 FROM conflicts k WHERE k.inspection_uuid = i.uuid)
FROM inspections i {JOINS}
LEFT JOIN checklists ch ON ch.id = i.checklist_id AND ch.version = i.checklist_version
WHERE i.rowid IN ({{marks}})
"""


def id_query(f: InspectionFilter, column: int = 0, descending: bool = True) -> tuple[str, list]:
    """The SQL selecting the row ids that match `f`, in the order of `column`."""
    where, args = [], []
    text = f.text.strip()
    if text:
        like = f"%{text}%"
        where.append(
            "(i.uuid LIKE ? OR i.inspector LIKE ? "
            "OR i.village_id IN (SELECT id FROM villages WHERE name LIKE ?) "
            "OR i.enterprise_id IN (SELECT id FROM enterprises WHERE name LIKE ? OR credit_code LIKE ?) "
            "OR (i.subject_kind = 'township' AND i.township_id IN (SELECT id FROM townships WHERE name LIKE ?)))")
        args += [text.lower() + "%", like, like, like, text.upper() + "%", like]
    if f.township_id is not None:
        where.append("i.township_id = ?")
        args.append(f.township_id)
    elif f.county_id is not None:
        where.append("i.township_id IN (SELECT id FROM townships WHERE county_id = ?)")
        args.append(f.county_id)
    if f.subject_kind:
        where.append("i.subject_kind = ?")
        args.append(f.subject_kind)
    if f.checklist:
        where.append("i.checklist_id = ? AND i.checklist_version = ?")
        args += list(f.checklist)
    if f.status in (DRAFT, COMPLETED):
        where.append("i.status = ?")
        args.append(f.status)
    elif f.status == UNEXPORTED:
        where.append("i.exported = 0")
    elif f.status == CONFLICT:
        where.append("i.uuid IN (SELECT inspection_uuid FROM conflicts)")
    if f.date_from:
        where.append("i.date >= ?")
        args.append(f.date_from)
    if f.date_to:
        where.append("i.date <= ?")
        args.append(f.date_to)
    order = COLUMNS[column].order_by
    direction = "DESC" if descending else "ASC"
    keys = ", ".join(f"{part.strip()} {direction}" for part in order.split(","))
    joins = JOINS if any(alias in order for alias in ("t.", "v.", "e.")) else ""
    sql = (f"SELECT i.rowid FROM inspections i {joins}"
           + (" WHERE " + " AND ".join(where) if where else "")
           + f" ORDER BY {keys}, i.date DESC, i.rowid")
    return sql, args


class InspectionTableModel(QAbstractTableModel):
    BLOCK = 100  # rows fetched together when the view asks for one it has not got
    CACHE_ROWS = 2000

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.filter = InspectionFilter()
        self.sort_column, self.descending = 0, True
        self._ids = array("q")
        self._rows: OrderedDict[int, tuple] = OrderedDict()
        self.loaded = False  # the first search() or sort() runs the query

    # -- the query -------------------------------------------------------------
    def search(self, f: InspectionFilter | None = None) -> None:
        if f is not None:
            self.filter = f
        sql, args = id_query(self.filter, self.sort_column, self.descending)
        self.beginResetModel()
        self._ids = array("q", (r[0] for r in self.store.execute(sql, args)))
        self._rows.clear()
        self.loaded = True
        self.endResetModel()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        descending = order == Qt.SortOrder.DescendingOrder
        if self.loaded and (column, descending) == (self.sort_column, self.descending):
            return  # the view repeats its sort indicator when a model is set or a header restored
        self.sort_column, self.descending = column, descending
        self.search()

    def uuid_at(self, row: int) -> str:
        return self._row(row)[1]

    def row_of(self, uuid: str) -> int | None:
        found = self.store.execute("SELECT rowid FROM inspections WHERE uuid = ?", (uuid,)).fetchone()
        if found is None:
            return None
        try:
            return self._ids.index(found[0])
        except ValueError:
            return None

    def _row(self, row: int) -> tuple:
        rowid = self._ids[row]
        cached = self._rows.get(rowid)
        if cached is not None:
            self._rows.move_to_end(rowid)
            return cached
        start = row - row % self.BLOCK
        wanted = [i for i in self._ids[start:start + self.BLOCK] if i not in self._rows]
        sql = ROW_SQL.format(marks=", ".join("?" * len(wanted)))
        for r in self.store.execute(sql, wanted):
            self._rows[r[0]] = r
        while len(self._rows) > self.CACHE_ROWS:
            self._rows.popitem(last=False)
        # A row deleted behind our back shows empty until the next change notice reloads the list.
        return self._rows.get(rowid) or (rowid, "", "", "", "", "", "", "", "", "", None, "", 1, 0)

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

    def subject_kind_label(self, kind: str) -> str:
        return {"township": self.tr("乡镇(街道)"), "village": self.tr("村(社区)"),
                "enterprise": self.tr("企业")}.get(kind, kind)

    def status_label(self, status: str, conflict: bool) -> str:
        label = {DRAFT: self.tr("草稿"), COMPLETED: self.tr("已完成")}.get(status, status)
        return self.tr("{0}，有冲突").format(label) if conflict else label

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, UUID_ROLE,
                        Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.TextAlignmentRole):
            return None
        col = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int((Qt.AlignmentFlag.AlignRight if col.align_right else Qt.AlignmentFlag.AlignLeft)
                       | Qt.AlignmentFlag.AlignVCenter)
        (_, uuid, date, township, subject, kind, title, version, inspector, status, total, grade,
         exported, conflict) = self._row(index.row())
        if role == UUID_ROLE:
            return uuid
        if role == Qt.ItemDataRole.ForegroundRole:
            if conflict:
                return QBrush(QColor("#b00020"))
            return QBrush(QColor("#1f5fa8")) if status == DRAFT else None
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self.tr("编号 {0}").format(uuid)
            return tip if exported else tip + "\n" + self.tr("尚未导出")
        return {
            "date": date, "township": township, "subject": subject, "kind": self.subject_kind_label(kind),
            "checklist": f"{title} {version}", "inspector": inspector,
            "status": self.status_label(status, bool(conflict)),
            "total": "" if total is None else f"{total:g}", "grade": grade or "",
        }[col.key]
