"""Report actions: Excel template out and back in, the printed PDF, the yearly archive.

Each action asks for a file (non-blocking chooser), runs the `ecodesk.reports` function off the
GUI thread and reports the outcome in a notice naming the file and its folder. A refused
template is listed cell by cell in `TemplateProblemsDialog`; nothing of it was applied.
`ArchiveActions` serves both windows: the clerk's File menu archives its office, the task
force's window the whole city.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ecodesk.core.filenames import portable_name
from ecodesk.store.workspace import Workspace
from ecodesk.ui import tasks
from ecodesk.ui.file_dialogs import FileDialogs
from ecodesk.ui.i18n import tr
from ecodesk.ui.screen_fit import fit_to_screen

Index = QModelIndex | QPersistentModelIndex


class ProblemsModel(QAbstractTableModel):
    """The cells a refused template is faulted for: sheet, cell, reason."""

    SHEET, CELL, REASON = range(3)
    PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, problems: list[Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.problems = problems
        self.headers = (tr("Sheet"), tr("Cell"), tr("What is wrong"))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.problems)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        problem = self.problems[index.row()]
        if role == self.PROBLEM_ROLE:
            return problem
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (problem.sheet or "—", problem.cell or "—", problem.reason)[index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


class TemplateProblemsDialog(QDialog):
    def __init__(self, path: Path, problems: list[Any], parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Excel template not imported"))
        self.model = ProblemsModel(problems, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ProblemsModel.SHEET, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ProblemsModel.CELL, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ProblemsModel.REASON, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        heading = QLabel(
            tr("%1 has %2 problem(s). Nothing was imported; correct these cells and import "
               "the file again.").replace("%1", path.name).replace("%2", str(len(problems)))
        )  # fmt: skip
        heading.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 760, 380)


class ArchiveActions(QObject):
    """The yearly archive (zip: workbook, evidence, SHA-256 manifest) or its workbook alone.

    `window` has `ws` and `period`; `whole_city` archives every office with assigned tasks (the
    task force), otherwise the workspace's own office. `before()` runs first (the clerk's editor
    saves what is on screen, so the archive holds it).
    """

    def __init__(
        self,
        window: Any,
        files: FileDialogs,
        *,
        whole_city: bool = False,
        before: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(window)
        self.window, self.files, self.whole_city = window, files, whole_city
        self.before = before or (lambda: None)

    @property
    def ws(self) -> Workspace:
        return self.window.ws  # type: ignore[no-any-return]

    @property
    def period(self) -> int:
        return int(self.window.period)

    @property
    def office(self) -> str | None:
        return None if self.whole_city else self.ws.office

    def _default_name(self, suffix: str) -> str:
        from ecodesk.reports.archive import default_archive_name

        return str(Path(default_archive_name(self.period, self.office)).with_suffix(suffix))

    def make_archive(self) -> None:
        self.before()
        self.files.choose(
            tr("Save yearly archive"),
            kind="report",
            save_name=self._default_name(".zip"),
            name_filter=tr("Zip archives (*.zip)"),
            on_chosen=self.write_archive,
        )

    def write_archive(self, path: Path) -> None:
        office, period = self.office, self.period

        def work(ws: Workspace, progress: tasks.Progress) -> Any:
            from ecodesk.reports.archive import build_archive
            from ecodesk.ui.report_pdf import archive_report_pdf

            result = build_archive(ws, period, office, path, progress=progress,
                                   office_pdf=archive_report_pdf(ws, period))  # fmt: skip
            if office is None:
                ws.close_period(period)  # the task force's archive states this period's forms
            return result

        _run(
            self.window,
            self.files,
            tr("Writing the yearly archive…"),
            work,
            lambda result: self.files.show_notice(
                tr("Yearly archive"),
                tr(
                    "Saved %1: the Excel workbook and %2 evidence file(s), with their SHA-256 "
                    "hashes."
                )
                .replace("%1", path.name)
                .replace("%2", str(result.files)),
                details=tr(
                    "In folder: %1\nAlso inside: %2 office report(s), %3 signed bundle(s) and "
                    "%4 public key(s). The file list is signed (manifest-sha256.txt.minisig); "
                    "README.txt says how to check it without ecodesk."
                )
                .replace("%1", str(path.parent))
                .replace("%2", str(result.reports))
                .replace("%3", str(result.bundles))
                .replace("%4", str(result.keys)),
                path=path,
            ),  # fmt: skip
        )

    def export_workbook(self) -> None:
        self.before()
        self.files.choose(
            tr("Save summary workbook"),
            kind="excel",
            save_name=self._default_name(".xlsx"),
            name_filter=tr("Excel workbooks (*.xlsx)"),
            on_chosen=self.write_workbook,
        )

    def write_workbook(self, path: Path) -> None:
        office, period = self.office, self.period

        def work(ws: Workspace, _progress: tasks.Progress) -> Any:
            from ecodesk.reports.model import collect
            from ecodesk.reports.workbook import save_workbook

            return save_workbook(collect(ws, period, office), path)

        _run(
            self.window,
            self.files,
            tr("Writing the summary workbook…"),
            work,
            lambda _path: self.files.show_notice(
                tr("Summary workbook"),
                tr("Saved %1.").replace("%1", path.name),
                details=tr("In folder: %1").replace("%1", str(path.parent)),
                path=path,
            ),
        )


def _run(window: Any, files: FileDialogs, label: str, work: Any, on_done: Any) -> None:
    """`work(ws, progress)` off the GUI thread; a failure is shown as "Not saved"."""
    tasks.run(
        window,
        label,
        tasks.in_workspace(window.ws.root, work),
        on_done,
        lambda exc: files.show_error(tr("Not saved"), exc),
    )


class ReportActions(QObject):
    """Template, report and archive for the window's office and period."""

    entries_changed = Signal(object)  # the template ImportResult

    def __init__(self, window: Any, files: FileDialogs) -> None:
        super().__init__(window)
        self.window, self.files = window, files
        self.problems: TemplateProblemsDialog | None = None
        self.stale: QDialog | None = None  # the open StaleTemplateDialog, for tests
        self.last_import: Any = None
        self.archive = ArchiveActions(window, files, before=window.editor.save_now)

    @property
    def ws(self) -> Workspace:
        return self.window.ws  # type: ignore[no-any-return]

    @property
    def period(self) -> int:
        return int(self.window.period)

    def _name(self, pattern: str) -> str:
        return portable_name(pattern.replace("%1", self.ws.office).replace("%2", str(self.period)))

    # ------------------------------------------------------------ template

    def export_template(self) -> None:
        self.files.choose(
            tr("Save Excel template"),
            kind="excel",
            save_name=self._name(tr("%1-%2-template.xlsx")),
            name_filter=tr("Excel workbooks (*.xlsx)"),
            on_chosen=self.write_template,
        )

    def write_template(self, path: Path) -> None:
        from ecodesk.reports.template import save_template

        office, period = self.ws.office, self.period
        self._run(
            tr("Writing the Excel template…"),
            lambda ws, _progress: save_template(ws, period, office, path),
            lambda _r: self.files.show_notice(
                tr("Excel template"),
                tr("Saved %1.").replace("%1", path.name),
                details=tr(
                    "In folder: %1\nFill in the yellow cells in Excel or WPS, then use "
                    "File → Import Excel template."
                ).replace("%1", str(path.parent)),
                path=path,
            ),  # fmt: skip
        )

    def import_template(self) -> None:
        self.window.editor.save_now()
        self.files.choose(
            tr("Import filled Excel template"),
            kind="excel",
            name_filter=tr("Excel workbooks (*.xlsx)"),
            on_chosen=self.read_template,
        )

    def read_template(self, path: Path, decisions: Any = None) -> None:
        from ecodesk.reports.xlsx_import import import_template

        self.window.editor.save_now()
        tasks.run(
            self.window,
            tr("Checking the Excel template…"),
            tasks.in_workspace(
                self.ws.root, lambda ws, _progress: import_template(ws, path, decisions)
            ),
            lambda result: self._template_imported(path, result),
            lambda exc: self._template_refused(path, exc),
        )

    def _template_imported(self, path: Path, result: Any) -> None:
        self.entries_changed.emit(result)
        summary = "\n".join(result.summary) or tr("Nothing differs from the data here.")
        box = self.files.show_notice(
            tr("Excel template imported"),
            tr("Imported %1: %2 task(s) changed.")
            .replace("%1", path.name).replace("%2", str(len(result.changed))),
            details=summary,
        )  # fmt: skip
        if result.undo is not None:
            undo = box.addButton(tr("Undo this import"), box.ButtonRole.ActionRole)
            undo.clicked.connect(lambda: self.undo_import(result.undo))
        self.last_import = result

    def undo_import(self, undo: Any) -> None:
        from ecodesk.reports.template_merge import undo_import

        tasks.run(
            self.window,
            tr("Undoing the import…"),
            tasks.in_workspace(self.ws.root, lambda ws, _progress: undo_import(ws, undo)),
            lambda restored: self._import_undone(restored),
            lambda exc: self.files.show_error(tr("Import not undone"), exc),
        )

    def _import_undone(self, restored: list[int]) -> None:
        self.entries_changed.emit(None)
        self.files.show_notice(
            tr("Import undone"),
            tr("Tasks %1 are back as they were before the import.").replace(
                "%1", ", ".join(str(task) for task in restored)
            ),
        )

    def _template_refused(self, path: Path, exc: Exception) -> None:
        from ecodesk.reports.template_merge import StaleTemplateError
        from ecodesk.ui.stale_template_dialog import StaleTemplateDialog

        if isinstance(exc, StaleTemplateError):
            stale = StaleTemplateDialog(path.name, exc.stale, self.window)
            stale.decided.connect(lambda decisions: self.read_template(path, decisions))
            stale.finished.connect(stale.deleteLater)
            self.stale = stale
            stale.open()
            return
        problems = getattr(exc, "problems", None)
        if not problems:
            self.files.show_error(tr("Excel template not imported"), exc)
            return
        dialog = TemplateProblemsDialog(path, list(problems), self.window)
        dialog.finished.connect(dialog.deleteLater)
        self.problems = dialog
        dialog.open()

    # ------------------------------------------------------------ report and archive

    def print_report(self) -> None:
        self.window.editor.save_now()
        self.files.choose(
            tr("Save printable report"),
            kind="report",
            save_name=self._name(tr("%1-%2-report.pdf")),
            name_filter=tr("PDF files (*.pdf)"),
            on_chosen=self.write_report,
        )

    def write_report(self, path: Path) -> None:
        from ecodesk.ui.report_pdf import write_report_pdf

        office, period = self.ws.office, self.period
        self._run(
            tr("Writing the report…"),
            lambda ws, _progress: write_report_pdf(ws, office, period, path),
            lambda pages: self.files.show_notice(
                tr("Printable report"),
                tr("Saved %1 (%2 pages).").replace("%1", path.name).replace("%2", str(pages)),
                details=tr("In folder: %1\nPrint it, sign and stamp it.").replace(
                    "%1", str(path.parent)
                ),
                path=path,
            ),  # fmt: skip
        )

    def _run(self, label: str, work: Any, on_done: Any) -> None:
        _run(self.window, self.files, label, work, on_done)
