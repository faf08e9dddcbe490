"""A workspace: one folder with the database, the evidence store and the forms in force.

The GUI and the CLI both work through this class, so they share every rule.
"""

from __future__ import annotations

import getpass
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecodesk.core.assignments import assigned_tasks, is_city_wide
from ecodesk.core.entries import (
    Entry,
    EntryState,
    Problem,
    TaskStatus,
    check_evidence_indicator,
    completion_problems,
    task_status,
)
from ecodesk.core.errors import UserError
from ecodesk.core.evaluation import Context, Evaluation, evaluate_form
from ecodesk.core.forms import Form, FormSet
from ecodesk.core.i18n import t
from ecodesk.core.offices import OFFICE_NAMES, TASK_FORCE
from ecodesk.core.periods import LAST_PERIOD, PERIODS, check_period, previous_period
from ecodesk.core.refusals import Refusal, ValidationError
from ecodesk.core.roles import Operation, Role, require_role
from ecodesk.core.task_status import ListedTask, task_status_label
from ecodesk.core.validation import validate_entry
from ecodesk.core.values import Value
from ecodesk.places import DB_NAME as DB_NAME  # here for the modules that import it from here
from ecodesk.places import default_workspace_dir as default_workspace_dir
from ecodesk.store import entries as entry_store
from ecodesk.store import settings
from ecodesk.store.db import DatabaseMissing, open_database, read_only_error
from ecodesk.store.decisions import Decisions
from ecodesk.store.entries import AuditRow, SaveResult
from ecodesk.store.form_schedule import FormSchedule

if TYPE_CHECKING:
    from ecodesk.store.backup import BackupResult

ROLE_OFFICE = "office"
ROLE_TASK_FORCE = "task_force"
MAX_EVIDENCE_MB = 4096
# The fields of a save that the validator judges.
_VALIDATED = ("values", "plan", "corrective_measures", "not_applicable", "not_applicable_reason")


def folder_is_writable(root: Path) -> bool:
    """Whether files can really be created in `root` and the database written.

    The folder by a real probe (a temp file), since root passes every permission check but
    not a read-only mount, a CD or a locked SD card, which refuse the write itself (EROFS).
    The database file by `os.access` only: opening and closing a descriptor of it would drop
    the POSIX locks SQLite's connections in this process hold on it."""
    try:
        fd, probe = tempfile.mkstemp(prefix=".ecodesk-write-test-", dir=root)
        os.close(fd)
        os.unlink(probe)
    except OSError:
        return False
    return os.access(root / DB_NAME, os.W_OK)


def was_workspace(root: Path) -> bool:
    """`root` holds what a workspace leaves besides its database (it is not a new folder)."""
    from ecodesk.store.auto_backup import SETTINGS_NAME

    return any((root / name).exists() for name in (SETTINGS_NAME, "evidence", "keys"))


@dataclass(frozen=True)
class TaskRow:
    form: Form
    entry: Entry | None
    evaluations: list[Evaluation]
    status: TaskStatus

    def listed(self) -> ListedTask:
        """The line the clerk's task list shows for this task, in the current language."""
        form, label = self.form, task_status_label(self.status)
        tooltip = f"{form.task}. {form.display_title()} — {label}"
        if self.entry and self.entry.review_comment:
            tooltip += "\n" + self.entry.review_comment
        words = f"{form.title} {form.title_en} {form.requirement}".lower()
        return ListedTask(form.task, form.group, form.display_title(), self.status, tooltip, words)


class Workspace(Decisions):
    def __init__(self, root: Path, db) -> None:  # type: ignore[no-untyped-def]
        self.root = root
        self.db = db
        self.form_schedule = FormSchedule(db)
        self.forms: FormSet = self.form_schedule.forms_for(LAST_PERIOD)  # the newest forms
        self.office = settings.get_meta(db, "office") or ""
        self.role = settings.get_meta(db, "role") or ROLE_OFFICE
        self.install_id = settings.get_meta(db, "install_id") or ""
        self.who = f"{getpass.getuser()}@{self.office or TASK_FORCE}"

    def set_clerk(self, name: str) -> None:
        """Record changes under the clerk's own name instead of the computer's login name."""
        self.who = f"{name.strip() or getpass.getuser()}@{self.office or TASK_FORCE}"

    # ------------------------------------------------------------ lifecycle

    @classmethod
    def create(cls, root: Path, *, office: str | None, task_force: bool = False) -> Workspace:
        if (root / DB_NAME).exists():
            raise UserError(t(f"{root} 已经是一个工作区", f"{root} is already a workspace"))
        if not task_force and office not in OFFICE_NAMES:
            raise UserError(t(f"未知的填报单位“{office}”", f"unknown office '{office}'"))
        from uuid import uuid4  # imports `platform`: not at start-up

        root.mkdir(parents=True, exist_ok=True)
        db = open_database(root / DB_NAME)
        settings.set_meta(
            db,
            office="" if task_force else str(office),
            role=ROLE_TASK_FORCE if task_force else ROLE_OFFICE,
            install_id=str(uuid4()),
        )
        db.conn.close()
        return cls.open(root)

    @classmethod
    def open(
        cls, root: Path, *, read_only: bool | None = None, integrity_checked: bool = False
    ) -> Workspace:
        """Open the workspace at `root`; read-only when asked, or when the folder cannot be
        written (read-only media): then nothing is written, not even a migration.
        `integrity_checked`: see `store.db.open_database`."""
        if not (root / DB_NAME).exists():
            if was_workspace(root):
                raise DatabaseMissing(root / DB_NAME)
            raise UserError(
                t(
                    f"{root} 还不是工作区。请先运行：ecodesk init --office 成县（或 ecodesk demo）",
                    f"{root} is not a workspace yet. Run: ecodesk init --office 成县 (or ecodesk demo)",
                )
            )
        if read_only is None:
            read_only = not folder_is_writable(root)
        db = open_database(root / DB_NAME, read_only=read_only, integrity_checked=integrity_checked)
        try:
            return cls(root, db)
        except BaseException:
            db.conn.close()
            raise

    # ------------------------------------------------------------ forms by period

    def forms_for(self, period: int) -> FormSet:
        """The forms that judge `period`: each task's version in force for that period."""
        return self.form_schedule.forms_for(period)

    def form(self, task: int, period: int) -> Form:
        return self.forms_for(period)[task]

    def install_forms(
        self, sources: dict[str, str], *, effective_from: int, reopen_reason: str = ""
    ) -> list[int]:
        """Task force: a complete form set applies from `effective_from` on; the changed tasks.

        Refused when it would change a closed (archived) period, unless `reopen_reason` says
        why that period is reopened (kept with the change), or when it drops an indicator id or
        a choice that has data.
        """
        if not self.is_task_force:
            raise UserError(
                t(
                    "只有工作专班能更改表单；单位通过任务包接收表单",
                    "only the task force changes forms; offices receive them in task packages",
                )
            )
        self.require_writable()
        changed = self.form_schedule.install_set(
            sources, effective_from=check_period(effective_from), who=self.who,
            reopen_reason=reopen_reason.strip(),
        )  # fmt: skip
        self.reload_forms()
        return changed

    def reload_forms(self) -> None:
        self.form_schedule.reload()
        self.forms = self.form_schedule.forms_for(LAST_PERIOD)

    def close_period(self, period: int) -> None:
        """The task force archived `period`: its forms are closed to later changes."""
        if self.is_task_force and not self.read_only:
            from ecodesk.store.form_versions import close_period

            close_period(self.db, period=period, who=self.who)

    def close(self) -> None:
        self.db.conn.close()

    def backup(
        self, target: Path, progress: Callable[[int, int], None] | None = None
    ) -> BackupResult:
        """Write a verified backup zip of the whole workspace (see `store.backup`)."""
        from ecodesk.store.backup import write_backup

        meta = {"office": self.office, "role": self.role, "install_id": self.install_id}
        return write_backup(self.root, self.db, target, meta=meta, progress=progress)

    @property
    def read_only(self) -> bool:
        """Opened for viewing only (read-only media or `--read-only`): every change is refused."""
        return bool(self.db.read_only)

    def require_writable(self) -> None:
        """Refuse a change before it starts (e.g. before an evidence file is copied in)."""
        if self.db.read_only:
            raise read_only_error(self.db.path)

    @property
    def is_demo(self) -> bool:
        """Built by `ecodesk demo` (sample data for the periods it fills)."""
        return settings.get_meta(self.db, "demo") == "1"

    @property
    def is_task_force(self) -> bool:
        return self.role == ROLE_TASK_FORCE

    def require_role(self, operation: Operation) -> None:
        """Refuse an operation of the other role (see `core.roles.OPERATIONS`)."""
        role = Role.TASK_FORCE if self.is_task_force else Role.OFFICE
        require_role(role, operation, workspace_name=self.office)

    def today(self) -> date:
        """Today's date, for the period rules (a test may pin it)."""
        return date.today()

    @property
    def max_evidence_bytes(self) -> int:
        from ecodesk.store import evidence as evidence_store  # hashlib: not at start-up

        value = settings.get_meta(self.db, "max_evidence_bytes")
        return int(value) if value else evidence_store.DEFAULT_MAX_EVIDENCE_BYTES

    def set_max_evidence_mb(self, megabytes: float) -> None:
        """The size limit of one evidence file; files already attached stay."""
        if not 0 < megabytes <= MAX_EVIDENCE_MB:
            raise UserError(
                t(
                    f"大小上限应在 0–{MAX_EVIDENCE_MB} MB 之间",
                    f"the limit must be within 0–{MAX_EVIDENCE_MB} MB",
                )
            )
        settings.set_meta(self.db, max_evidence_bytes=str(int(megabytes * 1024 * 1024)))

    # ------------------------------------------------------------ reading

    def _office(self, office: str | None) -> str:
        chosen = office or self.office
        if not chosen:
            raise UserError(t("请用 --office 指定填报单位", "name the office with --office"))
        if chosen not in OFFICE_NAMES:
            raise UserError(t(f"未知的填报单位“{chosen}”", f"unknown office '{chosen}'"))
        return chosen

    def tasks(self, period: int, office: str | None = None) -> list[int]:
        office = self._office(office)
        overrides = settings.assignment_overrides(self.db, office=office, period=period)
        return assigned_tasks(self.forms_for(period), office, overrides)

    def entry(self, task: int, period: int, office: str | None = None) -> Entry | None:
        return entry_store.get_entry(
            self.db, office=self._office(office), task=task, period=check_period(period)
        )

    def context(self, task: int, period: int, office: str | None = None) -> Context:
        office = self._office(office)
        form = self.form(task, period)
        before = previous_period(period)
        previous_entry = (
            entry_store.get_entry(self.db, office=office, task=task, period=before)
            if before
            else None
        )
        return Context(
            office=office,
            city_wide=is_city_wide(form, office),
            previous=dict(previous_entry.values) if previous_entry else None,
            assigned=settings.assigned_targets(self.db, task=task, office=office, period=period),
            period=period,
        )

    def evaluate(
        self,
        task: int,
        period: int,
        values: dict[str, Value] | None = None,
        office: str | None = None,
    ) -> list[Evaluation]:
        """Evaluate stored values, or `values` as typed but not yet saved (live evaluation)."""
        if values is None:
            entry = self.entry(task, period, office)
            values = dict(entry.values) if entry else {}
        return evaluate_form(self.form(task, period), values, self.context(task, period, office))

    def task_row(self, task: int, period: int, office: str | None = None) -> TaskRow:
        entry = self.entry(task, period, office)
        evaluations = self.evaluate(task, period, dict(entry.values) if entry else {}, office)
        return TaskRow(self.form(task, period), entry, evaluations, task_status(entry, evaluations))

    def overview(self, period: int, office: str | None = None) -> list[TaskRow]:
        return [self.task_row(task, period, office) for task in self.tasks(period, office)]

    def history(self, task: int, period: int, office: str | None = None) -> list[AuditRow]:
        entry = self.entry(task, period, office)
        return entry_store.history(self.db, uuid=entry.uuid) if entry else []

    def problems(self, task: int, period: int, office: str | None = None) -> list[Problem]:
        entry = self.entry(task, period, office) or Entry(
            uuid="", office=self._office(office), task=task, period=period
        )
        evaluations = self.evaluate(task, period, dict(entry.values), office)
        return completion_problems(self.form(task, period), entry, evaluations)

    # ------------------------------------------------------------ writing

    def validate(
        self, task: int, period: int, *, office: str | None = None, **changes: Any
    ) -> list[Refusal]:
        """Every refusal of `core.validation` for these changes to an entry (empty: acceptable)."""
        office = self._office(office)
        assigned = self.tasks(period, office) if period in PERIODS else []
        fields = {k: v for k, v in changes.items() if k in _VALIDATED}
        forms = self.forms_for(period) if period in PERIODS else self.forms
        return validate_entry(
            forms, task, office=office, period=period, today=self.today(), assigned=assigned,
            complete=changes.get("state") is EntryState.COMPLETE, **fields,
        )  # fmt: skip

    def _check_assigned(self, task: int, period: int, office: str) -> None:
        """The task and period are open to this office (task known, assigned, period begun)."""
        refusals = self.validate(task, period, office=office)
        if refusals:
            raise ValidationError(refusals)

    def save(self, task: int, period: int, *, office: str | None = None, **changes) -> SaveResult:  # type: ignore[no-untyped-def]
        """Save a draft. A complete entry that is edited into an invalid state goes back to draft."""
        office = self._office(office)
        refusals = self.validate(task, period, office=office, **changes)
        if refusals:
            raise ValidationError(refusals)
        if changes.get("values"):  # choices are stored as codes, whatever label was typed
            changes["values"] = self.form(task, period).coded(changes["values"])
        result = self._save_entry(task, period, office, **changes)
        edited_complete = (
            result.changed and result.entry.state is EntryState.COMPLETE and "state" not in changes
        )
        if edited_complete and self.problems(task, period, office):
            demoted = self._save_entry(task, period, office, state=EntryState.DRAFT)
            return SaveResult(demoted.entry, result.changed + demoted.changed)
        return result

    def _save_entry(self, task: int, period: int, office: str, **changes: Any) -> SaveResult:
        return entry_store.save_entry(
            self.db, office=office, task=task, period=period, who=self.who,
            install_id=self.install_id, **changes,
        )  # fmt: skip

    def complete(self, task: int, period: int, office: str | None = None) -> list[Problem]:
        """Mark complete if every required field is valid; otherwise return what is wrong."""
        office = self._office(office)
        self._check_assigned(task, period, office)
        problems = self.problems(task, period, office)
        if not problems:
            self._save_entry(task, period, office, state=EntryState.COMPLETE)
        return problems

    def attach(self, task: int, period: int, source: Path, office: str | None = None,
               *, indicator: str = "") -> Entry:  # fmt: skip
        """Copy a file into the workspace and attach it to the entry, for `indicator` ("" = the
        whole task)."""
        office = self._office(office)
        self._check_assigned(task, period, office)
        indicator = check_evidence_indicator(self.form(task, period), indicator)
        sha256, size = self.store_evidence(source)
        return self.link_evidence(
            task, period, sha256=sha256, size=size, name=source.name, office=office,
            indicator=indicator,
        )  # fmt: skip

    def store_evidence(self, source: Path, *, max_bytes: int | None = None) -> tuple[str, int]:
        """Copy a file into the evidence store; (sha256, size). With `max_bytes` given it does not
        touch the database, so the GUI can run it off its thread."""
        from ecodesk.store import evidence as evidence_store  # hashlib: not at start-up

        self.require_writable()
        limit = self.max_evidence_bytes if max_bytes is None else max_bytes
        return evidence_store.store_file(self.root, source, max_bytes=limit)

    def link_evidence(self, task: int, period: int, *, sha256: str, size: int, name: str,
                      office: str | None = None, indicator: str = "") -> Entry:  # fmt: skip
        """Attach a stored file to the entry (for `indicator`, "" = the whole task): one new,
        audited revision."""
        from ecodesk.store import evidence as evidence_store  # hashlib: not at start-up

        office = self._office(office)
        self._check_assigned(task, period, office)
        indicator = check_evidence_indicator(self.form(task, period), indicator)
        return evidence_store.link_evidence(self.db, office=office, task=task, period=period, sha256=sha256,
                                            size=size, name=name, who=self.who, install_id=self.install_id,
                                            indicator=indicator)  # fmt: skip

    def set_evidence_indicator(self, task: int, period: int, sha256: str, indicator: str,
                               office: str | None = None) -> Entry:  # fmt: skip
        """Say which indicator an attached file supports ("" = the whole task)."""
        from ecodesk.store import evidence as evidence_store  # hashlib: not at start-up

        office = self._office(office)
        indicator = check_evidence_indicator(self.form(task, period), indicator)
        return evidence_store.set_evidence_indicator(self.db, office=office, task=task, period=period,
                                                     sha256=sha256, indicator=indicator, who=self.who,
                                                     install_id=self.install_id)  # fmt: skip

    def detach(self, task: int, period: int, sha256: str, office: str | None = None) -> Entry:
        from ecodesk.store import evidence as evidence_store  # hashlib: not at start-up

        return evidence_store.detach_evidence(
            self.db,
            office=self._office(office),
            task=task,
            period=period,
            sha256=sha256,
            who=self.who,
            install_id=self.install_id,
        )

    def evidence_file(self, sha256: str) -> Path:
        from ecodesk.store import evidence as evidence_store  # hashlib: not at start-up

        return evidence_store.evidence_path(self.root, sha256)
