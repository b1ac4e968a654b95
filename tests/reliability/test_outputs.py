"""Outputs: atomic (no partial file, no temporary file after an error or Ctrl-C), never over
an input file, formulas neutralised in CSV and XLSX, output-directory problems as exit 4."""

from __future__ import annotations

import csv
import errno
import io
import json
import os

import pandas as pd
import pytest

from dptclean.errors import ExitCode, OutputError
from dptclean.io import writers
from tests.builders import KPU_HEADER, voter, write_csv
from tests.reliability.helpers import assert_one_line_error

FORMATS = ["csv", "tsv", "xlsx", "parquet", "json"]


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame({"nama": ["SITI", "=1+1", None], "n": [1, 2, 3]})


def _break_the_writer(monkeypatch, fmt: str, exc: BaseException) -> None:
    """Make the format's writer put some bytes in its file, then fail with ``exc``."""

    def partial(path) -> None:
        with open(path, "wb") as fh:
            fh.write(b"half a file")
        raise exc

    if fmt in ("csv", "tsv"):
        # (CSV files are written by writers.write_csv, not by pandas' to_csv)
        monkeypatch.setattr(writers, "write_csv", lambda frame, path, **kw: partial(path))
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        monkeypatch.setattr(pq, "write_table", lambda table, path, **kw: partial(path))
    elif fmt == "json":
        monkeypatch.setattr(json, "dump", lambda data, fh, **kw: (fh.write("[{"),
                                                                 fh.flush(),
                                                                 partial(fh.name)))
    elif fmt == "xlsx":
        import xlsxwriter.workbook

        def close(self):
            partial(self.filename)
        monkeypatch.setattr(xlsxwriter.workbook.Workbook, "close", close)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("exc", [RuntimeError("boom"), OSError(errno.ENOSPC, "No space left"),
                                 KeyboardInterrupt()], ids=["error", "disk full", "ctrl-c"])
@pytest.mark.parametrize("existing", [False, True], ids=["new", "replacing"])
def test_failed_write_leaves_no_partial_and_no_temporary_file(tmp_path, monkeypatch, frame, fmt,
                                                               exc, existing):
    target = tmp_path / f"out.{fmt}"
    if existing:
        target.write_bytes(b"the previous output")
    _break_the_writer(monkeypatch, fmt, exc)
    expected = OutputError if isinstance(exc, OSError) or (
        fmt == "xlsx" and isinstance(exc, Exception)) else type(exc)
    with pytest.raises(expected) as caught:
        writers.write_table(frame, target)
    if expected is OutputError:
        assert caught.value.path == str(target)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == (["out." + fmt] if existing else []), left
    if existing:
        assert target.read_bytes() == b"the previous output"


def test_write_json_and_write_xlsx_are_atomic_too(tmp_path, monkeypatch, frame):
    _break_the_writer(monkeypatch, "xlsx", KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        writers.write_xlsx({"a": frame, "b": frame}, tmp_path / "book.xlsx")
    monkeypatch.setattr(writers, "dumps_json", lambda data: (_ for _ in ()).throw(
        KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        writers.write_json({"a": 1}, tmp_path / "r.json")
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def dpt(tmp_path):
    return write_csv(tmp_path / "dpt.csv", [KPU_HEADER, *[voter(i) for i in range(6)], voter(0)])


@pytest.mark.parametrize("exc, code, message", [
    (KeyboardInterrupt(), 130, "dptclean: interrupted"),
    (OSError(errno.ENOSPC, "No space left on device"), ExitCode.OUTPUT, "No space left"),
], ids=["ctrl-c", "disk full"])
@pytest.mark.parametrize("command", ["normalize", "validate", "dedupe"])
def test_cli_interrupted_or_failing_write(run, tmp_path, monkeypatch, dpt, exc, code, message,
                                          command):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    _break_the_writer(monkeypatch, "csv", exc)
    result = run(command, "-q", dpt, "-o", out_dir / "out.csv")
    assert result.exit_code == code, result.output
    assert message in result.stderr and len(result.stderr.splitlines()) == 1, result.stderr
    assert "Traceback" not in result.output
    assert list(out_dir.iterdir()) == []


def _same_file_ways(tmp_path, dpt):
    (tmp_path / "sub").mkdir()
    os.symlink(dpt, tmp_path / "link.csv")
    os.link(dpt, tmp_path / "hard.csv")
    os.symlink(tmp_path, tmp_path / "sub" / "up")
    return {
        "same path": str(dpt),
        "other relative path": os.path.relpath(dpt, os.getcwd()).replace(
            "dpt.csv", "sub/../dpt.csv"),
        "symlink": str(tmp_path / "link.csv"),
        "hard link": str(tmp_path / "hard.csv"),
        "through a symlinked directory": str(tmp_path / "sub" / "up" / "dpt.csv"),
    }


WAYS = ["same path", "other relative path", "symlink", "hard link",
        "through a symlinked directory"]
WRITING = {
    "normalize": lambda p, o: ["normalize", "-q", p, "-o", o],
    "validate": lambda p, o: ["validate", "-q", p, "-o", o],
    "dedupe -o": lambda p, o: ["dedupe", "-q", p, "-o", o],
    "dedupe --dpk-output": lambda p, o: ["dedupe", "-q", p, "--dpk-output", o],
    "diff": lambda p, o: ["diff", "-q", p, p, "-o", o],
}


@pytest.mark.parametrize("command", list(WRITING))
@pytest.mark.parametrize("way", WAYS)
def test_never_over_an_input_file(run, tmp_path, dpt, command, way):
    before = dpt.read_bytes()
    target = _same_file_ways(tmp_path, dpt)[way]
    result = run(*WRITING[command](dpt, target))
    assert_one_line_error(result, ExitCode.OUTPUT, "refusing to write over an input file")
    assert dpt.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".dptclean-")]


def test_input_given_through_a_symlink_is_not_overwritten_by_its_target(run, tmp_path, dpt):
    os.symlink(dpt, tmp_path / "link.csv")
    before = dpt.read_bytes()
    result = run("normalize", "-q", tmp_path / "link.csv", "-o", dpt)
    assert_one_line_error(result, ExitCode.OUTPUT, "refusing to write over an input file")
    assert dpt.read_bytes() == before


RISKY = ["=1+1", "+62812", "-1+2", "@SUM(A1)", "\tTAB", "\rCR", '=HYPERLINK("x","y")']
SAFE = ["-5", "-12.5", "SITI", "0812"]


@pytest.fixture
def risky_input(tmp_path):
    head = KPU_HEADER + ["=cmd|' /C calc'!A0"]
    rows = [head]
    for i, value in enumerate(RISKY + SAFE):
        rec = voter(i, NAMA=value, ALAMAT=value) + [value]
        rows.append(rec)
    return write_csv(tmp_path / "risky.csv", rows)


def _csv_cells(path, delimiter=","):
    text = path.read_bytes().decode("utf-8-sig")  # CSV outputs start with a BOM (for Excel)
    return [c for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            for c in row]


def _xlsx_cells(path):
    import openpyxl

    wb = openpyxl.load_workbook(path)
    cells = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (c.coordinate, c.value)
                if c.value is not None:
                    cells.append(str(c.value))
    return cells


@pytest.mark.parametrize("ext", ["csv", "tsv", "xlsx"])
@pytest.mark.parametrize("command", ["normalize", "validate", "dedupe"])
def test_formulas_are_neutralised(run, tmp_path, risky_input, ext, command):
    out = tmp_path / f"out.{ext}"
    args = {"normalize": ["normalize", "-q", risky_input, "-o", out],
            "validate": ["validate", "-q", "--show-nik", risky_input, "-o", out],
            "dedupe": ["dedupe", "-q", risky_input, "-o", out]}[command]
    if command != "normalize" and ext == "tsv":
        args[-1] = out = tmp_path / "out.csv"
        ext = "csv"
    result = run(*args)
    assert result.exit_code == 0, result.output
    cells = _xlsx_cells(out) if ext == "xlsx" else _csv_cells(out, "\t" if ext == "tsv" else ",")
    dangerous = [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")
                 or (c.startswith("-") and not c.lstrip("-").replace(".", "").isdigit())]
    assert dangerous == [], dangerous
    if command == "normalize":
        for value in RISKY:
            if value.strip() == value:  # the reader trims a leading tab or CR
                assert "'" + value in cells, value
        for value in SAFE:
            assert value in cells, value
        assert "'=cmd|' /C calc'!A0" in cells  # an unmapped column keeps its (defused) header


@pytest.mark.parametrize("problem", ["missing directory", "parent is a file", "is a directory",
                                     "read-only directory", "unwritable file system"])
@pytest.mark.parametrize("command", ["normalize", "validate", "dedupe"])
def test_output_directory_problems_exit_4(run, tmp_path, monkeypatch, dpt, problem, command):
    if problem == "missing directory":
        target = tmp_path / "hilang" / "out.csv"
    elif problem == "parent is a file":
        target = dpt.parent / "dpt.csv" / "out.csv"
    elif problem == "is a directory":
        target = tmp_path / "adir"
        target.mkdir()
    elif problem == "read-only directory":
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o555)
        target = ro / "out.csv"
        if os.geteuid() == 0:  # root writes anywhere: make the check see what a user would
            real = os.access
            monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if os.fspath(p) ==
                                str(ro) and mode & os.W_OK else real(p, mode, **kw))
    else:
        target = "/proc/dptclean-out.csv"  # procfs refuses new files, even to root
    result = run(command, "-q", dpt, "-o", target)
    assert_one_line_error(result, ExitCode.OUTPUT)
    assert result.stdout == ""
    assert not [p for p in tmp_path.rglob(".dptclean-*")]


@pytest.mark.parametrize("ext", ["csv", "tsv", "xlsx"])
def test_write_table_neutralises_every_risky_start(tmp_path, ext):
    frame = pd.DataFrame({"v": RISKY + SAFE, "=h": ["x"] * len(RISKY + SAFE)})
    out = tmp_path / f"t.{ext}"
    writers.write_table(frame, out)
    cells = _xlsx_cells(out) if ext == "xlsx" else _csv_cells(out, "\t" if ext == "tsv" else ",")
    assert cells[:2] == ["v", "'=h"]
    got = [c.replace("_x000D_", "\r") for c in cells[2::2]]  # how XLSX stores a CR
    assert got == ["'" + v for v in RISKY] + SAFE


def test_a_lone_carriage_return_does_not_split_a_csv_row(tmp_path):
    frame = pd.DataFrame({"nama": ["SITI\rAMINAH", "AGUS"], "rt": ["001", "002"]})
    writers.write_table(frame, tmp_path / "t.csv")
    back = pd.read_csv(tmp_path / "t.csv", dtype=str)
    assert back.values.tolist() == [["SITI\rAMINAH", "001"], ["AGUS", "002"]]


@pytest.mark.parametrize("args", [
    lambda src, t: ["split", "-q", src, "--by", "kecamatan", "-o", t / "afile"],
    lambda src, t: ["split", "-q", src, "--by", "kecamatan", "-o", "/proc/dptclean-split"],
    lambda src, t: ["dedupe", "-q", src, "--save", t / "afile"],
    lambda src, t: ["dedupe", "-q", src, "--save", "/proc/dptclean-result"],
    lambda src, t: ["dedupe", "-q", src, "--report", t / "adir"],
    lambda src, t: ["dedupe", "-q", src, "--dpk-output", t / "adir"],
    lambda src, t: ["diff", "-q", src, src, "-o", t / "adir"],
], ids=["split -o file", "split -o procfs", "dedupe --save file", "dedupe --save procfs",
        "dedupe --report dir", "dedupe --dpk-output dir", "diff -o dir"])
def test_directory_outputs_and_other_options_exit_4(run, tmp_path, dpt, args):
    if "split" in args("", tmp_path):  # split needs the area column before it makes folders
        dpt = write_csv(tmp_path / "dpt_kec.csv",
                        [[*KPU_HEADER, "KECAMATAN"], *[[*voter(i), "WELAHAN"] for i in range(4)]])
    (tmp_path / "afile").write_text("x")
    (tmp_path / "adir").mkdir()
    result = run(*args(dpt, tmp_path))
    assert_one_line_error(result, ExitCode.OUTPUT)
    assert (tmp_path / "afile").read_text() == "x"
