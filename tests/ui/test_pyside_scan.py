"""PySide6's look into each imported module's source, made lighter for start-up, gives the
answers PySide's own look gives."""

from __future__ import annotations

import importlib
import sys

import pytest

import ecodesk.ui  # noqa: F401  (installs the plain reading)

feature = sys.modules["shibokensupport.feature"]
# each with the answer: the window's modules name PySide6, so does the command line's docstring
MODULES = {"ecodesk.ui.app": True, "ecodesk.ui.task_list": True, "ecodesk.cli": True,
           "ecodesk.core.periods": False, "json": False, "typing": False, "sys": False,
           "_json": False, "ecodesk": False}  # fmt: skip


def test_the_plain_reading_is_in_place() -> None:
    assert getattr(feature._mod_uses_pyside, "reads_plainly", False)


@pytest.mark.parametrize(("name", "answer"), MODULES.items())
def test_it_answers_as_pyside_does(name: str, answer: bool) -> None:
    import inspect

    module = importlib.import_module(name)
    try:
        expected = "PySide6" in inspect.getsource(module)
    except (OSError, TypeError):  # built in, or no source: PySide says no
        expected = False
    assert expected is answer
    assert feature._mod_uses_pyside(module) is answer
