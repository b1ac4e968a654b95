"""Street addresses (ALAMAT): one canonical spelling for the same house written differently.

The same house appears in one list as ``JL. MERDEKA NO. 5 RT 001/RW 002``, ``Jalan Merdeka 5
Rt.1 Rw.2`` and ``JLN MERDEKA NO5``; a hamlet as ``DUKUH KRAJAN``, ``DK. KRAJAN``, ``DSN KRAJAN``
or just ``KRAJAN`` (some layouts title the ALAMAT column ``DUKUH`` or ``JALAN/DUKUH``). The rules,
applied to the distinct values of the column only (a regency's list has far fewer addresses
than records):

- upper case, every punctuation run a space, letters and digits split apart (``NO5`` -> ``NO 5``,
  ``RT01`` -> ``RT 01``, ``5A`` / ``5-A`` -> ``5 A``);
- RT and RW written in the text (``RT 001/RW 002``, ``RT.1 RW.2``, ``RT/RW 01/02``,
  ``RT 01/02``) are taken out of it as numbers;
- street and place words to one spelling: JL/JLN -> JALAN, GG -> GANG, KP/KMP -> KAMPUNG,
  PERUM -> PERUMAHAN, BLK -> BLOK, DS -> DESA, KOMP/KOMPL/KOMPLEKS -> KOMPLEK,
  LINGK/LING -> LINGKUNGAN, KEL -> KELURAHAN, DK/DKH/DSN/DUKUH -> DUSUN;
- a leading DUSUN is dropped (a bare name in ALAMAT is the hamlet's name: ``DSN. KRAJAN`` and
  ``KRAJAN`` are one place), unless nothing would be left;
- NO / NOMOR / NMR before a number is dropped (``NO. 5``, ``NOMOR 5`` and a bare ``5`` after the
  street are one house number) and leading zeros of numbers go (``05`` -> ``5``);
- single spaces.

The canonical form is the street followed by a tail ``RT n RW m`` (numbers without leading
zeros), from the RT / RW columns where given, else from the text. Different houses stay
different: ``NO 5`` / ``NO 15``, ``RT 1`` / ``RT 11``, ``GANG MAWAR`` / ``JALAN MAWAR``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dptclean.normalize.text import factorize, take_codes

# (pattern over whole words, replacement), applied in order after punctuation is folded.
_WORDS: tuple[tuple[str, str], ...] = (
    (r"\b(?:JL|JLN|JLAN)\b", "JALAN"),
    (r"\bGG\b", "GANG"),
    (r"\b(?:KP|KMP|KAMP)\b", "KAMPUNG"),
    (r"\b(?:PERUM|PRUM)\b", "PERUMAHAN"),
    (r"\bBLK\b", "BLOK"),
    (r"\bDS\b", "DESA"),
    (r"\b(?:KOMP|KOMPL|KOMPLEKS|KOMPLEX)\b", "KOMPLEK"),
    (r"\b(?:LINGK|LING|LKG)\b", "LINGKUNGAN"),
    (r"\bKEL\b", "KELURAHAN"),
    (r"\b(?:DK|DKH|DUKUH|DSN)\b", "DUSUN"),
)
# RT and RW in the text, on the folded text (single spaces, "/" kept and unspaced, "RT/RW" as
# one word RTRW)
_RT_PAIR = r"\b(?:RT|RTRW) (?P<rt>\d+)(?:/(?P<rw>\d+))?\b"
_RW = r"\bRW (?P<rw>\d+)\b"
_RT_RW_TEXT = r"\b(?:RT|RTRW) \d+(?:/\d+)?\b|\bRW \d+\b"


def _fold(arr: pa.Array) -> pa.Array:
    """Upper case; punctuation runs to one space except "/" (RT/RW pairs), unspaced; letters
    and digits split apart."""
    arr = pc.utf8_upper(arr)
    arr = pc.replace_substring_regex(arr, r"[^0-9A-Z/]+", " ")
    arr = pc.replace_substring_regex(arr, r" ?/[ /]*", "/")
    arr = pc.replace_substring_regex(arr, r"\bRT/RW\b", "RTRW")
    arr = pc.replace_substring_regex(arr, r"([A-Z])([0-9])", r"\1 \2")
    return pc.replace_substring_regex(arr, r"([0-9])([A-Z])", r"\1 \2")


def _number(groups: pa.Array, name: str) -> np.ndarray:
    """A regex group as int64 (-1 where it did not match or is empty)."""
    text = pc.struct_field(groups, name)
    text = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)
    # (an RT of a few digits: longer digit runs are not RT numbers, capped to stay in int64)
    text = pc.utf8_slice_codeunits(pc.replace_substring_regex(text, r"^0+(\d)", r"\1"), 0, 9)
    return pc.fill_null(pc.cast(text, pa.int64()), -1).to_numpy(zero_copy_only=False)


def address_parts_arrow(arr: pa.Array) -> tuple[pa.Array, np.ndarray, np.ndarray]:
    """(canonical street, RT, RW) of each address: the street as text (null when nothing is
    left), RT / RW as int64 numbers taken from the text (-1 where the text has none)."""
    arr = _fold(arr)
    pair = pc.extract_regex(arr, _RT_PAIR)
    rw_only = pc.extract_regex(arr, _RW)
    rt = _number(pair, "rt")
    rw = _number(rw_only, "rw")
    rw = np.where(rw >= 0, rw, _number(pair, "rw"))
    arr = pc.replace_substring_regex(arr, _RT_RW_TEXT, " ")
    arr = pc.replace_substring_regex(arr, "/", " ")
    arr = pc.utf8_trim_whitespace(pc.replace_substring_regex(arr, " {2,}", " "))
    for pattern, word in _WORDS:
        arr = pc.replace_substring_regex(arr, pattern, word)
    bare = pc.replace_substring_regex(arr, r"^(?:DUSUN )+", "")
    arr = pc.if_else(pc.equal(bare, ""), arr, bare)
    arr = pc.replace_substring_regex(arr, r"\b(?:(?:NO|NOMOR|NMR) )+(\d)", r"\1")
    arr = pc.replace_substring_regex(arr, r"\b0+(\d)", r"\1")
    arr = pc.utf8_trim_whitespace(arr)
    arr = pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)
    return arr, rt, rw


def rt_number(values: pd.Series) -> np.ndarray:
    """RT / RW column values as int64 per row: the first number, without leading zeros (-1
    where there is none), computed once per distinct value."""
    codes, uniques = factorize(values)
    groups = pc.extract_regex(pc.replace_substring_regex(uniques, r"^(\d+)[.,]0+$", r"\1"),
                              r"(?P<n>\d+)")
    number = np.append(_number(groups, "n"), -1)
    return number[np.where(codes >= 0, codes, len(number) - 1)]


def address_parts(alamat: pd.Series) -> pd.DataFrame:
    """``street`` (canonical, RT/RW taken out), ``rt`` and ``rw`` (nullable Int64 numbers
    written in the text) of each address; computed once per distinct address."""
    codes, uniques = factorize(alamat)
    street, rt, rw = address_parts_arrow(uniques)
    idx = np.where(codes >= 0, codes, 0)
    missing = codes < 0

    def take(x: np.ndarray) -> pd.Series:
        if not len(x):
            return pd.Series(pd.array([None] * len(codes), dtype="Int64"), index=alamat.index)
        v = x[idx]
        return pd.Series(pd.array(v, dtype="Int64"), index=alamat.index).mask(missing | (v < 0))

    return pd.DataFrame({"street": take_codes(street, codes, alamat.index), "rt": take(rt),
                         "rw": take(rw)}, index=alamat.index)


def normalize_address(alamat: pd.Series, rt: pd.Series | None = None,
                      rw: pd.Series | None = None) -> pd.Series:
    """The canonical address: the street, then ``RT n`` and ``RW m`` (from the ``rt`` / ``rw``
    columns where they hold a number, else from the text). Null where there is no street."""
    parts = address_parts(alamat)
    out = parts["street"]
    for name, column in (("RT", rt), ("RW", rw)):
        number = parts[name.lower()].to_numpy(dtype=np.int64, na_value=-1)
        if column is not None:
            given = rt_number(column)
            number = np.where(given >= 0, given, number)
        tail = pd.Series(np.where(number >= 0, " " + name + " " + number.astype(str), ""),
                         index=alamat.index, dtype=out.dtype)
        out = out + tail
    return out


__all__ = ["address_parts", "address_parts_arrow", "normalize_address", "rt_number"]
