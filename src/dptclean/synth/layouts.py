"""Write synthetic voter lists in the layouts real dumps come in (see docs/domain.md).

Every writer returns ``order``: the frame's row positions in the order the records appear in
the written file (sheets in workbook order, rows top to bottom), which is the order
:func:`dptclean.read_voters` returns them in. Pass it to :func:`dptclean.synth.write_truth`
so the truth rows line up with the records read back.
"""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dptclean import schema
from dptclean.errors import ConfigError, OutputError
from dptclean.io.writers import atomic_path
from dptclean.synth.corrupt import NIK_EXCEL
from dptclean.synth.csvfast import write_csv
from dptclean.synth.generator import DUP_KIND, ProgressCallback, SynthData, write_truth

LAYOUTS: dict[str, str] = {
    "kpu-xlsx": ".xlsx", "csv": ".csv", "sidalih": ".csv", "dukcapil": ".csv",
    "parquet": ".parquet",
}

# KPU form headers (Model A-style), in column order. The location of the sheet is only in
# the title rows.
KPU_HEADERS: tuple[tuple[str, str], ...] = (
    (schema.NKK, "NKK"), (schema.NIK, "NIK"), (schema.NAMA, "NAMA"),
    (schema.TEMPAT_LAHIR, "TEMPAT LAHIR"), (schema.TANGGAL_LAHIR, "TANGGAL LAHIR"),
    (schema.STATUS_KAWIN, "STATUS PERKAWINAN"), (schema.JENIS_KELAMIN, "JENIS KELAMIN"),
    (schema.ALAMAT, "ALAMAT"), (schema.RT, "RT"), (schema.RW, "RW"),
    (schema.DISABILITAS, "DISABILITAS"), (schema.KETERANGAN, "KETERANGAN"), (schema.TPS, "TPS"),
)
# A flat CSV export: the location travels as columns.
CSV_HEADERS: tuple[tuple[str, str], ...] = (
    (schema.KECAMATAN, "KECAMATAN"), (schema.KELURAHAN, "KELURAHAN/DESA"),
    (schema.TPS, "TPS"),
) + tuple(h for h in KPU_HEADERS if h[0] != schema.TPS) + (
    (schema.KABUPATEN, "KABUPATEN"), (schema.PROVINSI, "PROVINSI"),
)
SIDALIH_HEADER = ("KECAMATAN", "KELURAHAN", "DPID", "NKK", "NIK", "NAMA", "KELAMIN",
                  "TEMPAT LAHIR", "TANGGAL LAHIR", "STS KAWIN", "ALAMAT", "RT", "RW",
                  "DISABILITAS", "EKTP", "KETERANGAN", "SUMBER", "TPS", "UPDATED_AT", "STATUS")
DUKCAPIL_HEADERS: tuple[tuple[str, str], ...] = (
    (schema.NKK, "NO_KK"), (schema.NIK, "NIK"), (schema.NAMA, "NAMA_LGKP"),
    (schema.TEMPAT_LAHIR, "TMPT_LHR"), (schema.TANGGAL_LAHIR, "TGL_LHR"),
    (schema.JENIS_KELAMIN, "JENIS_KLMIN"), (schema.STATUS_KAWIN, "STATUS_KAWIN"),
    (schema.ALAMAT, "ALAMAT"), (schema.RT, "NO_RT"), (schema.RW, "NO_RW"),
    (schema.KELURAHAN, "NAMA_KEL"), (schema.KECAMATAN, "NAMA_KEC"),
    (schema.KABUPATEN, "NAMA_KAB"), (schema.PROVINSI, "NAMA_PROP"),
)
_DUKCAPIL_SEX = {"L": "LAKI-LAKI", "P": "PEREMPUAN"}
_DUKCAPIL_KAWIN = {"B": "BELUM KAWIN", "S": "KAWIN", "P": "CERAI MATI"}
_TMS_CODES = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def suffix_for(layout: str) -> str:
    try:
        return LAYOUTS[layout]
    except KeyError:
        raise ConfigError(f"unknown layout {layout!r}; known: {', '.join(LAYOUTS)}") from None


def number_nik_mask(truth: pd.DataFrame | None, frame: pd.DataFrame) -> np.ndarray:
    """Rows whose NIK cell an Excel user turned into a number (truth says ``nik_excel``)."""
    if truth is None:
        return np.zeros(len(frame), dtype=bool)
    excel = truth[DUP_KIND].astype(str).str.contains(NIK_EXCEL, regex=False).to_numpy()
    digits = frame[schema.NIK].astype(str).str.fullmatch(r"\d{16}").fillna(False).to_numpy()
    return excel & digits


def write(frame: pd.DataFrame, path: str | os.PathLike[str], layout: str, *,
          truth: pd.DataFrame | None = None, list_name: str = "DPT",
          sheet_per: str = "desa", seed: int = 0,
          progress: ProgressCallback | None = None) -> np.ndarray:
    """Write ``frame`` (synthetic voter columns) in ``layout``; return the written row order."""
    suffix_for(layout)
    if layout == "kpu-xlsx":
        return write_kpu_xlsx(frame, path, list_name=list_name, sheet_per=sheet_per,
                              number_nik=number_nik_mask(truth, frame), progress=progress)
    if layout == "csv":
        return write_plain_csv(frame, path)
    if layout == "sidalih":
        return write_sidalih_csv(frame, path, seed=seed)
    if layout == "dukcapil":
        return write_dukcapil_csv(frame, path)
    return write_parquet(frame, path)


def _sheet_order(frame: pd.DataFrame, sheet_per: str) -> tuple[np.ndarray, np.ndarray]:
    if sheet_per == "desa":
        key = frame[schema.KECAMATAN].astype(str) + "\x1f" + frame[schema.KELURAHAN].astype(str)
    elif sheet_per == "kecamatan":
        key = frame[schema.KECAMATAN].astype(str)
    else:
        raise ConfigError(f"sheet_per must be 'desa' or 'kecamatan', not {sheet_per!r}")
    codes, _ = pd.factorize(key)  # in order of first appearance
    order = np.argsort(codes, kind="stable")
    return order, codes[order]


def _sheet_name(text: str, used: set[str]) -> str:
    base = _SHEET_BAD.sub(" ", text).strip()[:31] or "SHEET"
    name, k = base, 2
    while name.casefold() in used:
        tail = f" ({k})"
        name = base[: 31 - len(tail)] + tail
        k += 1
    used.add(name.casefold())
    return name


def write_kpu_xlsx(frame: pd.DataFrame, path: str | os.PathLike[str], *,
                   list_name: str = "DPT", sheet_per: str = "desa",
                   number_nik: np.ndarray | None = None,
                   progress: ProgressCallback | None = None) -> np.ndarray:
    """A KPU-style workbook: one sheet per desa (or kecamatan), title rows, a row of column
    numbers under the header and a JUMLAH footer; some NIK cells as numbers (Excel damage)."""
    import xlsxwriter

    order, codes = _sheet_order(frame, sheet_per)
    title = "DAFTAR PEMILIH KHUSUS" if list_name.upper() == "DPK" else "DAFTAR PEMILIH TETAP"
    cols = [c for c, _ in KPU_HEADERS]
    values = {c: frame[c].astype(object).where(frame[c].notna(), "").to_numpy() for c in cols}
    kec = frame[schema.KECAMATAN].to_numpy()
    kel = frame[schema.KELURAHAN].to_numpy()
    sex = frame[schema.JENIS_KELAMIN].to_numpy()
    numbers = np.zeros(len(frame), dtype=bool) if number_nik is None else number_nik
    nik_col = 1 + cols.index(schema.NIK)
    starts: Any = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if len(codes) else []
    ends = list(starts[1:]) + [len(codes)]
    used: set[str] = set()
    with atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(tmp, {"constant_memory": True, "strings_to_numbers": False,
                                       "strings_to_formulas": False, "strings_to_urls": False})
        # a fixed creation time keeps the file byte-for-byte reproducible for a seed
        wb.set_properties({"created": datetime.datetime(2023, 11, 28, 9, 0, 0),
                           "author": "dptclean synth", "title": title})
        bold = wb.add_format({"bold": True})
        head = wb.add_format({"bold": True, "border": 1, "align": "center"})
        if not len(codes):
            ws = wb.add_worksheet(list_name)
            ws.write_row(0, 0, ["NO"] + [h for _, h in KPU_HEADERS], head)
        for s, e in zip(starts, ends):
            if progress:
                progress(f"writing {Path(path).name}", int(s), len(codes))
            rows = order[s:e]
            first = rows[0]
            ws = wb.add_worksheet(_sheet_name(
                kel[first] if sheet_per == "desa" else kec[first], used))
            ws.set_column(0, 0, 6)
            ws.set_column(1, 2, 19)
            ws.set_column(3, 3, 30)
            ws.set_column(8, 8, 24)
            r = 0
            for line in (title, "PEMILIHAN UMUM TAHUN 2024", None,
                         f"PROVINSI : {frame[schema.PROVINSI].iat[first]}",
                         f"KABUPATEN/KOTA : {frame[schema.KABUPATEN].iat[first]}",
                         f"KECAMATAN : {kec[first]}",
                         f"KELURAHAN/DESA : {kel[first]}" if sheet_per == "desa" else None):
                if line is not None:
                    ws.write_string(r, 0, line, bold)
                r += 1
            r += 1
            ws.write_row(r, 0, ["NO"] + [h for _, h in KPU_HEADERS], head)
            r += 1
            for k in range(len(KPU_HEADERS) + 1):
                ws.write_number(r, k, k + 1)
            r += 1
            no = no_desa = 0
            current = None
            for i in rows:
                if sheet_per == "kecamatan" and kel[i] != current:
                    if current is not None:
                        ws.write_string(r, 0, f"JUMLAH KELURAHAN/DESA {current} : {no_desa}")
                        r += 1
                    current, no_desa = kel[i], 0
                    ws.write_string(r, 0, f"KELURAHAN/DESA : {current}", bold)
                    r += 1
                no += 1
                if sheet_per == "kecamatan":
                    no_desa += 1
                ws.write_number(r, 0, no)
                ws.write_row(r, 1, [values[c][i] for c in cols])
                if numbers[i]:
                    ws.write_number(r, nik_col, float(values[schema.NIK][i]))
                r += 1
            if sheet_per == "kecamatan" and current is not None:
                ws.write_string(r, 0, f"JUMLAH KELURAHAN/DESA {current} : {no_desa}")
                r += 1
            n_l = int((sex[rows] == "L").sum())
            r += 1
            ws.write_row(r, 0, ["JUMLAH", f"L = {n_l}", f"P = {len(rows) - n_l}",
                                f"L + P = {len(rows)}"], bold)
        wb.close()
    return order


def _records(frame: pd.DataFrame, headers) -> pd.DataFrame:
    return pd.DataFrame({h: frame[c].to_numpy() for c, h in headers})


def _to_csv(table: pd.DataFrame, path: str | os.PathLike[str], sep: str = ",") -> None:
    with atomic_path(path) as tmp:
        write_csv({c: table[c].to_numpy() for c in table.columns}, tmp, sep=sep)


def write_plain_csv(frame: pd.DataFrame, path: str | os.PathLike[str]) -> np.ndarray:
    """A flat comma-separated export with KPU header names on line 1."""
    table = _records(frame, CSV_HEADERS)
    table.insert(0, "NO", np.arange(1, len(frame) + 1))
    _to_csv(table, path)
    return np.arange(len(frame))


def write_sidalih_csv(frame: pd.DataFrame, path: str | os.PathLike[str], *,
                      seed: int = 0) -> np.ndarray:
    """A SIDALIH-style ``#``-delimited export (header on line 1)."""
    rng = np.random.default_rng(seed + 7919)
    n = len(frame)
    ket = frame[schema.KETERANGAN].astype(object).fillna("").to_numpy()
    stamp = (np.datetime64("2023-03-01T08:00:00")
             + rng.integers(0, 200 * 86400, n).astype("timedelta64[s]"))
    table = pd.DataFrame({
        "KECAMATAN": frame[schema.KECAMATAN].to_numpy(),
        "KELURAHAN": frame[schema.KELURAHAN].to_numpy(),
        "DPID": 40_000_000 + np.arange(n) * 3 + rng.integers(0, 3, n),
        "NKK": frame[schema.NKK].to_numpy(), "NIK": frame[schema.NIK].to_numpy(),
        "NAMA": frame[schema.NAMA].to_numpy(),
        "KELAMIN": frame[schema.JENIS_KELAMIN].to_numpy(),
        "TEMPAT LAHIR": frame[schema.TEMPAT_LAHIR].to_numpy(),
        "TANGGAL LAHIR": frame[schema.TANGGAL_LAHIR].to_numpy(),
        "STS KAWIN": frame[schema.STATUS_KAWIN].to_numpy(),
        "ALAMAT": frame[schema.ALAMAT].to_numpy(),
        "RT": frame[schema.RT].to_numpy(), "RW": frame[schema.RW].to_numpy(),
        "DISABILITAS": frame[schema.DISABILITAS].to_numpy(),
        "EKTP": np.where(rng.random(n) < 0.97, "S", "B"),
        "KETERANGAN": ket,
        "SUMBER": rng.choice(np.array(["DP4", "PEMILU TERAKHIR", "COKLIT", "MASYARAKAT"]),
                             size=n, p=[0.55, 0.3, 0.1, 0.05]),
        "TPS": frame[schema.TPS].to_numpy(),
        "UPDATED_AT": np.datetime_as_string(stamp, unit="s").astype(object),
        "STATUS": np.where(np.isin(ket, list(_TMS_CODES)), "TMS", "AKTIF"),
    }, columns=list(SIDALIH_HEADER))
    table["UPDATED_AT"] = table["UPDATED_AT"].str.replace("T", " ", regex=False)
    _to_csv(table, path, sep="#")
    return np.arange(n)


def write_dukcapil_csv(frame: pd.DataFrame, path: str | os.PathLike[str]) -> np.ndarray:
    """Civil-registry column names (NO_KK, NAMA_LGKP, ...), sex and status spelled out."""
    table = _records(frame, DUKCAPIL_HEADERS)
    table["JENIS_KLMIN"] = table["JENIS_KLMIN"].map(_DUKCAPIL_SEX).fillna(table["JENIS_KLMIN"])
    table["STATUS_KAWIN"] = table["STATUS_KAWIN"].map(_DUKCAPIL_KAWIN).fillna(
        table["STATUS_KAWIN"])
    _to_csv(table, path)
    return np.arange(len(frame))


def write_parquet(frame: pd.DataFrame, path: str | os.PathLike[str]) -> np.ndarray:
    """Canonical column names, every value as text."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({c: pa.array(frame[c].to_numpy(dtype=object), type=pa.string(),
                                  from_pandas=True) for c in frame.columns})
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp)
    return np.arange(len(frame))


def write_synth(data: SynthData, out_dir: str | os.PathLike[str], layout: str = "kpu-xlsx", *,
                dpk: bool = True, stem: str = "", sheet_per: str = "desa",
                seed: int = 0, progress: ProgressCallback | None = None
                ) -> list[dict[str, Any]]:
    """Write the DPT (and DPK) in ``layout`` plus their truth files under ``out_dir/truth/``.

    Returns one entry per written file: ``{"path", "kind", "records"}``.
    """
    suffix = suffix_for(layout)
    out = Path(out_dir)
    try:
        (out / "truth").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output directory: {exc.strerror or exc}",
                          path=str(out)) from None
    if not os.access(out, os.W_OK):
        raise OutputError("no permission to write in the output directory", path=str(out))
    tag = {"kpu-xlsx": "kpu", "csv": "plain", "sidalih": "sidalih", "dukcapil": "dukcapil",
           "parquet": "canonical"}[layout]
    written = []
    lists = [("DPT", data.dpt, data.truth_dpt)]
    if dpk:
        lists.append(("DPK", data.dpk, data.truth_dpk))
    for name, frame, truth in lists:
        base = f"{name.lower()}{'_' + stem if stem else ''}_{tag}"
        path = out / f"{base}{suffix}"
        if progress:
            progress(f"writing {path.name}", 0, None)
        order = write(frame, path, layout, truth=truth, list_name=name, sheet_per=sheet_per,
                      seed=seed, progress=progress)
        truth_path = out / "truth" / f"{base}.truth.csv"
        write_truth(truth, truth_path, order)
        written.append({"path": str(path), "kind": name, "records": len(frame)})
        written.append({"path": str(truth_path), "kind": f"truth {name}",
                        "records": len(frame)})
    return written
