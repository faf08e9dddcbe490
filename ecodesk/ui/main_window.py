"""The clerk's main window: the task list on the left, the entry editor on the right.

The window is shown as soon as its task list is filled; once it is painted, the editor, the
menus and the status bar figures are built in the next event-loop turns (`BUILD_STEPS`, each a
blink), and then each task's form in idle turns, so switching tasks only fills a form already
built. Whatever needs a part before its turn builds it at once (`ws`, `editor`, `file_menu`): a
click on a task right after the window appears opens that task.

Built from the picture of the list kept at the last close (`from_picture`, `ui.first_paint`),
the window is shown before its workspace is even open: opening it is then the first step, and
the list the database gives replaces the picture's wherever they differ. So this module and
those it imports at start-up import no domain or database module (tests/ui/test_first_paint.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
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

from ecodesk.core.i18n import language
from ecodesk.core.periods import PERIODS
from ecodesk.core.task_status import ListedTask
from ecodesk.ui import settings
from ecodesk.ui.first_paint import FirstPaint
from ecodesk.ui.i18n import tr
from ecodesk.ui.screen_fit import fit_to_screen, keep_on_screen, reserve_status_bar
from ecodesk.ui.task_list import TaskListPanel

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QPaintEvent

    from ecodesk.store.workspace import TaskRow, Workspace
    from ecodesk.ui.editor import EntryEditor
    from ecodesk.ui.file_menu import FileMenu
    from ecodesk.ui.history import HistoryWindow
    from ecodesk.ui.refusal_banner import RefusalBanner

# The parts built after the window is shown, in this order, one per event-loop turn. A window
# given its workspace starts at "editor".
BUILD_STEPS = ("workspace", "editor", "menus", "status")

# Opens the workspace for a window shown from its picture: the workspace and the period to show,
# or None when it could not be opened (the controller shows what to do instead of this window).
OpenWorkspace = Callable[[], "tuple[Workspace, int] | None"]

# A window not painted this long after it was made (hidden, minimized) builds its parts anyway.
UNPAINTED_BUILD_AFTER_MS = 250


class MainWindow(QMainWindow):
    language_requested = Signal(str)
    built = Signal()  # every part of BUILD_STEPS is there (the task forms keep building)

    def __init__(
        self,
        workspace: Workspace | None,
        period: int,
        parent: QWidget | None = None,
        *,
        picture: FirstPaint | None = None,
        open_workspace: OpenWorkspace | None = None,
    ) -> None:
        """The window for an open `workspace`, or (see `from_picture`) for its picture."""
        super().__init__(parent)
        self._ws = workspace
        self._open_workspace = open_workspace
        self.period = period
        self.history_windows: list[HistoryWindow] = []
        self.build_times: dict[str, float] = {}  # step -> time.time() when done (the bench)
        self._steps_left = list(BUILD_STEPS[1:] if workspace is not None else BUILD_STEPS)
        self._editor: EntryEditor | None = None
        self._file_menu: FileMenu | None = None
        self._forms_to_build: list[int] = []
        self.tasks = TaskListPanel()
        self._build_central()
        self.period_box = QComboBox()
        for p in PERIODS:
            self.period_box.addItem(tr("%1 period").replace("%1", str(p)), p)
        self.period_box.setCurrentIndex(PERIODS.index(period))
        office = workspace.office if workspace is not None else picture.office if picture else ""
        self._toolbar(office)
        # The menu titles from the first paint (filled in a moment later), so nothing moves down
        # when the menus are built.
        self._menu_placeholders = [
            self.menuBar().addMenu(tr(title)) for title in ("&File", "&Edit", "&Settings", "&Help")
        ]
        self._status_bar()
        if workspace is not None:  # else in the first turn (their classes cost 2 ms to load)
            self._shortcuts()  # before the editor: keys pressed before it is built still work
        self.tasks.task_selected.connect(self.show_task)
        self.period_box.currentIndexChanged.connect(
            lambda _i: self.set_period(self.period_box.currentData())
        )
        fit_to_screen(self, 1320, 860)
        geometry = settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
            keep_on_screen(self)
        if workspace is not None:
            self._list_tasks()
        elif picture is not None:
            self.tasks.set_rows(list(picture.rows))
            self._show_title(picture.office)
        if picture is not None and picture.list_width:
            # The list as wide as the built window had it: the editor's own minimum width
            # (larger on a small or scaled screen) must not narrow it when it arrives.
            self._splitter.setSizes([picture.list_width, self.width() - picture.list_width])
        self._first_selected = self._select(None)
        # The window's own timer: it stops with the window (a closed window builds nothing).
        self._build_timer = QTimer(self, singleShot=True, interval=0)
        self._build_timer.timeout.connect(self._next_step)
        # The steps begin once the window is on the screen: a zero timer started now would run
        # the first step (opening the workspace, ~50 ms) before the system's first paint, and the
        # clerk would look at an empty frame meanwhile. A window not painted by then (hidden,
        # minimized) is built all the same.
        self._building = False
        QTimer.singleShot(UNPAINTED_BUILD_AFTER_MS, self, self._start_building)

    @classmethod
    def from_picture(
        cls, picture: FirstPaint, open_workspace: OpenWorkspace, parent: QWidget | None = None
    ) -> MainWindow:
        """The window showing the task list as it was at the last close, before the workspace
        is open: `open_workspace` opens it in the next event-loop turn (or when anything needs
        it sooner), and the list is then made true to the database."""
        return cls(None, picture.period, parent, picture=picture, open_workspace=open_workspace)

    @property
    def ws(self) -> Workspace:
        """The open workspace (opened now if the window was shown from its picture)."""
        if not self._has_workspace():
            raise RuntimeError("the workspace could not be opened; this window is being replaced")
        assert self._ws is not None
        return self._ws

    def _has_workspace(self) -> bool:
        """Open the workspace if it is not yet; False if it could not be (a damaged database:
        the recovery window is taking this one's place, so there is nothing to do here)."""
        self._finish_through("workspace")
        return self._ws is not None

    def _build_central(self) -> None:
        """The task list, and beside it the place the editor takes when it is built."""
        self.editor_place = QWidget()
        self._editor_column = QVBoxLayout(self.editor_place)
        self._editor_column.setContentsMargins(0, 0, 0, 0)
        self._splitter = splitter = QSplitter()  # side by side (Qt's default; see task_list)
        splitter.addWidget(self.tasks)
        splitter.addWidget(self.editor_place)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([470, 830])
        splitter.setChildrenCollapsible(False)
        central = QWidget()
        self._column = QVBoxLayout(central)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self._refusal_banner: RefusalBanner | None = None

    def _status_bar(self) -> None:
        # Always shown, so a withheld task package (a freeze) shows as an old date.
        self.package_age = QLabel()
        self.package_age.setObjectName("packageAge")
        # What the next export would carry, so nothing waits unnoticed on this computer.
        self.unsent = QLabel()
        self.unsent.setObjectName("unsentChanges")
        self.unsent.setContentsMargins(0, 0, 16, 0)
        reserve_status_bar(self).addPermanentWidget(self.unsent)
        self.statusBar().addPermanentWidget(self.package_age)

    # ------------------------------------------------------------ building after the first paint

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self._start_building()  # at the first paint the list is on the screen: build the rest

    def _start_building(self) -> None:
        if not self._building:
            self._building = True
            self._build_timer.start()

    def _next_step(self) -> None:
        """One step per event-loop turn, so the window answers between them."""
        self.build_times.setdefault("shown", time.time())
        if self._steps_left:
            self._finish_through(self._steps_left[0])
        elif self._forms_to_build and self._editor is not None:
            # In idle time, one task's form per turn: a later switch to it only fills it in.
            self._editor.prepare(self._forms_to_build.pop(0), self.period)
        if self._steps_left or self._forms_to_build:
            self._build_timer.start()

    def _finish_through(self, step: str) -> None:
        """Build every part up to `step` now (a part asked for before its turn)."""
        while step in self._steps_left:
            done = self._steps_left.pop(0)
            getattr(self, f"_build_{done}")()
            self.build_times[done] = time.time()
            if not self._steps_left and self._ws is not None:  # None: replaced, not built
                self._forms_to_build = list(self.tasks.visible_tasks())
                self.built.emit()

    def finish_building(self) -> None:
        """Every part of the window, now (not the forms built in idle time)."""
        if self._steps_left:
            self._finish_through(self._steps_left[-1])

    @property
    def is_built(self) -> bool:
        return not self._steps_left

    @property
    def editor(self) -> EntryEditor:
        self._finish_through("editor")
        assert self._editor is not None
        return self._editor

    @property
    def file_menu(self) -> FileMenu:
        self._finish_through("menus")
        assert self._file_menu is not None
        return self._file_menu

    @property
    def refusal_banner(self) -> RefusalBanner:
        """Above everything while the task force has refused a bundle: why, and "export again"."""
        if self._refusal_banner is None:
            from ecodesk.ui.refusal_banner import RefusalBanner

            self._refusal_banner = RefusalBanner()
            self._column.insertWidget(0, self._refusal_banner)
            self._refusal_banner.export_requested.connect(lambda: self.file_menu.export_bundle())
        return self._refusal_banner

    def _build_workspace(self) -> None:
        """Open the workspace of a window shown from its picture; the database's list then
        replaces the picture's where they differ (nothing moves where they do not)."""
        self._shortcuts()
        opened = self._open_workspace() if self._open_workspace is not None else None
        if opened is None:  # another window takes this one's place: build nothing more
            self._steps_left.clear()
            self._build_timer.stop()
            return
        self._ws, period = opened
        if period != self.period:  # the demo's own periods (see Controller.period_for)
            self.period = period
            blocked = self.period_box.blockSignals(True)
            self.period_box.setCurrentIndex(PERIODS.index(period))
            self.period_box.blockSignals(blocked)
        self.office_label.setText(f"  {self._ws.office}  ")
        current = self.tasks.current_task()
        self.tasks.replace_rows(self._read_rows())
        self._show_titled_for_workspace()
        # The task the clerk chose stays; else the first listed, as on a start without picture.
        self._select(current if current != self._first_selected else None)

    def _build_editor(self) -> None:
        from ecodesk.ui.editor import EntryEditor
        from ecodesk.ui.window_menus import use_clerk_name

        use_clerk_name(self, self.ws)  # asked once: who changed what, by name
        self.refresh_refusals()
        editor = EntryEditor(self.ws)
        self._editor = editor
        self._editor_column.addWidget(editor)
        editor.show()  # now, not in a later turn as a layout shows a widget added to it
        editor.row_changed.connect(self._row_changed)
        editor.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        editor.history_requested.connect(self.show_history)
        current = self.tasks.current_task()
        if current is None:
            editor.clear()
        else:
            self.show_task(current)

    def _build_menus(self) -> None:
        from ecodesk.ui.file_menu import install_file_menu
        from ecodesk.ui.first_steps import add_first_steps
        from ecodesk.ui.window_menus import add_quit
        from ecodesk.ui.workspace_notices import install_workspace_notices

        for placeholder in self._menu_placeholders:
            self.menuBar().removeAction(placeholder.menuAction())
            placeholder.deleteLater()
        self._menus()
        self._file_menu = install_file_menu(self)  # bundles, keys, Excel, report, archive
        add_quit(self._file_menu.menu, self)
        install_workspace_notices(self, self.ws)  # Help → About, 只读, the migration copy
        add_first_steps(self, task_force=False)

    def _build_status(self) -> None:
        self.show_package_age()
        self.show_unsent()

    def _toolbar(self, office: str) -> None:
        bar = QToolBar(tr("Period"))
        bar.setObjectName("periodBar")
        bar.setMovable(False)
        self.office_label = QLabel(f"  {office}  ")
        self.office_label.setObjectName("sectionTitle")
        bar.addWidget(self.office_label)
        bar.addWidget(QLabel(tr("Period:") + " "))
        bar.addWidget(self.period_box)
        self.addToolBar(bar)

    def _menus(self) -> None:
        from PySide6.QtGui import QKeySequence

        from ecodesk.ui.window_menus import install_settings_menu

        edit = self.menuBar().addMenu(tr("&Edit"))
        undo = self.editor.undo_stack.createUndoAction(self, tr("Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.editor.undo_stack.createRedoAction(self, tr("Redo"))
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit.addAction(undo)
        edit.addAction(redo)
        install_settings_menu(self, self.ws)

    def show_evidence_limit(self) -> None:
        from ecodesk.ui.window_menus import show_evidence_limit

        show_evidence_limit(self, self.ws)

    def _shortcuts(self) -> None:
        # Next / previous task as Excel goes to the next / previous sheet. Ctrl+P prints (文件
        # menu) and Alt+Down opens a choice list, as every Office and WPS user expects.
        from PySide6.QtGui import QAction, QKeySequence

        actions = (
            ((QKeySequence.StandardKey.Save,), self.save_now),
            (("Ctrl+PgDown",), self.next_task),
            (("Ctrl+PgUp",), self.previous_task),
            ((QKeySequence.StandardKey.Find,), self.tasks.focus_search),
        )
        for keys, slot in actions:  # each in this window only (QAction's default context)
            action = QAction(self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.triggered.connect(slot)
            self.addAction(action)
        self.tasks.enter_pressed.connect(self._to_first_field)

    def _to_first_field(self) -> None:
        if self._has_workspace():
            self.editor.focus_first_field()

    def next_task(self) -> None:
        self._step_keeping_focus(+1)

    def previous_task(self) -> None:
        self._step_keeping_focus(-1)

    def _step_keeping_focus(self, delta: int) -> None:
        """Typing in the editor, the clerk lands on the next task's first field, ready to type."""
        if not self._has_workspace():
            return
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
        self._list_tasks()
        self.show_package_age()
        self.show_unsent()
        target = self._select(current)
        if target is None:
            self.editor.clear()
            return
        self.show_task(target)

    def _list_tasks(self) -> None:
        self.tasks.set_rows(self._read_rows())
        self._show_titled_for_workspace()

    def _read_rows(self) -> list[ListedTask]:
        return [row.listed() for row in self.ws.overview(self.period)]

    def _show_titled_for_workspace(self) -> None:
        from ecodesk.ui.workspace_notices import title_suffix

        self._show_title(self.ws.office, title_suffix(self.ws))

    def _show_title(self, office: str, suffix: str = "") -> None:
        """The same words from the picture as from the workspace (" · 只读" comes only from
        the workspace: a read-only one keeps no picture)."""
        title = tr("%1 · %2 period · ecodesk").replace("%1", office)
        self.setWindowTitle(title.replace("%2", str(self.period)) + suffix)

    def picture(self, of: Workspace) -> FirstPaint | None:
        """What the next start on workspace `of` shows first (`ui.first_paint`); None when this
        window does not show `of` (not yet open, or another one), or when it is read-only
        (nothing may be written into it)."""
        if self._ws is not of or self._ws.read_only:
            return None
        rows = tuple(self.tasks.model.rows())
        width = self._splitter.sizes()[0] if self._editor is not None else 0
        return FirstPaint(self._ws.office, self.period, language(), rows, width)

    def _select(self, current: int | None) -> int | None:
        """Select `current` if it is listed, else the first task (no signal); the one selected."""
        listed = self.tasks.visible_tasks()
        target = current if current in listed else (listed[0] if listed else None)
        if target is not None:
            self.tasks.select_task(target, emit=False)
        return target

    def show_unsent(self) -> None:
        from ecodesk.store.bundles import unsent_entries

        count = unsent_entries(self.ws.db, office=self.ws.office, period=self.period)
        if not count:
            text = tr("No changes waiting to be sent")
        elif self.ws.read_only:  # a copy looked at: nothing to do here, so no call to act
            text = tr("%1 changed entries not sent yet (this copy is read-only)")
        else:
            text = tr("%1 changed entries not sent yet (Export bundle, Ctrl+E)")
        self.unsent.setText(text.replace("%1", str(count)))
        act = count and not self.ws.read_only
        self.unsent.setStyleSheet("color: #D55E00; font-weight: bold;" if act else "")

    def bundle_exported(self) -> None:
        self.refresh_refusals()  # an export answers the refused bundles
        self.show_unsent()

    def show_package_age(self) -> None:
        from ecodesk.bundle.package_age import package_age_text

        text, stale = package_age_text(self.ws)
        self.package_age.setText(("⚠ " if stale else "") + text)
        self.package_age.setStyleSheet("color: #D55E00; font-weight: bold;" if stale else "")

    def refresh_refusals(self) -> None:
        """Show the bundles the task force refused that no export has answered yet."""
        from ecodesk.store.refusals import open_refusals

        self.refusal_banner.show_refusals(open_refusals(self.ws.db))

    def set_period(self, period: int) -> None:
        if period == self.period or not self._has_workspace():
            return
        self.editor.save_now()
        self.period = period
        settings.set_last_period(period)
        self.reload()

    def show_task(self, task: int) -> None:
        if not self._has_workspace():
            return
        self.editor.load(task, self.period)
        self._tab_to_first_field()

    def _tab_to_first_field(self) -> None:
        """One Tab from the task list reaches the first field (not banners, boxes, buttons)."""
        if self.editor.form_view is not None:
            QWidget.setTabOrder(self.tasks.tree, self.editor.form_view.first_field())

    def save_now(self) -> None:
        if not self._has_workspace():
            return
        if self.ws.read_only:  # Ctrl+S there: nothing was saved, so no 已保存
            message = tr("Read-only: this workspace can be viewed but not changed")
            self.statusBar().showMessage(message, 4000)
        elif self.editor.save_now():
            self.statusBar().showMessage(tr("Saved."), 4000)

    def _row_changed(self, row: TaskRow) -> None:
        self.tasks.update_row(row.listed())
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
        from ecodesk.ui import tasks

        self._build_timer.stop()
        self._building = True  # a closed window builds nothing, painted or not
        self._forms_to_build.clear()
        tasks.finish_all()  # evidence being copied is linked, exports finish, before the window goes
        if self._editor is not None:
            self._editor.save_now()  # never ask "save?": it is saved
        settings.set_geometry(self.saveGeometry())
        settings.set_last_period(self.period)
        for window in list(self.history_windows):
            window.close()
        super().closeEvent(event)
