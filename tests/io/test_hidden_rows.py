"""Rows hidden in Excel (by hand or by a filter) are read, as every row of the list is, and the
read says so: an operator who counts in Excel does not see them. Before, they were read
without a word."""

from __future__ import annotations

import openpyxl
import pytest

from dptclean import load_voters
from tests.builders import kpu_sheet, run_cli, voter, write_xlsx


def _workbook(tmp_path, hidden: list[int]):
    # title rows 1-4, a blank row, the header on row 6, column numbers on 7, voters from 8
    path = write_xlsx(tmp_path / "dpt.xlsx", {"TPS 001": kpu_sheet([voter(i) for i in range(6)])})
    wb = openpyxl.load_workbook(path)
    ws = wb["TPS 001"]
    for r in hidden:
        ws.row_dimensions[r].hidden = True
    wb.save(path)
    return path


def test_hidden_voter_rows_are_read_and_said(tmp_path):
    result = load_voters(_workbook(tmp_path, [9, 10, 12]))
    assert len(result.frame) == 6
    notes = [n for n in result.notes if n.key == "hidden_rows_read"]
    assert len(notes) == 1
    assert notes[0].params == {"count": 3, "rows": "9-10, 12"}


def test_hidden_title_rows_are_not_voters_and_not_said(tmp_path):
    result = load_voters(_workbook(tmp_path, [2, 3]))
    assert len(result.frame) == 6
    assert not [n for n in result.notes if n.key == "hidden_rows_read"]


@pytest.mark.parametrize("lang, words", [("id", "disembunyikan di Excel ikut dibaca"),
                                         ("en", "rows hidden in Excel were read")])
def test_the_warning_on_stderr(tmp_path, lang, words):
    res = run_cli("inspect", _workbook(tmp_path, [8]), "--lang", lang)
    assert res.exit_code == 0
    assert words in res.stderr and "(" in res.stderr


def test_filtered_out_rows_count_as_hidden(tmp_path):
    # an AutoFilter hides the rows it filters out: the same attribute in the sheet's XML
    path = _workbook(tmp_path, [])
    wb = openpyxl.load_workbook(path)
    ws = wb["TPS 001"]
    ws.auto_filter.ref = f"A6:O{ws.max_row}"
    ws.auto_filter.add_filter_column(14, ["002"])
    for r in range(8, 14):
        ws.row_dimensions[r].hidden = True
    wb.save(path)
    result = load_voters(path)
    assert len(result.frame) == 6
    assert [n.params["count"] for n in result.notes if n.key == "hidden_rows_read"] == [6]
