"""Which forms judge which period, and the rules for changing them.

`FormSchedule.forms_for(period)` is the one answer to "which forms apply to this period": every
view, evaluation, report and archive of a period asks it. A change (a form set installed by the
task force, or a task package's schedule at an office) is checked before anything is written:
it may not reach a closed period unless reopened with a reason, and it may not drop an indicator
id or a choice code that has data in a period it reaches.
"""

from __future__ import annotations

from collections.abc import Mapping

from ecodesk.core.errors import UserError
from ecodesk.core.forms import Form, FormSet, Indicator, ValueType
from ecodesk.core.i18n import t
from ecodesk.core.periods import FIRST_PERIOD, LAST_PERIOD, PERIODS
from ecodesk.store import form_cache, form_versions
from ecodesk.store.db import write_transaction
from ecodesk.store.form_versions import Schedule
from ecodesk.store.sqlite import Database

MAX_LISTED = 10  # problems listed in one refusal


class FormSchedule:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._parsed: dict[str, Form] = {}
        # Parsed forms kept between runs, beside the database (not for one on read-only media).
        self._cache = None if db.path is None else form_cache.cache_path(db.path.parent)
        self._cached: dict[str, Form] | None = None  # the cache file's forms, once read
        self.reload()

    def reload(self) -> None:
        self._schedule = form_versions.schedule(self.db)
        self._sets: dict[int, FormSet] = {}

    def schedule(self) -> Schedule:
        return {task: dict(periods) for task, periods in self._schedule.items()}

    def forms_for(self, period: int) -> FormSet:
        period = min(max(period, FIRST_PERIOD), LAST_PERIOD)
        if period not in self._sets:
            shas = {periods[period] for periods in self._schedule.values()}
            self._parse(shas)
            self._sets[period] = FormSet(
                {task: self._parsed[periods[period]] for task, periods in self._schedule.items()}
            )
        return self._sets[period]

    def sources_for(self, period: int) -> dict[str, str]:
        """{"NN.toml": text} of the forms that judge `period`, to edit into a new version."""
        period = min(max(period, FIRST_PERIOD), LAST_PERIOD)
        shas = {periods[period] for periods in self._schedule.values()}
        return {
            f"{task:02d}.toml": source
            for sha, (task, source) in form_versions.versions(self.db, shas).items()
        }

    def version(self, sha256: str) -> Form:
        self._parse({sha256})
        return self._parsed[sha256]

    def _parse(self, shas: set[str]) -> None:
        """Make the forms of these versions: from the cache, else parsed from their text (and
        then the cache is written again)."""
        missing = shas - self._parsed.keys()
        if not missing:
            return
        if self._cached is None:
            self._cached = form_cache.load(self._cache) if self._cache else {}
        for sha in missing & self._cached.keys():
            self._parsed[sha] = self._cached[sha]
        missing -= self._cached.keys()
        if not missing:
            return
        from ecodesk.core.form_loader import parse_form

        for sha, (task, source) in form_versions.versions(self.db, missing).items():
            self._parsed[sha] = parse_form(f"forms/{task:02d}.toml@{sha[:12]}", source)
        self._save_cache()

    def _save_cache(self) -> None:
        if self._cache is not None and not self.db.read_only:
            form_cache.save(self._cache, self._parsed)
            self._cached = dict(self._parsed)

    # ------------------------------------------------------------ changing

    def install_set(
        self, sources: Mapping[str, str], *, effective_from: int, who: str, reopen_reason: str = ""
    ) -> list[int]:
        """A complete form set ({file name: text}) in force from `effective_from` on."""
        from ecodesk.core.form_loader import forms_from_sources

        forms = forms_from_sources(sources, "forms")
        texts = {form.sha256: (form.task, sources[form.path]) for form in forms.values()}
        wanted = self.schedule()
        for task, form in forms.items():
            periods = wanted.setdefault(task, {})
            for period in PERIODS:
                if period >= effective_from:
                    periods[period] = form.sha256
        reason = reopen_reason
        if reopen_reason:
            reason = t(f"重新打开已归档的填报期：{reopen_reason}", f"reopened: {reopen_reason}")
        return self.install(wanted, texts, who=who, reason=reason, closed_ok=bool(reopen_reason))

    def install(
        self,
        wanted: Schedule,
        texts: Mapping[str, tuple[int, str]],
        *,
        who: str,
        reason: str = "",
        closed_ok: bool = True,
    ) -> list[int]:
        """Make the schedule `wanted` (new versions' texts in `texts`); the tasks that changed.

        Joins the caller's transaction when there is one (a task package's import).
        """
        from ecodesk.core.form_loader import parse_form

        for sha, (_task, source) in texts.items():
            if sha not in self._parsed:
                self._parsed[sha] = parse_form(f"forms/{_task:02d}.toml@{sha[:12]}", source)
        changes = self._changes(wanted)
        if not closed_ok:
            self._refuse_closed(changes)
        self._refuse_dropped_data(changes)
        with write_transaction(self.db):
            for sha, (task, source) in texts.items():
                form_versions.add_version_tx(self.db, sha256=sha, task=task, source=source, who=who)
            changed = form_versions.apply_schedule_tx(self.db, wanted, who=who, reason=reason)
        self.reload()
        if texts:
            self._save_cache()  # the new versions, parsed above: not parsed again next start
        return changed

    def _changes(self, wanted: Schedule) -> list[tuple[int, int, Form | None, Form]]:
        """(task, period, form before, form after) wherever `wanted` differs from now."""
        found = []
        for task, periods in sorted(wanted.items()):
            have = self._schedule.get(task, {})
            for period, sha in sorted(periods.items()):
                if have.get(period) != sha:
                    before = self.version(have[period]) if period in have else None
                    found.append((task, period, before, self.version(sha)))
        return found

    def _refuse_closed(self, changes: list[tuple[int, int, Form | None, Form]]) -> None:
        closed = set(form_versions.closed_periods(self.db))
        reached = sorted({period for _task, period, _b, _a in changes if period in closed})
        if reached:
            listed = "、".join(str(p) for p in reached)
            after = max(reached) + 1
            raise UserError(
                t(
                    f"填报期 {listed} 已归档（已关闭），表单或目标的变更不能用于已关闭的填报期。"
                    f"请改用 --effective-from {after}；确需更改已归档的年份，"
                    f'由工作专班决定后加 --reopen "理由" 重新打开（理由会被记录）。',
                    f"period {listed} is archived (closed): a form or target change cannot reach "
                    f"a closed period. Use --effective-from {after}; if the task force decides to "
                    f'change an archived year, add --reopen "reason" (the reason is recorded).',
                )
            )

    def _refuse_dropped_data(self, changes: list[tuple[int, int, Form | None, Form]]) -> None:
        problems: list[str] = []
        for task, period, before, after in changes:
            if before is None:
                continue
            for stored in form_versions.stored_values(self.db, task=task, period=period):
                old = before.indicator_for(stored.key)
                if old is None:
                    continue  # not data of the form it replaces either
                problem = _lost(task, stored, old, after.indicator_for(stored.key))
                if problem:
                    problems.append(problem)
        if problems:
            shown = problems[:MAX_LISTED]
            more = len(problems) - len(shown)
            if more:
                shown.append(t(f"……另有 {more} 处", f"... and {more} more"))
            raise UserError(
                t(
                    "新表单会使已有数据失去含义，未作更改：\n",
                    "the new forms would leave existing data without meaning; nothing changed:\n",
                )
                + "\n".join(shown)
            )


def _lost(
    task: int, stored: form_versions.StoredValue, old: Indicator, new: Indicator | None
) -> str:
    where = t(
        f"任务 {task}，{stored.office} {stored.period} 年",
        f"task {task}, {stored.office} {stored.period}",
    )
    if new is None:
        return t(
            f"{where}：指标 {stored.key} 有数据，新表单没有这个编号。"
            f'如果只是改了编号，请在新指标里写 renamed_from = "{stored.key}"',
            f"{where}: indicator {stored.key} has data and the new form has no such id. "
            f'If it was renamed, write renamed_from = "{stored.key}" in the new indicator',
        )
    if new.type is ValueType.CHOICE and old.choice(stored.value) and not new.choice(stored.value):
        return t(
            f"{where}：指标 {new.id} 的选项“{stored.value}”有数据，新表单没有这个选项代码"
            "（选项名称可以改，代码不能改）",
            f"{where}: choice '{stored.value}' of {new.id} has data and the new form has no "
            "such code (labels may change, codes may not)",
        )
    return ""
