"""The archive's README.txt (English) and 说明.txt (Chinese): what it is, which versions wrote it,
and how an inspector checks it step by step on Linux and Windows with standard tools only.

Both are UTF-8 with a byte-order mark, so Windows Notepad and PowerShell read the Chinese names
right; both are listed in manifest-sha256.txt, so they are covered by the signature too.
"""

from __future__ import annotations

from datetime import datetime

from ecodesk import SCHEMA_VERSION, __version__
from ecodesk.bundle.schema import BUNDLE_FORMAT_VERSION, PACKAGE_FORMAT_VERSION
from ecodesk.core.i18n import fixed_language
from ecodesk.core.timefmt import document_time
from ecodesk.reports.archive_proof import (
    ARCHIVE_JSON,
    ENTRIES_INDEX,
    KEYS_DIR,
    Proof,
)
from ecodesk.reports.model import ArchiveData
from ecodesk.versions import ARCHIVE_FORMAT_VERSION


def _english_time(stamp: datetime) -> str:
    with fixed_language("en"):
        return document_time(stamp)


def _chinese_time(stamp: datetime) -> str:
    with fixed_language("zh"):
        return document_time(stamp)


MANIFEST = "manifest-sha256.txt"
BOM = "\ufeff"


def readme_texts(data: ArchiveData, book_path: str, proof: Proof | None) -> dict[str, bytes]:
    return {
        "README.txt": (BOM + _english(data, book_path, proof)).encode("utf-8"),
        "说明.txt": (BOM + _chinese(data, book_path, proof)).encode("utf-8"),
    }


def _offices(data: ArchiveData) -> str:
    return "、".join(data.offices)


def _versions() -> str:
    return (
        f"ecodesk {__version__}; database schema {SCHEMA_VERSION}; archive format "
        f"{ARCHIVE_FORMAT_VERSION}; bundle format {BUNDLE_FORMAT_VERSION}; task package format "
        f"{PACKAGE_FORMAT_VERSION}"
    )


def _pub(proof: Proof | None) -> str:
    return proof.signer.pub_name if proof else "taskforce.pub"


def _english(data: ArchiveData, book_path: str, proof: Proof | None) -> str:
    pub, win_book = _pub(proof), book_path.replace("/", "\\")
    maker = (
        f"Made and signed by the key {proof.signer.key_id} (fingerprint {proof.signer.fingerprint});\n"
        f"its public key is {pub}. Compare that fingerprint with the one the task force published:\n"
        "a signature only proves something if the key is the right one.\n"
        if proof
        else "This archive is not signed (made without a workspace key).\n"
    )
    return f"""Longnan national eco-civilization demonstration city: indicator archive {data.period}

Written by {_versions()}.
Offices ({len(data.offices)}): {_offices(data)}
Data as of: {_english_time(data.stamp)}. The same data always gives the same archive, byte for byte.
{maker}
What is inside
  {book_path}   the workbook: status of every task, values, plans, evidence hashes
  {data.period}/<office>/<task>/<file>   evidence files; {data.period}/<office>/填报报告-*.pdf   printable reports
  signed/<office>/<sequence>-<hash>/   each bundle the entries came from, as the office signed it:
      manifest.json, manifest.json.minisig (the office's signature), entries.jsonl (one entry per line)
  {ENTRIES_INDEX}   per entry: revision, content hash (SHA-256 of its line), the bundle folders
      carrying it ("-": entered at this workspace, or received before ecodesk 0.2.0 kept signatures)
  {KEYS_DIR}/   every public key: <office>-<key id>.pub (minisign) and .json (ecodesk); keys.tsv lists them
  forms/   the form versions (targets, choices) the period was judged by; forms.tsv lists them
  {ARCHIVE_JSON}   format and versions;  {MANIFEST}   SHA-256 of every file;  {MANIFEST}.minisig   its signature

How to verify on Linux (packages: minisign, coreutils, unzip)
  1. unzip -q ARCHIVE.zip -d archive && cd archive
  2. minisign -Vm {MANIFEST} -p {pub}
       must say "Signature and comment signature verified"; the trusted comment names the period.
  3. sha256sum -c {MANIFEST}
       every line must end in "OK". No file outside the list:
       find . -type f | sed 's|^\\./||' | sort > /tmp/found
       (cut -c67- {MANIFEST}; echo {MANIFEST}; echo {MANIFEST}.minisig) | sort | diff - /tmp/found
  4. From an entry back to its office's signature: find the office and task in {ENTRIES_INDEX};
     note its content_sha256 and bundle folder B. The office's key is in {KEYS_DIR}/keys.tsv
     (its key id is "key_id" in B/manifest.json).
       minisign -Vm B/manifest.json -p {KEYS_DIR}/<office>-<key id>.pub
       sha256sum B/entries.jsonl        (equals "entries.jsonl" under "members" in B/manifest.json)
       n=0; while IFS= read -r l; do n=$((n+1)); printf '%s' "$l" | sha256sum | sed "s/-/line $n/"; done < B/entries.jsonl
     One line has the entry's content_sha256; that line holds the values the workbook shows.

How to verify on Windows (PowerShell; minisign.exe from https://github.com/jedisct1/minisign/releases)
  1. Expand-Archive -LiteralPath ARCHIVE.zip -DestinationPath archive; cd archive
  2. minisign.exe -Vm {MANIFEST} -p {pub}
  3. Get-Content -Encoding UTF8 {MANIFEST} | ForEach-Object {{
       $hash, $path = $_ -split '  ', 2
       if ((Get-FileHash -Algorithm SHA256 -LiteralPath $path).Hash -ne $hash) {{ "FAILED: $path" }} }}
     No output means every file matches. In cmd, one file at a time:
       certutil -hashfile "{win_book}" SHA256
  4. minisign.exe -Vm B\\manifest.json -p {KEYS_DIR}\\<office>-<key id>.pub
     (Get-FileHash B\\entries.jsonl).Hash
     $sha = [Security.Cryptography.SHA256]::Create(); $n = 0
     Get-Content -Encoding UTF8 B\\entries.jsonl | ForEach-Object {{ $n++
       "$n " + -join ($sha.ComputeHash([Text.Encoding]::UTF8.GetBytes($_)) | ForEach-Object {{ $_.ToString('x2') }}) }}

The formats are specified in ecodesk's docs/bundle-format.md ("Yearly archive").
"""


def _chinese(data: ArchiveData, book_path: str, proof: Proof | None) -> str:
    pub, win_book = _pub(proof), book_path.replace("/", "\\")
    maker = (
        f"制作与签名密钥：{proof.signer.key_id}（指纹 {proof.signer.fingerprint}），公钥文件 {pub}。\n"
        "请与工作专班公布的指纹核对：只有密钥对得上，签名才有证明力。\n"
        if proof
        else "本档案未签名（制作时没有工作区密钥）。\n"
    )
    return f"""陇南市国家生态文明建设示范市 {data.period} 年度指标档案

生成软件与版本：{_versions()}
范围（{len(data.offices)} 个单位）：{_offices(data)}
数据截至：{_chinese_time(data.stamp)}。相同数据重新生成的档案逐字节相同。
{maker}
档案内容
  {book_path}   汇总表：各任务达标情况、数值、计划、佐证材料的 SHA-256
  {data.period}/单位/任务号-任务名/文件   佐证材料；{data.period}/单位/填报报告-*.pdf   各单位打印报告
  signed/单位/序号-哈希/   每条记录所来自的数据包，保持单位签名时的原样：
      manifest.json、manifest.json.minisig（单位的签名）、entries.jsonl（每行一条记录）
  {ENTRIES_INDEX}   每条记录：版本号、内容哈希（该行的 SHA-256）、含有它的数据包文件夹
      （“-”表示在本工作区录入，或在 ecodesk 0.2.0 开始保存签名之前收到）
  {KEYS_DIR}/   全部公钥：单位-密钥号.pub（minisign 格式）与 .json（ecodesk 格式）；keys.tsv 为清单
  forms/   评判本期所用的表单版本（目标、选项）；forms.tsv 为清单
  {ARCHIVE_JSON}   格式与版本；{MANIFEST}   每个文件的 SHA-256；{MANIFEST}.minisig   其签名

在 Linux 上核验（软件包：minisign、coreutils、unzip）
  1. unzip -q 档案.zip -d 档案 && cd 档案
  2. minisign -Vm {MANIFEST} -p {pub}
       应显示 “Signature and comment signature verified”，可信注释写明年度。
  3. sha256sum -c {MANIFEST}
       每行都应以 “OK” 结尾。确认没有清单以外的文件：
       find . -type f | sed 's|^\\./||' | sort > /tmp/found
       (cut -c67- {MANIFEST}; echo {MANIFEST}; echo {MANIFEST}.minisig) | sort | diff - /tmp/found
  4. 从一条记录追溯到单位的签名：在 {ENTRIES_INDEX} 中找到单位和任务，记下 content_sha256
     和数据包文件夹 B。单位的公钥见 {KEYS_DIR}/keys.tsv（密钥号即 B/manifest.json 中的 "key_id"）。
       minisign -Vm B/manifest.json -p {KEYS_DIR}/单位-密钥号.pub
       sha256sum B/entries.jsonl        （应等于 B/manifest.json 中 "members" 下 "entries.jsonl" 的值）
       n=0; while IFS= read -r l; do n=$((n+1)); printf '%s' "$l" | sha256sum | sed "s/-/line $n/"; done < B/entries.jsonl
     其中一行的哈希等于该记录的 content_sha256；这一行就是汇总表所示数值的原始记录。

在 Windows 上核验（PowerShell；minisign.exe 见 https://github.com/jedisct1/minisign/releases）
  1. Expand-Archive -LiteralPath 档案.zip -DestinationPath 档案; cd 档案
  2. minisign.exe -Vm {MANIFEST} -p {pub}
  3. Get-Content -Encoding UTF8 {MANIFEST} | ForEach-Object {{
       $hash, $path = $_ -split '  ', 2
       if ((Get-FileHash -Algorithm SHA256 -LiteralPath $path).Hash -ne $hash) {{ "FAILED: $path" }} }}
     没有输出即全部一致。在 cmd 中可逐个文件核对：
       certutil -hashfile "{win_book}" SHA256
  4. minisign.exe -Vm B\\manifest.json -p {KEYS_DIR}\\单位-密钥号.pub
     (Get-FileHash B\\entries.jsonl).Hash
     $sha = [Security.Cryptography.SHA256]::Create(); $n = 0
     Get-Content -Encoding UTF8 B\\entries.jsonl | ForEach-Object {{ $n++
       "$n " + -join ($sha.ComputeHash([Text.Encoding]::UTF8.GetBytes($_)) | ForEach-Object {{ $_.ToString('x2') }}) }}

各文件格式的规范见 ecodesk 的 docs/bundle-format.md（“Yearly archive” 一节）。
"""
