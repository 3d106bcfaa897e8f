"""The inspection editor: one tab per assessment category, live scores, undo, drafts, locking.

The main window hosts an InspectionEditor as a closable tab and forwards Ctrl+S, undo and redo
to it (`save()`, `undo_stack()`). Every answer change is one QUndoCommand; the score panel is
recomputed from qinspect.domain.scoring after each. Coordinators typing in paper results never
need the mouse: digits pick a choice or tier, Enter goes to the next unanswered item, Tab and
Up/Down move between items, F2 opens the note. Every few seconds a dirty editor writes a draft
file (editor_drafts) that `restore_drafts.offer_drafts` gives back after a crash. The keyboard
is editor_keys.py, the score panel score_panel.py, the undo steps editor_undo.py.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QDate, QEvent, QIODevice, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QImage, QImageReader, QKeySequence, QPixmap, QUndoStack
from PySide6.QtWidgets import (
    QAbstractSpinBox, QApplication, QDialog, QFileDialog, QFrame, QHBoxLayout, QInputDialog, QLabel, QLineEdit,
    QMessageBox, QPushButton, QScrollArea, QSplitter, QTabWidget, QVBoxLayout, QWidget,
)

from qinspect.domain.checklist import ItemKind
from qinspect.domain.records import COMPLETED, Answer, Inspection
from qinspect.domain.scoring import ScoreResult, score
from qinspect.errors import QInspectError
from qinspect.operations import derived as derived_ops
from qinspect.operations import evidence
from qinspect.operations import inspections as inspection_ops
from qinspect.store import checklists, inspections, registers
from qinspect.store.db import Store
from qinspect.ui.derived_items import DerivedInspectionsDialog, DerivedRow, OverrideDialog
from qinspect.ui.editor_drafts import Draft, remove_draft, write_draft
from qinspect.ui.editor_keys import ItemKeys
from qinspect.ui.editor_rows import THUMBNAIL, ItemRow, PhotoRow, category_title, make_row
from qinspect.ui.editor_undo import AnswerCommand
from qinspect.ui.errors import show_error
from qinspect.ui.labels import status_label, subject_kind_label
from qinspect.ui.score_panel import ScorePanel
from qinspect.ui.tasks import perform

__all__ = ["InspectionEditor"]

DRAFT_INTERVAL_MS = 5000
translate = QCoreApplication.translate  # for strings outside a QObject method, with a literal context
BONUS_TAB = "bonus"

STYLE = """
QFrame#itemRow { border: none; border-bottom: 1px solid #d9dde3; background: palette(base); }
QFrame#itemRow[current="true"] { background: #eaf2fd; border-left: 4px solid #2b6cd4; }
QLabel#itemId { font-weight: bold; color: #2b4f8a; min-width: 34px; }
QLabel#itemText { font-weight: bold; }
QLabel#itemTag { color: #6b7280; }
QLabel#itemPoints { font-weight: bold; color: #1f5f3a; }
QLabel#itemStandard { color: #4b5563; }
QLabel#itemReach { color: #4b5563; }
QWidget#choiceBox QPushButton { padding: 3px 10px; }
QWidget#choiceBox QPushButton:checked { background: #2b6cd4; color: white; border: 1px solid #1e4f9e;
                                        border-radius: 3px; }
QLabel#banner { padding: 6px; border-radius: 3px; }
QLabel#banner[tone="warn"] { background: #fdecea; color: #8a1c12; }
QLabel#banner[tone="info"] { background: #fff6d6; color: #6b4e00; }
QLabel#total { font-size: 20px; font-weight: bold; }
QLabel[vetoed="true"] { color: #b3261e; font-weight: bold; }
QLabel#subject { font-size: 17px; font-weight: bold; }
QLabel#derivedValue { font-size: 15px; font-weight: bold; }
QLabel#derivedSource { color: #1f5f3a; }
QLabel#derivedSource[overridden="true"] { color: #9a4b00; font-weight: bold; }
"""

class InspectionEditor(QWidget):
    """Edits one inspection: an existing one by uuid, or a new, unsaved one from the dialog."""

    dirtyChanged = Signal(bool)
    open_inspection = Signal(str)  # a derived item's inspections list asked to open one (uuid)

    def __init__(self, store: Store, inspection_uuid: str | None = None, new: Inspection | None = None,
                 parent: QWidget | None = None, refresh_derived: bool = True):
        super().__init__(parent)
        if (inspection_uuid is None) == (new is None):
            raise ValueError("give either inspection_uuid or new")
        self.store = store
        if new is not None:
            self._inspection = derived_ops.with_fresh_values(store, new) if refresh_derived else new
            self._base: str | None = None
        else:
            self._inspection = inspections.load(store, inspection_uuid)
            # a draft assessment's derived items follow the field data: recounted, saved if they moved
            if refresh_derived and derived_ops.has_derived_items(store, self._inspection) and \
                    perform(derived_ops.refresh_inspection, store, inspection_uuid) is not None:
                self._inspection = inspections.load(store, inspection_uuid)
            self._base = inspections.summary(store, inspection_uuid)["revision"]
        self._exists = self._base is not None
        self._reason = ""  # while a completed inspection is being revised: why
        self._locked = self._inspection.status == COMPLETED
        self.checklist = checklists.get(store, self._inspection.checklist_id, self._inspection.checklist_version)
        self.subject = registers.subject_by_uuid(store, self._inspection.subject_kind, self._inspection.subject_uuid)
        self._derived = {d.item.id: d for d in derived_ops.items_of(store, self._inspection)}
        self._thumbnails: dict[str, QPixmap] = {}
        self._draft_hash = ""
        self._shown_once = False
        self._last_item: str | None = None  # the item the keyboard was last on, for F2 from a button
        self._undo = QUndoStack(self)
        self._undo.cleanChanged.connect(self._clean_changed)

        self._result = score(self.checklist, self._inspection.values)
        self._build()
        self.setStyleSheet(STYLE)
        self._set_locked(self._locked)
        self._ensure_page(0)
        self._refresh()

        # The row holding the focus is highlighted, wherever in the row the focus is.
        QApplication.instance().focusChanged.connect(self._current_changed)
        self._draft_timer = QTimer(self)
        self._draft_timer.setInterval(DRAFT_INTERVAL_MS)
        self._draft_timer.timeout.connect(self.write_draft)
        self._draft_timer.start()

    # -- building ------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)

        header = QHBoxLayout()
        info = QVBoxLayout()
        self.subject_label = QLabel()
        self.subject_label.setObjectName("subject")
        self.form_label = QLabel()
        self.status_label = QLabel()
        info.addWidget(self.subject_label)
        info.addWidget(self.form_label)
        info.addWidget(self.status_label)
        header.addLayout(info, 1)
        self.save_button = QPushButton(self.tr("保存"))
        self.complete_button = QPushButton(self.tr("完成检查"))
        self.revise_button = QPushButton(self.tr("修改…"))
        for button in (self.save_button, self.complete_button, self.revise_button):
            button.setAutoDefault(True)  # Enter presses the focused button, as in a dialog
            header.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.save_button.clicked.connect(self.save)
        self.complete_button.clicked.connect(self.complete)
        self.revise_button.clicked.connect(self.revise)
        outer.addLayout(header)

        self.complete_action = QAction(self.tr("完成检查"), self)
        self.complete_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Return))
        self.complete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.complete_action.triggered.connect(self.complete)
        self.revise_action = QAction(self.tr("修改已完成的检查…"), self)
        self.revise_action.triggered.connect(self.revise)
        self.addActions([self.complete_action, self.revise_action])

        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        outer.addWidget(self.banner)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        splitter.addWidget(self.tabs)
        self.score_panel = ScorePanel(self.checklist)
        self.score_panel.item_chosen.connect(self.focus_item)
        splitter.addWidget(self.score_panel)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        outer.addWidget(splitter, 1)

        hint = QLabel(self.tr("键盘录入：数字键选择档次（1 = 符合/第一档，2 = 不符合/第二档，3 = 不适用…），"
                              "输入数值后按 Enter；Enter 跳到下一未填项，↑↓ 或 Tab 切换条目，F2 填写备注，"
                              "Delete 清除答案，Ctrl+Enter 完成检查"))
        hint.setWordWrap(True)
        hint.setObjectName("itemTag")
        outer.addWidget(hint)

        # Items in entry order: the category tabs in order, then the bonus tab. A tab's rows are
        # built the first time it is shown, so a 37-item form opens with one tab's widgets.
        groups = [(c.id, [i for i in self.checklist.items_of(c.id) if i.kind is not ItemKind.BONUS])
                  for c in self.checklist.categories]
        bonus = [i for i in self.checklist.items if i.kind is ItemKind.BONUS]
        if bonus:
            groups.append((BONUS_TAB, bonus))
        self._tab_keys = [key for key, _ in groups]
        self._tab_items = [items for _, items in groups]
        self._items = [item for items in self._tab_items for item in items]
        self._row_of = {item.id: n for n, item in enumerate(self._items)}
        self._tab_of = {item.id: tab for tab, items in enumerate(self._tab_items) for item in items}
        self._rows: list[ItemRow | None] = [None] * len(self._items)
        self.keys = ItemKeys(self)
        self._scrolls: list[QScrollArea] = []
        for _ in groups:
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            self._scrolls.append(scroll)
            self.tabs.addTab(scroll, "")
        self.tabs.currentChanged.connect(self._ensure_page)

    def _ensure_page(self, tab: int) -> None:
        if tab < 0 or self._scrolls[tab].widget() is not None:
            return
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for item in self._tab_items[tab]:
            row = DerivedRow(item, page) if item.derive else make_row(item, self._thumbnail, page)
            if isinstance(row, DerivedRow):
                row.set_derived(self._derived[item.id])
                row.list_requested.connect(self.list_derived_inspections)
                row.override_requested.connect(self.override_derived)
            row.inspection_date = self._inspection_date()
            row.edited.connect(self._edited)
            row.details_added.connect(self.keys.watch_details)
            if isinstance(row, PhotoRow):
                row.add_requested.connect(self.add_photos)
                row.remove_requested.connect(self.remove_photo)
            row.display(self._inspection.answers.get(item.id, Answer()), self._result.items[item.id])
            row.set_locked(self._locked)
            self._rows[self._row_of[item.id]] = row
            layout.addWidget(row)
            self.keys.watch(row)
        layout.addStretch(1)
        self._scrolls[tab].setWidget(page)

    @property
    def rows(self) -> list[ItemRow | None]:
        """Every item's row in entry order; None for a tab not shown yet."""
        return self._rows

    def row_index(self, item_id: str) -> int:
        return self._row_of[item_id]

    def row(self, item_id: str) -> ItemRow:
        """The row of an item, building its tab's rows if they were not shown yet."""
        index = self._row_of[item_id]
        self._ensure_page(self._tab_of[item_id])
        return self._rows[index]

    # -- the inspection and its answers --------------------------------------------------
    def inspection(self) -> Inspection:
        return self._inspection

    def undo_stack(self) -> QUndoStack:
        return self._undo

    def _clean_changed(self, clean: bool) -> None:
        self._refresh()
        self.dirtyChanged.emit(not clean)

    def is_dirty(self) -> bool:
        return not self._undo.isClean()

    def is_locked(self) -> bool:
        return self._locked

    def title(self) -> str:
        """A short name for the tab that hosts this editor."""
        name = self.subject["name"] if self.subject else self._inspection.subject_uuid[:8]
        return f"{name} {self._inspection.date}"

    def _edited(self, item_id: str, new: Answer, field: str) -> None:
        old = self._inspection.answers.get(item_id, Answer())
        if self._locked or new == old:
            self.row(item_id).display(old, self._result.items[item_id])
            if self._locked:
                self._show_banner(self.tr("这份检查已完成并锁定；要更改请先点“修改…”并填写原因。"), "info")
            return
        self._undo.push(AnswerCommand(self._apply, {item_id: (old, new)}, self.tr("填写 {0}").format(item_id), field))

    def set_answer(self, item_id: str, answer: Answer) -> None:
        """Change one answer as if typed (one undo step); for scripts and tests."""
        self._edited(item_id, answer, "value")

    def _apply(self, answers: dict[str, Answer], reveal: bool) -> None:
        inspection = self._inspection
        for item_id, answer in answers.items():
            inspection = inspection.with_answer(item_id, answer)
        self._inspection = inspection
        self._result = score(self.checklist, inspection.values)
        for item_id in answers:
            row = self._rows[self._row_of[item_id]]
            if row is not None:
                row.display(inspection.answers.get(item_id, Answer()), self._result.items[item_id])
        self._refresh()
        if reveal and len(answers) == 1:
            self.focus_item(next(iter(answers)))

    def _refresh(self) -> None:
        insp, result, checklist = self._inspection, self._result, self.checklist
        subject = self.subject or {}
        kind = subject_kind_label(insp.subject_kind)
        place = " ".join(x for x in (subject.get("county"), subject.get("township")) if x and x != subject.get("name"))
        self.subject_label.setText(f"{subject.get('name', insp.subject_uuid)}  ·  {kind}  {place}")
        self.form_label.setText(self.tr("{0}（{1} 版）    检查日期：{2}    检查人：{3}").format(
            checklist.title, checklist.version, insp.date, insp.inspector))
        if insp.status != COMPLETED:
            status = status_label(insp.status) if self._exists else self.tr("新检查，尚未保存")
        elif self._reason:
            status = self.tr("已完成 · 正在修改（原因：{0}）").format(self._reason)
        else:
            status = self.tr("已完成，已锁定")
        if self.is_dirty():
            status += self.tr(" · 有未保存的更改")
        self.status_label.setText(self.tr("状态：{0}    记录号：{1}").format(status, insp.uuid[:12]))

        self.score_panel.show_result(result)
        if not result.open_required and self.banner.property("tone") == "warn":
            self.banner.hide()

        for n, (key, items) in enumerate(zip(self._tab_keys, self._tab_items)):
            answered = sum(1 for i in items if i.id in insp.answers and insp.answers[i.id].value is not None)
            title = self.tr("加分项") if key == BONUS_TAB else category_title(key)
            self.tabs.setTabText(n, f"{title} {answered}/{len(items)}")

    def score_result(self) -> ScoreResult:
        return self._result

    def _inspection_date(self) -> QDate:
        return QDate.fromString(self._inspection.date, Qt.DateFormat.ISODate)

    # -- keyboard ------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        # F2 anywhere in the editor is the note's key, not the window's 编辑所选.
        if event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_F2:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_F2:  # focus on a button or a tab: the note of the item last worked on
            item_id = self._last_item or self._items[0].id
            self.focus_item(item_id)
            self.row(item_id).note.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        super().keyPressEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._shown_once:
            # Ready for typing at once: the keyboard starts on the first item still open.
            self._shown_once = True
            if not self._locked:
                self.next_unanswered()

    def focus_item(self, target: str | int) -> None:
        """Show the item's tab, scroll it into view and put the keyboard focus on its control."""
        item_id = target if isinstance(target, str) else self._items[target].id
        row = self.row(item_id)
        tab = self._tab_of[item_id]
        if self.tabs.currentIndex() != tab:
            self.tabs.setCurrentIndex(tab)
        scroll = self._scrolls[tab]
        scroll.widget().layout().activate()
        scroll.ensureWidgetVisible(row, 0, 40)
        # Once more after pending layout (a page shown for the first time, new thumbnails).
        QTimer.singleShot(0, row, lambda: scroll.ensureWidgetVisible(row, 0, 40))
        self.focus_primary(row)

    def focus_primary(self, row: ItemRow) -> None:
        widget = row.primary()
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        if isinstance(widget, (QLineEdit, QAbstractSpinBox)):
            widget.selectAll()

    def current_item(self) -> str | None:
        """The id of the item holding the keyboard focus, if any."""
        widget = self.focusWidget()
        while widget is not None and not isinstance(widget, ItemRow):
            widget = widget.parentWidget()
        return widget.item.id if widget is not None else None

    def next_unanswered(self, after: int = -1) -> None:
        """Focus the next item without an answer after `after`; past the end, the first
        required one still open; when none is left, the button that completes the inspection."""
        answered = self._inspection.answers
        for index in range(after + 1, len(self._items)):
            item = self._items[index]
            if item.id not in answered or answered[item.id].value is None:
                self.focus_item(index)
                return
        if self._result.open_required:
            self.focus_item(self._result.open_required[0])
            return
        self.focus_buttons()

    def focus_buttons(self) -> None:
        for button in (self.complete_button, self.save_button, self.revise_button):
            if button.isVisibleTo(self) and button.isEnabled():
                button.setFocus(Qt.FocusReason.TabFocusReason)
                return

    def _commit_focused(self) -> None:
        item_id = self.current_item()
        if item_id is not None:
            self.row(item_id).commit()

    def _current_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        for widget, value in ((old, False), (new, True)):
            while widget is not None and not isinstance(widget, ItemRow):
                widget = widget.parentWidget()
            if value and widget is not None and self.isAncestorOf(widget):
                self._last_item = widget.item.id
            if widget is not None and widget.property("current") != value:
                widget.setProperty("current", value)
                widget.style().unpolish(widget)
                widget.style().polish(widget)

    # -- photos --------------------------------------------------------------------------
    def choose_photo_files(self) -> list[str]:
        """Ask for photo files; tests replace this method."""
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("添加照片"), "",
                                                self.tr("图片 (*.jpg *.jpeg *.png *.bmp *.gif)"))
        return files

    def add_photos(self, item_id: str) -> None:
        if self._locked:
            return
        files = self.choose_photo_files()
        if not files:
            return
        try:
            hashes = [evidence.add_photo(self.store, path) for path in files]
        except QInspectError as e:
            show_error(self, e)
            return
        old = self._inspection.answers.get(item_id, Answer())
        value = list(old.value or [])
        value += [h for h in dict.fromkeys(hashes) if h not in value]
        self._edited(item_id, replace(old, value=value), "value")

    def remove_photo(self, item_id: str, digest: str) -> None:
        old = self._inspection.answers.get(item_id, Answer())
        value = [h for h in (old.value or []) if h != digest]
        self._edited(item_id, replace(old, value=value or None), "value")

    def _thumbnail(self, digest: str) -> QPixmap:
        if digest not in self._thumbnails:
            buffer = QBuffer()
            try:
                buffer.setData(QByteArray(evidence.photo(self.store, digest)))
            except QInspectError:
                pixmap = QPixmap(THUMBNAIL, THUMBNAIL)
                pixmap.fill(Qt.GlobalColor.lightGray)
                self._thumbnails[digest] = pixmap
                return pixmap
            buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            reader = QImageReader(buffer)
            size = reader.size()
            if size.isValid():
                # Decode straight to thumbnail size: a 12-megapixel photo stays cheap.
                reader.setScaledSize(size.scaled(QSize(THUMBNAIL, THUMBNAIL), Qt.AspectRatioMode.KeepAspectRatio))
            image: QImage = reader.read()
            self._thumbnails[digest] = QPixmap.fromImage(image)
        return self._thumbnails[digest]

    # -- saving, completing, revising ----------------------------------------------------
    def save(self) -> bool:
        """Write a new revision in one transaction; False (with a message) when refused."""
        self._commit_focused()
        if self._locked or (self._exists and not self.is_dirty()):
            return True
        return self._write(self._inspection)

    def complete(self) -> bool:
        """Complete and lock the inspection; refused, listing them, while required items are open."""
        if self._locked or self._inspection.status == COMPLETED:
            return False
        self._commit_focused()
        if self._result.open_required:
            self._show_banner(self.tr("还有 {0} 个必填条目未填写（见右侧列表），不能完成检查：{1}").format(
                len(self._result.open_required), "、".join(self._result.open_required)), "warn")
            self.score_panel.open_list.setCurrentRow(0)
            self.focus_item(self._result.open_required[0])
            return False
        completed = replace(self._inspection, status=COMPLETED)
        if not self._write(completed):
            return False
        self._undo.clear()
        self._set_locked(True)
        self._refresh()
        return True

    def _write(self, inspection: Inspection) -> bool:
        try:
            inspection = derived_ops.with_fresh_values(self.store, inspection) if self._derived else inspection
            result = perform(inspection_ops.save, self.store, inspection, reason=self._reason, base=self._base)
        except QInspectError as e:
            show_error(self, e)
            return False
        if inspection != self._inspection:  # derived values counted afresh as it was saved
            self._apply({k: inspection.answers.get(k, Answer()) for k in self._derived}, reveal=False)
            self._inspection = inspection
        if result.revision is not None:
            self._base = result.revision
        self._exists = True
        remove_draft(inspection.uuid)
        self._draft_hash = ""
        self._undo.setClean()
        if self._reason:
            self._reason = ""
            self._undo.clear()
            self._set_locked(True)
        self.banner.hide()
        self._refresh()
        return True

    def ask_reason(self) -> str | None:
        """Ask why a completed inspection is changed; tests replace this method."""
        text, ok = QInputDialog.getText(self, self.tr("修改已完成的检查"),
                                        self.tr("这份检查已完成。请写明修改原因（将记入审计日志）："))
        return text.strip() if ok and text.strip() else None

    def revise(self) -> bool:
        """Unlock a completed inspection for changes, after asking the reason."""
        if not self._locked:
            return False
        reason = self.ask_reason()
        if not reason:
            return False
        self._start_revising(reason)
        return True

    def _start_revising(self, reason: str) -> None:
        self._reason = reason
        self._set_locked(False)
        self._refresh()
        self.focus_item(self._result.open_required[0] if self._result.open_required else 0)

    def _set_locked(self, locked: bool) -> None:
        self._locked = locked
        for row in filter(None, self._rows):
            row.set_locked(locked)
        completed = self._inspection.status == COMPLETED
        self.complete_button.setVisible(not completed)
        self.complete_action.setEnabled(not completed)
        self.revise_button.setVisible(locked)
        self.revise_action.setEnabled(locked)
        self.save_button.setEnabled(not locked)
        if locked:
            self._show_banner(self.tr("这份检查已完成并锁定。要更改，请点“修改…”并写明原因；修改会作为新修订记入审计日志。"),
                              "info")
        else:
            self.banner.hide()

    def _show_banner(self, text: str, tone: str) -> None:
        self.banner.setText(text)
        self.banner.setProperty("tone", tone)
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        self.banner.show()

    # -- items derived from field data ---------------------------------------------------
    def list_derived_inspections(self, item_id: str) -> DerivedInspectionsDialog | None:
        """Show the inspections a derived item is counted from (a dialog; tests read it)."""
        try:
            rows = derived_ops.inspections_behind(self.store, self._inspection, item_id)
        except QInspectError as e:
            show_error(self, e)
            return None
        dialog = DerivedInspectionsDialog(self._derived[item_id], rows, self)
        dialog.open_requested.connect(self.open_inspection)
        self.last_dialog = dialog
        self.run_dialog(dialog)
        return dialog

    def run_dialog(self, dialog: QDialog) -> int:
        """Run a modal dialog; tests replace this to drive the dialog's widgets instead."""
        return dialog.exec()

    def override_derived(self, item_id: str) -> bool:
        """改写…: ask the value and the reason, save them as a new revision with an audit entry."""
        dialog = OverrideDialog(self._derived[item_id], self)
        self.last_dialog = dialog
        if self.run_dialog(dialog) != QDialog.DialogCode.Accepted:
            return False
        if self.is_dirty() and not self.save():  # the override is saved at once: the edits before it first
            return False
        try:
            perform(derived_ops.override_inspection, self.store, self._inspection.uuid, item_id, dialog.value(),
                    dialog.reason(), base=self._base)
        except QInspectError as e:
            show_error(self, e)
            return False
        self._reload()
        self.focus_item(item_id)
        return True

    def _reload(self) -> None:
        """Show the head as saved (after an override written by the operation, not typed here)."""
        uuid = self._inspection.uuid
        self._inspection = inspections.load(self.store, uuid)
        self._base = inspections.summary(self.store, uuid)["revision"]
        self._derived = {d.item.id: d for d in derived_ops.items_of(self.store, self._inspection)}
        self._result = score(self.checklist, self._inspection.values)
        self._undo.clear()
        for item, row in zip(self._items, self._rows):
            if row is not None:
                if isinstance(row, DerivedRow):
                    row.set_derived(self._derived[item.id])
                row.display(self._inspection.answers.get(item.id, Answer()), self._result.items[item.id])
        self._refresh()

    # -- drafts and closing --------------------------------------------------------------
    def write_draft(self) -> None:
        """Keep the unsaved state on disk (the timer calls this every few seconds)."""
        if not self.is_dirty():
            return
        digest = self._inspection.content_hash() + self._reason
        if digest == self._draft_hash:
            return
        write_draft(self.store, self._inspection, self._base, self._reason)
        self._draft_hash = digest

    def ask_save_changes(self) -> str:
        """"save", "discard" or "cancel"; tests replace this method."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("保存更改"),
                          self.tr("“{0}”有未保存的更改。要保存吗？").format(self.title()),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        box.button(QMessageBox.StandardButton.Save).setText(self.tr("保存"))
        box.button(QMessageBox.StandardButton.Discard).setText(self.tr("不保存"))
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("取消"))
        answer = box.exec()
        return {QMessageBox.StandardButton.Save: "save",
                QMessageBox.StandardButton.Discard: "discard"}.get(QMessageBox.StandardButton(answer), "cancel")

    def maybe_close(self) -> bool:
        """True when the editor may close: saved, nothing to save, or the changes discarded."""
        self._commit_focused()
        if not self.is_dirty():
            remove_draft(self._inspection.uuid)
            return True
        choice = self.ask_save_changes()
        if choice == "save":
            return self.save()
        if choice == "discard":
            remove_draft(self._inspection.uuid)
            self._undo.setClean()
            return True
        return False

    @classmethod
    def from_draft(cls, store: Store, draft: Draft, parent: QWidget | None = None) -> "InspectionEditor":
        """An editor showing a recovered draft on top of what the database holds, as one undo step."""
        content = draft.inspection
        if draft.base is not None:
            editor = cls(store, inspection_uuid=content.uuid, parent=parent, refresh_derived=False)
            editor._base = draft.base  # a newer revision saved since is then refused, not overwritten
        else:
            editor = cls(store, new=replace(content, answers={}), parent=parent, refresh_derived=False)
        if draft.reason:
            editor._start_revising(draft.reason)
        current = editor._inspection.answers
        changes = {k: (current.get(k, Answer()), content.answers.get(k, Answer()))
                   for k in set(current) | set(content.answers)
                   if current.get(k, Answer()) != content.answers.get(k, Answer())}
        if changes:
            editor._undo.push(AnswerCommand(editor._apply, changes, translate("InspectionEditor", "恢复草稿")))
        editor._refresh()
        return editor
