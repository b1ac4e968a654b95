"""dptclean diff through the CLI: summary, JSON, details file, limits, masking, errors."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.builders import KPU_HEADER, kpu_sheet, voter, write_csv, write_xlsx
from tests.builders import run_cli as run

C = {h: i for i, h in enumerate(KPU_HEADER)}


@pytest.fixture
def dumps(tmp_path):
    old = [voter(i) for i in range(10)]
    new = [list(r) for r in old[2:]] + [voter(50)]      # 0, 1 removed; 50 added
    new[0][C["ALAMAT"]] = "DUKUH BARU"                   # voter 2 changed
    # OLD a CSV with location columns, NEW a KPU workbook giving them in title rows
    where = ["WELAHAN", "KEDUNGSARIMULYO"]
    a = write_csv(tmp_path / "old.csv",
                  [[*KPU_HEADER, "KECAMATAN", "DESA"], *[r + where for r in old]])
    b = write_xlsx(tmp_path / "new.xlsx", {"DESA": kpu_sheet(new)})
    return a, b


def test_json_summary(dumps):
    a, b = dumps
    res = run("diff", a, b, "--format", "json")
    assert res.exit_code == 0, res.output
    rep = json.loads(res.stdout)
    assert {k: rep[k] for k in ("added", "removed", "changed", "unchanged")} == \
        {"added": 1, "removed": 2, "changed": 1, "unchanged": 7}
    assert rep["changed_fields"] == {"alamat": 1}
    assert rep["matched_by"] == {"nik": 8, "fuzzy": 0}
    assert rep["old"]["records"] == 10 and rep["new"]["records"] == 9
    assert len(rep["old"]["sha256"]) == 64 and rep["old"]["path"] == str(a)
    assert rep["failed"] == []


def test_table_summary_on_stdout(dumps):
    a, b = dumps
    res = run("diff", a, b)
    assert res.exit_code == 0, res.output
    for word in ("added", "removed", "changed", "unchanged", "alamat 1"):
        assert word in res.stdout


@pytest.mark.parametrize("args,code", [
    (["--fail-on-removed", "2"], 0), (["--fail-on-removed", "1"], 1),
    (["--fail-on-removed", "20%"], 0), (["--fail-on-removed", "19.9%"], 1),
    (["--fail-on-added", "0"], 1), (["--fail-on-changed", "1"], 0),
    (["--fail-on-changed", "0", "--fail-on-added", "5"], 1),
])
def test_limits_set_the_exit_code(dumps, args, code):
    a, b = dumps
    res = run("diff", a, b, "--format", "json", *args)
    assert res.exit_code == code, res.output
    rep = json.loads(res.stdout)
    assert bool(rep["failed"]) == bool(code)
    if code:
        assert "limit exceeded" in res.stderr


def test_bad_limit_is_a_usage_error(dumps):
    a, b = dumps
    res = run("diff", a, b, "--fail-on-removed", "lots")
    assert res.exit_code == 2
    assert "percentage" in res.output


def test_details_file_masks_nik_unless_asked(dumps, tmp_path):
    a, b = dumps
    out = tmp_path / "details.csv"
    res = run("diff", a, b, "-o", out, "-q")
    assert res.exit_code == 0, res.output
    d = pd.read_csv(out, dtype=str)
    assert sorted(d["status"]) == ["added", "changed", "removed", "removed"]
    assert d.loc[d["status"] == "changed", "changes"].iloc[0] == \
        "alamat: DUKUH 2 -> DUKUH BARU"
    text = out.read_text()
    assert voter(0)[C["NIK"]] not in text and voter(50)[C["NIK"]] not in text
    res = run("diff", a, b, "-o", out, "--show-nik", "-q")
    assert res.exit_code == 0
    assert voter(0)[C["NIK"]] in out.read_text()
    res = run("diff", a, b, "-o", tmp_path / "all.xlsx", "--include-unchanged", "-q")
    assert res.exit_code == 0
    assert (tmp_path / "all.xlsx").stat().st_size > 0


def test_fuzzy_pairing_is_reported(tmp_path):
    from dptclean.synth import generate

    dpt = generate(600, seed=3).dpt.reset_index(drop=True)
    old = tmp_path / "old.csv"
    dpt.to_csv(old, index=False)
    damaged = dpt.copy()
    damaged.loc[[5, 6, 7], "nik"] = None
    new = tmp_path / "new.csv"
    damaged.to_csv(new, index=False)
    rep = json.loads(run("diff", old, new, "--format", "json").stdout)
    assert rep["matched_by"]["fuzzy"] >= 3
    assert rep["added"] == rep["removed"] == 0
    rep = json.loads(run("diff", old, new, "--format", "json", "--nik-only").stdout)
    assert rep["matched_by"]["fuzzy"] == 0 and rep["added"] >= 3


@pytest.mark.parametrize("args,code,text", [
    (["missing.csv"], 2, ""),                               # NEW not given
    (["{old}", "{tmp}/nothere.csv"], 3, "nothere.csv"),
    (["{old}", "{new}", "-o", "{old}"], 4, "input"),
    (["{old}", "{new}", "-o", "{tmp}/d.txt"], 2, "extension"),
])
def test_errors_have_their_exit_codes(dumps, tmp_path, args, code, text):
    a, b = dumps
    args = [x.format(old=a, new=b, tmp=tmp_path) for x in args]
    res = run("diff", *args)
    assert res.exit_code == code, res.output
    assert text in res.output
    assert "Traceback" not in res.output


def test_title_added_to_names_is_reported_as_changed_as_written(tmp_path):
    """Normalised, "H. SITI AMINAH" is "SITI AMINAH": not a change, but never hidden."""
    old = [voter(i) for i in range(10)]
    new = [list(r) for r in old]
    for r in new[:5]:
        r[C["NAMA"]] = "H. " + str(r[C["NAMA"]])
    a = write_csv(tmp_path / "old.csv", [KPU_HEADER, *old])
    b = write_csv(tmp_path / "new.csv", [KPU_HEADER, *new])
    rep = json.loads(run("diff", a, b, "--format", "json").stdout)
    assert rep["changed"] == 0 and rep["unchanged"] == 10
    assert rep["changed_as_written"] == {"records": 5, "fields": {"nama": 5}}
    table = run("diff", a, b)
    assert "changed as written" in table.stdout and "nama 5" in table.stdout
    assert run("diff", a, b, "-q").stdout == ""    # -q: no summary


def test_changes_to_stdout_with_o_dash(dumps):
    a, b = dumps
    res = run("diff", a, b, "-o", "-")
    assert res.exit_code == 0, res.output
    table = pd.read_csv(__import__("io").StringIO(res.stdout), dtype=str)
    assert sorted(table["status"]) == ["added", "changed", "removed", "removed"]
    rows = json.loads(run("diff", a, b, "-o", "-", "--format", "json").stdout)
    assert len(rows) == 4
    assert run("diff", a, b, "--format", "csv").exit_code == 2   # csv is for -o -
