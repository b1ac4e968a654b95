"""Masking of personal data (UU 27/2022): NIK, NKK and birth dates in human-facing outputs."""

from __future__ import annotations

import pandas as pd

from dptclean import schema

ID_COLUMNS = (schema.NIK, schema.NKK, schema.NIK_NORM, schema.NKK_NORM)
DATE_COLUMNS = (schema.TANGGAL_LAHIR, schema.TANGGAL_LAHIR_NORM, schema.NIK_BIRTH_DATE)


def mask_ids(values: pd.Series) -> pd.Series:
    """Keep the first 4 (province + regency) and the last 2 characters: 3320**********01."""
    s = values.astype("string")
    n = s.str.len()
    masked = s.str.slice(0, 4) + s.str.slice(4).str.replace(r".", "*", regex=True)
    masked = masked.str.slice(0, -2) + s.str.slice(-2)
    return masked.where(n > 6, s.str.replace(r".", "*", regex=True))


def mask_dates(values: pd.Series) -> pd.Series:
    """Keep only a four-digit year, when one can be seen: **-**-1980."""
    s = values.astype("string")
    year = s.str.extract(r"((?:19|20)\d\d)", expand=False)
    return ("**-**-" + year).where(year.notna(), s.str.replace(r"\d", "*", regex=True))


def mask_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in ID_COLUMNS:
        if col in out.columns:
            out[col] = mask_ids(out[col])
    for col in DATE_COLUMNS:
        if col in out.columns:
            out[col] = mask_dates(out[col])
    return out
