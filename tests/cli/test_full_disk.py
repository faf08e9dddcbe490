"""A really full disk: every file ecodesk writes for a person ends with a clear message, a
non-zero exit, and nothing left behind (no empty or half-written file, no temp file).

The target is a small tmpfs filled to the last byte (or, where tmpfs is refused, a loop-mounted
ext2 image), not a monkeypatch. Without root neither can be mounted; those tests are skipped
saying so, and the file-size limit test (RLIMIT_FSIZE in a child process, the closest real
alternative) still runs.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conflict_helpers import PERIOD, Network, fill
from full_disk import FILLER, full_filesystem, nothing_left

from ecodesk.cli import main


@pytest.fixture
def full_dir(tmp_path: Path) -> Iterator[Path]:
    with full_filesystem(tmp_path) as folder:
        yield folder


def _refused(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> str:
    code = main(["--workspace", str(root), *args])
    out, err = capsys.readouterr()
    assert code != 0, out
    assert "Traceback" not in err and out == "", (out, err)
    return err


def test_report_archive_workbook_template_backup_on_a_full_disk(
    demo_copy: Path, full_dir: Path, capsys: pytest.CaptureFixture[str], qapp: object
) -> None:
    period = ["--period", "2023"]
    for args in (
        ["report", *period, "--out", str(full_dir / "成县.pdf")],
        ["archive", *period, "--out", str(full_dir / "档案.zip")],
        ["archive", *period, "--out", str(full_dir / "汇总.xlsx")],
        ["template", *period, "--out", str(full_dir / "模板.xlsx")],
        ["backup", "--out", str(full_dir / "备份.zip")],
    ):
        err = _refused(capsys, demo_copy, *args)
        assert "磁盘空间不足" in err and str(full_dir) in err, (args, err)
        nothing_left(full_dir)
    err = _refused(capsys, demo_copy, "--lang", "en", "report", *period, "--out",
                   str(full_dir / "r.pdf"))  # fmt: skip
    assert "not enough disk space" in err
    nothing_left(full_dir)


def test_bundle_and_task_package_on_a_full_disk(
    tmp_path: Path, full_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "net").mkdir()
    net = Network(tmp_path / "net")
    try:
        office = net.join("成县")
        fill(office, 3, "计划")
    finally:
        net.close()
    err = _refused(capsys, office.root, "export", "--period", str(PERIOD), "--out", str(full_dir))
    assert "磁盘空间不足" in err
    nothing_left(full_dir)
    err = _refused(capsys, net.tf.root, "package", "--office", "成县", "--out", str(full_dir))
    assert "磁盘空间不足" in err
    nothing_left(full_dir)
    # nothing was recorded as sent: the next export after freeing space is the same bundle
    (full_dir / FILLER).unlink()
    assert main(["--workspace", str(office.root), "export", "--period", str(PERIOD),
                 "--out", str(full_dir)]) == 0  # fmt: skip
    assert [p.suffix for p in full_dir.iterdir()] == [".ecb"]


def test_report_over_the_file_size_limit(demo_copy: Path, tmp_path: Path) -> None:
    """RLIMIT_FSIZE in a child process: the kernel refuses the write (EFBIG), as a full disk does."""
    out = tmp_path / "out"
    out.mkdir()
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))\n"
        "from ecodesk.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", script, "--workspace", str(demo_copy), "report", "--period",
         "2023", "--out", str(out / "成县.pdf")],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2, done.stdout + done.stderr
    assert "磁盘空间不足" in done.stderr and "Traceback" not in done.stderr
    assert list(out.iterdir()) == []


def test_the_filler_really_fills(full_dir: Path) -> None:
    with pytest.raises(OSError) as refused, (full_dir / "one-byte").open("wb") as handle:
        handle.write(b"x")
        handle.flush()
    assert refused.value.errno == errno.ENOSPC
