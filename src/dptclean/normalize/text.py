"""Text helpers shared by the normalisers: unique-value mapping and Arrow string plumbing.

Voter lists repeat their values a lot (names, dates, places, codes), so every normaliser works
on the unique values of a column and maps the result back with one ``take``: the cost follows
the number of distinct values, not the number of rows.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

STRING = pd.StringDtype("pyarrow")

# Apostrophes and quote marks that sit inside names (MA'RUF, NU`MAN) are dropped, not spaced.
_APOSTROPHES = "['`\u2018\u2019\u02bc\u00b4\"]"


def as_string(values: pd.Series | None, index: pd.Index | None = None) -> pd.Series:
    """``values`` as a ``string[pyarrow]`` Series (an all-null one when ``values`` is None)."""
    if values is None:
        n = len(index) if index is not None else 0
        return pd.Series(pd.array([None] * n, dtype=STRING), index=index)
    if values.dtype == STRING:
        return values
    if pd.api.types.is_float_dtype(values.dtype):
        # 1.0 -> "1" (a number column read from a spreadsheet)
        as_int = values.where(values.isna() | (values % 1 == 0))
        text = as_int.astype("Int64").astype(STRING)
        return text.where(values.isna() | (values % 1 == 0), values.astype(STRING))
    return values.astype(STRING)


def to_arrow(values: pd.Series) -> pa.Array:
    """A Series as one Arrow string array."""
    arr = pa.array(as_string(values).array)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return arr.cast(pa.string()) if arr.type != pa.string() else arr


def from_arrow(arr: pa.Array | pa.ChunkedArray, index: pd.Index) -> pd.Series:
    """An Arrow string array as a ``string[pyarrow]`` Series on ``index``."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if arr.type != pa.string():
        arr = arr.cast(pa.string())
    values = pd.arrays.ArrowStringArray(arr)  # type: ignore[attr-defined]
    return pd.Series(values, index=index, dtype=STRING)


def factorize(values: pd.Series) -> tuple[np.ndarray, pa.Array]:
    """(codes, uniques): codes is -1 for nulls; uniques is an Arrow string array."""
    arr = to_arrow(values)
    encoded = arr.dictionary_encode()
    codes = pc.fill_null(encoded.indices.cast(pa.int64()), -1).to_numpy(zero_copy_only=False)
    return codes, encoded.dictionary


def map_unique(values: pd.Series, func: Callable[[pa.Array], pa.Array]) -> pd.Series:
    """Apply ``func`` (Arrow string array -> Arrow array of equal length) to the unique values."""
    codes, uniques = factorize(values)
    out = func(uniques)
    return take_codes(out, codes, values.index)


def take_codes(out: pa.Array, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """Map per-unique results back to rows (code -1 -> null)."""
    idx = pa.array(codes, pa.int64(), mask=codes < 0)
    taken = out.take(idx)
    if pa.types.is_string(taken.type) or pa.types.is_large_string(taken.type):
        return from_arrow(taken, index)
    return pd.Series(taken.to_pandas(types_mapper=pd.ArrowDtype), index=index)


def clean_upper(arr: pa.Array) -> pa.Array:
    """NFKC, upper case, trimmed; empty strings become null."""
    arr = pc.utf8_normalize(arr, form="NFKC")
    arr = pc.utf8_upper(arr)
    arr = pc.utf8_trim_whitespace(arr)
    return pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)


def apply_where(arr: pa.Array, mask: pa.Array, func: Callable[[pa.Array], pa.Array]) -> pa.Array:
    """``func`` applied only to the values where ``mask`` is true (a cheap test first saves
    running an expensive rule over every value)."""
    mask = pc.fill_null(mask, False)
    hits = pc.sum(mask).as_py() or 0
    if hits == 0:
        return arr
    if hits == len(arr):
        return func(arr)
    return pc.replace_with_mask(arr, mask, func(pc.filter(arr, mask)).cast(arr.type))


def fold_punctuation(arr: pa.Array, apostrophes: bool = True) -> pa.Array:
    """Drop apostrophes, turn every other non-alphanumeric run into one space, trim."""
    if apostrophes:
        arr = pc.replace_substring_regex(arr, _APOSTROPHES, "")
    # single spaces are left alone: replacing each of them is most of the cost
    arr = pc.replace_substring_regex(arr, r" *[^\p{L}\p{N} ]+ *", " ")
    arr = apply_where(arr, pc.match_substring(arr, "  "),
                      lambda a: pc.replace_substring_regex(a, " {2,}", " "))
    arr = pc.utf8_trim_whitespace(arr)
    return pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)


def normalize_text(values: pd.Series) -> pd.Series:
    """NFKC, upper case, punctuation folded to single spaces; empty -> null."""
    return map_unique(values, lambda u: fold_punctuation(clean_upper(u)))


# Regency/city prefixes in birthplaces ("KAB. JEPARA", "KOTA SEMARANG"). "KOTA" is kept where it
# is part of the place name (Kotabaru, Kotabumi, Kotamobagu, Kotawaringin, Kota Agung).
_PLACE_PREFIX = (r"^(?:KABUPATEN|KAB|KOTA ADMINISTRASI|KOTA ADM|KOTA"
                 r"|KOTAMADYA|KODYA|KOTIF|ADM)\s+")
_KOTA_NAMES = r"^KOTA\s+(?:BARU|BUMI|MOBAGU|WARINGIN|AGUNG|PINANG|JANTHO|NOPAN|FAJAR)\b"


def place_norm(arr: pa.Array) -> pa.Array:
    """Birthplace: upper case, punctuation folded, KAB./KOTA prefixes dropped."""
    arr = fold_punctuation(clean_upper(arr))
    keep = pc.fill_null(pc.match_substring_regex(arr, _KOTA_NAMES), False)
    stripped = arr
    for _ in range(2):  # "KAB. ADM. ..." carries two prefixes at most
        stripped = pc.replace_substring_regex(stripped, _PLACE_PREFIX, "")
    stripped = pc.if_else(pc.equal(stripped, ""), arr, stripped)
    return pc.if_else(keep, arr, stripped)


def normalize_place(values: pd.Series) -> pd.Series:
    """Birthplace normaliser (tempat_lahir_norm)."""
    return map_unique(values, place_norm)
