"""Incremental dedupe: new records against a cleaned list, beside a full run on both.

Run on demand (never part of the test suite)::

    python benchmarks/bench_incremental.py                          # 200,000 clean + 10,000 new
    python benchmarks/bench_incremental.py --clean 1000000 --new 20000 --runs 1
    python benchmarks/bench_incremental.py --report /tmp/incremental.txt

Data: ``dptclean.synth.generate(clean + new, seed)`` shuffled; the last ``--new`` records are
the new batch (they carry their share of the planted duplicates, many of them copies of people
in the clean part). The clean list is the rest *after* deduplication: a full run on it, with the
records it suggests removing dropped, as an operator's cleaned list would be. Generation,
normalisation and cleaning are not timed. Text columns are Arrow strings, as the readers return
them.

Measured (median over ``--runs``, one process, warm): ``find_duplicates`` on clean + new (the
full run) and ``dedupe_against(new, clean)`` (the incremental run) on the same normalised
frame, with their stage times; and how the results agree: the pairs that involve a new record in
the full run against the incremental run's pairs, and both against the ground truth
(pairs of records with the same true person that involve a new record).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import Report, machine_note, versions  # noqa: E402


def build(n_clean: int, n_new: int, seed: int, rep: Report):
    import pandas as pd

    from dptclean.match.pipeline import find_duplicates
    from dptclean.normalize import normalize_voters
    from dptclean.synth import PERSON_ID, generate

    t0 = time.perf_counter()
    sd = generate(n_clean + n_new, seed=seed)
    order = np.random.default_rng(seed).permutation(len(sd.dpt))
    dpt = sd.dpt.reset_index(drop=True).iloc[order].reset_index(drop=True)
    person = sd.truth_dpt[PERSON_ID].reset_index(drop=True).iloc[order].reset_index(drop=True)
    # text columns as the readers return them (Arrow strings), not numpy objects
    dpt = dpt.astype(pd.StringDtype("pyarrow"))
    dpt["list"] = pd.Categorical(["DPT"] * len(dpt), categories=["DPT", "DPK"])
    norm = normalize_voters(dpt)
    n_old = len(norm) - n_new
    old = norm.iloc[:n_old].reset_index(drop=True)
    cleaning = find_duplicates(old)
    drop = cleaning.groups.loc[cleaning.groups["action"] == "remove", "record"] \
        .to_numpy(dtype=np.int64)
    keep = np.setdiff1d(np.arange(n_old), drop)
    clean = old.iloc[keep].reset_index(drop=True)
    new = norm.iloc[n_old:].reset_index(drop=True)
    both = pd.concat([clean, new], ignore_index=True)
    persons = np.concatenate([person.iloc[:n_old].to_numpy()[keep],
                              person.iloc[n_old:].to_numpy()])
    rep(f"  data: generated {n_clean + n_new:,}, cleaned list {len(clean):,} "
        f"({len(drop):,} redundant records removed), new {len(new):,} "
        f"(prepared in {time.perf_counter() - t0:.1f}s, not timed)")
    return clean, new, both, persons


def true_new_pairs(persons: np.ndarray, n_clean: int) -> set[tuple[int, int]]:
    import pandas as pd

    s = pd.Series(np.arange(len(persons)), index=persons)
    out: set[tuple[int, int]] = set()
    for _, recs in s.groupby(level=0):
        r = sorted(recs.tolist())
        if len(r) < 2 or r[-1] < n_clean:
            continue
        out |= {(a, b) for i, a in enumerate(r) for b in r[i + 1:] if b >= n_clean}
    return out


def prf(found: set, truth: set) -> str:
    tp = len(found & truth)
    p = tp / len(found) if found else 1.0
    r = tp / len(truth) if truth else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.4f} R {r:.4f} F1 {f1:.4f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clean", type=int, default=200_000)
    ap.add_argument("--new", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--report", default=None)
    args = ap.parse_args(argv)

    from dptclean.incremental import dedupe_against
    from dptclean.match.pipeline import find_duplicates

    rep = Report(args.report)
    rep(f"# incremental dedupe: {args.clean:,} clean + {args.new:,} new (seed {args.seed})")
    rep(f"  {machine_note()}")
    rep(f"  {versions()}")
    clean, new, both, persons = build(args.clean, args.new, args.seed, rep)
    n_clean = len(clean)
    full_t, inc_t = [], []
    full = inc = None
    for _ in range(args.runs):
        t0 = time.perf_counter()
        full = find_duplicates(both)
        full_t.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        inc = dedupe_against(new, clean, combined=both)
        inc_t.append(time.perf_counter() - t0)
    assert full is not None and inc is not None
    tf, ti = statistics.median(full_t), statistics.median(inc_t)
    rep(f"  full run        {tf:7.2f} s  stages {full.stats['seconds']}  "
        f"candidates {full.stats['candidate_pairs']:,}")
    rep(f"  incremental run {ti:7.2f} s  stages {inc.stats['seconds']}  "
        f"candidates {inc.stats['candidate_pairs']:,}")
    rep(f"  speed-up {tf / ti:.2f}x (median of {args.runs} run(s) each)")

    def pairs(res) -> set[tuple[int, int]]:
        p = res.pairs
        return set(zip(p["left"].astype(int).tolist(), p["right"].astype(int).tolist()))

    fp = {x for x in pairs(full) if x[1] >= n_clean}
    ip = pairs(inc)
    truth = true_new_pairs(persons, n_clean)
    rep(f"  pairs involving a new record: full {len(fp):,}, incremental {len(ip):,}, "
        f"in both {len(fp & ip):,}; full-run pairs on clean records only "
        f"{len(pairs(full)) - len(fp):,} (skipped by the incremental run)")
    rep(f"  against the truth ({len(truth):,} true pairs involving a new record): "
        f"full {prf(fp, truth)}; incremental {prf(ip, truth)}")
    rep.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
