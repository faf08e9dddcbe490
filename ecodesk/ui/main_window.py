"""The clerk's main window: the task list on the left, the entry editor on the right."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QMainWindow,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ecodesk.bundle.package_age import package_age_text
from ecodesk.core.periods import PERIODS
from ecodesk.store.bundles import unsent_entries
from ecodesk.store.refusals import open_refusals
from ecodesk.store.workspace import TaskRow, Workspace
from ecodesk.ui import settings, tasks
from ecodesk.ui.editor import EntryEditor
from ecodesk.ui.file_menu import install_file_menu
from ecodesk.ui.first_steps import add_first_steps
from ecodesk.ui.i18n import tr
from ecodesk.ui.refusal_banner import RefusalBanner
from ecodesk.ui.screen_fit import fit_to_screen, keep_on_screen, reserve_status_bar
from ecodesk.ui.task_list import TaskListPanel
from ecodesk.ui.window_menus import (
    add_quit,
    install_settings_menu,
    show_evidence_limit,
    use_clerk_name,
)
from ecodesk.ui.workspace_notices import install_workspace_notices, title_suffix

if TYPE_CHECKING:
    from ecodesk.ui.history import HistoryWindow


class MainWindow(QMainWindow):
    language_requested = Signal(str)

    def __init__(self, workspace: Workspace, period: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.period = period
        self.tasks = TaskListPanel()
        self.editor = EntryEditor(workspace)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tasks)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([470, 830])
        splitter.setChildrenCollapsible(False)
        # Above everything while the task force has refused a bundle: why, and "export again".
        self.refusal_banner = RefusalBanner()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.refusal_banner)
        column.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.period_box = QComboBox()
        for p in PERIODS:
            self.period_box.addItem(tr("%1 period").replace("%1", str(p)), p)
        self.period_box.setCurrentIndex(PERIODS.index(period))
        self._toolbar()
        self._menus()
        self.file_menu = install_file_menu(self)  # bundles, keys, Excel, report, archive
        add_quit(self.file_menu.menu, self)
        self.refusal_banner.export_requested.connect(self.file_menu.export_bundle)
        install_workspace_notices(self, workspace)  # Help → About, 只读, the migration copy
        self._shortcuts()
        self.tasks.task_selected.connect(self.show_task)
        self.editor.row_changed.connect(self._row_changed)
        self.editor.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.editor.history_requested.connect(self.show_history)
        self.period_box.currentIndexChanged.connect(
            lambda _i: self.set_period(self.period_box.currentData())
        )
        self.history_windows: list[HistoryWindow] = []
        use_clerk_name(self, workspace)  # asked once: who changed what, by name
        add_first_steps(self, task_force=False)
        # Always shown, so a withheld task package (a freeze) shows as an old date.
        self.package_age = QLabel()
        self.package_age.setObjectName("packageAge")
        # What the next export would carry, so nothing waits unnoticed on this computer.
        self.unsent = QLabel()
        self.unsent.setObjectName("unsentChanges")
        self.unsent.setContentsMargins(0, 0, 16, 0)
        reserve_status_bar(self).addPermanentWidget(self.unsent)
        self.statusBar().addPermanentWidget(self.package_age)
        fit_to_screen(self, 1320, 860)
        geometry = settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
            keep_on_screen(self)
        self.reload()

    def _toolbar(self) -> None:
        bar = QToolBar(tr("Period"))
        bar.setObjectName("periodBar")
        bar.setMovable(False)
        self.office_label = QLabel(f"  {self.ws.office}  ")
        self.office_label.setObjectName("sectionTitle")
        bar.addWidget(self.office_label)
        bar.addWidget(QLabel(tr("Period:") + " "))
        bar.addWidget(self.period_box)
        self.addToolBar(bar)

    def _menus(self) -> None:
        edit = self.menuBar().addMenu(tr("&Edit"))
        undo = self.editor.undo_stack.createUndoAction(self, tr("Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.editor.undo_stack.createRedoAction(self, tr("Redo"))
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit.addAction(undo)
        edit.addAction(redo)
        install_settings_menu(self, self.ws)

    def show_evidence_limit(self) -> None:
        show_evidence_limit(self, self.ws)

    def _shortcuts(self) -> None:
        # Next / previous task as Excel goes to the next / previous sheet. Ctrl+P prints (文件
        # menu) and Alt+Down opens a choice list, as every Office and WPS user expects.
        actions = (
            ((QKeySequence.StandardKey.Save,), self.save_now),
            (("Ctrl+PgDown",), self.next_task),
            (("Ctrl+PgUp",), self.previous_task),
            ((QKeySequence.StandardKey.Find,), self.tasks.focus_search),
        )
        for keys, slot in actions:
            action = QAction(self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        self.tasks.enter_pressed.connect(self.editor.focus_first_field)

    def next_task(self) -> None:
        self._step_keeping_focus(+1)

    def previous_task(self) -> None:
        self._step_keeping_focus(-1)

    def _step_keeping_focus(self, delta: int) -> None:
        """Typing in the editor, the clerk lands on the next task's first field, ready to type."""
        focus = QApplication.focusWidget()
        in_editor = focus is not None and self.editor.isAncestorOf(focus)
        self.tasks.step(delta)
        if in_editor:
            self.editor.focus_first_field()

    # ------------------------------------------------------------ content

    def reload(self) -> None:
        """Read the period's tasks again, keeping the current task if it is still listed."""
        current = self.tasks.current_task()
        self.refresh_refusals()
        self.tasks.set_rows(self.ws.overview(self.period))
        self.setWindowTitle(
            tr("%1 · %2 period · ecodesk")
            .replace("%1", self.ws.office)
            .replace("%2", str(self.period))
            + title_suffix(self.ws)
        )
        self.show_package_age()
        self.show_unsent()
        listed = self.tasks.visible_tasks()
        target = current if current in listed else (listed[0] if listed else None)
        if target is None:
            self.editor.clear()
            return
        self.tasks.select_task(target, emit=False)
        self.show_task(target)

    def show_unsent(self) -> None:
        count = unsent_entries(self.ws.db, office=self.ws.office, period=self.period)
        self.unsent.setText(
            tr("%1 changed entries not sent yet (Export bundle, Ctrl+E)").replace("%1", str(count))
            if count
            else tr("No changes waiting to be sent")
        )
        self.unsent.setStyleSheet("color: #D55E00; font-weight: bold;" if count else "")

    def bundle_exported(self) -> None:
        self.refresh_refusals()  # an export answers the refused bundles
        self.show_unsent()

    def show_package_age(self) -> None:
        text, stale = package_age_text(self.ws)
        self.package_age.setText(("⚠ " if stale else "") + text)
        self.package_age.setStyleSheet("color: #D55E00; font-weight: bold;" if stale else "")

    def refresh_refusals(self) -> None:
        """Show the bundles the task force refused that no export has answered yet."""
        self.refusal_banner.show_refusals(open_refusals(self.ws.db))

    def set_period(self, period: int) -> None:
        if period == self.period:
            return
        self.editor.save_now()
        self.period = period
        settings.set_last_period(period)
        self.reload()

    def show_task(self, task: int) -> None:
        self.editor.load(task, self.period)
        self._tab_to_first_field()

    def _tab_to_first_field(self) -> None:
        """One Tab from the task list reaches the first field (not banners, boxes, buttons)."""
        if self.editor.form_view is not None:
            QWidget.setTabOrder(self.tasks.tree, self.editor.form_view.first_field())

    def save_now(self) -> None:
        if self.editor.save_now():
            self.statusBar().showMessage(tr("Saved."), 4000)

    def _row_changed(self, row: TaskRow) -> None:
        self.tasks.update_row(row)
        self.show_unsent()

    def show_history(self, task: int) -> None:
        from ecodesk.ui.history import HistoryWindow

        form = self.ws.form(task, self.period)
        title = f"{task}. {form.display_title()} ({self.period})"
        window = HistoryWindow(title, self.ws.history(task, self.period), self, form)
        window.destroyed.connect(lambda _obj=None, w=window: self._forget(w))
        self.history_windows.append(window)
        window.show()

    def _forget(self, window: HistoryWindow) -> None:
        if window in self.history_windows:
            self.history_windows.remove(window)

    def closeEvent(self, event: QCloseEvent) -> None:
        tasks.finish_all()  # evidence being copied is linked, exports finish, before the window goes
        self.editor.save_now()  # never ask "save?": it is saved
        settings.set_geometry(self.saveGeometry())
        settings.set_last_period(self.period)
        for window in list(self.history_windows):
            window.close()
        super().closeEvent(event)
