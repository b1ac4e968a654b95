"""Data that crashed dptclean (issue 13, exit 5 before), and outputs the disk cannot take.

- every name empty or ``-``: the name-key table was empty and indexed (IndexError);
- ``[/x]`` in a name or kecamatan: taken for rich markup by the terminal summary, after the
  outputs were written (MarkupError);
- a value longer than 32,767 characters written to ``.xlsx``: cut short silently;
- disk full while writing: ``.xlsx`` printed "Exception ignored in ZipFile.__del__" and a
  traceback after the error line. Tested on a real file system that fills up: a 300 KB tmpfs
  when this process may mount one, and a file-size limit (RLIMIT_FSIZE) in a child process.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dptclean.errors import ExitCode
from tests.builders import KPU_HEADER, voter, write_csv
from tests.reliability.helpers import assert_one_line_error

ROOT = Path(__file__).resolve().parents[2]


def _list(path: Path, n: int = 10, copies: int = 3, header=KPU_HEADER, **override) -> Path:
    extra = [] if header is KPU_HEADER else ["KEDUNG [/] [bold]"]
    rows = [voter(i, **override) + extra for i in range(n)]
    rows += [voter(i, NO=100 + i, **override) + extra for i in range(copies)]
    return write_csv(path, [header, *rows])


# --- every name empty or '-' -------------------------------------------------------------------

@pytest.mark.parametrize("name", ["", "-"], ids=["empty", "dash"])
@pytest.mark.parametrize("command", ["dedupe", "check"])
def test_every_name_empty_or_dash(run, tmp_path, name, command):
    dpt = _list(tmp_path / "dpt.csv", NAMA=name)
    out = tmp_path / "out"
    out.mkdir()
    if command == "dedupe":
        result = run("dedupe", dpt, "-o", out / "groups.csv", limit=60)
    else:
        result = run("check", "-q", dpt, "--max-duplicate-rate", "50%", limit=60)
    assert "Traceback" not in result.output
    if result.exit_code == ExitCode.INPUT:  # a clear refusal is as good as a result
        assert_one_line_error(result, ExitCode.INPUT)
        assert not any(out.iterdir())
        return
    assert result.exit_code == ExitCode.OK, result.output
    if command == "dedupe":
        groups = pd.read_csv(out / "groups.csv", dtype=str, encoding="utf-8-sig")
        # the copies still share NIK, date and place: found without a name
        assert groups["group_id"].nunique() == 3


def test_names_empty_and_dash_mixed_with_real_names(run, tmp_path):
    rows = [voter(i, NAMA="-" if i % 3 == 0 else "" if i % 3 == 1 else voter(i)[3])
            for i in range(12)]
    dpt = write_csv(tmp_path / "dpt.csv", [KPU_HEADER, *rows])
    result = run("dedupe", "-q", dpt, "-o", tmp_path / "groups.csv", limit=60)
    assert result.exit_code == ExitCode.OK, result.output


# --- rich markup in the data -------------------------------------------------------------------

@pytest.mark.parametrize("command", ["dedupe", "check", "validate", "inspect", "split"])
def test_markup_in_names_and_areas_is_shown_as_written(run, tmp_path, command):
    dpt = _list(tmp_path / "dpt.csv", header=[*KPU_HEADER, "KECAMATAN"],
                NAMA="SITI [/x] [bold]AMINAH[/bold] [/]")
    out = tmp_path / "out"
    out.mkdir()
    args = {"dedupe": ["dedupe", dpt, "-o", out / "groups.csv"],
            "check": ["check", dpt, "--max-duplicate-rate", "50%"],
            "validate": ["validate", dpt],
            "inspect": ["inspect", dpt],
            "split": ["split", dpt, "--by", "kecamatan", "--format", "csv", "-o", out / "s"]}
    result = run(*args[command], limit=60)
    assert result.exit_code == ExitCode.OK, result.output
    assert "Traceback" not in result.output and "MarkupError" not in result.output
    if command == "dedupe":
        assert "SITI [/x] [bold]AMINAH[/bold] [/]" in result.stdout
        groups = pd.read_csv(out / "groups.csv", dtype=str, encoding="utf-8-sig")
        assert (groups["nama"] == "SITI [/x] [bold]AMINAH[/bold] [/]").all()


# --- cells longer than Excel holds -------------------------------------------------------------

@pytest.mark.parametrize("command", ["normalize"])
def test_value_longer_than_an_excel_cell_is_refused_naming_the_column(run, tmp_path, command):
    long = "JALAN" + " PANJANG" * 4200  # 33,605 characters
    dpt = _list(tmp_path / "dpt.csv", ALAMAT=long)
    out = tmp_path / "out"
    out.mkdir()
    target = out / ("normalized.xlsx" if command == "normalize" else "groups.xlsx")
    args = ["normalize", "-q", dpt, "-o", target] if command == "normalize" \
        else ["dedupe", "-q", dpt, "-o", target]
    line = assert_one_line_error(run(*args, limit=60), ExitCode.OUTPUT, "32,767 characters")
    # (normalize writes all 13 records; the groups output the 6 in duplicate groups)
    assert "column alamat:" in line and ("13 value(s)" if command == "normalize" else "6 value(s)") in line
    assert not any(out.iterdir())
    # the same list to .csv keeps every character
    csv_out = out / "normalized.csv"
    args = ["normalize", "-q", dpt, "-o", csv_out] if command == "normalize" \
        else ["dedupe", "-q", dpt, "-o", csv_out]
    assert run(*args, limit=60).exit_code == ExitCode.OK
    written = pd.read_csv(csv_out, dtype=str, encoding="utf-8-sig")
    col = next(c for c in written.columns if c.lower() == "alamat")
    assert written[col].str.len().max() == len(long)


def test_value_of_exactly_32767_characters_is_written(run, tmp_path):
    dpt = _list(tmp_path / "dpt.csv", ALAMAT="A" * 32_767)
    result = run("normalize", "-q", dpt, "-o", tmp_path / "n.xlsx", limit=60)
    assert result.exit_code == ExitCode.OK, result.output


# --- disk full ---------------------------------------------------------------------------------

FORMATS = ["xlsx", "csv", "parquet"]


def _big_list(d: Path) -> Path:
    # random addresses (they do not compress): more than the 300 KB file system below, in
    # whichever format
    import random
    import string

    rng = random.Random(13)
    rows = [voter(i, ALAMAT="".join(rng.choices(string.ascii_uppercase + string.digits, k=100)))
            for i in range(12000)]
    return write_csv(d / "dpt.csv", [KPU_HEADER, *rows])


@pytest.fixture
def small_fs():
    """A 300 KB tmpfs (needs the right to mount: root in a container); skipped otherwise.
    (Mounted outside pytest's temporary folders, which a later session may rename.)"""
    import shutil
    import tempfile

    mnt = Path(tempfile.mkdtemp(prefix="dptclean-full-"))
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(mnt)],
                       check=True, capture_output=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        mnt.rmdir()
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mnt
    finally:
        done = subprocess.run(["umount", str(mnt)], capture_output=True, timeout=20)
        if done.returncode == 0:
            shutil.rmtree(mnt, ignore_errors=True)


@pytest.mark.parametrize("fmt", [*FORMATS, "result"])
def test_disk_full_exits_4_with_one_line_and_no_file(run, tmp_path, small_fs, fmt):
    dpt = _big_list(tmp_path)
    if fmt == "result":  # dedupe --save: a directory of Parquet tables
        args = ["dedupe", "-q", dpt, "-o", tmp_path / "groups.csv", "--save", small_fs / "res"]
    else:
        args = ["normalize", "-q", "--show-nik", dpt, "-o", small_fs / f"out.{fmt}"]
    assert_one_line_error(run(*args, limit=120), ExitCode.OUTPUT, "No space left on device")
    assert os.listdir(small_fs) == []  # no partial output, no temporary file


def _no_bigger_than(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


@pytest.mark.parametrize("fmt", FORMATS)
def test_file_size_limit_exits_4_with_one_line_and_no_file(tmp_path, fmt):
    """The same through RLIMIT_FSIZE (``ulimit -f``), in a child process: every write past
    300 KB fails with EFBIG ("File too large"), wherever this runs."""
    dpt = _big_list(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
    proc = subprocess.run([sys.executable, "-m", "dptclean", "normalize", "-q", "--show-nik",
                           str(dpt), "-o", str(out / f"n.{fmt}")], capture_output=True,
                          text=True, timeout=120, env=env, preexec_fn=_no_bigger_than(300_000))
    assert proc.returncode == ExitCode.OUTPUT, (proc.returncode, proc.stderr[-2000:])
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("dptclean: error: "), proc.stderr[-2000:]
    assert "File too large" in lines[0], lines[0]
    with contextlib.suppress(FileNotFoundError):
        assert os.listdir(out) == []


def test_review_and_report_xlsx_cut_a_value_longer_than_an_excel_cell_and_say_so(run, tmp_path):
    """The review workbook and the report (views for people; the CSV output and the result
    directory keep every character) cut such a value with a marker giving its full length:
    refusing them let one hostile cell stop an operator's review (persona3)."""
    from openpyxl import load_workbook

    long = "JALAN" + " PANJANG" * 4200  # 33,605 characters
    dpt = _list(tmp_path / "dpt.csv", ALAMAT=long)
    assert run("dedupe", "-q", dpt, "-o", tmp_path / "g.xlsx", "--save", tmp_path / "res",
               limit=60).exit_code == 0
    assert run("report", "-q", tmp_path / "res", "-o", tmp_path / "r.xlsx",
               limit=60).exit_code == 0
    for name in ("g.xlsx", "r.xlsx"):
        cells = [c.value for ws in load_workbook(tmp_path / name).worksheets
                 for row in ws.iter_rows() for c in row
                 if isinstance(c.value, str) and c.value.startswith("JALAN PANJANG")]
        assert cells, name
        for value in cells:
            assert len(value) == 32_767
            assert value.endswith(" … [cut: 33,605 characters, see the CSV output or --save]")
