"""At start, offer back the inspections whose edits a crash or a power cut left unsaved."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from qinspect.errors import QInspectError
from qinspect.store import registers
from qinspect.store.db import Store
from qinspect.ui.editor import InspectionEditor
from qinspect.ui.editor_drafts import Draft, pending_drafts, remove_draft
from qinspect.ui.errors import show_error

translate = QCoreApplication.translate  # the strings keep the editor's context, as before


def ask_restore(parent: QWidget | None, store: Store, draft: Draft) -> bool | None:
    """True to restore, False to discard, None to decide at the next start."""
    subject = registers.subject_by_uuid(store, draft.inspection.subject_kind, draft.inspection.subject_uuid)
    name = subject["name"] if subject else draft.inspection.subject_uuid[:8]
    text = translate("InspectionEditor", "上次关闭前，“{0}”（{1}）有未保存的填写内容（草稿时间 {2}）。要恢复吗？")
    box = QMessageBox(QMessageBox.Icon.Question, translate("InspectionEditor", "恢复未保存的检查"),
                      text.format(name, draft.inspection.date, draft.saved_at), QMessageBox.StandardButton.NoButton,
                      parent)
    restore = box.addButton(translate("InspectionEditor", "恢复"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(translate("InspectionEditor", "丢弃"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(translate("InspectionEditor", "以后再说"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    clicked = box.clickedButton()
    return True if clicked is restore else False if clicked is discard else None


def offer_drafts(parent: QWidget | None, store: Store,
                 ask: Callable[[QWidget | None, Store, Draft], bool | None] = ask_restore) -> list[InspectionEditor]:
    """At start: offer each draft left by a crash; returns editors for the restored ones."""
    editors = []
    for draft in pending_drafts(store):
        choice = ask(parent, store, draft)
        if choice is None:
            continue
        if not choice:
            remove_draft(draft.inspection.uuid)
            continue
        try:
            editors.append(InspectionEditor.from_draft(store, draft, parent))
        except QInspectError as e:
            show_error(parent, e)
    return editors
