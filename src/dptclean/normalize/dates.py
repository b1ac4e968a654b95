"""Birth dates: any format seen in voter lists -> ISO ``yyyy-mm-dd`` and a status.

Day/month order is a property of a column, not of a row: a value such as ``03-04-1980`` is
read in the order the rest of its source file/sheet shows (values with a part above 12 are the
evidence), or in the order the caller forces with ``date_order``. When a column gives no
evidence, or contradicts itself, such values keep the Indonesian reading (day first) and get the
status ``ambiguous``.

Masked public copies star a part of the date (docs/domain.md, "NIK and NKK": "sometimes the
birth year"): ``22-07-****``, ``**-07-1980``. Such a value is not a date, but its known parts
are evidence. It gets the status ``partial``, its ISO column stays empty, and
:func:`partial_dates` keeps the known parts in ISO 8601's reduced forms: ``--07-22`` (month and
day, year unknown), ``1980-07`` (year and month), ``1980`` (year only).

Everything is computed on the unique values of the column and mapped back.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dptclean.errors import ConfigError
from dptclean.normalize.text import clean_upper, factorize, from_arrow, to_arrow
from dptclean.schema import DATE_ORDERS

OK = "ok"
PLACEHOLDER = "placeholder"
INVALID = "invalid"
MISSING = "missing"
AMBIGUOUS = "ambiguous"
PARTIAL = "partial"   # a part of the date starred (masked copies): see partial_dates
STATUSES: tuple[str, ...] = (OK, PLACEHOLDER, INVALID, MISSING, AMBIGUOUS, PARTIAL)


# Birthdays civil registry used when the real one was unknown: 31 Dec (before 2004),
# 1 Jul (since 2004), 1 Jan.
PLACEHOLDER_DAYS: tuple[tuple[int, int], ...] = ((31, 12), (1, 7), (1, 1))

# Share of a column's unambiguous values that may contradict its order before the column
# counts as mixed (its ambiguous values are then marked ambiguous).
MIXED_SHARE = 0.10

MIN_AGE_FOR_PIVOT = 17  # two-digit years: nobody on a voter list is younger than this
MIN_YEAR = 1900

MONTHS: dict[str, int] = {}
for _n, _names in enumerate((
    ("JANUARI", "JANUARY", "JAN", "JANUARY"),
    ("FEBRUARI", "PEBRUARI", "FEBRUARY", "FEB", "PEB", "PEBR", "FEBR"),
    ("MARET", "MARCH", "MAR", "MRT"),
    ("APRIL", "APR", "APRL"),
    ("MEI", "MAY"),
    ("JUNI", "JUNE", "JUN"),
    ("JULI", "JULY", "JUL"),
    ("AGUSTUS", "AUGUST", "AGU", "AGT", "AGS", "AUG", "AGUST", "AGST"),
    ("SEPTEMBER", "SEP", "SEPT", "SEPTEMBRE"),
    ("OKTOBER", "OCTOBER", "OKT", "OCT", "OKTOBR"),
    ("NOVEMBER", "NOPEMBER", "NOV", "NOP"),
    ("DESEMBER", "DECEMBER", "DES", "DEC", "DESEMBR"),
), start=1):
    for _name in _names:
        MONTHS[_name] = _n

_TIME = r"[ T]+\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?$"
_MISSING = r"^(?:[0\s\-/.|]+|NULL|NAN|NONE|NAT|NA|N/A|TIDAK ADA|TIDAK DIKETAHUI|TDK ADA|\?+|-+)$"
_SEP = r"[\-/.|\\\s]"
_P_YMD = rf"^(?P<a>\d{{4}}){_SEP}+(?P<b>\d{{1,2}}){_SEP}+(?P<c>\d{{1,2}})$"
_P_NUM = rf"^(?P<a>\d{{1,2}}){_SEP}+(?P<b>\d{{1,2}}){_SEP}+(?P<c>\d{{4}}|\d{{2}})$"
_P_COMPACT = r"^(?P<a>\d{2})(?P<b>\d{2})(?P<c>\d{4}|\d{2})$"
_P_SERIAL = r"^(?P<a>\d{5})(?:[.,]0+)?$"
_P_NAMED = r"^(?P<a>\d{1,2})[\s\-/.,]*(?P<b>[A-Z]{3,})[\s\-/.,]*(?P<c>\d{4}|\d{2})$"
_P_NAMED_FIRST = r"^(?P<b>[A-Z]{3,})[\s\-/.,]*(?P<a>\d{1,2})[\s,]+(?P<c>\d{4})$"

_NULL = pa.scalar(None, pa.string())


def _ints(struct: pa.Array, name: str) -> np.ndarray:
    if struct.type.get_field_index(name) < 0:
        return np.full(len(struct), -1)
    col = pc.struct_field(struct, name)
    return pc.fill_null(pc.cast(col, pa.int64()), -1).to_numpy(zero_copy_only=False)


def _extract(text: pa.Array, pattern: str, named: bool = False
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(matched, a, b, c) as numpy arrays (-1 where no match); b is a month name if named."""
    struct = pc.extract_regex(text, pattern)
    matched = pc.fill_null(pc.is_valid(struct), False).to_numpy(zero_copy_only=False)
    b = _month_numbers(pc.struct_field(struct, "b")) if named else _ints(struct, "b")
    return matched, _ints(struct, "a"), b, _ints(struct, "c")


def _month_numbers(names: pa.Array) -> np.ndarray:
    encoded = pc.fill_null(names, "").dictionary_encode()
    lookup = np.array([MONTHS.get(n, -1) for n in encoded.dictionary.to_pylist()] or [-1])
    return lookup[encoded.indices.to_numpy(zero_copy_only=False)]


def _days_in_month(y: np.ndarray, m: np.ndarray) -> np.ndarray:
    table = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    mm = np.clip(m, 0, 12)
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    return table[mm] + ((mm == 2) & leap)


def resolve_two_digit_year(yy: np.ndarray, reference: date) -> np.ndarray:
    """Two-digit years -> four digits with a pivot that keeps every voter 17 or older."""
    pivot = (reference.year - MIN_AGE_FOR_PIVOT) % 100
    century = (reference.year - MIN_AGE_FOR_PIVOT) // 100 * 100
    return np.where(yy <= pivot, century + yy, century - 100 + yy)


def _iso(y: np.ndarray, m: np.ndarray, d: np.ndarray, ok: np.ndarray) -> pa.Array:
    """ISO strings for valid (y, m, d) (four-digit years); null elsewhere."""
    if len(y) == 0:
        return pa.array([], pa.string())
    mask = ~np.asarray(ok, bool)

    def part(values: np.ndarray, width: int) -> pa.Array:
        text = pc.cast(pa.array(np.asarray(values, np.int64), pa.int64(), mask=mask), pa.string())
        return pc.utf8_lpad(text, width, "0")

    return pc.binary_join_element_wise(part(y, 4), part(m, 2), part(d, 2), "-")


def _validate(y, m, d, reference: date) -> np.ndarray:
    ok = (m >= 1) & (m <= 12) & (d >= 1) & (y >= MIN_YEAR)
    ok &= d <= _days_in_month(y, m)
    ref = reference.year * 10000 + reference.month * 100 + reference.day
    ok &= (y * 10000 + m * 100 + d) <= ref
    return ok


class _Parsed:
    """Per unique value: the readings in each order, their validity and the order evidence."""

    def __init__(self, uniques: pa.Array, reference: date):
        text = clean_upper(uniques)
        text = pc.replace_substring_regex(text, _TIME, "")
        text = pc.utf8_trim(text, " ,.")
        n = len(uniques)
        self.n = n
        missing = pc.fill_null(pc.match_substring_regex(text, _MISSING), True)
        self.missing = missing.to_numpy(zero_copy_only=False) | \
            pc.is_null(text).to_numpy(zero_copy_only=False)
        y = np.full(n, -1)
        m = np.full(n, -1)
        d = np.full(n, -1)
        fixed = np.zeros(n, bool)  # parsed with a single possible reading
        # year first: yyyy-mm-dd (also Excel date cells the readers wrote as ISO)
        hit, a, b, c = _extract(text, _P_YMD)
        y, m, d = np.where(hit, a, y), np.where(hit, b, m), np.where(hit, c, d)
        fixed |= hit
        # Excel serial numbers (days since 1899-12-30)
        hit, a, _, _ = _extract(text, _P_SERIAL)
        if hit.any():
            serial = np.where(hit, a, 0)
            days = np.datetime64("1899-12-30") + serial.astype("timedelta64[D]")
            ys = days.astype("datetime64[Y]").astype(int) + 1970
            ms = days.astype("datetime64[M]").astype(int) % 12 + 1
            ds = (days - days.astype("datetime64[M]")).astype(int) + 1
            y, m, d = np.where(hit, ys, y), np.where(hit, ms, m), np.where(hit, ds, d)
            fixed |= hit
        # month names: "01 JULI 1980", "1-Agu-75", "July 1, 1980"
        for pattern in (_P_NAMED, _P_NAMED_FIRST):
            hit, a, b, c = _extract(text, pattern, named=True)
            hit &= ~fixed & (b > 0)
            c = np.where(hit & (c < 100), resolve_two_digit_year(c, reference), c)
            y, m, d = np.where(hit, c, y), np.where(hit, b, m), np.where(hit, a, d)
            fixed |= hit
        # yyyymmdd written without separators
        hit, a, b, c = _extract(text, r"^(?P<a>(?:19|20)\d{2})(?P<b>\d{2})(?P<c>\d{2})$")
        hit &= ~fixed & _validate(a, b, c, reference)
        y, m, d = np.where(hit, a, y), np.where(hit, b, m), np.where(hit, c, d)
        fixed |= hit
        # two numbers and a year: dd-mm-yyyy or mm-dd-yyyy (order decided per column)
        hit1, a1, b1, c1 = _extract(text, _P_NUM)
        hit2, a2, b2, c2 = _extract(text, _P_COMPACT)
        hit2 &= ~hit1
        pair = (hit1 | hit2) & ~fixed
        a = np.where(hit1, a1, a2)
        b = np.where(hit1, b1, b2)
        c = np.where(hit1, c1, c2)
        two_digit = pair & (c < 100)
        year = np.where(two_digit, resolve_two_digit_year(c, reference), c)
        self.pair = pair
        self.a, self.b = a, b
        # readings: 0 = day first, 1 = month first, 2 = two-digit year first (yy-mm-dd)
        ry = [np.where(pair, year, y), np.where(pair, year, y),
              np.where(pair & two_digit, resolve_two_digit_year(a, reference), y)]
        rm = [np.where(pair, b, m), np.where(pair, a, m), np.where(pair & two_digit, b, m)]
        rd = [np.where(pair, a, d), np.where(pair, b, d), np.where(pair & two_digit, c, d)]
        valid = [_validate(ry[i], rm[i], rd[i], reference) for i in range(3)]
        valid[2] &= ~pair | two_digit
        # a value with only one possible reading uses it whatever the column's order
        for i, j in ((0, 1), (1, 0)):
            swap = pair & ~valid[i] & valid[j]
            ry[i], rm[i], rd[i] = (np.where(swap, ry[j], ry[i]), np.where(swap, rm[j], rm[i]),
                                   np.where(swap, rd[j], rd[i]))
            valid[i] = valid[i] | swap
        # yy-mm-dd only where the year is two digits; otherwise the day-first reading
        swap = ~valid[2] & valid[0]
        ry[2], rm[2], rd[2] = (np.where(swap, ry[0], ry[2]), np.where(swap, rm[0], rm[2]),
                               np.where(swap, rd[0], rd[2]))
        valid[2] = valid[2] | swap
        self.dmy_evidence = pair & (a > 12) & (a <= 31) & (b >= 1) & (b <= 12)
        self.mdy_evidence = pair & (b > 12) & (b <= 31) & (a >= 1) & (a <= 12)
        self.ambiguous = pair & (a >= 1) & (a <= 12) & (b >= 1) & (b <= 12) & (a != b)
        self.readings = (ry, rm, rd)
        self.valid = valid
        self.parsed = fixed | pair

    def iso_and_status(self, reading: int) -> tuple[pa.Array, np.ndarray]:
        ry, rm, rd = self.readings
        y, m, d = ry[reading], rm[reading], rd[reading]
        ok = self.valid[reading] & self.parsed & ~self.missing
        placeholder = np.zeros(self.n, bool)
        for dd, mm in PLACEHOLDER_DAYS:
            placeholder |= (d == dd) & (m == mm)
        status = np.where(self.missing, 3, np.where(~ok, 2, np.where(placeholder, 1, 0)))
        return _iso(y, m, d, ok), status


def normalize_dates(
    values: pd.Series,
    *,
    groups: pd.Series | np.ndarray | None = None,
    date_order: str | None = None,
    reference: date | None = None,
    hints: pd.Series | None = None,
) -> tuple[pd.Series, pd.Series]:
    """Parse birth dates; return (``tanggal_lahir_norm``, ``tanggal_lahir_status``).

    ``groups`` labels the rows whose values share a format (e.g. source file + sheet); the
    day/month order of each group is decided from its unambiguous values unless ``date_order``
    ("dmy", "mdy" or "ymd") forces it. ``reference`` (default today) bounds the dates and pivots
    two-digit years. ``hints`` (ISO dates per row, e.g. the birth dates encoded in the NIKs)
    add evidence for the order of a group: an ambiguous value that agrees with its hint in one
    order only counts for that order. Hints never decide a single row on their own.
    """
    if date_order is not None and date_order not in DATE_ORDERS:
        raise ConfigError(f"unknown date order {date_order!r}; use one of "
                          + ", ".join(DATE_ORDERS))
    reference = reference or date.today()
    index = values.index
    n = len(values)
    codes, uniques = factorize(values)
    parsed = _Parsed(uniques, reference)
    gcodes = _group_codes(groups, n)
    ngroups = int(gcodes.max()) + 1 if n else 0
    valid_row = codes >= 0
    safe = np.where(valid_row, codes, 0)
    dmy_ev = np.bincount(gcodes, weights=(parsed.dmy_evidence[safe] & valid_row) if len(uniques)
                         else np.zeros(n), minlength=ngroups)
    mdy_ev = np.bincount(gcodes, weights=(parsed.mdy_evidence[safe] & valid_row) if len(uniques)
                         else np.zeros(n), minlength=ngroups)
    if hints is not None and n and len(uniques):
        hint = to_arrow(hints)
        hd = _slice_int(hint, 8, 10)
        hm = _slice_int(hint, 5, 7)
        amb = parsed.ambiguous[safe] & valid_row
        a, b = parsed.a[safe], parsed.b[safe]
        dmy_ev = dmy_ev + np.bincount(gcodes, weights=amb & (a == hd) & (b == hm),
                                      minlength=ngroups)
        mdy_ev = mdy_ev + np.bincount(gcodes, weights=amb & (b == hd) & (a == hm),
                                      minlength=ngroups)
    if date_order is not None:
        order = np.full(ngroups, DATE_ORDERS.index(date_order))
        unresolved = np.zeros(ngroups, bool)
    else:
        order = np.where(mdy_ev > dmy_ev, 1, 0)
        total = dmy_ev + mdy_ev
        minority = np.minimum(dmy_ev, mdy_ev)
        unresolved = (total == 0) | (minority > MIXED_SHARE * total)
    iso_parts = []
    status_parts = []
    for reading in range(3):
        iso, status = parsed.iso_and_status(reading)
        iso_parts.append(iso)
        status_parts.append(status)
    all_iso = pa.concat_arrays(iso_parts) if len(uniques) else pa.array([], pa.string())
    all_status = np.concatenate(status_parts) if len(uniques) else np.zeros(0, np.int64)
    row_reading = order[gcodes] if n else np.zeros(0, np.int64)
    pick = row_reading * len(uniques) + safe
    iso_rows = all_iso.take(pa.array(pick, pa.int64(), mask=~valid_row)) if n else all_iso
    status_rows = np.where(valid_row, all_status[pick] if len(uniques) else 3, 3)
    if n and len(uniques):
        amb = parsed.ambiguous[safe] & valid_row & unresolved[gcodes] & (status_rows <= 1)
        status_rows = np.where(amb, 4, status_rows)
    if n and len(uniques):
        py, pm, _ = _partial_parts(uniques, reference)
        part = ((py > 0) | (pm > 0))[safe] & valid_row
        status_rows = np.where(part & (status_rows == 2), 5, status_rows)
    status = pa.array(list(STATUSES_BY_CODE), pa.string()).take(pa.array(status_rows,
                                                                            pa.int64()))
    return from_arrow(iso_rows, index), from_arrow(status, index)


def _slice_int(arr: pa.Array, start: int, stop: int) -> np.ndarray:
    part = pc.utf8_slice_codeunits(arr, start, stop)
    ok = pc.fill_null(pc.match_substring_regex(part, r"^\d+$"), False)
    return pc.fill_null(pc.cast(pc.if_else(ok, part, _NULL), pa.int64()), -2) \
        .to_numpy(zero_copy_only=False)


def _group_codes(groups, n: int) -> np.ndarray:
    if groups is None:
        return np.zeros(n, np.int64)
    arr = np.asarray(groups)
    if arr.dtype.kind in "iu":
        return arr.astype(np.int64)
    return pd.factorize(pd.Series(arr, dtype=object).fillna(""))[0].astype(np.int64)


STATUSES_BY_CODE: tuple[str, ...] = (OK, PLACEHOLDER, INVALID, MISSING, AMBIGUOUS, PARTIAL)


# --- partial (masked) dates -------------------------------------------------------------------

_STAR = r"(?:\*+|X+|\?+|-{2,})"
_P_PART_DMY = rf"^(?P<d>\d{{1,2}}|{_STAR}){_SEP}+(?P<m>\d{{1,2}}|{_STAR}){_SEP}+(?P<y>\d{{4}}|{_STAR})$"
_P_PART_YMD = rf"^(?P<y>\d{{4}}|{_STAR}){_SEP}+(?P<m>\d{{1,2}}|{_STAR}){_SEP}+(?P<d>\d{{1,2}}|{_STAR})$"
_MAX_DAY = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _partial_parts(uniques: pa.Array, reference: date) -> tuple[np.ndarray, np.ndarray,
                                                                 np.ndarray]:
    """Per unique value: (year, month, day) of a date with a part starred, 0 where a part is
    unknown, all 0 where the value is not such a date (a full date, or unreadable).

    Day-first unless the year comes first; a star stands for a whole part. At least two parts
    must be known (a year alone is kept too: ``**-**-1980``), and the known ones must be able to
    make a date (day 1-31 within the month, month 1-12, year 1900 to the reference year)."""
    n = len(uniques)
    y, m, d = np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n, np.int64)
    if not n:
        return y, m, d
    text = pc.utf8_trim(pc.replace_substring_regex(clean_upper(uniques), _TIME, ""), " ,.")
    starred = pc.fill_null(pc.match_substring_regex(text, r"\*|X|\?|--"), False)
    done = np.zeros(n, bool)
    for pattern in (_P_PART_YMD, _P_PART_DMY):
        struct = pc.extract_regex(text, pattern)
        hit = pc.fill_null(pc.is_valid(struct), False).to_numpy(zero_copy_only=False)
        hit &= starred.to_numpy(zero_copy_only=False) & ~done
        if not hit.any():
            continue
        py, pm, pd_ = (_digit_part(struct, k) for k in ("y", "m", "d"))
        y, m, d = np.where(hit, py, y), np.where(hit, pm, m), np.where(hit, pd_, d)
        done |= hit
    y, m, d = np.maximum(y, 0), np.maximum(m, 0), np.maximum(d, 0)
    # a day/month swap written month first (07-22-****): the only reading that makes a date
    swap = done & (m > 12) & (m <= 31) & (d >= 1) & (d <= 12)
    m, d = np.where(swap, d, m), np.where(swap, m, d)
    known = (y > 0).astype(int) + (m > 0) + (d > 0)
    ok = done & (known < 3) & ((known >= 2) | (y > 0)) & ~((d > 0) & (m == 0) & (y > 0))
    ok &= (m <= 12) & (d <= np.where(m > 0, _MAX_DAY[np.clip(m, 0, 12)], 31))
    ok &= (y == 0) | ((y >= MIN_YEAR) & (y <= reference.year))
    return np.where(ok, y, 0), np.where(ok, m, 0), np.where(ok, d, 0)


def _digit_part(struct: pa.Array, name: str) -> np.ndarray:
    """A captured part as an integer; 0 where it is starred (or not matched)."""
    col = pc.struct_field(struct, name)
    digits = pc.fill_null(pc.match_substring_regex(col, r"^\d+$"), False)
    return pc.fill_null(pc.cast(pc.if_else(digits, col, _NULL), pa.int64()), 0) \
        .to_numpy(zero_copy_only=False)


def _partial_text(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> pa.Array:
    """ISO 8601 reduced forms: ``--MM-DD``, ``YYYY-MM``, ``YYYY``; null where nothing is known."""
    def part(values: np.ndarray, width: int) -> pa.Array:
        text = pc.cast(pa.array(values, pa.int64(), mask=values <= 0), pa.string())
        return pc.utf8_lpad(text, width, "0")

    ys, ms, ds = part(y, 4), part(m, 2), part(d, 2)
    month_day = pc.binary_join_element_wise(pa.scalar("-"), ms, ds, "-")
    year_month = pc.binary_join_element_wise(ys, ms, "-")
    out = pc.if_else(pa.array((y == 0) & (m > 0) & (d > 0)), month_day,
                     pc.if_else(pa.array((y > 0) & (m > 0)), year_month, ys))
    return out


def partial_dates(values: pd.Series, *, reference: date | None = None) -> pd.Series:
    """The known parts of birth dates with a part starred (masked copies), in ISO 8601's
    reduced forms: ``22-07-****`` -> ``--07-22``, ``**-07-1980`` -> ``1980-07``,
    ``**-**-1980`` -> ``1980``; null for full dates, missing and unreadable values (the
    ``partial`` status of :func:`normalize_dates` marks the same rows)."""
    reference = reference or date.today()
    codes, uniques = factorize(values)
    y, m, d = _partial_parts(uniques, reference)
    text = _partial_text(y, m, d) if len(uniques) else pa.array([], pa.string())
    rows = text.take(pa.array(codes, pa.int64(), mask=codes < 0)) if len(values) else text
    return from_arrow(rows, values.index)
