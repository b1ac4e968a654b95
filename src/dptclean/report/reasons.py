"""Reasons an operator reads aloud: the comparison levels of a pair as plain phrases.

``NIK exact +20.1; JK agree; lokasi different | p=1.000`` is the matcher's technical line (it
stays, in a technical column). For people each pair is told from its levels, one phrase per
compared field, in Bahasa Indonesia or English::

    NIK sama; nama mirip (salah ketik 1 huruf); tanggal lahir sama; alamat beda

The phrases live in one table keyed by (field, level name). A level the table does not know
(the matcher gained one) still reads as ``NIK: <level>`` rather than failing;
``tests/report/test_reasons.py`` fails until every declared level has its phrase.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from dptclean import schema
from dptclean.match.grouping import NO_KEEP_REASON

# fields in the order they are read out; a field missing here is read after these
FIELD_ORDER = ("nik", "nama", "tanggal_lahir", "tempat_lahir", "jenis_kelamin", "nkk", "lokasi")

FIELD_NAMES: dict[str, tuple[str, str]] = {
    "nik": ("NIK", "NIK"), "nama": ("nama", "name"), "tanggal_lahir": ("tanggal lahir",
                                                                     "birth date"),
    "tempat_lahir": ("tempat lahir", "birth place"), "jenis_kelamin": ("jenis kelamin", "sex"),
    "nkk": ("NKK", "NKK"), "lokasi": ("alamat", "address"),
}

# levels that say nothing (a value missing on either side): not read out
SILENT = frozenset({"unknown"})

# (field, level) -> (Bahasa Indonesia, English); {n} is a count filled in from the records
PHRASES: dict[tuple[str, str], tuple[str, str]] = {
    ("nik", "exact"): ("NIK sama", "same NIK"),
    ("nik", "exact_15"): ("NIK sama pada 15 angka pertama (angka terakhir rusak oleh Excel)",
                          "same NIK in the first 15 digits (last digit lost in Excel)"),
    ("nik", "exact_known"): ("NIK sama pada angka yang terlihat (NIK disamarkan)",
                             "same NIK in the visible digits (masked NIK)"),
    ("nik", "one_typo"): ("NIK beda 1 angka (salah ketik)", "NIK differs in 1 digit (typo)"),
    ("nik", "transposed"): ("NIK beda: 2 angka bersebelahan tertukar (salah ketik)",
                            "NIK differs: two adjacent digits swapped (typo)"),
    ("nik", "regency_one_off"): ("NIK beda 1 angka di kode kabupaten/kota",
                                 "NIK differs in 1 digit of the regency code"),
    ("nik", "region_one_off"): ("NIK beda 1 angka di kode wilayah",
                                "NIK differs in 1 digit of the region code"),
    ("nik", "serial_one_off"): ("NIK beda 1 angka di nomor urut",
                                "NIK differs in 1 digit of the serial number"),
    ("nik", "serial_upper_one_off"): ("NIK beda 1 angka di nomor urut (ribuan/ratusan/puluhan)",
                                      "NIK differs in 1 digit of the serial (thousands, "
                                      "hundreds or tens)"),
    ("nik", "serial_slip"): ("NIK beda 1 angka di nomor urut (salah ketik: nomor urut tidak wajar)",
                             "NIK differs in 1 digit of the serial (a slip: an implausible serial)"),
    ("nik", "last_digit_zero"): ("NIK beda di angka terakhir (angka 0)",
                                 "NIK differs in the last digit (a 0)"),
    ("nik", "date_one_off"): ("NIK beda 1 angka di tanggal lahir",
                              "NIK differs in 1 digit of the birth date"),
    ("nik", "region_known"): ("NIK hanya terbaca kode wilayahnya, dan sama",
                              "only the NIK region codes are readable, and they agree"),
    ("nik", "region_different"): ("NIK hanya terbaca kode wilayahnya, dan beda",
                                  "only the NIK region codes are readable, and they differ"),
    ("nik", "invalid_equal"): ("NIK sama (tetapi bukan NIK yang sah)",
                               "same NIK (but not a valid NIK)"),
    ("nik", "invalid_close"): ("NIK tidak sah dan mirip", "invalid NIKs, nearly the same"),
    ("nik", "invalid_different"): ("NIK tidak sah dan beda", "invalid NIKs, different"),
    ("nik", "different"): ("NIK beda", "different NIK"),
    ("nama", "exact"): ("nama sama", "same name"),
    ("nama", "key"): ("nama sama (beda ejaan)", "same name (another spelling)"),
    ("nama", "typo"): ("nama mirip (salah ketik)", "similar name (a typo)"),
    ("nama", "subset"): ("nama sama tetapi satu bagian nama hilang",
                         "same name with one part left out"),
    ("nama", "similar"): ("nama mirip", "similar name"),
    ("nama", "shared_token"): ("sebagian nama sama", "part of the name in common"),
    ("nama", "different"): ("nama beda", "different name"),
    ("tanggal_lahir", "exact"): ("tanggal lahir sama", "same birth date"),
    ("tanggal_lahir", "swapped"): ("tanggal lahir sama, hari dan bulan tertukar",
                                   "same birth date with day and month swapped"),
    ("tanggal_lahir", "one_digit"): ("tanggal lahir beda 1 angka",
                                     "birth date differs in 1 digit"),
    ("tanggal_lahir", "same_year"): ("tahun lahir sama", "same birth year"),
    ("tanggal_lahir", "different"): ("tanggal lahir beda", "different birth date"),
    ("tanggal_lahir", "day_month_agree"): ("tanggal dan bulan lahir sama (tahun tidak diketahui)",
                                           "same day and month of birth (year unknown)"),
    ("jenis_kelamin", "agree"): ("jenis kelamin sama", "same sex"),
    ("jenis_kelamin", "disagree"): ("jenis kelamin beda", "different sex"),
    ("tempat_lahir", "exact"): ("tempat lahir sama", "same birth place"),
    ("tempat_lahir", "similar"): ("tempat lahir mirip", "similar birth place"),
    ("tempat_lahir", "different"): ("tempat lahir beda", "different birth place"),
    ("nkk", "exact"): ("NKK sama", "same NKK"),
    ("nkk", "exact_known"): ("NKK sama pada angka yang terlihat",
                             "same NKK in the visible digits"),
    ("nkk", "different"): ("NKK beda", "different NKK"),
    ("lokasi", "same_address"): ("alamat sama", "same address"),
    ("lokasi", "similar_address"): ("alamat mirip", "similar address"),
    ("lokasi", "same_kelurahan"): ("desa/kelurahan sama, alamat beda",
                                   "same village, different address"),
    ("lokasi", "different"): ("alamat beda", "different address"),
}

# a count from the two records makes some phrases exact: (field, level) -> phrase with {n}
COUNTED: dict[tuple[str, str], tuple[str, str]] = {
    ("nama", "typo"): ("nama mirip (salah ketik {n} huruf)", "similar name ({n}-letter typo)"),
    ("nik", "different"): ("NIK beda ({n} angka)", "different NIK ({n} digits)"),
}

CONFIRMED = ("dikonfirmasi operator", "confirmed by an operator")
TECHNICAL_CONFIRMED = "confirmed by an operator"

_LANGS = ("id", "en")


def field_name(field: str, lang: str) -> str:
    pair = FIELD_NAMES.get(field)
    return pair[_LANGS.index(lang)] if pair else field.replace("_", " ")


def phrase(field: str, level: str, lang: str = "id", n: int | None = None) -> str:
    """The phrase for one comparison level; an unknown level reads ``<field>: <level>``."""
    i = _LANGS.index(lang)
    if n is not None and (field, level) in COUNTED:
        return COUNTED[(field, level)][i].format(n=n)
    known = PHRASES.get((field, level))
    if known:
        return known[i]
    return f"{field_name(field, lang)}: {level.replace('_', ' ')}"


def explain(levels: Mapping[str, str], lang: str = "id",
            counts: Mapping[str, int] | None = None) -> str:
    """One pair told in words: ``NIK sama; nama mirip (salah ketik 1 huruf); ...``."""
    counts = counts or {}
    fields = [f for f in FIELD_ORDER if f in levels] + \
        [f for f in levels if f not in FIELD_ORDER]
    parts = [phrase(f, str(levels[f]), lang, counts.get(f)) for f in fields
             if isinstance(levels[f], str) and levels[f] not in SILENT]
    return "; ".join(parts)


def _typo_letters(a: object, b: object) -> int | None:
    if not isinstance(a, str) or not isinstance(b, str) or not a or not b:
        return None
    from rapidfuzz.distance import Levenshtein

    return int(Levenshtein.distance(a, b))


def _digits_apart(a: object, b: object) -> int | None:
    if not isinstance(a, str) or not isinstance(b, str) or len(a) != len(b) or not a.isdigit() \
            or not b.isdigit():
        return None
    return sum(x != y for x, y in zip(a, b))


def _column(frame: pd.DataFrame, name: str, pos: np.ndarray) -> list[object]:
    if name not in frame.columns:
        return [None] * len(pos)
    # (the rows first: only they are turned into Python objects)
    return frame[name].iloc[pos].astype(object).tolist()


def explain_pairs(frame: pd.DataFrame, left: Sequence[int], right: Sequence[int],
                  levels: Mapping[str, Sequence[object]], lang: str = "id",
                  confirmed: Sequence[bool] | None = None) -> list[str]:
    """The readable reason of each pair (records ``left[i]``, ``right[i]`` of ``frame``),
    from its level names ``levels[field][i]``; counts (letters of a typo, NIK digits apart)
    come from the records' normalised values. Each distinct combination of levels, counts
    and confirmation is told once."""
    lpos, rpos = np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)
    fields = list(levels)
    rows = list(zip(*[[x if isinstance(x, str) else None for x in levels[f]] for f in fields])) \
        if fields else [()] * len(lpos)
    name_at = fields.index("nama") if "nama" in fields else -1
    nik_at = fields.index("nik") if "nik" in fields else -1
    name_col = schema.NAMA_NORM if schema.NAMA_NORM in frame.columns else schema.NAMA
    nik_col = schema.NIK_NORM if schema.NIK_NORM in frame.columns else schema.NIK
    # counts only for the pairs at the levels that show them
    typo = [i for i, r in enumerate(rows) if name_at >= 0 and r[name_at] == "typo"]
    apart = [i for i, r in enumerate(rows) if nik_at >= 0 and r[nik_at] == "different"]
    counts: dict[tuple[int, int], int] = {}
    if typo:
        na, nb = _column(frame, name_col, lpos[typo]), _column(frame, name_col, rpos[typo])
        for i, a, b in zip(typo, na, nb):
            if n := _typo_letters(a, b):
                counts[(i, 0)] = n
    if apart:
        ka, kb = _column(frame, nik_col, lpos[apart]), _column(frame, nik_col, rpos[apart])
        for i, a, b in zip(apart, ka, kb):
            if n := _digits_apart(a, b):
                counts[(i, 1)] = n
    told: dict[tuple, str] = {}
    out = []
    for i, row in enumerate(rows):
        conf = bool(confirmed is not None and confirmed[i])
        key = (row, counts.get((i, 0)), counts.get((i, 1)), conf)
        text = told.get(key)
        if text is None:
            lv = {f: v for f, v in zip(fields, row) if v is not None}
            c = {k: n for k, n in (("nama", key[1]), ("nik", key[2])) if n is not None}
            text = explain(lv, lang, c)
            if conf:
                text = CONFIRMED[_LANGS.index(lang)] + ("; " + text if text else "")
            told[key] = text
        out.append(text)
    return out


LEVEL_PREFIX = "level_"


def pair_reasons(frame: pd.DataFrame, pairs: pd.DataFrame, a: Sequence[object],
                 b: Sequence[object], lang: str = "id") -> list[str | None]:
    """Readable reasons for the record pairs (a[i], b[i]) looked up in a pairs frame with
    ``level_<field>`` columns (``MatchResult.pairs``); None where the pair or its levels are
    not there (the caller shows the technical line instead)."""
    level_cols = [c for c in pairs.columns if c.startswith(LEVEL_PREFIX)]
    out: list[str | None] = [None] * len(a)
    ok = [i for i in range(len(a)) if a[i] is not None and b[i] is not None
          and not pd.isna(a[i]) and not pd.isna(b[i])]  # type: ignore[call-overload]
    if not level_cols or not ok or not len(pairs):
        return out
    lo = [min(int(a[i]), int(b[i])) for i in ok]  # type: ignore[call-overload]
    hi = [max(int(a[i]), int(b[i])) for i in ok]  # type: ignore[call-overload]
    p = pairs.drop_duplicates(["left", "right"])
    index = pd.MultiIndex.from_arrays([p["left"].astype("int64"), p["right"].astype("int64")])
    where = index.get_indexer(pd.MultiIndex.from_arrays([lo, hi]))
    found = [k for k in range(len(ok)) if where[k] >= 0]
    if not found:
        return out
    rows = p.iloc[[int(where[k]) for k in found]]
    levels = {c[len(LEVEL_PREFIX):]: rows[c].astype(object).tolist() for c in level_cols}
    technical = rows["reasons"].astype(str).tolist() if "reasons" in rows else [""] * len(rows)
    confirmed = [t.startswith(TECHNICAL_CONFIRMED) for t in technical]
    text = explain_pairs(frame, [lo[k] for k in found], [hi[k] for k in found], levels, lang,
                         confirmed)
    for k, t in zip(found, text):
        out[ok[k]] = t
    return out


# why the kept record was chosen (the matcher's English lines) -> (Bahasa, English)
KEEP_REASONS: dict[str, tuple[str, str]] = {
    "the others are marked TMS": ("yang lain sudah ditandai TMS", "the others are marked TMS"),
    "complete valid NIK": ("NIK lengkap dan sah", "complete valid NIK"),
    "real birth date (others missing/placeholder)": (
        "tanggal lahir asli (yang lain kosong/isian pengganti)",
        "real birth date (others missing/placeholder)"),
    "most fields filled": ("kolom paling lengkap", "most fields filled"),
    "the records are equally complete: fixed by their content, not by row order": (
        "data sama lengkap: dipilih menurut isinya, bukan urutan baris",
        "the records are equally complete: fixed by their content, not by row order"),
}


def keep_reason(text: object, lang: str = "id") -> object:
    """The keep suggestion's reason in ``lang`` (unknown lines are returned unchanged)."""
    if not isinstance(text, str):
        return text
    i = _LANGS.index(lang)
    if text in KEEP_REASONS:
        return KEEP_REASONS[text][i]
    if text == NO_KEEP_REASON:   # no rule decides: the same words as the reports
        from dptclean.report.i18n import labels

        return labels(lang)("no_keep_reason")
    if text.startswith("candidate for TMS ganda"):
        rest = text[len("candidate for TMS ganda"):]
        return ("usulan TMS ganda" if lang == "id" else "candidate for TMS ganda") + rest
    return text


def _reverse() -> tuple[dict[str, int], list[tuple[re.Pattern[str], tuple[str, str]]]]:
    plain = {pair[1]: k for k, pair in enumerate(_ALL)}
    counted = [(re.compile("^" + re.escape(pair[1]).replace(re.escape("{n}"), r"(\d+)") + "$"),
                pair) for pair in COUNTED.values()]
    return plain, counted


_ALL: list[tuple[str, str]] = list(PHRASES.values()) + [CONFIRMED]


def to_lang(text: object, lang: str = "id") -> object:
    """A readable reason written in English (the CSV/Parquet value) in ``lang``, phrase by
    phrase; a phrase the table does not know is kept as it is."""
    if not isinstance(text, str) or lang == "en":
        return text
    plain, counted = _REVERSE
    i = _LANGS.index(lang)
    out = []
    for part in text.split("; "):
        if part in plain:
            out.append(_ALL[plain[part]][i])
            continue
        for pattern, pair in counted:
            m = pattern.match(part)
            if m:
                out.append(pair[i].format(n=m.group(1)))
                break
        else:
            head, sep, rest = part.partition(": ")
            en_fields = {v[1]: v[i] for v in FIELD_NAMES.values()}
            out.append(en_fields[head] + sep + rest if sep and head in en_fields else part)
    return "; ".join(out)


_REVERSE = _reverse()


def from_technical(text: object, lang: str = "id") -> object:
    """A technical reason (``NIK exact +20.1; nama different 0.32 -9.0 | score ...``, what
    the NIK-conflict list keeps) told in words in ``lang``; unchanged when it does not parse."""
    if not isinstance(text, str) or not text:
        return text
    from dptclean.match.score import FIELD_LABELS

    by_label = sorted(((label, field) for field, label in FIELD_LABELS.items()),
                      key=lambda x: -len(x[0]))
    levels: dict[str, str] = {}
    for part in text.split(" | ")[0].split("; "):
        for label, field in by_label:
            if part.startswith(label + " "):
                levels[field] = part[len(label) + 1:].split(" ")[0]
                break
        else:
            return text
    return explain(levels, lang) or text
