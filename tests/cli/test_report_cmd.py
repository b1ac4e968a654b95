"""dptclean dedupe --save and dptclean report through the CLI."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from tests.builders import run_cli as run
from tests.builders import write_lists

from .test_dedupe_cmd import DPK, HEADER, ROWS

FULL_NIK = "3320014107800001"


@pytest.fixture(autouse=True)
def _bahasa_by_default(monkeypatch):
    """These tests check the reports in their default language, Bahasa Indonesia."""
    monkeypatch.delenv("DPTCLEAN_LANG", raising=False)


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    d = tmp_path_factory.mktemp("rep")
    dpt, dpk = write_lists(d, HEADER, ROWS, DPK)
    res = run("dedupe", dpt, "--dpk", dpk, "--save", d / "result", "--report",
              d / "dedupe.json", "-q")
    assert res.exit_code == 0, res.output
    return d / "result"


def test_save_writes_a_result_directory(saved):
    names = {p.name for p in saved.iterdir()}
    assert {"manifest.json", "records.parquet", "pairs.parquet", "groups.parquet",
            "dpk_matches.parquet", "nik_conflicts.parquet", "report.json",
            "config.toml", "config.json"} <= names
    assert (saved / "report.json").read_bytes() == (saved.parent / "dedupe.json").read_bytes()


def test_json_report_is_byte_reproducible_unless_timestamped(saved, tmp_path):
    for name in ("a.json", "b.json"):
        assert run("report", saved, "-o", tmp_path / name).exit_code == 0
    a = (tmp_path / "a.json").read_bytes()
    assert a == (tmp_path / "b.json").read_bytes() == (saved / "report.json").read_bytes()
    rep = json.loads(a)
    assert rep["duplicates"]["groups"] >= 1 and rep["dpk"]["in_dpt"] == 1
    assert "generated_at" not in rep
    assert run("report", saved, "-o", tmp_path / "t.json", "--timestamp").exit_code == 0
    stamped = json.loads((tmp_path / "t.json").read_text())
    # ISO 8601 in WIB (Asia/Jakarta, UTC+7): the time on the Berita Acara
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", stamped.pop("generated_at"))
    assert stamped == rep


@pytest.mark.parametrize("ext", ["html", "xlsx", "md"])
def test_every_format_renders_and_masks_nik(saved, tmp_path, ext):
    out = tmp_path / f"report.{ext}"
    res = run("report", saved, "-o", out)
    assert res.exit_code == 0, res.output
    assert out.stat().st_size > 1000
    if ext == "xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(out)
        text = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row)
    else:
        text = out.read_text(encoding="utf-8")
    assert FULL_NIK not in text
    assert "Persentase ganda" in text
    full = tmp_path / f"full.{ext}"
    assert run("report", saved, "-o", full, "--show-nik", "--lang", "en").exit_code == 0
    if ext != "xlsx":
        text = full.read_text(encoding="utf-8")
        assert FULL_NIK in text and "Duplicate rate" in text


def test_html_has_no_network_references(saved, tmp_path):
    out = tmp_path / "r.html"
    assert run("report", saved, "-o", out).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.I)
    assert "http://" not in page and "https://" not in page and "<script" not in page


def test_terminal_report_in_indonesian_by_default(saved):
    res = run("report", saved)
    assert res.exit_code == 0, res.output
    assert "Persentase ganda" in res.output and "25,00%" in res.output
    assert FULL_NIK not in res.output
    en = run("report", saved, "--lang", "en")
    assert "Duplicate rate" in en.output and "25.00%" in en.output


_MATCHERS = ("find_duplicates", "find_duplicates_dask", "run_dedupe", "candidate_pairs",
             "compare_pairs")


def _forbid_matching(monkeypatch):
    """Replace every binding of the matching entry points in every loaded dptclean module
    (``from x import f`` makes a binding per importing module, so patching one is not enough)."""
    import sys

    import dptclean.cli  # noqa: F401  (load the commands and what they import)

    def boom(*a, **k):
        raise AssertionError("report must not re-match")

    for name, module in list(sys.modules.items()):
        if not name.startswith("dptclean") or module is None:
            continue
        for attr in _MATCHERS:
            if callable(getattr(module, attr, None)):
                monkeypatch.setattr(module, attr, boom)


def test_report_does_not_match_again(saved, tmp_path, monkeypatch):
    _forbid_matching(monkeypatch)
    # the guard catches matching through any path: dedupe itself now fails
    dpt = tmp_path / "dpt.csv"
    dpt.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    assert run("dedupe", dpt).exit_code != 0
    assert run("report", saved, "-o", tmp_path / "r.html").exit_code == 0


def test_errors_have_the_documented_exit_codes(saved, tmp_path):
    assert run("report", tmp_path / "nope").exit_code == 3
    assert run("report", saved, "-o", tmp_path / "r.docx").exit_code == 2
    assert run("report", saved, "-o", saved / "report.json").exit_code == 4
    assert run("report", saved, "--lang", "fr").exit_code == 2
    broken = tmp_path / "broken"
    shutil.copytree(saved, broken)
    (broken / "groups.parquet").write_bytes(b"garbage")
    res = run("report", broken)
    assert res.exit_code == 3 and "hasil rusak" in res.output and "Traceback" not in res.output


def test_save_refuses_a_directory_that_is_not_a_result(tmp_path):
    dpt = tmp_path / "dpt.csv"
    dpt.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("x")
    res = run("dedupe", dpt, "--save", other, "-q")
    assert res.exit_code == 4
    assert (other / "notes.txt").exists()


def test_a_list_without_duplicates_areas_or_dpk_still_reports(tmp_path):
    f = tmp_path / "clean.csv"
    f.write_text("NIK,NAMA,TANGGAL LAHIR\n3320014107800001,SITI AMINAH,01-07-1980\n"
                 "3320011203750013,MUHAMMAD SUPARNO,12-03-1975\n", encoding="utf-8")
    res = run("dedupe", f, "--save", tmp_path / "r", "-q")
    assert res.exit_code == 0, res.output
    for ext in ("html", "xlsx", "md", "json"):
        out = tmp_path / f"r.{ext}"
        res = run("report", tmp_path / "r", "-o", out)
        assert res.exit_code == 0, res.output
    assert "Tidak ada data ganda" in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Tidak ada data ganda" in (tmp_path / "r.md").read_text(encoding="utf-8")
    res = run("report", tmp_path / "r")
    assert res.exit_code == 0 and "0,00%" in res.output


def test_report_title_block_from_options_and_header_file(saved, tmp_path):
    """--judul/--tahapan/--nomor-ba (or a TOML) name the printed report; times are WIB."""
    toml = tmp_path / "kop.toml"
    toml.write_text('judul = "Lampiran BA Rekapitulasi"\ntahapan = "Penetapan DPT"\n'
                    'nomor_ba = "07/PL.01.2-BA/3320/2026"\n', encoding="utf-8")
    out = tmp_path / "r.html"
    result = run("report", saved, "-o", out, "--header-file", toml, "--nomor-ba", "99/BA/2026")
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<h1>Lampiran BA Rekapitulasi</h1>" in page
    assert "Penetapan DPT" in page
    assert "99/BA/2026" in page and "07/PL.01.2-BA" not in page   # the option wins
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d WIB", page) and " UTC" not in page
    # the area comes from the data when --wilayah is not given
    assert "Kecamatan MAYONG, WELAHAN" in page
    assert run("report", saved, "-o", out, "--wilayah", "Kab. Contoh").exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "Kab. Contoh" in page and "Kecamatan MAYONG, WELAHAN" not in page


def test_report_header_file_with_an_unknown_key_is_a_usage_error(saved, tmp_path):
    toml = tmp_path / "kop.toml"
    toml.write_text('judull = "x"\n', encoding="utf-8")
    result = run("report", saved, "-o", tmp_path / "r.html", "--header-file", toml)
    assert result.exit_code == 2
    assert "kunci 'judull' tidak dikenal" in result.output
    assert not (tmp_path / "r.html").exists()
