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

from dptclean.normalize.text import apply_where, factorize, take_codes

# Words spelt one way (whole words: the tokens after folding).
_WORDS: dict[str, str] = {
    **dict.fromkeys(("JL", "JLN", "JLAN"), "JALAN"),
    "GG": "GANG",
    **dict.fromkeys(("KP", "KMP", "KAMP"), "KAMPUNG"),
    **dict.fromkeys(("PERUM", "PRUM"), "PERUMAHAN"),
    "BLK": "BLOK",
    "DS": "DESA",
    **dict.fromkeys(("KOMP", "KOMPL", "KOMPLEKS", "KOMPLEX"), "KOMPLEK"),
    **dict.fromkeys(("LINGK", "LING", "LKG"), "LINGKUNGAN"),
    "KEL": "KELURAHAN",
    **dict.fromkeys(("DK", "DKH", "DUKUH", "DSN"), "DUSUN"),
}
# token kinds
_WORD, _NUM, _NO, _RT, _RW, _RTRW, _SLASH, _DUSUN = range(8)
_KINDS = {"NO": _NO, "NOMOR": _NO, "NMR": _NO, "RT": _RT, "RW": _RW, "RTRW": _RTRW, "/": _SLASH,
          "DUSUN": _DUSUN}
_MAX_NUMBER = 10**9   # (longer digit runs are no RT numbers; kept in int64)


def _fold(arr: pa.Array) -> pa.Array:
    """Upper case; punctuation runs to one space, but "/" a token of its own (RT/RW pairs) and
    "RT/RW" one word RTRW; letters and digits split apart; single spaces, trimmed."""
    arr = pc.utf8_upper(arr)
    # (the common marks by plain replacement, the rest by a regex where there are any)
    for mark in (". ", ".", ", ", ","):
        arr = pc.replace_substring(arr, mark, " ")
    arr = apply_where(arr, pc.match_substring_regex(arr, "[^0-9A-Z /]"),
                      lambda a: pc.replace_substring_regex(a, r"[^0-9A-Z /]+", " "))
    arr = apply_where(arr, pc.match_substring(arr, "/"), lambda a: pc.replace_substring_regex(
        pc.replace_substring_regex(a, r"\bRT */[ /]*RW\b", "RTRW"), r" */[ /]*", " / "))
    arr = apply_where(arr, pc.match_substring_regex(arr, "[A-Z][0-9]|[0-9][A-Z]"),
                      lambda a: pc.replace_substring_regex(
                          pc.replace_substring_regex(a, r"([A-Z])([0-9])", r"\1 \2"),
                          r"([0-9])([A-Z])", r"\1 \2"))
    arr = apply_where(arr, pc.match_substring(arr, "  "),
                      lambda a: pc.replace_substring_regex(a, " {2,}", " "))
    return pc.utf8_trim_whitespace(arr)


def _vocabulary(vocab: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(canonical spelling, kind, number or -1) of each distinct token."""
    spelling, kind, number = [], [], []
    for token in vocab:
        if token.isdigit():
            digits = token.lstrip("0") or "0"
            spelling.append(digits)
            kind.append(_NUM)
            number.append(int(digits) if len(digits) < 10 else _MAX_NUMBER)
            continue
        word = _WORDS.get(token, token)
        spelling.append(word)
        kind.append(_KINDS.get(word, _WORD))
        number.append(-1)
    return spelling, np.array(kind, dtype=np.int8), np.array(number, dtype=np.int64)


def address_parts_arrow(arr: pa.Array) -> tuple[pa.Array, np.ndarray, np.ndarray]:
    """(canonical street, RT, RW) of each address: the street as text (null when nothing is
    left), RT / RW as int64 numbers taken from the text (-1 where the text has none).

    The text is folded with a few regular expressions, then split into words once; the words
    are looked up once per distinct word and the rules run on the word arrays (numpy)."""
    n = len(arr)
    rt = np.full(n, -1, dtype=np.int64)
    rw = np.full(n, -1, dtype=np.int64)
    lists = pc.split_pattern(_fold(arr), " ")
    flat = lists.flatten()
    if not len(flat):
        return pa.nulls(n, pa.string()), rt, rw
    encoded = flat.dictionary_encode()
    spelling, kind_v, number_v = _vocabulary(encoded.dictionary.to_pylist())
    idx = encoded.indices.to_numpy(zero_copy_only=False)
    kind, number = kind_v[idx], number_v[idx]
    lengths = pc.fill_null(pc.list_value_length(lists), 0).to_numpy(zero_copy_only=False)
    owner = np.repeat(np.arange(n), lengths)
    keep = (kind != _SLASH) & ~pc.equal(flat, "").to_numpy(zero_copy_only=False)
    after_slash = (_shift(kind, -1) == _SLASH) & (_shift(owner, -1) == owner)
    while _take_rt_rw(kind, number, owner, keep, after_slash, rt, rw):
        pass
    _drop_leading_dusun(kind, owner, keep)
    _drop_number_words(kind, owner, keep)
    words = pa.array(spelling, pa.string()).take(pa.array(idx[keep]))
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.bincount(owner[keep], minlength=n), out=offsets[1:])
    street = pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets), words), " ")
    empty = pc.or_(pc.equal(street, ""), pc.is_null(arr))
    return pc.if_else(empty, pa.scalar(None, pa.string()), street), rt, rw


def _shift(x: np.ndarray, k: int) -> np.ndarray:
    """out[i] = x[i + k] (k < 0: a place before), -1 / False past either end."""
    out = np.full(len(x), False if x.dtype == bool else -1, dtype=x.dtype)
    if 0 < k < len(x):
        out[:-k] = x[k:]
    elif 0 < -k < len(x):
        out[-k:] = x[:k]
    return out


def _first(owner: np.ndarray, at: np.ndarray, values: np.ndarray, into: np.ndarray) -> None:
    """``into[address] = values[its first position in at]`` for each address with one."""
    pos = np.flatnonzero(at)
    if len(pos):
        addr, first = np.unique(owner[pos], return_index=True)
        into[addr] = values[pos[first]]


def _take_rt_rw(kind: np.ndarray, number: np.ndarray, owner: np.ndarray, keep: np.ndarray,
                after_slash: np.ndarray, rt: np.ndarray, rw: np.ndarray) -> bool:
    """RT n, RT n / m, RT/RW n / m and RW n among the kept words (a "/" between RT and its
    number ignored): the numbers into rt / rw where still unknown (the first of each address;
    an RW written as such before the second number of a pair), the words out of the street.
    True when some were found (taking them out can make another one: call again)."""
    ks = np.flatnonzero(keep)
    k, o, num = kind[ks], owner[ks], number[ks]
    n1, n2 = (np.where(_shift(o, j) == o, _shift(k, j), -1) for j in (1, 2))
    rt_at = ((k == _RT) | (k == _RTRW)) & (n1 == _NUM)
    pair = rt_at & (n2 == _NUM) & _shift(after_slash[ks], 2)
    rw_at = (k == _RW) & (n1 == _NUM)
    if not (rt_at.any() or rw_at.any()):
        return False
    found_rt = np.full(len(rt), -1, dtype=np.int64)
    found_rw = np.full(len(rw), -1, dtype=np.int64)
    _first(o, pair, _shift(num, 2), found_rw)
    _first(o, rw_at, _shift(num, 1), found_rw)
    _first(o, rt_at, _shift(num, 1), found_rt)
    rt[:] = np.where(rt >= 0, rt, found_rt)
    rw[:] = np.where(rw >= 0, rw, found_rw)
    for at, width in ((rt_at, 2), (pair, 3), (rw_at, 2)):
        pos = np.flatnonzero(at)
        for j in range(width):
            keep[ks[pos + j]] = False
    return True


def _drop_leading_dusun(kind: np.ndarray, owner: np.ndarray, keep: np.ndarray) -> None:
    """Hamlet words before the name go (DSN. KRAJAN = KRAJAN) unless nothing would be left."""
    # (only the addresses whose first word is one)
    start = np.r_[True, owner[1:] != owner[:-1]]
    lead = np.flatnonzero(start & (kind == _DUSUN))
    if not len(lead):
        return
    mine = np.zeros(int(owner[-1]) + 1, dtype=bool)
    mine[owner[lead]] = True
    kept = np.flatnonzero(keep & mine[owner])
    o, other = owner[kept], kind[kept] != _DUSUN
    begins = np.r_[True, o[1:] != o[:-1]]
    at = np.arange(len(kept))
    pos = at - np.maximum.accumulate(np.where(begins, at, 0))   # place among the kept words
    first_other = np.full(len(mine), -1, dtype=np.int64)
    at_other = np.flatnonzero(other)
    if len(at_other):
        addr, first = np.unique(o[at_other], return_index=True)
        first_other[addr] = pos[at_other[first]]
    keep[kept[~other & (first_other[o] > pos)]] = False


def _drop_number_words(kind: np.ndarray, owner: np.ndarray, keep: np.ndarray) -> None:
    """NO / NOMOR / NMR (one or more) right before a number go: the number stays."""
    kept = np.flatnonzero(keep)
    k, o = kind[kept], owner[kept]
    is_no = k == _NO
    if not is_no.any():
        return
    same = _shift(o, 1) == o
    drop = is_no & same & (_shift(k, 1) == _NUM)
    while True:   # (NO NO 5: back over the run)
        more = is_no & same & _shift(drop, 1) & ~drop
        if not more.any():
            break
        drop |= more
    keep[kept[drop]] = False


def _number(groups: pa.Array, name: str) -> np.ndarray:
    """A regex group as int64 (-1 where it did not match or is empty)."""
    text = pc.struct_field(groups, name)
    text = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)
    # (an RT has a few digits: a longer run is cut to its first 9 to stay in int64)
    text = pc.utf8_slice_codeunits(pc.replace_substring_regex(text, r"^0+(\d)", r"\1"), 0, 9)
    return pc.fill_null(pc.cast(text, pa.int64()), -1).to_numpy(zero_copy_only=False)


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
