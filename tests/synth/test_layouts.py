"""Every layout is written and read back by dptclean.read_voters with the truth aligned."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

import dptclean
from dptclean import schema
from dptclean.cli import main
from dptclean.errors import ExitCode, OutputError
from dptclean.synth import DUP_KIND, LAYOUTS, PERSON_ID, generate, write_synth
from dptclean.synth.layouts import write


@pytest.fixture(scope="module")
def data():
    return generate(2500, seed=21, dup_rate=0.03, dpk_rate=0.02)


def _truth(path: str) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_layout_round_trip(tmp_path, data, layout):
    # one sheet per kecamatan keeps the workbook quick to read; desa sheets are tested below
    written = write_synth(data, tmp_path, layout, dpk=True, sheet_per="kecamatan")
    files = [w for w in written if w["kind"] in ("DPT", "DPK")]
    truths = [w for w in written if w["kind"].startswith("truth")]
    assert [w["kind"] for w in files] == ["DPT", "DPK"]
    for f, t in zip(files, truths):
        result = dptclean.load_voters(f["path"])
        frame, truth = result.frame, _truth(t["path"])
        assert len(frame) == f["records"] == len(truth)
        assert truth["record"].astype(int).tolist() == list(range(len(truth)))
        assert frame[schema.NAMA].fillna("").tolist() == truth[schema.NAMA].tolist()
        assert (frame[schema.LIST].astype(str) == f["kind"]).all()
        # nothing but layout rows was skipped
        assert set(result.skipped) <= {"title", "blank", "header", "column_numbers", "footer",
                                       "section"}
        if layout != "dukcapil":
            assert frame[schema.TPS].notna().all()
        assert frame[schema.KELURAHAN].notna().all()


@pytest.mark.parametrize("sheet_per", ["desa", "kecamatan"])
def test_kpu_workbook(tmp_path, data, sheet_per):
    path = tmp_path / "dpt.xlsx"
    # two kecamatan (one with an Excel-damaged NIK), shuffled: the writer groups rows by sheet
    damaged = data.truth_dpt[DUP_KIND].str.contains("nik_excel") & data.dpt[
        schema.NIK].str.fullmatch(r"\d{16}")
    kec = data.dpt.loc[damaged, schema.KECAMATAN].iloc[0]
    keep = data.dpt[schema.KECAMATAN].isin([kec, "KARIMUNJAWA"])
    dpt = data.dpt[keep].sample(frac=1, random_state=1)
    truth_in = data.truth_dpt.loc[dpt.index].reset_index(drop=True)
    dpt = dpt.reset_index(drop=True)
    order = write(dpt, path, "kpu-xlsx", truth=truth_in, sheet_per=sheet_per)
    result = dptclean.load_voters(path)
    frame = result.frame
    expect = dpt.iloc[order].reset_index(drop=True)
    truth = truth_in.iloc[order].reset_index(drop=True)
    assert frame[schema.NAMA].tolist() == expect[schema.NAMA].tolist()
    # the location comes from title rows (desa sheets) or section rows (kecamatan sheets)
    assert frame[schema.KELURAHAN].tolist() == expect[schema.KELURAHAN].tolist()
    assert frame[schema.KECAMATAN].tolist() == expect[schema.KECAMATAN].tolist()
    assert frame[schema.KABUPATEN].eq("JEPARA").all()
    n_sheets = expect[schema.KELURAHAN if sheet_per == "desa" else schema.KECAMATAN].nunique()
    assert len(result.sheets) == n_sheets
    assert result.skipped["footer"] >= n_sheets
    # NIK cells of Excel-damaged copies are numbers: the reader knows only 15 digits
    excel = truth[DUP_KIND].str.contains("nik_excel") & expect[schema.NIK].str.fullmatch(
        r"\d{16}")
    assert excel.any()
    assert (frame.loc[excel, schema.NIK_DIGITS_KNOWN] == 15).all()
    damaged = truth[DUP_KIND].str.contains("nik_excel")
    assert frame.loc[~damaged, schema.NIK_DIGITS_KNOWN].isna().all()


def test_truth_of_written_file_matches_person_groups(tmp_path, data):
    written = write_synth(data, tmp_path, "csv", dpk=False)
    truth = _truth(written[1]["path"])
    assert truth[PERSON_ID].tolist() == data.truth_dpt[PERSON_ID].tolist()


def test_unwritable_directory(tmp_path, data):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError):
        write_synth(data, blocker / "out", "csv")


def test_cli_synth(tmp_path):
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["synth", str(out), "--records", "600", "--seed", "4",
                                    "--layout", "sidalih", "--dpk", "--mask-nik"])
    assert res.exit_code == 0, res.output
    assert "dpt_sidalih.csv" in res.output and "dpk_sidalih.csv" in res.output
    frame = dptclean.read_voters(out / "dpt_sidalih.csv")
    assert len(frame) == 600
    assert frame[schema.NIK].str.contains(r"\*\*\*\*$").mean() > 0.9
    truth = _truth(out / "truth" / "dpt_sidalih.truth.csv")
    assert len(truth) == 600
    again = tmp_path / "again"
    CliRunner().invoke(main, ["synth", str(again), "-n", "600", "--seed", "4",
                              "--layout", "sidalih", "--dpk", "--mask-nik"])
    assert (again / "truth" / "dpt_sidalih.truth.csv").read_bytes() == \
        (out / "truth" / "dpt_sidalih.truth.csv").read_bytes()


def test_cli_synth_errors(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    res = CliRunner().invoke(main, ["synth", str(blocker / "sub"), "-n", "50"])
    assert res.exit_code == ExitCode.OUTPUT
    assert "error" in res.output
    res = CliRunner().invoke(main, ["synth", str(tmp_path), "-n", "50", "--layout", "pdf"])
    assert res.exit_code == ExitCode.USAGE
