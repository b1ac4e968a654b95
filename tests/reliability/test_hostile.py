"""Hostile inputs, round two (issue 13): each is read right or refused with one line and exit
3, never exit 5, an abort (signal 6), the OOM killer or a hang.

Inputs that could take gigabytes run the CLI in a subprocess under an address-space limit
(RLIMIT_AS, 3 GiB): a regression fails the test (an abort, MemoryError: exit 5) instead of
taking the machine's memory. The memory check sees that limit (``limits.available_memory``).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest

from dptclean.errors import ExitCode
from tests.builders import KPU_HEADER, voter, write_csv
from tests.reliability import hostile
from tests.reliability.helpers import assert_one_line_error

LIMIT = 3 * 1024**3
ROOT = Path(__file__).resolve().parents[2]


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def run_limited(*args: object, stdin=None, timeout: int = 120) -> subprocess.CompletedProcess:
    """``dptclean ARGS`` in a subprocess under a 3 GiB address-space limit."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
    env.pop("DPTCLEAN_NO_MEMORY_CHECK", None)
    return subprocess.run([sys.executable, "-m", "dptclean", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, stdin=stdin,
                          preexec_fn=_limit_memory, env=env)


def one_line(proc: subprocess.CompletedProcess, code: int, fragment: str = "") -> str:
    assert proc.returncode == code, (proc.returncode, proc.stderr[-2000:])
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("dptclean: error: "), proc.stderr[-2000:]
    assert fragment in lines[0], lines[0]
    return lines[0]


# --- stray cells the first guard did not see (each aborted the process: exit -6) ------------

@pytest.mark.parametrize("form", list(hostile.STRAY_FORMS))
def test_stray_cell_in_any_xml_form_is_refused(tmp_path, form):
    path = hostile.stray_cell(tmp_path, form)
    one_line(run_limited("inspect", path), ExitCode.INPUT,
             "used range reaches row 1,048,576 and column 16,384")


@pytest.mark.parametrize("how", ["decisions", "split --groups"])
def test_every_path_that_opens_a_workbook_is_guarded(tmp_path, how):
    stray = hostile.stray_cell(tmp_path, "far row first")
    dpt = write_csv(tmp_path / "dpt.csv", [KPU_HEADER, *[voter(i) for i in range(4)]])
    out = tmp_path / "out"
    if how == "decisions":
        out.mkdir()  # (an output folder that does not exist is refused first, exit 4)
        args = ["dedupe", "-q", dpt, "--decisions", stray, "-o", out / "groups.csv"]
    else:
        args = ["split", "-q", "--groups", stray, "--by", "kecamatan", "-o", out]
    one_line(run_limited(*args), ExitCode.INPUT, "used range reaches row 1,048,576")
    assert not out.exists() or not any(out.iterdir())


def test_guard_reads_canonical_sheets_on_the_fast_path(tmp_path):
    """An ordinary workbook is not parsed by expat (the byte counts prove its form)."""
    import zipfile

    from dptclean.io import xlscheck

    path = hostile.small_workbook(tmp_path)
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    extent = xlscheck.SheetExtent(lambda: pytest.fail("parsed again"))
    extent.feed(xml)
    extent.check(str(path))
    assert extent.canonical and 9 <= extent.rows <= 99 and extent.cols <= 26  # rows: a bound


# --- memory bombs -----------------------------------------------------------------------------

def test_shared_strings_declaring_billions_is_refused(tmp_path):
    # (reserved up front by the reader: the process aborted)
    path = hostile.shared_strings_declared(tmp_path)
    one_line(run_limited("inspect", path), ExitCode.INPUT, "shared-strings table declares")


def test_shared_strings_of_millions_fit_or_are_refused(tmp_path):
    """18 million empty shared strings (450 KB): read within the limit, or refused."""
    path = hostile.shared_strings_bomb(tmp_path)
    proc = run_limited("inspect", "--format", "json", path)
    assert proc.returncode in (ExitCode.OK, ExitCode.INPUT), proc.stderr[-2000:]
    if proc.returncode == ExitCode.INPUT:
        one_line(proc, ExitCode.INPUT, "shared-strings")


def test_ods_repeated_rows_are_refused(tmp_path):
    path = hostile.ods_bomb(tmp_path)
    assert path.stat().st_size < 2048
    one_line(run_limited("inspect", path), ExitCode.INPUT, "repeated rows/columns")


def test_ods_as_libreoffice_writes_it_is_read(tmp_path, run):
    """A million empty rows repeated at the end (as LibreOffice saves) are not a bomb."""
    result = run("inspect", "--format", "json", hostile.honest_ods(tmp_path))
    assert result.exit_code == 0, result.output
    assert '"records": 3' in result.stdout


def test_parquet_of_one_value_repeated_is_refused(tmp_path):
    path = hostile.parquet_bomb(tmp_path, rows=500_000)  # 2 GB of text, 20 KB on disk
    assert path.stat().st_size < 100_000
    one_line(run_limited("inspect", path), ExitCode.INPUT, "decodes to")


def test_parquet_decoding_keeps_values(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from dptclean.io.sources import read_parquet

    path = tmp_path / "d.parquet"
    pq.write_table(pa.table({"NIK": ["3320010101700001", None, "3320010101700002"],
                             "NAMA": ["SITI", "BUDI", "SITI"]}), path)
    grid = read_parquet(str(path))
    assert grid.table.column(0).to_pylist() == ["NIK", "3320010101700001", None,
                                                "3320010101700002"]
    assert grid.table.column(1).to_pylist() == ["NAMA", "SITI", "BUDI", "SITI"]


# --- special files ----------------------------------------------------------------------------

@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_refused(run, device):
    assert_one_line_error(run("inspect", device, limit=10), ExitCode.INPUT, "is a device")


@pytest.mark.parametrize("name", ["dpt.csv", "dpt.xlsx", "dpt.parquet"])
def test_named_pipe_is_refused_not_waited_on(run, tmp_path, name):
    fifo = tmp_path / name
    os.mkfifo(fifo)
    assert_one_line_error(run("inspect", fifo, limit=10), ExitCode.INPUT, "named pipe")


def test_named_pipe_as_decisions_file_is_refused(run, tmp_path):
    fifo = tmp_path / "decisions.csv"
    os.mkfifo(fifo)
    dpt = write_csv(tmp_path / "dpt.csv", [KPU_HEADER, *[voter(i) for i in range(4)]])
    assert_one_line_error(run("dedupe", "-q", dpt, "--decisions", fifo, limit=20),
                          ExitCode.INPUT, "named pipe")


def test_endless_stdin_is_refused_within_the_memory_limit():
    with open("/dev/zero", "rb") as zero:
        proc = run_limited("inspect", "-", stdin=zero)
    one_line(proc, ExitCode.INPUT, "standard input is larger than")


# --- broken pipe ------------------------------------------------------------------------------

def test_broken_pipe_exits_quietly(tmp_path):
    dpt = write_csv(tmp_path / "dpt.csv", [KPU_HEADER, *[voter(i, NIK="1") for i in range(20000)]])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
    proc = subprocess.Popen([sys.executable, "-m", "dptclean", "validate", "--format", "csv",
                             str(dpt)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    errors: list[bytes] = []
    reader = threading.Thread(target=lambda: errors.append(proc.stderr.read()))  # type: ignore[union-attr]
    reader.start()
    proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    code = proc.wait(timeout=120)
    reader.join()
    assert errors[0] == b"", errors[0].decode()[-2000:]
    assert code == 141


def test_validate_csv_is_complete_when_read_to_the_end(run, tmp_path):
    dpt = write_csv(tmp_path / "dpt.csv", [KPU_HEADER, *[voter(i, NIK="1") for i in range(5)]])
    result = run("validate", "--format", "csv", dpt)
    assert result.exit_code == 0
    assert len(pd.read_csv(__import__("io").StringIO(result.stdout))) >= 5


# --- a decisions file that is quadratic in its size ------------------------------------------

def _decisions_file(path: Path, groups: int, size: int) -> Path:
    import secrets

    rows = [{"group_id": str(g + 1), "decision": "duplicate",
             "fingerprint": secrets.token_hex(8), "record_key": f"dpt.csv||{g * size + i + 2}"}
            for g in range(groups) for i in range(size)]
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_decisions_file_of_one_huge_group_is_refused(run, tmp_path):
    """1,200 rows in one group (50 KB) stood for 719,400 pair decisions (69 s, 6.7 GB for a
    73 KB file); now refused at once, naming the group."""
    dec = _decisions_file(tmp_path / "decisions.csv", 1, 1200)
    dpt = write_csv(tmp_path / "dpt.csv", [KPU_HEADER, *[voter(i) for i in range(4)]])
    result = run("dedupe", "-q", dpt, "--decisions", dec, "-o", tmp_path / "out.csv", limit=30)
    assert_one_line_error(result, ExitCode.INPUT, "group '1' has 1,200 records")
    assert not (tmp_path / "out.csv").exists()


def test_decisions_pairs_are_linear_in_the_rows(tmp_path):
    from dptclean.decisions import MAX_DECIDED_GROUP, read_decisions

    dec = _decisions_file(tmp_path / "decisions.csv", 12, MAX_DECIDED_GROUP)
    pairs = read_decisions(dec)
    assert len(pairs) == 12 * MAX_DECIDED_GROUP * (MAX_DECIDED_GROUP - 1) // 2
    assert len(pairs) <= 1200 * MAX_DECIDED_GROUP // 2
