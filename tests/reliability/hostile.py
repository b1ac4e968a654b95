"""Hostile inputs of round two (issue 13): files that passed the first guards.

Every builder writes a small file (kilobytes) that *declares* or *implies* gigabytes: a stray
cell written in a form the first guard did not recognise, a shared-strings table, repeated
ODS rows, a dictionary-encoded Parquet column. Nothing here inflates anything while building.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tests.builders import KPU_HEADER, kpu_sheet, voter, write_xlsx

INLINE = "t=\"inlineStr\"><is><t>x</t></is></c>"


def rewrite_member(path: Path, member: str, edit) -> Path:
    """Rewrite one member of a zip archive (the others are copied as they are)."""
    src = zipfile.ZipFile(path)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            out.writestr(info.filename, edit(data) if info.filename == member else data)
    src.close()
    path.write_bytes(buf.getvalue())
    return path


def small_workbook(d: Path, name: str = "dpt.xlsx") -> Path:
    return write_xlsx(d / name, {"DPT": kpu_sheet([voter(i) for i in range(3)])})


def _append_row(xml: bytes, row: bytes) -> bytes:
    return xml.replace(b"</sheetData>", row + b"</sheetData>")


def _prepend_row(xml: bytes, row: bytes) -> bytes:
    return re.sub(rb"<sheetData>", b"<sheetData>" + row.replace(b"\\", b"\\\\"), xml, count=1)


# Forms of one stray cell at XFD1048576 that a pattern looking for `c r="..."` misses.
STRAY_FORMS: dict[str, object] = {
    "single quotes": lambda x: _append_row(
        x, b"<row r='1048576'><c r='XFD1048576' t='inlineStr'><is><t>x</t></is></c></row>"),
    "spaces around =": lambda x: _append_row(
        x, b'<row r = "1048576"><c r = "XFD1048576" ' + INLINE.encode() + b"</row>"),
    "cells without r": lambda x: _append_row(
        x, b'<row r="1048576">' + b"<c/>" * 16383 + b"<c " + INLINE.encode() + b"</row>"),
    "far row first": lambda x: _prepend_row(
        x, b'<row r="1048576"><c r="XFD1048576" ' + INLINE.encode() + b"</row>"),
    "namespace prefix": lambda x: _append_row(
        x, b'<x:row xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           b'r="1048576"><x:c r="XFD1048576" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c>'
           b"</x:row>"),
    "newline in tag": lambda x: _append_row(
        x, b'<row\nr="1048576"><c\nr="XFD1048576"\n' + INLINE.encode() + b"</row>"),
}


def stray_cell(d: Path, form: str) -> Path:
    p = small_workbook(d, "stray_" + re.sub(r"\W+", "_", form) + ".xlsx")
    return rewrite_member(p, "xl/worksheets/sheet1.xml", STRAY_FORMS[form])  # type: ignore[arg-type]


def shared_strings_bomb(d: Path, strings: int = 18_000_000) -> Path:
    """A table of millions of empty shared strings: a few hundred KB packed."""
    p = small_workbook(d, "sst_bomb.xlsx")

    def edit(xml: bytes) -> bytes:
        head = re.sub(rb'count="\d+" uniqueCount="\d+"',
                      f'count="{strings}" uniqueCount="{strings}"'.encode(), xml, count=1)
        return head.replace(b"</sst>", b"<si><t/></si>" * strings + b"</sst>")
    return rewrite_member(p, "xl/sharedStrings.xml", edit)


def shared_strings_declared(d: Path, unique: int = 2_000_000_000) -> Path:
    """A shared-strings table that declares two billion strings and holds a few."""
    p = small_workbook(d, "sst_declared.xlsx")

    def edit(xml: bytes) -> bytes:
        return re.sub(rb'uniqueCount="\d+"', f'uniqueCount="{unique}"'.encode(), xml, count=1)
    return rewrite_member(p, "xl/sharedStrings.xml", edit)


_ODS_MANIFEST = b"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""

_ODS_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?>'
             b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
             b' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
             b' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
             b"<office:body><office:spreadsheet><table:table table:name=\"DPT\">")
_ODS_TAIL = b"</table:table></office:spreadsheet></office:body></office:document-content>"


def _ods_cell(value: object, repeat: int = 1) -> bytes:
    rep = f' table:number-columns-repeated="{repeat}"'.encode() if repeat > 1 else b""
    if value is None or value == "":
        return b"<table:table-cell" + rep + b"/>"
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").encode()
    return (b'<table:table-cell office:value-type="string"' + rep + b"><text:p>" + text
            + b"</text:p></table:table-cell>")


def _ods_row(cells: list[bytes], repeat: int = 1) -> bytes:
    rep = f' table:number-rows-repeated="{repeat}"'.encode() if repeat > 1 else b""
    return b"<table:table-row" + rep + b">" + b"".join(cells) + b"</table:table-row>"


def write_ods(path: Path, rows: list[bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", _ODS_MANIFEST)
        z.writestr("content.xml", _ODS_HEAD + b"".join(rows) + _ODS_TAIL)
    return path


def honest_ods(d: Path, n: int = 3) -> Path:
    """A small list as LibreOffice writes it: trailing empty rows and columns repeated."""
    rows = [_ods_row([_ods_cell(v) for v in r] + [_ods_cell(None, 1000)])
            for r in kpu_sheet([voter(i) for i in range(n)])]
    rows.append(_ods_row([_ods_cell(None, 1024)], repeat=1048000))
    return write_ods(d / "honest.ods", rows)


def ods_bomb(d: Path) -> Path:
    """1 KB: one row of 90 values repeated a million times (90 million cells)."""
    rows = [_ods_row([_ods_cell(h) for h in KPU_HEADER]),
            _ods_row([_ods_cell("SITI", 90)], repeat=1_000_000)]
    return write_ods(d / "bomb.ods", rows)


def parquet_bomb(d: Path, rows: int = 2_000_000, width: int = 4096) -> Path:
    """A dictionary-encoded column: one long name repeated; kilobytes on disk, gigabytes read."""
    value = "SITI " + "A" * width
    table = pa.table({"NIK": pa.DictionaryArray.from_arrays(
                          pa.array([0] * rows, pa.int32()), pa.array(["3320010101700001"])),
                      "NAMA": pa.DictionaryArray.from_arrays(
                          pa.array([0] * rows, pa.int32()), pa.array([value])),
                      "TGL LAHIR": pa.DictionaryArray.from_arrays(
                          pa.array([0] * rows, pa.int32()), pa.array(["01-01-1970"]))})
    p = d / "bomb.parquet"
    pq.write_table(table, p, compression="zstd")
    return p
