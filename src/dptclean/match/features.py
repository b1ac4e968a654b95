"""Arrays the matcher works on, built once from a normalised frame (vectorised).

Everything is turned into integer codes and small fixed-width arrays so that blocking and
comparison run in numpy / rapidfuzz without a Python loop per record.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dptclean import schema
from dptclean.normalize.address import address_parts_arrow, rt_number
from dptclean.parallel import start

# NIK kinds
NIK_NONE, NIK_FULL, NIK_DAMAGED, NIK_MASKED, NIK_INVALID = 0, 1, 2, 3, 4
UNKNOWN_DIGIT = 255
SEX_UNKNOWN, SEX_L, SEX_P = 0, 1, 2


_STR = pd.StringDtype("pyarrow")


def _text(frame: pd.DataFrame, col: str) -> pd.Series:
    if col not in frame.columns:
        return pd.Series([None] * len(frame), index=frame.index, dtype="string")
    s = frame[col]
    if s.dtype != _STR:
        s = s.astype(_STR)
    s = s.str.strip()
    return s.mask(s == "")


def codes_of(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Factorise: (codes with -1 for missing, the unique values)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return codes.astype(np.int64), np.asarray(uniques, dtype=object)


Fold = Callable[[pd.Series], pd.Series]


def _text_codes(frame: pd.DataFrame, col: str, fold: Fold | None = None,
                memo: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``codes_of(fold(_text(frame, col)))``, computed once per distinct value of the column
    (``fold`` works value by value and keeps missing values missing). The codes are numbered
    as codes_of numbers them: in order of first appearance. ``memo`` keeps the column's
    distinct values for another fold of the same column."""
    if col not in frame.columns:
        text = _text(frame, col)
        return codes_of(text if fold is None else fold(text))
    if memo is not None and col in memo:
        raw, text = memo[col]
    else:
        raw, uniques = pd.factorize(frame[col], use_na_sentinel=True)
        text = _text(pd.DataFrame({col: uniques}), col)
        if memo is not None:
            memo[col] = (raw, text)
        if fold is None and _unchanged(text, uniques):
            # the distinct values are already clean: codes_of would number them 0..k-1
            return np.asarray(raw, dtype=np.int64), np.asarray(text, dtype=object)
    ucode, values = codes_of(text if fold is None else fold(text))
    return _through(raw, ucode), values


def _unchanged(text: pd.Series, uniques) -> bool:
    """``_text`` left every distinct value as it was (none stripped, none blank)."""
    if text.isna().any() or not len(text):
        return False
    same = text.to_numpy(dtype=object) == np.asarray(uniques, dtype=object) \
        if text.dtype != _STR else (text.array == pd.array(uniques, dtype=_STR))
    return bool(np.asarray(same, dtype=bool).all())


def _through(raw: np.ndarray, ucode: np.ndarray) -> np.ndarray:
    """Codes of the rows from the codes of their distinct values (-1 stays -1)."""
    raw = np.asarray(raw, dtype=np.int64)
    if not len(ucode):
        return np.full(len(raw), -1, dtype=np.int64)
    return np.where(raw >= 0, ucode[np.maximum(raw, 0)], -1).astype(np.int64)


def _renumber(code: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes (some values no longer used) numbered again in order of first appearance, as
    ``codes_of`` of the remaining values would number them."""
    out = np.full(len(code), -1, dtype=np.int64)
    ok = code >= 0
    if not ok.any():
        return out, np.zeros(0, dtype=object)
    dense, used = pd.factorize(code[ok])
    out[ok] = dense
    return out, np.asarray(values, dtype=object)[np.asarray(used, dtype=np.int64)]


def _text_is(frame: pd.DataFrame, col: str, value: str) -> np.ndarray:
    """``(_text(frame, col) == value).fillna(False)`` per record, as a bool array."""
    code, values = _text_codes(frame, col)
    return _code_is(code, values, value)


def _code_is(code: np.ndarray, values: np.ndarray, value: str) -> np.ndarray:
    """Per record: its value (``values[code]``; none where -1) is ``value``."""
    hit = np.append(np.asarray(values, dtype=object) == value, False) if len(values) \
        else np.zeros(1, dtype=bool)
    return hit[np.where(code >= 0, code, len(hit) - 1)].astype(bool)


_DATE = r"^(\d{4})-(\d{2})-(\d{2})$"


def _date_parts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month and day (int16, 0 where the value is not YYYY-MM-DD) of distinct dates.
    ASCII values in one Arrow regex pass; others through pandas (Python's \\d also takes
    other scripts' digits)."""
    arr = pa.array(values, type=pa.string(), from_pandas=True) \
        if all(isinstance(v, str) for v in values) else None
    # (Python's $ also matches before a final newline, RE2's does not)
    if arr is not None and pc.all(pc.string_is_ascii(arr)).as_py() and \
            not pc.any(pc.ends_with(arr, "\n")).as_py():
        parts = pc.extract_regex(arr, r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})$")
        return tuple(pc.fill_null(pc.cast(pc.struct_field(parts, [i]), pa.int16()), 0)
                     .to_numpy(zero_copy_only=False).astype(np.int16)
                     for i in range(3))  # type: ignore[return-value]
    table = pd.Series(values, dtype="object").str.extract(_DATE)
    return tuple(pd.to_numeric(table[i], errors="coerce").fillna(0).astype(np.int16).to_numpy()
                 for i in range(3))  # type: ignore[return-value]


@dataclass
class Features:
    n: int
    nik_kind: np.ndarray            # int8, one of NIK_*
    nik_digits: np.ndarray          # uint8 (n, 16), UNKNOWN_DIGIT where not known
    nik_known: np.ndarray           # int8: leading digits known
    nik_text: np.ndarray            # object: nik_norm (for invalid ones)
    nik_region_known: np.ndarray    # bool: the 6-digit region code is a real district
    name_norm_code: np.ndarray
    name_key_code: np.ndarray
    name_keys: np.ndarray           # unique name keys (strings), index = name_key_code
    name_norms: np.ndarray
    name_key_freq: np.ndarray       # float: frequency of the record's name key
    name_norm_freq: np.ndarray
    dob_code: np.ndarray
    dob_freq: np.ndarray
    dob_y: np.ndarray               # int16, 0 when unknown
    dob_m: np.ndarray
    dob_d: np.ndarray
    dob_placeholder: np.ndarray     # bool
    sex: np.ndarray                 # int8
    tempat_code: np.ndarray
    tempat_values: np.ndarray
    nkk_code: np.ndarray            # complete NKK only, -1 otherwise
    nkk12_code: np.ndarray          # first 12 digits (region + card date), also when masked
    kel_code: np.ndarray
    household_code: np.ndarray
    alamat_code: np.ndarray         # the street address alone (folded), for fuzzy comparison
    alamat_values: np.ndarray
    is_dpk: np.ndarray              # bool
    keys: dict[str, np.ndarray] = field(default_factory=dict)  # blocking key codes (lazy)
    _frame: pd.DataFrame | None = None
    dob_values: np.ndarray | None = None   # unique birth dates, index = dob_code
    nkk_values: np.ndarray | None = None   # unique complete NKKs, index = nkk_code
    kel_values: np.ndarray | None = None   # unique folded kelurahan names, index = kel_code
    # List-wide statistics when this frame is a part of a bigger list (a Dask partition, or
    # the records of some pairs): frequencies and counts are then those of the whole list.
    stats: ListStats | None = None
    # day * 100 + month of the birth date where both are known (-1 elsewhere): from the full
    # date, else from a date with its year starred (tanggal_lahir_partial), else from the
    # NIK's digits 7-10 (a NIK masked down to region + day + month still tells them)
    dob_dm: np.ndarray | None = None
    # first 10 digits (region + card day and month) of a family card masked down to them
    # (six digits starred), -1 elsewhere
    nkk10_code: np.ndarray | None = None

    @property
    def list_size(self) -> int:
        """Records in the whole list (the denominator of value frequencies)."""
        return self.stats.records if self.stats is not None else self.n


# Value frequencies of these fields, and counts of these blocking keys, are list-wide.
FREQ_FIELDS = ("name_norm", "name_key", "dob")
# Complete NIKs only, for the u of the NIK's one-digit levels (match/learn.py, nik_pair_counts):
# the same date (digits 7-12), the same regency + date, and the NIK but for one region or
# serial digit (``nik_wild5`` ignores digit 5).
NIK_WILD = (1, 2, 3, 4, 5, 6, 13, 14, 15, 16)
NIK_U_KEYS = ("nik", "nik_full_date", "nik_full_region_date") + tuple(f"nik_wild{p}"
                                                                    for p in NIK_WILD)
COUNT_KEYS = ("nik15", "nik12", "nik_date", "nik_region4", "nik_region_date",
              "nik_last_digit", "dob_daymonth", "nik_region6") + NIK_U_KEYS


@dataclass
class ListStats:
    """List-wide statistics for matching a part of a list as if it were matched whole.

    ``counts[name]``: value -> number of records with it, for :data:`FREQ_FIELDS` and
    :data:`COUNT_KEYS`, over all records (TMS included, as the local engine counts). Only
    values held by two or more records need to be listed: a value present in a part of the
    list and absent from its table is held by that one record. ``pairs[key]``: pairs of
    records agreeing on the key over the whole list (for :func:`pair_share`).
    """

    records: int
    counts: dict[str, pd.Series]
    pairs: dict[str, int]
    # No record of the list has a normalised birthplace: compare the birthplaces as written.
    raw_birthplace: bool = False

    @classmethod
    def from_value_counts(cls, records: int, counts: dict[str, pd.Series],
                          raw_birthplace: bool = False) -> ListStats:
        """From full value counts (values with their counts, as ``Series.value_counts``)."""
        pairs = {k: int((v.to_numpy(np.int64) * (v.to_numpy(np.int64) - 1) // 2).sum())
                 for k, v in counts.items() if k in COUNT_KEYS}
        kept = {}
        for k, v in counts.items():
            v = v[v >= 2].astype(np.int64)
            v.index = v.index.astype(np.int64 if k in COUNT_KEYS else object)
            if not v.index.is_unique:
                # one value counted under two representations (partitions of a Dask frame
                # whose column dtypes differ): one count per value, as the local engine has
                v = v.groupby(level=0, sort=False).sum()
            kept[k] = v
        return cls(records=int(records), counts=kept, pairs=pairs,
                   raw_birthplace=raw_birthplace)

    def lookup(self, name: str, values: np.ndarray) -> np.ndarray:
        """Counts of ``values`` (each present at least once) in the whole list."""
        table = self.counts[name]
        if not len(values):
            return np.zeros(0, dtype=np.int64)
        pos = table.index.get_indexer(pd.Index(values, dtype=table.index.dtype))
        out = np.ones(len(values), dtype=np.int64)
        hit = pos >= 0
        out[hit] = table.to_numpy(dtype=np.int64)[pos[hit]]
        return out


def build_features(frame: pd.DataFrame, stats: ListStats | None = None) -> Features:
    """Build the matcher's arrays from a frame produced by ``normalize_voters``.

    ``stats``: when the frame is a part of a bigger list, that list's statistics; value
    frequencies and key counts are then taken from them instead of from the frame.
    """
    n = len(frame)
    # the NIK arrays (NumPy and Arrow work that releases the GIL) in a thread of their own
    nik_arrays = start(functools.partial(_nik_arrays, frame))
    if schema.NIK_WILAYAH_LEVEL in frame.columns:
        region_known = _text_is(frame, schema.NIK_WILAYAH_LEVEL, "kecamatan")
    else:
        region_known = np.ones(n, dtype=bool)

    nn_code, nn_vals = _text_codes(frame, schema.NAMA_NORM)
    nk_code, nk_vals = _text_codes(frame, schema.NAMA_KEY)

    dob_code, dob_vals = _text_codes(frame, schema.TANGGAL_LAHIR_NORM)
    y = np.zeros(n, dtype=np.int16)
    m = np.zeros(n, dtype=np.int16)
    d = np.zeros(n, dtype=np.int16)
    if len(dob_vals):
        uy, um, ud = _date_parts(dob_vals)
        ok = dob_code >= 0
        y[ok], m[ok], d[ok] = uy[dob_code[ok]], um[dob_code[ok]], ud[dob_code[ok]]
    placeholder = _text_is(frame, schema.TANGGAL_LAHIR_STATUS, "placeholder")

    # the sex column where it is given, else the NIK's (one test per distinct value)
    sex = np.zeros(n, dtype=np.int8)
    jk_code, jk_vals = _text_codes(frame, schema.JENIS_KELAMIN_NORM)
    ns_code, ns_vals = _text_codes(frame, schema.NIK_JENIS_KELAMIN)
    given = jk_code >= 0
    for letter, value in (("L", SEX_L), ("P", SEX_P)):
        sex[np.where(given, _code_is(jk_code, jk_vals, letter),
                     _code_is(ns_code, ns_vals, letter))] = value

    t_code, t_vals = _text_codes(frame, schema.TEMPAT_LAHIR_NORM)
    # decided over the whole list: a part of it may lack birthplaces that others have
    raw_place = bool((t_code < 0).all()) if stats is None else stats.raw_birthplace
    if raw_place and schema.TEMPAT_LAHIR in frame.columns:
        t_code, t_vals = _text_codes(frame, schema.TEMPAT_LAHIR, lambda s: s.str.upper())

    memo: dict = {}
    nkk_any_code, nkk_any_vals = _text_codes(frame, schema.NKK_NORM, memo=memo)
    if schema.NKK_STATUS in frame.columns:
        nkk_ok = _text_is(frame, schema.NKK_STATUS, "valid")
    else:
        full = pd.Series(nkk_any_vals, dtype=_STR).str.fullmatch(r"\d{16}").fillna(False)
        nkk_ok = np.append(full.to_numpy(dtype=bool), False)[
            np.where(nkk_any_code >= 0, nkk_any_code, len(nkk_any_vals))]
    nkk_code, nkk_vals = _renumber(np.where(nkk_ok, nkk_any_code, -1), nkk_any_vals)

    def first12(text: pd.Series) -> pd.Series:
        nkk12 = text.str.slice(0, 12)
        return nkk12.where(nkk12.str.fullmatch(r"\d{12}").fillna(False))

    nkk12_code, _ = _text_codes(frame, schema.NKK_NORM, first12, memo)

    def first10_masked(text: pd.Series) -> pd.Series:
        # a family card masked down to 10 digits (no 12 known)
        nkk10 = text.str.slice(0, 10)
        masked = text.str.contains("*", regex=False).fillna(False)
        return nkk10.where(nkk10.str.fullmatch(r"\d{10}").fillna(False) & first12(text).isna()
                           & masked)

    nkk10_code, _ = _text_codes(frame, schema.NKK_NORM, first10_masked, memo)
    kel_code, kel_vals, household_code, alamat_code, alamat_vals = _location_codes(frame)

    is_dpk = np.zeros(n, dtype=bool)
    if schema.LIST in frame.columns:
        lists = frame[schema.LIST]
        if isinstance(lists.dtype, pd.CategoricalDtype):   # (one test per category)
            hit = np.append(np.asarray(lists.cat.categories.astype("string") == "DPK",
                                       dtype=bool), False)
            is_dpk = hit[lists.cat.codes.to_numpy()]
        else:
            is_dpk = (lists.astype("string") == "DPK").fillna(False).to_numpy(bool)

    if stats is None:
        nk_freq, nn_freq, dob_freq = _freq(nk_code, n), _freq(nn_code, n), _freq(dob_code, n)
    else:
        nk_freq = _list_freq(stats, "name_key", nk_code, nk_vals)
        nn_freq = _list_freq(stats, "name_norm", nn_code, nn_vals)
        dob_freq = _list_freq(stats, "dob", dob_code, dob_vals)
    nik_kind, digits, known, nik_text = nik_arrays()
    return Features(
        n=n, nik_kind=nik_kind, nik_digits=digits, nik_known=known, nik_text=nik_text,
        nik_region_known=region_known,
        name_norm_code=nn_code, name_key_code=nk_code, name_keys=nk_vals, name_norms=nn_vals,
        name_key_freq=nk_freq, name_norm_freq=nn_freq,
        dob_code=dob_code, dob_freq=dob_freq, dob_y=y, dob_m=m, dob_d=d,
        dob_placeholder=placeholder, sex=sex, tempat_code=t_code, tempat_values=t_vals,
        nkk_code=nkk_code, nkk12_code=nkk12_code, kel_code=kel_code, household_code=household_code,
        alamat_code=alamat_code, alamat_values=alamat_vals, is_dpk=is_dpk,
        _frame=frame, dob_values=dob_vals, nkk_values=nkk_vals, kel_values=kel_vals,
        stats=stats, nkk10_code=nkk10_code, dob_dm=_day_month(frame, d, m, nik_kind, digits, known),
    )


def _fold_alnum(text: pd.Series) -> pd.Series:
    return text.str.upper().str.replace(r"[^0-9A-Z]+", "", regex=True)


def _location_codes(frame: pd.DataFrame):
    """(kelurahan codes, kelurahan names, address codes, street codes, streets), each text
    folded once per distinct value. The street is the canonical address
    (:mod:`dptclean.normalize.address`: one spelling of JL/JALAN, DK/DUSUN, NO ..., RT/RW taken
    out of the text); the address is kelurahan + street + RT + RW, where both the kelurahan
    and the street are given, RT and RW from their columns, else from the street's text."""
    kel_code, kel_vals = _text_codes(frame, schema.KELURAHAN, _fold_alnum)
    street_code, street_vals, house_code, text_rt, text_rw = _street_codes(frame)
    addr = house_code.copy()
    for col, text_number in (("rt_norm", text_rt), ("rw_norm", text_rw)):
        col = col if col in frame.columns else col[:2]
        code, vals = _text_codes(frame, col)
        number = np.append(rt_number(pd.Series(vals, dtype=_STR)), -1) if len(vals) \
            else np.full(1, -1, dtype=np.int64)
        number = number[np.where(code >= 0, code, len(number) - 1)]
        # the column's number where it has one, else the one written in the address
        number = np.where(number >= 0, number, text_number)
        size = int(number.max(initial=-1)) + 1
        if int(addr.max(initial=0)) >= (1 << 62) // (size + 1):
            addr = pd.factorize(addr)[0].astype(np.int64)  # (keeps it from overflowing)
        addr = addr * (size + 1) + np.where(number >= 0, number, size)
    size = len(kel_vals)
    if int(addr.max(initial=0)) >= (1 << 62) // (size + 1):
        addr = pd.factorize(addr)[0].astype(np.int64)
    addr = addr * (size + 1) + np.where(kel_code >= 0, kel_code, size)
    ok = (kel_code >= 0) & (street_code >= 0)
    household_code = np.full(len(addr), -1, dtype=np.int64)
    if ok.any():
        household_code[ok] = pd.factorize(addr[ok])[0]
    return kel_code, kel_vals, household_code, street_code, street_vals


def _street_codes(frame: pd.DataFrame):
    """(street codes, canonical streets, house codes, RT and RW written in the address) per
    record, the address normalised once per distinct value. The house code is the street with
    the spaces between letters removed (KRAJAN KULON / KRAJANKULON; numbers stay apart:
    MERDEKA 1 5 is not MERDEKA 15); -1 where there is no street, RT/RW -1 where not written."""
    n = len(frame)
    if schema.ALAMAT not in frame.columns:
        none = np.full(n, -1, dtype=np.int64)
        return none, np.zeros(0, dtype=object), none, none, none
    raw, uniques = pd.factorize(frame[schema.ALAMAT], use_na_sentinel=True)
    text = _text(pd.DataFrame({schema.ALAMAT: uniques}), schema.ALAMAT)
    arr = pa.array(text.array)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    street, rt, rw = address_parts_arrow(arr.cast(pa.string()))
    ucode, street_vals = codes_of(pd.Series(pd.arrays.ArrowStringArray(street)))
    joined = street
    for _ in range(2):   # (one letter words: "A B C")
        joined = pc.replace_substring_regex(joined, r"([A-Z]) ([A-Z])", r"\1\2")
    hcode, _ = codes_of(pd.Series(pd.arrays.ArrowStringArray(joined)))
    raw = np.asarray(raw, dtype=np.int64)

    def rows(per_value: np.ndarray) -> np.ndarray:
        return _through(raw, per_value) if len(per_value) else np.full(n, -1, dtype=np.int64)

    return rows(ucode), street_vals, rows(hcode), rows(rt), rows(rw)


def _day_month(frame: pd.DataFrame, d: np.ndarray, m: np.ndarray, nik_kind: np.ndarray,
               digits: np.ndarray, known: np.ndarray) -> np.ndarray:
    """day * 100 + month per record (-1 where unknown): the full date, else the known parts of
    a starred one (``--MM-DD``), else the date digits 7-10 of a NIK that keeps them but not
    its year (masked down to region + day + month: the NIK comparison of a longer NIK already
    counts its date digits)."""
    out = np.where((d > 0) & (m > 0), d.astype(np.int32) * 100 + m, -1).astype(np.int32)
    todo = out < 0
    if todo.any() and schema.TANGGAL_LAHIR_PARTIAL in frame.columns:
        part = _text(frame, schema.TANGGAL_LAHIR_PARTIAL)
        code, vals = codes_of(part)
        if len(vals):
            md = pd.Series(vals, dtype="object").str.extract(r"^(?:\d{4}|-)-(\d{2})-(\d{2})$")
            um = pd.to_numeric(md[0], errors="coerce").fillna(0).to_numpy(np.int32)
            ud = pd.to_numeric(md[1], errors="coerce").fillna(0).to_numpy(np.int32)
            value = np.where((um > 0) & (ud > 0), ud * 100 + um, -1)
            hit = todo & (code >= 0)
            out[hit] = value[code[hit]]
            todo = out < 0
    nik_ok = todo & np.isin(nik_kind, (NIK_DAMAGED, NIK_MASKED)) & (known >= 10) & \
        (known < 12)
    if nik_ok.any():
        x = digits[nik_ok][:, 6:10].astype(np.int32)
        day = x[:, 0] * 10 + x[:, 1]
        day = np.where(day > 40, day - 40, day)
        month = x[:, 2] * 10 + x[:, 3]
        good = (day >= 1) & (day <= 31) & (month >= 1) & (month <= 12)
        out[np.flatnonzero(nik_ok)[good]] = (day * 100 + month)[good]
    return out


def key_counts(f: Features, name: str) -> np.ndarray:
    """How many records share each record's value of a blocking key (0 where empty)."""
    cache = f.keys.get("#count:" + name)
    if cache is not None:
        return cache
    code = blocking_key(f, name)
    out = np.zeros(len(code), dtype=np.int64)
    ok = code >= 0
    if ok.any():
        if f.stats is not None:
            out[ok] = f.stats.lookup(name, key_values(f, name)[ok])
        else:
            out[ok] = np.bincount(code[ok])[code[ok]]
    f.keys["#count:" + name] = out
    return out


# A serial is plausible for its region + birth-date prefix (NIK digits 1-12) when it is at
# most SERIAL_PER_RECORD x (records of the list with that prefix) + SERIAL_SLACK: serials count
# the people registered with the prefix, and a voter list holds most of them (the rest are
# children of other dates, the dead, those who left), so its serials stay within a few times
# its count. 4001 or 0901 where three people share a prefix is a typing slip.
SERIAL_PER_RECORD = 4
SERIAL_SLACK = 20


def serial_plausible(f: Features) -> np.ndarray:
    """Per record: its NIK serial (digits 13-16) is plausible for its prefix (True where the
    serial is not fully known: no claim either way)."""
    cache = f.keys.get("#serial_ok")
    if cache is not None:
        return cache
    out = np.ones(f.n, dtype=bool)
    full = (f.nik_kind == NIK_FULL) & (f.nik_known >= 16)
    if full.any():
        serial = _nik_value(f)[full] % 10000
        count = np.maximum(key_counts(f, "nik12")[full], 1)
        out[full] = serial <= SERIAL_PER_RECORD * count + SERIAL_SLACK
    f.keys["#serial_ok"] = out
    return out


def nik_date_agrees(f: Features) -> np.ndarray:
    """Per record: the NIK's date digits (7-12: day, +40 for women; month; 2-digit year) agree
    with its birth-date column (False where either is unknown)."""
    cache = f.keys.get("#nik_date_ok")
    if cache is not None:
        return cache
    ok = (f.nik_known >= 12) & (f.dob_y > 0) & \
        np.isin(f.nik_kind, (NIK_FULL, NIK_DAMAGED, NIK_MASKED))
    d = f.nik_digits[:, 6:12].astype(np.int16)
    day = d[:, 0] * 10 + d[:, 1]
    day = np.where(day > 40, day - 40, day)
    month = d[:, 2] * 10 + d[:, 3]
    year = d[:, 4] * 10 + d[:, 5]
    out = ok & (day == f.dob_d) & (month == f.dob_m) & (year == f.dob_y % 100)
    f.keys["#nik_date_ok"] = out
    return out


def nik_date_parts(f: Features) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per record: (day, month, 2-digit year) its NIK encodes in digits 7-12 (the day without
    the +40 of women), -1 where not known (no NIK with those digits; the year alone is -1 for
    a NIK masked down to region + day + month)."""
    cache = f.keys.get("#nik_date_parts")
    if cache is not None:
        return cache[0], cache[1], cache[2]
    keyed = np.isin(f.nik_kind, (NIK_FULL, NIK_DAMAGED, NIK_MASKED))
    d = f.nik_digits[:, 6:12].astype(np.int16)
    day = d[:, 0] * 10 + d[:, 1]
    day = np.where(day > 40, day - 40, day)
    month = d[:, 2] * 10 + d[:, 3]
    year = d[:, 4] * 10 + d[:, 5]
    dm_known = keyed & (f.nik_known >= 10) & (day >= 1) & (day <= 31) & (month >= 1) & \
        (month <= 12)
    day = np.where(dm_known, day, -1).astype(np.int16)
    month = np.where(dm_known, month, -1).astype(np.int16)
    year = np.where(dm_known & (f.nik_known >= 12), year, -1).astype(np.int16)
    f.keys["#nik_date_parts"] = np.stack([day, month, year])
    return day, month, year


def nik_dates_equal(f: Features, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per pair: both NIKs encode a day and month, the same ones, and the same year where
    both encode it (a NIK masked down to region + day + month keeps no year)."""
    day, month, year = nik_date_parts(f)
    return (day[a] >= 0) & (day[a] == day[b]) & (month[a] == month[b]) & \
        ((year[a] == year[b]) | (year[a] < 0) | (year[b] < 0))


def nik_date_fits(f: Features, nik_of: np.ndarray, dob_of: np.ndarray) -> np.ndarray:
    """Per pair: the NIK of record ``nik_of`` encodes the full birth date in the column of
    record ``dob_of`` (day and month; the year where the NIK keeps it)."""
    day, month, year = nik_date_parts(f)
    return (day[nik_of] >= 0) & (f.dob_y[dob_of] > 0) & (day[nik_of] == f.dob_d[dob_of]) & \
        (month[nik_of] == f.dob_m[dob_of]) & \
        ((year[nik_of] < 0) | (year[nik_of] == f.dob_y[dob_of] % 100))


def pair_share(f: Features, key: str, given: str) -> tuple[float, float]:
    """(pairs agreeing on ``key``, pairs agreeing on ``given``) over the whole list."""
    cache_key = f"#share:{key}|{given}"
    if cache_key in f.keys:
        a, b = f.keys[cache_key]
        return float(a), float(b)
    if f.stats is not None:
        return float(f.stats.pairs[key]), float(f.stats.pairs[given])

    def pairs(name: str) -> float:
        code = blocking_key(f, name)
        c = np.bincount(code[code >= 0]).astype(np.float64) if (code >= 0).any() else \
            np.zeros(0)
        return float((c * (c - 1) / 2).sum())

    result = (pairs(key), pairs(given))
    f.keys[cache_key] = np.array(result)
    return result


def _list_freq(stats: ListStats, name: str, codes: np.ndarray,
               uniques: np.ndarray) -> np.ndarray:
    out = np.zeros(len(codes), dtype=np.float64)
    ok = codes >= 0
    if ok.any():
        counts = stats.lookup(name, uniques)
        out[ok] = counts[codes[ok]] / max(stats.records, 1)
    return out


def _freq(codes: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros(len(codes), dtype=np.float64)
    ok = codes >= 0
    if ok.any():
        counts = np.bincount(codes[ok])
        out[ok] = counts[codes[ok]] / max(n, 1)
    return out


def _ascii_bytes(values: pd.Series, width: int) -> bytes | None:
    """The values (Arrow strings, none missing) one after the other, when every one is
    ``width`` ASCII characters: Arrow's own buffer, without a Python string per value.
    None otherwise (then join them in Python)."""
    if values.dtype != _STR or values.isna().any():
        return None
    arr = pa.array(values.array)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if arr.type == pa.string():
        width_type = np.int32
    elif arr.type == pa.large_string():   # (how pandas keeps its Arrow strings)
        width_type = np.int64
    else:
        return None
    n = len(arr)
    offsets = np.frombuffer(arr.buffers()[1], dtype=width_type)[arr.offset:arr.offset + n + 1]
    if not n or int(offsets[-1] - offsets[0]) != width * n:
        return None  # (n values of width characters in width * n bytes: all ASCII)
    data = arr.buffers()[2]
    assert data is not None
    return data.to_pybytes()[int(offsets[0]):int(offsets[-1])]


def _nik_arrays(frame: pd.DataFrame):
    n = len(frame)
    nik = _text(frame, schema.NIK_NORM)
    if schema.NIK_NORM not in frame.columns and schema.NIK in frame.columns:
        nik = _text(frame, schema.NIK).str.replace(r"[^0-9*]", "", regex=True)
        status = pd.Series(np.where(nik.str.fullmatch(r"\d{16}").fillna(False), "valid",
                                    "invalid:unknown"), index=frame.index)
        st_code, st_vals = codes_of(status)
    else:
        st_code, st_vals = _text_codes(frame, schema.NIK_STATUS)

    def status_is(pred: Callable[[str], bool]) -> np.ndarray:
        """Per record: its status ("missing" where none) satisfies ``pred``; one test per
        distinct status."""
        hit = np.array([bool(pred(str(v))) for v in st_vals] + [bool(pred("missing"))])
        return hit[np.where(st_code >= 0, st_code, len(st_vals))]

    kind = np.full(n, NIK_NONE, dtype=np.int8)
    present = nik.notna().to_numpy(dtype=bool)
    kind[status_is(lambda v: v == "valid") & present] = NIK_FULL
    kind[status_is(lambda v: v == "number_damaged") & present] = NIK_DAMAGED
    kind[status_is(lambda v: v == "masked") & present] = NIK_MASKED
    invalid = status_is(lambda v: v.startswith("invalid")) & present
    kind[invalid] = NIK_INVALID
    # Serial 0000 does not exist; a 16-digit NIK ending in 000x -> 0000 is what Excel does to a
    # number (the 16th digit becomes 0): keep its first 15 digits as a key.
    serial = np.flatnonzero(status_is(lambda v: v == "invalid:serial") & present)
    if len(serial):
        excel_like = nik.iloc[serial].str.fullmatch(r"\d{15}0").fillna(False).to_numpy(bool)
        kind[serial[excel_like]] = NIK_DAMAGED

    padded = nik.fillna("").str.slice(0, 16).str.pad(16, side="right", fillchar="*")
    raw = _ascii_bytes(padded, 16)
    if raw is None:
        raw = "".join(padded.tolist()).encode("ascii", errors="replace")
    if len(raw) != 16 * n:  # non-ASCII slipped through: fall back per value
        raw = b"".join(v.encode("ascii", errors="replace")[:16].ljust(16, b"*")
                       for v in padded.tolist())
    mat = np.frombuffer(raw, dtype=np.uint8).reshape(n, 16).copy() if n else \
        np.zeros((0, 16), dtype=np.uint8)
    is_digit = (mat >= 48) & (mat <= 57)
    digits = np.where(is_digit, mat - 48, UNKNOWN_DIGIT).astype(np.uint8)
    # leading digits known: up to the first non-digit
    lead = np.where(is_digit.all(axis=1), 16, np.argmin(is_digit, axis=1)).astype(np.int8)
    if schema.NIK_DIGITS_KNOWN in frame.columns:
        dk = pd.to_numeric(frame[schema.NIK_DIGITS_KNOWN], errors="coerce")
        dk = dk.fillna(16).clip(0, 16).astype(np.int8).to_numpy()
        lead = np.minimum(lead, dk)
        damaged = dk < 16
        kind[damaged & (kind == NIK_FULL)] = NIK_DAMAGED
    lead = np.where(kind == NIK_DAMAGED, np.minimum(lead, 15), lead).astype(np.int8)
    # A number-damaged NIK whose original text shows how many digits survived ("3.32001E+15":
    # six) when the reader did not record it (a frame built without read_voters).
    if schema.NIK in frame.columns:
        known_col = frame[schema.NIK_DIGITS_KNOWN] if schema.NIK_DIGITS_KNOWN in frame.columns \
            else pd.Series(pd.NA, index=frame.index)
        todo = np.flatnonzero((kind == NIK_DAMAGED) & known_col.isna().to_numpy())
        if len(todo):
            from dptclean.io.readers import expand_number_text

            raw = frame[schema.NIK].iloc[todo].astype("string").fillna("").tolist()
            for i, text in zip(todo, raw):
                expanded, k = expand_number_text(text)
                if expanded is not None and k:
                    lead[i] = min(int(lead[i]), k)
    cols = np.arange(16)
    digits[cols[None, :] >= lead[:, None]] = UNKNOWN_DIGIT
    # a "damaged" or "masked" NIK that keeps fewer than 6 digits carries no usable key; but
    # Excel drops a rounded 6th digit that came out 0 ("3.3201E+15" for 332009|6...): five
    # digits of a number-damaged NIK still tell its regency (compare: region_known)
    kind[(kind == NIK_MASKED) & (lead < 6)] = NIK_NONE
    kind[(kind == NIK_DAMAGED) & (lead < 5)] = NIK_NONE
    return kind, digits, lead, nik.to_numpy(dtype=object)


# --- blocking keys -----------------------------------------------------------------------------


def blocking_key(f: Features, name: str) -> np.ndarray:
    """Integer codes of a blocking key (-1 where the key is empty)."""
    if name in f.keys:
        return f.keys[name]
    code, _ = _key_codes(f, name)
    code = np.asarray(code, dtype=np.int64).copy()
    valid = code >= 0
    if valid.any() and code[valid].max() >= 2**31:
        # dense codes, so that combining keys cannot overflow
        code[valid] = _dense_codes(code[valid])
    f.keys[name] = code
    return code


def _dense_codes(values: np.ndarray) -> np.ndarray:
    """Codes 0..k-1 for non-negative int64 values, equal exactly when the values are (only
    the partition is used, never the numbering). When a value and a position fit in one
    int64 together, from one value sort; otherwise by hashing."""
    bits = max(int(len(values) - 1).bit_length(), 1)
    if int(values.max()) >= (1 << (62 - bits)):
        return pd.factorize(values)[0]
    packed = (values << bits) | np.arange(len(values), dtype=np.int64)
    packed.sort()
    sorted_values = packed >> bits
    new = np.empty(len(values), dtype=bool)
    new[0] = True
    np.not_equal(sorted_values[1:], sorted_values[:-1], out=new[1:])
    out = np.empty(len(values), dtype=np.int64)
    out[packed & ((1 << bits) - 1)] = np.cumsum(new) - 1
    return out


def key_values(f: Features, name: str) -> np.ndarray:
    """The values of a blocking key, the same whichever part of a list holds the record.

    Integers (-1 where empty) for the NIK-digit, date-part and sex keys; strings (None where
    empty) for the others. Records share a value exactly when they share
    :func:`blocking_key`'s code.
    """
    code, uniques = _key_codes(f, name)
    code = np.asarray(code, dtype=np.int64)
    if uniques is None:
        return code
    out = np.empty(len(code), dtype=object)
    ok = code >= 0
    out[ok] = np.asarray(uniques, dtype=object)[code[ok]]
    return out


def _key_codes(f: Features, name: str) -> tuple[np.ndarray, np.ndarray | None]:
    """(codes, the values the codes index), or (the values as integers, None)."""
    if name in _NIK_KEYS:
        return _nik_key_codes(f, name), None
    if name in _NAME_KEYS:
        return _name_key_codes(f, name)
    uniques = None
    if name in ("nik_full_date", "nik_full_region_date") or name.startswith("nik_wild"):
        return _full_nik_key(f, name), None
    if name == "nik_last_digit":
        return np.where(f.nik_kind == NIK_FULL, f.nik_digits[:, 15].astype(np.int64), -1), None
    if name in ("nik_text4", "nik_text"):
        # invalid NIKs only (numbered as codes_of numbers the whole column: the others are
        # missing and take no code)
        rows = np.flatnonzero(f.nik_kind == NIK_INVALID)
        text = pd.Series(f.nik_text[rows], dtype="object")
        if name == "nik_text4":
            text = text.str.slice(0, 4).where(text.str.len() >= 4)
        sub, uniques = codes_of(text)
        code = np.full(f.n, -1, dtype=np.int64)
        code[rows] = sub
    elif name == "dob":
        code, uniques = f.dob_code.copy(), f.dob_values
    elif name == "dob_year":
        code = np.where(f.dob_y > 0, f.dob_y.astype(np.int64), -1)
    elif name == "dob_md":
        lo = np.minimum(f.dob_m, f.dob_d).astype(np.int64)
        hi = np.maximum(f.dob_m, f.dob_d).astype(np.int64)
        code = np.where(f.dob_y > 0, lo * 100 + hi, -1)
    elif name == "dob_daymonth":
        code = f.dob_dm.astype(np.int64) if f.dob_dm is not None else np.full(f.n, -1, np.int64)
    elif name == "sex":
        code = np.where(f.sex > 0, f.sex.astype(np.int64), -1)
    elif name == "name_key":
        code, uniques = f.name_key_code.copy(), f.name_keys
    elif name == "nkk":
        code, uniques = f.nkk_code.copy(), f.nkk_values
    elif name in ("kelurahan", "kecamatan"):
        code, uniques = (f.kel_code.copy(), f.kel_values) if name == "kelurahan" \
            else _kecamatan_codes(f)
    else:
        raise KeyError(name)
    return code, uniques


def _kecamatan_codes(f: Features) -> tuple[np.ndarray, np.ndarray]:
    """The kecamatan within its kabupaten (folded; kecamatan names repeat across regencies),
    for the blocking key ``kecamatan``; empty where the kecamatan is not given."""
    frame = f._frame
    if frame is None or schema.KECAMATAN not in frame.columns:
        return np.full(f.n, -1, dtype=np.int64), np.array([], dtype=object)
    # ``codes_of("KAB|KEC")`` (missing where the folded kecamatan is empty; a missing
    # kabupaten as ""), from the codes of each column's folded distinct values: the folds
    # keep only [0-9A-Z], so two (kabupaten, kecamatan) pairs give one text exactly when
    # they are the same pair
    kec_code, kec_vals = _text_codes(frame, schema.KECAMATAN, _fold_alnum)
    kab_code, kab_vals = _text_codes(frame, schema.KABUPATEN, _fold_alnum)
    kec_vals, kab_vals = np.asarray(kec_vals, dtype=object), np.asarray(kab_vals, dtype=object)
    kec_code = _blank_missing(kec_code, kec_vals)
    kab_code = _blank_missing(kab_code, kab_vals)
    ok = np.flatnonzero(kec_code >= 0)
    code = np.full(f.n, -1, dtype=np.int64)
    if not len(ok):
        return code, np.array([], dtype=object)
    pair = (kab_code[ok] + 1) * (len(kec_vals) + 1) + kec_code[ok]
    dense, first = pd.factorize(pair)
    code[ok] = dense
    kab_at, kec_at = first // (len(kec_vals) + 1) - 1, first % (len(kec_vals) + 1)
    kab_text = np.where(kab_at >= 0, np.append(kab_vals, "")[kab_at], "")
    uniques = np.array([f"{a}|{b}" for a, b in zip(kab_text.tolist(), kec_vals[kec_at].tolist())],
                       dtype=object)
    return code, uniques


def _blank_missing(code: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Codes with the value "" (a text that folded to nothing) as missing (-1)."""
    blank = np.append(values == "", True) if len(values) else np.ones(1, dtype=bool)
    return np.where(blank[np.where(code >= 0, code, len(blank) - 1)], -1, code)


def _full_nik_key(f: Features, name: str) -> np.ndarray:
    """Keys over some digits of complete NIKs (-1 elsewhere), see :data:`NIK_U_KEYS`."""
    if name == "nik_full_date":
        cols = list(range(6, 12))
    elif name == "nik_full_region_date":
        cols = list(range(4)) + list(range(6, 12))
    else:
        skip = int(name[len("nik_wild"):]) - 1
        cols = [c for c in range(16) if c != skip]
    return np.where(f.nik_kind == NIK_FULL, _nik_number(f, cols), -1)


def last_digit_damage(f: Features) -> float:
    """The share of the list's complete NIKs ending in 0 whose 0 is Excel damage, not a
    serial's units digit (docs/domain.md: a NIK stored as a number loses its 16th digit).

    Serials are small and dense, so a serial ending in 0 (0010, 0020) is about as common as one
    ending in 9 (0009, 0019): the 0s beyond the 9s are damage. A list where far more NIKs end
    in 0 than in 9 cannot be trusted on its 16th digit."""
    if f.stats is not None:
        table = f.stats.counts["nik_last_digit"]
        zeros, nines = (int(table.get(v, 0)) for v in (0, 9))
    else:
        code = blocking_key(f, "nik_last_digit")
        counts = np.bincount(code[code >= 0], minlength=10)
        zeros, nines = int(counts[0]), int(counts[9])
    # (list-wide statistics keep only values held twice or more: so here too)
    zeros, nines = (x if x >= 2 else 0 for x in (zeros, nines))
    return max(zeros - nines, 0) / zeros if zeros else 0.0


def nik_pair_counts(f: Features) -> dict[str, int]:
    """Pairs of records agreeing on each of :data:`NIK_U_KEYS`, over the whole list (from the
    list-wide statistics when this is a part of it)."""
    if f.stats is not None:
        return {k: int(f.stats.pairs[k]) for k in NIK_U_KEYS}
    # the same groups as the keys' (a digit left out = set to 0 here), from one number per NIK
    # sorted once: every key below is then a few sorted runs of it (the NIKs of one
    # district, of one prefix), which a merge sort joins in about one pass
    value = np.sort(_nik_value(f)[f.nik_kind == NIK_FULL])
    power = 10 ** np.arange(15, -1, -1, dtype=np.int64)

    def pairs(v: np.ndarray) -> int:
        v = np.sort(v, kind="stable")
        if not len(v):
            return 0
        starts = np.flatnonzero(np.r_[True, v[1:] != v[:-1]])
        c = np.diff(np.r_[starts, len(v)])
        return int((c * (c - 1) // 2).sum())

    date = value // 10**4 % 10**6
    out = {"nik": pairs(value), "nik_full_date": pairs(date),
           "nik_full_region_date": pairs(value // 10**12 * 10**6 + date)}
    for p in NIK_WILD:
        out[f"nik_wild{p}"] = pairs(value - value // power[p - 1] % 10 * power[p - 1])
    return out


_KEYED = (NIK_FULL, NIK_DAMAGED, NIK_MASKED)
_NIK_KEYS = ("nik", "nik15", "nik12", "nik_date", "nik_region4", "nik_region_date", "nik_tail",
             "nik_date_serial", "nik5_12", "nik10", "nik_region6", "nik_serial")


def _nik_key_codes(f: Features, name: str) -> np.ndarray:
    """The NIK-digit keys as integers (-1 where the key is empty)."""
    if name == "nik":
        return _digits_key(f, 16, kinds=(NIK_FULL,))
    if name == "nik15":
        return _digits_key(f, 15, kinds=(NIK_FULL, NIK_DAMAGED))
    if name == "nik12":
        return _digits_key(f, 12, kinds=_KEYED)
    if name == "nik_date":
        ok = np.isin(f.nik_kind, _KEYED) & (f.nik_known >= 12)
        return np.where(ok, _nik_number(f, range(6, 12)), -1)
    if name == "nik_region4":
        # the regency of first issue (digits 1-4), kept by complete, damaged and masked NIKs
        ok = np.isin(f.nik_kind, _KEYED) & (f.nik_known >= 5)
        return np.where(ok, _nik_number(f, range(4)), -1)
    if name == "nik_region_date":
        # regency of issue + the NIK's date digits: the people born that day in that regency
        ok = np.isin(f.nik_kind, _KEYED) & (f.nik_known >= 12)
        return np.where(ok, _nik_number(f, list(range(4)) + list(range(6, 12))), -1)
    if name == "nik_tail":
        # digits 5-16 of a complete NIK: the same NIK with a slip in its province/regency
        return np.where(f.nik_kind == NIK_FULL, _nik_number(f, range(4, 16)), -1)
    if name == "nik_date_serial":
        # digits 7-16 of a complete NIK: the same NIK with a slip in its region digits
        return np.where(f.nik_kind == NIK_FULL, _nik_number(f, range(6, 16)), -1)
    if name == "nik5_12":
        # digits 5-12 of a NIK that keeps 12 (district part + date + sex): the same masked NIK
        # with a slip in its province/regency digits
        ok = np.isin(f.nik_kind, _KEYED) & (f.nik_known >= 12)
        return np.where(ok, _nik_number(f, range(4, 12)), -1)
    if name == "nik10":
        # a NIK masked down to region + day + month (10 digits)
        ok = (f.nik_kind == NIK_MASKED) & (f.nik_known >= 10) & (f.nik_known < 12)
        return np.where(ok, _nik_number(f, range(10)), -1)
    if name == "nik_region6":
        # the district of first issue (NIK digits 1-6)
        ok = np.isin(f.nik_kind, _KEYED) & (f.nik_known >= 6)
        return np.where(ok, _nik_number(f, range(6)), -1)
    assert name == "nik_serial"
    region = _nik_number(f, range(6))
    serial = _nik_number(f, range(12, 16))
    return np.where(f.nik_kind == NIK_FULL, region * 10000 + serial, -1)


_POW10 = 10 ** np.arange(17, dtype=np.int64)


def _nik_value(f: Features) -> np.ndarray:
    """Each record's 16 NIK digits as one int64 (an unknown digit as 0), built once."""
    cached = f.keys.get("#nik_value")
    if cached is not None:
        return cached
    digits = np.asfortranarray(f.nik_digits)   # (a digit position contiguous)
    out = np.zeros(f.n, dtype=np.int64)
    for c in range(16):
        col = digits[:, c]
        out *= 10
        out += np.where(col == UNKNOWN_DIGIT, 0, col)
    f.keys["#nik_value"] = out
    return out


def _nik_number(f: Features, cols) -> np.ndarray:
    """The NIK digits at ``cols`` (increasing) read as one decimal number per record, an
    unknown digit as 0 (the keys use it where those digits are known), from the digits'
    int64 value: one division per run of neighbouring digits."""
    value = _nik_value(f)
    cols = list(cols)
    out = np.zeros(f.n, dtype=np.int64)
    k = 0
    while k < len(cols):
        stop = k + 1
        while stop < len(cols) and cols[stop] == cols[stop - 1] + 1:
            stop += 1
        first, last = cols[k], cols[stop - 1] + 1
        part = value // _POW10[16 - last] % _POW10[last - first]
        out = out * _POW10[last - first] + part
        k = stop
    return out


_NAME_KEYS = ("name_sorted", "name_first", "name_last", "name_initials")


def _name_key_codes(f: Features, name: str) -> tuple[np.ndarray, np.ndarray]:
    """Keys derived from the name key's tokens: each name key is split once for all four."""
    derived = f.keys.get("#derived:" + name)
    if derived is None:
        parts: dict[str, list[str | None]] = {k: [] for k in _NAME_KEYS}
        for value in f.name_keys.tolist():
            t = value.split()
            parts["name_sorted"].append(" ".join(sorted(t)) if t else None)
            parts["name_first"].append(t[0] if t else None)
            parts["name_last"].append(t[-1] if t and len(t) > 1 else None)
            parts["name_initials"].append((t[0][0] + t[-1][0]) if t else None)
        for k, v in parts.items():
            f.keys["#derived:" + k] = np.array(v, dtype=object)
        derived = f.keys["#derived:" + name]
    ucode, uniques = codes_of(pd.Series(derived, dtype="object"))
    # (every name empty or "-": no keys at all, ucode is empty)
    code = np.where(f.name_key_code >= 0, ucode[np.maximum(f.name_key_code, 0)], -1) \
        if len(ucode) else np.full(len(f.name_key_code), -1, dtype=np.int64)
    return code, uniques


def _digits_key(f: Features, k: int, kinds: tuple[int, ...]) -> np.ndarray:
    ok = np.isin(f.nik_kind, kinds) & (f.nik_known >= k)
    return np.where(ok, _nik_number(f, range(k)), -1)
