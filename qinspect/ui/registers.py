"""Register dialogs: add and edit villages and enterprises, and import a register file with a preview.

The layouts are forms/village.ui, forms/enterprise.ui and forms/import_preview.ui. The forms
check as the person types (the credit code's check character, duplicates, the phone number)
and keep OK disabled until the entry can be saved; the store checks again when saving.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QCompleter, QDialog, QDialogButtonBox, QLabel, QLineEdit, QWidget,
)

from qinspect.errors import QInspectError
from qinspect.operations import registers
from qinspect.progress import Progress
from qinspect.store.db import Store
from qinspect.ui.error_text import in_language
from qinspect.ui.forms import embed_form
from qinspect.ui.import_preview import BAD_TEXT, GOOD_TEXT, ImportPreviewDialog
from qinspect.ui.signals import REGISTERS
from qinspect.ui.tasks import perform


class _RegisterDialog(QDialog):
    """What the village and enterprise forms share: the township list, the problem line, OK."""

    form_name = ""

    def __init__(self, store: Store, parent: QWidget | None):
        super().__init__(parent)
        self.store = store
        self.form = embed_form(self, self.form_name, flush=False)
        self.township_combo: QComboBox = self.form.findChild(QComboBox, "townshipCombo")
        self.name_edit: QLineEdit = self.form.findChild(QLineEdit, "nameEdit")
        self.phone_edit: QLineEdit = self.form.findChild(QLineEdit, "phoneEdit")
        self.problem_label: QLabel = self.form.findChild(QLabel, "problemLabel")
        self.buttons: QDialogButtonBox = self.form.findChild(QDialogButtonBox, "buttonBox")
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        rows = registers.townships(store)
        county_order = {cid: n for n, (_, cid, _, _) in reversed(list(enumerate(rows)))}
        for tid, _, county, name in sorted(rows, key=lambda r: (county_order[r[1]], r[3])):
            self.township_combo.addItem(f"{county} / {name}", tid)
        self.township_combo.setCurrentIndex(-1)

    def select_township(self, township_id: int | None) -> None:
        self.township_combo.setCurrentIndex(self.township_combo.findData(township_id))

    def new_entry_township(self, chosen: int | None) -> int | None:
        """A new entry's township: the one chosen in the tree, else the user's own."""
        return chosen if chosen is not None else registers.home_township(self.store)

    def focus_first(self) -> None:
        """The name when the township is known (a new entry from the tree), else the township."""
        (self.name_edit if self.township_id is not None else self.township_combo).setFocus()

    @property
    def township_id(self) -> int | None:
        return self.township_combo.currentData()

    def problem(self) -> str | None:
        """Why the entry cannot be saved yet; "" when it is only incomplete (nothing to say yet)."""
        raise NotImplementedError

    def validate(self) -> None:
        problem = self.problem()
        self.problem_label.setText(in_language(problem or ""))
        self.ok_button.setEnabled(problem is None)

    def save(self) -> None:
        raise NotImplementedError

    def accept(self) -> None:
        if self.problem() is not None:
            return
        try:
            self.save()
        except QInspectError as e:
            self.problem_label.setText(in_language(str(e)))
            self.ok_button.setEnabled(False)
            return
        super().accept()


class VillageDialog(_RegisterDialog):
    """Add a village (`village_id` None) or edit one; `township_id` preselects the township of a new one."""

    form_name = "village"

    def __init__(self, store: Store, parent: QWidget | None = None, village_id: int | None = None,
                 township_id: int | None = None):
        super().__init__(store, parent)
        self.village_id = village_id
        self.kind_combo: QComboBox = self.form.findChild(QComboBox, "kindCombo")
        self.assistant_edit: QLineEdit = self.form.findChild(QLineEdit, "assistantEdit")
        self.kind_combo.addItem(self.tr("行政村"), "行政村")
        self.kind_combo.addItem(self.tr("社区"), "社区")
        if village_id is None:
            self.setWindowTitle(self.tr("新增村(社区)"))
            self.select_township(self.new_entry_township(township_id))
        else:
            row = registers.subject(store, "village", village_id)
            self.setWindowTitle(self.tr("编辑村(社区)：{0}").format(row["name"]))
            self.select_township(row["township_id"])
            self.township_combo.setEnabled(False)
            self.township_combo.setToolTip(self.tr("已登记的村(社区)不能改到其他乡镇(街道)：它的检查记录计入原乡镇(街道)。"))
            self.name_edit.setText(row["name"])
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(row["kind"]))
            self.assistant_edit.setText(row["assistant"])
            self.phone_edit.setText(row["phone"])
        self.township_combo.currentIndexChanged.connect(self.validate)
        self.name_edit.textChanged.connect(self.validate)
        self.phone_edit.textChanged.connect(self.validate)
        self.validate()
        self.focus_first()
        self.resize(460, 280)

    def problem(self) -> str | None:
        name = self.name_edit.text().strip()
        if self.township_id is None or not name:
            return ""
        return registers.village_problem(self.store, self.township_id, name, self.kind_combo.currentData(),
                                         self.phone_edit.text(), self.village_id)

    def save(self) -> None:
        values = (self.name_edit.text(), self.kind_combo.currentData(), self.assistant_edit.text(),
                  self.phone_edit.text())
        if self.village_id is None:
            self.village_id = perform(registers.add_village, self.store, self.township_id, *values)
        else:
            perform(registers.update_village, self.store, self.village_id, *values)


class EnterpriseDialog(_RegisterDialog):
    """Add an enterprise (`enterprise_id` None) or edit one; the credit code is checked as it is typed."""

    form_name = "enterprise"

    def __init__(self, store: Store, parent: QWidget | None = None, enterprise_id: int | None = None,
                 township_id: int | None = None):
        super().__init__(store, parent)
        self.enterprise_id = enterprise_id
        find = self.form.findChild
        self.village_combo: QComboBox = find(QComboBox, "villageCombo")
        self.code_edit: QLineEdit = find(QLineEdit, "creditCodeEdit")
        self.code_problem: QLabel = find(QLabel, "creditCodeProblem")
        self.industry_edit: QLineEdit = find(QLineEdit, "industryEdit")
        self.address_edit: QLineEdit = find(QLineEdit, "addressEdit")
        self.contact_edit: QLineEdit = find(QLineEdit, "contactEdit")
        completer = QCompleter(registers.industries(store), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.industry_edit.setCompleter(completer)
        self.township_combo.currentIndexChanged.connect(self._fill_villages)
        if enterprise_id is None:
            self.setWindowTitle(self.tr("新增企业"))
            self.select_township(self.new_entry_township(township_id))
            self._fill_villages()
        else:
            row = registers.subject(store, "enterprise", enterprise_id)
            self.setWindowTitle(self.tr("编辑企业：{0}").format(row["name"]))
            self.select_township(row["township_id"])
            self.township_combo.setEnabled(False)
            self.township_combo.setToolTip(self.tr("已登记的企业不能改到其他乡镇(街道)：它的检查记录计入原乡镇(街道)。"))
            self._fill_villages()
            self.village_combo.setCurrentIndex(max(0, self.village_combo.findData(row["village_id"])))
            self.name_edit.setText(row["name"])
            self.code_edit.setText(row["credit_code"])
            self.industry_edit.setText(row["industry"])
            self.address_edit.setText(row["address"])
            self.contact_edit.setText(row["contact"])
            self.phone_edit.setText(row["phone"])
        self.code_edit.textEdited.connect(self._upper_case)
        for signal in (self.township_combo.currentIndexChanged, self.name_edit.textChanged,
                       self.code_edit.textChanged, self.phone_edit.textChanged):
            signal.connect(self.validate)
        self.validate()
        self.focus_first()
        self.resize(520, 400)

    def _fill_villages(self) -> None:
        self.village_combo.clear()
        self.village_combo.addItem(self.tr("（不填）"), None)
        if self.township_id is not None:
            for vid, name, _ in registers.villages_of(self.store, self.township_id):
                self.village_combo.addItem(name, vid)

    def _upper_case(self, text: str) -> None:
        # credit codes are printed in capitals; typing them in lower case is still the same code
        if text != text.upper():
            pos = self.code_edit.cursorPosition()
            self.code_edit.setText(text.upper())
            self.code_edit.setCursorPosition(pos)

    def credit_code_problem(self) -> str | None:
        """Why the typed code cannot be saved; "" while nothing is typed; None when it is valid and new."""
        code = self.code_edit.text().strip().upper()
        if not code:
            return ""
        return registers.enterprise_code_problem(self.store, code, self.enterprise_id)

    def validate(self) -> None:
        code_problem = self.credit_code_problem()
        if code_problem is None:
            self.code_problem.setText(self.tr("✓ 代码有效"))
            self.code_problem.setStyleSheet(f"color: {GOOD_TEXT.name()};")
        else:
            self.code_problem.setText(code_problem or self.tr("18 位，最后一位是校验位，输入时即检查"))
            self.code_problem.setStyleSheet(f"color: {BAD_TEXT.name()};" if code_problem else "color: gray;")
        super().validate()

    def problem(self) -> str | None:
        if self.township_id is None or not self.name_edit.text().strip() or self.credit_code_problem() is not None:
            return ""  # the code's own reason is shown under its field
        return registers.phone_problem(self.phone_edit.text())

    def save(self) -> None:
        values = dict(name=self.name_edit.text(), credit_code=self.code_edit.text(),
                      industry=self.industry_edit.text(), address=self.address_edit.text(),
                      contact=self.contact_edit.text(), phone=self.phone_edit.text(),
                      village_id=self.village_combo.currentData())
        if self.enterprise_id is None:
            self.enterprise_id = perform(registers.add_enterprise, self.store, self.township_id, **values)
        else:
            perform(registers.update_enterprise, self.store, self.enterprise_id, **values)


class RegisterImportDialog(ImportPreviewDialog):
    """Import a file of villages or enterprises: every row shown with its errors before anything is written."""

    changes = REGISTERS

    def window_title(self) -> str:
        return self.tr("导入村(社区)或企业名册")

    def intro_text(self) -> str:
        return self.tr("一个文件只放村(社区)或只放企业，按表头区分（各列的说明见 docs/spreadsheets.md）。"
                       "每一行都先检查；有任何错误时整个文件都不导入。")

    def read(self, path: Path, progress: Progress) -> Any:
        return registers.check_file(self.store, path, progress)

    def write(self, check: Any, progress: Progress) -> str:
        count = registers.write_file(self.store, check, progress)
        return self.tr("已导入 {0} 条{1}记录。").format(count, registers.KIND_LABELS[check.kind])

    def notes(self, check: Any) -> dict[int, str]:
        return {row.number: self.tr("新增") for row in check.rows}
