"""Builders for test inputs: small workbooks and CSV files written inside the tests.

Nothing here is real voter data: names, NIKs and places are synthetic. A sheet is a list of
rows; a row is a list of cell values (``None`` leaves the cell empty, ``str`` is written as a
text cell, ``int``/``float`` as a number cell, ``date``/``datetime`` as a date cell).
Fixtures live in ``tests/conftest.py``; tests import what they build from here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest

KPU_HEADER = ["NO", "NKK", "NIK", "NAMA", "TEMPAT LAHIR", "TANGGAL LAHIR", "USIA",
              "STATUS PERKAWINAN", "JENIS KELAMIN", "ALAMAT", "RT", "RW", "DISABILITAS",
              "KETERANGAN", "TPS"]

_NAMES = ["SITI AMINAH", "MUHAMMAD RIZKY", "SRI WAHYUNI", "AGUS SANTOSO", "DEWI LESTARI",
          "BUDI HIDAYAT", "NUR HANDAYANI", "EKO PURNOMO", "RINA RAHAYU", "JOKO SETIAWAN"]

Row = Sequence[object]


def nik(i: int, *, female: bool = False, region: str = "332001") -> str:
    """A well-formed synthetic NIK for voter ``i`` (leading digits never zero)."""
    day = 1 + i % 28 + (40 if female else 0)
    return f"{region}{day:02d}{1 + i % 12:02d}{(70 + i) % 100:02d}{1 + i % 9999:04d}"


def voter(i: int, **override: object) -> list[object]:
    """One record in KPU_HEADER order; keyword arguments replace columns by header name."""
    female = i % 2 == 1
    values = {
        "NO": i + 1, "NKK": f"3320010{i:09d}", "NIK": nik(i, female=female),
        "NAMA": _NAMES[i % len(_NAMES)], "TEMPAT LAHIR": "JEPARA",
        "TANGGAL LAHIR": f"{1 + i % 28:02d}-{1 + i % 12:02d}-19{(70 + i) % 100:02d}",
        "USIA": str(30 + i % 40), "STATUS PERKAWINAN": "S", "JENIS KELAMIN": "P" if female else "L",
        "ALAMAT": f"DUKUH {i % 5}", "RT": f"{1 + i % 9:03d}", "RW": f"{1 + i % 4:03d}",
        "DISABILITAS": None, "KETERANGAN": None, "TPS": "001",
    }
    for key, value in override.items():
        values[key.replace("_", " ")] = value
    return [values[h] for h in KPU_HEADER]


def kpu_sheet(records: Iterable[Row], *, desa: str = "KEDUNGSARIMULYO",
              split_title: bool = False, column_numbers: bool = True,
              footer: bool = True, header: Sequence[str] = KPU_HEADER,
              title: str = "DAFTAR PEMILIH TETAP") -> list[list[object]]:
    """A KPU Model-A style sheet: 4 title rows, a blank row, header, column numbers, records,
    a footer. Non-empty rows: 4 title + header + (column numbers) + records + (footer)."""
    rows: list[list[object]] = [[title], ["PROVINSI : JAWA TENGAH"]]
    rows.append(["KECAMATAN", ": WELAHAN"] if split_title else ["KECAMATAN : WELAHAN"])
    rows.append([f"KELURAHAN/DESA : {desa}"])
    rows.append([])
    rows.append(list(header))
    if column_numbers:
        rows.append([str(k) for k in range(1, len(header) + 1)])
    body = [list(r) for r in records]
    rows.extend(body)
    if footer:
        rows.append(["JUMLAH", None, None, str(len(body))])
    return rows


def write_xlsx(path: Path, sheets: dict[str, Sequence[Row]], *, first_row: int = 0,
               first_col: int = 0) -> Path:
    """Write sheets with xlsxwriter, starting at (first_row, first_col) (0-based)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                _write_cell(ws, first_row + r, first_col + c, value, date_fmt)
    wb.close()
    return path


def _write_cell(ws, r: int, c: int, value: object, date_fmt) -> None:
    if value is None:
        return
    if isinstance(value, str):
        ws.write_string(r, c, value)
    elif isinstance(value, bool):
        ws.write_boolean(r, c, value)
    elif isinstance(value, dt.datetime):
        ws.write_datetime(r, c, value, date_fmt)
    elif isinstance(value, dt.date):
        ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_fmt)
    else:
        ws.write_number(r, c, value)


def write_xls(path: Path, sheets: dict[str, Sequence[Row]], *, first_row: int = 0) -> Path:
    """Write a real BIFF8 .xls with xlwt (a test-only dependency)."""
    xlwt = pytest.importorskip("xlwt")
    wb = xlwt.Workbook()
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for name, rows in sheets.items():
        ws = wb.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, (dt.date, dt.datetime)):
                    ws.write(first_row + r, c, value, date_style)
                else:
                    ws.write(first_row + r, c, value)
    wb.save(str(path))
    return path


def csv_text(rows: Iterable[Row], delimiter: str = ",") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    for row in rows:
        w.writerow(["" if v is None else v for v in row])
    return buf.getvalue()


def write_csv(path: Path, rows: Iterable[Row], *, delimiter: str = ",",
              encoding: str = "utf-8") -> Path:
    path.write_bytes(csv_text(rows, delimiter).encode(encoding))
    return path


def run_cli(*args):
    """``dptclean ARGS`` in-process (arguments turned to text); the click result."""
    from click.testing import CliRunner

    from dptclean.cli import main

    return CliRunner().invoke(main, [str(a) for a in args])


# A small DPT as CSV text: two K1/K2-style duplicate pairs and two single voters (the CLI
# tests that need a tiny list share it).
SMALL_HEADER = ("NO,NIK,NKK,NAMA,TEMPAT LAHIR,TANGGAL LAHIR,JENIS KELAMIN,ALAMAT,RT,RW,KECAMATAN,"
                "DESA\n")
SMALL_ROWS = [
    '1,3320014107800001,3320010101100001,SITI AMINAH,JEPARA,01-07-1980,P,DUKUH KRAJAN,001,002,WELAHAN,BUGO',
    '2,3320014107800001,3320010101100001,HJ. SITI AMINAH,JEPARA,01-07-1980,P,DUKUH WETAN,003,001,MAYONG,PELEMKEREP',
    '3,3320011203750003,3320010101100002,MUHAMMAD SUPARNO,JEPARA,12-03-1975,L,DUKUH KRAJAN,001,002,WELAHAN,BUGO',
    '4,3320011203750003,,MOCH. SOEPARNO S.PD,JEPARA,12-03-1975,L,DUKUH LOR,002,001,MAYONG,PELEMKEREP',
    '5,3320015505900001,3320010101100003,SRI WAHYUNI,KUDUS,15-05-1990,P,DUKUH KRAJAN,001,002,WELAHAN,BUGO',
    '6,3320011010600005,3320010101100004,AHMAD FAUZI,JEPARA,10-10-1960,L,DUKUH KIDUL,004,001,WELAHAN,BUGO',
]


def write_lists(directory: Path, header: str, rows: Sequence[str],
                dpk: str) -> tuple[Path, Path]:
    """A small DPT (``header`` + ``rows``) and DPK (complete text) as CSV files in
    ``directory``: (dpt.csv, khusus.csv)."""
    dpt = directory / "dpt.csv"
    dpt.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    dpk_path = directory / "khusus.csv"
    dpk_path.write_text(dpk, encoding="utf-8")
    return dpt, dpk_path
