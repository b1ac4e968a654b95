"""dptclean dedupe through the CLI: exit codes, outputs, reproducibility, privacy."""

import json

import pandas as pd
import pytest

from tests.builders import SMALL_HEADER, SMALL_ROWS, write_lists
from tests.builders import run_cli as run

HEADER = SMALL_HEADER
ROWS = [
    *SMALL_ROWS,
    '7,3320011010600006,3320010101100004,AHMAD FAUZAN,JEPARA,10-10-1960,L,DUKUH KIDUL,004,001,WELAHAN,BUGO',
    "8,=cmd|' /C calc'!A0,3320010101100005,BUDI SANTOSO,JEPARA,01-01-1970,L,DUKUH LOR,002,001,MAYONG,PELEMKEREP",
]
DPK = HEADER + "1,3320015505900001,,SRI WAHYUNI,KUDUS,15-05-1990,P,DUKUH KRAJAN,001,002,WELAHAN,BUGO\n" \
    "2,3320016101010002,,DEWI LESTARI,JEPARA,21-01-2001,P,DUKUH LOR,002,001,MAYONG,PELEMKEREP\n"


@pytest.fixture
def files(tmp_path):
    return write_lists(tmp_path, HEADER, ROWS, DPK)


def test_json_report_has_the_figures_kpu_quotes(files):
    dpt, dpk = files
    res = run("dedupe", dpt, "--dpk", dpk, "--format", "json")
    assert res.exit_code == 0, res.output
    rep = json.loads(res.output)
    assert rep["dpt"]["records"] == 8
    assert rep["duplicates"] == {"groups": 2, "records": 4, "redundant": 2, "rate": 0.25}
    assert rep["dpk"]["records"] == 2 and rep["dpk"]["in_dpt"] == 1
    assert rep["dpk"]["rate"] == 0.25
    assert rep["by_category"]["K1"]["groups"] == 1
    assert rep["by_category"]["K2"]["groups"] == 1   # same NIK, the name spelled otherwise
    assert rep["by_area"]["kecamatan"]["WELAHAN"]["records"] == 5
    assert rep["inputs"][0]["sha256"] and rep["inputs"][0]["records"] == 8
    assert rep["config"]["threshold"] == 0.7


def test_outputs_are_byte_identical_on_rerun(files, tmp_path):
    dpt, dpk = files
    for i in (1, 2):
        res = run("dedupe", dpt, "--dpk", dpk, "-o", tmp_path / f"g{i}.csv",
                  "--report", tmp_path / f"r{i}.json", "-q")
        assert res.exit_code == 0, res.output
    assert (tmp_path / "g1.csv").read_bytes() == (tmp_path / "g2.csv").read_bytes()
    assert (tmp_path / "r1.json").read_bytes() == (tmp_path / "r2.json").read_bytes()


def test_groups_file_masks_nik_unless_asked(files, tmp_path):
    dpt, _ = files
    out = tmp_path / "groups.csv"
    assert run("dedupe", dpt, "-o", out, "-q").exit_code == 0
    g = pd.read_csv(out, dtype=str)
    # one group has a keep rule (a missing NKK), the other none: every record "verify"
    assert set(g["action"]) == {"keep", "remove", "verify"}
    assert g["nik"].str.contains(r"\*").all()
    assert g["tanggal_lahir"].str.startswith("**").all()
    assert {"group_id", "category", "reasons", "source_file", "row"} <= set(g.columns)
    out2 = tmp_path / "groups_full.csv"
    assert run("dedupe", dpt, "-o", out2, "--show-nik", "-q").exit_code == 0
    g2 = pd.read_csv(out2, dtype=str)
    assert "3320014107800001" in set(g2["nik"])


def test_xlsx_groups_output(files, tmp_path):
    dpt, _ = files
    out = tmp_path / "groups.xlsx"
    assert run("dedupe", dpt, "-o", out, "-q").exit_code == 0
    g = pd.read_excel(out, dtype=str)
    assert len(g) == 4


def test_no_output_file_without_asking(files, tmp_path, monkeypatch):
    dpt, _ = files
    monkeypatch.delenv("DPTCLEAN_LANG")
    before = set(tmp_path.iterdir())
    res = run("dedupe", dpt)
    assert res.exit_code == 0
    assert "Persentase ganda" in res.output        # Bahasa Indonesia by default
    assert "Duplicate rate" in run("dedupe", dpt, "--lang", "en").output
    assert set(tmp_path.iterdir()) == before


def test_refuses_to_overwrite_an_input(files):
    dpt, _ = files
    res = run("dedupe", dpt, "-o", dpt)
    assert res.exit_code == 4
    assert "input" in res.output


def test_unknown_output_extension_is_a_usage_error(files, tmp_path):
    dpt, _ = files
    res = run("dedupe", dpt, "-o", tmp_path / "g.docx")
    assert res.exit_code == 2


def test_bad_config_is_a_usage_error(files, tmp_path):
    dpt, _ = files
    cfg = tmp_path / "m.toml"
    cfg.write_text("[match]\nthreshold = 7\n")
    res = run("dedupe", dpt, "--config", cfg)
    assert res.exit_code == 2
    assert "threshold" in res.output


def test_config_round_trip_through_print_config(files, tmp_path):
    dpt, _ = files
    res = run("dedupe", "--print-config", dpt)
    assert res.exit_code == 0
    cfg = tmp_path / "m.toml"
    cfg.write_text(res.output)
    a = json.loads(run("dedupe", dpt, "--format", "json").output)
    b = json.loads(run("dedupe", dpt, "--config", cfg, "--format", "json").output)
    assert a == b


def test_missing_input_is_an_input_error(tmp_path):
    res = run("dedupe", tmp_path / "nope.xlsx")
    assert res.exit_code == 3
    assert "Traceback" not in res.output


def test_formula_like_cells_are_neutralised(files, tmp_path):
    dpt, _ = files
    rows = HEADER + ROWS[7] + "\n" + ROWS[7].replace("8,", "9,", 1) + "\n"
    f = tmp_path / "inj.csv"
    f.write_text(rows)
    out = tmp_path / "g.csv"
    assert run("dedupe", f, "-o", out, "--show-nik", "-q").exit_code == 0
    text = out.read_text()
    assert "'=cmd" in text and ",=cmd" not in text


def test_review_cycle_rejected_group_does_not_come_back(files, tmp_path):
    dpt, _ = files
    first = tmp_path / "groups.csv"
    assert run("dedupe", dpt, "-o", first, "-q").exit_code == 0
    g = pd.read_csv(first, dtype=str)
    assert "decision" in g.columns and g["decision"].isna().all()
    # the operator checks group 1 in the field: two different people
    g.loc[g["group_id"] == "1", "decision"] = "not_duplicate"
    g.loc[g["group_id"] == "1", "decided_by"] = "operator welahan"
    g.to_csv(tmp_path / "review.csv", index=False)
    res = run("dedupe", dpt, "--decisions", tmp_path / "review.csv", "--format", "json")
    assert res.exit_code == 0, res.output
    rep = json.loads(res.output)
    assert rep["duplicates"]["groups"] == 1
    assert "review" in rep


def test_against_a_cleaned_list(files, tmp_path):
    dpt, _ = files
    new = tmp_path / "new.csv"
    new.write_text(HEADER + ROWS[0].replace("1,", "20,", 1) + "\n" +
                   "21,3320016101010002,,DEWI LESTARI,JEPARA,21-01-2001,P,DUKUH LOR,002,001,"
                   "MAYONG,PELEMKEREP\n", encoding="utf-8")
    res = run("dedupe", new, "--against", dpt, "--format", "json")
    assert res.exit_code == 0, res.output
    rep = json.loads(res.output)
    # SITI AMINAH is already in the clean list; the clean list's own duplicates are not re-found
    assert rep["duplicates"]["groups"] == 1
    assert any(i["path"].endswith("dpt.csv") for i in rep["inputs"])


def test_dask_engine_gives_the_local_figures(files):
    dpt, dpk = files
    local = json.loads(run("dedupe", dpt, "--dpk", dpk, "--format", "json").output)
    res = run("dedupe", dpt, "--dpk", dpk, "--engine", "dask", "--format", "json")
    assert res.exit_code == 0, res.output
    dask = json.loads(res.output)
    for key in ("dpt", "duplicates", "dpk", "by_category", "by_area"):
        assert dask[key] == local[key]


def test_scheduler_needs_the_dask_engine(files):
    dpt, _ = files
    res = run("dedupe", dpt, "--scheduler", "tcp://127.0.0.1:8786")
    assert res.exit_code == 2


def test_normalize_writes_a_partitioned_dataset(files, tmp_path):
    dpt, _ = files
    out = tmp_path / "ds"
    res = run("normalize", dpt, "-o", out, "--partition-by", "kecamatan")
    assert res.exit_code == 0, res.output
    assert {p.name for p in out.iterdir()} >= {"WELAHAN", "MAYONG"}
    assert run("normalize", dpt, "--partition-by", "kecamatan").exit_code == 2


def test_title_block_is_saved_with_the_result_and_printed_by_report(files, tmp_path):
    dpt, dpk = files
    res = run("dedupe", dpt, "--dpk", dpk, "--save", tmp_path / "hasil", "--format", "json",
              "--judul", "Lampiran BA", "--nomor-ba", "3/BA/2026", "--tahapan", "Pemutakhiran")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["header"] == {"judul": "Lampiran BA", "tahapan": "Pemutakhiran",
                                                "nomor_ba": "3/BA/2026"}
    assert run("report", tmp_path / "hasil", "-o", tmp_path / "r.html").exit_code == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<h1>Lampiran BA</h1>" in page and "3/BA/2026" in page and "Pemutakhiran" in page
    # without the options the JSON report has no header key (byte-reproducible as before)
    plain = json.loads(run("dedupe", dpt, "--format", "json").output)
    assert "header" not in plain


def test_lists_the_files_it_wrote_and_does_not_suggest_o_when_given(files, tmp_path):
    dpt, dpk = files
    out = tmp_path / "ganda.xlsx"
    res = run("dedupe", dpt, "--dpk", dpk, "-o", out, "--report", tmp_path / "r.json")
    assert res.exit_code == 0, res.output
    assert f"dptclean: wrote the duplicate groups to {out}" in res.stderr
    assert "dptclean: wrote the JSON report to" in res.stderr
    assert "-o ganda.xlsx" not in res.stdout
    assert "-o ganda.xlsx" in run("dedupe", dpt).stdout   # the hint when nothing is written
    quiet = run("dedupe", dpt, "--dpk", dpk, "-o", out, "-q")
    assert quiet.exit_code == 0 and quiet.stdout == "" and quiet.stderr == ""


def test_groups_to_stdout_with_o_dash(files):
    dpt, dpk = files
    res = run("dedupe", dpt, "--dpk", dpk, "-o", "-")
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("group_id,")        # CSV, no BOM on a pipe, no summary
    assert not res.stdout.startswith("\ufeff")
    table = pd.read_csv(__import__("io").StringIO(res.stdout), dtype=str)
    assert table["group_id"].nunique() == 2
    as_json = json.loads(run("dedupe", dpt, "-o", "-", "--format", "json").stdout)
    assert {str(r["group_id"]) for r in as_json} == {"1", "2"}
    bad = run("dedupe", dpt, "--format", "csv")
    assert bad.exit_code == 2 and "add -o -" in bad.output


def test_outputs_are_checked_before_matching(files, tmp_path, monkeypatch):
    dpt, _ = files
    import dptclean.run

    def boom(*args, **kwargs):
        raise AssertionError("matched although an output cannot be written")

    monkeypatch.setattr(dptclean.run, "run_dedupe", boom)
    (tmp_path / "adir").mkdir()
    res = run("dedupe", dpt, "--pairs-output", tmp_path / "adir")
    assert res.exit_code == 4, res.output
    blocker = tmp_path / "file"
    blocker.write_text("x")
    res = run("dedupe", dpt, "-o", blocker / "sub" / "g.csv")
    assert res.exit_code == 4 and "create it first" in res.output
    res = run("dedupe", dpt, "--report", tmp_path / "hilang" / "r.json")
    assert res.exit_code == 4 and "does not exist" in res.output
    assert not (tmp_path / "hilang").exists()


def test_csv_output_has_a_utf8_bom(files, tmp_path):
    dpt, _ = files
    out = tmp_path / "ganda.csv"
    res = run("dedupe", dpt, "-o", out, "-q")
    assert res.exit_code == 0, res.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfgroup_id,")   # UTF-8 BOM: Excel reads the names right


def test_locked_output_says_close_it_in_excel(files, tmp_path, monkeypatch):
    dpt, _ = files
    import os as _os

    real = _os.replace

    def locked(src, dst):
        if str(dst).endswith("ganda.csv"):
            raise PermissionError(13, "Permission denied")
        return real(src, dst)

    monkeypatch.setattr("dptclean.io.writers.os.replace", locked)
    res = run("dedupe", dpt, "-o", tmp_path / "ganda.csv")
    assert res.exit_code == 4
    assert "tutup berkas di Excel?" in res.output
    assert not (tmp_path / "ganda.csv").exists()
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".dptclean-")] == []


def test_pairs_output_has_a_level_and_a_weight_per_comparison(files, tmp_path):
    dpt, dpk = files
    out = tmp_path / "pasangan.csv"
    res = run("dedupe", dpt, "--dpk", dpk, "--pairs-output", out, "-q")
    assert res.exit_code == 0, res.output
    pairs = pd.read_csv(out, dtype=str, encoding="utf-8-sig")
    for field in ("nik", "nama", "tanggal_lahir", "jenis_kelamin"):
        assert f"{field}_level" in pairs.columns and f"{field}_weight" in pairs.columns
        assert pairs[f"{field}_weight"].notna().all()
    assert len(pairs) >= 2 and pairs["reasons"].str.len().gt(0).all()
    # the weights add up to the evidence the score is made of (score = weights + prior)
    weights = pairs[[c for c in pairs.columns if c.endswith("_weight")]].astype(float).sum(axis=1)
    spread = (pairs["score"].astype(float) - weights)
    assert spread.max() - spread.min() < 0.1      # the same prior for every pair
    assert pairs["left_row"].str.contains(r"row \d+").all()


def test_excel_csv_keeps_full_niks_as_text(files, tmp_path):
    dpt, _ = files
    plain, excel = tmp_path / "plain.csv", tmp_path / "excel.csv"
    assert run("dedupe", dpt, "--show-nik", "-o", plain, "-q").exit_code == 0
    assert run("dedupe", dpt, "--show-nik", "-o", excel, "-q", "--excel-csv").exit_code == 0
    text = excel.read_text(encoding="utf-8-sig")
    assert '"=""3320014107800001"""' in text          # ="3320014107800001", CSV-quoted
    assert "3320014107800001" in plain.read_text(encoding="utf-8-sig")
    assert '=""3320' not in plain.read_text(encoding="utf-8-sig")   # machines get plain digits
