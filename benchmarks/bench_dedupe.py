"""Dedupe speed: dptclean end to end (read -> normalize -> find_duplicates) beside Splink 5.

Run on demand (never part of the test suite; Splink needs ``pip install -e '.[bench]'``)::

    python benchmarks/bench_dedupe.py                                # 100k and 1M, CSV + Parquet
    python benchmarks/bench_dedupe.py --sizes 100000 --runs 3        # 100k only
    python benchmarks/bench_dedupe.py --no-splink --sizes 1000000    # dptclean only at 1M
    python benchmarks/bench_dedupe.py --report /tmp/dedupe.txt       # also write the report

Data: ``dptclean.synth.generate(n, seed)`` (~1.2 % duplicates plus traps) written once as CSV
and Parquet (all text columns) into ``benchmarks/data/`` (gitignored) with its ground truth;
generation is not timed. Every measured run is a fresh Python subprocess (``--worker``), so
peak memory is that run's own: the process's high-water mark (``VmHWM``, Linux) read right
after the pipeline (the evaluation that follows is not counted). Reported per size and format: the
median over ``--runs`` of the time of each stage (read, normalize, and the match stages from
``MatchResult.stats["seconds"]``), rows/s end to end, candidate pairs, peak RSS, and pairwise
precision/recall/F1 against the truth.

Splink 5 (DuckDB) runs at the sizes in ``--splink-sizes`` (default 100,000) on the same file:
the same read and normalize stages, then the model of ``_splink_models.run_synth`` (name, birth
date, NIK, sex, kelurahan; u by random sampling, m by EM over three blocking rules, predict,
connected components at 0.9). Reported: its times, F1, peak RSS, and the ratios
Splink / dptclean end to end and for the matching step alone.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import DATA, Report, machine_note, versions

HERE = Path(__file__).resolve().parent
# issue 16: a 1M-record regency end to end in <= 10 s and < 2 GB, >= 5x faster than Splink on
# the same file in the same run (checked at every size Splink runs at)
TARGET_1M_SECONDS = 10.0
TARGET_1M_RSS_MB = 2 * 1024.0
TARGET_SPEEDUP = 5.0


# ------------------------------------------------------------------------------------------------
# data
# ------------------------------------------------------------------------------------------------

def data_paths(n: int, seed: int) -> dict[str, Path]:
    stem = f"dedupe_{n}_s{seed}"
    return {"csv": DATA / f"{stem}.csv", "parquet": DATA / f"{stem}.parquet",
            "truth": DATA / f"{stem}_truth.parquet"}


def prepare(n: int, seed: int, regen: bool, rep: Report) -> dict[str, Path]:
    """Generate the synthetic DPT once (CSV + Parquet + truth); reuse it afterwards."""
    paths = data_paths(n, seed)
    if not regen and all(p.exists() for p in paths.values()):
        rep(f"  data n={n:,}: reusing {', '.join(p.name for p in paths.values())}")
        return paths
    from dptclean.synth import generate

    DATA.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    sd = generate(n, seed=seed)
    text = sd.dpt.reset_index(drop=True).astype("string")
    text.to_csv(paths["csv"], index=False)
    text.to_parquet(paths["parquet"], index=False)
    sd.truth_dpt.reset_index(drop=True).to_parquet(paths["truth"], index=False)
    rep(f"  data n={n:,}: generated and written in {time.perf_counter() - t0:.1f}s "
        f"({paths['csv'].stat().st_size / 1e6:.0f} MB CSV, "
        f"{paths['parquet'].stat().st_size / 1e6:.0f} MB Parquet)")
    return paths


# ------------------------------------------------------------------------------------------------
# workers (run in a fresh subprocess each)
# ------------------------------------------------------------------------------------------------

def _rss_mb() -> float:
    from _common import peak_rss_mb

    return peak_rss_mb()


def worker_dptclean(path: Path, truth: Path) -> dict:
    import numpy as np
    import pandas as pd

    from _common import timed_read_normalize
    from dptclean.match.evaluate import evaluate_groups
    from dptclean.match.pipeline import find_duplicates

    base = _rss_mb()
    sec: dict[str, float] = {}
    cpu0 = time.process_time()
    canon, norm = timed_read_normalize(path, sec)
    t0 = time.perf_counter()
    res = find_duplicates(norm)
    sec["find_duplicates"] = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    peak = _rss_mb()
    person = pd.read_parquet(truth, columns=["person_id"])["person_id"].to_numpy()
    scores = evaluate_groups(res.groups, np.asarray(person)).to_dict()
    return {"records": len(canon), "seconds": sec, "cpu_seconds": cpu,
            "match_seconds": res.stats.get("seconds", {}),
            "candidate_pairs": res.stats.get("candidate_pairs"),
            "matched_pairs": res.stats.get("matched_pairs"),
            "groups": int(res.groups["group_id"].nunique()) if len(res.groups) else 0,
            "blocking": [{k: v for k, v in b.items() if k in ("rule", "pairs", "skipped_blocks",
                                                               "skipped_records")}
                         for b in res.stats.get("blocking", []) if isinstance(b, dict)],
            "rss_base_mb": base, "rss_peak_mb": peak, "scores": scores}


def worker_splink(path: Path, truth: Path, compare_nkk: bool, u_max_pairs: float) -> dict:
    import numpy as np
    import pandas as pd

    from _common import score_labels, timed_read_normalize
    from _splink_models import run_synth, splink_input_from_normalized

    base = _rss_mb()
    sec: dict[str, float] = {}
    canon, norm = timed_read_normalize(path, sec)
    t0 = time.perf_counter()
    data = splink_input_from_normalized(norm)
    sec["prepare_columns"] = time.perf_counter() - t0
    del canon
    t0 = time.perf_counter()
    labels, info = run_synth(data, compare_nkk=compare_nkk, u_max_pairs=u_max_pairs)
    sec["splink"] = time.perf_counter() - t0
    peak = _rss_mb()
    person = pd.read_parquet(truth, columns=["person_id"])["person_id"].to_numpy()
    scores = score_labels(labels, np.asarray(person))
    return {"records": len(norm), "seconds": sec, "splink_seconds": info["seconds"],
            "predictions": info["predicted_pairs_over_predict_threshold"],
            "rss_base_mb": base, "rss_peak_mb": peak, "scores": scores}


def run_worker(args: list[str], timeout: float) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker"] + args
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              cwd=str(HERE))
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f}s"}
    wall = time.perf_counter() - t0
    for line in proc.stdout.splitlines()[::-1]:
        if line.startswith("RESULT "):
            out = json.loads(line[len("RESULT "):])
            out["process_wall"] = wall
            return out
    tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-25:])
    return {"error": f"exit code {proc.returncode}:\n{tail}"}


# ------------------------------------------------------------------------------------------------
# report
# ------------------------------------------------------------------------------------------------

def _med(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def summarize_dptclean(runs: list[dict]) -> dict:
    ok = [r for r in runs if "error" not in r]
    if not ok:
        return {}
    stages = {}
    for key in ("read", "normalize"):
        stages[key] = _med([r["seconds"][key] for r in ok])
    for key in ok[0]["match_seconds"]:
        stages[f"match.{key}"] = _med([r["match_seconds"].get(key, 0.0) for r in ok])
    totals = [r["seconds"]["read"] + r["seconds"]["normalize"] + r["seconds"]["find_duplicates"]
              for r in ok]
    return {"stages": stages, "total": _med(totals), "total_min": min(totals),
            "cpu": _med([r.get("cpu_seconds", float("nan")) for r in ok]),
            "total_max": max(totals), "find_duplicates": _med(
                [r["seconds"]["find_duplicates"] for r in ok]),
            "rss": _med([r["rss_peak_mb"] for r in ok]), "rss_max": max(
                r["rss_peak_mb"] for r in ok),
            "candidate_pairs": ok[0]["candidate_pairs"], "records": ok[0]["records"],
            "scores": ok[0]["scores"], "runs": len(ok), "groups": ok[0]["groups"],
            "blocking": ok[0].get("blocking", [])}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--formats", nargs="+", choices=("csv", "parquet"),
                    default=["csv", "parquet"])
    ap.add_argument("--runs", type=int, default=3, help="dptclean runs per size and format")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--regen", action="store_true", help="regenerate the data files")
    ap.add_argument("--no-splink", action="store_true")
    ap.add_argument("--splink-sizes", type=int, nargs="+", default=[100_000])
    ap.add_argument("--splink-runs", type=int, default=3)
    ap.add_argument("--splink-format", choices=("csv", "parquet"), default="csv")
    ap.add_argument("--splink-compare-nkk", action="store_true",
                    help="also compare NKK (ExactMatch) in the Splink model")
    ap.add_argument("--splink-u-max-pairs", type=float, default=1e7)
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--report", help="also write the printed report to this file")
    ap.add_argument("--json", help="write all raw run results as JSON to this file")
    ap.add_argument("--markdown", help="write the summary tables as Markdown to this file")
    ap.add_argument("--worker", choices=("dptclean", "splink"), help=argparse.SUPPRESS)
    ap.add_argument("--file", help=argparse.SUPPRESS)
    ap.add_argument("--truth", help=argparse.SUPPRESS)
    return ap.parse_args(argv)


def worker_main(args: argparse.Namespace) -> int:
    """One measured run (in its own process): print its result as one JSON line."""
    if args.worker == "dptclean":
        out = worker_dptclean(Path(args.file), Path(args.truth))
    else:
        out = worker_splink(Path(args.file), Path(args.truth), args.splink_compare_nkk,
                            args.splink_u_max_pairs)
    print("RESULT " + json.dumps(out), flush=True)
    return 0


def measure_dptclean(args: argparse.Namespace, paths: dict, rep: Report) -> tuple[dict, dict]:
    """``--runs`` fresh-process runs per size and format: (raw runs, summary per (n, fmt))."""
    raw: dict = {}
    summary: dict = {}
    for n in args.sizes:
        for fmt in args.formats:
            runs = []
            for i in range(args.runs):
                r = run_worker(["dptclean", "--file", str(paths[n][fmt]), "--truth",
                                str(paths[n]["truth"])], args.timeout)
                runs.append(r)
                if "error" in r:
                    rep(f"  dptclean n={n:,} {fmt} run {i + 1}: FAILED {r['error']}")
                    break
                s = r["seconds"]
                rep(f"  dptclean n={n:,} {fmt} run {i + 1}: read {s['read']:.2f}s, normalize "
                    f"{s['normalize']:.2f}s, find_duplicates {s['find_duplicates']:.2f}s "
                    f"({', '.join(f'{k} {v:.2f}' for k, v in r['match_seconds'].items())}); "
                    f"CPU {r.get('cpu_seconds', float('nan')):.2f}s; "
                    f"peak RSS {r['rss_peak_mb']:.0f} MB; F1 {r['scores']['f1']:.4f}")
                rep.flush()
            raw[f"{n}:{fmt}"] = runs
            summary[(n, fmt)] = summarize_dptclean(runs)
    return raw, summary


def _splink_summary(ok: list[dict]) -> dict:
    return {"total": _med([sum(r["seconds"][k] for k in ("read", "normalize", "prepare_columns",
                                                         "splink")) for r in ok]),
            "model": _med([r["seconds"]["prepare_columns"] + r["seconds"]["splink"] for r in ok]),
            "stages": {k: _med([r["splink_seconds"][k] for r in ok])
                       for k in ok[0]["splink_seconds"]},
            "rss": _med([r["rss_peak_mb"] for r in ok]), "scores": ok[0]["scores"],
            "runs": len(ok)}


def measure_splink(args: argparse.Namespace, paths: dict, rep: Report) -> tuple[dict, dict]:
    """Splink runs at ``--splink-sizes``: (raw runs, summary per n)."""
    raw: dict = {}
    splink: dict = {}
    if args.no_splink:
        return raw, splink
    for n in args.splink_sizes:
        runs = []
        for i in range(args.splink_runs):
            extra = ["--splink-u-max-pairs", str(args.splink_u_max_pairs)]
            if args.splink_compare_nkk:
                extra.append("--splink-compare-nkk")
            r = run_worker(["splink", "--file", str(paths[n][args.splink_format]),
                            "--truth", str(paths[n]["truth"])] + extra, args.timeout)
            runs.append(r)
            if "error" in r:
                rep(f"  Splink n={n:,} run {i + 1}: FAILED {r['error']}")
                break
            s = r["seconds"]
            rep(f"  Splink n={n:,} {args.splink_format} run {i + 1}: read {s['read']:.2f}s, "
                f"normalize {s['normalize']:.2f}s, columns {s['prepare_columns']:.2f}s, "
                f"splink {s['splink']:.2f}s ("
                + ", ".join(f"{k} {v:.2f}" for k, v in r["splink_seconds"].items())
                + f"); peak RSS {r['rss_peak_mb']:.0f} MB; F1 {r['scores']['f1']:.4f}")
            rep.flush()
        raw[str(n)] = runs
        ok = [r for r in runs if "error" not in r]
        if ok:
            splink[n] = _splink_summary(ok)
    return raw, splink


def stage_keys_of(summary: dict) -> list[str]:
    keys: list[str] = []
    for s in summary.values():
        for k in s.get("stages", {}):
            if k not in keys:
                keys.append(k)
    return keys


def report_dptclean(rep: Report, args: argparse.Namespace, summary: dict) -> None:
    stage_keys = stage_keys_of(summary)
    rep("\n" + "=" * 100)
    rep(f"dptclean end to end (median of {args.runs} fresh-process runs; seconds)")
    head = f"  {'n':>9} {'fmt':<7}" + "".join(f" {k.replace('match.', ''):>9}"
                                             for k in stage_keys)
    rep(head + f" {'total':>7} {'min-max':>11} {'CPU':>6} {'rows/s':>9} {'cand.pairs':>11} "
        f"{'RSS MB':>7} {'P':>6} {'R':>6} {'F1':>6}")
    for (n, fmt), s in summary.items():
        if not s:
            rep(f"  {n:>9,} {fmt:<7} FAILED")
            continue
        sc = s["scores"]
        rep(f"  {n:>9,} {fmt:<7}" + "".join(f" {s['stages'].get(k, 0):>9.2f}"
                                           for k in stage_keys)
            + f" {s['total']:>7.2f} {s['total_min']:>5.1f}-{s['total_max']:<5.1f}"
              f" {s['cpu']:>6.2f} {n / s['total']:>9,.0f} {s['candidate_pairs']:>11,}"
              f" {s['rss']:>7.0f} {sc['precision']:>6.4f} {sc['recall']:>6.4f} {sc['f1']:>6.4f}")
    rep("  (stages after 'normalize' are find_duplicates' own: MatchResult.stats['seconds'];"
        " CPU: the worker process's own CPU seconds, median)")


def report_blocking(rep: Report, summary: dict) -> None:
    by_n: dict[int, dict] = {}
    for (n, _fmt), s in summary.items():
        if s and n not in by_n:
            by_n[n] = s
    if not by_n:
        return
    rep("\nCandidate pairs per blocking rule (each rule's own pairs, before the union):")
    sizes = sorted(by_n)
    rules = [b["rule"] for b in by_n[sizes[0]]["blocking"]]
    rep(f"  {'rule':<28}" + "".join(f" {n:>12,}" for n in sizes))
    for rule in rules:
        cells = []
        for n in sizes:
            b = next((x for x in by_n[n]["blocking"] if x["rule"] == rule), None)
            cells.append(f" {b['pairs']:>12,}" if b else f" {'-':>12}")
        rep(f"  {rule:<28}" + "".join(cells))
    rep(f"  {'union (compared)':<28}" + "".join(f" {by_n[n]['candidate_pairs']:>12,}"
                                                 for n in sizes))
    if len(sizes) > 1:
        a, b = sizes[0], sizes[-1]
        ca, cb = by_n[a]["candidate_pairs"], by_n[b]["candidate_pairs"]
        if ca and cb:
            rep(f"  growth {a:,} -> {b:,}: x{cb / ca:.1f} for x{b / a:.0f} records "
                f"(~ n^{math.log(cb / ca) / math.log(b / a):.2f})")


def report_splink(rep: Report, args: argparse.Namespace, splink: dict, summary: dict) -> None:
    if not splink:
        return
    rep(f"\nSplink 5 (DuckDB), {args.splink_format}, median of {args.splink_runs} run(s)"
        + (" [NKK compared]" if args.splink_compare_nkk else " [NKK in blocking only]"))
    for n, s in splink.items():
        sc = s["scores"]
        rep(f"  n={n:,}: end to end {s['total']:.2f}s (model incl. column prep "
            f"{s['model']:.2f}s: " + ", ".join(f"{k} {v:.2f}" for k, v in s["stages"].items())
            + f"); peak RSS {s['rss']:.0f} MB; P={sc['precision']:.4f} "
              f"R={sc['recall']:.4f} F1={sc['f1']:.4f}")
        d = summary.get((n, args.splink_format))
        if not d:
            continue
        r_all = s["total"] / d["total"]
        r_match = s["model"] / d["find_duplicates"]
        better = d["scores"]["f1"] > sc["f1"]
        rep(f"  ratio Splink / dptclean at n={n:,}: end to end {r_all:.1f}x, matching step "
            f"alone {r_match:.1f}x (target >= {TARGET_SPEEDUP:.0f}x: "
            f"{'MET' if r_all >= TARGET_SPEEDUP else 'MISSED'}); F1 dptclean "
            f"{d['scores']['f1']:.4f} vs Splink {sc['f1']:.4f} ("
            + ("higher: MET" if better else "not higher: MISSED") + ")")


def report_targets(rep: Report, summary: dict) -> None:
    rep("\nTargets (issue 16):")
    for (n, fmt), s in summary.items():
        if n == 1_000_000 and s:
            rep(f"  1M {fmt}: {s['total']:.1f}s (<= {TARGET_1M_SECONDS:.0f}s "
                f"{'MET' if s['total'] <= TARGET_1M_SECONDS else 'MISSED'}), peak RSS "
                f"{s['rss_max']:.0f} MB (< {TARGET_1M_RSS_MB:.0f} MB "
                f"{'MET' if s['rss_max'] < TARGET_1M_RSS_MB else 'MISSED'})")


def markdown_tables(args: argparse.Namespace, summary: dict, splink: dict) -> list[str]:
    stage_keys = stage_keys_of(summary)
    md = ["| records | input | " + " | ".join(k.replace("match.", "") for k in stage_keys)
          + " | total s | min-max | CPU s | rows/s | candidate pairs | peak RSS MB | P | R | F1 |",
          "|---:|---|" + "---:|" * (len(stage_keys) + 9)]
    for (n, fmt), s in summary.items():
        if not s:
            md.append(f"| {n:,} | {fmt} | FAILED |")
            continue
        sc = s["scores"]
        md.append(f"| {n:,} | {fmt} | " + " | ".join(f"{s['stages'].get(k, 0):.2f}"
                                                    for k in stage_keys)
                  + f" | **{s['total']:.2f}** | {s['total_min']:.1f}-{s['total_max']:.1f} | "
                    f"{s['cpu']:.2f} | {n / s['total']:,.0f} | {s['candidate_pairs']:,} | "
                    f"{s['rss']:.0f} | {sc['precision']:.4f} | {sc['recall']:.4f} | "
                    f"{sc['f1']:.4f} |")
    if splink:
        md += ["", "| records | tool | end to end s | matching s | peak RSS MB | P | R | F1 |",
               "|---:|---|---:|---:|---:|---:|---:|---:|"]
        for n, s in splink.items():
            d = summary.get((n, args.splink_format))
            if d:
                dsc = d["scores"]
                md.append(f"| {n:,} | dptclean ({args.splink_format}) | {d['total']:.2f} | "
                          f"{d['find_duplicates']:.2f} | {d['rss']:.0f} | "
                          f"{dsc['precision']:.4f} | {dsc['recall']:.4f} | {dsc['f1']:.4f} |")
            sc = s["scores"]
            md.append(f"| {n:,} | Splink 5 DuckDB | {s['total']:.2f} | {s['model']:.2f} | "
                      f"{s['rss']:.0f} | {sc['precision']:.4f} | {sc['recall']:.4f} | "
                      f"{sc['f1']:.4f} |")
            if d:
                md.append(f"| | **ratio Splink / dptclean** | **{s['total'] / d['total']:.1f}x** "
                          f"| **{s['model'] / d['find_duplicates']:.1f}x** | | | | |")
    return md


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        return worker_main(args)

    rep = Report(args.report)
    rep(f"bench_dedupe | {machine_note()}")
    rep(f"versions: {versions()}")
    rep(f"command: python benchmarks/bench_dedupe.py {' '.join(sys.argv[1:])}")
    rep("data:")
    paths = {n: prepare(n, args.seed, args.regen, rep) for n in sorted(set(
        args.sizes + ([] if args.no_splink else args.splink_sizes)))}
    rep.flush()

    raw_d, summary = measure_dptclean(args, paths, rep)
    raw_s, splink = measure_splink(args, paths, rep)
    report_dptclean(rep, args, summary)
    report_blocking(rep, summary)
    report_splink(rep, args, splink, summary)
    report_targets(rep, summary)
    if args.markdown:
        Path(args.markdown).write_text("\n".join(markdown_tables(args, summary, splink)) + "\n",
                                       encoding="utf-8")
    rep(f"\nmachine after the runs: {machine_note()}")
    rep.flush()
    if args.json:
        Path(args.json).write_text(json.dumps({"dptclean": raw_d, "splink": raw_s}, indent=1),
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
