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
    assert r.exit_code == 2 and "DPTCLEAN_LANG=fr: gunakan id atau en" in r.stderr  # Bahasa
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


# --- issue 14: the less common messages, the workbooks for people ------------------------------

def _keys_named_in(path) -> set[str]:
    import ast

    keys = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.keyword) and node.arg == "key" and \
                isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            keys.add(node.value.value)
    return keys


def test_every_message_key_a_raise_site_names_exists_in_both_languages():
    from pathlib import Path

    import dptclean
    from dptclean.io.messages import MESSAGES as READ_MESSAGES
    from dptclean.messages import MESSAGES, fields

    src = Path(dptclean.__file__).resolve().parent
    named = set().union(*(_keys_named_in(p) for p in src.rglob("*.py")))
    assert not named - set(MESSAGES) - set(READ_MESSAGES)
    for key, (bahasa, english) in MESSAGES.items():
        assert fields(bahasa) == fields(english), key
        assert bahasa != english, key


def test_no_english_only_raise_sites_left_in_the_operator_commands():
    """split, decisions, validate and the CLI name their messages by key (Bahasa + English)."""
    import ast
    from pathlib import Path

    import dptclean

    src = Path(dptclean.__file__).resolve().parent
    files = [src / "split.py", src / "decisions.py", src / "validate.py", src / "diff.py",
             *sorted((src / "cli").glob("*.py"))]
    english = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and \
                    ast.unparse(node.exc.func).endswith(("InputError", "SchemaError",
                                                         "ConfigError", "OutputError")) and \
                    node.exc.args and isinstance(node.exc.args[0], (ast.Constant, ast.JoinedStr)):
                english.append(f"{path.name}:{node.lineno}")
    assert not english


@pytest.mark.parametrize("english, bahasa", [
    ("every one of the 1,234 DPT records is marked TMS: no active voter to check",
     "semua 1.234 pemilih DPT ditandai TMS: tidak ada pemilih aktif untuk diperiksa"),
    ("'0.5' is ambiguous: a share is written with %, e.g. 0.5% (50% if you meant the fraction "
     "0.5); a count is a whole number",
     "'0.5' ambigu: persentase ditulis dengan %, mis. 0.5% (50% bila maksudnya pecahan 0.5); "
     "jumlah pemilih ditulis sebagai bilangan bulat"),
    ("is a named pipe (FIFO), not a file; save the list to a file first (or pipe it to "
     "standard input with -)", "ini pipa bernama (FIFO), bukan berkas; simpan dulu daftarnya "
     "ke berkas (atau alirkan ke masukan standar dengan -)"),
    ("already exists (not a directory); choose a new directory", "sudah ada (bukan folder); "
     "pilih folder baru"),
    ("incomplete result: groups.parquet is missing",
     "hasil tidak lengkap: groups.parquet tidak ada"),
])
def test_other_modules_english_messages_read_in_bahasa(english, bahasa):
    from dptclean.messages import translate_text

    assert translate_text(english, "id") == bahasa
    assert translate_text(english, "en") == english


def test_split_by_a_level_the_input_lacks_in_bahasa(tmp_path, bahasa):
    path = write_csv(tmp_path / "dpt.csv", [["NIK", "NAMA", "TANGGAL LAHIR"],
                                            ["3320014107800001", "SITI", "01-07-1980"]])
    r = run_cli("split", path, "--by", "tps", "-o", tmp_path / "kerja")
    assert r.exit_code == 3
    assert "masukan tidak punya kolom tps untuk dasar pemecahan" in r.stderr
    r = run_cli("split", path, "--by", "tps", "-o", tmp_path / "kerja", "--lang", "en")
    assert "the input has no tps column to split by" in r.stderr


def test_a_decisions_file_with_a_typo_in_bahasa(dpt, tmp_path, bahasa):
    import openpyxl

    out = tmp_path / "ganda.xlsx"
    assert run_cli("dedupe", dpt, "-o", out, "-q").exit_code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    col = [c.value for c in ws[1]].index("Keputusan") + 1
    ws.cell(3, col, "gandaa")
    wb.save(out)
    r = run_cli("dedupe", dpt, "--decisions", out)
    assert r.exit_code == 3
    assert r.stderr.strip() == (f"dptclean: kesalahan: {out}: baris 3: keputusan 'gandaa' tidak "
                                "dikenal; isi dengan ganda / bukan ganda / pertahankan / "
                                "verifikasi faktual (duplicate / not_duplicate / keep / verify "
                                "in the field)")


def test_check_limit_written_wrong_in_bahasa(dpt, bahasa):
    r = run_cli("check", dpt, "--max-duplicate-rate", "0.5")
    assert r.exit_code == 2
    assert "'0.5' ambigu: persentase ditulis dengan %" in r.output
    assert "Penggunaan: " in r.output and "Error" not in r.output


def test_workbooks_for_people_have_bahasa_headers(dpt, tmp_path, bahasa):
    openpyxl = pytest.importorskip("openpyxl")

    def first_rows(path):
        wb = openpyxl.load_workbook(path, read_only=True)
        return {ws.title: next(ws.iter_rows(max_row=1, values_only=True), ())
                for ws in wb.worksheets}

    assert run_cli("validate", dpt, "-o", tmp_path / "temuan.xlsx").exit_code == 0
    sheets = first_rows(tmp_path / "temuan.xlsx")
    assert list(sheets) == ["Ringkasan", "Per wilayah", "Temuan"]
    assert sheets["Temuan"][:3] == ("Berkas", "Lembar", "Baris")
    assert "Kode temuan" in sheets["Ringkasan"] and "Tingkat" in sheets["Temuan"]
    assert run_cli("split", dpt, "--by", "tps", "-o", tmp_path / "kerja").exit_code == 0
    work = first_rows(sorted((tmp_path / "kerja").glob("[!i]*.xlsx"))[0])
    header = next(iter(work.values()))
    assert "Nama" in header and "Tanggal lahir" in header and "nama" not in header
    assert first_rows(tmp_path / "kerja" / "index.xlsx") == {
        "indeks": ("Berkas", "Kecamatan", "Kelurahan/Desa", "TPS", "Pemilih")}
    # CSV stays the machine interface
    assert run_cli("split", dpt, "--by", "tps", "-o", tmp_path / "csv",
                   "--file-format", "csv").exit_code == 0
    assert (tmp_path / "csv" / "index.csv").read_text(encoding="utf-8-sig").startswith(
        "file,kecamatan,kelurahan,tps,records")
    # English with --lang en
    assert run_cli("validate", dpt, "-o", tmp_path / "en.xlsx", "--lang", "en").exit_code == 0
    assert list(first_rows(tmp_path / "en.xlsx")) == ["Summary", "By area", "Findings"]


def test_split_groups_work_files_are_review_workbooks_read_back(dpt, tmp_path, bahasa):
    out = tmp_path / "ganda.csv"
    assert run_cli("dedupe", dpt, "-o", out, "-q").exit_code == 0
    assert run_cli("split", "--groups", out, "--by", "tps", "-o", tmp_path / "kerja",
                   "-q").exit_code == 0
    work = sorted((tmp_path / "kerja").glob("[!i]*.xlsx"))
    from dptclean.decisions import read_table

    back = read_table(work[0])
    assert {"group_id", "decision", "fingerprint"} <= set(back.columns)
    r = run_cli("dedupe", dpt, "--decisions", work[0], "-q")
    assert r.exit_code == 0, r.output


def test_inspect_statuses_in_bahasa(dpt, bahasa):
    text = _words(run_cli("inspect", dpt, "--verbose").output)
    assert "dibaca" in text and "baris judul kolom" in text and "read" not in text.split()


def test_check_names_its_limits_in_bahasa(dpt, bahasa):
    text = _words(run_cli("check", dpt, "--max-duplicate-rate", "50%", "--min-records",
                          "10").output)
    assert "persentase ganda" in text and "pemilih DPT aktif" in text
    assert "duplicate_rate" not in text
    en = _words(run_cli("check", dpt, "--max-duplicate-rate", "50%", "--lang", "en").output)
    assert "duplicate_rate" in en
