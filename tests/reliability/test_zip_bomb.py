"""Zip bombs named .xlsx: refused quickly, before the Excel reader inflates anything."""

from __future__ import annotations

import io
import time
import tracemalloc

import pytest

from dptclean import load_voters
from dptclean.errors import InputError
from dptclean.io import excel, xlscheck
from tests.reliability.corpus import zip_bomb_xlsx


@pytest.fixture
def no_excel_reader(monkeypatch):
    import fastexcel

    def refuse(*args, **kwargs):
        raise AssertionError("the Excel reader was called on a zip bomb")

    monkeypatch.setattr(fastexcel, "read_excel", refuse)


def test_honest_bomb_refused_from_its_declared_sizes(tmp_path, no_excel_reader):
    """1.6 MB on disk, 1 GiB of sheet XML: the central directory says so; nothing inflated."""
    path = zip_bomb_xlsx(tmp_path)
    assert path.stat().st_size < 3 * 1024**2
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(InputError, match="zip bomb"):
            load_voters(path)
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert elapsed < 2, elapsed
    assert peak < 20 * 1024**2, peak


def test_lying_bomb_refused_after_inflating_no_more_than_it_declares(tmp_path, monkeypatch):
    """Headers that claim 50 MB for 1.5 GiB: the sheet is inflated (a megabyte at a time) up to
    the size it declares, then refused, before the Excel reader gets to it. (Before this guard
    the reader held it in memory: 160 s and 1.1 GB for a 4.7 MB file.)"""
    path = zip_bomb_xlsx(tmp_path, inflated=1536 * 1024**2, declared=50 * 1024**2,
                         name="liar.xlsx")
    assert path.stat().st_size > 2 * 1024**2  # too big for the CRC test of small workbooks
    import fastexcel

    loaded = []
    real = fastexcel.read_excel

    def spy(*args, **kwargs):
        reader = real(*args, **kwargs)

        class Reader:
            sheet_names = reader.sheet_names

            def load_sheet(self, *a, **k):
                loaded.append(a)
                return reader.load_sheet(*a, **k)
        return Reader()

    monkeypatch.setattr(fastexcel, "read_excel", spy)
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(InputError, match="inflates past the 52,428,800 bytes it declares"):
            load_voters(path)
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert loaded == []
    assert elapsed < 10, elapsed
    assert peak < 40 * 1024**2, peak


def test_small_lying_bomb_fails_the_crc_test(tmp_path):
    path = zip_bomb_xlsx(tmp_path, inflated=64 * 1024**2, declared=1024**2, name="small.xlsx")
    with pytest.raises(InputError, match="corrupt|zip bomb"):
        load_voters(path)


def test_impossible_declared_size(tmp_path, monkeypatch):
    monkeypatch.setattr(excel, "MAX_INFLATED_BYTES", 512 * 1024**2)
    path = zip_bomb_xlsx(tmp_path, inflated=32 * 1024**2, declared=600 * 1024**2)
    with pytest.raises(InputError, match="zip bomb"):
        load_voters(path)


@pytest.mark.parametrize("cells, rows, cols", [
    ([(2, 1), (30, 3)], 30, 26),                 # one-letter columns: up to Z
    ([(2, 1), (5, 28)], 5, 28),                  # AB
    ([(2, 1), (9, 703), (4, 60)], 9, 703),       # AAA wins over BH
])
def test_used_range_of_a_sheet(cells, rows, cols):
    def ref(r, c):
        letters = ""
        while c:
            c, rem = divmod(c - 1, 26)
            letters = chr(65 + rem) + letters
        return f'<row r="{r}"><c r="{letters}{r}"><v>1</v></c></row>'.encode()

    xml = b"<sheetData>" + b"".join(ref(r, c) for r, c in cells) + b"</sheetData>"
    extent = xlscheck.SheetExtent(lambda: io.BytesIO(xml))
    for k in range(0, len(xml), 7):  # fed in pieces that cut references in two
        extent.feed(xml[k:k + 7])
    extent.finish()
    # the fast path bounds the rows by their digits; three-letter columns are parsed
    assert extent.canonical == (cols < 703)
    if extent.canonical:
        assert rows <= extent.rows < 10 * rows and max(extent.cols, 26) == cols
    assert xlscheck._parse_extent(lambda: io.BytesIO(xml), "x.xlsx") == (rows, max(
        c for _, c in cells))


def test_stray_cell_far_away_is_refused_before_the_reader(tmp_path, monkeypatch):
    """(Without the check the Excel reader aborts the process: "memory allocation of ...
    bytes failed", signal 6.)"""
    import fastexcel

    from tests.reliability.corpus import stray_cell_far_corner

    real = fastexcel.read_excel

    def spy(*args, **kwargs):
        reader = real(*args, **kwargs)

        class Reader:
            sheet_names = reader.sheet_names

            def load_sheet(self, *a, **k):
                raise AssertionError("the sheet was loaded")
        return Reader()

    monkeypatch.setattr(fastexcel, "read_excel", spy)

    with pytest.raises(InputError, match="used range reaches row 1,048,576 and column 16,384"):
        load_voters(stray_cell_far_corner(tmp_path))
