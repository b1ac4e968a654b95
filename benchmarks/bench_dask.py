"""The Dask engine against the local engine on millions of generated records.

    nice -n 10 python benchmarks/bench_dask.py --records 5000000 --generate  # data once
    python benchmarks/bench_dask.py --records 5000000               # both engines, scored
    python benchmarks/bench_dask.py --records 5000000 --engine dask --workers 2
    python benchmarks/bench_dask.py --records 5000000 --score        # re-score saved groups

Data: ``benchmarks/data/national/dpt_NNN.parquet`` (gitignored), 1M records each, written by
``dptclean.synth.national.write_national``: file NNN is a different real kabupaten/kota
(``national_codes()[NNN]``: Jawa Tengah 3301, 3302, ... first; ``seed=1000 + NNN``), person ids
and NIKs unique over all files, and 0.1% of each file people of file NNN-1 registered again
(moved to this regency: NIK kept, new NKK, sometimes a name typo). The truth of each file is
``truth/dpt_NNN.truth.parquet`` (row by row). (The older ``data/scale/`` files were 20 copies
of Jepara whose NIKs collide across files by chance: not used any more.)

A run over N million records reads the first N files (one task per file on the cluster; the
local engine reads them as one list). Each engine runs in its own process, so its peak memory
(VmHWM) is its own; the Dask run starts a ``LocalCluster`` of ``--workers`` processes with one
thread each and reports every worker's peak. The two results are compared (groups as sets of
record ids, pair counts) and each is scored against the truth: pairwise precision/recall/F1 over
the whole list, and recall/precision of the pairs that span two files (cross-regency). Results
are appended to ``benchmarks/out/bench_dask.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DATA = ROOT / "data" / "national"
OUT = ROOT / "out"
PER_FILE = 1_000_000


def files_for(records: int) -> list[Path]:
    if records % PER_FILE:
        sys.exit(f"--records must be a multiple of {PER_FILE:,}")
    from dptclean.synth.national import part_paths

    return [part_paths(DATA, k)[0] for k in range(records // PER_FILE)]


def truth_files_for(records: int) -> list[Path]:
    from dptclean.synth.national import part_paths

    return [part_paths(DATA, k)[1] for k in range(records // PER_FILE)]


def generate(records: int) -> None:
    """Write the missing files, one at a time (each needs the previous one)."""
    from dptclean.synth.national import write_national

    DATA.mkdir(parents=True, exist_ok=True)
    written = write_national(DATA, records // PER_FILE, PER_FILE, seed0=1000,
                             log=lambda text: print(f"  {text}", flush=True))
    if written:
        secs = [w["seconds"] for w in written]
        print(f"  {len(written)} files, {sum(secs) / len(secs):.0f} s per file "
              f"(peak {peak_mb():.0f} MB)", flush=True)


def score(records: int, groups_path: Path) -> dict:
    """Pairwise P/R/F1 of an engine's groups against the truth files, over the whole list and
    for the pairs that span two files (the same person registered in two regencies)."""
    import numpy as np
    import pandas as pd

    from dptclean.match.evaluate import predicted_pairs, score_pairs, truth_pairs

    ids = [pd.read_parquet(p, columns=["person_id"])["person_id"] for p in truth_files_for(records)]
    sizes = np.array([len(i) for i in ids], dtype=np.int64)
    person, _ = pd.factorize(pd.concat(ids, ignore_index=True))
    del ids
    n = len(person)
    groups = json.loads(groups_path.read_text())
    frame = pd.DataFrame({"record": [r for g in groups for r in g],
                          "group_id": [i for i, g in enumerate(groups) for _ in g]})
    pred = predicted_pairs(frame, n)
    true = truth_pairs(person)
    starts = np.r_[0, np.cumsum(sizes)[:-1]]

    def cross(packed):
        part = np.searchsorted(starts, np.stack([packed // n, packed % n]), side="right")
        return packed[part[0] != part[1]]

    out = {"all": score_pairs(pred, true).to_dict()}
    out["cross_file"] = score_pairs(cross(pred), cross(true)).to_dict()
    return out


def peak_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _groups_of(result) -> list[list[int]]:
    g = result.groups
    return sorted(sorted(map(int, m)) for m in g.groupby("group_id")["record"].apply(list))


def run_local(records: int, out: Path) -> dict:
    from dptclean.io.readers import load_voters
    from dptclean.match.pipeline import find_duplicates
    from dptclean.normalize import normalize_voters

    t0 = time.perf_counter()
    frame = load_voters([str(p) for p in files_for(records)]).frame
    t_read = time.perf_counter() - t0
    norm = normalize_voters(frame)
    del frame
    t_norm = time.perf_counter() - t0 - t_read
    t1 = time.perf_counter()
    res = find_duplicates(norm)
    t_match = time.perf_counter() - t1
    out.write_text(json.dumps(_groups_of(res)))
    return {"engine": "local", "records": records, "read_s": round(t_read, 1),
            "normalize_s": round(t_norm, 1), "match_s": round(t_match, 1),
            "total_s": round(time.perf_counter() - t0, 1), "peak_mb": round(peak_mb()),
            "stats": {k: v for k, v in res.stats.items() if k != "blocking"}}


def run_dask(records: int, workers: int, out: Path, scheduler: str | None,
             memory_limit: str, shuffle: str | None) -> dict:
    import logging

    from distributed import Client, LocalCluster

    from dptclean.match.dask_engine import find_duplicates_dask

    logging.getLogger("distributed.shuffle").setLevel(logging.ERROR)
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, memory_limit=memory_limit)
    client = Client(cluster or scheduler)
    try:
        t0 = time.perf_counter()
        res = find_duplicates_dask([str(p) for p in files_for(records)], client=client,
                                   shuffle_method=shuffle)
        total = time.perf_counter() - t0
        worker_peaks = client.run(peak_mb)
        n_workers = len(worker_peaks)
        threads = sum(w["nthreads"] for w in client.scheduler_info()["workers"].values())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    out.write_text(json.dumps(_groups_of(res)))
    return {"engine": "dask", "records": records, "workers": n_workers, "threads": threads,
            "memory_limit": memory_limit, "shuffle": shuffle or "default (p2p)",
            "total_s": round(total, 1), "client_peak_mb": round(peak_mb()),
            "worker_peak_mb": sorted(round(v) for v in worker_peaks.values()),
            "stats": {k: v for k, v in res.stats.items() if k != "blocking"}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, default=5_000_000)
    ap.add_argument("--engine", choices=["both", "local", "dask"], default="both")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--scheduler", default=None, help="tcp://HOST:8786 (default: LocalCluster)")
    ap.add_argument("--memory-limit", default="8GiB",
                    help="per worker of the LocalCluster (spills to disk beyond 60%%)")
    ap.add_argument("--shuffle", choices=["p2p", "tasks"], default=None)
    ap.add_argument("--generate", action="store_true", help="write the missing data files")
    ap.add_argument("--score", action="store_true",
                    help="only score the groups saved by the last run against the truth")
    ap.add_argument("--child", choices=["local", "dask"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.generate:
        generate(args.records)
        return
    missing = [p for p in files_for(args.records) + truth_files_for(args.records)
               if not p.exists()]
    if missing:
        sys.exit(f"missing {len(missing)} data files; run with --generate first")
    groups_out = {e: OUT / f"bench_dask_national_groups_{e}_{args.records}.json"
                  for e in ("local", "dask")}
    if args.score:
        engines = ["local", "dask"] if args.engine == "both" else [args.engine]
        for e in engines:
            if groups_out[e].exists():
                print(json.dumps({"engine": e, "records": args.records,
                                  "accuracy": score(args.records, groups_out[e])}, indent=1))
            else:
                print(f"{e}: no saved groups ({groups_out[e].name})")
        return
    if args.child:
        if args.child == "local":
            row = run_local(args.records, groups_out["local"])
        else:
            row = run_dask(args.records, args.workers, groups_out["dask"], args.scheduler,
                           args.memory_limit, args.shuffle)
        row["cores"] = os.cpu_count()
        print(json.dumps(row))
        return
    rows = []
    for engine in (["local", "dask"] if args.engine == "both" else [args.engine]):
        cmd = [sys.executable, __file__, "--child", engine, "--records", str(args.records),
               "--workers", str(args.workers), "--memory-limit", args.memory_limit]
        if args.shuffle:
            cmd += ["--shuffle", args.shuffle]
        if args.scheduler:
            cmd += ["--scheduler", args.scheduler]
        print(f"{engine}: {args.records:,} records ...", flush=True)
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode:
            print(proc.stderr[-3000:], file=sys.stderr)
            sys.exit(f"{engine} run failed")
        row = json.loads(proc.stdout.strip().splitlines()[-1])
        row["data"] = "national"
        row["accuracy"] = score(args.records, groups_out[engine])
        rows.append(row)
        print(json.dumps(row, indent=1), flush=True)
    if args.engine == "both":
        same = json.loads(groups_out["local"].read_text()) == \
            json.loads(groups_out["dask"].read_text())
        local, dask = rows
        keys = ("candidate_pairs", "compared_pairs", "matched_pairs", "duplicate_rate_prior")
        same_stats = all(local["stats"][k] == dask["stats"][k] for k in keys)
        per_core = {r["engine"]: round(args.records / r["total_s"] / r["cores"])
                    for r in rows}
        summary = {"records": args.records, "same_groups": same, "same_figures": same_stats,
                   "records_per_s_per_core": per_core,
                   "dask_over_local": round(dask["total_s"] / local["total_s"], 2)}
        print(json.dumps(summary, indent=1))
        rows.append(summary)
    with open(OUT / "bench_dask.jsonl", "a") as fh:
        for row in rows:
            fh.write(json.dumps({"at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                                 **row}) + "\n")


if __name__ == "__main__":
    main()
