"""write_partitioned: a Hive-partitioned Parquet dataset, written atomically."""

from __future__ import annotations

import os

import pandas as pd
import pyarrow.dataset as ds
import pytest

from dptclean.errors import ConfigError, OutputError
from dptclean.io.dataset import write_partitioned


def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "provinsi": ["JAWA TENGAH", "JAWA TENGAH", "ACEH", None, "JAWA TENGAH"],
        "kabupaten": ["JEPARA", "KUDUS", "ACEH BESAR", "X", "JEPARA"],
        "nama": ["A", "B", "C", "D", "E"],
        "row": pd.array([1, 2, 3, 4, 5], dtype="Int64"),
    }).astype({"provinsi": "string", "kabupaten": "string", "nama": "string"})


def test_partitions_by_province_and_regency(tmp_path):
    out = tmp_path / "dpt"
    files = write_partitioned(_frame(), out)
    assert "JAWA TENGAH/JEPARA/part-0.parquet" in files
    assert "(tidak diketahui)/X/part-0.parquet" in files
    back = ds.dataset(out, format="parquet").to_table().to_pandas()
    assert len(back) == 5
    # every column is in the files, with its type; a missing province stays missing
    assert back["provinsi"].isna().sum() == 1
    assert str(back["row"].dtype) == "Int64"
    jepara = back[back["kabupaten"] == "JEPARA"]
    assert jepara["nama"].tolist() == ["A", "E"]  # order kept inside a partition
    assert set(back["nama"]) == set("ABCDE")
    # nothing left beside the dataset
    assert [p.name for p in tmp_path.iterdir()] == ["dpt"]


def test_big_partitions_are_split_and_dask_reads_one_task_per_file(tmp_path):
    dd = pytest.importorskip("dask.dataframe")
    frame = pd.concat([_frame()] * 3, ignore_index=True)
    files = write_partitioned(frame, tmp_path / "dpt", max_rows_per_file=2)
    assert len(files) > 4
    ddf = dd.read_parquet(str(tmp_path / "dpt"))
    assert ddf.npartitions == len(files)
    assert len(ddf.compute()) == 15


def test_path_separators_do_not_make_directories(tmp_path):
    frame = _frame()
    frame.loc[0, "kabupaten"] = "../KAB/KOTA"
    files = write_partitioned(frame, tmp_path / "dpt")
    assert "JAWA TENGAH/..-KAB-KOTA/part-0.parquet" in files
    assert all(not f.startswith("..") for f in files)


def test_refuses_existing_target_and_unknown_column(tmp_path):
    out = tmp_path / "dpt"
    write_partitioned(_frame(), out)
    with pytest.raises(OutputError):
        write_partitioned(_frame(), out)
    with pytest.raises(ConfigError):
        write_partitioned(_frame(), tmp_path / "other", by=("kecamatan",))
    assert not (tmp_path / "other").exists()
    # overwrite replaces the whole dataset
    write_partitioned(_frame().iloc[:1], out, overwrite=True)
    back = ds.dataset(out, format="parquet").to_table()
    assert back.num_rows == 1
    assert sorted(os.listdir(tmp_path)) == ["dpt"]
