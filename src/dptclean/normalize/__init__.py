"""The normalise stage: canonical voter records -> the same records plus normalised columns.

The original values are never changed; every normalised value goes into a new column (named in
:mod:`dptclean.schema`) so an operator can always see what was read. Every normaliser is a
vectorised ``Series -> Series`` function that works on the unique values of its column.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd

from dptclean import schema
from dptclean.errors import ConfigError
from dptclean.normalize.codes import (
    normalize_disability,
    normalize_marital,
    normalize_sex,
    normalize_tms,
    pad3,
)
from dptclean.normalize.dates import DATE_ORDERS, normalize_dates, partial_dates
from dptclean.normalize.names import name_key, normalize_name
from dptclean.normalize.nik import normalize_id
from dptclean.normalize.text import as_string, normalize_place

__all__ = [
    "DATE_ORDERS",
    "NORMALIZED_COLUMNS",
    "normalize_voters",
    "normalize_name",
    "name_key",
    "normalize_dates",
    "normalize_id",
    "normalize_place",
    "normalize_sex",
    "normalize_marital",
    "normalize_disability",
    "normalize_tms",
    "pad3",
]

# Columns added by normalize_voters, in output order.
NORMALIZED_COLUMNS: tuple[str, ...] = (
    schema.NAMA_NORM, schema.NAMA_KEY,
    schema.TANGGAL_LAHIR_NORM, schema.TANGGAL_LAHIR_STATUS, schema.TANGGAL_LAHIR_PARTIAL,
    schema.NIK_NORM, schema.NIK_STATUS, schema.NIK_WILAYAH, schema.NIK_WILAYAH_LEVEL,
    schema.NIK_JENIS_KELAMIN, schema.NIK_TANGGAL_LAHIR, schema.NIK_SERIAL,
    schema.NKK_NORM, schema.NKK_STATUS,
    schema.JENIS_KELAMIN_NORM, schema.STATUS_KAWIN_NORM, schema.TEMPAT_LAHIR_NORM,
    schema.RT_NORM, schema.RW_NORM, schema.TPS_NORM, schema.DISABILITAS_NORM, schema.TMS,
)


def _column(df: pd.DataFrame, name: str) -> pd.Series:
    return as_string(df[name] if name in df.columns else None, index=df.index)


def _date_groups(df: pd.DataFrame) -> np.ndarray | None:
    """One group per source file and sheet: a column's date format is decided per group."""
    keys = [c for c in (schema.SOURCE_FILE, schema.SHEET) if c in df.columns]
    if not keys:
        return None
    codes = np.zeros(len(df), np.int64)
    for key in keys:
        c, uniques = pd.factorize(df[key], use_na_sentinel=False)
        codes = codes * (len(uniques) + 1) + c
    return pd.factorize(codes)[0]


def normalize_voters(
    df: pd.DataFrame,
    *,
    date_order: str | None = None,
    election_date: date | None = None,
    progress: Callable[[str, int, int | None], None] | None = None,
) -> pd.DataFrame:
    """Return a new frame: every input column unchanged (same order and index) plus the
    normalised columns of :data:`NORMALIZED_COLUMNS`.

    ``date_order`` ("dmy", "mdy" or "ymd") forces the day/month order of ambiguous birth dates;
    by default each source file/sheet uses the order its unambiguous dates show.
    ``election_date`` (default today) bounds birth dates, pivots two-digit years and infers the
    century of NIK birth dates. ``progress(stage, done, total)`` is called between steps.
    Raises :class:`~dptclean.errors.ConfigError` for a bad option.
    """
    if date_order is not None and date_order not in DATE_ORDERS:
        raise ConfigError(f"unknown date order {date_order!r}; use one of "
                          + ", ".join(DATE_ORDERS))
    if election_date is not None and not isinstance(election_date, date):
        raise ConfigError(f"election_date must be a date, not {type(election_date).__name__}")
    reference = election_date or date.today()
    out = df.copy()
    new: dict[str, pd.Series] = {}
    steps = 5

    def step(name: str, done: int) -> None:
        if progress is not None:
            progress(f"normalizing {name}", done, steps)

    step("names", 0)
    nama = normalize_name(_column(df, schema.NAMA))
    new[schema.NAMA_NORM] = nama
    new[schema.NAMA_KEY] = name_key(nama)

    step("NIK", 1)
    nik = normalize_id(_column(df, schema.NIK), df.get(schema.NIK_DIGITS_KNOWN), kind="nik",
                       reference=reference)
    step("dates", 2)
    # the birth dates in the NIKs are evidence for a file's day/month order
    iso, status = normalize_dates(_column(df, schema.TANGGAL_LAHIR), groups=_date_groups(df),
                                  date_order=date_order, reference=reference,
                                  hints=nik["birth"])
    new[schema.TANGGAL_LAHIR_NORM] = iso
    new[schema.TANGGAL_LAHIR_STATUS] = status
    new[schema.TANGGAL_LAHIR_PARTIAL] = partial_dates(_column(df, schema.TANGGAL_LAHIR),
                                                      reference=reference)

    new[schema.NIK_NORM] = nik["norm"]
    new[schema.NIK_STATUS] = nik["status"]
    new[schema.NIK_WILAYAH] = nik["region"]
    new[schema.NIK_WILAYAH_LEVEL] = nik["region_level"]
    new[schema.NIK_JENIS_KELAMIN] = nik["sex"]
    new[schema.NIK_TANGGAL_LAHIR] = nik["birth"]
    new[schema.NIK_SERIAL] = nik["serial"]
    step("NKK", 3)
    nkk = normalize_id(_column(df, schema.NKK), df.get(schema.NKK_DIGITS_KNOWN), kind="nkk",
                       reference=reference)
    new[schema.NKK_NORM] = nkk["norm"]
    new[schema.NKK_STATUS] = nkk["status"]

    step("codes", 4)
    new[schema.JENIS_KELAMIN_NORM] = normalize_sex(_column(df, schema.JENIS_KELAMIN))
    new[schema.STATUS_KAWIN_NORM] = normalize_marital(_column(df, schema.STATUS_KAWIN))
    new[schema.TEMPAT_LAHIR_NORM] = normalize_place(_column(df, schema.TEMPAT_LAHIR))
    new[schema.RT_NORM] = pad3(_column(df, schema.RT))
    new[schema.RW_NORM] = pad3(_column(df, schema.RW))
    new[schema.TPS_NORM] = pad3(_column(df, schema.TPS))
    new[schema.DISABILITAS_NORM] = normalize_disability(_column(df, schema.DISABILITAS))
    new[schema.TMS] = normalize_tms(_column(df, schema.KETERANGAN))

    for name in NORMALIZED_COLUMNS:
        # a rerun over normalised data replaces the derived columns instead of duplicating them
        out[name] = new[name].set_axis(df.index)
    step("done", steps)
    return out
