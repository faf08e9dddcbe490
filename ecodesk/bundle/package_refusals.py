"""Refused bundles, reported to their office in its task package (package.json `refused`, format 3).

Packages carry state, not news: every package for an office lists every bundle of that office
the task force refused (sequence, manifest hash, the reasons summarised), so a lost package does
no harm. At the office a refusal is learnt once; if it concerns a bundle still held as sent, that
bundle (and the unacknowledged ones chained after it, which the task force refuses too) is
withdrawn: the next export takes its sequence number again and re-sends every change since the
last acknowledged bundle. The clerk's window shows the refusal until that export.
"""

from __future__ import annotations

from typing import Any

from ecodesk.bundle import schema
from ecodesk.core.i18n import t
from ecodesk.store import refusals as refusal_store
from ecodesk.store.refusals import MAX_REASONS, BundleRefusal, Reason

FIELD = "refused"  # written in every package since 0.2.0 (format 3); absent: none

REASON = {"code": schema.text, "zh": schema.text, "en": schema.text}
ITEM = {
    "install_id": schema.text, "sequence": schema.integer(1, schema.MAX_SEQUENCE),
    "manifest_sha256": schema.matches(schema.SHA256), "period": schema.period, "file_name": schema.text,
    "refused_at": schema.text, "lines": schema.integer(0, 10**9),
    "counts": lambda v: isinstance(v, dict) and len(v) <= 100 and all(
        isinstance(k, str) and schema.integer(0, 10**9)(n) for k, n in v.items()),
    "reasons": schema.list_of(schema.is_dict, MAX_REASONS),
}  # fmt: skip


def package_content(ws: Any, office: str) -> list[dict[str, Any]]:
    """package.json's `refused` items for `office` (empty: none refused)."""
    return [
        {"install_id": r.install_id, "sequence": r.sequence, "manifest_sha256": r.manifest_sha256,
         "period": r.period, "file_name": r.file_name, "refused_at": r.refused_at, "lines": r.lines,
         "counts": r.counts, "reasons": [{"code": x.code, "zh": x.zh, "en": x.en} for x in r.reasons]}
        for r in refusal_store.refused_list(ws.db, office=office)
    ]  # fmt: skip


def read(manifest: dict[str, Any], items: list[Any]) -> list[BundleRefusal]:
    """The refusals a package reports (package.json `refused`, already a list of objects)."""
    refusals = []
    for item in items:
        schema.check_object(item, ITEM, f"package.json {FIELD}")
        reasons = tuple(Reason(**schema.check_object(r, REASON, f"package.json {FIELD} reasons"))
                        for r in item["reasons"])  # fmt: skip
        refusals.append(BundleRefusal(
            item["manifest_sha256"], manifest["office"], item["install_id"], item["sequence"],
            item["period"], item["file_name"], item["lines"], dict(item["counts"]), reasons,
            item["refused_at"],
        ))  # fmt: skip
    return refusals


def learn_tx(ws: Any, refusals: list[BundleRefusal]) -> list[BundleRefusal]:
    """Record at the office the refusals of this install's bundles; returns those that are news
    about a bundle still held as sent (the clerk must export again)."""
    return [
        r for r in refusals
        if r.install_id == ws.install_id and refusal_store.learn_refusal_tx(ws.db, r)
    ]  # fmt: skip


def clerk_lines(refusal: BundleRefusal) -> list[str]:
    """A refused bundle as the clerk reads it: what, why (summarised), and what to do."""
    counts = "，".join(f"{code} {n} 行" for code, n in sorted(refusal.counts.items()))
    counts_en = ", ".join(f"{code} {n}" for code, n in sorted(refusal.counts.items()))
    head = t(
        f"工作专班拒收了第 {refusal.sequence} 号数据包（{refusal.file_name}），其中的数据一概未导入"
        + (f"：{refusal.lines} 行有问题（{counts}）" if refusal.lines else ""),
        f"the task force refused bundle {refusal.sequence} ({refusal.file_name}); none of it was "
        "imported" + (f": {refusal.lines} line(s) refused ({counts_en})" if refusal.lines else ""),
    )
    lines = [head, *(f"  {reason.text}" for reason in refusal.reasons)]
    if refusal.lines > len(refusal.reasons):
        more = refusal.lines - len(refusal.reasons)
        lines.append(t(f"  ……另有 {more} 行", f"  … and {more} more"))
    lines.append(t("请改正后重新导出数据包（文件 → 导出数据包…，或 ecodesk export）；新数据包沿用这个序号，"
                   "包含上次确认以来的全部修改",
                   "correct it and export a bundle again (File → Export data bundle…, or ecodesk export); "
                   "it takes this number again and carries every change since the last acknowledged bundle"))  # fmt: skip
    return lines
