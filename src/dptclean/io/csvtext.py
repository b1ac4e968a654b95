"""CSV and other delimited text -> a grid: encoding and delimiter detection, title lines,
line numbers a person sees (quoted values may span lines), ragged rows."""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from dptclean.errors import InputError
from dptclean.io.grid import TEXT, Grid, _one_line

DELIMITERS = [",", ";", "|", "\t", "#"]

# UTF-8 where the bytes are UTF-8, Windows-1252 for the bytes that are not: for files pasted
# together from a UTF-8 export and a Windows-1252 one. It never fails to decode: a byte
# Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) becomes the same code point.
MIXED = "dptclean-utf8-cp1252"
_FALLBACK = [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return "".join(_FALLBACK[b] for b in exc.object[exc.start:exc.end]), exc.end


class _MixedDecoder(codecs.IncrementalDecoder):
    def __init__(self, errors: str = "strict") -> None:
        super().__init__(errors)
        self._utf8 = codecs.getincrementaldecoder("utf-8")(MIXED)

    def decode(self, input: bytes, final: bool = False) -> str:  # type: ignore[override]  # noqa: A002
        return self._utf8.decode(input, final)

    def reset(self) -> None:
        self._utf8.reset()

    def getstate(self):  # type: ignore[no-untyped-def]
        return self._utf8.getstate()

    def setstate(self, state) -> None:  # type: ignore[no-untyped-def]
        self._utf8.setstate(state)


def _search_codec(name: str) -> codecs.CodecInfo | None:
    if name.replace("-", "_") != MIXED.replace("-", "_"):
        return None
    utf8 = codecs.lookup("utf-8")
    return codecs.CodecInfo(
        name=MIXED, encode=utf8.encode,
        decode=lambda data, errors="strict": codecs.utf_8_decode(data, MIXED, True),
        incrementalencoder=utf8.incrementalencoder, incrementaldecoder=_MixedDecoder,
        streamreader=utf8.streamreader, streamwriter=utf8.streamwriter)


codecs.register_error(MIXED, _cp1252_fallback)
codecs.register(_search_codec)


def _desurrogate(text: str) -> str:
    """Text decoded with surrogateescape, with the undecodable bytes read as Windows-1252."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", MIXED)


def detect_encoding(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (BOM), else Windows-1252 (or UTF-8 mixed with
    Windows-1252 when both show)."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    head = data[: 1024 * 1024]
    if b"\x00" in head[:4096] and len(head) > 1:
        # UTF-16 without a BOM: every other byte is zero for ASCII text
        zeros_even = head[0:4096:2].count(0)
        zeros_odd = head[1:4096:2].count(0)
        if zeros_odd > len(head[:4096]) // 4:
            return "utf-16-le"
        if zeros_even > len(head[:4096]) // 4:
            return "utf-16-be"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # cut in the middle of a character
            return "utf-8"
    text = head.decode("utf-8", errors="surrogateescape")
    if any(ord(ch) > 0x7F and not 0xDC80 <= ord(ch) <= 0xDCFF for ch in text):
        return MIXED  # valid multi-byte UTF-8 next to bytes that are not UTF-8
    return "cp1252"


def sniff_delimiter(lines: Sequence[str]) -> str:
    """The delimiter that splits the most rows into the same number (>1) of fields.

    ``lines`` may keep their line ends; a quoted value may then span lines.
    """
    best, best_score = ",", (-1, 0)
    for d in DELIMITERS:
        counts = [len(r) for r in _csv_rows(lines, d, limit=60) if any(c.strip() for c in r)]
        multi = [c for c in counts if c > 1]
        if not multi:
            continue
        mode = max(set(multi), key=multi.count)
        score = (multi.count(mode), mode)
        if score > best_score:
            best, best_score = d, score
    return best


def _csv_rows(lines: Sequence[str], delim: str, limit: int) -> list[list[str]]:
    rows: list[list[str]] = []
    try:
        for r in csv.reader(lines, delimiter=delim):
            rows.append(r)
            if len(rows) >= limit:
                break
    except csv.Error:
        pass  # e.g. a NUL byte: the rows read so far are enough to sniff
    return rows


def _head_rows(lines: list[str], delim: str, limit: int = 60):
    """Parse the first lines into rows; per row: cells, first line (1-based), char offset."""
    rows: list[list[str]] = []
    starts: list[int] = []
    offsets: list[int] = []
    ends = np.cumsum([0] + [len(ln) for ln in lines]).tolist()
    reader = csv.reader(lines, delimiter=delim)
    consumed = 0
    try:
        for r in reader:
            starts.append(consumed + 1)
            offsets.append(ends[consumed])
            rows.append(r)
            consumed = reader.line_num
            if len(rows) >= limit:
                break
    except csv.Error:
        pass
    return rows, starts, offsets


HEAD_BYTES = 256 * 1024
# More line breaks than this inside one row's quoted values is a quote that was never closed.
MAX_LINES_IN_A_ROW = 100


def read_csv_bytes(data: bytes, source: str, *, delimiter: str | None = None,
                   encoding: str | None = None, header_hint: int | None = None) -> Grid:
    """Read CSV bytes into a grid; title lines above the header are kept as grid rows."""
    return _read_csv(data[:HEAD_BYTES], len(data), data, source, delimiter=delimiter,
                     encoding=encoding, header_hint=header_hint)


def _any_newline(table: pa.Table) -> bool:
    return any(_has_newline(chunk) for col in table.columns for chunk in col.chunks)


def _has_newline(chunk: pa.Array) -> bool:
    """Whether any value of a string array holds a line break (a scan of its data buffer)."""
    data = chunk.buffers()[2]
    return data is not None and bool((np.frombuffer(data, dtype=np.uint8) == 10).any())


def read_csv_path(path: str, **kw) -> Grid:
    """Read a CSV file into a grid. The file goes to the Arrow parser by path (no copy)."""
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror or exc}", path=path) from None
    return _read_csv(head, size, path, path, **kw)


def _read_all(src: bytes | str, source: str) -> bytes:
    if isinstance(src, bytes):
        return src
    try:
        with open(src, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror or exc}", path=source) from None


@dataclass
class _Head:
    """The start of a CSV file, decoded: where its header row is and what is above it."""

    src: bytes | str          # the whole input (bytes, or a path for the Arrow parser)
    enc: str                  # the encoding to parse with
    delim: str
    width: int                # fields per row (of the header)
    header_line: int          # 1-based line of the header row
    byte_offset: int          # where the header row starts in the bytes
    title_rows: list[list[str]]
    title_lines: list[int]


def _read_csv(head: bytes, size: int, src: bytes | str, source: str, *,
              delimiter: str | None = None, encoding: str | None = None,
              header_hint: int | None = None) -> Grid:
    if not head.strip() and (size <= len(head) or not _read_all(src, source).strip()):
        raise InputError("the file is empty", path=source)
    found = _read_head(head, size, src, source, delimiter=delimiter, encoding=encoding,
                       header_hint=header_hint)
    table, bad_rows, multiline = _parse(found, source, explicit_encoding=bool(encoding))
    positions, bad_physical = _row_numbers(table, bad_rows, multiline, found.header_line,
                                           source)
    table, positions, bad_lines = _place_ragged_rows(table, positions, bad_rows, bad_physical,
                                                     found.delim)
    table, positions = _prepend_titles(table, positions, found.title_rows, found.title_lines)
    skipped = {"ragged": sorted(bad_lines)} if bad_lines else {}
    return Grid(source=source, sheet=None, table=table, row_numbers=positions, skipped=skipped,
                kind="csv")


def _read_head(head: bytes, size: int, src: bytes | str, source: str, *,
               delimiter: str | None, encoding: str | None, header_hint: int | None) -> _Head:
    """Decode the head, sniff the delimiter and find the header row (the first row of the
    table's width; rows above it are title rows)."""
    enc = encoding or detect_encoding(head)
    try:
        codecs.lookup(enc)
    except LookupError:
        raise InputError(f"unknown encoding {enc!r}", path=source) from None
    if codecs.lookup(enc).name.startswith("utf-16"):
        try:
            src = _read_all(src, source).decode(enc).encode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"cannot decode as {enc}: {exc.reason}", path=source) from None
        head, size, enc = src[:HEAD_BYTES], len(src), "utf-8"
    head_codec = "utf-8" if codecs.lookup(enc).name in ("utf-8", "utf-8-sig", MIXED) else enc
    bom = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) and head_codec == "utf-8" \
        else 0
    # surrogateescape: undecodable bytes round-trip, so text offsets map back to byte offsets
    text_head = head[bom:].decode(head_codec, errors="surrogateescape")
    lines = list(io.StringIO(text_head, newline=""))[:400]
    if size > len(head) and lines:
        lines = lines[:-1]  # possibly cut
    delim = delimiter or sniff_delimiter(lines)

    # Logical rows of the head (a quoted value may span lines), with their first line numbers.
    parsed_head, head_starts, head_offsets = _head_rows(lines, delim)
    if size > len(head) and len(parsed_head) > 1:
        # the last row may run past the head: only rows that ended inside it are trusted
        parsed_head, head_starts, head_offsets = (parsed_head[:-1], head_starts[:-1],
                                                  head_offsets[:-1])
    if not parsed_head:
        raise InputError("the file has no rows", path=source)
    width, start_line = _header_position([len(r) for r in parsed_head], head_starts,
                                         header_hint)
    byte_offset = bom + len("".join(lines)[:head_offsets[start_line]].encode(
        head_codec, errors="surrogateescape"))
    return _Head(src, enc, delim, width, head_starts[start_line], byte_offset,
                 parsed_head[:start_line], head_starts[:start_line])


def _header_position(widths: list[int], starts: list[int],
                     header_hint: int | None) -> tuple[int, int]:
    """(the table's width, the index of the header row among the head's rows)."""
    multi = [w for w in widths if w > 1] or widths
    # The table's width: the most common number of fields (ties: the wider); the header is
    # the first row of that width. Rows above it are title rows.
    width = max(set(multi), key=lambda w: (multi.count(w), w))
    if header_hint is None:
        return width, next(i for i, w in enumerate(widths) if w == width)
    # --header-row counts lines; pick the row that starts on (or spans) that line
    start_line = max((i for i, ln in enumerate(starts) if ln <= header_hint + 1), default=0)
    return max(width, widths[start_line]), start_line


def _parse(found: _Head, source: str, *, explicit_encoding: bool
           ) -> tuple[pa.Table, list[tuple[int, str]], bool]:
    """Parse from the header row with Arrow. A byte the guessed encoding cannot decode later
    in the file: UTF-8 mixed with Windows-1252 decodes every byte (nothing is dropped; odd
    bytes show as odd letters)."""
    encodings = [found.enc] if explicit_encoding else [found.enc, MIXED]
    last_exc: Exception | None = None
    for enc_try in dict.fromkeys(encodings):
        try:
            return _arrow_csv(found.src, found.delim, enc_try, found.byte_offset, found.width)
        except UnicodeDecodeError as exc:  # raised by the transcoder of a Python codec
            last_exc = exc
        except pa.ArrowInvalid as exc:
            last_exc = exc
            if "UTF8" in str(exc) or "utf8" in str(exc).lower():
                continue
            raise InputError(f"cannot parse as CSV: {_one_line(exc)}", path=source) from None
    raise InputError(f"cannot decode the text as {found.enc} "
                     f"({_one_line(last_exc or ValueError())}); give another --encoding",
                     path=source)


def _row_numbers(table: pa.Table, bad_rows: list[tuple[int, str]], multiline: bool,
                 header_line: int, source: str) -> tuple[np.ndarray, np.ndarray]:
    """Line numbers of the table rows and of the rejected rows.

    The parser counts logical CSV rows (a quoted value may span lines); people see physical
    lines. Table rows and rejected rows are placed in logical order, then the line breaks
    inside the values of all rows before each one are added."""
    n = table.num_rows
    logical = header_line + np.arange(n, dtype=np.int64)
    bad_logical = header_line + np.array([b[0] for b in bad_rows], dtype=np.int64)
    if len(bad_logical):
        q = np.sort(bad_logical) - np.arange(len(bad_logical))
        logical = logical + np.searchsorted(q, logical, side="right")
    nl = np.zeros(n, dtype=np.int64)
    if multiline and n:
        import pyarrow.compute as pc

        for col in table.columns:
            cnt = pc.fill_null(pc.count_substring(col, "\n"), 0)
            nl += np.asarray(cnt.to_numpy(zero_copy_only=False), dtype=np.int64)
    bad_nl = np.array([b[1].count("\n") for b in bad_rows], dtype=np.int64)
    if not (nl.any() or bad_nl.any()):
        return logical, bad_logical
    all_logical = np.concatenate([logical, bad_logical])
    all_nl = np.concatenate([nl, bad_nl])
    order = np.argsort(all_logical, kind="stable")
    before = np.cumsum(all_nl[order]) - all_nl[order]
    physical = np.empty_like(all_logical)
    physical[order] = all_logical[order] + before
    runaway = all_nl > MAX_LINES_IN_A_ROW
    if runaway.any():
        # A quote that is never closed swallows the rest of the file into one value:
        # refuse rather than pass off thousands of rows as one record.
        first = int(np.argmin(np.where(runaway, physical, np.iinfo(np.int64).max)))
        raise InputError(f"line {int(physical[first]):,}: a quoted value runs over "
                         f"{int(all_nl[first]):,} lines (a quote that is never closed?); "
                         "fix the quote, or give --delimiter", path=source)
    return physical[:n], physical[n:]


def _place_ragged_rows(table: pa.Table, positions: np.ndarray, bad_rows: list[tuple[int, str]],
                       bad_physical: np.ndarray, delim: str
                       ) -> tuple[pa.Table, np.ndarray, list[int]]:
    """Rows with a different number of fields: pad short rows, drop empty extra fields; a
    row with extra non-empty fields cannot be placed and is reported as ragged."""
    if not bad_rows:
        return table, positions, []
    width = table.num_columns
    bad_lines: list[int] = []
    fixed_rows, fixed_lines = [], []
    for line, (_, text) in sorted(zip(bad_physical.tolist(), bad_rows)):
        try:
            cells = next(csv.reader([text], delimiter=delim))
        except (csv.Error, StopIteration):
            cells = [text]
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            bad_lines.append(line)
            continue
        fixed_rows.append([c for c in cells[:width]] + [""] * (width - len(cells)))
        fixed_lines.append(line)
    if fixed_rows:
        extra = pa.table({f"c{i}": pa.array([r[i] for r in fixed_rows], TEXT)
                          for i in range(width)})
        table = pa.concat_tables([table.cast(extra.schema), extra])
        positions = np.concatenate([positions, np.array(fixed_lines, dtype=np.int64)])
        order = np.argsort(positions, kind="stable")
        table = table.take(pa.array(order))
        positions = positions[order]
    return table, positions, bad_lines


def _prepend_titles(table: pa.Table, positions: np.ndarray, title_rows: list[list[str]],
                    title_lines: list[int]) -> tuple[pa.Table, np.ndarray]:
    """Title lines above the header become grid rows (layout detection reads them)."""
    if not title_rows:
        return table, positions
    width = table.num_columns
    wider = max(len(r) for r in title_rows)
    for i in range(width, wider):
        # a title row wider than the table: keep its cells (e.g. "KECAMATAN" | ":" | "X")
        table = table.append_column(f"c{i}", pa.nulls(table.num_rows, TEXT))
    width = max(width, wider)
    tbl_title = pa.table({f"c{i}": pa.array(
        [_desurrogate(r[i].strip()) or None if i < len(r) else None for r in title_rows],
        TEXT)
        for i in range(width)})
    return (pa.concat_tables([tbl_title, table]),
            np.concatenate([np.array(title_lines, dtype=np.int64), positions]))


def _arrow_csv(src: bytes | str, delim: str, enc: str, offset: int,
               width: int) -> tuple[pa.Table, list[tuple[int, str]], bool]:
    """Parse with Arrow from byte ``offset`` (the header row); return the table (string
    columns), the rejected rows (row number counted from the header, text) and whether some
    values span lines (a quoted value holding a line break)."""
    bad: list[tuple[int, str]] = []
    arrow_enc = "utf8" if codecs.lookup(enc).name in ("utf-8", "utf-8-sig") else enc

    def handler(row) -> str:
        bad.append((row.number if row.number is not None else -1, row.text))
        return "skip"

    block = [8 * 1024 * 1024]

    def read(threads: bool, multiline: bool = True) -> pa.Table:  # noqa: FBT001
        # A value longer than a block ("straddling object"): again with bigger blocks.
        while True:
            try:
                return read_once(threads, multiline)
            except pa.ArrowInvalid as exc:
                if "straddl" not in str(exc) or block[0] >= 1024**3:
                    raise
                block[0] *= 8

    def read_once(threads: bool, multiline: bool) -> pa.Table:  # noqa: FBT001
        if isinstance(src, bytes):
            stream = pa.BufferReader(pa.py_buffer(src))
        else:
            stream = pa.OSFile(src)
        try:
            stream.seek(offset)
            return pacsv.read_csv(
                stream,
                read_options=pacsv.ReadOptions(
                    autogenerate_column_names=True, encoding=arrow_enc,
                    use_threads=threads, block_size=block[0]),
                parse_options=pacsv.ParseOptions(
                    delimiter=delim, quote_char='"', newlines_in_values=multiline,
                    ignore_empty_lines=False, invalid_row_handler=handler),
                convert_options=pacsv.ConvertOptions(
                    column_types={f"f{i}": TEXT for i in range(max(width, 256))},
                    strings_can_be_null=False, quoted_strings_can_be_null=False),
            )
        finally:
            stream.close()

    # Fast path: blocks split at any line break, parsed in parallel. It is only right when no
    # quoted value holds a line break; when one does, either a value shows it or the block
    # split cut a row and left rows with the wrong number of fields (or a parse error). Then
    # the file is parsed again with line breaks allowed in values.
    table = None
    try:
        table = read(True, False)
    except pa.ArrowInvalid:
        pass
    multiline = table is None or bool(bad) or _any_newline(table)
    if multiline:
        bad.clear()
        table = read(True, True)
        if bad:
            bad.clear()
            table = read(False, True)  # serially, so the parser reports row numbers
        multiline = _any_newline(table)
    assert table is not None
    table = table.rename_columns([f"c{i}" for i in range(table.num_columns)])
    if any(t != TEXT for t in table.schema.types):
        table = table.cast(pa.schema([(name, TEXT) for name in table.column_names]))
    # Arrow numbers rows from 1 at the header; the grid counts the header as row 0.
    return table, [(b[0] - 1, b[1]) for b in bad if b[0] >= 0], multiline
