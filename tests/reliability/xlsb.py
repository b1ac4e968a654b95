"""A small ``.xlsb`` (Excel binary workbook) writer for the tests: no library here writes one.

Writes the records Excel itself writes for a plain sheet, as MS-XLSB describes them:
``xl/workbook.bin`` (``BrtBundleSh`` per sheet), ``xl/sharedStrings.bin`` (``BrtBeginSst``,
``BrtSSTItem``) and one ``xl/worksheets/sheetN.bin`` per sheet (``BrtWsDim``, ``BrtRowHdr``
and cell records: shared strings, inline strings, RK and real numbers). Every writer here builds
the workbook in memory; the hostile variants change one number of one record.
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
from collections.abc import Sequence
from pathlib import Path

BRT_ROW_HDR, BRT_CELL_RK, BRT_CELL_REAL, BRT_CELL_ST, BRT_CELL_ISST = 0x00, 0x02, 0x05, 0x06, 0x07
BRT_BEGIN_SHEET, BRT_END_SHEET, BRT_BEGIN_BOOK, BRT_END_BOOK = 0x81, 0x82, 0x83, 0x84
BRT_BEGIN_BUNDLE_SHS, BRT_END_BUNDLE_SHS, BRT_BEGIN_SHEET_DATA, BRT_END_SHEET_DATA = (
    0x8F, 0x90, 0x91, 0x92)
BRT_WS_DIM, BRT_BUNDLE_SH, BRT_BEGIN_SST, BRT_END_SST, BRT_SST_ITEM = 0x94, 0x9C, 0x9F, 0xA0, 0x13

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.bin" '
    'ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
    "</Types>")
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>')


def record(rtype: int, body: bytes = b"") -> bytes:
    """One BIFF12 record: type and size as 7-bit varints, then the body."""
    head = bytearray()
    t = rtype
    while True:
        head.append((t & 0x7F) | (0x80 if t > 0x7F else 0))
        t >>= 7
        if not t:
            break
    size = len(body)
    while True:
        head.append((size & 0x7F) | (0x80 if size > 0x7F else 0))
        size >>= 7
        if not size:
            break
    return bytes(head) + body


def wide(text: str) -> bytes:
    """XLWideString: a character count, then UTF-16LE."""
    data = text.encode("utf-16-le")
    return struct.pack("<I", len(data) // 2) + data


def row_header(row: int) -> bytes:
    # rw, ixfe, miyRw, flags (3 bytes), ccolspan = 0
    return record(BRT_ROW_HDR, struct.pack("<IIH", row, 0, 300) + b"\x00\x00\x00"
                  + struct.pack("<I", 0))


def cell(col: int, value: object, strings: dict[str, int] | None = None) -> bytes:
    """A cell record for ``value`` at column ``col`` (0-based): a shared string when a
    ``strings`` table is given, else an inline string; an int as RK, a float as a real."""
    head = struct.pack("<II", col, 0)
    if isinstance(value, bool) or value is None:
        raise ValueError(value)
    if isinstance(value, int) and -(2**29) <= value < 2**29:
        return record(BRT_CELL_RK, head + struct.pack("<i", (value << 2) | 2))
    if isinstance(value, (int, float)):
        return record(BRT_CELL_REAL, head + struct.pack("<d", float(value)))
    text = str(value)
    if strings is not None:
        index = strings.setdefault(text, len(strings))
        return record(BRT_CELL_ISST, head + struct.pack("<I", index))
    return record(BRT_CELL_ST, head + wide(text))


def sheet_bin(rows: Sequence[Sequence[object]], strings: dict[str, int] | None = None, *,
              dim: tuple[int, int, int, int] | None = None, extra: bytes = b"") -> bytes:
    """A worksheet part; ``dim`` overrides the declared used range (first/last row/column),
    ``extra`` is appended to the sheet data (a stray cell, say)."""
    width = max((len(r) for r in rows), default=1)
    r0, r1, c0, c1 = dim or (0, max(len(rows) - 1, 0), 0, max(width - 1, 0))
    body = [record(BRT_BEGIN_SHEET), record(BRT_WS_DIM, struct.pack("<IIII", r0, r1, c0, c1)),
            record(BRT_BEGIN_SHEET_DATA)]
    for r, values in enumerate(rows):
        body.append(row_header(r))
        body += [cell(c, v, strings) for c, v in enumerate(values) if v is not None and v != ""]
    body += [extra, record(BRT_END_SHEET_DATA), record(BRT_END_SHEET)]
    return b"".join(body)


def sst_bin(strings: dict[str, int], *, declared: int | None = None) -> bytes:
    items = [record(BRT_SST_ITEM, b"\x00" + wide(s)) for s in sorted(strings, key=strings.get)]
    n = len(items) if declared is None else declared
    return (record(BRT_BEGIN_SST, struct.pack("<II", n, n)) + b"".join(items)
            + record(BRT_END_SST))


def workbook_bin(names: Sequence[str], states: Sequence[int] | None = None) -> bytes:
    states = states or [0] * len(names)
    shs = [record(BRT_BUNDLE_SH, struct.pack("<II", state, i + 1) + wide(f"rId{i + 1}")
                  + wide(name)) for i, (name, state) in enumerate(zip(names, states))]
    return b"".join([record(BRT_BEGIN_BOOK), record(BRT_BEGIN_BUNDLE_SHS), *shs,
                     record(BRT_END_BUNDLE_SHS), record(BRT_END_BOOK)])


def workbook_rels(n: int, shared: bool) -> str:
    rels = "".join(
        f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.bin"/>' for i in range(n))
    if shared:
        rels += (f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/'
                 'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.bin"/>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + rels + "</Relationships>")


def write_xlsb(path: Path, sheets: dict[str, Sequence[Sequence[object]]], *,
               shared: bool = True, sheet_parts: dict[int, bytes] | None = None,
               sst: bytes | None = None) -> Path:
    """Write ``sheets`` (name -> rows) as an .xlsb; ``sheet_parts`` replaces the part of the
    sheet at that 0-based position, ``sst`` the shared-strings part."""
    strings: dict[str, int] | None = {} if shared else None
    parts = {i: sheet_bin(rows, strings) for i, rows in enumerate(sheets.values())}
    parts.update(sheet_parts or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.bin", workbook_bin(list(sheets)))
        z.writestr("xl/_rels/workbook.bin.rels", workbook_rels(len(sheets), strings is not None))
        for i, part in sorted(parts.items()):
            z.writestr(f"xl/worksheets/sheet{i + 1}.bin", part)
        if strings is not None:
            z.writestr("xl/sharedStrings.bin", sst if sst is not None else sst_bin(strings))
    return path


# --- damage, for the fuzzer --------------------------------------------------------------------

_BIG = (0xFFFFFFFF, 0x7FFFFFFF, 0x100000, 0xFFFFF, 0x100001, 16384, 16383, 2**31, 65536,
        2**24, 2**28)
_BIG_TEXT = (b"0", b"1", b"2147483648", b"4294967301", b"1000000000", b"1048577", b"16385",
             b"1000000", b"1000000000000", b"99999999999999999999")


def _members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i.filename, z.read(i.filename)) for i in z.infolist()]


def _rezip(items: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            z.writestr(name, data)
    return buf.getvalue()


def _record_fields(d: bytearray, rng: random.Random) -> None:
    """Overwrite a 4-byte field of 1-3 BIFF12 records with a large or edge value."""
    from dptclean.io.xlscheck import _biff12_header

    recs, i = [], 0
    while (h := _biff12_header(bytes(d), i)) is not None and h[2] + h[1] <= len(d):
        recs.append(h)
        i = h[2] + h[1]
    for _ in range(rng.randint(1, 3)):
        _t, size, body = rng.choice(recs) if recs else (0, 0, 0)
        if size >= 4:
            p = body + 4 * rng.randrange(size // 4)
            d[p:p + 4] = struct.pack("<I", rng.choice(_BIG + (rng.randrange(2**32),)))


def _xml_numbers(d: bytearray, rng: random.Random) -> bytearray:
    """Replace 1-3 quoted numbers of an XML part (repeat counts, sizes) with edge values, and
    sometimes give a cell a huge column repeat."""
    for _ in range(rng.randint(1, 3)):
        nums = list(re.finditer(rb'"(\d+)"', bytes(d)))
        if nums:
            m = rng.choice(nums)
            d[m.start(1):m.end(1)] = rng.choice(_BIG_TEXT)
    if rng.random() < 0.5:
        d = bytearray(bytes(d).replace(
            b"<table:table-cell",
            b'<table:table-cell table:number-columns-repeated="%d"' % rng.choice(
                [16385, 10**6, 2**31]), 1))
    return d


def damage(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """A damaged copy of a zipped workbook and how it was damaged: bytes of the archive
    overwritten, or one member (inflated, changed, zipped again so the damage reaches the
    reader past the checksums) with bytes overwritten, a record field or an XML number set to
    an edge value, cut short, or a span repeated."""
    how = rng.choice(["zip", "bytes", "field", "field", "number", "number", "cut", "repeat"])
    if how == "zip":
        b = bytearray(data)
        for _ in range(rng.randint(1, 30)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b), how
    items = _members(data)
    k = rng.randrange(len(items))
    name, raw = items[k]
    d = bytearray(raw)
    if not d:
        return data, how
    if how == "field" and name.endswith(".bin"):
        _record_fields(d, rng)
    elif how == "number" and name.endswith(".xml"):
        d = _xml_numbers(d, rng)
    elif how == "cut":
        d = d[: rng.randrange(len(d))]
    elif how == "repeat":
        a = rng.randrange(len(d))
        b_ = rng.randrange(a, min(len(d), a + 400) + 1)
        d[a:a] = d[a:b_] * rng.randint(1, 50)
    else:
        for _ in range(rng.randint(1, 20)):
            d[rng.randrange(len(d))] = rng.randrange(256)
    items[k] = (name, bytes(d))
    return _rezip(items), f"{how} {name}"
