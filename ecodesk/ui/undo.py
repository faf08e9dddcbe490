"""Undo within the entry editor: one command per run of edits to the same field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit, QWidget

from ecodesk.ui.i18n import tr

_MERGE_ID = 4


@dataclass
class Binding:
    """How to read and restore one editable field; `key` is the Problem.field name."""

    key: str
    widget: QWidget  # what gets focus when the field is named in a problem
    get: Callable[[], Any]
    set: Callable[[Any], None]
    label: str


def text_binding(key: str, edit: QPlainTextEdit | QLineEdit, label: str) -> Binding:
    if isinstance(edit, QPlainTextEdit):

        def set_plain(value: Any) -> None:
            edit.blockSignals(True)
            edit.setPlainText(str(value))
            edit.moveCursor(edit.textCursor().MoveOperation.End)
            edit.blockSignals(False)

        return Binding(key, edit, edit.toPlainText, set_plain, label)

    def set_line(value: Any) -> None:
        edit.blockSignals(True)
        edit.setText(str(value))
        edit.blockSignals(False)

    return Binding(key, edit, edit.text, set_line, label)


def check_binding(key: str, box: QCheckBox, label: str) -> Binding:
    def set_checked(value: Any) -> None:
        box.blockSignals(True)
        box.setChecked(bool(value))
        box.blockSignals(False)

    return Binding(key, box, box.isChecked, set_checked, label)


class FieldEdit(QUndoCommand):
    """Changing one field from `old` to `new`; consecutive edits of one field merge."""

    def __init__(
        self, apply: Callable[[str, Any], None], binding: Binding, old: Any, new: Any
    ) -> None:
        super().__init__(tr("Edit %1").replace("%1", binding.label))
        self.apply = apply
        self.key = binding.key
        self.old = old
        self.new = new
        self._first = True

    def id(self) -> int:
        return _MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, FieldEdit) or other.key != self.key:
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        if self._first:  # the widget already shows the new state
            self._first = False
            return
        self.apply(self.key, self.new)

    def undo(self) -> None:
        self.apply(self.key, self.old)
