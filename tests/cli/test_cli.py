"""The command line as a user types it: output, exit codes, no tracebacks, lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ecodesk.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ws_dir(tmp_path: Path) -> str:
    return str(tmp_path / "ws")


def test_help_does_not_import_qt_or_openpyxl() -> None:
    code = (
        "import sys; from ecodesk.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "bad = [m for m in ('PySide6', 'openpyxl', 'cryptography') if m in sys.modules]\n"
        "print('LOADED', bad)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "LOADED []" in result.stdout
    assert "填报" in result.stdout  # Chinese help by default


def test_the_window_s_options_alone_start_the_window_and_anything_else_the_full_parser(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from ecodesk.cli import window_args

    args = window_args(["--workspace", "W", "--lang", "en", "--read-only"])
    assert args is not None and args.command == "gui"
    assert (args.workspace, args.lang, args.read_only) == ("W", "en", True)
    for raw in (
        ["tasks"],
        ["--help"],
        ["--version"],
        ["gui", "--period", "2023"],
        ["--lang", "xx"],
    ):
        assert window_args(raw) is None, raw
    with pytest.raises(
        SystemExit
    ) as exit_info:  # a wrong option: said as before, by the full parser
        main(["--lang", "xx"])
    assert exit_info.value.code == 2 and "--lang" in capsys.readouterr().err


def test_the_window_s_options_read_without_a_parser_read_as_argparse_reads_them() -> None:
    """The plain spellings are read by hand (start-up); whatever the hand reading declines,
    argparse reads, so every spelling means what it meant."""
    from ecodesk.cli import _parsed_window_args, _plain_window_args, window_args

    plain = [
        [],
        ["--workspace", "D:\\ecodesk 工作区"],
        ["--workspace=W=1", "--lang=en"],
        ["--lang", "en", "--read-only", "--workspace", "W"],
        ["--workspace", "A", "--workspace", "B", "--lang", "zh", "--lang", "en"],
        ["--workspace", ""],
        ["--read-only", "--read-only"],
    ]
    for raw in plain:
        assert _plain_window_args(raw) is not None, raw
        assert window_args(raw) == _parsed_window_args(raw), raw
    declined = [
        ["--work", "W"],  # an abbreviation argparse accepts
        ["--la", "en"],
        ["--workspace", "-1"],  # a value argparse takes, though it starts with "-"
        ["--workspace"],
        ["--lang", "fr"],
        ["--lang="],
        ["--read-only=1"],
        ["--", "--workspace", "W"],
        ["tasks"],
        ["--help"],
    ]
    for raw in declined:
        assert _plain_window_args(raw) is None, raw
        assert window_args(raw) == _parsed_window_args(raw), raw


def test_a_clerks_day_from_the_command_line(
    capsys: pytest.CaptureFixture[str], ws_dir: str, tmp_path: Path
) -> None:
    assert run(capsys, "--workspace", ws_dir, "init", "--office", "成县")[0] == 0
    code, out, _ = run(capsys, "--workspace", ws_dir, "set", "24", "--period", "2023",
                       "--value", "treatment_rate=91.2", "--plan", "提标改造")  # fmt: skip
    assert code == 0 and "已保存第 1 版" in out and "未达标" in out and "差 1.8 个百分点" in out
    evidence = tmp_path / "污水厂运行报表.pdf"
    evidence.write_bytes(b"%PDF-1.4")
    code, out, _ = run(
        capsys, "--workspace", ws_dir, "attach", "24", str(evidence), "--period", "2023"
    )
    assert code == 0 and "污水厂运行报表.pdf" in out
    code, _, err = run(capsys, "--workspace", ws_dir, "complete", "24", "--period", "2023")
    assert code == 2 and "必须填写整改措施" in err and "Traceback" not in err
    run(
        capsys,
        "--workspace",
        ws_dir,
        "set",
        "24",
        "--period",
        "2023",
        "--measures",
        "新建管网12公里",
    )
    assert run(capsys, "--workspace", ws_dir, "complete", "24", "--period", "2023")[0] == 0
    code, out, _ = run(
        capsys, "--workspace", ws_dir, "tasks", "--period", "2023", "--status", "not_met"
    )
    assert code == 0 and "城镇污水处理率" in out and "已完成 1/37" in out
    code, out, _ = run(capsys, "--workspace", ws_dir, "show", "24", "--period", "2023", "--json")
    data = json.loads(out)
    assert data["values"] == {"treatment_rate": 91.2} and data["status"] == "not_met"
    assert data["evidence"][0]["name"] == "污水厂运行报表.pdf"
    code, out, _ = run(capsys, "--workspace", ws_dir, "history", "24", "--period", "2023")
    assert "values.treatment_rate" in out and "state" in out


def test_set_from_json_and_its_errors(
    capsys: pytest.CaptureFixture[str], ws_dir: str, tmp_path: Path
) -> None:
    run(capsys, "--workspace", ws_dir, "init", "--office", "武都区")
    good = tmp_path / "good.json"
    good.write_text(
        json.dumps({"values": {"treatment_rate": 97}, "plan": "计划"}), encoding="utf-8"
    )
    code, out, _ = run(
        capsys, "--workspace", ws_dir, "set", "24", "--period", "2023", "--from-json", str(good)
    )
    assert code == 0 and "差 1 个百分点" in out  # 武都区 is held to 98 %
    for text, message in [
        ('{"values": {"treatment_rate": NaN}}', "不允许的数值 NaN"),
        ('{"values": {"treatment_rate": ' + "9" * 5000 + "}}", "位数过多"),
        ('{"values": {"treatment_rate": 1e999}}', "超出范围的数值"),
        ('{"plan": "\\ud800"}', "孤立的代理项"),
        ('{"values": {"treatment_rate": 120}}', "超出范围 0–100"),
        ('{"values": {"nope": 1}}', "没有指标 nope"),
        ('{"colour": 1}', "未知字段 colour"),
        ('{"values": ', "不是有效的 JSON"),
    ]:
        bad = tmp_path / "bad.json"
        bad.write_text(text, encoding="utf-8")
        code, _, err = run(
            capsys, "--workspace", ws_dir, "set", "24", "--period", "2023", "--from-json", str(bad)
        )
        assert code == 2 and message in err, (text, err)
    assert (
        json.loads(
            run(capsys, "--workspace", ws_dir, "show", "24", "--period", "2023", "--json")[1]
        )["revision"]
        == 1
    )


def test_not_applicable_and_assigned_targets(
    capsys: pytest.CaptureFixture[str], ws_dir: str
) -> None:
    run(capsys, "--workspace", ws_dir, "init", "--office", "宕昌县")
    code, _, err = run(
        capsys, "--workspace", ws_dir, "na", "16", "--period", "2023", "--reason", " "
    )
    assert code == 2 and "理由" in err
    assert (
        run(
            capsys, "--workspace", ws_dir, "na", "16", "--period", "2023", "--reason", "本县不涉及"
        )[0]
        == 0
    )
    assert run(capsys, "--workspace", ws_dir, "complete", "16", "--period", "2023")[0] == 0
    run(capsys, "--workspace", ws_dir, "set", "7", "--period", "2023", "--value", "pm25=31")
    code, out, _ = run(capsys, "--workspace", ws_dir, "show", "7", "--period", "2023")
    assert "目标未下达" in out
    target = ["target", "7", "pm25", "30", "--office", "宕昌县", "--period", "2023"]
    code, _, err = run(capsys, "--workspace", ws_dir, *target)
    assert code == 2 and "只能在工作专班的工作区进行" in err  # the province's targets: task force
    tf = ws_dir + "-tf"
    run(capsys, "--workspace", tf, "init", "--task-force")
    where = ["--office", "宕昌县", "--period", "2023"]
    run(capsys, "--workspace", tf, "set", "7", *where, "--value", "pm25=31")
    assert run(capsys, "--workspace", tf, *target)[0] == 0
    code, out, _ = run(capsys, "--workspace", tf, "show", "7", *where)
    assert "差 1 μg/m³" in out


def test_english_and_user_errors(capsys: pytest.CaptureFixture[str], ws_dir: str) -> None:
    code, _, err = run(capsys, "--workspace", ws_dir, "--lang", "en", "tasks")
    assert code == 2 and "not a workspace yet" in err
    code, _, err = run(capsys, "--workspace", ws_dir, "init", "--office", "火星县")
    assert code == 2 and "未知的填报单位" in err
    run(capsys, "--workspace", ws_dir, "init", "--office", "成县")
    code, _, err = run(capsys, "--workspace", ws_dir, "set", "24", "--value", "treatment_rate")
    assert code == 2 and "编号=数值" in err


def test_demo_status_table(capsys: pytest.CaptureFixture[str], demo_copy: Path) -> None:
    code, out, _ = run(capsys, "--workspace", str(demo_copy), "status", "--period", "2023")
    assert code == 0 and "达标" in out and "未达标" in out
    code, _, err = run(capsys, "--workspace", str(demo_copy), "demo")
    assert code == 2 and "--force" in err


def test_forms_check(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "forms")
    assert code == 0 and "37 个任务" in out
    (tmp_path / "01.toml").write_text("task = 1\n", encoding="utf-8")
    code, _, err = run(capsys, "forms", str(tmp_path))
    assert code == 2 and "01.toml: group: 缺少必填字段" in err


def test_evidence_size_limit_setting(
    capsys: pytest.CaptureFixture[str], ws_dir: str, tmp_path: Path
) -> None:
    run(capsys, "--workspace", ws_dir, "init", "--office", "成县")
    code, out, _ = run(capsys, "--workspace", ws_dir, "settings", "--max-evidence-mb", "0.001")
    assert code == 0 and "佐证材料大小上限：0.001 MB" in out
    big = tmp_path / "扫描件.pdf"
    big.write_bytes(b"x" * 2048)
    code, _, err = run(capsys, "--workspace", ws_dir, "attach", "3", str(big), "--period", "2023")
    assert code == 2 and "文件过大" in err
    code, _, err = run(capsys, "--workspace", ws_dir, "settings", "--max-evidence-mb", "0")
    assert code == 2 and "0–4096" in err
