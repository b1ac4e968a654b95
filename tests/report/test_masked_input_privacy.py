"""A list that arrives masked (a public copy: 332001290787****) is masked in the review workbook
like any other: four leading digits, no more. Its visible digits 7-12 are the birth date, which
the masked date column hides (docs/reports.md, Privacy). --show-nik shows what the list has and
never more."""

from __future__ import annotations

from openpyxl import load_workbook

from tests.builders import run_cli as run

HEADER = "NO,NIK,NKK,NAMA,TEMPAT LAHIR,TANGGAL LAHIR,JENIS KELAMIN,ALAMAT,KECAMATAN,DESA\n"
ROWS = [
    "1,332001410780****,332001010110****,SITI AMINAH,JEPARA,01-07-1980,P,DUKUH KRAJAN,WELAHAN,BUGO",
    "2,332001410780****,332001010110****,SITI AMINAH,JEPARA,01-07-1980,P,DUKUH WETAN,WELAHAN,BUGO",
    "3,332001120375****,332001010110****,MUHAMMAD SUPARNO,JEPARA,12-03-1975,L,DUKUH LOR,WELAHAN,BUGO",
    "4,332001550590****,332001010110****,SRI WAHYUNI,KUDUS,15-05-1990,P,DUKUH KRAJAN,WELAHAN,BUGO",
]


def _cells(path, header):
    ws = load_workbook(path).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    i = list(rows[0]).index(header)
    return {r[i] for r in rows[1:] if r[i] is not None}


def _values(path):
    """Every cell of every sheet as text."""
    wb = load_workbook(path)
    return " ".join(str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
                    for c in row if c is not None)


def test_masked_list_review_shows_no_more_than_four_digits(tmp_path):
    src = tmp_path / "dpt masked.csv"
    src.write_text(HEADER + "\n".join(ROWS) + "\n")
    out = tmp_path / "ganda.xlsx"
    res = run("dedupe", src, "-o", out, "-q")
    assert res.exit_code == 0, res.output
    niks = _cells(out, "NIK")
    assert niks == {"3320************"}, niks
    assert _cells(out, "Birth date") == {"**-**-1980"}
    # neither the visible digits 5-12 nor the date they encode is anywhere in the workbook
    text = _values(out)
    assert "01410780" not in text and "410780" not in text and "01-07-1980" not in text

    shown = tmp_path / "ganda-nik.xlsx"
    assert run("dedupe", src, "-o", shown, "-q", "--show-nik").exit_code == 0
    assert _cells(shown, "NIK") == {"332001410780****"}
