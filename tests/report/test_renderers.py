"""HTML, Markdown, XLSX and terminal reports: content, language, masking, self-containment."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from dptclean.errors import ConfigError
from dptclean.report.html import render_html
from dptclean.report.i18n import all_keys, labels
from dptclean.report.markdown import render_markdown
from dptclean.report.result import load_result
from dptclean.report.sections import build_content, fmt_int, fmt_pct
from dptclean.report.terminal import render_report
from dptclean.report.xlsx import write_report_xlsx

from .builders import FULL_NIK


@pytest.fixture(scope="module")
def loaded(saved):
    return load_result(saved)


def content(loaded, **kw):
    kw.setdefault("generated_at", "2026-01-02 03:04:05 UTC")
    return build_content(loaded.report, loaded.records, loaded.result,
                         original_columns=loaded.original_columns, **kw)


def test_report_has_a_tps_level_when_the_data_has_tps(run):
    tps = run.report["by_area"]["tps"]
    assert "WELAHAN / BUGO / TPS 001" in tps
    assert sum(v["records"] for v in tps.values()) == run.report["dpt"]["records"]
    # the older levels are unchanged
    assert run.report["by_area"]["kecamatan"]["WELAHAN"]["records"] == 5


def test_no_tps_level_without_tps(tmp_path):
    from dptclean.run import run_dedupe

    f = tmp_path / "dpt.csv"
    f.write_text("NIK,NAMA,TANGGAL LAHIR,KECAMATAN\n3320014107800001,SITI,01-07-1980,MAYONG\n")
    rep = run_dedupe([str(f)]).report
    assert "tps" not in rep["by_area"] and "kecamatan" in rep["by_area"]


def test_html_is_self_contained(loaded):
    page = render_html(content(loaded))
    assert page.startswith("<!DOCTYPE html>")
    assert "<style>" in page and "<svg" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "http://" not in page and "https://" not in page
    assert "<script" not in page.lower() and "<link" not in page.lower()
    assert "@import" not in page and "url(" not in page


def test_html_in_bahasa_indonesia_by_default_and_english_on_request(loaded):
    page = render_html(content(loaded))
    assert '<html lang="id">' in page
    for text in ("Laporan Data Ganda dan DPK", "Persentase ganda", "Kelompok ganda",
                 "Kecamatan", "Kelurahan/Desa", "TPS", "Bukti dan keterlacakan",
                 "Dibuat pada", "2026-01-02 03:04:05 UTC", "pertahankan", "25,00%"):
        assert text in page, text
    en = render_html(content(loaded, lang="en"))
    assert '<html lang="en">' in en and "Duplicate rate" in en and "25.00%" in en
    assert "Persentase ganda" not in en


def test_html_has_charts_groups_and_evidence(loaded, lists):
    page = render_html(content(loaded))
    assert page.count("<svg") == 1 + 2 * 3   # category mix + dup/DPK rate for 3 levels
    assert "K1" in page and "K3" in page
    assert "NIK sama; nama sama" in page       # the reasons of a group, read aloud
    assert "dpt.csv baris 2" in page           # where the operator finds the record
    assert loaded.report["inputs"][0]["sha256"] in page
    assert "Baris data dibaca" in page and "Ambang probabilitas" in page
    assert "[match]" in page                   # full configuration, reproducible


def test_human_reports_mask_nik_unless_asked(loaded, tmp_path):
    masked = content(loaded)
    shown = content(loaded, show_nik=True)
    assert FULL_NIK not in render_html(masked)
    assert "3320**********01" in render_html(masked)
    assert FULL_NIK in render_html(shown)
    assert FULL_NIK not in render_markdown(masked)
    assert FULL_NIK in render_markdown(shown)
    out = io.StringIO()
    render_report(masked, Console(file=out, width=200))
    assert FULL_NIK not in out.getvalue()
    import openpyxl

    path = tmp_path / "r.xlsx"
    write_report_xlsx(masked, path)
    wb = openpyxl.load_workbook(path)
    text = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row)
    assert FULL_NIK not in text and "3320**********01" in text


def test_markdown_report(loaded):
    md = render_markdown(content(loaded))
    assert md.startswith("# Laporan Data Ganda dan DPK\n")
    assert "| Persentase DPK (dari DPT) | 25,00% |" in md
    assert "| Persentase ganda (dari DPT) |" in md
    assert "### TPS" in md and "| WELAHAN / BUGO / TPS 001 |" in md
    assert "## Bukti dan keterlacakan" in md and "```toml" in md
    # a pipe inside a cell cannot break the table
    for line in md.splitlines():
        if line.startswith("| ") and "cmd" in line:
            assert "\\|" in line


def test_xlsx_report_is_ready_to_print(loaded, tmp_path):
    import openpyxl

    path = tmp_path / "r.xlsx"
    write_report_xlsx(content(loaded), path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:4] == ["Ringkasan", "Kecamatan", "Kelurahan_Desa", "TPS"]
    assert "Kelompok ganda" in wb.sheetnames and "DPK di DPT" in wb.sheetnames
    for name in wb.sheetnames:
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape", name
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert ws.page_setup.fitToWidth in (None, 1), name   # 1 is the default (omitted)
        assert ws.page_setup.fitToHeight == 0, name
    for name in ("Kecamatan", "TPS", "Kelompok ganda"):
        ws = wb[name]
        assert ws.freeze_panes == "A2", name
        assert ws.auto_filter.ref, name
        assert ws.column_dimensions["A"].width >= 6
    g = wb["Kelompok ganda"]
    header = [c.value for c in g[1]]
    assert {"Kelompok", "Kategori", "Tindakan", "Alasan"} <= set(header)
    assert g.max_row == 1 + len(loaded.result.groups)
    kec = wb["Kecamatan"]
    assert kec["E2"].number_format == "0.00%"
    summary = " ".join(str(c.value) for row in wb["Ringkasan"].iter_rows() for c in row)
    assert "SHA-256" in summary and "Dibuat pada" in summary
    values = {row[0]: row[1] for row in wb["Ringkasan"].iter_rows(values_only=True) if row[0]}
    assert values["Baris data dibaca"] == loaded.report["rows"]["loaded"]   # a number, not text
    assert values["Persentase DPK (dari DPT)"] == loaded.report["dpk"]["rate"]
    en = tmp_path / "en.xlsx"
    write_report_xlsx(content(loaded, lang="en"), en)
    assert openpyxl.load_workbook(en).sheetnames[0] == "Summary"


def test_terminal_report(loaded):
    out = io.StringIO()
    render_report(content(loaded), Console(file=out, width=160))
    text = out.getvalue()
    assert "Persentase ganda" in text and "25,00%" in text
    assert "Bukti dan keterlacakan" in text and "SHA-256" in text


def test_every_label_has_both_languages():
    for key, (ind, eng) in all_keys().items():
        assert ind.strip() and eng.strip(), key
    with pytest.raises(ConfigError):
        labels("fr")


@pytest.mark.parametrize("value, lang, expected", [
    (876490, "id", "876.490"), (876490, "en", "876,490"),
])
def test_fmt_int(value, lang, expected):
    assert fmt_int(value, lang) == expected


@pytest.mark.parametrize("value, lang, expected", [
    (0.0064, "id", "0,64%"), (0.0064, "en", "0.64%"), (0.25, "id", "25,00%"),
])
def test_fmt_pct(value, lang, expected):
    assert fmt_pct(value, lang) == expected
