"""The editor's score panel: each category's score, bonus, total, grade, title eligibility, and
the required items still open (choosing one takes the keyboard there)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from qinspect.domain.checklist import Checklist
from qinspect.domain.scoring import ScoreResult
from qinspect.ui.editor_rows import category_title
from qinspect.ui.labels import score_text as fmt


class ScorePanel(QWidget):
    item_chosen = Signal(str)  # an open required item's id

    def __init__(self, checklist: Checklist, parent: QWidget | None = None):
        super().__init__(parent)
        self.checklist = checklist
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        box = QGroupBox(self.tr("得分"))
        grid = QGridLayout(box)
        self._category_labels: dict[str, QLabel] = {}
        row = 0
        for cat in checklist.categories:
            grid.addWidget(QLabel(category_title(cat.id)), row, 0)
            self._category_labels[cat.id] = QLabel()
            grid.addWidget(self._category_labels[cat.id], row, 1, Qt.AlignmentFlag.AlignRight)
            row += 1
        self.bonus_label = QLabel()
        if checklist.bonus_max:
            grid.addWidget(QLabel(self.tr("加分项")), row, 0)
            grid.addWidget(self.bonus_label, row, 1, Qt.AlignmentFlag.AlignRight)
            row += 1
        self.total_label = QLabel()
        self.total_label.setObjectName("total")
        grid.addWidget(QLabel(self.tr("总分")), row, 0)
        grid.addWidget(self.total_label, row, 1, Qt.AlignmentFlag.AlignRight)
        self.grade_label = QLabel()
        grid.addWidget(QLabel(self.tr("等级")), row + 1, 0)
        grid.addWidget(self.grade_label, row + 1, 1, Qt.AlignmentFlag.AlignRight)
        self.eligible_label = QLabel()
        if checklist.title_threshold is not None:
            grid.addWidget(QLabel(self.tr("先进乡镇评选资格")), row + 2, 0)
            grid.addWidget(self.eligible_label, row + 2, 1, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(box)

        self.open_box = QGroupBox()
        open_layout = QVBoxLayout(self.open_box)
        self.open_list = QListWidget()
        self.open_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.open_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.open_list.itemActivated.connect(self._chosen)
        self.open_list.itemClicked.connect(self._chosen)
        open_layout.addWidget(self.open_list)
        layout.addWidget(self.open_box, 1)
        self.setMinimumWidth(300)
        self.setMaximumWidth(380)

    def _chosen(self, entry: QListWidgetItem) -> None:
        self.item_chosen.emit(entry.data(Qt.ItemDataRole.UserRole))

    def show_result(self, result: ScoreResult) -> None:
        checklist = self.checklist
        for cat in result.categories:
            self._category_labels[cat.id].setText(f"{fmt(cat.score)} / {fmt(cat.cap)}")
        self.bonus_label.setText(f"{fmt(result.bonus)} / {fmt(checklist.bonus_max)}")
        # The total includes the bonus, so it reads against the categories' maximum plus the bonus's.
        self.total_label.setText(f"{fmt(result.total)} / {fmt(checklist.max_total + checklist.bonus_max)}")
        self.grade_label.setText(result.grade)
        vetoed = bool(result.vetoed)
        for label in (self.total_label, self.grade_label, self.eligible_label):
            if label.property("vetoed") != vetoed:  # a failed veto in red (the editor's style sheet)
                label.setProperty("vetoed", vetoed)
                label.style().unpolish(label)
                label.style().polish(label)
        if result.vetoed:
            self.eligible_label.setText(self.tr("一票否决（{0}）").format("、".join(result.vetoed)))
        elif result.eligible:
            self.eligible_label.setText(self.tr("符合（≥ {0} 分）").format(fmt(checklist.title_threshold or 0)))
        else:
            self.eligible_label.setText(self.tr("不符合（需 ≥ {0} 分）").format(fmt(checklist.title_threshold or 0)))

        self.open_box.setTitle(self.tr("未填的必填条目（{0}）").format(len(result.open_required)))
        self.open_list.clear()
        for item_id in result.open_required:
            entry = QListWidgetItem(f"{item_id}  {checklist.item(item_id).text}")
            entry.setData(Qt.ItemDataRole.UserRole, item_id)
            entry.setToolTip(checklist.item(item_id).text)
            self.open_list.addItem(entry)
