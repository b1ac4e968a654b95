"""Parquet input, including a file written from read_voters output (provenance kept)."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dptclean import load_voters, read_voters
from tests.builders import kpu_sheet, voter, write_xlsx
from tests.io.helpers import values


def test_plain_parquet_with_typed_columns(tmp_path):
    table = pa.table({
        "NIK": pa.array([3320011411430000.0, None], pa.float64()),  # a damaged NIK as float
        "NAMA": ["SITI", "AGUS"],
        "TGL_LHR": pa.array([pd.Timestamp("1990-01-31"), pd.Timestamp("1985-12-31")]),
        "RT": pa.array([1, 12], pa.int64()),
        "NKK": ["0320010101010001", "3320010101010002"],
    })
    path = tmp_path / "dpt.parquet"
    pq.write_table(table, path)
    result = load_voters(path)
    s = result.sheets[0]
    assert s.header_row is not None
    assert s.skipped == {}
    df = result.frame
    assert values(df, "nik", "nama", "tanggal_lahir", "rt", "nkk") == [
        ["3320011411430000", "SITI", "1990-01-31", "1", "0320010101010001"],
        [None, "AGUS", "1985-12-31", "12", "3320010101010002"]]
    assert values(df, "nik_digits_known") == [15, None]
    assert df["row"].tolist() == [1, 2]


def test_parquet_written_from_read_voters_keeps_provenance(tmp_path):
    src = write_xlsx(tmp_path / "dpk_welahan.xlsx", {
        "BUGO": kpu_sheet([voter(0, NIK=3320011411430000), voter(1)], desa="BUGO",
                          title="DAFTAR PEMILIH KHUSUS"),
        "GEDANGAN": kpu_sheet([voter(2)], desa="GEDANGAN", title="DAFTAR PEMILIH KHUSUS"),
    }, first_row=2)
    original = read_voters(src)
    assert original["list"].tolist() == ["DPK"] * 3
    out = tmp_path / "out.parquet"
    original.to_parquet(out)

    again_result = load_voters(out)
    assert again_result.sheets[0].list_name == "DPK"
    again = again_result.frame
    cols = ["list", "nik", "nama", "kelurahan", "kecamatan", "nik_digits_known",
            "source_file", "sheet", "row", "record_no"]
    assert values(again, *cols) == values(original, *cols)
    assert list(again.columns) == list(original.columns)
    assert again.dtypes.to_dict() == original.dtypes.to_dict()


def test_normalised_columns_of_a_saved_file_are_not_taken_as_computed(tmp_path):
    from dptclean.normalize import NORMALIZED_COLUMNS, normalize_voters

    path = write_xlsx(tmp_path / "dpt.xlsx", {"S": kpu_sheet([voter(i) for i in range(3)])})
    saved = tmp_path / "normalized.parquet"
    normalize_voters(read_voters(path)).to_parquet(saved)
    again = read_voters(saved)
    assert not set(NORMALIZED_COLUMNS) & set(again.columns)
    assert again["tms_"].tolist() == ["false"] * 3
