"""Draw ecodesk's application icon once: resources/icons/ecodesk.png and ecodesk.ico.

A green rounded square with a white leaf and a tick (an indicator met). Drawn with Qt's painter
(offscreen, no display needed); the .ico holds PNG images at 16, 24, 32, 48 and 256 pixels, the
form Windows Vista and later read, written here by hand so no image library is needed.
Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python tools/make_icon.py` (the output is committed).
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 256)
GREEN = QColor("#1b7f4b")  # the plan's colour of "met"


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 64, size / 64)  # drawn on a 64×64 grid
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(GREEN)
    painter.drawRoundedRect(QRectF(2, 2, 60, 60), 12, 12)
    leaf = QPainterPath(QPointF(14, 50))
    leaf.cubicTo(QPointF(12, 24), QPointF(30, 12), QPointF(52, 12))
    leaf.cubicTo(QPointF(52, 36), QPointF(38, 52), QPointF(14, 50))
    painter.setBrush(QColor("white"))
    painter.drawPath(leaf)
    pen = QPen(GREEN, 5 if size >= 32 else 7)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    tick = QPainterPath(QPointF(22, 33))
    tick.lineTo(QPointF(29, 40))
    tick.lineTo(QPointF(42, 24))
    painter.drawPath(tick)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(images: dict[int, bytes]) -> bytes:
    """An ICONDIR with one PNG-compressed entry per size (0 in the size byte means 256)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, blob in sorted(images.items()):
        side = size if size < 256 else 0
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs += blob
    return header + entries + blobs


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (fonts, pixmaps)
    OUT.mkdir(parents=True, exist_ok=True)
    images = {size: png_bytes(draw(size)) for size in SIZES}
    (OUT / "ecodesk.png").write_bytes(images[256])
    (OUT / "ecodesk.ico").write_bytes(ico_bytes(images))
    print(f"wrote {OUT / 'ecodesk.png'} and {OUT / 'ecodesk.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
