"""The navigation tree county → township → villages / enterprises, loaded as branches open.

Only the counties are read at start; a county's townships, a township's groups and a
group's villages or enterprises are read when the view first expands them (canFetchMore /
fetchMore), so the city register of 5,267 villages and 20,000 enterprises costs nothing
until someone looks.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt

from qinspect.operations import registers
from qinspect.store.db import Store

SUBJECT_ROLE = Qt.ItemDataRole.UserRole  # (kind, id): kind county | township | villages | enterprises
                                          # | village | enterprise; a group's id is its township's


@dataclass(eq=False)
class Node:
    kind: str
    id: int
    label: str
    parent: "Node | None"
    row: int = 0
    has_children: bool = False
    tooltip: str = ""
    children: list["Node"] | None = None  # None until fetched
    count: int = 0

    @property
    def key(self) -> tuple[str, int]:
        return self.kind, self.id


class RegisterTreeModel(QAbstractItemModel):
    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.root = self._new_root()

    def _new_root(self) -> Node:
        root = Node("root", 0, "", None)
        root.children = [
            Node("county", cid, name, root, row, has_children=True)
            for row, (cid, name) in enumerate(registers.counties(self.store))
        ]
        return root

    def reload(self) -> None:
        self.beginResetModel()
        self.root = self._new_root()
        self.endResetModel()

    # -- loading branches ---------------------------------------------------------
    def _children_of(self, node: Node) -> list[Node]:
        if node.kind == "county":
            return [Node("township", tid, name, node, has_children=True)
                    for tid, name in registers.townships_of(self.store, node.id)]
        if node.kind == "township":
            villages, enterprises = registers.entry_counts(self.store, node.id)
            return [Node("villages", node.id, "", node, has_children=villages > 0, count=villages),
                    Node("enterprises", node.id, "", node, has_children=enterprises > 0, count=enterprises)]
        if node.kind == "villages":
            return [Node("village", vid, name, node, tooltip=kind)
                    for vid, name, kind in registers.villages_of(self.store, node.id)]
        if node.kind == "enterprises":
            return [Node("enterprise", eid, name, node, tooltip=f"{code}\n{industry}".strip())
                    for eid, name, code, industry in registers.enterprises_of(self.store, node.id)]
        return []

    def canFetchMore(self, parent: QModelIndex) -> bool:
        node = self._node(parent)
        return node.children is None and node.has_children

    def fetchMore(self, parent: QModelIndex) -> None:
        node = self._node(parent)
        if node.children is not None:
            return
        children = self._children_of(node)
        for row, child in enumerate(children):
            child.row = row
        if not children:
            node.children = []
            return
        self.beginInsertRows(parent, 0, len(children) - 1)
        node.children = children
        self.endInsertRows()

    def index_of(self, kind: str, subject_id: int) -> QModelIndex:
        """The index of a register entry, loading the branches on its path."""
        path = registers.path_of(self.store, kind, subject_id)
        index = QModelIndex()
        for step in path:
            node = self._node(index)
            if node.children is None:
                self.fetchMore(index)
            found = next((c for c in node.children or [] if c.key == step), None)
            if found is None:
                return QModelIndex()
            index = self.createIndex(found.row, 0, found)
        return index

    # -- Qt model ----------------------------------------------------------------
    def _node(self, index: QModelIndex) -> Node:
        return index.internalPointer() if index.isValid() else self.root

    def index(self, row: int, column: int, parent=QModelIndex()) -> QModelIndex:
        node = self._node(parent)
        if column != 0 or node.children is None or not 0 <= row < len(node.children):
            return QModelIndex()
        return self.createIndex(row, 0, node.children[row])

    def parent(self, index=QModelIndex()) -> QModelIndex:
        if not index.isValid():
            return QModelIndex()
        up = index.internalPointer().parent
        if up is None or up is self.root:
            return QModelIndex()
        return self.createIndex(up.row, 0, up)

    def rowCount(self, parent=QModelIndex()) -> int:
        if parent.column() > 0:
            return 0
        return len(self._node(parent).children or [])

    def columnCount(self, parent=QModelIndex()) -> int:
        return 1

    def hasChildren(self, parent=QModelIndex()) -> bool:
        node = self._node(parent)
        return bool(node.children) if node.children is not None else node.has_children

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node: Node = index.internalPointer()
        if role == Qt.ItemDataRole.DisplayRole:
            if node.kind == "villages":
                return self.tr("村(社区)（{0}）").format(str(node.count))
            if node.kind == "enterprises":
                return self.tr("企业（{0}）").format(str(node.count))
            return node.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return node.tooltip or None
        if role == SUBJECT_ROLE:
            return node.key
        return None

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
