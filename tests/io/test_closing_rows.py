"""Closing rows under a list (a KPU form's signature block, counts without the word JUMLAH,
notes) are not voters: they hold no record number, NIK, NKK, birth date or sex code, which the
last voter row holds at least one of. Read as voters they raised the DPT count and showed up in
the report under TPS "?"."""

from __future__ import annotations

import pytest

from dptclean import load_voters
from tests.builders import KPU_HEADER, kpu_sheet, voter, write_csv, write_xlsx

_CLOSINGS = {
    "signature block": [
        [None] * 9 + ["Jepara, 12 Desember 2023"],
        [None] * 9 + ["KETUA PPS"],
        [None, None, None, "Mengetahui,", None, None, None, None, None, "SEKRETARIS PPS"],
        [None, None, None, "( SUPARNO )", None, None, None, None, None, "( SUPARMI )"],
    ],
    "counts without JUMLAH": [["Laki-laki", 2], ["Perempuan", 1]],
    "counts in the name column": [[None, None, None, "Laki-laki : 2"],
                                  [None, None, None, "L = 2", None, None, None, None, "P = 1"]],
    "a note": [[None, None, None, "Catatan: NIK ganda sudah dicoret"]],
}


@pytest.mark.parametrize("closing", list(_CLOSINGS))
def test_closing_rows_are_not_voters(tmp_path, closing):
    rows = kpu_sheet([voter(i) for i in range(3)], footer=False)
    rows += [[]] + _CLOSINGS[closing]
    result = load_voters(write_xlsx(tmp_path / "dpt.xlsx", {"TPS 001": rows}))
    assert len(result.frame) == 3
    assert result.frame["nama"].tolist() == [voter(i)[3] for i in range(3)]
    skipped = result.sheets[0].skipped
    # (a row of one cell was left out already as a lone note)
    assert skipped.get("footer", 0) + skipped.get("text_only", 0) == len(_CLOSINGS[closing])
    assert skipped.get("footer", 0) >= 1


def test_closing_rows_of_a_csv(tmp_path):
    rows = [KPU_HEADER] + [voter(i) for i in range(3)] + [["Mengetahui,"],
                                                          ["", "", "", "( SUPARNO )"]]
    result = load_voters(write_csv(tmp_path / "dpt.csv", rows))
    assert len(result.frame) == 3


def test_a_last_voter_without_nik_is_still_a_voter(tmp_path):
    # a record number, a birth date or a sex code is enough to be a voter row
    last = [voter(3, NIK=None, NKK=None), voter(4, NIK=None, NKK=None, NO=None),
            voter(5, NIK=None, NKK=None, NO=None, TANGGAL_LAHIR=None)]
    rows = kpu_sheet([voter(i) for i in range(3)] + last, footer=False)
    result = load_voters(write_xlsx(tmp_path / "dpt.xlsx", {"S": rows}))
    assert len(result.frame) == 6


def test_a_long_stretch_of_bare_names_stays_records(tmp_path):
    # more rows than a closing block has: damaged records, kept (and reported by validate)
    bare = [[None, None, None, f"NAMA {i}"] for i in range(25)]
    rows = kpu_sheet([voter(i) for i in range(3)], footer=False) + bare
    result = load_voters(write_xlsx(tmp_path / "dpt.xlsx", {"S": rows}))
    assert len(result.frame) == 28


def test_a_list_of_names_only_is_read(tmp_path):
    # nothing identifies any row: nothing to tell records from closing rows, all are read
    rows = [["NO", "NIK", "NAMA", "ALAMAT"]] + [[None, None, f"NAMA {i}", "DUKUH"]
                                                for i in range(3)]
    result = load_voters(write_csv(tmp_path / "dpt.csv", rows))
    assert len(result.frame) == 3
