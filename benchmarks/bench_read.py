"""Reading speed: ``dptclean.read_voters`` against the raw readers it is built on.

Run on demand (never part of the test suite)::

    python benchmarks/bench_read.py            # generate data if missing, 3 runs each
    python benchmarks/bench_read.py --runs 5 --xlsx-records 200000 --csv-records 1000000

Data is generated into ``benchmarks/data/`` (gitignored): a KPU-style ``.xlsx`` (title rows,
a row of column numbers, a footer, one sheet per desa, ~2% of NIKs stored as number cells) and
a plain comma-separated CSV. The raw baselines are what a hand-written script would do:
fastexcel loading every sheet as text (``load_sheet(i, header_row=None, dtypes="string")
.to_arrow()``) and ``pyarrow.csv.read_csv`` with its defaults. Reported: the median of the
runs (interleaved) and the ratio read_voters / raw (targets: xlsx <= 1.5, CSV <= 2.0) in
wall-clock time, plus the ratio of CPU time (process time: all threads; a steadier figure for the
single-threaded Excel readers on a busy machine, not comparable for the multi-threaded CSV
parser).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent / "data"

FIRST = np.array(["SITI", "MUHAMMAD", "AHMAD", "SRI", "DWI", "AGUS", "BUDI", "NUR", "EKO",
                  "RINA", "DEWI", "JOKO", "PUTRI", "RIZKY", "ABDUL", "HARI", "YULI", "ENDANG"])
LAST = np.array(["AMINAH", "RAHMAN", "SANTOSO", "WAHYUNI", "HIDAYAT", "LESTARI", "SETIAWAN",
                 "PURNOMO", "RAHAYU", "SAPUTRA", "HANDAYANI", "FAUZI", "KURNIAWAN", "MULYANI"])
PLACES = np.array(["JEPARA", "KUDUS", "DEMAK", "PATI", "SEMARANG", "REMBANG", "BLORA"])
HEADER = ["NO", "NKK", "NIK", "NAMA", "TEMPAT LAHIR", "TANGGAL LAHIR", "USIA",
          "STATUS PERKAWINAN", "JENIS KELAMIN", "ALAMAT", "RT", "RW", "DISABILITAS",
          "KETERANGAN", "TPS"]


def _records(n: int, seed: int) -> dict[str, np.ndarray]:
    """n synthetic voters as columns of strings (vectorised; no real data)."""
    rng = np.random.default_rng(seed)
    female = rng.random(n) < 0.5
    day = rng.integers(1, 29, n)
    month = rng.integers(1, 13, n)
    year = rng.integers(1940, 2007, n)
    region = np.char.add("3320", np.char.zfill(rng.integers(1, 17, n).astype(str), 2))
    nik_day = np.where(female, day + 40, day)
    nik = np.char.add(np.char.add(np.char.add(region, np.char.zfill(nik_day.astype(str), 2)),
                                  np.char.add(np.char.zfill(month.astype(str), 2),
                                              np.char.zfill((year % 100).astype(str), 2))),
                      np.char.zfill(rng.integers(1, 9999, n).astype(str), 4))
    nkk = np.char.add(region, np.char.zfill(rng.integers(0, 10**10, n).astype(str), 10))
    names = np.char.add(np.char.add(FIRST[rng.integers(0, len(FIRST), n)], " "),
                        LAST[rng.integers(0, len(LAST), n)])
    dates = np.char.add(np.char.add(np.char.add(np.char.zfill(day.astype(str), 2), "-"),
                                    np.char.add(np.char.zfill(month.astype(str), 2), "-")),
                        year.astype(str))
    return {
        "NKK": nkk, "NIK": nik, "NAMA": names,
        "TEMPAT LAHIR": PLACES[rng.integers(0, len(PLACES), n)],
        "TANGGAL LAHIR": dates, "USIA": (2024 - year).astype(str),
        "STATUS PERKAWINAN": np.array(["B", "S", "P"])[rng.integers(0, 3, n)],
        "JENIS KELAMIN": np.where(female, "P", "L"),
        "ALAMAT": np.char.add("DUKUH ", rng.integers(1, 40, n).astype(str)),
        "RT": np.char.zfill(rng.integers(1, 15, n).astype(str), 3),
        "RW": np.char.zfill(rng.integers(1, 8, n).astype(str), 3),
        "DISABILITAS": np.where(rng.random(n) < 0.02, "1", ""),
        "KETERANGAN": np.where(rng.random(n) < 0.05, "B", ""),
        "TPS": np.char.zfill(rng.integers(1, 30, n).astype(str), 3),
    }


def make_xlsx(path: Path, n: int, sheets: int = 8) -> None:
    import xlsxwriter

    cols = _records(n, seed=1)
    damaged = np.random.default_rng(2).random(n) < 0.02
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    per = -(-n // sheets)
    for s in range(sheets):
        ws = wb.add_worksheet(f"DESA {s + 1:02d}")
        ws.write_string(0, 0, "DAFTAR PEMILIH TETAP")
        ws.write_string(1, 0, "PROVINSI : JAWA TENGAH")
        ws.write_string(2, 0, "KABUPATEN : JEPARA")
        ws.write_string(3, 0, "KECAMATAN")
        ws.write_string(3, 1, ": WELAHAN")
        ws.write_string(4, 0, f"DESA : DESA {s + 1:02d}")
        for j, h in enumerate(HEADER):
            ws.write_string(6, j, h)
        for j in range(len(HEADER)):
            ws.write_number(7, j, j + 1)
        r = 8
        lo, hi = s * per, min(n, (s + 1) * per)
        for i in range(lo, hi):
            ws.write_number(r, 0, i - lo + 1)
            for j, h in enumerate(HEADER[1:], start=1):
                v = cols[h][i]
                if h == "NIK" and damaged[i]:
                    ws.write_number(r, j, float(v[:15] + "0"))  # what Excel keeps
                elif v:
                    ws.write_string(r, j, v)
            r += 1
        ws.write_string(r, 0, "JUMLAH")
        ws.write_number(r, 3, hi - lo)
    wb.close()


def make_csv(path: Path, n: int) -> None:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    cols = _records(n, seed=3)
    table = pa.table({"NO": pa.array(np.arange(1, n + 1).astype(str)),
                      **{h: pa.array(cols[h]) for h in HEADER[1:]}})
    pacsv.write_csv(table, str(path), pacsv.WriteOptions(quoting_style="needed"))


def _timed(fn) -> tuple[float, float]:
    gc.collect()
    w, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w, time.process_time() - c


def compare(raw, ours, runs: int) -> dict[str, float]:
    """Median wall and CPU seconds of both, runs interleaved (raw, ours, raw, ours, ...) so a
    change in the machine's load hits both alike."""
    r, o = [], []
    for _ in range(runs):
        r.append(_timed(raw))
        o.append(_timed(ours))
    return {"raw": statistics.median(t[0] for t in r), "ours": statistics.median(t[0] for t in o),
            "raw_cpu": statistics.median(t[1] for t in r),
            "ours_cpu": statistics.median(t[1] for t in o)}


def raw_xlsx(path: Path) -> int:
    import fastexcel

    reader = fastexcel.read_excel(str(path))
    rows = 0
    for i in range(len(reader.sheet_names)):
        rows += reader.load_sheet(i, header_row=None, dtypes="string").to_arrow().num_rows
    return rows


def raw_csv(path: Path) -> int:
    import pyarrow.csv as pacsv

    return pacsv.read_csv(str(path)).num_rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--xlsx-records", type=int, default=200_000)
    ap.add_argument("--csv-records", type=int, default=1_000_000)
    ap.add_argument("--only", choices=["xlsx", "csv"], default=None)
    ap.add_argument("--regenerate", action="store_true")
    args = ap.parse_args(argv)

    from dptclean import read_voters

    DATA.mkdir(parents=True, exist_ok=True)
    xlsx = DATA / f"kpu_{args.xlsx_records}.xlsx"
    csv = DATA / f"plain_{args.csv_records}.csv"
    cases = []
    if args.only in (None, "xlsx"):
        if args.regenerate or not xlsx.exists():
            t0 = time.perf_counter()
            make_xlsx(xlsx, args.xlsx_records)
            print(f"generated {xlsx} in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
        cases.append(("KPU-style .xlsx, 8 sheets", xlsx, args.xlsx_records, raw_xlsx,
                      "fastexcel load_sheet(dtypes='string').to_arrow()", 1.5))
    if args.only in (None, "csv"):
        if args.regenerate or not csv.exists():
            t0 = time.perf_counter()
            make_csv(csv, args.csv_records)
            print(f"generated {csv} in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
        cases.append(("plain .csv", csv, args.csv_records, raw_csv,
                      "pyarrow.csv.read_csv()", 2.0))

    print("| input | records | size | raw reader | raw median | read_voters median "
          "| ratio (wall) | ratio (CPU) | target |")
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|")
    ok = True
    for label, path, n, raw, raw_name, target in cases:
        got = len(read_voters(str(path)))  # warm-up and a sanity check
        assert got == n, f"{path}: read {got} records, expected {n}"
        raw(path)
        t = compare(lambda raw=raw, path=path: raw(path), lambda path=path: read_voters(str(path)), args.runs)
        ratio = t["ours"] / t["raw"]
        ok &= ratio <= target
        size = os.path.getsize(path) / 1024**2
        print(f"| {label} | {n:,} | {size:,.0f} MiB | {raw_name} | {t['raw']:.2f} s "
              f"| {t['ours']:.2f} s | {ratio:.2f}x | {t['ours_cpu'] / t['raw_cpu']:.2f}x "
              f"| <= {target}x |", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
