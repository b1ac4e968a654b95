"""Figures an operator can defend (issue 12): keep proposals with a basis, "NIK sama, orang
berbeda" listed in every report."""

from __future__ import annotations

import json

import openpyxl
import pytest

from dptclean.match.pipeline import NO_KEEP_REASON, VERIFY
from dptclean.run import run_dedupe
from tests.builders import run_cli as run

HEADER = "NO,NIK,NKK,NAMA,TEMPAT LAHIR,TANGGAL LAHIR,JENIS KELAMIN,ALAMAT,KECAMATAN,DESA\n"
# 1-2: the same person twice, equally complete: no rule decides which one to keep
# 3-4: the same person twice, record 4 has no birth date: keep 3 (a real birth date)
# 5-6: one NIK, two different people (NIK sama, orang berbeda)
ROWS = [
    "1,3320011203750003,3320010101100002,MUHAMMAD SUPARNO,JEPARA,12-03-1975,L,KRAJAN,WELAHAN,BUGO",
    "2,3320011203750003,3320010101100002,MUHAMMAD SUPARNO,JEPARA,12-03-1975,L,WETAN,MAYONG,PELEMKEREP",
    "3,3320015505900001,3320010101100003,SRI WAHYUNI,KUDUS,15-05-1990,P,KRAJAN,WELAHAN,BUGO",
    "4,3320015505900001,3320010101100003,SRI WAHYUNI,KUDUS,,P,LOR,MAYONG,PELEMKEREP",
    "5,3320014107800009,3320010101100007,SITI AMINAH,JEPARA,01-07-1980,P,KIDUL,WELAHAN,BUGO",
    "6,3320014107800009,3320010101100008,BAMBANG HARTONO,DEMAK,23-11-1955,L,LOR,MAYONG,PELEMKEREP",
    "7,3320011010600005,3320010101100004,AHMAD FAUZI,JEPARA,10-10-1960,L,KIDUL,WELAHAN,BUGO",
]


@pytest.fixture(scope="module")
def dpt(tmp_path_factory):
    path = tmp_path_factory.mktemp("figures") / "dpt.csv"
    path.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    return path


def test_no_keep_is_proposed_without_a_basis(dpt):
    frame, _, result, report = run_dedupe([str(dpt)])
    g = result.groups.assign(no=frame["record_no"].iloc[result.groups["record"]].to_numpy())
    by_no = g.set_index("no")
    assert set(by_no.loc[["1", "2"], "action"]) == {VERIFY}
    assert set(by_no.loc[["1", "2"], "keep_reason"]) == {NO_KEEP_REASON}
    assert by_no.loc["3", "action"] == "keep" and by_no.loc["4", "action"] == "remove"
    assert "birth date" in by_no.loc["3", "keep_reason"]
    # the figures do not change: each group of k records still counts k-1
    assert report["duplicates"]["redundant"] == 2 and report["groups_without_keep"] == 1


def test_the_human_reports_say_verify_in_both_languages(dpt, tmp_path, monkeypatch):
    monkeypatch.delenv("DPTCLEAN_LANG")  # the Bahasa default
    res = run("dedupe", dpt, "--save", tmp_path / "r")
    assert res.exit_code == 0, res.output
    assert "pilih yang dipertahankan" in res.stdout
    for lang, text in (("id", "tanpa usulan: pilih yang dipertahankan"),
                       ("en", "no proposal: choose the record to keep")):
        out = tmp_path / f"r_{lang}.md"
        assert run("report", tmp_path / "r", "-o", out, "--lang", lang).exit_code == 0
        assert text in out.read_text(encoding="utf-8")


def test_nik_sama_orang_berbeda_is_listed_in_every_report(dpt, tmp_path, monkeypatch):
    monkeypatch.delenv("DPTCLEAN_LANG")  # the Bahasa default
    res = run("dedupe", dpt, "--format", "json")
    rep = json.loads(res.stdout)
    assert rep["nik_conflicts"] == 1
    [pair] = rep["nik_conflict_list"]
    assert pair["a"].endswith("dpt.csv row 6") and pair["b"].endswith("dpt.csv row 7")
    assert "NIK exact" in pair["reasons"] and "nama different" in pair["reasons"]

    res = run("dedupe", dpt, "--save", tmp_path / "r")
    assert "dpt.csv baris 6" in res.stdout and "dpt.csv baris 7" in res.stdout  # Bahasa
    for ext in ("md", "html"):
        out = tmp_path / f"report.{ext}"
        assert run("report", tmp_path / "r", "-o", out).exit_code == 0
        text = out.read_text(encoding="utf-8")
        assert "NIK sama, orang berbeda" in text
        assert "SITI AMINAH" in text and "BAMBANG HARTONO" in text and "dpt.csv baris 7" in text
        assert "3320014107800009" not in text          # the NIK stays masked
    out = tmp_path / "report.xlsx"
    assert run("report", tmp_path / "r", "-o", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    sheet = next(ws for ws in wb.worksheets if ws.title.startswith("NIK sama"))
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert "SITI AMINAH" in cells and "BAMBANG HARTONO" in cells
    res = run("report", tmp_path / "r")
    assert "dpt.csv baris 7" in res.stdout and "BAMBANG HARTONO" in res.stdout


K1_ROWS = [
    # identical as written (only the address differs): a true K1 "identik"
    "1,3320011203750003,3320010101100002,MUHAMMAD SUPARNO,JEPARA,12-03-1975,L,KRAJAN,WELAHAN,BUGO",
    "2,3320011203750003,3320010101100002,MUHAMMAD SUPARNO,JEPARA,12-03-1975,L,WETAN,MAYONG,PELEMKEREP",
    # identical only after normalisation: a title and KAB. in the birth place
    "3,3320015505900001,3320010101100003,SRI WAHYUNI,KUDUS,15-05-1990,P,KRAJAN,WELAHAN,BUGO",
    "4,3320015505900001,3320010101100003,HJ. SRI WAHYUNI,KAB. KUDUS,15-05-1990,P,LOR,MAYONG,PELEMKEREP",
    "5,3320011010600005,3320010101100004,AHMAD FAUZI,JEPARA,10-10-1960,L,KIDUL,WELAHAN,BUGO",
]


def test_k1_identik_only_when_identical_as_written(tmp_path):
    from dptclean.report.i18n import labels
    from dptclean.report.model import k1_differences
    from dptclean.report.sections import build_content

    path = tmp_path / "dpt.csv"
    path.write_text(HEADER + "\n".join(K1_ROWS) + "\n", encoding="utf-8")
    frame, norm, result, report = run_dedupe([str(path)])
    g = result.groups
    assert set(g["category"]) == {"K1"} and g["group_id"].nunique() == 2
    diffs = k1_differences(norm, g)
    gid = dict(zip(frame["record_no"].iloc[g["record"]].tolist(), g["group_id"].tolist()))
    assert diffs[gid["1"]] == []
    assert diffs[gid["3"]] == ["nama", "tempat_lahir"]
    assert report["by_category"]["K1"]["as_written_groups"] == 1
    assert report["by_category"]["K1"]["normalised_groups"] == 1
    for lang, honest in (("id", "K1 setelah normalisasi: nama (gelar"),
                         ("en", "K1 after normalisation: name (title")):
        c = build_content(report, norm, result, lang=lang)
        cats = c.groups[labels(lang)("category")].tolist()
        assert "K1" in cats and any(x.startswith(honest) for x in cats)
        assert "tempat" in " ".join(cats) or "birth place" in " ".join(cats)
        k1_row = next(x for x in c.category_rows() if x["code"] == "K1")
        assert ("1 identik persis" if lang == "id" else "1 identical as written") \
            in k1_row["label"]
