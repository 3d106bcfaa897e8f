"""The editor's row for an item derived from field data, and its two dialogs: the inspections
behind the value, and 改写… (an override with a reason).

The value is read-only: it is counted from the year's field inspections (operations/derived.py).
On the row, L lists the inspections behind it and G opens 改写…; the buttons do the same.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from qinspect.domain.derived import OVERRIDDEN, override_reason, source
from qinspect.domain.item_kinds import NA, rules
from qinspect.domain.scoring import ItemScore
from qinspect.operations.derived import DerivedItem
from qinspect.ui.editor_rows import ItemRow, say_all
from qinspect.ui.labels import status_label, subject_kind_label

translate = QCoreApplication.translate


def value_text(value: Any, unit: str) -> str:
    if value is None:
        return translate("DerivedRow", "未计算")
    if value == NA:
        return translate("DerivedRow", "不适用（无可统计的对象）")
    return f"{value:g} {unit}" if isinstance(value, float) else f"{value} {unit}"


class _KeyBox(QWidget):
    """The row's focus widget: L lists the inspections, G overrides."""

    def __init__(self, row: "DerivedRow"):
        super().__init__()
        self.row = row
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_L:
            self.row.list_requested.emit(self.row.item.id)
        elif event.key() == Qt.Key.Key_G and self.row.override_button.isEnabled():
            self.row.override_requested.emit(self.row.item.id)
        else:
            super().keyPressEvent(event)


class DerivedRow(ItemRow):
    """A quantity item whose value comes from the year's field inspections."""

    list_requested = Signal(str)  # item id
    override_requested = Signal(str)

    def __init__(self, item, parent: QWidget | None = None):
        super().__init__(item, parent)
        self.note.setReadOnly(True)  # the note says where the value came from

    def build_control(self, box: QWidget) -> QWidget:
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.key_box = _KeyBox(self)
        self.key_box.setObjectName("derivedBox")
        line = QHBoxLayout(self.key_box)
        line.setContentsMargins(0, 0, 0, 0)
        self.value_label = QLabel()
        self.value_label.setObjectName("derivedValue")
        line.addWidget(self.value_label)
        self.source_label = QLabel()
        self.source_label.setObjectName("derivedSource")
        line.addWidget(self.source_label)
        self.list_button = QPushButton(translate("DerivedRow", "检查明细（L）…"))
        self.override_button = QPushButton(translate("DerivedRow", "改写（G）…"))
        for button in (self.list_button, self.override_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            line.addWidget(button)
        line.addStretch(1)
        self.list_button.clicked.connect(lambda: self.list_requested.emit(self.item.id))
        self.override_button.clicked.connect(lambda: self.override_requested.emit(self.item.id))
        layout.addWidget(self.key_box)
        self.how_label = QLabel()
        self.how_label.setObjectName("itemReach")
        self.how_label.setWordWrap(True)
        layout.addWidget(self.how_label)
        self.reach = QLabel()
        self.reach.setObjectName("itemReach")
        layout.addWidget(self.reach)
        self.derived: DerivedItem | None = None
        return self.key_box

    def set_derived(self, derived: DerivedItem) -> None:
        """What the field data count now, and whether the assessment is frozen."""
        self.derived = derived
        d, counted = derived.derivation, derived.computed
        ratio = (translate("DerivedRow", "{0} {1}，{2} {3}").format(d.numerator, counted.numerator, d.denominator,
                                                                  counted.denominator)
                 if counted.denominator is not None else f"{d.numerator} {counted.numerator}")
        frozen = translate("DerivedRow", "（考核已提交，数值已固定）") if derived.frozen else ""
        self.how_label.setText(translate("DerivedRow", "{0}：{1} 现在的数据：{2}，{3} 份检查。{4}").format(
            d.label, d.explanation, ratio, len(counted.inspections), frozen))
        self.override_button.setEnabled(not derived.frozen)

    def show_value(self, value: Any, result: ItemScore) -> None:
        self.value_label.setText(value_text(value, self.item.unit))
        overridden = source(self.answer.note) == OVERRIDDEN
        if overridden:
            self.source_label.setText(translate("DerivedRow", "已改写（原因：{0}）").format(
                override_reason(self.answer.note)))
        else:
            self.source_label.setText(translate("DerivedRow", "由现场检查数据计算"))
        self.source_label.setProperty("overridden", overridden)
        self.source_label.style().unpolish(self.source_label)
        self.source_label.style().polish(self.source_label)
        shown = value if isinstance(value, (int, float)) else None
        self.reach.setText(say_all(rules(self.item).hint(self.item, shown)))

    def lock_control(self, locked: bool) -> None:
        # an override carries its own reason, so a locked inspection may still take one
        self.note.setReadOnly(True)


class DerivedInspectionsDialog(QDialog):
    """The inspections a derived value is counted from; double-click (or Enter) opens one."""

    open_requested = Signal(str)  # inspection uuid

    COLUMNS = ("日期", "对象", "类型", "检查表", "检查人", "状态", "得分", "等级", "记录号")

    def __init__(self, derived: DerivedItem, rows: list[dict], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("{0} 的检查明细").format(derived.item.id))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{derived.derivation.label}：{derived.derivation.explanation}"))
        self.table = QTableWidget(len(rows), len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([self.header(c) for c in self.COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.uuids = [r["uuid"] for r in rows]
        for n, r in enumerate(rows):
            cells = (r["date"], r["subject"], subject_kind_label(r["subject_kind"]), r["checklist"], r["inspector"],
                     status_label(r["status"]), "" if r["total"] is None else f"{r['total']:.2f}", r["grade"] or "",
                     r["uuid"][:12])
            for column, text in enumerate(cells):
                self.table.setItem(n, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        layout.addWidget(self.table)
        layout.addWidget(QLabel(self.tr("共 {0} 份检查。双击一行打开该检查。").format(len(rows))))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(820, 460)
        if rows:
            self.table.selectRow(0)

    def header(self, text: str) -> str:
        return {"日期": self.tr("日期"), "对象": self.tr("对象"), "类型": self.tr("类型"), "检查表": self.tr("检查表"),
                "检查人": self.tr("检查人"), "状态": self.tr("状态"), "得分": self.tr("得分"), "等级": self.tr("等级"),
                "记录号": self.tr("记录号")}[text]

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.currentRow() >= 0:
            self._open(self.table.currentRow())
            return
        super().keyPressEvent(event)

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.uuids):
            self.open_requested.emit(self.uuids[row])
            self.accept()


class OverrideDialog(QDialog):
    """改写…: the assessor's value and the reason, which is required."""

    def __init__(self, derived: DerivedItem, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("改写 {0}").format(derived.item.id))
        layout = QVBoxLayout(self)
        computed = derived.computed.answer_value
        layout.addWidget(QLabel(self.tr("{0}\n由现场检查数据计算的数值：{1}。改写后的数值和原因记入审计日志。").format(
            derived.item.text, value_text(computed, derived.item.unit))))
        form = QFormLayout()
        self.value_edit = QLineEdit("" if computed == NA else f"{computed:g}" if isinstance(computed, float)
                                    else str(computed))
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("必填：为什么计算值不对"))
        form.addRow(self.tr("数值（{0}）").format(derived.item.unit), self.value_edit)
        form.addRow(self.tr("原因"), self.reason_edit)
        layout.addLayout(form)
        self.refusal = QLabel()
        self.refusal.setObjectName("refusal")
        self.refusal.hide()
        layout.addWidget(self.refusal)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("改写"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.value_edit.selectAll()

    def accept(self) -> None:
        if not self.value_edit.text().strip():
            self._refuse(self.tr("请填写数值。"))
            self.value_edit.setFocus()
        elif not self.reason_edit.text().strip():
            self._refuse(self.tr("改写需要填写原因。"))
            self.reason_edit.setFocus()
        else:
            super().accept()

    def _refuse(self, text: str) -> None:
        self.refusal.setText(text)
        self.refusal.show()

    def value(self) -> str:
        return self.value_edit.text().strip()

    def reason(self) -> str:
        return self.reason_edit.text().strip()
