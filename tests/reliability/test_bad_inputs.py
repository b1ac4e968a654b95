"""The bad-input corpus through every command that reads input.

Each file of :mod:`tests.reliability.corpus` is either read, with its damage reported as
skipped rows or findings and no row lost, or stopped with one line on stderr and exit code 3.
Never a traceback, never a hang (every run has a time limit).
"""

from __future__ import annotations

import json
import os
import shutil

import pandas as pd
import pytest

from dptclean.cli import main
from dptclean.errors import ExitCode
from tests.builders import kpu_sheet, voter, write_xlsx
from tests.reliability.corpus import CASE_ARGS, CASES, Case
from tests.reliability.helpers import assert_one_line_error

# How each command is run on one input file (out: a fresh directory for its outputs).
COMMANDS = {
    "inspect": lambda p, out: ["inspect", "--format", "json", p],
    "normalize": lambda p, out: ["normalize", "-q", p, "-o", out / "normalized.parquet"],
    "validate": lambda p, out: ["validate", "-q", "--format", "json", p,
                                "-o", out / "findings.csv"],
    "dedupe": lambda p, out: ["dedupe", "-q", p, "-o", out / "groups.csv",
                              "--save", out / "result"],
    "check": lambda p, out: ["check", "-q", p, "--max-duplicate-rate", "50%"],
    "diff": lambda p, out: ["diff", "-q", p, p, "-o", out / "diff.csv"],
    "split": lambda p, out: ["split", "-q", p, "--by", "kecamatan", "-o", out / "split",
                             "--format", "csv"],
}
REGISTERED = [c for c in COMMANDS if c in main.commands]


def _args(case: Case, command: str, path, out) -> list:
    args = COMMANDS[command](path, out)
    return args[:1] + CASE_ARGS.get(case.id, []) + args[1:]


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory):
    """Every case built once: (case id -> path)."""
    base = tmp_path_factory.mktemp("corpus")
    paths = {}
    for case in CASES:
        d = base / case.id.replace(" ", "_")
        d.mkdir()
        paths[case.id] = case.build(d)
    return paths


def test_commands_under_test_are_registered():
    assert {"inspect", "normalize", "validate", "dedupe"} <= set(REGISTERED)


@pytest.mark.parametrize("command", REGISTERED)
@pytest.mark.parametrize("case", [c for c in CASES if c.expect == "input"], ids=lambda c: c.id)
def test_refused_with_one_line_and_exit_3(run, tmp_path, corpus_dir, case, command):
    path = corpus_dir[case.id]
    result = run(*_args(case, command, path, tmp_path), limit=30)
    line = assert_one_line_error(result, ExitCode.INPUT, case.fragment)
    assert str(path) in line
    if "json" in _args(case, command, path, tmp_path):  # the error as JSON, for scripts
        assert json.loads(result.stdout)["error"]["exit_code"] == ExitCode.INPUT
    else:
        assert result.stdout == ""
    assert os.listdir(tmp_path) == []  # no output, not even an empty or partial one


@pytest.mark.parametrize("command", REGISTERED)
@pytest.mark.parametrize("case", [c for c in CASES if c.expect == "ok"], ids=lambda c: c.id)
def test_read_with_the_damage_reported(run, tmp_path, corpus_dir, case, command):
    path = corpus_dir[case.id]
    result = run(*_args(case, command, path, tmp_path), limit=60)
    assert "Traceback" not in result.output
    if command == "split" and result.exit_code == ExitCode.INPUT:
        # the case has no KECAMATAN column or title: split says so
        if case.id == "duplicate column names":  # after the read's warning on the two NAMA
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 2 and "two columns are named 'NAMA'" in lines[0], lines
            assert "no kecamatan column" in lines[1], lines
            return
        assert_one_line_error(result, ExitCode.INPUT, "no kecamatan column")
        return
    if command == "check" and case.records == 0:
        # a gate never passes blind: a dump without records is refused (issue 12 item 4)
        assert_one_line_error(result, ExitCode.INPUT, "no voter records")
        return
    allowed = {ExitCode.OK, ExitCode.CHECK_FAILED} if command == "check" else {ExitCode.OK}
    assert result.exit_code in allowed, (result.exit_code, result.output)
    if case.id == "duplicate column names":  # two NAMA columns that differ: said
        assert "two columns are named 'NAMA'" in result.stderr, result.stderr
    else:
        assert not result.stderr.strip() or command == "check", result.stderr
    if command == "inspect":
        data = json.loads(result.stdout)
        assert data["records"] == case.records, data
        if case.shows.startswith("skipped:"):
            assert data["skipped"].get(case.shows.split(":")[1]), data["skipped"]
    elif command == "normalize":
        assert len(pd.read_parquet(tmp_path / "normalized.parquet")) == case.records
    elif command == "validate" and case.shows.startswith("finding:"):
        codes = {c["code"] for c in json.loads(result.stdout)["by_code"]}
        assert case.shows.split(":")[1] in codes, codes


@pytest.mark.parametrize("data", [b"", b"\n\n", os.urandom(2000), b"\xff\xfe\x00"],
                         ids=["empty", "blank", "random", "utf16 bom only"])
def test_bad_stdin(run, data):
    result = run("inspect", "-", input=data, limit=30)
    line = assert_one_line_error(result, ExitCode.INPUT)
    assert "<stdin>" in line


@pytest.fixture(scope="module")
def saved_result(tmp_path_factory):
    from click.testing import CliRunner

    d = tmp_path_factory.mktemp("saved")
    src = write_xlsx(d / "dpt.xlsx", {"S": kpu_sheet([voter(i) for i in range(6)] + [voter(0)])})
    result = CliRunner().invoke(main, ["dedupe", "-q", str(src), "--save", str(d / "result")])
    assert result.exit_code == 0, result.output
    return d / "result"


def _damage(name: str):
    def truncate(res):
        p = res / "records.parquet"
        p.write_bytes(p.read_bytes()[:100])

    def garbage_json(res):
        (res / "manifest.json").write_text("{ not json")

    def missing(res):
        (res / "groups.parquet").unlink()

    def random_bytes(res):
        for p in res.glob("*.parquet"):
            p.write_bytes(os.urandom(500))

    return {"truncated records": truncate, "garbage manifest": garbage_json,
            "missing groups": missing, "random parquet": random_bytes}[name]


@pytest.mark.skipif("report" not in main.commands, reason="report not registered")
@pytest.mark.parametrize("damage", ["truncated records", "garbage manifest", "missing groups",
                                    "random parquet", "empty dir", "no such dir"])
@pytest.mark.parametrize("fmt", ["", ".html", ".xlsx", ".md", ".json"])
def test_report_on_a_damaged_result(run, tmp_path, saved_result, damage, fmt):
    res = tmp_path / "result"
    if damage == "empty dir":
        res.mkdir()
    elif damage != "no such dir":
        shutil.copytree(saved_result, res)
        _damage(damage)(res)
    out = tmp_path / f"report{fmt}"
    result = run("report", "-q", res, *(["-o", out] if fmt else []), limit=30)
    assert_one_line_error(result, ExitCode.INPUT)
    assert not out.exists()


@pytest.mark.parametrize("ext", ["parquet", "csv", "xlsx"])
def test_own_normalize_output_read_again_by_every_command(run, tmp_path, ext):
    """A file written by `normalize -o` fed back in: its normalised columns (tms as
    "true"/"false" text among them) used to pass for computed ones and crash diff."""
    src = write_xlsx(tmp_path / "dpt.xlsx", {"S": kpu_sheet([voter(i) for i in range(6)]
                                                           + [voter(0)])})
    normalized = tmp_path / f"normalized.{ext}"
    assert run("normalize", "-q", src, "-o", normalized).exit_code == 0
    for command in REGISTERED:
        out = tmp_path / command
        out.mkdir()
        result = run(*COMMANDS[command](normalized, out))
        assert "Traceback" not in result.output
        assert result.exit_code in (ExitCode.OK, ExitCode.CHECK_FAILED), (command, result.output)
