"""check --format json: a job that parses stdout gets a JSON object on every failure path
(usage 2, input 3, internal 5), with the exit code and the line stderr shows; table format and
check without --format json keep stdout empty on an error."""

from __future__ import annotations

import gzip
import json

import pytest

from dptclean.errors import ExitCode
from tests.builders import run_cli as run


def _error(res, code: ExitCode) -> dict:
    assert res.exit_code == code, (res.exit_code, res.output, res.stderr)
    data = json.loads(res.stdout)
    assert data["passed"] is False and data["checks"] == []
    err = data["error"]
    assert err["exit_code"] == int(code) and err["code"] == code.name
    if code == ExitCode.USAGE:   # click's usage text: the message closes it
        assert err["message"].split(": ")[-1] in res.stderr, (res.stderr, err)
    else:                        # the same line as on stderr (without the program name)
        assert res.stderr.splitlines()[-1] == f"dptclean: {err['message']}", (res.stderr, err)
    return err


def _dumps(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    header_only = tmp_path / "header only.csv"
    header_only.write_text("NIK,NAMA,TANGGAL LAHIR\n")
    gz = tmp_path / "dump.csv.gz"
    gz.write_bytes(gzip.compress(b"\x00\x01garbage" * 50))
    return {"missing": tmp_path / "missing.csv", "empty": empty, "directory": tmp_path,
            "header only": header_only, "corrupt gzip": gz}


@pytest.mark.parametrize("case", ["missing", "empty", "directory", "header only", "corrupt gzip"])
def test_input_error_prints_a_json_error(tmp_path, case):
    path = _dumps(tmp_path)[case]
    res = run("check", path, "--max-duplicate-rate", "1%", "--format", "json", "-q")
    err = _error(res, ExitCode.INPUT)
    if case == "header only":   # refused as a dump without records, not a file error
        assert "no voter records" in err["message"]
    else:
        assert err["path"] == str(path)


def test_usage_errors_print_a_json_error(tmp_path):
    path = _dumps(tmp_path)["header only"]
    err = _error(run("check", path, "--max-duplicate-rate", "0.5", "--format=json"), ExitCode.USAGE)
    assert "ambiguous" in err["message"]
    err = _error(run("check", path, "--format", "json", "--no-such-option"), ExitCode.USAGE)
    assert "--no-such-option" in err["message"]
    # no limit at all: refused inside the command (a ConfigError), still JSON
    _error(run("check", path, "--format", "json"), ExitCode.USAGE)


def test_internal_error_prints_a_json_error(tmp_path, monkeypatch):
    import dptclean.run

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(dptclean.run, "run_dedupe", boom)   # check imports it when it runs
    path = _dumps(tmp_path)["header only"]
    err = _error(run("check", path, "--max-duplicate-rate", "1%", "--format", "json"),
                 ExitCode.INTERNAL)
    assert "RuntimeError" in err["message"]


def test_table_format_keeps_stdout_empty_on_an_error(tmp_path):
    res = run("check", tmp_path / "missing.csv", "--max-duplicate-rate", "1%")
    assert res.exit_code == ExitCode.INPUT and res.stdout == ""


def test_bahasa_message_in_the_json(tmp_path, monkeypatch):
    monkeypatch.delenv("DPTCLEAN_LANG", raising=False)
    res = run("check", tmp_path / "missing.csv", "--max-duplicate-rate", "1%", "--format", "json")
    err = _error(res, ExitCode.INPUT)
    assert err["message"].startswith("kesalahan: ") and "tidak ditemukan" in err["message"]
    assert err["reason"] == "no_such_file"


def test_a_file_name_that_is_not_utf8_is_an_input_error(tmp_path):
    """A name from another system's encoding (Linux gives it back with surrogate escapes)
    crashed the CSV reader with an internal error (exit 5); it is an input error now."""
    import os
    import sys

    if sys.platform in ("darwin", "win32"):
        pytest.skip("the file system refuses names that are not UTF-8")
    name = os.fsdecode(b"dpt_\xe9\xff.csv")
    path = tmp_path / name
    try:
        path.write_text("NIK,NAMA,TANGGAL LAHIR\n3320014107800001,SITI,01-07-1980\n")
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system refuses names that are not UTF-8")
    err = _error(run("check", path, "--max-duplicate-rate", "1%", "--format", "json"),
                 ExitCode.INPUT)
    assert err["reason"] == "file_name_not_utf8"
    res = run("dedupe", path, "-q")
    assert res.exit_code == ExitCode.INPUT and "not UTF-8" in res.stderr, res.stderr
