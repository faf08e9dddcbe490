"""Archive and Excel commands: archive, report (PDF), template, import-xlsx."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ecodesk.cli import _period, command, open_workspace
from ecodesk.core.errors import UserError
from ecodesk.core.filenames import portable_name
from ecodesk.core.i18n import t


def register_parsers(add: Callable[[str, str, str], argparse.ArgumentParser]) -> None:
    def period_office(p: argparse.ArgumentParser, office_help: tuple[str, str]) -> None:
        p.add_argument(
            "--period",
            type=int,
            help=t("填报期（年份），默认上一年", "period (year), default last year"),
        )
        p.add_argument("--office", help=t(*office_help))

    p = add(
        "archive",
        "生成年度档案（Excel 汇总表与佐证材料压缩包）",
        "build the yearly archive (Excel workbook and evidence zip)",
    )
    period_office(
        p,
        (
            "只归档该单位（默认：工作专班归档全部单位，填报单位归档本单位）",
            "archive only this office (default: all for the task force, its own for an office)",
        ),
    )
    p.add_argument(
        "--out",
        help=t(
            "输出文件：.zip 为含佐证材料的档案，.xlsx 只生成汇总表",
            "output: .zip for the archive with evidence, .xlsx for the workbook only",
        ),
    )

    p = add(
        "report",
        "生成单位的 PDF 打印报告（含签章栏）",
        "print an office's PDF report (with a stamp block)",
    )
    period_office(p, ("填报单位（默认为本工作区的单位）", "office (default: the workspace's)"))
    p.add_argument(
        "--out",
        help=t("输出的 PDF 文件（或文件夹）", "the PDF file (or folder) to write"),
    )

    p = add(
        "template",
        "生成供 Excel/WPS 填写的模板",
        "write an Excel template for an office to fill in",
    )
    period_office(p, ("填报单位（默认为本工作区的单位）", "office (default: the workspace's)"))
    p.add_argument(
        "--out",
        help=t("输出的 .xlsx 文件（或文件夹）", "the .xlsx file (or folder) to write"),
    )

    p = add(
        "import-xlsx",
        "导入填好的 Excel 模板（有错则全部不导入）",
        "import a filled-in Excel template (all or nothing)",
    )
    p.add_argument("file", type=Path)
    p.add_argument(
        "--stale",
        choices=("template", "current"),
        help=t(
            "模板制作之后已在本机修改过的任务以哪一方为准：template 采用模板的值，current 保留当前的值"
            "（不指定时拒绝导入并列出这些任务）",
            "for tasks changed here after the template was made: template = the template's "
            "values win, current = keep the values here (without it such an import is refused "
            "and the tasks are listed)",
        ),
    )


def output_file(raw: str | None, default_name: str) -> Path:
    """Where `--out` asks to write: a file, or `default_name` in a folder (existing, or named
    with a trailing slash). A missing folder is created; one that cannot be is a clear error,
    before any work is done."""
    if not raw:
        return Path(default_name)
    path = Path(raw)
    if raw.endswith(("/", os.sep)) or path.is_dir():
        path = path / default_name
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        raise UserError(
            t(
                f"{folder} 是文件，不是文件夹（请检查 --out）",
                f"{folder} is a file, not a folder (check --out)",
            )
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(
            t(
                f"无法创建文件夹 {folder}（{exc.strerror}）。请检查 --out；"
                "如果是U盘或网络位置，请检查它是否还在。",
                f"cannot create the folder {folder} ({exc.strerror}). Check --out; if it is a "
                "USB stick or a network place, check that it is still there.",
            )
        ) from None
    if not os.access(folder, os.W_OK):
        raise UserError(
            t(
                f"文件夹 {folder} 不可写入（请检查 --out）",
                f"cannot write into {folder} (check --out)",
            )
        )
    return path


class ProgressBar:
    """A one-line progress bar on stderr, shown only for work that lasts over half a second."""

    def __init__(self, label: str, stream=None) -> None:  # type: ignore[no-untyped-def]
        self.label = label
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.shown and time.monotonic() - self.started < 0.5 and done < total:
            return
        if not self.stream.isatty():
            return
        self.shown = True
        width = 30
        filled = width * done // max(total, 1)
        end = "\n" if done >= total else ""
        self.stream.write(
            f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}{end}"
        )
        self.stream.flush()


@command("archive")
def archive(args: argparse.Namespace) -> int:
    from ecodesk.reports.archive import build_archive, default_archive_name
    from ecodesk.reports.model import collect
    from ecodesk.reports.workbook import save_workbook

    ws = open_workspace(args)
    period = _period(args)
    office = args.office or (None if ws.is_task_force else ws.office) or None
    out = output_file(args.out, default_archive_name(period, office))
    if out.suffix.lower() == ".xlsx":
        save_workbook(collect(ws, period, office), out)
        print(t(f"已生成汇总表：{out}", f"workbook written: {out}"))
        return 0
    if out.suffix.lower() != ".zip":
        raise UserError(t("--out 应以 .zip 或 .xlsx 结尾", "--out must end in .zip or .xlsx"))
    from ecodesk.ui.report_pdf import archive_report_pdf  # Qt lays the PDF reports out

    result = build_archive(ws, period, office, out, office_pdf=archive_report_pdf(ws, period),
                           progress=ProgressBar(t("归档", "archiving")))  # fmt: skip
    if office is None:
        ws.close_period(period)  # the task force's archive states this period's forms
    print(archive_summary(out, result))
    return 0


def archive_summary(out: Path, result: Any) -> str:
    return t(
        f"已生成档案：{out}（{result.reports} 份单位报告，{result.files} 份佐证材料，"
        f"{result.bundles} 个已签名数据包，{result.keys} 个公钥，汇总表 {result.workbook_path}；"
        f"清单已签名：manifest-sha256.txt.minisig）",
        f"archive written: {out} ({result.reports} office reports, {result.files} evidence files, "
        f"{result.bundles} signed bundles, {result.keys} public keys, workbook "
        f"{result.workbook_path}; manifest signed: manifest-sha256.txt.minisig)",
    )


@command("template")
def template(args: argparse.Namespace) -> int:
    from ecodesk.reports.template import save_template

    ws = open_workspace(args)
    period = _period(args)
    office = ws._office(args.office)
    out = output_file(args.out, portable_name(f"填报模板-{office}-{period}.xlsx"))
    save_template(ws, period, office, out)
    print(t(f"已生成填报模板：{out}", f"template written: {out}"))
    return 0


@command("import-xlsx")
def import_xlsx(args: argparse.Namespace) -> int:
    from ecodesk.reports.xlsx_import import import_template

    ws = open_workspace(args)
    result = import_template(ws, args.file, args.stale)
    if not result.changed:
        print(
            t(
                f"{args.file}：内容与现有数据一致，没有修改",
                f"{args.file}: nothing differs; no changes",
            )
        )
    else:
        tasks = "、".join(str(task) for task in result.changed)
        print(
            t(
                f"已导入 {result.office} {result.period} 年：修改了任务 {tasks}",
                f"imported {result.office} {result.period}: tasks {tasks} changed",
            )
        )
    for line in result.summary:
        print(f"  {line}")
    return 0


@command("report")
def report(args: argparse.Namespace) -> int:
    ws = open_workspace(args)
    period = _period(args)
    office = ws._office(args.office)
    out = output_file(args.out, portable_name(f"填报报告-{office}-{period}.pdf"))
    from ecodesk.ui.report_pdf import write_report_pdf  # Qt only when a PDF is asked for

    pages = write_report_pdf(ws, office, period, out)
    print(t(f"已生成 PDF 报告：{out}（{pages} 页）", f"PDF report written: {out} ({pages} pages)"))
    return 0
