"""Property-based fuzzing of the readers and the normalisers.

Whatever the bytes or the text, dptclean either raises one of its own errors or reads the
input; when it reads it, every non-empty row is a record or a skipped row with a reason, and
normalising keeps every record, in order, with its values unchanged.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dptclean import DptcleanError, load_voters, schema
from dptclean.normalize import NORMALIZED_COLUMNS, normalize_voters
from tests.builders import kpu_sheet, nik, voter, write_xlsx


def fast(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])

# Any text a cell may hold, minus what no CSV writer round-trips (a lone CR, a NUL) and the
# separators Python and Arrow disagree about trimming (\x1c-\x1f, \x85).
_EXCLUDED = "\r\x00\x0b\x0c\x1c\x1d\x1e\x1f\x85"
any_text = st.text(st.characters(blacklist_characters=_EXCLUDED,
                                 blacklist_categories=("Cs",)), max_size=12)
voterish = st.sampled_from(["", " ", "SITI AMINAH", "H. MUH. ROSYID, S.PD", nik(3),
                            "3.32001E+15", "3320011411430000.0", "332001431281****",
                            "31-12-1970", "1970-07-01", "3000-01-01", "00-00-0000", "44927",
                            "L", "P", "B", "S", "001", "JUMLAH", "TPS : 002", "NAMA", "=1+1",
                            "\u00a0", "JOS\u00c9", "\u0661\u0662", "\n"])
cell = st.one_of(voterish, any_text)


def _nonempty(rows) -> int:
    return sum(1 for r in rows if any(c.strip() for c in r))


@fast(200)
@given(head_extra=st.lists(st.sampled_from(["NO", "NIK", "TGL LAHIR", "JK", "KET", "X", ""]),
                           max_size=5),
       body=st.lists(st.lists(cell, max_size=9), max_size=12),
       delimiter=st.sampled_from([",", ";", "|", "\t", "#"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_csv_any_text_is_read_or_refused_and_every_row_accounted(head_extra, body, delimiter,
                                                                  encoding):
    rows = [["NAMA", *head_extra], *body]
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator="\n").writerows(rows)
    try:
        data = text.getvalue().encode(encoding)
    except UnicodeEncodeError:
        assume(False)
    try:
        result = load_voters(io.BytesIO(data), delimiter=delimiter)
    except DptcleanError:
        return
    d = result.to_dict()
    not_blank = sum(v for k, v in d["skipped"].items() if k != "blank")
    parsed = list(csv.reader(io.StringIO(text.getvalue(), newline=""), delimiter=delimiter))
    assert d["records"] + not_blank == _nonempty(parsed), (text.getvalue(), d)
    assert len(result.frame) == d["records"]


@fast(200)
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".csv", ".tsv", ".txt"]))
def test_random_bytes_as_text(tmp_path, data, suffix):
    path = tmp_path / f"f{suffix}"
    path.write_bytes(data)
    try:
        load_voters(path)
    except DptcleanError:
        pass


_WORKBOOK: dict[str, bytes] = {}


def _workbook_bytes(tmp_path, ext: str) -> bytes:
    if ext not in _WORKBOOK:
        from tests.builders import write_xls

        write = write_xlsx if ext == "xlsx" else write_xls
        path = write(tmp_path / f"dpt.{ext}", {"S": kpu_sheet([voter(i) for i in range(8)])})
        _WORKBOOK[ext] = path.read_bytes()
    return _WORKBOOK[ext]


@fast(300)
@given(seed=st.integers(0, 2**32 - 1), flips=st.integers(1, 40),
       cut=st.one_of(st.none(), st.floats(0.05, 0.99)), ext=st.sampled_from(["xlsx", "xls"]))
def test_damaged_workbooks(tmp_path, seed, flips, cut, ext):
    """A real workbook with bytes overwritten here and there, or cut short. (Found: zlib and
    OS errors escaping from zipfile; Rust panics of the Excel reader, which are not
    Exceptions; .xls cell addresses and sheet sizes that made it abort the process.)"""
    rng = random.Random(seed)
    data = bytearray(_workbook_bytes(tmp_path, ext))
    for _ in range(flips):
        data[rng.randrange(len(data))] = rng.randrange(256)
    if cut is not None:
        data = data[: int(len(data) * cut)]
    path = tmp_path / f"damaged.{ext}"
    path.write_bytes(bytes(data))
    try:
        result = load_voters(path)
    except DptcleanError:
        return
    # (damage may move a cell to a new row, which is then read as a record of its own)
    assert result.records == len(result.frame) == sum(s.records for s in result.sheets)


# --- normalisers ------------------------------------------------------------------------------

COLUMNS = [*schema.FIELDS, schema.SOURCE_FILE, schema.SHEET]
column_values = st.lists(st.one_of(st.none(), cell), min_size=0, max_size=25)


@fast(80)
@given(data=st.data(), n=st.integers(0, 25),
       election=st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2100, 1, 1))),
       order=st.sampled_from([None, "dmy", "mdy", "ymd"]))
def test_normalize_voters_on_random_text_in_every_column(data, n, election, order):
    cols = {c: data.draw(st.lists(st.one_of(st.none(), cell), min_size=n, max_size=n), label=c)
            for c in COLUMNS}
    frame = pd.DataFrame({c: pd.array(v, dtype=pd.StringDtype("pyarrow"))
                          for c, v in cols.items()})
    frame[schema.ROW] = pd.array(np.arange(2, n + 2), dtype="Int64")
    frame.index = pd.RangeIndex(n)[::-1] if n % 2 else frame.index  # any index, kept as is
    before = frame.copy()
    try:
        out = normalize_voters(frame, date_order=order, election_date=election)
    except DptcleanError:
        return
    assert len(out) == n
    assert out.index.equals(frame.index)
    pd.testing.assert_frame_equal(out[list(frame.columns)], before)  # originals untouched
    pd.testing.assert_frame_equal(frame, before)                     # input not mutated
    assert all(c in out.columns for c in NORMALIZED_COLUMNS)
    iso = out[schema.TANGGAL_LAHIR_NORM].dropna()
    assert iso.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all(), iso.tolist()


@fast(100)
@given(names=st.lists(cell, min_size=1, max_size=30))
def test_normalising_twice_changes_nothing(names):
    from dptclean.normalize import normalize_name

    s = pd.Series(pd.array(names, dtype=pd.StringDtype("pyarrow")))
    once = normalize_name(s)
    pd.testing.assert_series_equal(normalize_name(once), once)
