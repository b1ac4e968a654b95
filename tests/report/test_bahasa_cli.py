"""Every command speaks Bahasa Indonesia by default and English with --lang en or
DPTCLEAN_LANG=en; one number format per language; errors in the reader's language."""

from __future__ import annotations

import re

import pytest

from dptclean.errors import InputError, OutputError
from dptclean.report.i18n import fmt_int, fmt_num, fmt_pct
from tests.builders import KPU_HEADER, run_cli, voter, write_csv


@pytest.fixture
def bahasa(monkeypatch):
    monkeypatch.delenv("DPTCLEAN_LANG", raising=False)


@pytest.fixture
def dpt(tmp_path):
    rows = [voter(i) for i in range(1200)] + [voter(i, TPS="002") for i in range(0, 50, 2)]
    rows[3][KPU_HEADER.index("NIK")] = "12345"            # an invalid NIK for validate
    return write_csv(tmp_path / "dpt.csv", [KPU_HEADER] + rows)


@pytest.mark.parametrize("value, lang, expected", [
    (1994, "id", "1.994"), (1994, "en", "1,994"), (1234567, "id", "1.234.567"),
])
def test_counts(value, lang, expected):
    assert fmt_int(value, lang) == expected


@pytest.mark.parametrize("rate, lang, expected", [
    (0.0206, "id", "2,06%"), (0.0206, "en", "2.06%"), (12.345, "id", "1.234,50%"),
    (12.345, "en", "1,234.50%"),
])
def test_percentages(rate, lang, expected):
    assert fmt_pct(rate, lang) == expected


def test_decimals():
    assert fmt_num(20.14, "id", sign=True) == "+20,1"
    assert fmt_num(20.14, "en", sign=True) == "+20.1"


def _words(text: str) -> str:
    return " ".join(text.split())


def test_dedupe_numbers_follow_the_language(dpt, bahasa):
    id_out = _words(run_cli("dedupe", dpt).output)
    en_out = _words(run_cli("dedupe", dpt, "--lang", "en").output)
    assert "1.225" in id_out and "2,04%" in id_out and "1,225" not in id_out
    assert "1,225" in en_out and "2.04%" in en_out and "1.225" not in en_out
    assert "skor +" in id_out and "baris " in id_out and "NIK sama" in id_out


@pytest.mark.parametrize("args, bahasa_text, english_text", [
    (("validate",), "dengan temuan (kesalahan", "with findings (error"),
    (("validate",), "NIK tidak sah", "NIK is not a valid NIK"),
    (("inspect",), "data pemilih dibaca dari 1 lembar", "records loaded from 1 sheet(s)"),
    (("normalize",), "pemilih", "records"),
    (("check", "--max-duplicate-rate", "50%"), "pemeriksaan", "check"),
])
def test_commands_speak_bahasa_by_default(dpt, bahasa, monkeypatch, args, bahasa_text,
                                          english_text):
    r = run_cli(*args, dpt) if args[0] != "check" else run_cli(*args, dpt)
    assert r.exit_code == 0, r.output
    assert bahasa_text in _words(r.output)
    en = run_cli(*args, dpt, "--lang", "en")
    assert english_text in _words(en.output)
    monkeypatch.setenv("DPTCLEAN_LANG", "en")
    assert english_text in _words(run_cli(*args, dpt).output)


def test_check_verdict_and_rates_in_bahasa(dpt, bahasa):
    r = run_cli("check", dpt, "--max-duplicate-rate", "50%")
    text = _words(r.output)
    assert "lulus" in text and "semua batas terpenuhi (1 diperiksa)" in text
    assert "2,04%" in text and "(25/1.225)" in text


def test_diff_and_split_in_bahasa(dpt, tmp_path, bahasa):
    new = tmp_path / "new.csv"
    rows = [voter(i) for i in range(1, 1200)]
    write_csv(new, [KPU_HEADER] + rows)
    text = _words(run_cli("diff", dpt, new).output)
    assert "hilang" in text and "% dari LAMA" in text and "dipasangkan lewat NIK" in text
    text = _words(run_cli("split", dpt, "--by", "tps", "-o", tmp_path / "kerja").output)
    assert "berkas kerja di" in text and "baris ditulis dari 1.225 baris masukan" in text


def test_errors_in_bahasa_and_english(tmp_path, bahasa, monkeypatch):
    missing = tmp_path / "tidak-ada.csv"
    r = run_cli("validate", missing)
    assert r.exit_code == 3
    assert r.stderr.strip() == f"dptclean: kesalahan: {missing}: berkas tidak ditemukan"
    r = run_cli("validate", missing, "--lang", "en")
    assert r.stderr.strip() == f"dptclean: error: {missing}: no such file"
    monkeypatch.setenv("DPTCLEAN_LANG", "en")
    assert run_cli("inspect", missing).stderr.strip() == \
        f"dptclean: error: {missing}: no such file"


def test_a_keyed_error_reads_in_both_languages():
    e = InputError(key="no_such_file", path="dpt.xlsx", sheet="DPT")
    assert str(e) == "dpt.xlsx [sheet DPT]: no such file"
    assert e.localised("id") == "dpt.xlsx [lembar DPT]: berkas tidak ditemukan"
    o = OutputError(key="output_cannot_write", params={"reason": "Operation not permitted"},
                    path="ganda.xlsx")
    assert "masih terbuka di Excel?" in o.localised("id")
    plain = InputError("something else", path="a.csv")       # not in the catalogue yet
    assert plain.localised("id") == "a.csv: something else"


def test_an_unknown_language_is_a_usage_error(dpt, monkeypatch):
    assert run_cli("validate", dpt, "--lang", "fr").exit_code == 2
    monkeypatch.setenv("DPTCLEAN_LANG", "fr")
    r = run_cli("validate", dpt)
    assert r.exit_code == 2 and "DPTCLEAN_LANG=fr: use id or en" in r.stderr
    assert run_cli("validate", dpt, "--lang", "en").exit_code == 0   # the option wins


def test_header_row_not_found_in_bahasa(tmp_path, bahasa):
    path = write_csv(tmp_path / "x.csv", [["NIK", "ALAMAT"], ["3320010101700001", "DUKUH"]])
    r = run_cli("inspect", path)
    assert r.exit_code == 3
    assert r.stderr.startswith(f"dptclean: kesalahan: {path}: tidak ditemukan baris judul kolom "
                               "dalam 40 baris pertama")


@pytest.mark.parametrize("english, bahasa", [
    ("the file is empty", "berkas kosong"),
    ("no sheet 'DPK'; the workbook has: DPT, REKAP", "tidak ada lembar 'DPK'; lembar yang ada: "
     "DPT, REKAP"),
    ("cannot read: Permission denied", "tidak dapat dibaca: Permission denied"),
    ("something new", "something new"),
])
def test_messages_raised_as_text_are_translated_by_pattern(english, bahasa):
    from dptclean.messages import PATTERNS, translate_text

    assert translate_text(english, "id") == bahasa
    assert translate_text(english, "en") == english
    for pattern, template in PATTERNS:
        assert set(pattern.groupindex) == set(re.findall(r"\\g<(\w+)>", template))


def test_no_name_column_in_bahasa(tmp_path, bahasa):
    path = write_csv(tmp_path / "x.csv", [["NIK", "ALAMAT"], ["3320010101700001", "DUKUH"]])
    r = run_cli("inspect", path, "--header-row", "1")
    assert r.exit_code == 3
    assert r.stderr.strip() == (f"dptclean: kesalahan: {path}: tidak ada kolom NAMA di baris "
                                "judul kolom (yang ada: NIK, ALAMAT); gunakan --map "
                                "nama='Judul Kolom Anda'")
