"""The bad-input corpus: small hostile or damaged voter-list files, built inside the tests.

Each case says what dptclean must do with it: ``"ok"`` (read; the damage shows up as skipped
rows or findings, never as a lost row) or ``"input"`` (stopped with a one-line error and exit
code 3). Nothing here is real voter data, and nothing large is written to disk: the biggest
file is the 1 MB cell; the zip bombs are 1.6-2.2 MB that would inflate to 1-1.5 GB.
"""

from __future__ import annotations

import os
import random
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.builders import KPU_HEADER, csv_text, kpu_sheet, nik, voter, write_csv, write_xlsx

Builder = Callable[[Path], Path]


@dataclass(frozen=True)
class Case:
    id: str
    build: Builder
    expect: str              # "ok" or "input"
    fragment: str = ""       # a fragment of the error message (expect == "input")
    records: int | None = None  # records loaded (expect == "ok"), when known
    shows: str = ""          # how the damage shows: "skipped:REASON" or "finding:CODE"


def _records(n: int = 5, **override) -> list[list[object]]:
    return [voter(i, **override) for i in range(n)]


def _bytes(name: str, data: bytes) -> Builder:
    def make(d: Path) -> Path:
        p = d / name
        p.write_bytes(data)
        return p
    return make


def _csv(name: str, rows, **kw) -> Builder:
    return lambda d: write_csv(d / name, rows, **kw)


def _xlsx(name: str, rows) -> Builder:
    return lambda d: write_xlsx(d / name, {"DPT": rows})


def truncated_xlsx(d: Path) -> Path:
    full = write_xlsx(d / "full.xlsx", {"S": kpu_sheet(_records(50))})
    p = d / "truncated.xlsx"
    p.write_bytes(full.read_bytes()[: os.path.getsize(full) // 2])
    full.unlink()
    return p


def password_xlsx(d: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_xlsx(d / "plain.xlsx", {"S": kpu_sheet(_records(1))})
    p = d / "locked.xlsx"
    with open(plain, "rb") as src, open(p, "wb") as out:
        OOXMLFile(src).encrypt("rahasia", out)
    plain.unlink()
    return p


# Far past what a real workbook inflates to for its size (the guard in dptclean.io.excel).
BOMB_INFLATED = 1024**3
_BOMB_CACHE: dict[tuple[int, int | None], bytes] = {}


def zip_bomb_bytes(inflated: int = BOMB_INFLATED, declared: int | None = None) -> bytes:
    """A valid-looking workbook whose one sheet inflates to ``inflated`` bytes of XML.

    Written by hand: one deflate block of a megabyte of ``<row/>`` (about 1.5 kB compressed,
    ended by a full flush so it stands alone) repeated, so building it inflates nothing.
    ``declared`` makes the zip headers lie about the inflated size (as hostile bombs do).
    """
    key = (inflated, declared)
    if key in _BOMB_CACHE:
        return _BOMB_CACHE[key]
    import struct
    import zlib

    head = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
            b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>NAMA</t></is></c></row>')
    tail = b"</sheetData></worksheet>"
    chunk = b"<row/>" * (1024 * 1024 // 6)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    repeats = max(1, (inflated - len(head) - len(tail)) // len(chunk))
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = comp.compress(head) + comp.flush(zlib.Z_FULL_FLUSH)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    last = comp.compress(tail) + comp.flush()
    crc = 0
    if declared is None:  # a lying archive's CRC is of no use to anyone: skip the second
        crc = zlib.crc32(head)
        for _ in range(repeats):
            crc = zlib.crc32(chunk, crc)
        crc = zlib.crc32(tail, crc)
    sheet_size = len(head) + repeats * len(chunk) + len(tail)
    sheet = (first, block, repeats, last, crc, sheet_size)

    members: list[tuple[str, object]] = [
        ("[Content_Types].xml", CONTENT_TYPES.encode()), ("_rels/.rels", ROOT_RELS.encode()),
        ("xl/workbook.xml", WORKBOOK.encode()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.encode()),
        ("xl/worksheets/sheet1.xml", sheet)]
    out = bytearray()
    central = bytearray()
    for name, data in members:
        if isinstance(data, bytes):
            comp = zlib.compressobj(9, zlib.DEFLATED, -15)
            packed_parts = [comp.compress(data) + comp.flush()]
            crc_m, size = zlib.crc32(data), len(data)
            packed_len = len(packed_parts[0])
        else:
            first_b, block_b, n, last_b, crc_m, size = data
            packed_parts = [first_b, block_b * n, last_b]
            packed_len = sum(len(p) for p in packed_parts)
            if declared is not None:
                size = declared
        raw = name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc_m, packed_len,
                           size, len(raw), 0) + raw
        for part in packed_parts:
            out += part
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21,
                               crc_m, packed_len, size, len(raw), 0, 0, 0, 0, 0,
                               offset) + raw
    cd_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members),
                       len(central), cd_offset, 0)
    _BOMB_CACHE[key] = bytes(out)
    return _BOMB_CACHE[key]


def zip_bomb_xlsx(d: Path, inflated: int = BOMB_INFLATED, declared: int | None = None,
                  name: str = "bomb.xlsx") -> Path:
    p = d / name
    p.write_bytes(zip_bomb_bytes(inflated, declared))
    return p


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
    '"xl/workbook.xml"/></Relationships>')
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="DPT" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target='
    '"worksheets/sheet1.xml"/></Relationships>')


def mixed_encodings_csv(d: Path) -> Path:
    """UTF-8 rows and Windows-1252 rows in one file (two exports pasted together)."""
    head = ",".join(["NIK", "NAMA", "TGL LAHIR"]) + "\n"
    utf8 = f"{nik(0)},JOSÉ ÁLVAREZ,01-01-1970\n".encode()
    cp = f"{nik(1)},RENÉ SÁNCHEZ,02-01-1970\n".encode("cp1252")
    p = d / "mixed.csv"
    p.write_bytes(head.encode() + utf8 * 3 + cp * 2 + utf8)
    return p


def utf16_csv(d: Path) -> Path:
    p = d / "utf16.csv"
    p.write_bytes(csv_text([KPU_HEADER, *_records(4)], "\t").encode("utf-16"))
    return p


def embedded_newlines_csv(d: Path) -> Path:
    rows = [KPU_HEADER, *_records(3)]
    rows[2][KPU_HEADER.index("ALAMAT")] = "DUKUH KRAJAN\nRT 1\r\nRW 2"
    return write_csv(d / "newlines.csv", rows)


def ragged_csv(d: Path) -> Path:
    rows = [KPU_HEADER, *_records(6)]
    rows[2] = rows[2][:5]                         # short: padded
    rows[3] = rows[3] + ["EXTRA", "MORE"]         # long with data: skipped as ragged
    rows[4] = rows[4] + ["", ""]                  # long with empty cells: kept
    return write_csv(d / "ragged.csv", rows)


def long_cell(d: Path, size: int = 1024 * 1024) -> Path:
    rows = [KPU_HEADER, *_records(3)]
    rows[1][KPU_HEADER.index("ALAMAT")] = "A" * size
    rows[2][KPU_HEADER.index("NAMA")] = "SITI " * (size // 5)
    return write_csv(d / "longcell.csv", rows)


def long_cell_xlsx(d: Path) -> Path:
    rows = kpu_sheet(_records(3))
    # Excel's own limit is 32,767 characters in a cell; fill that.
    rows[7][KPU_HEADER.index("ALAMAT")] = "B" * 32767
    return write_xlsx(d / "longcell.xlsx", {"S": rows})


def year_3000(d: Path) -> Path:
    import datetime as dt

    rows = kpu_sheet(_records(4))
    col = KPU_HEADER.index("TANGGAL LAHIR")
    rows[7][col] = "01-01-3000"
    rows[8][col] = dt.date(3000, 12, 31)   # a real date cell
    rows[9][col] = 9_999_999               # an Excel serial far past year 9999
    return write_xlsx(d / "year3000.xlsx", {"S": rows})


def nik_letters(d: Path) -> Path:
    rows = [KPU_HEADER, *_records(4)]
    col = KPU_HEADER.index("NIK")
    rows[1][col] = "33200I14II430001"
    rows[2][col] = "NIK TIDAK ADA"
    rows[3][col] = "３３２００１４１１１４３０００１"  # full-width digits
    return write_csv(d / "nik_letters.csv", rows)


def formula_cells(d: Path) -> Path:
    """Formulas in cells (their cached results are what a reader sees) and formula text."""
    import xlsxwriter

    p = d / "formulas.xlsx"
    wb = xlsxwriter.Workbook(str(p))
    ws = wb.add_worksheet("DPT")
    for c, h in enumerate(KPU_HEADER):
        ws.write_string(0, c, h)
    for r, rec in enumerate(_records(4), start=1):
        for c, v in enumerate(rec):
            if v is not None:
                ws.write_string(r, c, str(v))
    nama = KPU_HEADER.index("NAMA")
    ws.write_formula(1, nama, '=CONCATENATE("SITI"," ","AMINAH")', None, "SITI AMINAH")
    ws.write_formula(2, KPU_HEADER.index("USIA"), "=1/0", None, "#DIV/0!")
    ws.write_string(3, nama, '=HYPERLINK("http://x.invalid","klik")')
    ws.write_string(4, KPU_HEADER.index("ALAMAT"), "@SUM(1+1)*cmd|' /C calc'!A0")
    wb.close()
    return p


def random_bytes(name: str, n: int = 4096, seed: int = 6) -> Builder:
    return _bytes(name, random.Random(seed).randbytes(n))


def duplicate_columns(d: Path) -> Path:
    head = ["NO", "NIK", "NAMA", "NAMA", "TGL LAHIR", "KET", "KET", ""]
    body = [[str(i + 1), nik(i), f"NAMA {i}", f"ALIAS {i}", "01-01-1970", "B", "U", ""]
            for i in range(4)]
    return write_csv(d / "dupcols.csv", [head, *body])


def empty_columns(d: Path) -> Path:
    rows = [KPU_HEADER + ["", "CATATAN"], *[r + [None, None] for r in _records(4)]]
    for r in rows[1:]:
        r[KPU_HEADER.index("NKK")] = None
        r[KPU_HEADER.index("TANGGAL LAHIR")] = None
    return write_xlsx(d / "emptycols.xlsx", {"S": rows})


def wrong_delimiter(d: Path) -> Path:
    """Semicolon-delimited but told --delimiter ',' (see WRONG_DELIMITER_ARGS)."""
    return write_csv(d / "semicolon.csv", [KPU_HEADER, *_records(4)], delimiter=";")


def nul_bytes_csv(d: Path) -> Path:
    p = d / "nul.csv"
    p.write_bytes(csv_text([["NIK", "NAMA", "TGL LAHIR"], [nik(0), "SI\x00TI", "01-01-1970"],
                            [nik(1), "AGUS", "02-01-1970"]]).encode())
    return p


def _xls_patched(name: str, old: bytes, new: bytes) -> Builder:
    """A real .xls with one record's bytes replaced (the damage fuzzing found)."""
    def make(d: Path) -> Path:
        from tests.builders import write_xls

        p = write_xls(d / name, {"S": kpu_sheet(_records(8))})
        data = p.read_bytes()
        assert data.count(old) == 1, "the record to damage is not where it was"
        p.write_bytes(data.replace(old, new))
        return p
    return make


_DIM = b"\x00\x02\x0e\x00"  # DIMENSIONS, 14 bytes: first row, last row + 1, first col, last + 1
# A sheet whose first row is past its last: the Excel reader's row count wraps to 4 billion
# and it aborts the process asking for 2.5 TB.
xls_wrapped_rows = _xls_patched("wrapped.xls", _DIM + struct.pack("<IIHH", 0, 16, 0, 15),
                                _DIM + struct.pack("<IIHH", 8192, 16, 0, 15))
# A sheet claiming a billion rows: 1.9 TB.
xls_billion_rows = _xls_patched("billion.xls", _DIM + struct.pack("<IIHH", 0, 16, 0, 15),
                                _DIM + struct.pack("<IIHH", 0, 989855744, 0, 15))


def xls_cell_far_right(d: Path) -> Path:
    """Text cells (LABELSST) moved to column 22,792 and row 58,378: the reader sizes the sheet
    to them (1.3 billion cells) and aborts the process asking for 80 GB."""
    from tests.builders import write_xls

    p = write_xls(d / "farright.xls", {"S": kpu_sheet(_records(8))})
    data = bytearray(p.read_bytes())
    # the first LABELSST of the header row (row 5, column 0)
    at = data.find(b"\xfd\x00\x0a\x00" + struct.pack("<HH", 5, 0))
    assert at > 0
    struct.pack_into("<H", data, at + 6, 22791)
    at = data.find(b"\xfd\x00\x0a\x00" + struct.pack("<HH", 5, 1))
    assert at > 0
    struct.pack_into("<H", data, at + 4, 58377)
    p.write_bytes(bytes(data))
    return p


def xlsx_bad_deflate(d: Path) -> Path:
    """A workbook whose sheet's deflate data is damaged (zlib error, not BadZipFile)."""
    p = write_xlsx(d / "baddeflate.xlsx", {"S": kpu_sheet(_records(8))})
    data = bytearray(p.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    at = data.find(b"PK\x03\x04")
    while at >= 0 and data[at + 30:at + 30 + len(name)] != name:
        at = data.find(b"PK\x03\x04", at + 4)
    start = at + 30 + len(name) + struct.unpack_from("<H", data, at + 28)[0]
    for k in range(10, 40):
        data[start + k] ^= 0x5A
    p.write_bytes(bytes(data))
    return p


def unclosed_quote(d: Path) -> Path:
    """A quote opened in row 2 and never closed: it would swallow the 300 rows below."""
    rows = [KPU_HEADER, *_records(301)]
    text = csv_text(rows).replace(f",{rows[2][3]},", f',"{rows[2][3]},', 1)
    p = d / "unclosed.csv"
    p.write_text(text, encoding="utf-8")
    return p


def value_longer_than_a_block(d: Path) -> Path:
    """One 9 MB value: longer than the 8 MB blocks the CSV parser reads."""
    rows = [KPU_HEADER, *_records(3)]
    rows[2][KPU_HEADER.index("ALAMAT")] = "JL. " + "X" * (9 * 1024 * 1024)
    return write_csv(d / "hugevalue.csv", rows)


def stray_cell_far_corner(d: Path) -> Path:
    """A valid workbook with one stray cell typed at XFD1048576 (Excel's last cell): the
    Excel reader allocates the whole used range (17 billion cells) and aborts the process."""
    import xlsxwriter

    p = d / "stray.xlsx"
    wb = xlsxwriter.Workbook(str(p))
    ws = wb.add_worksheet("DPT")
    for r, row in enumerate([KPU_HEADER, *_records(3)]):
        for c, v in enumerate(row):
            if v is not None:
                ws.write_string(r, c, str(v))
    ws.write_string(1048575, 16383, "x")
    wb.close()
    return p


def _xlsb(name: str, stray: bool = False, far_row: bool = False) -> Builder:
    def make(d: Path) -> Path:
        from tests.reliability import xlsb

        rows = [KPU_HEADER, *_records(4)]
        extra = b""
        if stray:
            extra = xlsb.row_header(1048575) + xlsb.cell(16383, "x")
        if far_row:
            extra = xlsb.row_header(0x200000) + xlsb.row_header(9) + xlsb.cell(0, "x")
        part = xlsb.sheet_bin(rows, None, extra=extra)
        return xlsb.write_xlsb(d / name, {"DPT": rows}, shared=False, sheet_parts={0: part})
    return make


def _ods(name: str) -> Builder:
    # (the repeated-rows bomb is refused only where memory is short: it is tested under a
    # 3 GiB limit in test_hostile; here, with the machine's memory, it is read, slowly)
    def make(d: Path) -> Path:
        from tests.reliability import hostile

        return hostile.honest_ods(d, 4)
    return make


CASES: list[Case] = [
    Case("empty csv", _bytes("empty.csv", b""), "input", "empty"),
    Case("empty xlsx", _bytes("empty.xlsx", b""), "input", "empty"),
    Case("empty parquet", _bytes("empty.parquet", b""), "input", "Parquet"),
    Case("header only csv", _csv("header.csv", [KPU_HEADER]), "ok", records=0),
    Case("header only xlsx", _xlsx("header.xlsx", [KPU_HEADER]), "ok", records=0),
    Case("random bytes .xlsx", random_bytes("random.xlsx"), "input", "not a valid Excel"),
    Case("random bytes .xls", random_bytes("random.xls"), "input", "not a valid .xls"),
    Case("random bytes .csv", random_bytes("random.csv"), "input"),
    Case("random bytes .parquet", random_bytes("random.parquet"), "input", "Parquet"),
    Case("truncated xlsx", truncated_xlsx, "input", "corrupt or truncated"),
    Case("password xlsx", password_xlsx, "input", "password-protected"),
    Case("zip bomb xlsx", zip_bomb_xlsx, "input", "zip bomb"),
    Case("damaged deflate xlsx", xlsx_bad_deflate, "input", "corrupt"),
    Case("stray cell at XFD1048576", stray_cell_far_corner, "input", "used range reaches row"),
    Case("xls first row past last", xls_wrapped_rows, "input", "corrupt"),
    Case("xls billion rows", xls_billion_rows, "input", "corrupt"),
    Case("xls cell in column 22792", xls_cell_far_right, "input", "column 22,792"),
    Case("wrong delimiter", wrong_delimiter, "input", "no recognisable header"),
    Case("mixed encodings", mixed_encodings_csv, "ok", records=6),
    Case("embedded newlines", embedded_newlines_csv, "ok", records=3),
    Case("ragged rows", ragged_csv, "ok", records=5, shows="skipped:ragged"),
    Case("utf-16 tsv", utf16_csv, "ok", records=4),
    Case("no header", _xlsx("noheader.xlsx", [["DAFTAR"], *[r[1:] for r in _records(4)]]),
         "input", "no recognisable header"),
    Case("duplicate column names", duplicate_columns, "ok", records=4),
    Case("all-empty columns", empty_columns, "ok", records=4, shows="finding:DOB_MISSING"),
    Case("1 MB cells", long_cell, "ok", records=3),
    Case("9 MB value", value_longer_than_a_block, "ok", records=3),
    Case("unclosed quote", unclosed_quote, "input", "never closed"),
    Case("32k cell xlsx", long_cell_xlsx, "ok", records=3),
    Case("year 3000", year_3000, "ok", records=4, shows="finding:DOB_INVALID"),
    Case("NIK with letters", nik_letters, "ok", records=4, shows="finding:NIK_INVALID"),
    Case("formula cells", formula_cells, "ok", records=4),
    Case("NUL bytes", nul_bytes_csv, "ok", records=2),
    Case("xlsb", _xlsb("dpt.xlsb"), "ok", records=4),
    Case("xlsb stray cell at XFD1048576", _xlsb("stray.xlsb", stray=True), "input",
         "used range reaches row"),
    Case("xlsb row past 1048576", _xlsb("far.xlsb", far_row=True), "input", "corrupt"),
    Case("ods as LibreOffice saves it", _ods("honest.ods"), "ok", records=4),
]

# Extra command-line arguments a case needs.
CASE_ARGS = {"wrong delimiter": ["--delimiter", ","]}
