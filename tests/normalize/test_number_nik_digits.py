"""A NIK that Excel turned into 3.32001E+15 and saved as a number cell (3320010000000000) keeps
six real digits, not the fifteen every number cell is noted with: two different people whose
NIKs Excel rounded to the same number must not be "the same NIK in the first 15 digits"."""

from __future__ import annotations

import pandas as pd

from dptclean import find_duplicates, normalize_voters, read_voters
from tests.builders import nik, write_xlsx

HEADER = ["NO", "NIK", "NAMA", "TEMPAT LAHIR", "TANGGAL LAHIR", "JENIS KELAMIN", "ALAMAT",
          "TPS", "KELURAHAN"]
_FIRST = ["SRI", "NUR", "DEWI", "RINA", "ANI", "YANTI", "TUTIK", "WATI", "ENDANG", "LILIK"]
_LAST = ["RAHAYU", "HIDAYAH", "LESTARI", "WAHYUNI", "SUSANTI", "PURWANTI", "MULYANI", "ASIH"]


def _list(tmp_path, rounded):
    rows: list[list[object]] = [HEADER]
    for i in range(120):  # people with complete NIKs, so that the list has something to learn
        day, month, year = 1 + i % 28, 1 + i % 12, 50 + i % 45
        rows.append([i + 1, nik(i, female=True), f"{_FIRST[i % 10]} {_LAST[i % 8]}", "JEPARA",
                     f"{day:02d}-{month:02d}-19{year}", "P", f"DUKUH {i % 7}",
                     f"{1 + i % 20:03d}", ["BUGO", "GEDANGAN", "KALIPUCANG"][i % 3]])
    # two women with a common name born on a placeholder date in two villages: their NIKs
    # (3320014107700001 and 3320014107700002) were shown as 3.32001E+15 and saved
    for k, (desa, tps) in enumerate((("BUGO", "001"), ("GEDANGAN", "007"))):
        rows.append([200 + k, rounded, "SITI AMINAH", "JEPARA", "01-07-1970", "P",
                     f"DUKUH {desa}", tps, desa])
    return write_xlsx(tmp_path / "dpt.xlsx", {"DPT": rows})


def test_number_cell_rounded_to_six_digits_keeps_six(tmp_path):
    norm = normalize_voters(read_voters([_list(tmp_path, 3320010000000000)]))
    damaged = norm[norm["nama"] == "SITI AMINAH"]
    assert damaged["nik_status"].tolist() == ["number_damaged"] * 2
    assert damaged["nik_digits_known"].tolist() == [6, 6]
    # untouched elsewhere: complete NIKs have no note
    assert norm["nik_digits_known"].isna().sum() == len(norm) - 2


def test_number_cell_rounded_to_six_digits_is_not_a_sure_duplicate(tmp_path):
    for rounded in (3320010000000000, "3.32001E+15"):  # the number cell, and its text
        norm = normalize_voters(read_voters([_list(tmp_path, rounded)]))
        groups = find_duplicates(norm).groups
        sure = groups[groups["confidence"] == "sure"] if len(groups) else groups
        records = set(norm.index[norm["nama"] == "SITI AMINAH"])
        assert not records & set(pd.to_numeric(sure["record"]).tolist() if len(sure) else []), \
            rounded


def test_fifteen_real_digits_stay_fifteen(tmp_path):
    # a NIK whose 16th digit Excel lost keeps its 15 (its date is possible)
    norm = normalize_voters(read_voters([_list(tmp_path, 3320014107700000)]))
    assert norm[norm["nama"] == "SITI AMINAH"]["nik_digits_known"].tolist() == [15, 15]
