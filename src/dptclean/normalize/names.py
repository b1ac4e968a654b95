"""Names: ``nama_norm`` (titles removed, punctuation folded) and ``nama_key`` (spelling folded).

Both work on the unique names of a column with Arrow's RE2 kernels, so a million records cost
what their distinct names cost. The title rules are written so that ``nama_norm`` is a fixed
point: rules that need punctuation (a comma before suffix titles, the dot of ``R.``) run
before punctuation is folded; rules that run after folding only look at token positions.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dptclean.normalize.text import apply_where, clean_upper, fold_punctuation, map_unique

# --- titles -------------------------------------------------------------------------------------

# Academic and professional suffixes in their dotted spelling; each dot may be missing or
# followed by a space in the data ("S.Pd.I", "S. Pd", "S.PdI", "SPd").
SUFFIX_TITLES: tuple[str, ...] = (
    "S.PD", "S.PD.I", "S.PD.SD", "S.PD.AUD", "S.PD.K", "S.E", "S.E.I", "S.E.SY", "S.H", "S.H.I",
    "S.AG", "S.KOM", "S.SOS", "S.SOS.I", "S.IP", "S.T", "S.T.P", "S.TP", "S.KEP", "S.KM",
    "S.FARM", "S.PSI", "S.HUT", "S.P", "S.SI", "S.S", "S.STP", "S.PT", "S.AP", "S.I.KOM",
    "S.IKOM", "S.TH", "S.TH.I", "S.SY", "S.KED", "S.KEB", "S.GZ", "S.TR.KEB", "S.TR.KES", "S.ST",
    "S.AK", "S.PI", "S.KEL", "S.DS", "S.SN", "S.HUM", "S.IN", "S.KG", "S.AN", "S.PAR",
    "M.PD", "M.PD.I", "M.SI", "M.M", "M.H", "M.KES", "M.AG", "M.T", "M.KOM", "M.E", "M.A",
    "M.SC", "M.HUM", "M.AK", "M.P", "M.KEP", "M.KEB", "M.FARM", "M.IP", "M.AP", "M.SOS", "M.BA",
    "M.PH", "M.E.I", "M.H.I", "M.KN", "M.TH",
    "A.MD", "A.MA", "A.MA.PD", "A.MD.KEP", "A.MD.KEB", "A.MD.FARM", "A.MD.GZ", "A.MD.KES",
    "A.MD.AK", "A.MD.PAR", "A.MD.T", "A.MD.KOM", "A.MD.RO", "A.MD.AKP", "A.MK", "A.MKEP",
    "B.A", "B.SC", "SP.A", "SP.OG", "SP.PD", "SP.B", "PH.D", "LC", "MBA", "AMK", "AMKL", "DRS",
    "DRA", "DR", "IR", "BSC",
    "S.KEP.NS", "NS",  # Ners: the nurse's professional title written after S.Kep
    "ALM", "ALMH",  # almarhum/almarhumah: a mark on the record, not part of the name
)

# Suffixes also removed when they stand, undotted, at the end of a name without a comma
# ("BUDI SANTOSO SPD"). Short forms that are also plausible name initials (MA, SM, SS ...)
# are removed only with a comma or dots.
COMPACT_SUFFIXES: frozenset[str] = frozenset({
    "SPD", "SPDI", "SPDSD", "SPDAUD", "SE", "SEI", "SH", "SHI", "SAG", "SKOM", "SSOS", "SSOSI",
    "SIP", "ST", "STP", "SKEP", "SKM", "SFARM", "SPSI", "SHUT", "SP", "SSI", "SSTP", "SPT",
    "SAP", "SIKOM", "STHI", "SKED", "SKEB", "STRKEB", "SST", "MPD", "MPDI", "MSI", "MM", "MH",
    "MKES", "MAG", "MKOM", "MSC", "MHUM", "MKEP", "MKEB", "MBA", "AMD", "AMDKEP", "AMDKEB",
    "AMDFARM", "AMDKES", "AMDAK", "AMDPAR", "AMDKOM", "AMK", "AMKEP", "AMAPD", "PHD",
    "ALM", "ALMH",
})

# Prefixes removed with or without a dot when another name token follows.
PREFIX_TITLES: tuple[str, ...] = (
    "HJH", "HJ", "HAJJAH", "HAJAH", "HAJI", "H", "DRS", "DRA", "DRG", "DRH", "DR", "IR", "KH",
    "PROF", "NY", "ALMH", "ALM", "ALMARHUMAH", "ALMARHUM", "RADEN", "RR", "RM", "RAY",
)
# Prefixes removed only in their dotted form: without the dot they may be an initial
# ("R SOEPARNO" may be Rudi Soeparno; "R. SOEPARNO" is Raden Soeparno).
DOTTED_PREFIXES: tuple[str, ...] = (r"K\.\s*H", r"R\.\s*A", r"R\.\s*R", r"R\.\s*M", r"R\.\s*AY",
                                    "RA", "R", "KH", "TB", "NN", "TN", "HJ", "H")


def _flex(title: str) -> str:
    """A title as a regex whose dots may be missing or spaced: S.PD.I -> S\\.?\\s*PD\\.?\\s*I."""
    parts = [re.escape(p) for p in title.split(".")]
    return r"\.?\s*".join(parts)


def _dotted(title: str) -> str | None:
    """A multi-part title as a regex that requires at least one of its dots: S.PD.I matches
    S.PD.I, S.PDI and SPD.I (lists write "SPd.I", "S.PdI" and "AMd.Kep" as often as the full
    form). Written with no dot at all it could be a name's last token: not matched here."""
    parts = [re.escape(p) for p in title.split(".")]
    if len(parts) < 2:
        return None
    dot = r"\.\s*"
    forms = [parts[0] + "".join(sep + part for sep, part in zip(seps, parts[1:]))
             for seps in itertools.product((dot, ""), repeat=len(parts) - 1) if dot in seps]
    return "(?:" + "|".join(forms) + ")"


def _alternation(patterns: list[str]) -> str:
    # longest first so "S.PD.I" wins over "S.PD"
    return "(?:" + "|".join(sorted(set(patterns), key=len, reverse=True)) + ")"


_ANY_SUFFIX = _alternation([_flex(t) for t in SUFFIX_TITLES])
_DOTTED_SUFFIX = _alternation([d for t in SUFFIX_TITLES if (d := _dotted(t))])
# ", S.PD, M.PD" (everything after the first comma is titles)
_COMMA_SUFFIXES = rf"\s*,[\s.,]*{_ANY_SUFFIX}(?:[\s.,]+{_ANY_SUFFIX})*[\s.,]*$"
# " S.PD" at the end without a comma: only the dotted spellings
_DOTTED_TAIL = rf"(?:\s+{_DOTTED_SUFFIX}\.?)+[\s.,]*$"
_PREFIX_ANY = _alternation(list(PREFIX_TITLES))
_PREFIX_DOTTED = _alternation(list(DOTTED_PREFIXES))
_PUNCT_PREFIXES = rf"^(?:{_PREFIX_DOTTED}\.\s*|{_PREFIX_ANY}(?:\.\s*|\s+))+"
_PLAIN_PREFIXES = rf"^(?:{_PREFIX_ANY}\s+)+"
_COMPACT = _alternation(sorted(COMPACT_SUFFIXES))
_PLAIN_SUFFIXES = rf"^(\S.*?)(?:\s+{_COMPACT})+$"
_COMPACT_TAIL = rf"\s{_COMPACT}$"
_APOSTROPHES = r"['`\x{2018}\x{2019}\x{02BC}\x{00B4}\"]"

_NULL = pa.scalar(None, pa.string())


def _strip_or_keep(before: pa.Array, after: pa.Array) -> pa.Array:
    """Use ``after`` unless the rule left nothing of the name (then keep ``before``)."""
    empty = pc.fill_null(pc.equal(pc.utf8_trim(after, " .,"), ""), True)
    return pc.if_else(empty, before, after)


def nama_norm_arrow(arr: pa.Array) -> pa.Array:
    """``nama_norm`` of an Arrow string array (see :func:`normalize_name`)."""
    arr = clean_upper(arr)
    arr = pc.replace_substring_regex(arr, _APOSTROPHES, "")
    arr = apply_where(arr, pc.match_substring_regex(arr, r"\s\s|[\t\n\r\f\v]"),
                      lambda a: pc.replace_substring_regex(a, r"\s+", " "))
    arr = apply_where(arr, pc.match_substring_regex(arr, r" [.,]"),
                      lambda a: pc.replace_substring_regex(a, r" ([.,])", r"\1"))
    original = arr

    def rule(pattern: str, replacement: str = "") -> Callable[[pa.Array], pa.Array]:
        return lambda a: _strip_or_keep(a, pc.replace_substring_regex(a, pattern, replacement))

    # rules that need punctuation (each only where its punctuation is present)
    arr = apply_where(arr, pc.match_substring(arr, ","), rule(_COMMA_SUFFIXES))
    arr = apply_where(arr, pc.match_substring(arr, "."), rule(_DOTTED_TAIL))
    arr = rule(_PUNCT_PREFIXES)(arr)
    arr = fold_punctuation(arr, apostrophes=False)
    # rules on plain tokens (these alone must be idempotent)
    arr = rule(_PLAIN_PREFIXES)(arr)
    arr = apply_where(arr, pc.match_substring_regex(arr, _COMPACT_TAIL),
                      lambda a: pc.replace_substring_regex(a, _PLAIN_SUFFIXES, r"\1"))
    return pc.if_else(pc.is_null(arr), fold_punctuation(original), arr)


# --- spelling-variant key -----------------------------------------------------------------------

# Old (pre-1972) spellings and common transliteration variants, applied to every token in order.
_SPELLING: tuple[tuple[str, str], ...] = (
    ("OE", "U"), ("DJ", "J"), ("TJ", "C"), ("SJ", "SY"), ("NJ", "NY"), ("CH", "KH"), ("KH", "H"),
    ("DH", "D"), ("DZ", "Z"), ("TH", "T"), ("PH", "F"), ("Q", "K"), ("V", "F"),
    ("IJ", "IY"),
)
_DOUBLES = tuple((c + c, c) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ")

# Tokens folded to one canonical token after the spelling rules (the raw forms are listed;
# the table is built by folding them the same way).
_VARIANTS: dict[str, tuple[str, ...]] = {
    "MUHAMMAD": ("MUHAMMAD", "MUHAMAD", "MUHAMMED", "MUHAMED", "MOHAMMAD", "MOHAMAD", "MOHAMMED",
                 "MOHAMED", "MOCHAMMAD", "MOCHAMAD", "MOCHAMMED", "MOCHAMED", "MUCHAMMAD",
                 "MUCHAMAD", "MUKHAMMAD", "MUKHAMAD", "MOKHAMMAD", "MOKHAMAD", "MOCH", "MOH",
                 "MUH", "MUHD", "MOHD", "MHD", "MHMD", "MUHAMMADH", "MOEHAMMAD", "MOEHAMAD",
                 "MUHHAMAD", "MOHAMAT", "MUHAMAT", "MOCHAMAT", "MUCHAMAT", "MAMAD", "MD"),
    "AHMAD": ("AHMAD", "ACHMAD", "AKHMAD", "AHMED", "ACHMED", "AHMAT", "ACHMAT", "AKHMAT",
              "AHMADH"),
    "ABDUL": ("ABDUL", "ABD", "ABDOEL", "ABDL", "ABDULL", "ABDOL"),
    "ABDULLAH": ("ABDULLAH", "ABDULAH", "ABDOELLAH", "ABDULLA"),
    "NUR": ("NUR", "NOOR", "NOER", "NUUR", "NOR"),
    "SITI": ("SITI", "SITTI", "SETI", "STI", "ST"),
}
# "M" stands for MUHAMMAD except as the last token (there it is usually another initial).
_M_INITIAL = "M"


# In the old spelling a bare J is today's Y (TJAHJO = CAHYO, DJOJO = JOYO); only tokens that
# show an old-spelling digraph are touched, so JOKO stays JOKO.
_OLD_SPELLING = r"OE|DJ|TJ|SJ|NJ"


def _old_j(tokens: pa.Array) -> pa.Array:
    old = pc.fill_null(pc.match_substring_regex(tokens, _OLD_SPELLING), False)
    fixed = tokens
    for _ in range(2):  # overlapping matches ("JJ")
        fixed = pc.replace_substring_regex(fixed, r"(^|[^DTSNJ])J", r"\1Y")
    return pc.if_else(old, fixed, tokens)


def _fold_once(tokens: pa.Array) -> pa.Array:
    out = _old_j(tokens)
    for old, new in _SPELLING:
        out = pc.replace_substring(out, old, new)
    for old, new in _DOUBLES:
        out = pc.replace_substring(out, old, new)
    # a final H after a vowel is often dropped (FATIMAH / FATIMA, ABDULLAH / ABDULLA)
    return pc.replace_substring_regex(out, r"([AIUEO])H$", r"\1")


def _fold_token_arrow(tokens: pa.Array) -> pa.Array:
    """Apply the spelling rules until nothing changes (so the key is a fixed point)."""
    out = _fold_once(tokens)
    for _ in range(6):
        again = _fold_once(out)
        if pc.all(pc.fill_null(pc.equal(again, out), True)).as_py():
            break
        out = again
    return out


def _fold_token_py(token: str) -> str:
    return _fold_token_arrow(pa.array([token])).to_pylist()[0]


def _variant_table() -> dict[str, str]:
    # every form folded in one Arrow call (folding is value by value: the same as one by one)
    words = [w for canonical, forms in _VARIANTS.items() for w in (canonical, *forms)]
    folded = dict(zip(words, _fold_token_arrow(pa.array(words + ["MUHAMMAD"])).to_pylist()))
    table: dict[str, str] = {}
    for canonical, forms in _VARIANTS.items():
        target = folded[canonical]
        for form in forms:
            table[folded[form]] = target
    table[_M_INITIAL] = folded["MUHAMMAD"]
    return table


_VARIANT_TABLE: dict[str, str] | None = None


def nama_key_arrow(norm: pa.Array) -> pa.Array:
    """``nama_key`` of an Arrow array of ``nama_norm`` values."""
    global _VARIANT_TABLE
    if _VARIANT_TABLE is None:
        _VARIANT_TABLE = _variant_table()
    n = len(norm)
    valid = pc.is_valid(norm)
    lists = pc.split_pattern(pc.fill_null(norm, ""), " ")
    lengths = pc.list_value_length(lists).to_numpy(zero_copy_only=False).astype(np.int64)
    flat = pc.list_flatten(lists)
    parents = pc.list_parent_indices(lists).to_numpy(zero_copy_only=False)
    encoded = flat.dictionary_encode()
    utokens = encoded.dictionary
    folded = _fold_token_arrow(utokens).to_pylist()
    table = _VARIANT_TABLE
    mapped = [table.get(t, t) for t in folded]
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    # position of each token inside its name: the last token keeps a bare "M"
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    position = np.arange(len(flat)) - offsets[parents] if len(flat) else np.zeros(0, np.int64)
    is_last = position == (lengths[parents] - 1) if len(flat) else np.zeros(0, bool)
    out_tokens = pa.array(mapped, pa.string()).take(pa.array(codes))
    m_code = [i for i, t in enumerate(folded) if t == _M_INITIAL]
    if m_code:
        bare_last = is_last & (codes == m_code[0])
        if bare_last.any():
            out_tokens = pc.if_else(pa.array(bare_last), pa.scalar(_M_INITIAL), out_tokens)
    rebuilt = pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)), out_tokens)
    joined = pc.binary_join(rebuilt, " ")
    joined = pc.utf8_trim_whitespace(joined)
    return pc.if_else(valid, joined, _NULL) if n else joined


def normalize_name(values: pd.Series) -> pd.Series:
    """``nama_norm``: NFKC, upper case, titles removed, punctuation folded to single spaces.

    ``"H. MOCH. SOEPARNO, S.PD"`` -> ``"MOCH SOEPARNO"``. Null when nothing is left.
    """
    return map_unique(values, nama_norm_arrow)


def name_key(norm: pd.Series) -> pd.Series:
    """``nama_key`` from ``nama_norm`` values: spelling variants folded, token order kept.

    ``"MOCH SOEPARNO"`` and ``"MUHAMMAD SUPARNO"`` both give ``"MUHAMAD SUPARNO"``.
    """
    return map_unique(norm, nama_key_arrow)
