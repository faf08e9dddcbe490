"""Reading a filled-in template back: all of it, or nothing.

The file comes from outside and is treated as hostile: it may not be a zip, may be a zip bomb,
may have lost its sheets, hold formulas where values belong, or carry numbers out of bounds.
Every problem is collected with its sheet, cell and reason; if there is one, nothing is
applied. Otherwise all changed entries are saved in one transaction.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from ecodesk.core.entries import Entry, Review, completion_problems
from ecodesk.core.errors import UserError
from ecodesk.core.forms import Indicator, ValueType
from ecodesk.core.i18n import t
from ecodesk.core.offices import OFFICE_NAMES
from ecodesk.core.periods import PERIODS
from ecodesk.core.refusals import Refusal, ValidationError
from ecodesk.core.validation import value_refusal
from ecodesk.core.values import Value, parse_value
from ecodesk.reports.template import (
    COL_ID,
    COL_MEASURES,
    COL_PLAN,
    COL_VALUE,
    FIRST_ROW,
    META_SHEET,
    READABLE_FORMATS,
    SHEET,
)
from ecodesk.reports.template_merge import (
    Decisions,
    StaleEntry,
    StaleTemplateError,
    Undo,
    compare,
    is_stale,
    keep_template_side,
)
from ecodesk.store.batch import EntryChange, save_entries

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 500
MAX_ROWS = 2000


@dataclass(frozen=True)
class CellProblem:
    sheet: str
    cell: str  # "G12"; "" for the file as a whole
    reason: str
    code: str = ""  # the refusal code (core.validation.CODES) when the validator refused it

    def __str__(self) -> str:
        where = f"{self.sheet}!{self.cell}" if self.cell else (self.sheet or t("文件", "file"))
        return f"{where}：{self.reason}"


class TemplateImportError(UserError):
    """The file was refused; `problems` lists every cell at fault. Nothing was applied."""

    def __init__(self, path: Path, problems: list[CellProblem]) -> None:
        self.path = path
        self.problems = problems
        head = t(
            f"{path.name} 有 {len(problems)} 处错误，未导入任何数据：",
            f"{path.name} has {len(problems)} problem(s); nothing was imported:",
        )
        super().__init__("\n".join([head, *(f"  {p}" for p in problems)]))


@dataclass(frozen=True)
class ImportResult:
    office: str
    period: int
    changed: dict[int, tuple[str, ...]]  # task -> changed field names; unchanged tasks absent
    rows: int  # indicator rows read
    summary: tuple[str, ...] = ()  # one line per changed or kept task, for the clerk
    undo: Undo | None = None  # None when nothing changed


@dataclass(frozen=True)
class ParsedTemplate:
    office: str
    period: int
    tasks: dict[int, dict[str, Any]]
    problems: list[CellProblem]
    rows: int
    revisions: dict[int, int] | None  # task -> revision when made; None for format 1


def _refuse(path: Path, reason: str, sheet: str = "", cell: str = "") -> TemplateImportError:
    return TemplateImportError(path, [CellProblem(sheet, cell, reason)])


def check_container(path: Path) -> None:
    """Refuse anything that is not a reasonably sized xlsx zip before openpyxl parses it."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UserError(
            t(f"无法读取 {path}：{exc.strerror}", f"cannot read {path}: {exc.strerror}")
        ) from None
    if size > MAX_FILE_BYTES:
        raise _refuse(
            path,
            t(
                f"文件过大（{size // 1024 // 1024} MB，上限 {MAX_FILE_BYTES // 1024 // 1024} MB）",
                f"file too large ({size // 1024 // 1024} MB, limit {MAX_FILE_BYTES // 1024 // 1024} MB)",
            ),
        )
    if not zipfile.is_zipfile(path):
        raise _refuse(path, t("不是 Excel（.xlsx）文件", "not an Excel (.xlsx) file"))
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse(path, t("文件已损坏，无法打开", "the file is damaged")) from None
    unpacked = sum(m.file_size for m in members)
    if len(members) > MAX_MEMBERS or unpacked > MAX_UNPACKED_BYTES:
        raise _refuse(
            path, t("文件解压后过大，已拒绝", "the file unpacks to too much data; refused")
        )
    if "xl/workbook.xml" not in {m.filename for m in members}:
        raise _refuse(path, t("不是 Excel（.xlsx）文件", "not an Excel (.xlsx) file"))


def _open(path: Path) -> Any:
    from openpyxl import load_workbook

    check_container(path)
    try:
        return load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception:  # openpyxl raises many kinds on malformed parts; all mean the same here
        raise _refuse(
            path,
            t(
                "无法按 Excel 文件读取（文件可能已损坏）",
                "cannot be read as an Excel file (damaged?)",
            ),
        ) from None


def _meta(path: Path, wb: Any) -> tuple[str, int, dict[int, int] | None]:
    if META_SHEET not in wb.sheetnames:
        raise _refuse(
            path,
            t(
                "不是 ecodesk 生成的填报模板（缺少隐藏的识别信息）",
                "not an ecodesk template (its hidden identification sheet is missing)",
            ),
            META_SHEET,
        )
    if SHEET not in wb.sheetnames:
        raise _refuse(
            path,
            t(
                f"缺少工作表“{SHEET}”（请勿重命名或删除）",
                f"sheet '{SHEET}' is missing (do not rename it)",
            ),
            SHEET,
        )
    meta: dict[str, Any] = {}
    revisions: dict[int, int] = {}
    for row in wb[META_SHEET].iter_rows(min_row=1, max_row=400, max_col=3, values_only=True):
        row = tuple(row) + (None,) * (3 - len(row))
        if row[0] == "revision" and isinstance(row[1], int) and isinstance(row[2], int):
            revisions[row[1]] = row[2]
        elif isinstance(row[0], str):
            meta[row[0]] = row[1]
    office, period = meta.get("office"), meta.get("period")
    if (
        meta.get("format") not in READABLE_FORMATS
        or office not in OFFICE_NAMES
        or not isinstance(period, int)
        or period not in PERIODS
    ):
        raise _refuse(
            path,
            t(
                "模板的识别信息已损坏或版本不符",
                "the template's identification is damaged or of another version",
            ),
            META_SHEET,
        )
    return str(office), period, None if meta["format"] == READABLE_FORMATS[0] else revisions


def read_template(path: Path, forms: Any) -> ParsedTemplate:
    """Parse the file: office, period, per-task changes, problems, rows read. Applies nothing."""
    wb = _open(path)
    try:
        return _read_rows(path, wb, forms)
    except UserError:
        raise
    except Exception:  # read-only openpyxl parses cells lazily: a broken one surfaces only here
        raise _refuse(path, _damaged()) from None
    finally:
        wb.close()


def _damaged() -> str:
    return t(
        "无法按 Excel 文件读取（文件可能已损坏）", "cannot be read as an Excel file (damaged?)"
    )


def _read_rows(path: Path, wb: Any, forms: Any) -> ParsedTemplate:
    office, period, revisions = _meta(path, wb)
    if callable(forms):  # `Workspace.forms_for`: the forms of the template's period
        forms = forms(period)
    tasks: dict[int, dict[str, Any]] = {}
    problems: list[CellProblem] = []
    seen: set[str] = set()
    rows = 0
    for number, cells in enumerate(
        wb[SHEET].iter_rows(min_row=FIRST_ROW, max_col=COL_MEASURES), start=FIRST_ROW
    ):
        if number >= FIRST_ROW + MAX_ROWS:
            problems.append(
                CellProblem(SHEET, f"A{number}", t("行数过多，已拒绝", "too many rows; refused"))
            )
            break
        cells = list(cells) + [None] * (COL_MEASURES - len(cells))
        raw_id = _plain(cells[COL_ID - 1])
        if raw_id in (None, ""):
            continue
        rows += 1
        found = _indicator(forms, raw_id)
        if found is None or raw_id in seen:
            reason = (
                t("编号重复", "duplicate id")
                if found
                else t("无法识别的编号（A 列请勿修改）", "unknown id (do not edit column A)")
            )
            problems.append(CellProblem(SHEET, f"A{number}", reason))
            continue
        seen.add(raw_id)
        task, indicator = found
        change = tasks.setdefault(task, {"values": {}, "cells": {}})
        value, refused = _read_value(cells[COL_VALUE - 1], indicator)
        coordinate = _coordinate(COL_VALUE, number)
        change["cells"][indicator.id] = coordinate
        if refused:
            problems.append(CellProblem(SHEET, coordinate, refused.message, refused.code))
        else:
            change["values"][indicator.id] = value
        if "plan" not in change:  # the first row of a task holds its plan and measures
            for key, column in (("plan", COL_PLAN), ("corrective_measures", COL_MEASURES)):
                text, problem = _read_text(cells[column - 1])
                change[f"{key}_cell"] = _coordinate(column, number)
                if problem:
                    problems.append(CellProblem(SHEET, change[f"{key}_cell"], problem))
                change[key] = text
    return ParsedTemplate(office, period, tasks, problems, rows, revisions)


def _coordinate(column: int, row: int) -> str:
    return f"{'ABCDEFGHIJ'[column - 1]}{row}"


def _plain(cell: Any) -> Any:
    return None if cell is None else getattr(cell, "value", None)


def _indicator(forms: Any, raw_id: Any) -> tuple[int, Indicator] | None:
    if not isinstance(raw_id, str) or "/" not in raw_id:
        return None
    task_text, indicator_id = raw_id.split("/", 1)
    if not task_text.isdigit() or int(task_text) not in set(forms):
        return None
    try:
        return int(task_text), forms[int(task_text)].indicator(indicator_id)
    except KeyError:
        return None


def _is_formula(cell: Any) -> bool:
    return cell is not None and (getattr(cell, "data_type", None) == "f" or
                                 (isinstance(cell.value, str) and cell.value.startswith("=")))  # fmt: skip


def _excel_refusal(indicator: Indicator, code: str, zh: str, en: str) -> Refusal:
    return Refusal(code, f"values.{indicator.id}", t(zh, en))


def _read_value(cell: Any, indicator: Indicator) -> tuple[Value, Refusal | None]:
    """(value, None) or (None, why not)."""
    if _is_formula(cell):
        return None, _excel_refusal(indicator, "formula", "此处应填写数值，不能使用公式",
                                    "a value is expected here, not a formula")  # fmt: skip
    raw = _plain(cell)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    numeric = indicator.type in (ValueType.NUMBER, ValueType.PERCENT)
    if isinstance(raw, datetime | date | time):
        return None, _excel_refusal(indicator, "date", "应填写数字或文字，而不是日期",
                                    "expected a number or text, not a date")  # fmt: skip
    if isinstance(raw, bool):
        if indicator.type is ValueType.YESNO:
            return raw, None
        return None, _excel_refusal(indicator, "logical", "不应填写逻辑值（TRUE/FALSE）",
                                    "a TRUE/FALSE value does not belong here")  # fmt: skip
    if isinstance(raw, int | float):
        if not numeric:
            raw = f"{raw:g}"
        else:
            number = float(raw)
            if indicator.type is ValueType.PERCENT and "%" in str(
                getattr(cell, "number_format", "")
            ):
                number *= 100  # typed as "95%": Excel stores 0.95
            return number, value_refusal(indicator, number)
    try:
        return parse_value(indicator, str(raw)), None
    except ValidationError as exc:
        return None, exc.refusals[0]


def _read_text(cell: Any) -> tuple[str, str | None]:
    if _is_formula(cell):
        return "", t("此处应填写文字，不能使用公式", "text is expected here, not a formula")
    raw = _plain(cell)
    if raw is None:
        return "", None
    if isinstance(raw, datetime | date | time):
        return "", t("应填写文字，而不是日期", "expected text, not a date")
    text = raw if isinstance(raw, str) else f"{raw:g}" if isinstance(raw, float) else str(raw)
    return text.strip(), None  # its length is the validator's business (text_too_long)


def import_template(ws: Any, path: Path, decisions: Decisions | None = None) -> ImportResult:
    """Read a filled-in template into a `Workspace`: everything, or nothing (raises TemplateImportError).

    The template names its office and period. An office workspace only takes its own office's
    template; the task force takes any. Tasks whose content is unchanged get no new revision.
    An entry changed here since the template was made is only overwritten where `decisions`
    says the template wins; undecided, the import raises StaleTemplateError and applies nothing.
    """
    path = Path(path)
    parsed = read_template(path, ws.forms_for)
    office, period, problems = parsed.office, parsed.period, parsed.problems
    if ws.office and office != ws.office:
        raise _refuse(
            path,
            t(
                f"该模板属于“{office}”，本工作区是“{ws.office}”",
                f"this template belongs to {office}; this workspace is {ws.office}",
            ),
            META_SHEET,
        )
    changes: list[EntryChange] = []
    stale: list[StaleEntry] = []
    kept: dict[int, int] = {}  # task -> fields kept as they are here
    befores: dict[int, Entry | None] = {}
    for task, change in sorted(parsed.tasks.items()):
        entry: Entry | None = ws.entry(task, period, office)
        refusals = ws.validate(task, period, office=office, values=change["values"],
                               plan=change.get("plan"),
                               corrective_measures=change.get("corrective_measures"))  # fmt: skip
        if refusals:
            problems.extend(_cell_problems(refusals, change))
            continue
        found = _change_for(office, task, period, entry, change)
        if found is None:
            continue
        if entry is not None and entry.review is Review.ACCEPTED:
            problems.extend(
                CellProblem(
                    SHEET,
                    c,
                    t("该任务已通过审核并锁定，不能修改", "accepted and locked; cannot be changed"),
                )
                for c in change["cells"].values()
            )
            continue
        if is_stale(entry, parsed.revisions, task):
            assert entry is not None
            form = ws.form(task, period)
            comparisons = compare(form, entry, found)
            chosen, decided = keep_template_side(found, comparisons, decisions)
            if not decided:
                stale.append(StaleEntry(task, form.title, parsed.revisions.get(task, 0)
                                        if parsed.revisions is not None else None,
                                        entry.revision, comparisons))  # fmt: skip
                continue
            kept[task] = len(comparisons) - _field_count(chosen)
            if chosen is None:
                continue
            found = chosen
        befores[task] = entry
        changes.append(found)
    if problems:
        raise TemplateImportError(path, _sorted(problems))
    if stale:
        raise StaleTemplateError(path, stale)

    def still_complete(saved: Entry) -> bool:
        evaluations = ws.evaluate(saved.task, period, dict(saved.values), office)
        return not completion_problems(ws.form(saved.task, period), saved, evaluations)

    results = save_entries(
        ws.db, changes, who=ws.who, install_id=ws.install_id, still_complete=still_complete
    )
    done = [(c, r) for c, r in zip(changes, results, strict=True) if r.changed]
    changed = {c.task: r.changed for c, r in done}
    summary = _summary(ws, period, [(befores[c.task], c, r.entry) for c, r in done], kept)
    undo = (
        Undo(office, period, tuple((c.task, befores[c.task]) for c, _ in done),
             tuple((c.task, r.entry.revision) for c, r in done))
        if done else None
    )  # fmt: skip
    return ImportResult(office, period, changed, parsed.rows, summary, undo)


def _field_count(change: EntryChange | None) -> int:
    if change is None:
        return 0
    return len(change.values) + (change.plan is not None) + (change.corrective_measures is not None)


def _summary(
    ws: Any, period: int, saved: list[tuple[Entry | None, EntryChange, Entry]], kept: dict[int, int]
) -> tuple[str, ...]:
    """One line per task: which fields changed (old → new), whether it went back to draft."""
    lines = []
    for before, change, after in saved:
        form = ws.form(change.task, period)
        parts = [f"{c.label} {c.current or '—'} → {c.template or '—'}"
                 if c.field.startswith("values.") else c.label
                 for c in compare(form, before, change)]  # fmt: skip
        if before is not None and before.state is not after.state:
            parts.append(t("已完成 → 草稿（需重新标记为已完成）", "complete → draft"))
        lines.append(f"{t('任务', 'task')} {change.task} {form.title}：" + "；".join(parts))
    for task, count in sorted(kept.items()):
        if count:
            lines.append(
                t(
                    f"任务 {task}：{count} 项保留本机当前的值（模板较旧）",
                    f"task {task}: {count} field(s) kept as they are here (the template is older)",
                )
            )
    return tuple(lines)


def _cell_problems(refusals: list[Refusal], change: dict[str, Any]) -> list[CellProblem]:
    """Each refusal at the cell of its field; one about the task or period at each of its cells."""
    problems: list[CellProblem] = []
    for refusal in refusals:
        kind, _, key = refusal.field.partition(".")
        if kind == "values" and key in change["cells"]:
            cells = [change["cells"][key]]
        elif f"{refusal.field}_cell" in change:
            cells = [change[f"{refusal.field}_cell"]]
        else:
            cells = list(change["cells"].values())
        problems.extend(CellProblem(SHEET, c, refusal.message, refusal.code) for c in cells)
    return problems


def _change_for(
    office: str, task: int, period: int, entry: Entry | None, change: dict[str, Any]
) -> EntryChange | None:
    """The change to save, or None when the file says exactly what the entry already holds."""
    current = dict(entry.values) if entry else {}
    values = {
        k: v
        for k, v in change["values"].items()
        if current.get(k) != v or type(current.get(k)) is not type(v)
    }
    plan = change.get("plan", "")
    measures = change.get("corrective_measures", "")
    plan_changed = plan != (entry.plan if entry else "")
    measures_changed = measures != (entry.corrective_measures if entry else "")
    if not values and not plan_changed and not measures_changed:
        return None
    return EntryChange(office=office, task=task, period=period, values=values,
                       plan=plan if plan_changed else None,
                       corrective_measures=measures if measures_changed else None,
                       expected_revision=entry.revision if entry else None)  # fmt: skip


def _sorted(problems: list[CellProblem]) -> list[CellProblem]:
    def key(p: CellProblem) -> tuple[str, int, str]:
        digits = "".join(ch for ch in p.cell if ch.isdigit())
        return (p.sheet, int(digits) if digits else 0, p.cell)

    return sorted(problems, key=key)
