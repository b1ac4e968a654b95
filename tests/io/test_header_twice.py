"""Two columns with the same identifying header (NIK, NAMA, ...) and different values: the first
is read and the second kept as an extra column, as before, but now with a warning, since the
figures depend on which one was right. Identical copies say nothing."""

from __future__ import annotations

from dptclean import load_voters
from tests.builders import run_cli, write_csv

HEAD = ["NO", "NIK", "NAMA", "TANGGAL LAHIR", "NIK"]
ROWS = [[1, "3320014107800001", "SITI AMINAH", "01-07-1980", "3320014107800001"],
        [2, "3320011203750003", "AGUS SANTOSO", "12-03-1975", "3320011203750004"],
        [3, "3320015505900001", "SRI WAHYUNI", "15-05-1990", ""]]


def _notes(result):
    return [n for n in result.notes if n.key == "header_twice"]


def test_two_nik_columns_that_differ_are_said(tmp_path):
    result = load_voters(write_csv(tmp_path / "dpt.csv", [HEAD] + ROWS))
    assert result.frame["nik"].tolist() == [r[1] for r in ROWS]   # the first is read
    notes = _notes(result)
    assert len(notes) == 1
    assert notes[0].params == {"header": "'NIK'", "count": 2, "rows": "3-4"}


def test_identical_copies_say_nothing(tmp_path):
    rows = [r[:4] + [r[1]] for r in ROWS]
    assert not _notes(load_voters(write_csv(tmp_path / "dpt.csv", [HEAD] + rows)))


def test_a_repeated_column_that_is_not_identifying_says_nothing(tmp_path):
    head = ["NO", "NIK", "NAMA", "TANGGAL LAHIR", "KET", "KET"]
    rows = [r[:4] + ["B", "U"] for r in ROWS]
    assert not _notes(load_voters(write_csv(tmp_path / "dpt.csv", [head] + rows)))


def test_the_warning_in_both_languages(tmp_path):
    path = write_csv(tmp_path / "dpt.csv", [HEAD] + ROWS)
    assert "ada dua kolom 'NIK'" in run_cli("inspect", path, "--lang", "id").stderr
    assert "two columns are named 'NIK'" in run_cli("inspect", path, "--lang", "en").stderr

