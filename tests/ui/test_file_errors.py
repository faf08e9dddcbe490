"""A bare file error in the window (a USB stick pulled out mid-export) is said in words."""

from __future__ import annotations

import errno

from ecodesk.core.errors import UserError
from ecodesk.ui.file_dialogs import FileDialogs, error_text


def test_a_pulled_stick_is_named_with_a_hint(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    pulled = OSError(errno.EIO, "Input/output error", "E:\\成县-2023-0007.ecb")
    box = FileDialogs(parent).show_error("数据包未导出", pulled)
    assert box.text() == (
        "无法读写 E:\\成县-2023-0007.ecb（Input/output error）。如果是U盘，请检查它是否还插着。"
    )
    assert "Errno" not in box.text()
    box.close()
    assert error_text(UserError("磁盘空间不足")) == "磁盘空间不足"
