"""split: one work file per area, nothing lost, groups never cut."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dptclean import schema
from dptclean.errors import ConfigError, OutputError, SchemaError
from dptclean.split import plan_split, safe_stem, write_split


def frame(rows):
    return pd.DataFrame(rows, columns=[schema.NAMA, schema.KECAMATAN, schema.KELURAHAN,
                                       schema.TPS, schema.SOURCE_FILE, schema.ROW])


ROWS = [
    ["A", "WELAHAN", "BUGO", "1", "dpt.xlsx", 8],
    ["B", "welahan ", "BUGO", "001", "dpt.xlsx", 9],
    ["C", "WELAHAN", "KALIPUCANG", "002", "dpt.xlsx", 10],
    ["D", "MAYONG", "BUGO", "001", "dpt.xlsx", 11],       # another kecamatan's BUGO
    ["E", None, "BUGO", "001", "dpt.xlsx", 12],           # area missing
    ["F", "  ", "PELEMKEREP", "003", "dpt.xlsx", 13],     # blank is missing too
    ["G", "MAYONG", "PELEMKEREP", None, "dpt.xlsx", 14],  # TPS missing
]


@pytest.mark.parametrize("by,files", [
    ("kecamatan", {"_missing_kecamatan": ["E", "F"], "MAYONG": ["D", "G"],
                   "WELAHAN": ["A", "B", "C"]}),
    ("kelurahan", {"_missing_kelurahan": ["E", "F"], "MAYONG-BUGO": ["D"],
                   "MAYONG-PELEMKEREP": ["G"], "WELAHAN-BUGO": ["A", "B"],
                   "WELAHAN-KALIPUCANG": ["C"]}),
    ("tps", {"_missing_tps": ["E", "F", "G"], "MAYONG-BUGO-001": ["D"],
             "WELAHAN-BUGO-001": ["A", "B"], "WELAHAN-KALIPUCANG-002": ["C"]}),
])
def test_every_row_goes_to_exactly_one_area(by, files):
    f = frame(ROWS)
    parts = plan_split(f, by)
    got = {p.stem: f[schema.NAMA].iloc[p.rows].tolist() for p in parts}
    assert got == files
    assert sum(len(p.rows) for p in parts) == len(f)
    assert parts[0].missing and parts[0].stem.startswith("_missing_")


def test_safe_stems_and_collisions():
    assert safe_stem("KALIPUCANG / WETAN") == "KALIPUCANG_WETAN"
    assert safe_stem("../../etc") == "ETC"
    assert safe_stem("Désa Ñ") == "DESA_N"
    assert safe_stem("***") == "_"
    f = frame([["A", "KEC/1", "X", "1", "f", 1], ["B", "KEC 1", "X", "1", "f", 2],
               ["C", "index", "X", "1", "f", 3]])
    stems = [p.stem for p in plan_split(f, "kecamatan")]
    assert len(set(s.lower() for s in stems)) == 3
    assert "index" not in [s.lower() for s in stems]     # the index file keeps its name
    assert sorted(stems)[:2] == ["INDEX_2", "KEC_1"]


def test_unknown_level_and_missing_column():
    with pytest.raises(ConfigError):
        plan_split(frame(ROWS), "desa")
    with pytest.raises(SchemaError):  # an input problem (exit 3), not a usage one
        plan_split(pd.DataFrame({schema.NAMA: ["A"]}), "kecamatan")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_write_split_keeps_every_row_and_the_provenance(tmp_path, fmt):
    f = frame(ROWS)
    index = write_split(f, "kelurahan", tmp_path / "out", fmt=fmt)
    assert index["records"].sum() == len(f)
    assert set(index["file"]) == {p.name for p in (tmp_path / "out").iterdir()} - {
        f"index.{fmt}", ".dptclean-split.json"}
    read = pd.read_csv if fmt == "csv" else pd.read_excel
    if fmt == "xlsx":
        pytest.importorskip("openpyxl")
    back = pd.concat([read(tmp_path / "out" / name, dtype=str) for name in index["file"]])
    assert sorted(back[schema.NAMA]) == sorted(f[schema.NAMA])
    assert set(back.columns) >= {schema.SOURCE_FILE, schema.ROW}
    assert sorted(back[schema.ROW].astype(int)) == list(range(8, 15))
    saved = read(tmp_path / "out" / f"index.{fmt}")
    assert saved["records"].sum() == len(f)


def test_synthetic_list_rows_add_up(tmp_path):
    from dptclean.synth import generate

    dpt = generate(1200, seed=8).dpt.reset_index(drop=True)
    dpt.loc[dpt.index[::97], schema.KELURAHAN] = None
    index = write_split(dpt, "tps", tmp_path, fmt="csv")
    assert index["records"].sum() == len(dpt)
    missing = index[index["file"] == "_missing_tps.csv"]["records"].iloc[0]
    assert missing == len(dpt.index[::97])
    total = sum(len(pd.read_csv(tmp_path / name, dtype=str)) for name in index["file"])
    assert total == len(dpt)


def test_groups_are_never_cut_and_shared_groups_are_counted(tmp_path):
    g = pd.DataFrame({
        "group_id": ["1", "1", "2", "2", "3", "3"],
        schema.NAMA: ["A", "A2", "B", "B2", "C", "C2"],
        schema.KECAMATAN: ["WELAHAN", "MAYONG", "WELAHAN", "WELAHAN", None, None],
        schema.KELURAHAN: ["BUGO", "PELEMKEREP", "BUGO", "BUGO", "X", "X"],
    })
    parts = {p.stem: g[schema.NAMA].iloc[p.rows].tolist()
             for p in plan_split(g, "kecamatan", group_column="group_id")}
    assert parts == {"_missing_kecamatan": ["C", "C2"], "MAYONG": ["A", "A2"],
                     "WELAHAN": ["A", "A2", "B", "B2"]}
    index = write_split(g, "kecamatan", tmp_path, fmt="csv", group_column="group_id")
    row = index.set_index("file").loc["WELAHAN.csv"]
    assert (row["records"], row["groups"], row["shared_groups"]) == (4, 2, 1)


def test_output_must_be_a_directory_and_never_an_input(tmp_path):
    f = frame(ROWS)
    target = tmp_path / "file.txt"
    target.write_text("x")
    with pytest.raises(OutputError):
        write_split(f, "kecamatan", target)
    out = tmp_path / "out"
    out.mkdir()
    src = out / "WELAHAN.csv"
    src.write_text("x")
    with pytest.raises(OutputError):
        write_split(f, "kecamatan", out, fmt="csv", inputs=[str(src)])
    assert src.read_text() == "x"
    assert sorted(p.name for p in out.iterdir()) == ["WELAHAN.csv"]  # nothing half written


import re  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_AREA = st.one_of(st.none(), st.sampled_from(["", " ", "WELAHAN", "welahan", "KEC/1", "KEC 1",
                                              "Désa", "index", "../x"]), st.text(max_size=6))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_AREA, _AREA, _AREA), max_size=40),
       st.sampled_from(["kecamatan", "kelurahan", "tps"]))
def test_property_every_row_in_exactly_one_file_with_unique_names(areas, by):
    f = pd.DataFrame(areas, columns=[schema.KECAMATAN, schema.KELURAHAN, schema.TPS])
    parts = plan_split(f, by)
    rows = np.concatenate([p.rows for p in parts]) if parts else np.zeros(0, int)
    assert sorted(rows.tolist()) == list(range(len(f)))
    stems = [p.stem.lower() for p in parts]
    assert len(set(stems)) == len(stems) and "index" not in stems
    assert all(p.stem == "_missing_" + by or re.fullmatch(r"[A-Z0-9_-]+", p.stem)
               for p in parts)
