from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dptclean import schema
from dptclean.errors import ConfigError
from dptclean.normalize import NORMALIZED_COLUMNS, normalize_voters

STRING = pd.StringDtype("pyarrow")
REF = date(2024, 2, 14)


def frame(**columns) -> pd.DataFrame:
    return pd.DataFrame({k: pd.Series(v, dtype=STRING) for k, v in columns.items()})


def test_adds_every_column_and_keeps_the_input():
    df = frame(nik=["3320017112800001", None], nama=["H. MOCH. SOEPARNO, S.PD", "SITI"],
               tanggal_lahir=["31-12-1980", "1985-03-12"], jenis_kelamin=["L", "P"],
               keterangan=["B", "TMS 1"], rt=["1", "02"], source_file=["a.csv", "a.csv"])
    df.index = [7, 3]
    before = df.copy()
    out = normalize_voters(df, election_date=REF)
    pd.testing.assert_frame_equal(df, before)                 # the input is not touched
    assert list(out.columns[: len(df.columns)]) == list(df.columns)
    pd.testing.assert_frame_equal(out[list(df.columns)], df)
    assert all(c in out.columns for c in NORMALIZED_COLUMNS)
    assert list(out.index) == [7, 3]
    row = out.loc[7]
    assert row[schema.NAMA_NORM] == "MOCH SOEPARNO"
    assert row[schema.NAMA_KEY] == "MUHAMAD SUPARNO"
    assert row[schema.TANGGAL_LAHIR_STATUS] == "placeholder"
    assert row[schema.NIK_JENIS_KELAMIN] == "P"
    assert row[schema.RT_NORM] == "001"
    assert out.loc[3, schema.NIK_STATUS] == "missing"
    assert out[schema.TMS].tolist() == [False, True]


def test_missing_columns_give_null_columns():
    out = normalize_voters(frame(nama=["A", "B"]), election_date=REF)
    assert out[schema.NIK_STATUS].tolist() == ["missing", "missing"]
    assert out[schema.TANGGAL_LAHIR_STATUS].tolist() == ["missing", "missing"]
    assert out[schema.JENIS_KELAMIN_NORM].isna().all()
    assert out[schema.TMS].tolist() == [False, False]


def test_empty_frame():
    out = normalize_voters(frame(nama=[]), election_date=REF)
    assert len(out) == 0 and all(c in out.columns for c in NORMALIZED_COLUMNS)


def test_date_order_is_decided_per_source_file_and_sheet():
    df = frame(nama=["A", "B", "C", "D"],
               tanggal_lahir=["03-04-1980", "25-12-1970", "03-04-1980", "12-25-1970"],
               source_file=["a.xlsx", "a.xlsx", "a.xlsx", "a.xlsx"],
               sheet=["DMY", "DMY", "MDY", "MDY"])
    out = normalize_voters(df, election_date=REF)
    assert out[schema.TANGGAL_LAHIR_NORM].tolist() == [
        "1980-04-03", "1970-12-25", "1980-03-04", "1970-12-25"]


def test_reader_damage_notes_are_used():
    df = frame(nama=["A"], nik=["3320014107800000"])
    df[schema.NIK_DIGITS_KNOWN] = pd.array([15], dtype="Int8")
    out = normalize_voters(df, election_date=REF)
    assert out[schema.NIK_STATUS].tolist() == ["number_damaged"]


def test_rerun_replaces_derived_columns():
    df = frame(nama=["H. ALI"])
    once = normalize_voters(df, election_date=REF)
    twice = normalize_voters(once, election_date=REF)
    assert list(twice.columns) == list(once.columns)
    pd.testing.assert_frame_equal(once, twice)


def test_bad_options():
    with pytest.raises(ConfigError):
        normalize_voters(frame(nama=["A"]), date_order="dym")
    with pytest.raises(ConfigError):
        normalize_voters(frame(nama=["A"]), election_date="2024-02-14")  # type: ignore[arg-type]


def test_object_and_float_columns_are_accepted():
    df = pd.DataFrame({"nama": ["ALI", None], "rt": [1.0, None], "tps": [3, 4]})
    out = normalize_voters(df, election_date=REF)
    assert out[schema.RT_NORM].tolist()[0] == "001"
    assert out[schema.TPS_NORM].tolist() == ["003", "004"]


def test_progress_is_reported():
    seen = []
    normalize_voters(frame(nama=["A"]), election_date=REF,
                     progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert seen[0][1] == 0 and seen[-1][1] == seen[-1][2]
    assert all(stage.startswith("normalizing") for stage, _, _ in seen)
