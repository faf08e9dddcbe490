"""The printable PDF report (Qt, offscreen) and the archive workbook through LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from ecodesk.cli import main
from ecodesk.reports.office_report import office_report_html
from ecodesk.store.workspace import Workspace


def test_report_html_has_every_task_and_a_stamp_block(demo_ws: Workspace) -> None:
    html = office_report_html(demo_ws, "成县", 2023)
    for task in demo_ws.tasks(2023, "成县"):
        assert f"任务 {task}　{demo_ws.forms[task].title}" in html
    assert "单位负责人（签字）" in html and "填报单位（盖章）：成县" in html
    assert "<script" not in html


def test_report_names_lead_and_every_cooperating_unit(demo_ws: Workspace) -> None:
    """Units the plan names that are not offices (task 5's 在陇企业) are in the report too, and
    through its PDF in the yearly archive."""
    html = office_report_html(demo_ws, "成县", 2023)
    assert "牵头单位：市生态环境局；配合单位：在陇企业" in html
    assert "牵头单位：市委办公室、市政府办公室；配合单位：所有在陇单位" in html


@pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("pdftotext")),
    reason="poppler-utils not installed",
)
def test_pdf_report_pages_and_chinese_text(
    demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp: object
) -> None:
    # `qapp` first: the command would otherwise create a bare QGuiApplication that outlives
    # this test and breaks every later widget test in the same process.
    out = tmp_path / "成县.pdf"
    assert (
        main(
            [
                "--workspace",
                str(demo_copy),
                "report",
                "--office",
                "成县",
                "--period",
                "2023",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 3 <= pages <= 12 and f"（{pages} 页）" in printed
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(out), str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page-*.png"))) == pages
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "2023 年度指标填报报告" in text and "城镇污水处理率" in text
    assert "单位负责人（签字）" in text and f"第{pages}页/共{pages}页" in text.replace(" ", "")
    fonts = subprocess.run(
        ["pdffonts", str(out)], capture_output=True, text=True, check=True
    ).stdout
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:]), (
        fonts
    )  # every font embedded


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) not installed")
def test_workbook_converts_with_libreoffice(archive_book: Path, tmp_path: Path) -> None:
    profile = tmp_path / "profile"  # a private profile: parallel runs must not share one
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(archive_book),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = tmp_path / "archive.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stdout + result.stderr
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True
        ).stdout
        assert "达标情况汇总" in text and "成县" in text


def test_pdf_report_bytes_do_not_depend_on_clock_or_language(
    demo_ws: Workspace, qapp: object
) -> None:
    import time

    from ecodesk.core.i18n import set_language
    from ecodesk.ui.report_pdf import report_pdf_bytes

    first, pages = report_pdf_bytes(demo_ws, "成县", 2023)
    time.sleep(1.1)  # Qt's own dates have whole seconds
    set_language("en")
    again, _ = report_pdf_bytes(demo_ws, "成县", 2023)
    assert pages > 1 and first == again
    assert b"/CreationDate (D:2" in first and b"uuid:" in first
