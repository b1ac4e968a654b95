"""--format json on inspect, validate, dedupe and diff: a job that parses stdout gets one JSON
object with the error on a failure (usage 2, input 3), as check does, with the exit code and
the line stderr shows; the table format keeps stdout empty on an error."""

from __future__ import annotations

import json

import pytest

from dptclean.errors import ExitCode
from tests.builders import SMALL_HEADER, SMALL_ROWS
from tests.builders import run_cli as run


def _error(res, code: ExitCode) -> dict:
    assert res.exit_code == code, (res.exit_code, res.output, res.stderr)
    data = json.loads(res.stdout)
    assert set(data) == {"error", "version"}
    err = data["error"]
    assert err["exit_code"] == int(code) and err["code"] == code.name
    if code == ExitCode.USAGE:   # click's usage text: the message closes it
        assert err["message"].split(": ")[-1] in res.stderr, (res.stderr, err)
    else:                        # the same line as on stderr (without the program name)
        assert res.stderr.splitlines()[-1] == f"dptclean: {err['message']}", (res.stderr, err)
    return err


def _args(command: str, bad, good) -> list:
    return [command, bad, good] if command == "diff" else [command, bad]


@pytest.fixture
def files(tmp_path):
    good = tmp_path / "dpt.csv"
    good.write_text(SMALL_HEADER + "\n".join(SMALL_ROWS) + "\n")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    return good, empty


COMMANDS = ["inspect", "validate", "dedupe", "diff"]


@pytest.mark.parametrize("command", COMMANDS)
def test_input_error_prints_a_json_error(files, command, monkeypatch):
    monkeypatch.delenv("DPTCLEAN_LANG", raising=False)
    good, empty = files
    err = _error(run(*_args(command, empty, good), "--format", "json"), ExitCode.INPUT)
    assert err["path"] == str(empty)
    assert err["message"].startswith("kesalahan: ") and "kosong" in err["message"]
    err = _error(run(*_args(command, empty, good), "--format=json", "--lang", "en"),
                 ExitCode.INPUT)
    assert err["message"].startswith("error: ") and "empty" in err["message"]


@pytest.mark.parametrize("command", COMMANDS)
def test_usage_error_prints_a_json_error(files, command):
    good, _ = files
    err = _error(run(*_args(command, good, good), "--format", "json", "--no-such-option"),
                 ExitCode.USAGE)
    assert "--no-such-option" in err["message"]


@pytest.mark.parametrize("command", COMMANDS)
def test_table_format_keeps_stdout_empty_on_an_error(files, command):
    good, empty = files
    res = run(*_args(command, empty, good))
    assert res.exit_code == ExitCode.INPUT and res.stdout == ""


def test_a_run_that_succeeds_prints_no_error(files):
    good, _ = files
    res = run("inspect", good, "--format", "json")
    assert res.exit_code == 0 and "error" not in json.loads(res.stdout)
