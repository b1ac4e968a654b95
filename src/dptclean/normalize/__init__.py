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
from dptclean.parallel import run_all

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


# the input columns normalize_voters reads
_INPUTS = (schema.NAMA, schema.NIK, schema.TANGGAL_LAHIR, schema.NKK, schema.JENIS_KELAMIN,
           schema.STATUS_KAWIN, schema.TEMPAT_LAHIR, schema.RT, schema.RW, schema.TPS,
           schema.DISABILITAS, schema.KETERANGAN)


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


def _tightened(read: pd.Series | None, known: pd.Series) -> pd.Series | None:
    """The reader's digits-known notes, lowered where the normaliser found fewer real digits:
    3320010000000000 from a number cell that Excel had made of "3.32001E+15" vouches for 6
    digits, not the 15 the reader notes for every number (its date is impossible), and the
    matcher and the outputs must read the same as ``nik_status``. None without notes."""
    if read is None:
        return None
    values = pd.array(read, dtype="Int64")
    had = ~np.asarray(pd.isna(values), dtype=bool)
    digits = values.to_numpy(dtype="int64", na_value=0)
    real = known.to_numpy(dtype="int64")
    lower = had & (real > 0) & (real < digits)
    if not lower.any():
        return read
    digits[lower] = real[lower]
    out = pd.arrays.IntegerArray(digits, ~had).astype(read.dtype)
    return pd.Series(out, index=read.index, name=read.name)


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
    steps = 1

    def step(name: str, done: int) -> None:
        if progress is not None:
            progress(f"normalizing {name}", done, steps)

    # the input columns, taken here (a frame's column cache is not for threads)
    cols = {name: _column(df, name) for name in _INPUTS}
    nik_known, nkk_known = df.get(schema.NIK_DIGITS_KNOWN), df.get(schema.NKK_DIGITS_KNOWN)
    groups = _date_groups(df)

    def names() -> dict[str, pd.Series]:
        nama = normalize_name(cols[schema.NAMA])
        return {schema.NAMA_NORM: nama, schema.NAMA_KEY: name_key(nama)}

    def nik_and_dates() -> dict[str, pd.Series]:
        nik = normalize_id(cols[schema.NIK], nik_known, kind="nik", reference=reference)
        # the birth dates in the NIKs are evidence for a file's day/month order
        iso, status = normalize_dates(cols[schema.TANGGAL_LAHIR], groups=groups,
                                      date_order=date_order, reference=reference,
                                      hints=nik["birth"])
        return {schema.TANGGAL_LAHIR_NORM: iso, schema.TANGGAL_LAHIR_STATUS: status,
                schema.TANGGAL_LAHIR_PARTIAL: partial_dates(cols[schema.TANGGAL_LAHIR],
                                                            reference=reference),
                schema.NIK_NORM: nik["norm"], schema.NIK_STATUS: nik["status"],
                schema.NIK_WILAYAH: nik["region"], schema.NIK_WILAYAH_LEVEL: nik["region_level"],
                schema.NIK_JENIS_KELAMIN: nik["sex"], schema.NIK_TANGGAL_LAHIR: nik["birth"],
                schema.NIK_SERIAL: nik["serial"],
                schema.NIK_DIGITS_KNOWN: _tightened(nik_known, nik["known"])}

    def nkk_and_codes() -> dict[str, pd.Series]:
        nkk = normalize_id(cols[schema.NKK], nkk_known, kind="nkk", reference=reference)
        return {schema.NKK_NORM: nkk["norm"], schema.NKK_STATUS: nkk["status"],
                schema.NKK_DIGITS_KNOWN: _tightened(nkk_known, nkk["known"]),
                schema.JENIS_KELAMIN_NORM: normalize_sex(cols[schema.JENIS_KELAMIN]),
                schema.STATUS_KAWIN_NORM: normalize_marital(cols[schema.STATUS_KAWIN]),
                schema.TEMPAT_LAHIR_NORM: normalize_place(cols[schema.TEMPAT_LAHIR]),
                schema.RT_NORM: pad3(cols[schema.RT]),
                schema.RW_NORM: pad3(cols[schema.RW]),
                schema.TPS_NORM: pad3(cols[schema.TPS]),
                schema.DISABILITAS_NORM: normalize_disability(cols[schema.DISABILITAS]),
                schema.TMS: normalize_tms(cols[schema.KETERANGAN])}

    # three independent parts, in threads where allowed (their Arrow and NumPy work releases
    # the GIL); each part's result is the same whichever thread computes it
    step("names", 0)
    for part in run_all([nik_and_dates, names, nkk_and_codes]):
        new.update(part)
    for name in NORMALIZED_COLUMNS:
        # a rerun over normalised data replaces the derived columns instead of duplicating them
        out[name] = new[name].set_axis(df.index)
    for name in (schema.NIK_DIGITS_KNOWN, schema.NKK_DIGITS_KNOWN):
        if new[name] is not None:
            out[name] = new[name]
    step("done", steps)
    return out
