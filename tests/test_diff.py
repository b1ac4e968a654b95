"""diff_voters: pairing two versions of a list by NIK (then fuzzily) and what changed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dptclean import read_voters
from dptclean.diff import details_table, diff_voters
from tests.builders import KPU_HEADER, voter, write_csv


def load(tmp_path, name, rows):
    return read_voters(write_csv(tmp_path / name, [KPU_HEADER, *rows]))


def col(name):
    return KPU_HEADER.index(name)


def test_identical_lists_have_no_differences(tmp_path):
    rows = [voter(i) for i in range(6)]
    res = diff_voters(load(tmp_path, "a.csv", rows), load(tmp_path, "b.csv", rows))
    s = res.summary
    assert (s["added"], s["removed"], s["changed"], s["unchanged"]) == (0, 0, 0, 6)
    assert s["matched_by"] == {"nik": 6, "fuzzy": 0}
    assert s["changed_fields"] == {}


def test_formatting_noise_is_not_a_change(tmp_path):
    old = [voter(i) for i in range(4)]
    new = [list(r) for r in old]
    v = new[0]
    d, m, y = v[col("TANGGAL LAHIR")].split("-")
    v[col("TANGGAL LAHIR")] = f"{y}-{m}-{d}"         # ISO instead of dd-mm-yyyy
    v[col("RT")] = str(int(v[col("RT")]))             # "1" instead of "001"
    v[col("NAMA")] = "  " + v[col("NAMA")].lower()   # case and spaces
    v[col("ALAMAT")] = v[col("ALAMAT")].lower().replace(" ", "   ")
    v[col("JENIS KELAMIN")] = "LAKI-LAKI" if v[col("JENIS KELAMIN")] == "L" else "PEREMPUAN"
    res = diff_voters(load(tmp_path, "a.csv", old), load(tmp_path, "b.csv", new))
    assert res.summary["changed"] == 0, res.records
    assert res.summary["unchanged"] == 4


def test_added_removed_and_changed_fields(tmp_path):
    old = [voter(i) for i in range(6)]
    new = [list(r) for r in old[1:]] + [voter(40)]   # voter 0 removed, voter 40 added
    new[0][col("ALAMAT")] = "DUKUH BARU"              # voter 1 moved within the desa
    new[1][col("TPS")] = "002"                        # voter 2 moved to another TPS
    new[1][col("STATUS PERKAWINAN")] = "B"
    res = diff_voters(load(tmp_path, "a.csv", old), load(tmp_path, "b.csv", new))
    s = res.summary
    assert (s["added"], s["removed"], s["changed"], s["unchanged"]) == (1, 1, 2, 3)
    assert s["changed_fields"] == {"alamat": 1, "tps": 1, "status_kawin": 1}
    changed = res.records[res.records["status"] == "changed"]
    assert changed["changed_fields"].tolist() == ["alamat", "status_kawin, tps"]
    assert set(changed["matched_by"]) == {"nik"}
    removed = res.records[res.records["status"] == "removed"]
    assert removed["old_record"].tolist() == [0] and removed["new_record"].tolist() == [-1]


@pytest.mark.parametrize("damage", ["missing", "excel", "masked", "typo"])
def test_damaged_nik_is_paired_by_the_matcher(tmp_path, damage):
    old = [voter(i) for i in range(6)]
    new = [list(r) for r in old]
    nik = new[3][col("NIK")]
    new[3][col("NIK")] = {"missing": None, "excel": float(nik[:15] + "0"),
                          "masked": nik[:12] + "****",
                          "typo": nik[:6] + "00" + nik[8:]}[damage]
    res = diff_voters(load(tmp_path, "a.csv", old), load(tmp_path, "b.csv", new))
    rec = res.records[res.records["old_record"] == 3].iloc[0]
    assert rec["new_record"] == 3
    assert rec["matched_by"] == "fuzzy"
    assert res.summary["matched_by"] == {"nik": 5, "fuzzy": 1}
    assert res.summary["added"] == res.summary["removed"] == 0
    # masked digits and the 0 of an Excel-rounded NIK are no change of NIK
    expect = "" if damage in ("masked", "excel") else "nik"
    assert rec["changed_fields"] == expect


def test_without_the_fuzzy_fallback_a_lost_nik_is_removed_and_added(tmp_path):
    old = [voter(i) for i in range(3)]
    new = [list(r) for r in old]
    new[1][col("NIK")] = None
    res = diff_voters(load(tmp_path, "a.csv", old), load(tmp_path, "b.csv", new), fuzzy=False)
    assert (res.summary["added"], res.summary["removed"]) == (1, 1)
    assert res.summary["fuzzy"]["method"] == "off"


def test_a_nik_repeated_in_one_dump_is_paired_one_to_one_and_reported(tmp_path):
    old = [voter(i) for i in range(4)]
    twin = list(old[2])
    twin[col("NAMA")] = "NAMA LAIN SEKALI"
    twin[col("TANGGAL LAHIR")] = "05-05-1955"
    old.append(twin)                                   # NIK of voter 2 twice in OLD
    new = [list(r) for r in old[:4]]                   # NEW keeps only voter 2 itself
    res = diff_voters(load(tmp_path, "a.csv", old), load(tmp_path, "b.csv", new))
    s = res.summary
    assert s["duplicate_nik"]["old"] == {"niks": 1, "records": 2}
    assert s["duplicate_nik"]["new"] == {"niks": 0, "records": 0}
    assert (s["removed"], s["unchanged"], s["changed"]) == (1, 4, 0)
    # the record whose name and birth date agree is the one paired
    removed = res.records[res.records["status"] == "removed"]
    assert removed["old_record"].tolist() == [4]


def test_details_mask_personal_data_unless_asked(tmp_path):
    old = [voter(i) for i in range(3)]
    new = [list(r) for r in old]
    new[0][col("TANGGAL LAHIR")] = "09-09-1999"
    new[0][col("NKK")] = "3320019999999999"
    res = diff_voters(load(tmp_path, "a.csv", old), load(tmp_path, "b.csv", new))
    masked = details_table(res)
    assert len(masked) == 1
    row = masked.iloc[0]
    assert row["status"] == "changed" and row["new_row"] == 2 and row["old_row"] == 2
    assert old[0][col("NIK")] not in row.to_string()
    assert "nkk changed" in row["changes"]
    assert "tanggal_lahir: **-**-" in row["changes"] and "1999-09-09" not in row["changes"]
    full = details_table(res, show_nik=True).iloc[0]
    assert full["nik"] == old[0][col("NIK")]
    assert "-> 1999-09-09" in full["changes"]
    assert len(details_table(res, include_unchanged=True)) == 3


def test_synthetic_versions_are_counted_exactly():
    from dptclean.synth import generate

    base = generate(1500, seed=21).dpt.reset_index(drop=True)
    others = generate(300, seed=99, ).dpt.reset_index(drop=True)
    rng = np.random.default_rng(5)
    gone = rng.choice(len(base), 20, replace=False)
    new = base.drop(index=gone)
    new = pd.concat([new, others.iloc[:15]], ignore_index=True)
    new = new.iloc[rng.permutation(len(new))].reset_index(drop=True)
    moved = new.index[:10]
    new.loc[moved, "alamat"] = "DUKUH PINDAHAN"
    res = diff_voters(base, new)
    s = res.summary
    assert s["removed"] == 20 and s["added"] == 15
    assert s["changed"] == 10 and s["changed_fields"] == {"alamat": 10}
    assert s["added"] + s["changed"] + s["unchanged"] == len(new)
    assert s["removed"] + s["changed"] + s["unchanged"] == len(base)
