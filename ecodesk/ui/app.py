"""Starting the window: QApplication, language, look, and the workspace (or the first-run screen)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from ecodesk.core.errors import UserError
from ecodesk.core.periods import check_period, default_period
from ecodesk.ui import settings
from ecodesk.ui.i18n import apply_language
from ecodesk.ui.style import apply_look, use_style_sheet, use_window_icon

# Only what the first paint needs is imported here; the rest when it is used (start-up time).
if TYPE_CHECKING:
    from ecodesk.store.db import DatabaseDamaged
    from ecodesk.store.workspace import Workspace
    from ecodesk.ui.auto_backup import AutoBackup
    from ecodesk.ui.first_paint import FirstPaint


def create_app(
    argv: list[str] | None = None,
    *,
    style_sheet: bool = True,
    lang: str | None = None,
    window_icon: bool = True,
) -> QApplication:
    """The application with its look and language (`lang`, else the one saved); with
    `style_sheet` False, the style sheet comes when the controller shows its first window
    (`style.use_style_sheet`); with `window_icon` False, the icon once that window is built."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("ecodesk")
    app.setOrganizationName("ecodesk")
    if window_icon:
        use_window_icon(app)
    apply_look(app, style_sheet=style_sheet)
    apply_language(lang or settings.language())
    return app


class Controller(QObject):
    """Owns the open workspace and the window shown for it."""

    def __init__(self, root: Path, period: int | None, *, read_only: bool = False) -> None:
        super().__init__()
        self.root = root
        self.read_only = read_only  # `ecodesk --read-only`: view only, change nothing
        self.period_chosen = bool(period)  # `--period` given: kept, even on the demo
        self.period = check_period(period) if period else (settings.last_period() or _this_period())
        self.ws: Workspace | None = None
        self.window: QWidget | None = None
        self.auto_backup: AutoBackup | None = None
        # What stopped a window shown from its picture from opening its workspace, for `run`
        # to report as a failed start is reported (UserError, OSError).
        self.start_failed: Exception | None = None

    def start(self) -> QWidget:
        """The clerk's window, shown from the picture of its list kept at the last close when
        there is one for this database, period and language (`ui.first_paint`): the workspace
        is then opened in the next event-loop turn. Else the window of the opened workspace,
        the recovery window for a damaged database, or the first-run screen."""
        from ecodesk.core.i18n import language
        from ecodesk.ui import first_paint

        picture = first_paint.load(self.root, period=self.period, language=language())
        if picture is not None:
            return self._start_from_picture(picture)
        from ecodesk.store.db import DatabaseDamaged
        from ecodesk.store.workspace import DB_NAME, was_workspace

        if self.read_only or (self.root / DB_NAME).exists() or was_workspace(self.root):
            try:  # read-only, no workspace is made: opening one that is not there says so
                return self.open(self.root)
            except DatabaseDamaged as exc:  # damaged or missing: offer the latest good backup
                if self.read_only:
                    raise  # read-only, no backup is restored: `run` says what is wrong
                return self.recover(exc)
        from ecodesk.ui.start import StartWindow

        start = StartWindow(self.root)
        start.ready.connect(self.open_first_run)
        start.created.connect(lambda root: self.open_first_run(root, first_steps=True))
        self._show(start)
        return start

    def _start_from_picture(self, picture: FirstPaint) -> QWidget:
        from ecodesk.ui import first_paint
        from ecodesk.ui.badges import use_kept_badges
        from ecodesk.ui.main_window import MainWindow

        use_kept_badges(first_paint.badges_path(self.root))  # else they are drawn

        window = MainWindow.from_picture(picture, lambda: self._open_for_window(window))
        window.language_requested.connect(self.switch_language)
        self._show(window)
        # Once built, the workspace is open: the backup on closing and the reminder, as below.
        self._when_built(window, lambda: self._attach_auto_backup(window, self.ws, True))
        return window

    def _open_for_window(self, window: QWidget) -> tuple[Workspace, int] | None:
        """Open the workspace for the window shown from its picture, by the rules of `start`:
        a damaged database brings the recovery window in its place, a task force's workspace
        its own window, and what would stop `start` stops the program (see `run`)."""
        from ecodesk.store.db import DatabaseDamaged

        try:
            ws = self._open_workspace(self.root)
        except (UserError, OSError) as exc:
            if isinstance(exc, DatabaseDamaged) and not self.read_only:  # read-only: no restore
                self.recover(exc)
                return None
            self.start_failed = exc
            window.close()  # the only window: the program ends, and `run` says why
            return None
        if self.window is not window or ws.is_task_force:  # replaced meanwhile; not a clerk's
            ws.close()
            if self.window is window:
                self.open(self.root)
            return None
        self.ws = ws
        self.period = self.period_for(ws)
        return ws, self.period

    def _open_workspace(self, root: Path) -> Workspace:
        """The workspace at `root`, read-only when asked (else when its folder is not writable)."""
        from ecodesk.store.workspace import Workspace

        return Workspace.open(root, read_only=True if self.read_only else None)

    def period_for(self, ws: Workspace) -> int:
        """The period the window opens on: the demo's own data, not an empty year, unless a
        period was asked for."""
        if ws.is_demo and not self.period_chosen:
            from ecodesk.store.demo import DEMO_PERIODS

            if self.period not in DEMO_PERIODS:
                return DEMO_PERIODS[-1]
        return self.period

    def _close_workspace(self) -> None:
        """Close the open workspace; then keep the clerk's window's picture for the next start,
        taken now so the database file it names is the one this close left."""
        from ecodesk.ui import first_paint
        from ecodesk.ui.main_window import MainWindow

        ws, window = self.ws, self.window
        if ws is None:
            return
        picture = window.picture(of=ws) if isinstance(window, MainWindow) else None
        self.ws = None
        ws.close()
        if picture is not None:
            first_paint.save(ws.root, picture)

    def open(self, root: Path, *, first_steps: bool = False) -> QWidget:
        """The window for the workspace at `root`; `first_steps` for one just created."""
        from ecodesk.ui.main_window import MainWindow

        self._close_workspace()
        self.ws = self._open_workspace(root)
        self.period = self.period_for(self.ws)
        window: QWidget
        if self.ws.is_task_force:
            # The task force reviews the whole city: its own window, loaded only when needed.
            from ecodesk.ui.taskforce.window import TaskForceWindow

            window = TaskForceWindow(self.ws, self.period)
        else:
            window = MainWindow(self.ws, self.period)
        window.language_requested.connect(self.switch_language)  # type: ignore[attr-defined]
        self._show(window)
        if first_steps:
            from ecodesk.ui.first_steps import show_first_steps

            show_first_steps(window, self.ws.is_task_force)
        return window

    def open_first_run(self, root: Path, *, first_steps: bool = False) -> QWidget:
        """A workspace the first-run screen made or restored: ask where backups go (not for
        the demo, which lives in its own folder)."""
        window = self.open(root, first_steps=first_steps)
        if root == self.root:
            self._when_built(window, self._ask_backup_place)
        return window

    def _ask_backup_place(self) -> None:
        if self.auto_backup is not None:
            self.auto_backup.start(first_run=True)

    def recover(self, problem: DatabaseDamaged) -> QWidget:
        from ecodesk.ui.recovery import RecoveryWindow

        recovery = RecoveryWindow(self.root, problem)
        recovery.restored.connect(self.open)
        self._show(recovery)
        return recovery

    def _show(self, window: QWidget) -> None:
        old, self.window = self.window, window
        fresh = self.auto_backup is None or self.auto_backup.ws is not self.ws
        if self.auto_backup is not None:
            self.auto_backup.detach()  # replaced, not closed by the clerk: no backup for it
            self.auto_backup = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            use_style_sheet(app)  # on the built window: each widget styled once (start-up)
        window.show()
        if isinstance(app, QApplication):  # the icon once the window is built (start-up); set once
            self._when_built(window, lambda: use_window_icon(app))
        ws = self.ws
        if ws is not None and isinstance(window, QMainWindow):
            self._when_built(window, lambda: self._attach_auto_backup(window, ws, fresh))
        if old is not None:
            old.close()
            old.deleteLater()

    @staticmethod
    def _when_built(window: QWidget, then: Callable[[], object]) -> None:
        """Run `then` once every part of `window` is built (at once for a window built whole)."""
        if getattr(window, "is_built", True):
            then()
        else:
            window.built.connect(then)  # type: ignore[attr-defined]

    def _attach_auto_backup(self, window: QMainWindow, ws: Workspace | None, fresh: bool) -> None:
        """The backup on closing and the week-old reminder, attached once the window is built:
        it adds to the window's 设置 menu, and a reminder needs the window it points into."""
        from ecodesk.ui.auto_backup import AutoBackup

        if ws is None or self.window is not window or self.ws is not ws:
            return  # replaced before it was built
        self.auto_backup = AutoBackup(window, ws)
        if fresh:
            self.auto_backup.start()  # no backup for a week: say so

    def switch_language(self, lang: str) -> QWidget | None:
        """Rebuild the window in the new language, on the same period and task."""
        from ecodesk.ui.main_window import MainWindow

        window = self.window
        if self.ws is None:
            return None
        if not isinstance(window, MainWindow):
            return self._switch_task_force_language(lang)
        window.editor.save_now()
        task, self.period = window.tasks.current_task(), window.period
        settings.set_language(lang)
        apply_language(lang)
        new = MainWindow(self.ws, self.period)
        new.language_requested.connect(self.switch_language)
        if task is not None and new.tasks.select_task(task, emit=False):
            new.editor.load(task, self.period)
        self._show(new)
        return new

    def _switch_task_force_language(self, lang: str) -> QWidget | None:
        from ecodesk.ui.taskforce.window import TaskForceWindow

        window = self.window
        if not isinstance(window, TaskForceWindow) or self.ws is None:
            return None
        self.period = window.period
        settings.set_language(lang)
        apply_language(lang)
        new = TaskForceWindow(self.ws, self.period)
        new.language_requested.connect(self.switch_language)
        self._show(new)
        return new

    def shutdown(self) -> None:
        from ecodesk.ui import tasks

        tasks.wait_all()  # no thread may outlive the workspace it writes to
        if self.window is not None:
            self.window.close()
        self._close_workspace()
        if self.window is not None:
            self.window.deleteLater()
            self.window = None


def _say_and_stop(problem: UserError) -> None:
    from PySide6.QtWidgets import QMessageBox

    app = QApplication.instance()
    if isinstance(app, QApplication):
        use_style_sheet(app)
        use_window_icon(app)
    QMessageBox.critical(None, "ecodesk", str(problem))


def _this_period() -> int:
    from datetime import date  # only without a period remembered (start-up)

    return default_period(date.today().year)


def run(root: Path, period: int | None, lang: str | None = None, *, read_only: bool = False) -> int:
    """Open the window; `lang` (from `ecodesk --lang`) overrides the saved language for this run;
    `read_only` (`ecodesk --read-only`) opens the workspace for viewing only."""
    STARTUP_MARKS["imported"] = time.time()
    # The style sheet is set once the first window is built, its icon once it is built whole.
    app = create_app(style_sheet=False, lang=lang, window_icon=False)
    try:
        controller = Controller(root, period, read_only=read_only)
        controller.start()
        STARTUP_MARKS["window"] = time.time()
    except UserError as exc:
        _say_and_stop(exc)
        return 2
    ready_file = os.environ.get(READY_FILE_ENV)
    if ready_file:
        QTimer.singleShot(0, lambda: when_usable(controller, Path(ready_file)))
    code = app.exec()
    controller.shutdown()
    failed = controller.start_failed
    if isinstance(failed, UserError):  # said as when the window is built from the database
        _say_and_stop(failed)
        return 2
    if failed is not None:
        raise failed  # an OSError: the command line says which file, as before
    return int(code)


READY_FILE_ENV = "ECODESK_READY_FILE"
"""Smoke tests of the frozen build (tools/build-binary, the Windows CI job) set this to a file
name: once the event loop runs and the window is shown and built whole (editor, menus), its
class and title are written there and the app quits. A file, because the windowed ecodesk.exe
has no console to print to."""
TIMES_FILE_ENV = "ECODESK_STARTUP_TIMES"
"""With ECODESK_READY_FILE: where to write, as JSON, when each start-up step ended (seconds since
the epoch, `MainWindow.build_times`) for `bench/startup.py`, which started the process."""


STARTUP_MARKS: dict[str, float] = {}
"""When `run` began (everything before the window imported) and when its window was built."""


def when_usable(controller: Controller, ready_file: Path) -> None:
    """Report the window once every part of it is built."""
    window = controller.window
    if window is None:
        return
    Controller._when_built(window, lambda: report_ready(controller, ready_file))


def report_ready(controller: Controller, ready_file: Path) -> None:
    window = controller.window
    if window is not None and window.isVisible():
        times = os.environ.get(TIMES_FILE_ENV)
        if times:
            import json

            steps = {**STARTUP_MARKS, **getattr(window, "build_times", {}), "ready": time.time()}
            Path(times).write_text(json.dumps(steps), encoding="utf-8")
        ready_file.write_text(
            f"{type(window).__name__}\t{window.windowTitle()}\n", encoding="utf-8"
        )
    app = QApplication.instance()
    if app is not None:
        app.quit()
