"""The review workbook (dedupe -o ganda.xlsx) is a workbook for people, read back in either
language; the terminal after --decisions says what the decisions did."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from tests.builders import KPU_HEADER, run_cli, voter, write_csv

COPIES = (2, 5, 9, 14)        # voters listed twice: four K1 groups, numbered 1..4 in this order


@pytest.fixture
def dpt(tmp_path):
    rows = [voter(i) for i in range(40)] + [voter(i, TPS="002") for i in COPIES]
    return write_csv(tmp_path / "dpt.csv", [KPU_HEADER] + rows)


@pytest.fixture
def bahasa(monkeypatch):
    monkeypatch.setenv("DPTCLEAN_LANG", "id")


def sheet_rows(path):
    ws = openpyxl.load_workbook(path).worksheets[0]
    header = [c.value for c in ws[1]]
    return ws, header, [list(r) for r in ws.iter_rows(min_row=2)]


def test_workbook_for_people_in_bahasa(dpt, tmp_path, bahasa):
    out = tmp_path / "ganda.xlsx"
    r = run_cli("dedupe", dpt, "-o", out, "-q")
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Kelompok ganda", "Petunjuk"]
    ws, header, rows = sheet_rows(out)
    assert header[:9] == ["Kelompok", "Keputusan", "Catatan", "Status tinjauan", "Usulan",
                          "Kategori", "Keyakinan", "Skor", "Alasan"]
    assert "Nama" in header and "Baris" in header and "group_id" not in header
    # technical columns at the end, grouped and hidden
    tech = [j for j, h in enumerate(header) if "(teknis)" in h or h.startswith("Alasan teknis")]
    assert tech and tech == list(range(len(header) - len(tech), len(header)))
    hidden = {k for d in ws.column_dimensions.values() if d.hidden and d.outlineLevel == 1
              for k in range(d.min, d.max + 1)}
    assert hidden == {j + 1 for j in tech}
    # a dropdown on the decision column with the values in both languages
    dv = ws.data_validations.dataValidation
    assert len(dv) == 1 and dv[0].type == "list" and str(dv[0].sqref).startswith("B2:B")
    assert dv[0].formula1 == '"ganda,bukan ganda,pertahankan,duplicate,not_duplicate,keep"'
    # numbers stored as numbers
    col = {h: j for j, h in enumerate(header)}
    for name in ("Kelompok", "Skor", "Baris"):
        cells = [row[col[name]] for row in rows]
        assert all(c.data_type == "n" and isinstance(c.value, (int, float)) for c in cells), name
    assert sorted({row[col["Kelompok"]].value for row in rows}) == [1, 2, 3, 4]
    assert {row[col["Usulan"]].value for row in rows} <= {
        "pertahankan", "usulkan TMS ganda", "tanpa usulan: pilih yang dipertahankan"}
    assert rows[0][col["Alasan"]].value.startswith("NIK sama; nama sama; tanggal lahir sama")
    # the confidence band in Bahasa (the CSV keeps sure / possible)
    assert {row[col["Keyakinan"]].value for row in rows} <= {
        "pasti", "mungkin: perlu verifikasi faktual"}


def test_workbook_in_english(dpt, tmp_path):
    out = tmp_path / "groups.xlsx"
    assert run_cli("dedupe", dpt, "-o", out, "-q", "--lang", "en").exit_code == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Duplicate groups", "How to"]
    _, header, rows = sheet_rows(out)
    assert header[:3] == ["Group", "Decision", "Note"]
    dv = wb.worksheets[0].data_validations.dataValidation[0]
    assert dv.formula1 == '"duplicate,not_duplicate,keep,ganda,bukan ganda,pertahankan"'
    assert rows[0][header.index("Reasons")].value.startswith("same NIK; same name")


def test_csv_stays_the_machine_interface(dpt, tmp_path, bahasa):
    out = tmp_path / "ganda.csv"
    assert run_cli("dedupe", dpt, "-o", out, "-q").exit_code == 0
    g = pd.read_csv(out, dtype=str)
    assert {"group_id", "decision", "reasons", "reasons_technical", "fingerprint"} <= set(g.columns)
    assert g["reasons"].str.startswith("same NIK").all()
    assert g["reasons_technical"].str.contains("p=").all()
    assert set(g["action"]) <= {"keep", "remove", "verify"}


def _fill(path, filled, decisions: dict[int, str]):
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    gcol, dcol = header.index(header[0]), header.index(header[1])
    for row in ws.iter_rows(min_row=2):
        if row[gcol].value in decisions:
            row[dcol].value = decisions[row[gcol].value]
    wb.save(filled)


@pytest.mark.parametrize("lang, reject, confirm", [("id", "bukan ganda", "ganda"),
                                                   ("en", "not_duplicate", "duplicate")])
def test_decisions_round_keeps_numbers_and_reads_either_language(dpt, tmp_path, monkeypatch,
                                                                 lang, reject, confirm):
    monkeypatch.setenv("DPTCLEAN_LANG", lang)
    first, filled, second = tmp_path / "a.xlsx", tmp_path / "filled.xlsx", tmp_path / "b.xlsx"
    assert run_cli("dedupe", dpt, "-o", first, "-q").exit_code == 0
    _, header, rows = sheet_rows(first)
    name_col = header.index("Nama" if lang == "id" else "Name")
    names = {row[0].value: row[name_col].value for row in rows}
    _fill(first, filled, {1: reject, 3: confirm})
    r = run_cli("dedupe", dpt, "--decisions", filled, "-o", second)
    assert r.exit_code == 0, r.output
    _, header2, rows2 = sheet_rows(second)
    numbered = {row[0].value: row[name_col].value for row in rows2
                if isinstance(row[0].value, int)}
    # group 1 was rejected; the others keep their numbers ("Kelompok 3" still points there)
    assert numbered == {k: v for k, v in names.items() if k != 1}
    assert all(row[0].data_type == "n" for row in rows2 if row[0].value != "D1")
    assert [row[0].value for row in rows2 if row[0].data_type == "s"] == ["D1", "D1"]
    score = header2.index("Skor" if lang == "id" else "Score")
    assert all(row[score].data_type == "n" for row in rows2 if isinstance(row[0].value, int))
    # the terminal says what was applied, groups in number order, counted once
    text = " ".join(r.output.split())
    if lang == "id":
        assert "Keputusan dibaca: 2 pasangan (1 ganda, 1 bukan ganda)" in text
        assert "1 pasangan ditolak (bukan ganda) dipisahkan" in text
        assert "Kelompok: 2 baru, 1 dikonfirmasi, 0 sebagian diputuskan" in text
        assert "Kelompok ganda: 3 pertama dari 3" in text
        shown = [int(x) for x in pd.Series(r.output.splitlines()).str.extract(
            r"^\s+Kelompok (\d+) ·")[0].dropna()]
    else:
        assert "Decisions read: 2 pairs (1 duplicate, 1 not duplicate)" in text
        assert "Groups: 2 new, 1 confirmed, 0 partly decided" in text
        shown = [int(x) for x in pd.Series(r.output.splitlines()).str.extract(
            r"^\s+Group (\d+) ·")[0].dropna()]
    assert shown == [2, 3, 4]


def test_groups_listed_in_number_order_not_text_order():
    from dptclean.report.terminal import group_order, numbered_groups

    frame = pd.DataFrame({"group_id": ["10", "2", "D1", "1", "11", "D2"]})
    assert numbered_groups(frame) == ["1", "2", "10", "11"]
    assert sorted(frame["group_id"], key=group_order) == ["1", "2", "10", "11", "D1", "D2"]


def test_an_unknown_decision_is_one_line_in_bahasa(dpt, tmp_path, bahasa):
    first, filled = tmp_path / "a.xlsx", tmp_path / "filled.xlsx"
    assert run_cli("dedupe", dpt, "-o", first, "-q").exit_code == 0
    _fill(first, filled, {2: "mungkin"})
    r = run_cli("dedupe", dpt, "--decisions", filled)
    assert r.exit_code == 3
    line = r.stderr.strip() if hasattr(r, "stderr") else r.output.strip()
    assert line.startswith(f"dptclean: kesalahan: {filled}: baris ")
    assert "keputusan 'mungkin' tidak dikenal; isi dengan ganda / bukan ganda" in line


def test_keep_reasons_and_the_help_sheet_speak_bahasa(dpt, tmp_path, bahasa):
    """Persona review: 'Dasar usulan' read 'no rule decides which record to keep ...' in the
    Bahasa workbook, and the Petunjuk sheet said nothing of Keyakinan nor of 'pertahankan'."""
    out = tmp_path / "ganda.xlsx"
    assert run_cli("dedupe", dpt, "-o", out, "-q").exit_code == 0
    ws, header, rows = sheet_rows(out)
    reasons = {row[header.index("Dasar usulan")].value for row in rows}
    assert "tidak ada aturan yang menentukan data yang dipertahankan (data sama lengkapnya): " \
        "verifikasi di lapangan lalu pilih" in reasons
    assert not any("no rule decides" in str(v) for v in reasons)
    help_text = " ".join(str(c.value) for row in openpyxl.load_workbook(out)["Petunjuk"].iter_rows()
                         for c in row if c.value)
    assert "Keyakinan" in help_text and "'pertahankan'" in help_text
    assert "mungkin: perlu verifikasi faktual" in help_text
