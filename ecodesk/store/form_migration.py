"""Schema-3 step: form versions for a workspace made before them.

The forms this workspace used until now (its `forms/` folder, received in a task package, or the
forms shipped with ecodesk) become the first version of every task, in force from the plan's first
period; every existing entry records that version; and choice values stored as labels (as ecodesk
0.1 stored them, including old spellings such as "Ⅱ类") are rewritten as the choice's code, so
they keep their meaning whatever the label becomes.
"""

from __future__ import annotations

import json
from pathlib import Path

from ecodesk.core.form_loader import forms_from_sources
from ecodesk.core.forms import FormSet, ValueType
from ecodesk.core.periods import FIRST_PERIOD
from ecodesk.resources import resource_path
from ecodesk.store import form_versions, staged_forms
from ecodesk.store.sqlite import Database

MIGRATED_BY = "ecodesk 0.2.0"


def version_forms(db: Database) -> None:
    form_versions.create_tables(db)
    sources = _sources(_forms_dir(db))
    forms = forms_from_sources(sources, "forms")
    for form in forms.values():
        form_versions.add_version_tx(
            db, sha256=form.sha256, task=form.task, source=sources[form.path], who=MIGRATED_BY
        )
        form_versions.set_schedule_tx(
            db, task=form.task, effective_from=FIRST_PERIOD, sha256=form.sha256, who=MIGRATED_BY
        )
    form_versions.stamp_unversioned_tx(db)
    choice_labels_to_codes(db, forms)


def _forms_dir(db: Database) -> Path:
    """The folder the workspace's forms came from until now: its `forms/` (from a task package,
    after finishing a swap that a crash interrupted under ecodesk 0.1), else the shipped ones:
    as shipped until 0.2.0 (`resources/forms-0.2.0`, never edited) when it holds data, today's
    for a new or empty workspace."""
    if db.path is not None:
        root = db.path.parent
        if db.conn.execute("PRAGMA database_list").fetchone()[2]:
            # a database on disk, not the in-memory copy of one on read-only media
            office = db.execute("SELECT value FROM meta WHERE key = 'office'").fetchone()
            staged_forms.recover_staged_forms(root, db, office[0] if office else "")
        local = root / "forms"
        if local.is_dir() and any(local.glob("*.toml")):
            return local
    if db.execute("SELECT 1 FROM entries LIMIT 1").fetchone():
        # data typed under the forms ecodesk shipped before form versions: those forms, not
        # today's (task 22 then stored the increase itself, not the rate)
        return resource_path("resources", "forms-0.2.0")
    return resource_path("forms")


def _sources(directory: Path) -> dict[str, str]:
    return {
        f"forms/{path.name}": path.read_bytes().decode("utf-8")
        for path in sorted(directory.glob("*.toml"))
    }


def choice_labels_to_codes(db: Database, forms: FormSet) -> int:
    """Rewrite stored choice labels as codes (same meaning, so no new revision); return the count."""
    choice_tasks = {
        task: [i for i in form.indicators if i.type is ValueType.CHOICE]
        for task, form in forms.items()
    }
    rewritten = 0
    rows = db.execute("SELECT uuid, task, values_json FROM entries").fetchall()
    for uuid, task, values_json in rows:
        values = json.loads(values_json or "{}")
        changed = False
        for indicator in choice_tasks.get(task, []):
            for key in indicator.ids():
                choice = indicator.choice(values.get(key))
                if choice is not None and values[key] != choice.code:
                    values[key] = choice.code
                    changed = True
        if changed:
            rewritten += 1
            db.execute(
                "UPDATE entries SET values_json = ? WHERE uuid = ?",
                [json.dumps(values, ensure_ascii=False, sort_keys=True), uuid],
            )
    return rewritten
