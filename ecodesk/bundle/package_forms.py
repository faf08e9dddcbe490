"""Forms in a task package, with the periods they apply from (task package format 3).

A package carries the task force's whole schedule, so an office that missed a package still ends
up judging every period by the same forms as the task force:

* `forms/NN.toml`: the newest version of task NN (as in formats 1 and 2);
* `forms/NN-YYYY.toml`: an earlier version still in force for some periods, named by the first
  period it applies from;
* `package.json` `forms_effective_from`: one object per run of periods with one version:
  `{"task": 24, "from": 2024, "sha256": "<SHA-256 of the form file's bytes>"}`.

A package without `forms_effective_from` applies its `forms/NN.toml` to every period, as
ecodesk 0.1 did.
"""

from __future__ import annotations

import re
from typing import Any

from ecodesk.bundle import schema
from ecodesk.bundle.container import Member
from ecodesk.bundle.errors import Refusal
from ecodesk.core.errors import UserError
from ecodesk.core.form_loader import forms_from_sources, parse_form
from ecodesk.core.periods import LAST_PERIOD, PERIODS
from ecodesk.store import form_versions

FIELD = "forms_effective_from"
_OLDER = re.compile(r"^forms/(\d{1,2})-(\d{4})\.toml$")
RUN = {
    "task": schema.integer(1, 1000),
    "from": schema.period,
    "sha256": schema.matches(schema.SHA256),
}


def package_forms(ws: Any) -> tuple[list[Member], list[dict[str, Any]]]:
    """The form members of a package and the runs of periods each version applies to."""
    plan = ws.form_schedule.schedule()
    newest = {task: periods[LAST_PERIOD] for task, periods in plan.items()}
    runs = {task: form_versions.segments(periods) for task, periods in plan.items()}
    changing = any(len(r) > 1 for r in runs.values())
    named: dict[str, str] = {sha: f"forms/{task:02d}.toml" for task, sha in newest.items()}
    if changing:
        for task, task_runs in sorted(runs.items()):
            for start, sha in task_runs:
                named.setdefault(sha, f"forms/{task:02d}-{start}.toml")
    texts = form_versions.versions(ws.db, set(named))
    members = [
        Member(name, texts[sha][1].encode("utf-8"))
        for sha, name in sorted(named.items(), key=lambda item: item[1])
    ]
    listed = [
        {"task": task, "from": start, "sha256": sha}
        for task, task_runs in sorted(runs.items())
        for start, sha in task_runs
    ]
    return members, listed


def wanted_schedule(
    forms: dict[str, bytes], body: dict[str, Any]
) -> tuple[dict[int, dict[int, str]], dict[str, tuple[int, str]]]:
    """Check the package's forms and return (schedule it asks for, {sha256: (task, text)})."""
    runs = body.get(FIELD) or []
    for item in runs:
        schema.check_object(item, RUN, f"package.json {FIELD}")
    texts: dict[str, tuple[int, str]] = {}
    newest: dict[str, str] = {}
    try:
        for name, data in sorted(forms.items()):
            text = data.decode("utf-8")
            older = _OLDER.match(name) if runs else None
            if not older:
                newest[name] = text
                continue
            form = parse_form(name, text)
            if form.task != int(older.group(1)):
                raise UserError(f"{name}: task {form.task}")
            texts[form.sha256] = (form.task, text)
        current = forms_from_sources(newest, "forms")
    except (UnicodeDecodeError, UserError) as exc:
        raise _broken(exc) from None
    texts.update({f.sha256: (task, newest[f.path]) for task, f in current.items()})
    if not runs:
        return {task: dict.fromkeys(PERIODS, f.sha256) for task, f in current.items()}, texts
    return _from_runs(runs, texts, set(current)), texts


def _from_runs(
    runs: list[dict[str, Any]], texts: dict[str, tuple[int, str]], tasks: set[int]
) -> dict[int, dict[int, str]]:
    by_task: dict[int, list[tuple[int, str]]] = {}
    for item in runs:
        if item["sha256"] not in texts or texts[item["sha256"]][0] != item["task"]:
            raise Refusal(
                "forms_invalid",
                f"任务包的 {FIELD} 提到任务 {item['task']} 的表单版本 {item['sha256'][:12]}，但包中没有",
                f"{FIELD} names a form version {item['sha256'][:12]} of task {item['task']} "
                "that the package does not carry",
            )
        by_task.setdefault(item["task"], []).append((item["from"], item["sha256"]))
    if set(by_task) != tasks:
        raise Refusal(
            "forms_invalid",
            f"任务包的 {FIELD} 没有覆盖全部任务",
            f"{FIELD} does not cover every task",
        )
    wanted: dict[int, dict[int, str]] = {}
    for task, task_runs in by_task.items():
        task_runs.sort()
        wanted[task] = {}
        for period in PERIODS:
            covering = [sha for start, sha in task_runs if start <= period]
            wanted[task][period] = covering[-1] if covering else task_runs[0][1]
    return wanted


def _broken(exc: Exception) -> Refusal:
    return Refusal(
        "forms_invalid",
        f"任务包中的表单定义有误：{exc}",
        f"the package's form definitions are broken: {exc}",
    )
