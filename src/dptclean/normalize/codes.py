"""Coded fields: jenis kelamin, status kawin, disabilitas, keterangan (TMS), RT/RW/TPS.

These columns have few distinct values, so each unique value is looked up in a table (after
folding it to upper-case letters and digits) and the result is mapped back to the rows.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dptclean.normalize.text import clean_upper, factorize, map_unique

_NULL = pa.scalar(None, pa.string())


def _key(value: str) -> str:
    return re.sub(r"[^0-9A-Z]+", "", value.upper())


def _lookup(values: pd.Series, table: dict[str, str]) -> pd.Series:
    def func(uniques: pa.Array) -> pa.Array:
        keys = [_key(v) if v is not None else "" for v in clean_upper(uniques).to_pylist()]
        return pa.array([table.get(k) for k in keys], pa.string())

    return map_unique(values, func)


SEX_TABLE: dict[str, str] = {
    **{k: "L" for k in ("L", "LK", "LAKI", "LAKILAKI", "LAKI2", "LL", "PRIA", "COWOK", "M",
                        "MALE", "1", "LELAKI", "JANTAN")},
    **{k: "P" for k in ("P", "PR", "PRP", "PEREMPUAN", "PEREMPUANPEREMPUAN", "WANITA", "W",
                        "F", "FEMALE", "2", "CEWEK", "WN")},
}

# B belum kawin, S sudah kawin, P pernah kawin (cerai hidup / cerai mati). Dukcapil's numeric
# codes are 1 belum kawin, 2 kawin, 3 cerai hidup, 4 cerai mati.
MARITAL_TABLE: dict[str, str] = {
    **{k: "B" for k in ("B", "BK", "BELUM", "BELUMKAWIN", "BLMKAWIN", "BLM", "BELUMMENIKAH",
                        "TIDAKKAWIN", "TDKKAWIN", "LAJANG", "SINGLE", "1")},
    **{k: "S" for k in ("S", "K", "SK", "KAWIN", "SUDAHKAWIN", "SDHKAWIN", "SUDAH", "MENIKAH",
                        "SUDAHMENIKAH", "NIKAH", "KAWINTERCATAT", "KAWINBELUMTERCATAT",
                        "KAWINTIDAKTERCATAT", "MARRIED", "2")},
    **{k: "P" for k in ("P", "PK", "PERNAHKAWIN", "PERNAH", "CERAI", "CERAIHIDUP", "CERAIMATI",
                        "CH", "CM", "JANDA", "DUDA", "DIVORCED", "WIDOWED", "3", "4")},
}

# 2024 codes: 1 fisik, 2 intelektual, 3 mental, 4 sensorik wicara, 5 sensorik rungu,
# 6 sensorik netra.
DISABILITY_WORDS: tuple[tuple[str, str], ...] = (
    (r"FISIK|DAKSA|LUMPUH", "1"),
    (r"INTELEKTUAL|GRAHITA", "2"),
    (r"MENTAL|JIWA|LARAS", "3"),
    (r"WICARA|BISU", "4"),
    (r"RUNGU|TULI", "5"),
    (r"NETRA|BUTA", "6"),
)
_NO_DISABILITY = r"^(?:0+|-+|TIDAK|TIDAKADA|TDK|NON|NONE|NORMAL|BUKAN|N|T|NA|NULL|NAN)$"

# Keterangan: "B" baru and "U" ubah are active records; TMS codes and words mark records that
# are no longer eligible (meninggal, ganda, di bawah umur, pindah domisili, tidak dikenal, TNI,
# Polri, hilang ingatan, hak pilih dicabut, bukan penduduk).
_TMS_WORDS = re.compile(
    r"\bTMS\b|TIDAK\s*MEMENUHI\s*SYARAT|MENINGGAL|\bWAFAT\b|\bALM\b|\bALMARHUM|\bMD\b|"
    r"\bGANDA\b|\bDOBEL\b|\bDOUBLE\b|DI\s*BAWAH\s*UMUR|\bBAWAH\s*UMUR|\bBLM\s*CUKUP\s*UMUR|"
    r"\bPINDAH\b(?!\s*MASUK)|TIDAK\s*DIKENAL|\bTNI\b|\bPOLRI\b|HILANG\s*INGATAN|GANGGUAN\s*JIWA|"
    r"DICABUT|BUKAN\s*PENDUDUK|\bHAPUS\b|\bDIHAPUS\b")
_TMS_CODE = re.compile(r"^(?:TMS\s*[-:]?\s*)?(?:[1-9]|10)$")


def normalize_sex(values: pd.Series) -> pd.Series:
    """``jenis_kelamin_norm``: L / P / null."""
    return _lookup(values, SEX_TABLE)


def normalize_marital(values: pd.Series) -> pd.Series:
    """``status_kawin_norm``: B (belum kawin) / S (sudah kawin) / P (pernah kawin) / null."""
    return _lookup(values, MARITAL_TABLE)


def _disability_one(value: str | None) -> str | None:
    if value is None:
        return None
    v = value.upper().strip()
    compact = re.sub(r"[^0-9A-Z]+", "", v)
    if not compact or re.match(_NO_DISABILITY, compact):
        return None
    codes = set(re.findall(r"\b[1-6]\b", v)) if re.fullmatch(r"[0-9\s,;/.\-]+", v) else set()
    for pattern, code in DISABILITY_WORDS:
        if re.search(pattern, v):
            codes.add(code)
    if codes:
        return ",".join(sorted(codes))
    return v


def normalize_disability(values: pd.Series) -> pd.Series:
    """``disabilitas_norm``: code(s) "1".."6" joined by "," (words mapped to the 2024 codes);
    null when none; unknown text is kept (upper case)."""
    return map_unique(values, lambda u: pa.array(
        [_disability_one(v) for v in clean_upper(u).to_pylist()], pa.string()))


def _tms_one(value: str | None) -> bool:
    if value is None:
        return False
    v = value.upper().strip()
    if v in ("B", "U", "BARU", "UBAH", "TETAP", "AKTIF"):
        return False
    return bool(_TMS_CODE.match(v) or _TMS_WORDS.search(v))


def normalize_tms(values: pd.Series) -> pd.Series:
    """``tms``: True where KETERANGAN marks the record as no longer eligible."""
    codes, uniques = factorize(values)
    flags = np.array([_tms_one(v) for v in clean_upper(uniques).to_pylist()] or [False])
    out = np.where(codes >= 0, flags[np.where(codes >= 0, codes, 0)], False)
    return pd.Series(out.astype(bool), index=values.index)


def pad3_arrow(arr: pa.Array) -> pa.Array:
    """First number in the value, zero-padded to 3 digits ("1" -> "001", "RT 02" -> "002")."""
    text = clean_upper(arr)
    text = pc.replace_substring_regex(text, r"^(\d+)[.,]0+$", r"\1")  # 1.0 from a number cell
    number = pc.extract_regex(text, r"(?P<n>\d+)")
    digits = pc.struct_field(number, "n")
    digits = pc.replace_substring_regex(digits, r"^0+(\d)", r"\1")
    return pc.utf8_lpad(digits, 3, "0")


def pad3(values: pd.Series) -> pd.Series:
    """RT / RW / TPS: zero-padded to 3 digits; null when there is no number."""
    return map_unique(values, pad3_arrow)


__all__ = ["normalize_sex", "normalize_marital", "normalize_disability", "normalize_tms",
           "pad3", "SEX_TABLE", "MARITAL_TABLE"]
