"""The PDF report as printed: the signature-and-stamp block is never split across pages, and
every page after the first says whose report it is; times are Beijing time, named."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from ecodesk.reports.model import collect
from ecodesk.reports.office_report import KEEP_TOGETHER, report_html
from ecodesk.store.workspace import Workspace

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")


def _pages(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    return [page for page in text.split("\f") if page.strip()]


def test_pages_after_the_first_name_office_and_period(
    demo_ws: Workspace, tmp_path: Path, qapp: object
) -> None:
    from ecodesk.ui.report_pdf import report_pdf_bytes

    pdf, count = report_pdf_bytes(demo_ws, "成县", 2023)
    pages = _pages(pdf, tmp_path)
    assert len(pages) == count >= 3
    for page in pages[1:]:
        assert page.lstrip().startswith("成县 2023 年度指标填报报告"), page[:80]
    data = collect(demo_ws, 2023, "成县")
    stamp = data.stamp + timedelta(hours=8)
    assert f"数据截至：{stamp:%Y-%m-%d %H:%M}（北京时间）" in pages[0].replace("\u3000", " ")


def test_signature_block_is_never_split(demo_ws: Workspace, tmp_path: Path, qapp: object) -> None:
    """Push the block down line by line over a whole page: it always stays on one page."""
    from ecodesk.ui.report_pdf import render_pdf_bytes

    data = collect(demo_ws, 2023, "成县")
    html = report_html(data, "成县")
    anchor = html.index(f"<h2><a name='{KEEP_TOGETHER}'>")
    seen_pages = set()
    for lines in range(0, 120, 7):
        filler = "<p>" + "<br/>".join(["补充说明"] * lines) + "</p>" if lines else ""
        pdf, count = render_pdf_bytes(html[:anchor] + filler + html[anchor:], title="成县 2023 年度指标填报报告",
                                      stamp=data.stamp)  # fmt: skip
        pages = _pages(pdf, tmp_path)
        holding = [i for i, page in enumerate(pages) if "确认与签章" in page]
        assert len(holding) == 1, lines
        last = pages[holding[0]]
        for part in (
            "本单位对以上填报数据",
            "填报人（签字）",
            "单位负责人（签字）",
            "填报单位（盖章）",
            "日期：",
        ):
            assert part in last, (lines, part)
        seen_pages.add(count)
    assert len(seen_pages) >= 2  # the filler did push the block across a page boundary
