"""Benchmark: normalise N synthetic voter records (default 1,000,000) and report the median time.

    python benchmarks/bench_normalize.py [--records 1000000] [--repeat 3]

The records are generated here (synthetic, seeded) in the shape the readers produce:
``string[pyarrow]`` columns with messy names (titles, spelling variants), dates in several
formats, NIKs with masked and Excel-damaged values, and coded fields.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

import numpy as np
import pandas as pd

from dptclean import schema
from dptclean.normalize import normalize_voters

STRING = pd.StringDtype("pyarrow")

FIRST = ["MUHAMMAD", "MOCH.", "MOH", "SITI", "NUR", "AHMAD", "ACHMAD", "ABDUL", "ABD.", "SRI",
         "DEWI", "AGUS", "BUDI", "EKO", "DWI", "TRI", "RINA", "YULI", "IMAM", "SLAMET", "JOKO",
         "SOEPARNO", "SUPARNO", "DJOKO", "TJAHJO", "WAHYU", "ANI", "INDAH", "RATNA", "ENDANG"]
MIDDLE = ["", "", "", "NUR ", "DWI ", "AGUS ", "SRI ", "ABDUL ", "M. "]
LAST = ["SANTOSO", "WIBOWO", "HIDAYAT", "RAHMAN", "AMINAH", "FATIMAH", "SUSANTI", "LESTARI",
        "PRASETYO", "SETIAWAN", "KURNIAWAN", "SAPUTRA", "WATI", "NINGSIH", "YANTI", "HARYANTO",
        "SUGIARTO", "MULYADI", "ROHMAN", "ZAINAL", "ARIFIN", "HASAN", "HUSEIN", "MAKRUF"]
PREFIX = ["", "", "", "", "", "", "H. ", "HJ. ", "DRS. ", "IR. "]
SUFFIX = ["", "", "", "", "", "", ", S.PD", ", S.E", " S.Pd.I", ", AMD.KEP", ", M.Si"]
REGIONS = ["332001", "332002", "332003", "332004", "332005", "332006", "332007", "332008",
           "332009", "332010", "332011", "332012", "332013", "332014", "332015", "332016"]


def synthetic_voters(n: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)

    def pick(values: list[str]) -> np.ndarray:
        return np.array(values)[rng.integers(0, len(values), n)]

    first = np.array(FIRST)[rng.integers(0, len(FIRST), n)]
    middle = np.array(MIDDLE)[rng.integers(0, len(MIDDLE), n)]
    last = np.array(LAST)[rng.integers(0, len(LAST), n)]
    last2 = np.array(LAST + [""] * 24)[rng.integers(0, len(LAST) * 2, n)]
    prefix = np.array(PREFIX)[rng.integers(0, len(PREFIX), n)]
    suffix = np.array(SUFFIX)[rng.integers(0, len(SUFFIX), n)]
    nama = (pd.Series(prefix, dtype=object) + first + " " + middle + last + " " + last2)
    nama = (nama.str.rstrip() + suffix)
    birth = pd.to_datetime("1940-01-01") + pd.to_timedelta(rng.integers(0, 365 * 66, n), "D")
    placeholder = rng.random(n) < 0.08
    birth = birth.where(~placeholder, pd.to_datetime(birth.year.astype(str) + "-07-01"))
    fmt = rng.integers(0, 10, n)
    dd = birth.strftime("%d-%m-%Y")
    tgl = np.where(fmt < 6, dd, np.where(fmt < 8, birth.strftime("%d/%m/%Y"),
                   np.where(fmt < 9, birth.strftime("%Y-%m-%d"),
                            (birth - pd.Timestamp("1899-12-30")).days.astype(str))))
    female = rng.random(n) < 0.5
    day = birth.day.to_numpy() + np.where(female, 40, 0)
    serial = rng.integers(1, 9999, n)
    region = np.array(REGIONS)[rng.integers(0, len(REGIONS), n)]
    nik = pd.Series(region, dtype=object) + pd.Series(day).map("{:02d}".format) \
        + pd.Series(birth.month).map("{:02d}".format) \
        + pd.Series(birth.year % 100).map("{:02d}".format) \
        + pd.Series(serial).map("{:04d}".format)
    damaged = rng.random(n) < 0.02
    masked = rng.random(n) < 0.02
    nik = nik.where(~damaged, nik.str[:15] + "0")
    nik = nik.where(~masked, nik.str[:12] + "****")
    nkk = pd.Series(region, dtype=object) + pd.Series(rng.integers(1, 28, n)).map("{:02d}".format) \
        + "0115" + pd.Series(rng.integers(1, 9999, n)).map("{:04d}".format)
    frame = pd.DataFrame({
        schema.NIK: nik, schema.NKK: nkk, schema.NAMA: nama,
        schema.TEMPAT_LAHIR: np.array(["JEPARA", "KAB. JEPARA", "Kudus", "KOTA SEMARANG",
                                       "DEMAK", "PATI"])[rng.integers(0, 6, n)],
        schema.TANGGAL_LAHIR: tgl,
        schema.JENIS_KELAMIN: np.where(female, np.array(["P", "PEREMPUAN"])[rng.integers(0, 2, n)],
                                       np.array(["L", "LAKI-LAKI"])[rng.integers(0, 2, n)]),
        schema.STATUS_KAWIN: pick(["B", "S", "P", "KAWIN", "BELUM KAWIN"]),
        schema.ALAMAT: pick(["DUKUH KRAJAN", "JL. MERDEKA", "DS. WELAHAN"]),
        schema.RT: rng.integers(1, 15, n).astype(str),
        schema.RW: rng.integers(1, 8, n).astype(str),
        schema.DISABILITAS: pick(["", "", "", "", "1", "NETRA"]),
        schema.KETERANGAN: pick(["", "", "", "", "B", "U", "TMS 1", "MENINGGAL"]),
        schema.TPS: rng.integers(1, 40, n).astype(str),
        schema.KELURAHAN: np.array([f"DESA {i}" for i in range(30)])[rng.integers(0, 30, n)],
        schema.KECAMATAN: np.array([f"KEC {i}" for i in range(16)])[rng.integers(0, 16, n)],
        schema.SOURCE_FILE: np.array([f"kec{i}.xlsx" for i in range(16)])[rng.integers(0, 16, n)],
        schema.SHEET: "DPT",
    })
    frame = frame.astype(STRING).replace({"": None})
    frame[schema.NIK_DIGITS_KNOWN] = pd.array(np.where(damaged, 15, None), dtype="Int8")
    return frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    t0 = time.perf_counter()
    frame = synthetic_voters(args.records)
    print(f"generated {len(frame):,} records in {time.perf_counter() - t0:.1f} s; "
          f"{frame[schema.NAMA].nunique():,} distinct names, "
          f"{frame[schema.TANGGAL_LAHIR].nunique():,} distinct dates")
    times = []
    cpu = []
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        out = normalize_voters(frame, election_date=date(2024, 2, 14))
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        print(f"normalised in {times[-1]:.2f} s (CPU {cpu[-1]:.2f} s)")
    assert len(out) == len(frame)
    print(f"median {statistics.median(times):.2f} s wall, {statistics.median(cpu):.2f} s CPU "
          f"over {args.repeat} runs ({args.records / statistics.median(times):,.0f} records/s)")
    print(out[schema.NIK_STATUS].value_counts().to_string())
    print(out[schema.TANGGAL_LAHIR_STATUS].value_counts().to_string())


if __name__ == "__main__":
    main()
