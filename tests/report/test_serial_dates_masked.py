"""A birth date typed as an Excel serial number (31234) was masked to '*****' in the review
workbook: the operator saw no year for it, beside '**-**-1985' for the others. It now shows
the year of the normalised date, like any other masked date."""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook, load_workbook

from tests.builders import run_cli as run


def test_serial_birth_date_keeps_its_year_when_masked(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["NO", "NIK", "NAMA", "TANGGAL LAHIR", "JENIS KELAMIN", "KECAMATAN"])
    serial = (date(1963, 4, 10) - date(1899, 12, 30)).days
    ws.append([1, "3320011004630001", "KARIYADI", serial, "L", "KEDUNG"])
    ws.append([2, "3320011004630001", "KARIAYDI", "10-04-1963", "L", "KEDUNG"])
    ws.append([3, "3320015505900001", "SRI WAHYUNI", "15-05-1990", "P", "KEDUNG"])
    src = tmp_path / "dpt.xlsx"
    wb.save(src)
    out = tmp_path / "ganda.xlsx"
    res = run("dedupe", src, "-o", out, "-q")
    assert res.exit_code == 0, res.output
    sheet = load_workbook(out).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    i = list(rows[0]).index("Birth date")
    assert [r[i] for r in rows[1:]] == ["**-**-1963", "**-**-1963"], rows
    # with --show-nik the value is what the list holds
    shown = tmp_path / "full.xlsx"
    assert run("dedupe", src, "-o", shown, "-q", "--show-nik").exit_code == 0
    rows = list(load_workbook(shown).worksheets[0].iter_rows(values_only=True))
    assert str(serial) in {str(r[i]) for r in rows[1:]}, rows
