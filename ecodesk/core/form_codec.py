"""Parsed forms as plain JSON data and back, for the form cache (`store.form_cache`).

Reading a form file means parsing TOML and checking every field (`core.form_loader`), which
took a tenth of the window's start-up. A parsed form is written as the fields of its dataclasses;
reading it back checks that every object has exactly the fields its class has now and that each
enum value is known, so data written by another ecodesk, or damaged, is refused (`ValueError`)
instead of turned into a wrong form.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from ecodesk.core.forms import (
    Basis,
    Choice,
    Direction,
    Form,
    Indicator,
    LeadScope,
    Target,
    TargetKind,
    ValueType,
)

Data = dict[str, Any]


def shape() -> str:
    """The field names of the form classes: part of the cache's key, so a cache written before
    a field was added or renamed is not read with a default in its place."""
    return ";".join(
        ",".join(f.name for f in fields(cls)) for cls in (Form, Indicator, Target, Choice)
    )


def form_to_data(form: Form) -> Data:
    """JSON-ready: enums are `str` subclasses, tuples become lists."""
    return asdict(form)


def form_from_data(data: Data) -> Form:
    """The form `form_to_data` wrote; ValueError for anything else."""
    try:
        form = _make(Form, data)
        return Form(**{**form, "lead": _texts(form["lead"]),
                       "cooperating": _texts(form["cooperating"]),
                       "cooperating_other": _texts(form["cooperating_other"]),
                       "indicators": tuple(_indicator(i) for i in form["indicators"])})  # fmt: skip
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"not a cached form: {exc}") from None


def _make(cls: type, data: Any) -> Data:
    """`data`'s fields, which must be exactly those of `cls`."""
    if not isinstance(data, dict) or set(data) != {f.name for f in fields(cls)}:
        raise ValueError(f"not a cached {cls.__name__}")
    return dict(data)


def _texts(items: Any) -> tuple[str, ...]:
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise ValueError("expected a list of texts")
    return tuple(items)


def _table(items: Any) -> dict[str, Any]:
    if not isinstance(items, dict):
        raise ValueError("expected a table")
    return dict(items)


def _indicator(data: Any) -> Indicator:
    ind = _make(Indicator, data)
    return Indicator(**{
        **ind,
        "type": ValueType(ind["type"]),
        "target": None if ind["target"] is None else _target(ind["target"]),
        "choices": tuple(_choice(c) for c in ind["choices"]),
        "offices": None if ind["offices"] is None else _texts(ind["offices"]),
        "detail_by_office": _table(ind["detail_by_office"]),
        "renamed_from": _texts(ind["renamed_from"]),
        "lead": LeadScope(ind["lead"]),
    })  # fmt: skip


def _target(data: Any) -> Target:
    target = _make(Target, data)
    return Target(**{
        **target,
        "kind": TargetKind(target["kind"]),
        "by_office": _table(target["by_office"]),
        "direction": None if target["direction"] is None else Direction(target["direction"]),
        "compare": None if target["compare"] is None else TargetKind(target["compare"]),
        "accept": _texts(target["accept"]),
        "basis": Basis(target["basis"]),
        "label_by_office": _table(target["label_by_office"]),
    })  # fmt: skip


def _choice(data: Any) -> Choice:
    choice = _make(Choice, data)
    return Choice(**{**choice, "former": _texts(choice["former"])})
