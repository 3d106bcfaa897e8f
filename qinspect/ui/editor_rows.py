"""The inspection editor's item rows: one widget per checklist item, with the control for its kind.

A row shows its item's id, text and scoring standard, the control for the answer, a note and,
once points are lost, the rectification (整改) fields. It never changes the inspection itself:
it reports what the person entered through `edited`, and the editor turns that into an undo
command and calls `display` back. Rows are built from the checklist in code, not a form; they
create only cheap widgets up front and the rectification fields on first need, so a 37-item
form opens at once.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QDate, QMargins, QPoint, QRect, QRegularExpression, QSize, Qt, Signal
from PySide6.QtGui import QAction, QPixmap, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCalendarWidget, QFrame, QHBoxLayout, QLabel, QLayout, QLayoutItem, QLineEdit, QMenu, QPlainTextEdit,
    QPushButton, QSizePolicy, QSpinBox, QStyle, QToolButton, QToolTip, QVBoxLayout, QWidget, QWidgetAction,
    QWidgetItem,
)

from qinspect.domain.checklist import KIND_LABELS, Item, ItemKind
from qinspect.domain.item_kinds import (
    BONUS, CHOICE, COUNT, NA, NUMBER, TEXT, AnswerError, Words, check_answer, editor_choices, rules,
)
from qinspect.domain.records import Answer
from qinspect.domain.scoring import ItemScore
from qinspect.ui.error_text import in_language
from qinspect.ui.labels import score_text

# Fields of an answer, as named in `edited`: text fields merge keystrokes into one undo step.
VALUE, NOTE, RECTIFICATION, DEADLINE = "value", "note", "rectification", "deadline"
TEXT_FIELDS = {NOTE, RECTIFICATION, "text"}


# A plain function call with literal context and text, so pyside6-lupdate finds every string: PySide's
# self.tr() would look the text up under a subclass's name (ChoiceRow, ...) and miss it.
translate = QCoreApplication.translate


def category_title(category_id: str) -> str:
    """The category's Chinese title, through translate("ItemRow", ) so the English UI translates it."""
    return {
        "brand": translate("ItemRow", "名牌战略和质量提升工程"),
        "foundation": translate("ItemRow", "质量基础工作"),
        "product": translate("ItemRow", "产品质量与监督"),
        "food": translate("ItemRow", "食品安全"),
        "equipment": translate("ItemRow", "特种设备安全"),
    }.get(category_id, category_id)


def phrase(text: str) -> str:
    """A phrase of the kinds table (domain/item_kinds.py) in the window's language.

    Written out as translate() calls so pyside6-lupdate finds them; a phrase not listed here
    (a new kind's) shows in Chinese until it is.
    """
    return {
        # the kinds' labels
        "符合性": translate("ItemRow", "符合性"), "分档": translate("ItemRow", "分档"),
        "定量": translate("ItemRow", "定量"), "扣分": translate("ItemRow", "扣分"),
        "加分": translate("ItemRow", "加分"), "一票否决": translate("ItemRow", "一票否决"),
        "文字记录": translate("ItemRow", "文字记录"), "照片": translate("ItemRow", "照片"),
        # choices
        "符合（{0} 分）": translate("ItemRow", "符合（{0} 分）"), "不符合（0 分）": translate("ItemRow", "不符合（0 分）"),
        "通过": translate("ItemRow", "通过"), "不通过（一票否决）": translate("ItemRow", "不通过（一票否决）"),
        "{0}（{1} 分）": translate("ItemRow", "{0}（{1} 分）"), "不适用": translate("ItemRow", "不适用"),
        # scores
        "未填": translate("ItemRow", "未填"), "未填 · 满分 {0}": translate("ItemRow", "未填 · 满分 {0}"),
        "{0} / {1} 分": translate("ItemRow", "{0} / {1} 分"),
        "扣 {0} 分，得 {1} / {2} 分": translate("ItemRow", "扣 {0} 分，得 {1} / {2} 分"),
        "加 {0} 分": translate("ItemRow", "加 {0} 分"), "未填 · 最多加 {0}": translate("ItemRow", "未填 · 最多加 {0}"),
        "不计分": translate("ItemRow", "不计分"), "{0} 张照片": translate("ItemRow", "{0} 张照片"),
        # rules and thresholds beside the control
        "{0} {1} {2} → {3} 分": translate("ItemRow", "{0} {1} {2} → {3} 分"),
        "达到 {0} {1} {2} 档，得 {3} 分": translate("ItemRow", "达到 {0} {1} {2} 档，得 {3} 分"),
        "未达到最低档（{0} {1} {2}），不得分": translate("ItemRow", "未达到最低档（{0} {1} {2}），不得分"),
        "每处扣 {0} 分，本项 {1} 分扣完为止": translate("ItemRow", "每处扣 {0} 分，本项 {1} 分扣完为止"),
        "每个加 {0} 分，本项最多加 {1} 分": translate("ItemRow", "每个加 {0} 分，本项最多加 {1} 分"),
        " 处": translate("ItemRow", " 处"), " 个": translate("ItemRow", " 个"),
        # answers in words (the conflicts view)
        "符合": translate("ItemRow", "符合"), "不符合": translate("ItemRow", "不符合"),
        "否决": translate("ItemRow", "否决"), "实测 {0} {1}": translate("ItemRow", "实测 {0} {1}"),
        "发现问题 {0} 处": translate("ItemRow", "发现问题 {0} 处"), "{0} 项": translate("ItemRow", "{0} 项"),
        "照片 {0} 张": translate("ItemRow", "照片 {0} 张"),
    }.get(text, text)


def say(words: Words, number: Callable[[float], str] | None = None) -> str:
    """Words of the kinds table, translated, with numbers written as the editor writes them
    (rules as the template writes them; `number=score_text` for scores)."""
    return Words(phrase(words.text), words.args).say(number or fmt)


def say_all(words: list[Words]) -> str:
    return "  ".join(say(w) for w in words)


def kind_label(kind: ItemKind) -> str:
    return phrase(KIND_LABELS[kind])


def fmt(points: float) -> str:
    return f"{points:g}"


class FlowLayout(QLayout):
    """Lays its widgets left to right and wraps them, so long tier labels fit any width."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def addWidget(self, widget: QWidget) -> None:
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m: QMargins = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _arrange(self, rect: QRect, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() and line > 0:
                x, y, line = rect.x(), y + line + self._spacing, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y()


_DATE = QRegularExpression(r"^[0-9]{0,4}(-[0-9]{0,2}(-[0-9]{0,2})?)?$")


class DeadlineEdit(QLineEdit):
    """A rectification deadline typed as 2009-12-20, or picked from a calendar opening at the
    inspection's month; empty is "no deadline yet". `entered` gives the ISO date or ""."""

    entered = Signal(str)

    def __init__(self, inspection_date: QDate, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("deadline")
        self.inspection_date = inspection_date
        self.setValidator(QRegularExpressionValidator(_DATE, self))
        self.setPlaceholderText(translate("ItemRow", "未定期限（年-月-日）"))
        self.setFixedWidth(self.fontMetrics().horizontalAdvance("0000-00-00") + 60)
        self.calendar_action = QAction(self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView),
                                       translate("ItemRow", "选择日期"), self)
        self.calendar_action.triggered.connect(self.open_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.editingFinished.connect(self._finished)
        self._accepted = ""

    def setText(self, text: str) -> None:
        self._accepted = text
        super().setText(text)

    def setReadOnly(self, locked: bool) -> None:
        super().setReadOnly(locked)
        self.calendar_action.setEnabled(not locked)

    def _finished(self) -> None:
        text = self.text().strip()
        date = QDate.fromString(text, Qt.DateFormat.ISODate)
        if text and (not date.isValid() or len(text) != 10):
            QToolTip.showText(self.mapToGlobal(QPoint(0, self.height())),
                              translate("ItemRow", "请按 年-月-日 输入期限，例如 2009-12-20。"), self)
            super().setText(self._accepted)
            return
        if text != self._accepted:
            self._accepted = text
            self.entered.emit(text)

    def calendar_start(self) -> QDate:
        """The month the calendar opens at: the deadline's, else the inspection's."""
        typed = QDate.fromString(self.text().strip(), Qt.DateFormat.ISODate)
        return typed if typed.isValid() else self.inspection_date

    def open_calendar(self) -> None:
        if self.isReadOnly():
            return
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        start = self.calendar_start()
        calendar.setSelectedDate(start)
        calendar.setCurrentPage(start.year(), start.month())
        pick = QWidgetAction(menu)
        pick.setDefaultWidget(calendar)
        menu.addAction(pick)
        self.calendar = calendar  # tests pick a day through it

        def picked(date: QDate) -> None:
            menu.close()
            self.setFocus(Qt.FocusReason.PopupFocusReason)
            super(DeadlineEdit, self).setText(date.toString(Qt.DateFormat.ISODate))
            self._finished()
        calendar.clicked.connect(picked)
        calendar.activated.connect(picked)
        menu.popup(self.mapToGlobal(QPoint(0, self.height())))


class ItemRow(QFrame):
    """The common part of every row; subclasses add the control for their kind."""

    # item id, the whole new answer, the field the person changed
    edited = Signal(str, object, str)
    # the rectification fields were just made: the editor gives them its keyboard handling
    details_added = Signal(object)

    def __init__(self, item: Item, parent: QWidget | None = None):
        super().__init__(parent)
        self.item = item
        self.answer = Answer()
        self.locked = False
        self.inspection_date = QDate.currentDate()  # the editor sets it: a deadline's calendar opens there
        self.setObjectName("itemRow")
        self.setProperty("current", False)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 8, 10, 8)
        outer.setSpacing(4)

        head = QHBoxLayout()
        head.setSpacing(8)
        self.id_label = QLabel(item.id)
        self.id_label.setObjectName("itemId")
        head.addWidget(self.id_label, 0, Qt.AlignmentFlag.AlignTop)
        text = QLabel(item.text)
        text.setObjectName("itemText")
        text.setWordWrap(True)
        head.addWidget(text, 1)
        tags = [kind_label(item.kind)]
        if item.required:
            tags.append(translate("ItemRow", "必填"))
        if item.added:
            tags.append(translate("ItemRow", "{0} 年新增").format(item.added))
        tag = QLabel(" · ".join(tags))
        tag.setObjectName("itemTag")
        head.addWidget(tag, 0, Qt.AlignmentFlag.AlignTop)
        self.points_label = QLabel()
        self.points_label.setObjectName("itemPoints")
        self.points_label.setMinimumWidth(90)
        self.points_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.points_label, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(head)

        standard = QLabel(translate("ItemRow", "评分标准：") + item.standard)
        standard.setObjectName("itemStandard")
        standard.setWordWrap(True)
        standard.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        outer.addWidget(standard)

        line = QHBoxLayout()
        self.control_box = QWidget()
        line.addWidget(self.control_box, 1)
        self._primary = self.build_control(self.control_box)
        self.note = QLineEdit()
        self.note.setPlaceholderText(translate("ItemRow", "备注（F2）"))
        self.note.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.note.setFixedWidth(230)
        self.note.textEdited.connect(lambda text: self._emit(NOTE, note=text))
        line.addWidget(self.note, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(line)
        self._rect_box: QWidget | None = None
        self.rectification: QLineEdit | None = None
        self.deadline: DeadlineEdit | None = None

    # -- what subclasses provide ----------------------------------------------------------
    def build_control(self, box: QWidget) -> QWidget:
        """Build the answer control inside `box` and return the widget that takes the focus."""
        raise NotImplementedError

    def show_value(self, value: Any, result: ItemScore) -> None:
        raise NotImplementedError

    def commit(self) -> None:
        """Report a value typed but not yet confirmed (a number before Enter)."""

    def choose(self, n: int) -> bool:
        """Digit key n (0-based): pick the n-th choice. False when the row has no choices."""
        return False

    def clear_value(self) -> None:
        self._emit(VALUE, value=None)

    def toggle_na(self) -> bool:
        if not self.item.allow_na:
            return False
        self._emit(VALUE, value=None if self.answer.value == NA else NA)
        return True

    def points_text(self, value: Any, result: ItemScore) -> str:
        return say(rules(self.item).score_words(self.item, value, result.status, result.points, result.max), score_text)

    # -- shared behaviour ----------------------------------------------------------------
    def primary(self) -> QWidget:
        return self._primary

    def details(self) -> list[QWidget]:
        """The note and rectification fields, in the order Tab visits them."""
        fields: list[QWidget] = [self.note]
        if self._rect_box is not None and self._rect_box.isVisibleTo(self):
            fields += [self.rectification, self.deadline]
        return fields

    def _emit(self, field: str, **changes: Any) -> None:
        values = self.answer.as_dict()
        values.update(changes)
        new = Answer(**values)
        if new != self.answer:
            self.edited.emit(self.item.id, new, field)

    def display(self, answer: Answer, result: ItemScore) -> None:
        self.answer = answer
        self.show_value(answer.value, result)
        self.points_label.setText(self.points_text(answer.value, result))
        if self.note.text() != answer.note:
            self.note.setText(answer.note)
            self.note.setCursorPosition(0)  # a long note reads from its start, not its tail
            self.note.setToolTip(answer.note)
        # Points not reached on a bonus item are no failing: only lost points call for a rectification.
        lost = result.status == "veto-fail" or (result.status == "scored" and result.points < result.max
                                                 and rules(self.item).counts_to != BONUS)
        if lost or answer.rectification or answer.deadline:
            self._ensure_rectification()
            if self.rectification.text() != answer.rectification:
                self.rectification.setText(answer.rectification)
            if self.deadline.text() != answer.deadline:
                self.deadline.setText(answer.deadline)
        if self._rect_box is not None:
            self._rect_box.setVisible(bool(lost or answer.rectification or answer.deadline))

    def _ensure_rectification(self) -> None:
        if self._rect_box is not None:
            return
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.rectification = QLineEdit()
        self.rectification.setObjectName("rectification")
        self.rectification.setPlaceholderText(translate("ItemRow", "整改要求"))
        self.rectification.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.rectification.textEdited.connect(lambda text: self._emit(RECTIFICATION, rectification=text))
        self.deadline = DeadlineEdit(self.inspection_date)
        self.deadline.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.deadline.setReadOnly(self.locked)
        self.rectification.setReadOnly(self.locked)
        self.deadline.entered.connect(lambda deadline: self._emit(DEADLINE, deadline=deadline))
        label = QLabel(translate("ItemRow", "整改期限"))
        layout.addWidget(QLabel(translate("ItemRow", "整改：")))
        layout.addWidget(self.rectification, 1)
        layout.addWidget(label)
        layout.addWidget(self.deadline)
        self._rect_box = box
        self.layout().addWidget(box)
        self.details_added.emit(self)

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        self.note.setReadOnly(locked)
        if self._rect_box is not None:
            self.rectification.setReadOnly(locked)
            self.deadline.setReadOnly(locked)
        self.lock_control(locked)

    def lock_control(self, locked: bool) -> None:
        raise NotImplementedError


class ChoiceRow(ItemRow):
    """Pass / fail / not applicable, tiers, and veto: one checkable button per choice."""

    def choices(self) -> list[tuple[str, Any]]:
        return [(say(c.words), c.value) for c in editor_choices(self.item)]

    def build_control(self, box: QWidget) -> QWidget:
        box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        box.setObjectName("choiceBox")
        flow = FlowLayout(box)
        self._values = []
        self._buttons: list[QPushButton] = []
        for n, (label, value) in enumerate(self.choices(), 1):
            button = QPushButton(f"{n}  {label}")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _checked=False, v=value: self._clicked(v))
            flow.addWidget(button)
            self._buttons.append(button)
            self._values.append(value)
        return box

    def _clicked(self, value: Any) -> None:
        self.control_box.setFocus(Qt.FocusReason.MouseFocusReason)
        # A second click on the chosen answer takes it back, so a slip needs no undo.
        self._emit(VALUE, value=None if self.answer.value == value else value)
        self.show_value(self.answer.value, None)

    def choose(self, n: int) -> bool:
        if 0 <= n < len(self._values):
            self._emit(VALUE, value=self._values[n])
        return True

    def show_value(self, value: Any, result: ItemScore | None) -> None:
        for button, v in zip(self._buttons, self._values):
            button.setChecked(value is not None and v == value and type(v) is type(value))

    def lock_control(self, locked: bool) -> None:
        for button in self._buttons:
            button.setEnabled(not locked)


def _number_pattern(item: Item) -> QRegularExpression:
    """What the quantity field lets be typed: a minus only where the range has negatives, a point only
    where decimals are allowed. The range itself is checked on Enter, with the reason shown."""
    sign = "-?" if item.min is None or item.min < 0 else ""
    point = "([.][0-9]{0,4})?" if item.decimals else ""
    return QRegularExpression(f"^{sign}[0-9]{{0,9}}{point}$")


class QuantityRow(ItemRow):
    """A measured number with its unit; the label says which threshold it reaches, or why the
    number typed is refused (outside the item's range)."""

    def build_control(self, box: QWidget) -> QWidget:
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setValidator(QRegularExpressionValidator(_number_pattern(self.item), self.edit))
        self.edit.setMaximumWidth(120)
        self.edit.setPlaceholderText(translate("ItemRow", "数值"))
        self.edit.editingFinished.connect(self.commit)
        layout.addWidget(self.edit)
        layout.addWidget(QLabel(self.item.unit))
        self.na_button = _na_button(self)
        if self.na_button:
            layout.addWidget(self.na_button)
        self.reach = QLabel()
        self.reach.setObjectName("itemReach")
        layout.addWidget(self.reach, 1)
        self.refused = QLabel()
        self.refused.setObjectName("itemRefused")
        self.refused.setStyleSheet("color: #b00020;")
        self.refused.setWordWrap(True)
        self.refused.hide()
        layout.addWidget(self.refused, 2)
        return self.edit

    def commit(self) -> None:
        text = self.edit.text().strip().rstrip(".")
        if self.answer.value == NA and not text:
            return
        value: Any = None if text in ("", "-") else (float(text) if "." in text else int(text))
        if self._refuse(value):
            return  # the number stays in the field, to be corrected; the answer keeps its value
        if value != self.answer.value or type(value) is not type(self.answer.value):
            self._emit(VALUE, value=value)

    def _refuse(self, value: Any) -> bool:
        """Show why `value` cannot be saved (outside the range), or hide the reason; True when refused."""
        try:
            check_answer(self.item, value)
        except AnswerError as e:
            self.refused.setText(in_language(str(e)))
            self.refused.show()
            return True
        self.refused.hide()
        return False

    def show_value(self, value: Any, result: ItemScore) -> None:
        text = "" if value is None or value == NA else f"{value:g}" if isinstance(value, float) else str(value)
        if self.edit.text() != text:
            self.edit.setText(text)
        if self.na_button:
            self.na_button.setChecked(value == NA)
        self.reach.setText(say_all(rules(self.item).hint(self.item, value)))
        self._refuse(value)  # a value saved before its item had a range: saving again needs it corrected

    def lock_control(self, locked: bool) -> None:
        self.edit.setReadOnly(locked)
        if self.na_button:
            self.na_button.setEnabled(not locked)


class CountRow(ItemRow):
    """Deductions (findings, points off) and bonus (units, points on) as a count in a spin box."""

    def build_control(self, box: QWidget) -> QWidget:
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.spin = QSpinBox()
        # -1 is "not answered yet", shown as special text: a count of 0 is an answer.
        self.spin.setRange(-1, 999)
        self.spin.setSpecialValueText(translate("ItemRow", "未填"))
        self.spin.setValue(-1)
        self.spin.setKeyboardTracking(False)
        self.spin.setSuffix(say(rules(self.item).count_unit))
        self.spin.setMinimumWidth(100)
        self.spin.valueChanged.connect(self._spun)
        layout.addWidget(self.spin)
        self.na_button = _na_button(self)
        if self.na_button:
            layout.addWidget(self.na_button)
        self.effect = QLabel(say_all(rules(self.item).hint(self.item, None)))
        self.effect.setObjectName("itemReach")
        layout.addWidget(self.effect, 1)
        return self.spin

    def _spun(self, value: int) -> None:
        self._emit(VALUE, value=None if value < 0 else value)

    def commit(self) -> None:
        self.spin.interpretText()

    def show_value(self, value: Any, result: ItemScore) -> None:
        count = value if isinstance(value, int) and not isinstance(value, bool) else -1
        if self.spin.value() != count:
            self.spin.blockSignals(True)
            self.spin.setValue(count)
            self.spin.blockSignals(False)
        if self.na_button:
            self.na_button.setChecked(value == NA)

    def lock_control(self, locked: bool) -> None:
        self.spin.setReadOnly(locked)
        if self.na_button:
            self.na_button.setEnabled(not locked)


def _na_button(row: ItemRow) -> QToolButton | None:
    if not row.item.allow_na:
        return None
    button = QToolButton()
    button.setText(translate("ItemRow", "不适用（N）"))
    button.setCheckable(True)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.clicked.connect(lambda _checked=False: row.toggle_na())
    return button


class TextRow(ItemRow):
    """Free text written down at the inspection (no points)."""

    def build_control(self, box: QWidget) -> QWidget:
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setFixedHeight(self.text_edit.fontMetrics().lineSpacing() * 3 + 12)
        self.text_edit.setPlaceholderText(translate("ItemRow", "Shift+Enter 换行"))
        self.text_edit.textChanged.connect(self._typed)
        layout.addWidget(self.text_edit)
        return self.text_edit

    def _typed(self) -> None:
        text = self.text_edit.toPlainText()
        self._emit("text", value=text if text.strip() else None)

    def show_value(self, value: Any, result: ItemScore) -> None:
        text = value or ""
        if self.text_edit.toPlainText() != text:
            self.text_edit.blockSignals(True)
            self.text_edit.setPlainText(text)
            self.text_edit.blockSignals(False)

    def lock_control(self, locked: bool) -> None:
        self.text_edit.setReadOnly(locked)


THUMBNAIL = 96


class PhotoRow(ItemRow):
    """Photos attached from files, shown as thumbnails; the editor stores them by hash."""

    add_requested = Signal(str)  # item id
    remove_requested = Signal(str, str)  # item id, evidence hash

    def __init__(self, item: Item, thumbnail: Callable[[str], QPixmap], parent: QWidget | None = None):
        self._thumbnail = thumbnail
        self._shown: list[str] = []
        super().__init__(item, parent)

    def points_text(self, value: Any, result: ItemScore) -> str:
        return say(rules(self.item).score_words(self.item, value, result.status, result.points, result.max))

    def build_control(self, box: QWidget) -> QWidget:
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(translate("ItemRow", "添加照片…"))
        self.add_button.setAutoDefault(True)
        self.add_button.clicked.connect(lambda: self.add_requested.emit(self.item.id))
        self.add_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.add_button)
        self.strip = QWidget()
        self.strip_layout = FlowLayout(self.strip)
        layout.addWidget(self.strip)
        return self.add_button

    def show_value(self, value: Any, result: ItemScore) -> None:
        hashes = list(value or [])
        if hashes == self._shown:
            return
        while self.strip_layout.count():
            widget = self.strip_layout.takeAt(0).widget()
            widget.deleteLater()
        for digest in hashes:
            picture = QLabel()
            picture.setObjectName("photo")
            picture.setPixmap(self._thumbnail(digest))
            picture.setToolTip(translate("ItemRow", "SHA-256：{0}").format(digest))
            remove = QToolButton()
            remove.setText(translate("ItemRow", "移除"))
            remove.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            remove.setEnabled(not self.locked)
            remove.clicked.connect(lambda _checked=False, d=digest: self.remove_requested.emit(self.item.id, d))
            cell = QWidget()
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.addWidget(picture)
            cell_layout.addWidget(remove, 0, Qt.AlignmentFlag.AlignHCenter)
            self.strip_layout.addWidget(cell)
        self._shown = hashes

    def lock_control(self, locked: bool) -> None:
        self.add_button.setEnabled(not locked)
        for n in range(self.strip_layout.count()):
            for button in self.strip_layout.itemAt(n).widget().findChildren(QToolButton):
                button.setEnabled(not locked)


def make_row(item: Item, thumbnail: Callable[[str], QPixmap], parent: QWidget | None = None) -> ItemRow:
    """The row for an item: the control its kind is offered with (the kinds table's `control`)."""
    control = rules(item).control
    if control == CHOICE:
        return ChoiceRow(item, parent)
    if control == NUMBER:
        return QuantityRow(item, parent)
    if control == COUNT:
        return CountRow(item, parent)
    if control == TEXT:
        return TextRow(item, parent)
    return PhotoRow(item, thumbnail, parent)
