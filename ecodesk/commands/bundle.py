"""Bundle commands: key, enroll, revoke, export, package, import, unpack, conflicts, received."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ecodesk.cli import _period, command, open_workspace
from ecodesk.core.errors import UserError
from ecodesk.core.i18n import t
from ecodesk.core.timefmt import local_time

AddParser = Callable[[str, str, str], argparse.ArgumentParser]


def register_parsers(add: AddParser) -> None:
    p = add("key", "显示、导出或更换本机密钥", "show, export or rotate this install's keys")
    p.add_argument(
        "action",
        choices=("show", "export", "rotate", "export-age-identity"),
        nargs="?",
        default="show",
    )
    p.add_argument(
        "file",
        nargs="?",
        type=Path,
        help=t(
            "export：公钥文件的保存位置；export-age-identity：age 私钥文件（机密）的保存位置",
            "export: where to save the public key file; export-age-identity: where to save the "
            "age identity file (secret)",
        ),
    )

    p = add(
        "enroll",
        "登记单位公钥（工作专班，须核对指纹）",
        "enroll an office's public key (task force; checks the fingerprint)",
    )
    p.add_argument("--office", required=True)
    p.add_argument("--key", required=True, type=Path, metavar="FILE")
    p.add_argument(
        "--fingerprint",
        required=True,
        help=t("电话或盖章函件中读出的指纹", "the fingerprint read out by phone or on the letter"),
    )

    p = add("revoke", "吊销单位密钥（工作专班）", "revoke an office's key (task force)")
    p.add_argument("--office", required=True)
    p.add_argument("--key-id")

    p = add("export", "导出数据包（发给工作专班）", "export a bundle for the task force")
    p.add_argument("--period", type=int)
    p.add_argument(
        "--full",
        action="store_true",
        help=t(
            "包含全部记录（默认只含工作专班确认收到后修改过的）",
            "all entries (default: changed since the last acknowledged bundle)",
        ),
    )
    p.add_argument("--out", type=Path, default=Path("."), metavar="DIR")

    p = add(
        "package", "生成任务包（工作专班发给单位）", "make task packages for offices (task force)"
    )
    p.add_argument(
        "--office",
        action="append",
        default=[],
        help=t("可重复；默认为所有已登记单位", "repeatable; default: every enrolled office"),
    )
    p.add_argument("--out", type=Path, default=Path("."), metavar="DIR")

    p = add(
        "import",
        "导入数据包（工作专班）或任务包（单位）",
        "import bundles (task force) or a task package (office)",
    )
    p.add_argument("files", nargs="+", type=Path)
    p.add_argument(
        "--dry-run", action="store_true", help=t("只显示预览，不导入", "show the summary only")
    )
    p.add_argument(
        "--yes",
        action="store_true",
        help=t(
            "显示预览后直接导入，不再询问（脚本中使用）",
            "apply after the summary without asking (for scripts)",
        ),
    )
    p.add_argument(
        "--fingerprint",
        help=t(
            "首次导入任务包时核对的工作专班指纹",
            "the task force fingerprint, for the first task package",
        ),
    )

    p = add(
        "unpack",
        "校验并解开数据包以便查看（工作专班）",
        "verify and unpack a bundle for inspection (task force)",
    )
    p.add_argument("file", type=Path)
    p.add_argument("--out", type=Path, required=True, metavar="DIR")

    from ecodesk.commands.taskforce import add_conflict_arguments  # list / show / resolve

    add_conflict_arguments(
        add(
            "conflicts",
            "列出、对比和解决冲突的记录（工作专班）",
            "list, compare and resolve conflicting entries (task force)",
        )
    )
    add("received", "列出已收到的数据包（工作专班）", "list the bundles received (task force)")
    add(
        "refusals",
        "列出被拒收的数据包及原因（单位：工作专班告知的；工作专班：拒收记录）",
        "list refused bundles and why (office: as the task force told it; task force: its log)",
    )


def progress_bar(label: str) -> Callable[[int, int], None]:
    """A `progress(done, total)` callback drawing a bar on stderr."""

    def show(done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r{label} [{'#' * filled}{' ' * (width - filled)}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


@command("key")
def key(args: argparse.Namespace) -> int:
    from ecodesk.bundle import api

    ws = open_workspace(args)
    if args.action == "rotate":
        info = api.rotate_key(ws)
        print(
            t(
                f"已更换密钥。新指纹：{info.fingerprint}（更换声明会随下一个数据包/任务包发出）",
                f"keys rotated. New fingerprint: {info.fingerprint} (the rotation travels with the next bundle/package)",
            )
        )
        return 0
    if args.action == "export-age-identity":
        return _export_age_identity(ws, args.file)
    if args.action == "export":
        if args.file is None:
            raise UserError(t("请指定公钥文件的保存位置", "name the file to write"))
        args.file.write_text(
            json.dumps(api.key_document(ws), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    info = api.key_info(ws)
    who = ws.office or t("工作专班", "task force")
    print(t(f"{who} 的公钥", f"public keys of {who}"))
    print(t(f"  指纹：      {info.fingerprint}", f"  fingerprint: {info.fingerprint}"))
    print(t(f"  密钥编号：  {info.key_id}", f"  key id:      {info.key_id}"))
    print(f"  minisign:    {info.minisign_public_key}")
    print(t(f"  加密公钥：  {info.box_public}", f"  encryption:  {info.box_public}"))
    print(f"  age:         {info.age_recipient}")
    if args.action == "export":
        print(
            t(
                f"已写入 {args.file}；请把指纹通过电话或盖章函件告知对方",
                f"wrote {args.file}; tell the other side the fingerprint by phone or letter",
            )
        )
    return 0


def _export_age_identity(ws: object, file: Path | None) -> int:
    from ecodesk.bundle import api

    if file is None:
        raise UserError(t("请指定 age 私钥文件的保存位置", "name the file to write"))
    api.export_age_identity(ws, file)
    print(
        t(
            f"已写入 {file}（私钥，仅本人可读）。用法：age -d -i {file} 文件.ecb > 文件.zip；用完请删除",
            f"wrote {file} (private keys, readable by you only). Use: age -d -i {file} FILE.ecb > FILE.zip; "
            "delete it afterwards",
        )
    )
    return 0


@command("enroll")
def enroll(args: argparse.Namespace) -> int:
    from ecodesk.bundle import api

    ws = open_workspace(args)
    enrolled = api.enroll_office(
        ws, office=args.office, key_file=args.key, fingerprint=args.fingerprint
    )
    record = enrolled.key
    print(
        t(
            f"已登记 {record.office} 的公钥（指纹 {record.fingerprint}）",
            f"enrolled the key of {record.office} (fingerprint {record.fingerprint})",
        )
    )
    for old in enrolled.retired:
        print(
            t(
                f"{old.office} 原来的密钥 {old.key_id}（指纹 {old.fingerprint}）已停用：此后它签名的数据包一律拒收",
                f"the previous key {old.key_id} of {old.office} (fingerprint {old.fingerprint}) is "
                "retired: bundles it signs from now on are refused",
            )
        )
    return 0


@command("revoke")
def revoke(args: argparse.Namespace) -> int:
    from ecodesk.bundle import api

    ws = open_workspace(args)
    record = api.revoke_office_key(ws, office=args.office, key_id=args.key_id)
    print(
        t(
            f"已吊销 {record.office} 的密钥 {record.key_id}：此后它签名的任何数据包都将被拒收（已收到的"
            f"{record.revoked_after_seq} 号及以前的数据包保留）",
            f"revoked key {record.key_id} of {record.office}: anything it signs from now on is refused "
            f"(the bundles received up to number {record.revoked_after_seq} stay)",
        )
    )
    return 0


@command("export")
def export(args: argparse.Namespace) -> int:
    from ecodesk.bundle import api

    ws = open_workspace(args)
    result = api.export_bundle(
        ws,
        period=_period(args),
        out_dir=args.out,
        full=args.full,
        progress=progress_bar(t("导出", "export")),
    )
    print(
        t(
            f"已写入并校验 {result.path}：{result.entries} 条记录，{result.evidence} 份佐证材料",
            f"wrote and verified {result.path}: {result.entries} entries, {result.evidence} evidence files",
        )
    )
    return 0


@command("package")
def package(args: argparse.Namespace) -> int:
    from ecodesk.bundle import api
    from ecodesk.store import keys as key_store

    ws = open_workspace(args)
    offices = args.office or sorted({k.office for k in key_store.list_keys(ws.db, role="office", own=False)
                                     if k.status == key_store.ACTIVE})  # fmt: skip
    if not offices:
        raise UserError(t("还没有登记任何单位", "no office is enrolled yet"))
    for office in offices:
        result = api.make_task_package(ws, office=office, out_dir=args.out)
        decisions = (
            t(f"（含 {result.reviews} 项审核结论）", f" ({result.reviews} review decisions)")
            if result.reviews
            else ""
        )
        print(t(f"已写入 {result.path}", f"wrote {result.path}") + decisions)
        if result.resolved:
            print(
                t(
                    f"  含 {result.resolved} 条冲突解决后采用的版本（须该单位使用新版 ecodesk）",
                    f"  with {result.resolved} version(s) kept when resolving conflicts (the office needs a current ecodesk)",
                )
            )
    return 0


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError, OSError):  # closed or replaced stdin: no one to ask
        return False


def _confirmed(question: str) -> bool:
    try:
        answer = input(question)
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes", "是")


@command("import")
def import_files(args: argparse.Namespace) -> int:
    from ecodesk.bundle import api

    ws = open_workspace(args)
    if not ws.is_task_force:
        # A task package has no preview: it is checked completely, then applied, and the import
        # says what it changed (the first one only after the fingerprint is confirmed).
        if args.dry_run:
            raise UserError(
                t(
                    "任务包没有预览（--dry-run 只用于工作专班导入数据包）；导入后会列出改动",
                    "a task package has no preview (--dry-run is for the task force's bundles); "
                    "the import lists what it changed",
                )
            )
        for path in args.files:
            outcome = api.import_task_package(ws, path, confirm_fingerprint=args.fingerprint)
            print("\n".join(outcome.summary_lines()))
        return 0
    ask = not (args.dry_run or args.yes)
    if ask and not _stdin_is_terminal():
        raise UserError(
            t(
                "没有终端可以确认导入：请加上 --yes 直接导入（或用 --dry-run 只看预览）",
                "no terminal to confirm the import: add --yes to apply it (or --dry-run for the summary only)",
            )
        )
    plan = api.plan_import(ws, args.files, progress=progress_bar(t("检查", "check")))
    print(t("预览：", "summary:"))
    for line in plan.summary_lines():
        print(f"  {line}")
    if args.dry_run:
        return 1 if plan.rejected_files else 0
    # A bundle refused for what it says is logged when the import is applied, so that the
    # office's next task package tells it: applying is worth it even with nothing to merge.
    if not any(f.status == "ok" for f in plan.files) and not plan.logged_refusals:
        print(t("没有可导入的数据包", "nothing to import"))
        return 1 if plan.rejected_files else 0
    if ask and not _confirmed(t("应用以上导入？[y/N] ", "Apply this import? [y/N] ")):
        print(t("未导入，数据库没有改动", "not imported; the database is unchanged"))
        return 1
    done = api.apply_import(ws, plan, progress=progress_bar(t("导入", "import")))
    accepted = sum(1 for f in done.files if f.status == "ok")
    print(
        t(
            f"已导入 {accepted} 个数据包（每个数据包完整导入，{done.transactions} 次事务）",
            f"imported {accepted} bundles (each whole, in {done.transactions} transaction(s))",
        )
    )
    for report in done.rejected_files:
        logged = report.logged_refusal
        print(
            t(
                f"未导入 {report.path.name}" + ("（已记录拒收，该单位的下一个任务包会告知原因）" if logged else ""),
                f"not imported: {report.path.name}"
                + (" (refusal logged; the office's next task package tells it why)" if logged else ""),
            )
        )  # fmt: skip
    return 1 if done.rejected_files else 0


@command("unpack")
def unpack(args: argparse.Namespace) -> int:
    from ecodesk.bundle import api

    ws = open_workspace(args)
    target = api.unpack_bundle(ws, args.file, args.out)
    print(
        t(
            f"签名与哈希均已核对，内容已解到 {target}",
            f"signature and hashes verified; contents in {target}",
        )
    )
    print(f"minisign -Vm {target / 'manifest.json'} -p {target / 'signer.pub'}")
    return 0


@command("conflicts")
def list_conflicts(args: argparse.Namespace) -> int:
    from ecodesk.commands.taskforce import conflicts_command  # list, show and resolve live there

    return conflicts_command(args)


@command("received")
def received(args: argparse.Namespace) -> int:
    from ecodesk.store import bundles as bundle_store

    ws = open_workspace(args)
    for r in bundle_store.received_list(ws.db):
        print(f"{r.office}\t{r.period}\t#{r.sequence}\t{local_time(r.imported_at)}\t{r.file_name}")
    return 0


@command("refusals")
def refusals(args: argparse.Namespace) -> int:
    from ecodesk.store import refusals as refusal_store

    ws = open_workspace(args)
    found = refusal_store.refused_list(ws.db)
    if not found:
        print(t("没有被拒收的数据包", "no bundle was refused"))
        return 0
    for refusal in found:
        print(_refusal_heading(refusal, task_force=ws.is_task_force))
        for reason in refusal.reasons:
            print(f"  {reason.text}")
        if refusal.lines > len(refusal.reasons):
            more = refusal.lines - len(refusal.reasons)
            print(t(f"  ……另有 {more} 行", f"  … and {more} more"))
    return 0


def _refusal_heading(refusal: Any, *, task_force: bool) -> str:
    when = local_time(refusal.refused_at)
    head = t(f"{refusal.office} 第 {refusal.sequence} 号数据包（{refusal.file_name}）{when} 被拒收",
             f"{refusal.office} bundle {refusal.sequence} ({refusal.file_name}) refused {when}")  # fmt: skip
    if task_force:
        return head
    if refusal.answered_by > 0:
        state = t(f"已由第 {refusal.answered_by} 号数据包重新发送",
                  f"sent again with bundle {refusal.answered_by}")  # fmt: skip
    elif refusal.answered_by == 0:
        state = t("待重新导出数据包（ecodesk export）", "export a bundle again (ecodesk export)")
    else:
        state = t("已不在本机的发送记录中", "no longer among the bundles sent from here")
    return head + t("：", ": ") + state


def refusal_notice(ws: Any) -> list[str]:
    """What `ecodesk status` says at an office while a refusal waits for a new export."""
    if ws.is_task_force:
        return []
    from ecodesk.bundle.package_refusals import clerk_lines
    from ecodesk.store import refusals as refusal_store

    return [line for r in refusal_store.open_refusals(ws.db) for line in clerk_lines(r)]
