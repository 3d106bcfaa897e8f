"""The main window: navigation tree, inspections list with filters, details pane, editor tabs.

The layout, menus, toolbar and shortcuts are forms/main_window.ui (loaded as the central
widget); this module wires them to the operations. Views never refresh each other: after a
write the runner (ui/tasks.py) calls `signals.notify(...)` and `_changed` reloads what
depends on it. The filter bar over the list is ui/filter_bar.py.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path

from PySide6.QtCore import QByteArray, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QIcon, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QAbstractItemView, QHeaderView, QInputDialog, QLabel, QMainWindow, QMenu, QMessageBox, QSplitter, QStyle,
    QTableView, QTableWidget, QTabBar, QTabWidget, QTreeView, QWidget,
)

from qinspect import __version__
from qinspect.operations import assessments
from qinspect.operations.inspections import COUNT_CAP
from qinspect.operations.status import status
from qinspect.store import checklists
from qinspect.store.db import Store
from qinspect.operations import inspections
from qinspect.ui import device_info, preferences
from qinspect.ui.details import SubjectDetails
from qinspect.ui.errors import user_errors
from qinspect.ui.filter_bar import FilterBar
from qinspect.ui.forms import load_form
from qinspect.ui import help as help_pages
from qinspect.ui.inspection_list import UUID_ROLE, InspectionTableModel
from qinspect.ui.lazy import lazy_module
from qinspect.ui.register_tree import SUBJECT_ROLE, RegisterTreeModel
from qinspect.ui.signals import CHECKLISTS, DEVICES, INSPECTIONS, REGISTERS, SETTINGS, changes

# Imported when first used, not when the window opens (ui/lazy.py).
bundles, paper_import, printing, registers = (
    lazy_module(f"qinspect.ui.{name}") for name in ("bundles", "paper_import", "printing", "registers"))
inspection_editor, new_inspection_dialog = lazy_module("qinspect.ui.editor"), lazy_module("qinspect.ui.new_inspection")
history, checklist_versions = lazy_module("qinspect.ui.history"), lazy_module("qinspect.ui.checklist_versions")
dashboard_tab, follow_up_tab, year_tab = (lazy_module(f"qinspect.ui.{name}") for name in ("dashboard", "follow_up", "year_view"))
DEFAULT_SIZE = (1440, 860)
COLUMN_WIDTHS = (84, 84, 180, 56, 200, 60, 60, 48, 52)
_SP = QStyle.StandardPixmap
# The desktop's icon theme where it has one (Windows 11, most Linux desktops), else Qt's own.
ICONS = {
    "actionNewInspection": (QIcon.ThemeIcon.DocumentNew, _SP.SP_FileIcon),
    "actionOpenInspection": (QIcon.ThemeIcon.DocumentOpen, _SP.SP_DirOpenIcon),
    "actionSave": (QIcon.ThemeIcon.DocumentSave, _SP.SP_DialogSaveButton),
    "actionImportBundles": (QIcon.ThemeIcon.FolderOpen, _SP.SP_DialogOpenButton),
    "actionExportBundle": (QIcon.ThemeIcon.DocumentSend, _SP.SP_DriveFDIcon),
    "actionPrint": (QIcon.ThemeIcon.DocumentPrint, _SP.SP_FileDialogDetailedView),
    "actionSettings": (QIcon.ThemeIcon.DocumentProperties, _SP.SP_FileDialogInfoView),
    "actionUndo": (QIcon.ThemeIcon.EditUndo, _SP.SP_ArrowBack),
    "actionRedo": (QIcon.ThemeIcon.EditRedo, _SP.SP_ArrowForward),
    "actionFind": (QIcon.ThemeIcon.EditFind, _SP.SP_FileDialogContentsView),
    "actionRefresh": (QIcon.ThemeIcon.ViewRefresh, _SP.SP_BrowserReload),
    "actionCloseTab": (QIcon.ThemeIcon.WindowClose, _SP.SP_DialogCloseButton),
    "actionQuit": (QIcon.ThemeIcon.ApplicationExit, _SP.SP_DialogCloseButton),
    "actionAbout": (QIcon.ThemeIcon.HelpAbout, _SP.SP_MessageBoxInformation),
    "actionHelp": (QIcon.ThemeIcon.HelpFaq, _SP.SP_DialogHelpButton),
}
EXTRA_SHORTCUTS = {"actionRedo": "Ctrl+Shift+Z"}


class MainWindow(QMainWindow):
    """`remember_layout=False` (screenshots) neither restores nor saves the user's layout;
    `help_key=False` (screenshots: nobody presses F1) leaves out F1's application-wide filter."""

    def __init__(self, store: Store, parent: QWidget | None = None, *, remember_layout: bool = True,
                 help_key: bool = True):
        super().__init__(parent)
        self.store = store
        self.remember_layout = remember_layout
        # The form is a QMainWindow (menus, toolbar and status bar live in the .ui file); it is
        # embedded whole as the central widget, so this subclass can own the window's events.
        self.ui = load_form("main_window", self)
        self.ui.setWindowFlags(Qt.WindowType.Widget)
        self.setCentralWidget(self.ui)
        self.setAcceptDrops(True)
        self.setWindowTitle(self.tr("qinspect — {0}").format(store.path))
        self.setWindowFilePath(str(store.path))
        find = self.ui.findChild
        self.tabs: QTabWidget = find(QTabWidget, "tabs")
        self.tree: QTreeView = find(QTreeView, "registerTree")
        self.table: QTableView = find(QTableView, "inspectionTable")
        self.list_count: QLabel = find(QLabel, "listCount")
        self.main_splitter: QSplitter = find(QSplitter, "mainSplitter")
        self.details_splitter: QSplitter = find(QSplitter, "detailsSplitter")
        self.actions = {a.objectName(): a for a in self.ui.findChildren(QAction)
                        if a.objectName().startswith("action")}
        self.editors: dict[QWidget, str] = {}  # open editor tab -> inspection uuid
        self.undo_group = QUndoGroup(self)
        self._pending: set[str] = set()

        self._setup_tree()
        self._setup_list()
        self.details = SubjectDetails(self.store, find(QLabel, "subjectTitle"), find(QLabel, "subjectInfo"),
                                      find(QTableWidget, "historyTable"), find(QTableWidget, "rectificationTable"),
                                      self)
        self.details.open_inspection.connect(self.open_inspection)
        self._setup_tabs()
        self._setup_year_tabs()
        self._setup_actions()
        self._setup_status_bar()
        device_info.install(self, self.store, self.ui)
        # F1's filter sees every event of the application: installed once the window has been
        # painted, not through the thousands of events of the first layout and paint. A
        # screenshot's processEvents would fire the timer before its grab: 20 ms of Python calls.
        if help_key:
            QTimer.singleShot(0, help_pages.install)
        changes().changed.connect(self._changed)
        self._listening = True
        self.restore_layout()

    # -- building -----------------------------------------------------------------
    def _setup_tree(self) -> None:
        self.tree_model = RegisterTreeModel(self.store, self)
        self.tree.setModel(self.tree_model)
        self.tree.setIndentation(14)
        self.tree.selectionModel().currentChanged.connect(self._tree_current_changed)

    def _setup_list(self) -> None:
        self.model = InspectionTableModel(self.store, self)
        header = self.table.horizontalHeader()
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.setModel(self.model)
        self.model.sort(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(lambda index: self.open_inspection(index.data(UUID_ROLE)))
        self.table.selectionModel().currentRowChanged.connect(self._list_current_changed)
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)  # the last page makes the count exact

        self.filters = FilterBar(self.store, self.ui, self)
        self.filters.changed.connect(self.model.search)
        self._update_count()

    def _setup_tabs(self) -> None:
        self._unbuilt: dict[QWidget, str] = {}  # a supervisor's tab's stand-in -> its name (below)
        self._built: dict[str, QWidget] = {}
        self._keep_tab(0)  # the list tab stays
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.tabs.currentChanged.connect(self._tab_changed)

    # The supervisor's tabs beside the list, each built when first shown or asked for (`year_view`,
    # `follow_up_view`, `dashboard`): their modules and widgets are not needed to open the window.
    SUPERVISOR_TABS = {"year_view": "Ctrl+Shift+Y", "follow_up_view": "Ctrl+Shift+R", "dashboard": None}

    def _setup_year_tabs(self) -> None:
        """The year view, the follow-up list (each with a shortcut, menu 检查) and the dashboard."""
        menu = self.ui.findChild(QMenu, "menuInspection")
        menu.addSeparator()
        for index, name in enumerate(self.SUPERVISOR_TABS, start=1):
            stand_in = QWidget(self.tabs)
            self._unbuilt[stand_in] = name
            self.tabs.insertTab(index, stand_in, self._tab_title(name))
            self._keep_tab(index)
            shortcut = self.SUPERVISOR_TABS[name]
            if shortcut:
                action = menu.addAction(self._tab_title(name),
                                        lambda n=name: self.tabs.setCurrentWidget(self._supervisor_tab(n)))
                action.setShortcut(QKeySequence(shortcut))
                self.addAction(action)

    def _tab_title(self, name: str) -> str:
        return {"year_view": self.tr("年度考核"), "follow_up_view": self.tr("整改跟踪"),
                "dashboard": self.tr("统计图表")}[name]

    def _keep_tab(self, index: int) -> None:
        for side in (QTabBar.ButtonPosition.LeftSide, QTabBar.ButtonPosition.RightSide):
            self.tabs.tabBar().setTabButton(index, side, None)

    def _supervisor_tab(self, name: str) -> QWidget:
        """The view of one of the supervisor's tabs, built (in place of its stand-in) on first use."""
        view = self._built.get(name)
        if view is not None:
            return view
        if name == "dashboard":
            view = dashboard_tab.DashboardView(self.store, self.tabs)  # draws once first shown
        else:
            view = (year_tab.YearView if name == "year_view" else follow_up_tab.FollowUpView)(self.store, self.tabs)
            view.open_inspection.connect(self.open_inspection)
        self._built[name] = view
        stand_in = next(w for w, n in self._unbuilt.items() if n == name)
        del self._unbuilt[stand_in]
        index, current = self.tabs.indexOf(stand_in), self.tabs.currentWidget() is stand_in
        self.tabs.blockSignals(True)  # the same tab stays current: no change to announce
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, view, self._tab_title(name))
        self._keep_tab(index)
        if current:
            self.tabs.setCurrentIndex(index)
        self.tabs.blockSignals(False)
        stand_in.deleteLater()
        return view

    @property
    def year_view(self) -> "year_tab.YearView":
        return self._supervisor_tab("year_view")

    @property
    def follow_up_view(self) -> "follow_up_tab.FollowUpView":
        return self._supervisor_tab("follow_up_view")

    @property
    def dashboard(self) -> "dashboard_tab.DashboardView":
        return self._supervisor_tab("dashboard")

    def _setup_actions(self) -> None:
        a = self.actions
        slots = {
            "actionNewInspection": self.new_inspection, "actionOpenInspection": self.open_selected,
            "actionSave": self.save_current, "actionCloseTab": lambda: self.close_tab(self.tabs.currentIndex()),
            "actionImportPaper": self.import_paper, "actionExportTemplate": self.export_template,
            "actionImportBundles": self.import_bundles, "actionExportBundle": self.export_bundle,
            "actionExportSetup": self.export_setup_bundle,
            "actionConflicts": self.show_conflicts, "actionSettings": self.show_settings,
            "actionQuit": self.close, "actionUndo": self.undo_group.undo, "actionRedo": self.undo_group.redo,
            "actionFind": self.focus_search, "actionRefresh": self.refresh,
            "actionNewVillage": self.new_village, "actionNewEnterprise": self.new_enterprise,
            "actionEditSelected": self.edit_selected, "actionImportRegister": self.import_register,
            "actionPrint": self.print_selected, "actionPrintChecklist": self.print_checklist,
            "actionPrintScoresheet": self.print_scoresheet, "actionPrintRanking": self.print_ranking,
            "actionAbout": self.about, "actionHelp": lambda: help_pages.show_help(self),
            "actionHistory": self.show_history, "actionChecklistVersions": self.show_checklist_versions,
        }
        for name, slot in slots.items():
            a[name].triggered.connect(slot)
        # F2 edits the chosen register entry only from the tree: in an editor it is the note's key.
        a["actionEditSelected"].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.tree.addAction(a["actionEditSelected"])
        for name, extra in EXTRA_SHORTCUTS.items():
            a[name].setShortcuts([a[name].shortcut(), QKeySequence(extra)])
        for name, (themed, pixmap) in ICONS.items():
            a[name].setIcon(QIcon.fromTheme(themed, self.style().standardIcon(pixmap)))
        a["actionUndo"].setEnabled(False)
        a["actionRedo"].setEnabled(False)
        self.undo_group.canUndoChanged.connect(a["actionUndo"].setEnabled)
        self.undo_group.canRedoChanged.connect(a["actionRedo"].setEnabled)
        self._tab_changed(self.tabs.currentIndex())

    def _setup_status_bar(self) -> None:
        bar = self.ui.statusBar()
        self.user_label, self.device_label, self.unexported_label = QLabel(), QLabel(), QLabel()
        for label in (self.user_label, self.device_label, self.unexported_label):
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)
        self._update_status()

    # -- the change notice ----------------------------------------------------------
    def _changed(self, what: str) -> None:
        # Several notices in one burst (a bundle import touches everything) reload once.
        if not self._pending:
            QTimer.singleShot(0, self._reload_pending)
        self._pending.add(what)

    def _reload_pending(self) -> None:
        what, self._pending = self._pending, set()
        if not what:
            return
        if REGISTERS in what:
            self._reload_tree()
            self.filters.fill_places()
        if CHECKLISTS in what:
            self.filters.fill_checklists()
        if what & {INSPECTIONS, REGISTERS, CHECKLISTS}:
            self._reload_list()
            self.details.refresh()
        if what & {INSPECTIONS, SETTINGS, DEVICES}:
            self._update_status()

    def refresh(self) -> None:
        self._pending |= {INSPECTIONS, REGISTERS, CHECKLISTS, SETTINGS}
        self._reload_pending()

    def _reload_list(self) -> None:
        current = self.table.currentIndex()
        uuid = current.data(UUID_ROLE) if current.isValid() else None
        scroll = self.table.verticalScrollBar().value()
        self.model.search()
        self.table.verticalScrollBar().setValue(scroll)
        row = self.model.row_of(uuid) if uuid else None
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, max(0, current.column())))

    def _reload_tree(self) -> None:
        expanded = [node.key for node in self._loaded_nodes() if self.tree.isExpanded(self._tree_index(node))]
        current = self.tree.currentIndex().data(SUBJECT_ROLE)
        self.tree_model.reload()
        for key in expanded:
            index = self.tree_model.index_of(*key)
            self.tree_model.fetchMore(index)
            self.tree.expand(index)
        if current:
            self.tree.setCurrentIndex(self.tree_model.index_of(*current))

    def _loaded_nodes(self):
        """Every branch read so far (the ones that can be expanded), parents before children."""
        queue = deque(self.tree_model.root.children or [])
        while queue:
            node = queue.popleft()
            if node.children is not None:
                yield node
                queue.extend(node.children)

    def _tree_index(self, node) -> QModelIndex:
        return self.tree_model.createIndex(node.row, 0, node)

    def _update_status(self) -> None:
        now = status(self.store)
        self.user_label.setText(self.tr("质监员：{0}").format(now.user or self.tr("（未设置）")))
        self.user_label.setToolTip(self.tr("所在乡镇(街道)：{0}").format(now.township) if now.township else "")
        self.device_label.setText(self.tr("设备：{0}").format(now.device_name))
        self.device_label.setToolTip(self.tr("设备编号 {0}\n密钥指纹 {1}").format(
            now.device_id, now.fingerprint or self.tr("尚未生成")))
        self.unexported_label.setText(self.tr("未导出的检查：{0}").format(now.unexported))

    def _update_count(self) -> None:
        found, exact = self.model.count()
        self.list_count.setText(self.tr("共 {0} 份检查").format(found if exact else f"{COUNT_CAP}+"))

    # -- the list and the tree ---------------------------------------------------------
    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.filters.focus_search()

    def _tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        key = current.data(SUBJECT_ROLE)
        if not key:
            return
        kind, subject_id = key
        if kind == "county":
            self.filters.set_place(("county", subject_id))
        elif kind in ("township", "villages", "enterprises"):
            self.filters.set_place(("township", subject_id))
        if kind in ("township", "village", "enterprise"):
            self.details.show_subject(kind, subject_id)

    def _list_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """A row chosen in the list shows its subject in the details pane (the tree stays as it is)."""
        uuid = current.data(UUID_ROLE) if current.isValid() else None
        if uuid:
            with user_errors(self):
                self.details.show_subject(*inspections.subject_of(self.store, uuid))

    def selected_subject(self) -> tuple[str, int] | None:
        """The village, enterprise or township chosen in the tree, as (kind, id)."""
        key = self.tree.currentIndex().data(SUBJECT_ROLE)
        return tuple(key) if key and key[0] in ("township", "village", "enterprise") else None

    def show_subject(self, kind: str, subject_id: int) -> None:
        """Open the tree down to a register entry, select it and show its details."""
        index = self.tree_model.index_of(kind, subject_id)
        if index.isValid():
            self.tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
            self.tree.setCurrentIndex(index)

    def selected_uuids(self) -> list[str]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [self.model.uuid_at(r) for r in rows]

    # -- editor tabs --------------------------------------------------------------------
    def current_editor(self) -> QWidget | None:
        widget = self.tabs.currentWidget()
        return widget if widget in self.editors else None

    def _tab_changed(self, _index: int) -> None:
        name = self._unbuilt.get(self.tabs.currentWidget())
        if name is not None:
            self._supervisor_tab(name)  # shown now: builds and shows itself
        editor = self.current_editor()
        self.undo_group.setActiveStack(editor.undo_stack() if editor is not None else None)
        self.actions["actionSave"].setEnabled(editor is not None)
        self.actions["actionCloseTab"].setEnabled(editor is not None)

    def open_inspection(self, uuid: str) -> None:
        for editor, open_uuid in self.editors.items():
            if open_uuid == uuid:
                self.tabs.setCurrentWidget(editor)
                return
        with user_errors(self):
            self.add_editor(inspection_editor.InspectionEditor(self.store, uuid, parent=self.tabs))

    def add_editor(self, editor: "inspection_editor.InspectionEditor") -> None:
        """Show an editor as a closable tab; Save, Undo and Redo then act on it while it is current."""
        title = editor.title()
        self.editors[editor] = editor.inspection().uuid
        self.undo_group.addStack(editor.undo_stack())
        index = self.tabs.addTab(editor, title)
        self.tabs.setTabToolTip(index, title)
        editor.dirtyChanged.connect(lambda dirty, e=editor, t=title: self._mark_dirty(e, t, dirty))
        editor.open_inspection.connect(self.open_inspection)  # from a derived item's inspections list
        self._mark_dirty(editor, title, editor.is_dirty())
        self.tabs.setCurrentIndex(index)

    def _mark_dirty(self, editor: QWidget, title: str, dirty: bool) -> None:
        index = self.tabs.indexOf(editor)
        if index >= 0:
            self.tabs.setTabText(index, f"* {title}" if dirty else title)

    def close_tab(self, index: int) -> bool:
        editor = self.tabs.widget(index)
        if editor not in self.editors:
            return False
        if not editor.maybe_close():
            return False
        del self.editors[editor]
        self.undo_group.removeStack(editor.undo_stack())
        self.tabs.removeTab(index)
        editor.deleteLater()
        return True

    def open_selected(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_inspection(index.data(UUID_ROLE))

    def new_inspection(self) -> None:
        with user_errors(self):
            dialog = new_inspection_dialog.NewInspectionDialog(self.store, self, subject=self.selected_subject())
            if dialog.exec():
                self.add_editor(inspection_editor.InspectionEditor(self.store, new=dialog.inspection(), parent=self.tabs))

    def save_current(self) -> None:
        editor = self.current_editor()
        if editor is not None:
            editor.save()

    # -- other parts of the window: bundles, registers, paper results, printing ----------
    def import_bundles(self) -> None:
        bundles.import_bundles(self, self.store)

    def import_bundle_files(self, paths: list[Path]) -> None:
        bundles.import_bundles(self, self.store, paths)

    def export_bundle(self) -> None:
        bundles.export_bundle(self, self.store)

    def export_setup_bundle(self) -> None:
        """The chosen township's registers (every township's when none is chosen) for field laptops."""
        township = self.selected_township()
        bundles.export_setup(self, self.store, None if township is None else [township])

    def show_conflicts(self) -> None:
        bundles.ConflictsDialog(self.store, self).exec()

    def selected_township(self) -> int | None:
        """The township chosen in the tree (or holding the chosen entry), for a new register entry."""
        key = self.tree.currentIndex().data(SUBJECT_ROLE)
        if not key:
            return None
        kind, subject_id = key
        if kind in ("township", "villages", "enterprises"):
            return subject_id
        if kind in ("village", "enterprise"):
            return self.tree.currentIndex().parent().data(SUBJECT_ROLE)[1]
        return None

    def new_village(self) -> None:
        with user_errors(self):
            registers.VillageDialog(self.store, self, township_id=self.selected_township()).exec()

    def new_enterprise(self) -> None:
        with user_errors(self):
            registers.EnterpriseDialog(self.store, self, township_id=self.selected_township()).exec()

    def edit_selected(self) -> None:
        subject = self.selected_subject()
        if subject is None or subject[0] == "township":
            QMessageBox.information(self, self.tr("编辑所选"), self.tr("请先在左侧树中选择一个村(社区)或企业。"))
            return
        with user_errors(self):
            if subject[0] == "village":
                registers.VillageDialog(self.store, self, village_id=subject[1]).exec()
            else:
                registers.EnterpriseDialog(self.store, self, enterprise_id=subject[1]).exec()

    def import_register(self) -> None:
        with user_errors(self):
            registers.RegisterImportDialog(self.store, parent=self).exec()

    def import_paper(self) -> None:
        with user_errors(self):
            paper_import.PaperImportDialog(self.store, parent=self).exec()

    def export_template(self) -> None:
        with user_errors(self):
            paper_import.export_template(self, self.store)

    def print_selected(self) -> None:
        editor = self.current_editor()
        uuids = [self.editors[editor]] if editor is not None else self.selected_uuids()
        if not uuids:
            QMessageBox.information(self, self.tr("打印"), self.tr("请先在列表中选择要打印的检查。"))
            return
        with user_errors(self):
            printing.print_inspections(self, self.store, uuids)

    def print_checklist(self) -> None:
        rows = checklists.listing(self.store)
        labels = [f"{r['title']} {r['version']}" for r in rows]
        label, ok = QInputDialog.getItem(self, self.tr("打印空白检查表"), self.tr("检查表："), labels, 0, False)
        if not ok or not rows:
            return
        with user_errors(self):
            row = rows[labels.index(label)]
            printing.print_checklist(self, self.store, checklists.get(self.store, row["id"], row["version"]))

    def _ask_year(self, title: str) -> int | None:
        years = [str(year) for year in assessments.years(self.store)]
        if not years:
            QMessageBox.information(self, title, self.tr("数据库中还没有乡镇(街道)年度考核。"))
            return None
        year, ok = QInputDialog.getItem(self, title, self.tr("考核年度："), years, 0, False)
        return int(year) if ok else None

    def print_scoresheet(self) -> None:
        title = self.tr("打印乡镇评分表")
        year = self._ask_year(title)
        if year is None:
            return
        rows = [(None, self.tr("全部参加考核的乡镇(街道)"))] + [
            (tid, f"{county} {name}") for tid, county, name in assessments.assessed_townships(self.store, year)]
        labels = [r[1] for r in rows]
        place = self.filters.township_filter.currentData()
        start = next((n for n, r in enumerate(rows) if place == ("township", r[0])), 0)
        label, ok = QInputDialog.getItem(self, title, self.tr("乡镇(街道)："), labels, start, False)
        if ok:
            with user_errors(self):
                printing.print_scoresheet(self, self.store, year, rows[labels.index(label)][0])

    def print_ranking(self) -> None:
        year = self._ask_year(self.tr("打印排名表"))
        if year is None:
            return
        with user_errors(self):
            printing.print_ranking(self, self.store, year)

    def current_inspection(self) -> str | None:
        """The inspection of the current editor tab, else the list's current row."""
        editor = self.current_editor()
        if editor is not None:
            return self.editors[editor]
        index = self.table.currentIndex()
        return index.data(UUID_ROLE) if index.isValid() else None

    def show_history(self) -> None:
        uuid = self.current_inspection()
        if uuid is None:
            QMessageBox.information(self, self.tr("修订历史"), self.tr("请先在列表中选择一份检查，或打开一份检查。"))
            return
        with user_errors(self):
            history.HistoryDialog(self.store, uuid, self).exec()

    def show_checklist_versions(self) -> None:
        with user_errors(self):
            checklist_versions.ChecklistVersionsDialog(self.store, self).exec()

    def show_settings(self) -> None:
        from qinspect.ui.settings import SettingsDialog
        SettingsDialog(self.store, self).exec()

    def about(self) -> None:
        QMessageBox.about(self, self.tr("关于 qinspect"), self.tr(
            "qinspect {0}\n乡镇质量工作检查与考核（离线）\n\n数据库：{1}").format(__version__, self.store.path))

    # -- window events ----------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _bundle_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _bundle_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            # After the drop returns, so the file manager is not left waiting on a modal dialog.
            QTimer.singleShot(0, lambda: self.import_bundle_files(paths))

    def closeEvent(self, event: QCloseEvent) -> None:
        for editor in list(self.editors):
            self.tabs.setCurrentWidget(editor)
            if not self.close_tab(self.tabs.indexOf(editor)):
                event.ignore()
                return
        if self.remember_layout:
            self.save_layout()
        if self._listening:  # a closed window stops listening: its store may be closed next
            changes().changed.disconnect(self._changed)
            self._listening = False
        self._pending.clear()
        event.accept()

    # -- remembered layout ----------------------------------------------------------------
    LAYOUT = {"geometry": "window/geometry", "main": "window/main_splitter",
              "details": "window/details_splitter", "header": "window/list_header"}

    def save_layout(self) -> None:
        prefs = preferences.preferences()
        prefs.setValue(self.LAYOUT["geometry"], self.saveGeometry())
        prefs.setValue(self.LAYOUT["main"], self.main_splitter.saveState())
        prefs.setValue(self.LAYOUT["details"], self.details_splitter.saveState())
        prefs.setValue(self.LAYOUT["header"], self.table.horizontalHeader().saveState())
        prefs.sync()

    def restore_layout(self) -> None:
        self.resize(*DEFAULT_SIZE)
        self.main_splitter.setSizes([220, 820, 380])
        self.details_splitter.setSizes([240, 560])
        if not self.remember_layout:
            return
        prefs = preferences.preferences()
        saved = {key: prefs.value(name) for key, name in self.LAYOUT.items()}
        saved = {key: value for key, value in saved.items() if isinstance(value, QByteArray)}
        if "geometry" in saved:
            self.restoreGeometry(saved["geometry"])
        if "main" in saved:
            self.main_splitter.restoreState(saved["main"])
        if "details" in saved:
            self.details_splitter.restoreState(saved["details"])
        header = self.table.horizontalHeader()
        if "header" in saved and header.restoreState(saved["header"]):
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())


def _bundle_paths(mime) -> list[Path]:
    if not mime.hasUrls():
        return []
    paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
    return [p for p in paths if p.suffix.lower() == ".qib"]
