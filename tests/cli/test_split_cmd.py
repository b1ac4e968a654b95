"""dptclean split through the CLI: work files per area, index, groups mode."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.builders import KPU_HEADER, voter, write_csv
from tests.builders import run_cli as run

HEADER = [*KPU_HEADER, "KECAMATAN", "DESA"]


@pytest.fixture
def dpt(tmp_path):
    areas = [("WELAHAN", "BUGO"), ("WELAHAN", "BUGO"), ("WELAHAN", "SIDIGEDE"),
             ("MAYONG", "PELEMKEREP"), (None, None)]
    rows = [voter(i) + list(areas[i % len(areas)]) for i in range(12)]
    return write_csv(tmp_path / "dpt.csv", [HEADER, *rows])


def test_split_by_kelurahan_writes_work_files_and_an_index(dpt, tmp_path):
    out = tmp_path / "kerja"
    res = run("split", dpt, "--by", "kelurahan", "-o", out, "--file-format", "csv")
    assert res.exit_code == 0, res.output
    names = sorted(p.name for p in out.iterdir() if p.name != ".dptclean-split.json")
    assert names == ["MAYONG-PELEMKEREP.csv", "WELAHAN-BUGO.csv", "WELAHAN-SIDIGEDE.csv",
                     "_missing_kelurahan.csv", "index.csv"]
    index = pd.read_csv(out / "index.csv")
    assert index["records"].sum() == 12
    bugo = pd.read_csv(out / "WELAHAN-BUGO.csv", dtype=str)
    assert len(bugo) == 6
    assert {"source_file", "sheet", "row", "record_no"} <= set(bugo.columns)
    assert bugo["row"].astype(int).tolist() == [2, 3, 7, 8, 12, 13]
    assert "12 rows written from 12 input rows" in res.stdout


def test_split_to_xlsx_by_default(dpt, tmp_path):
    res = run("split", dpt, "--by", "kecamatan", "-o", tmp_path / "x", "-q")
    assert res.exit_code == 0, res.output
    assert res.stdout == ""
    assert sorted(p.name for p in (tmp_path / "x").iterdir()
                  if p.name != ".dptclean-split.json") == [
        "MAYONG.xlsx", "WELAHAN.xlsx", "_missing_kecamatan.xlsx", "index.xlsx"]


def test_split_a_dedupe_groups_output(tmp_path):
    from dptclean.synth import generate

    data = generate(1500, seed=4).dpt
    src = tmp_path / "dpt.csv"
    data.to_csv(src, index=False)
    groups = tmp_path / "groups.csv"
    res = run("dedupe", src, "-o", groups, "-q")
    assert res.exit_code == 0, res.output
    g = pd.read_csv(groups, dtype=str)
    assert len(g) > 0
    out = tmp_path / "per_kecamatan"
    # --format: the old name of --file-format still works
    res = run("split", groups, "--groups", "--by", "kecamatan", "-o", out, "--format", "csv")
    assert res.exit_code == 0, res.output
    index = pd.read_csv(out / "index.csv")
    assert {"groups", "shared_groups"} <= set(index.columns)
    seen = pd.concat([pd.read_csv(out / f, dtype=str) for f in index["file"]])
    # every record of every group is in some file, and each file holds whole groups
    assert set(seen["group_id"]) == set(g["group_id"])
    size = g.groupby("group_id").size()
    for f in index["file"]:
        part = pd.read_csv(out / f, dtype=str)
        got = part.groupby("group_id").size()
        assert got.to_dict() == size[got.index].to_dict()


def test_bad_by_and_unwritable_output(dpt, tmp_path):
    res = run("split", dpt, "--by", "desa", "-o", tmp_path / "x")
    assert res.exit_code == 2
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    res = run("split", dpt, "--by", "kecamatan", "-o", blocker)
    assert res.exit_code in (2, 4), res.output
    assert "Traceback" not in res.output


def test_input_without_the_area_column_is_an_input_error(tmp_path):
    plain = write_csv(tmp_path / "plain.csv", [KPU_HEADER, *[voter(i) for i in range(4)]])
    out = tmp_path / "kerja"
    res = run("split", plain, "--by", "kecamatan", "-o", out)
    assert res.exit_code == 3, res.output
    assert "no kecamatan column" in res.output
    assert "Traceback" not in res.output
    assert not out.exists()


def test_area_names_windows_refuses_get_another_stem():
    """A kecamatan or desa called CON, NUL, AUX, COM1 ... cannot be a file name on Windows
    (whatever the extension); found by the persona3 attacker pass."""
    from dptclean.split import safe_stem

    assert safe_stem("con") == "CON_" and safe_stem("Nul") == "NUL_" and safe_stem("COM1") == "COM1_"
    assert safe_stem("CONDONG") == "CONDONG" and safe_stem("../../PWNED") == "PWNED"
