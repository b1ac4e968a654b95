"""Property: whatever grid is written as CSV, reading it either fails with a dptclean error or
accounts for every non-empty row (loaded + skipped == non-empty rows)."""

from __future__ import annotations

import csv
import io

import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dptclean import DptcleanError, load_voters
from dptclean.io.csvtext import sniff_delimiter
from tests.builders import csv_text

CELLS = ["", "", " ", "SITI AMINAH", "AGUS", "JUMLAH", "TOTAL 3", "TPS : 001", "TPS",
         ": 002", "KECAMATAN : WELAHAN", "1", "2", "3", "3320011411430000", "3.32001E+15",
         "3320011411430000.0", "01-01-1970", "NAMA", "NIK", "a,b", 'x"y', "p\nq", "JOSÉ",
         "#", ";", "|", "\t", "  padded  ", "\u00a0"]

cell = st.one_of(st.sampled_from(CELLS),
                 st.text(alphabet="AB1 ,;|#\t\"\n:é", max_size=5))
row = st.lists(cell, max_size=7)
header = st.lists(st.sampled_from(["NO", "NIK", "TGL LAHIR", "RT", "KET", "X", "ALAMAT"]),
                  unique=True, min_size=1, max_size=5).flatmap(
    lambda cols: st.permutations(cols + ["NAMA"]))


def _nonempty(rows) -> int:
    return sum(1 for r in rows if any(c.strip() for c in r))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(titles=st.lists(row, max_size=4), head=header, body=st.lists(row, max_size=15),
       delimiter=st.sampled_from([",", ";", "|", "\t", "#"]),
       sniff=st.booleans())
def test_every_nonempty_row_is_accounted_for(titles, head, body, delimiter, sniff):
    rows = [*titles, head, *body]
    text = csv_text(rows, delimiter=delimiter)
    try:
        result = load_voters(io.BytesIO(text.encode("utf-8")),
                             delimiter=None if sniff else delimiter)
    except DptcleanError:
        return
    d = result.to_dict()
    not_blank = {k: v for k, v in d["skipped"].items() if k != "blank"}
    expected = _nonempty(rows)
    if sniff:
        # Non-empty as the reader sees it: a line such as ";" is a cell in a file it reads
        # as comma-delimited (and is then a skipped title row, not a blank one).
        lines = list(io.StringIO(text, newline=""))
        expected = _nonempty(csv.reader(lines, delimiter=sniff_delimiter(lines)))
    assert d["records"] + sum(not_blank.values()) == expected, (text, d)
    lines = result.frame["row"].tolist()
    assert lines == sorted(set(lines))
    assert all(1 <= x <= text.count("\n") for x in lines)


@settings(max_examples=100, deadline=None)
@given(body=st.lists(row, max_size=15), delimiter=st.sampled_from([",", ";", "|", "\t", "#"]))
def test_records_keep_their_values(body, delimiter):
    """Rows that are loaded come out with their cells trimmed, in input order."""
    head = ["NO", "NIK", "NAMA", "TGL LAHIR", "KET", "X", "Y"]
    padded = [list(r) + [""] * (len(head) - len(r)) for r in body if len(r) <= len(head)]
    text = csv_text([head, *padded], delimiter=delimiter)
    try:
        df = load_voters(io.BytesIO(text.encode()), delimiter=delimiter).frame
    except DptcleanError:
        return
    by_line = {}
    line = 2
    for r in padded:
        by_line[line] = r
        line += 1 + sum(c.count("\n") for c in r)
    for _, rec in df.iterrows():
        src = by_line[rec["row"]]
        got = None if pd.isna(rec["nama"]) else rec["nama"]
        assert got == (src[2].strip() or None)


xcell = st.one_of(st.none(), st.sampled_from(CELLS[:20]),
                  st.integers(min_value=0, max_value=10**15), st.text(alphabet="AB1 :", max_size=4))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(titles=st.lists(st.lists(xcell, max_size=4), max_size=3), head=header,
       body=st.lists(st.lists(xcell, max_size=7), max_size=10),
       first_row=st.integers(0, 3), first_col=st.integers(0, 2))
@example(titles=[], head=["NO", "NAMA"], body=[[None, "NIK", "TPS", "NAMA"], [None, "SITI AMINAH"]],
         first_row=0, first_col=0)
@example(titles=[], head=["NO", "NIK", "NAMA"], body=[["TPS", "NAMA", "NIK"], [None, "SITI AMINAH"]],
         first_row=0, first_col=0)
def test_workbook_rows_are_accounted_for_and_numbered(tmp_path, titles, head, body, first_row,
                                                      first_col):
    from tests.builders import write_xlsx

    rows = [*titles, head, *body]
    path = write_xlsx(tmp_path / "p.xlsx", {"S": rows}, first_row=first_row, first_col=first_col)
    try:
        result = load_voters(path)
    except DptcleanError:
        return

    def text(v):
        return "" if v is None else str(v).strip()

    nonempty = sum(1 for r in rows if any(text(c) for c in r))
    d = result.to_dict()
    not_blank = {k: v for k, v in d["skipped"].items() if k != "blank"}
    assert d["records"] + sum(not_blank.values()) == nonempty, d
    if d["records"]:
        # values come from the header the reader chose: the generated one, unless a body row
        # is a better header (e.g. NIK, TPS, NAMA under NO, NAMA: the first row is then a title)
        sheet = d["sheets"][0]
        hdr = [text(c) for c in rows[sheet["header_row"] - 1 - first_row]]
        if sheet["header_row"] - 1 - first_row == len(titles):
            assert sheet["mapping"].get("nama") == "NAMA"
        nama_col = hdr.index(sheet["mapping"]["nama"])
        for excel_row, nama in zip(result.frame["row"], result.frame["nama"]):
            assert excel_row > sheet["header_row"]  # no record above the header it reports
            col = nama_col
            # ... or the header again, in another column order, read from there on
            again = [r for r in sheet["remapped_rows"] if r < excel_row]
            if again:
                col = [text(c) for c in rows[again[-1] - 1 - first_row]].index("NAMA")
            src = rows[excel_row - 1 - first_row]
            want = text(src[col]) if col < len(src) else ""
            got = "" if pd.isna(nama) else nama
            assert got == want  # numbers come out as their digits, text trimmed
