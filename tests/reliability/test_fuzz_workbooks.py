""".xlsb and .ods: read like the same list as .xlsx, hostile records refused, and damaged copies
read in a child process under a memory and time limit (an abort or the address-space limit
ends the child, not pytest, and names the file).

Every damaged workbook must be read (records = rows of the frame = sum over sheets) or
refused with one line (an InputError: exit 3 in the CLI): never another error (exit 5), an
abort, running out of memory or a hang. ``DPTCLEAN_FUZZ_SEED`` repeats a run; CI draws the same
seed every time.
"""

from __future__ import annotations

import os
import random
import struct
from pathlib import Path

import pytest

from dptclean import load_voters
from dptclean.errors import ExitCode
from tests.builders import kpu_sheet, voter, write_xlsx
from tests.reliability import hostile
from tests.reliability import xlsb as X
from tests.reliability.fuzz_worker import read_in_child
from tests.reliability.test_hostile import one_line, run_limited

ROWS = kpu_sheet([voter(i) for i in range(8)])


def _names(path: Path) -> list[str]:
    return load_voters(path).frame["nama"].astype("string").tolist()


@pytest.mark.parametrize("shared", [True, False], ids=["shared strings", "inline strings"])
def test_xlsb_reads_like_the_same_xlsx(tmp_path, shared):
    xlsx = write_xlsx(tmp_path / "dpt.xlsx", {"DPT": ROWS})
    xlsb = X.write_xlsb(tmp_path / "dpt.xlsb", {"DPT": ROWS}, shared=shared)
    a, b = load_voters(xlsx), load_voters(xlsb)
    assert b.records == a.records == 8
    for col in ("nik", "nama", "tanggal_lahir", "tps"):
        assert b.frame[col].astype("string").tolist() == a.frame[col].astype("string").tolist()


def test_ods_reads_like_the_same_xlsx(tmp_path):
    xlsx = write_xlsx(tmp_path / "dpt.xlsx", {"DPT": kpu_sheet([voter(i) for i in range(3)])})
    assert _names(hostile.honest_ods(tmp_path, 3)) == _names(xlsx)


def _stray(rows, extra: bytes = b"", dim=None) -> bytes:
    return X.sheet_bin(rows, None, extra=extra, dim=dim)


XLSB_HOSTILE = {
    "stray cell at XFD1048576": (
        lambda: _stray(ROWS, X.row_header(1048575) + X.cell(16383, "x")),
        "used range reaches row 1,048,576 and column 16,384"),
    "cell in column 2,147,483,633": (
        lambda: _stray(ROWS, X.row_header(20) + X.cell(0x7FFFFFF0, "x")), "column 2,147,483,633"),
}


def test_xlsb_declaring_the_whole_grid_with_few_cells_is_read(tmp_path):
    """BrtWsDim (the declared used range) alone does not size the reader's grid: read it."""
    path = X.write_xlsb(tmp_path / "dim.xlsb", {"DPT": ROWS}, shared=False,
                        sheet_parts={0: _stray(ROWS, dim=(0, 1048575, 0, 16383))})
    proc = run_limited("inspect", "--format", "json", path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert '"records": 8' in proc.stdout


@pytest.mark.parametrize("case", list(XLSB_HOSTILE))
def test_xlsb_hostile_sheet_is_refused(tmp_path, case):
    part, fragment = XLSB_HOSTILE[case]
    path = X.write_xlsb(tmp_path / "h.xlsb", {"DPT": ROWS}, shared=False, sheet_parts={0: part()})
    one_line(run_limited("inspect", path), ExitCode.INPUT, fragment)


def test_xlsb_shared_strings_declaring_billions_is_refused(tmp_path):
    strings: dict[str, int] = {}
    part = X.sheet_bin(ROWS, strings)
    path = X.write_xlsb(tmp_path / "sst.xlsb", {"DPT": ROWS}, sheet_parts={0: part},
                        sst=X.sst_bin(strings, declared=2_000_000_000))
    one_line(run_limited("inspect", path), ExitCode.INPUT)


def _bases(d: Path) -> dict[str, bytes]:
    two = {"DPT": ROWS, "L2": ROWS[:9]}
    return {"xlsb": X.write_xlsb(d / "a.xlsb", two).read_bytes(),
            "xlsb-inline": X.write_xlsb(d / "b.xlsb", {"DPT": ROWS}, shared=False).read_bytes(),
            "ods": hostile.honest_ods(d, 8).read_bytes()}


def test_damaged_xlsb_and_ods_are_read_or_refused(tmp_path):
    seed = int(os.environ.get("DPTCLEAN_FUZZ_SEED") or
               (1 if os.environ.get("CI") else random.randrange(2**32)))
    rng = random.Random(seed)
    bases = _bases(tmp_path)
    files, how = [], {}
    for i in range(120):
        kind = rng.choice(list(bases))
        data, what = X.damage(bases[kind], rng)
        path = tmp_path / f"m{i}.{'ods' if kind == 'ods' else 'xlsb'}"
        path.write_bytes(data)
        files.append(str(path))
        how[str(path)] = f"{kind}: {what}"
    outcomes, died = read_in_child(files, timeout=600)
    assert died is None, (seed, died, how.get(died.split(":")[0]))
    for f in files:
        o = outcomes[f]
        assert o["outcome"] in ("read", "refused"), (seed, how[f], o)
        if o["outcome"] == "refused":
            assert o["lines"] == 1, (seed, how[f], o)
        else:
            assert o["records"] == o["frame"] == o["sheets"], (seed, how[f], o)


def test_worker_names_the_file_that_took_the_child_down(tmp_path):
    """The harness itself: a child ended by the address-space limit is reported, not lost."""
    csv = tmp_path / "big.csv"
    csv.write_text("NAMA\n" + "SITI\n" * 10)
    outcomes, died = read_in_child([csv], limit=64 * 1024**2)  # too small to start Python's imports
    assert died is not None or outcomes[str(csv)]["outcome"] in ("crash", "refused")


def test_record_writer_varints():
    # type 0x94 takes two bytes (0x94, 0x01); size 200 takes two (0xC8, 0x01)
    rec = X.record(0x94, b"x" * 200)
    assert rec[:4] == bytes([0x94, 0x01, 0xC8, 0x01]) and len(rec) == 204
    assert struct.unpack("<I", X.wide("AB")[:4])[0] == 2


def test_xlsb_row_past_the_last_is_refused_not_read_short(tmp_path):
    """The Excel reader ends a sheet at a row header past row 1,048,576 and drops the rows
    after it without a word: refuse it as corrupt."""
    body = ROWS[:7]
    part = X.sheet_bin(body, None, extra=X.row_header(0x200000)
                       + b"".join(X.row_header(7 + r) + X.cell(0, f"x{r}") for r in range(3)))
    path = X.write_xlsb(tmp_path / "row.xlsb", {"DPT": body}, shared=False, sheet_parts={0: part})
    one_line(run_limited("inspect", path), ExitCode.INPUT, "corrupt")
