"""Ceiling of the sure band on masked lists: the best recall any rule on the matcher's own
features could reach at a given sure precision (issue 17).

Run on demand (never by the test suite)::

    python benchmarks/masked_ceiling.py --grid masked-4 --size 50000
    python benchmarks/masked_ceiling.py --grid masked-4 --size 1000000
    python benchmarks/masked_ceiling.py --foreign publik_masked
    python benchmarks/masked_ceiling.py --grid masked-4 --features name_freq,dob_freq,prefix

What it does, per list:

1. Runs the matcher's own stages in process (features, blocking, compare, learned weights,
   prior: ``pipeline.compare_and_learn``) and keeps every *compared* pair (those that survive
   the cheap pass), with its comparison levels, its probability and whether it is `sure`
   (``score.sure_links``, as ``dedupe`` decides it per pair).
2. Groups the compared pairs into *classes* by their comparison vector: the level of every
   comparison (NIK, nama, tanggal lahir, jenis kelamin, tempat lahir, NKK, lokasi), the
   family card to its issue date (``score.one_card``), plus the name-frequency bucket
   (``--features``; ``name_freq``: how many records hold the commoner of the two names, in
   powers of two; ``dob_freq`` a birth-date-frequency bucket, ``prefix`` how many records share
   the masked NIK's 12 digits; more features make the classes finer, so the ceiling can only
   rise). Computed twice: as the matcher sees the pairs, and with a missing family card read
   as another card (``dptclean.synth`` blanks cards only on duplicate records: an artefact of
   our generator that no rule may use, docs/benchmarks.md "Issue 17, round 5").
3. Each class's truth rate (the share of its pairs that are one person, from the list's
   truth), then the ceiling: classes sorted by truth rate, highest first, added while the
   cumulative precision stays at or above ``--precision`` (0.995). Its recall is over all the
   list's true pairs (the missed ones include pairs that were never compared, which no rule on
   these features can reach).

The ceiling is *pairwise* (a sure group of three records makes three pairs, which grouping may
add or break), and it is an upper bound for rules that see only these features, fitted on
the list's own truth: optimistic, the more so the smaller the list (at 50,000 records many
classes hold one or two pairs, all true by chance, which the ceiling takes; a rule chosen on
the truth of one list does worse on another). It
says where the gap is: which classes hold true pairs mixed with namesakes, and how many true
pairs the current sure band leaves in classes the ceiling would take.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import DATA, Report  # noqa: E402

FIELDS = ("nik", "nama", "tanggal_lahir", "jenis_kelamin", "tempat_lahir", "nkk", "lokasi")


def load_grid(world: str, n: int, seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    """A grid world of ``dptclean.synth`` through a CSV file (as ``bench_accuracy --grid``);
    the normalised frame and the person id per record are cached in benchmarks/data."""
    from dptclean.normalize import normalize_voters

    cache = DATA / f"ceiling_{world}_{n}_seed{seed}.pkl"
    if cache.exists():
        norm, person = pd.read_pickle(cache)
        return norm, person
    import dptclean
    from dptclean.synth import WORLDS, generate

    sd = generate(n, seed=seed, world=WORLDS[world])
    dpt = sd.dpt.reset_index(drop=True)
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"ceiling_{world}_{n}.csv"
    dpt.astype("string").to_csv(path, index=False)
    norm = normalize_voters(dptclean.read_voters(path))
    path.unlink()
    person = sd.truth_dpt.reset_index(drop=True)["person_id"].to_numpy()
    pd.to_pickle((norm, person), cache)
    return norm, person


def load_foreign(world: str, n: int, seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    """A held-out world of ``foreign_lists.py`` (generated when missing), read as a user's
    file is read."""
    import dptclean
    from dptclean.normalize import normalize_voters
    from foreign_lists import OUT, WORLDS, write_world

    path = OUT / f"{world}-{n}.csv"
    if not path.exists():
        write_world(WORLDS[world], n, seed)
    canon = dptclean.read_voters(path)
    truth = pd.read_csv(OUT / f"{world}-{n}.truth.csv", dtype=str, keep_default_na=False)
    if len(truth) != len(canon):
        raise SystemExit(f"{path.name}: {len(canon)} records read, {len(truth)} in the truth")
    return normalize_voters(canon), truth["person"].to_numpy()


def compared_pairs(norm: pd.DataFrame) -> dict:
    """Every compared pair of a dedupe run on ``norm`` (default configuration): positions,
    levels, probability, sure, and the features the classes use."""
    from dptclean.match import blocking, learn, score
    from dptclean.match.compare import compare_pairs
    from dptclean.match.config import MatchConfig
    from dptclean.match.features import build_features, nik_pair_counts
    from dptclean.match.pipeline import active_mask, compare_and_learn, score_candidates

    cfg = MatchConfig()
    f = build_features(norm)
    active = active_mask(norm, cfg)
    cands = blocking.candidate_pairs(f, cfg.blocking, restrict=active)
    n_active = int(active.sum())
    cache: dict = {}
    timings: dict[str, float] = {}
    run = compare_and_learn(
        lambda prior, run_cfg: score_candidates(f, cands, run_cfg, n_active, prior, None, cache),
        cfg, n_active, timings, nik_pair_counts(f) if cfg.learn_weights else None,
        lambda: learn.list_u_sample(f, active, cfg))
    l, r = run.pairs.left, run.pairs.right
    c = compare_pairs(f, l, r, run.config)
    prior = score.prior_bits(n_active, run.config, run.rate)
    s = score.score_pairs(f, c, run.config, n_records=n_active, prior=prior)
    linked = (s.score >= min(score.link_bits(run.config), score.threshold_bits(run.config))) | \
        score.household_links(f, l, r, c.levels)
    sure = score.sure_links(c, s.probability, run.config, score.one_card(f, c),
                            score.partial_niks(f, l, r)) & linked
    from dptclean.match.features import key_counts

    return {"f": f, "left": l, "right": r, "levels": {k: c.level_names(k) for k in FIELDS},
            "card": score.one_card(f, c), "probability": s.probability, "linked": linked,
            "sure": sure, "weights": s.weights, "prior": prior, "cfg": run.config,
            "name_freq": np.maximum(f.name_norm_freq[l], f.name_norm_freq[r]) * len(norm),
            "dob_freq": f.dob_freq[l] * len(norm),
            "prefix": key_counts(f, "nik12")[l], "n": len(norm)}


def _bucket(x: np.ndarray, edges: tuple[float, ...]) -> np.ndarray:
    labels = [f"<{edges[0]:g}"] + [f"{a:g}-{b:g}" for a, b in zip(edges, edges[1:])] + \
        [f">={edges[-1]:g}"]
    return np.array(labels, dtype=object)[np.searchsorted(edges, x, side="right")]


def classes(p: dict, features: tuple[str, ...], nkk_unknown: bool = True) -> pd.DataFrame:
    cols = {k: p["levels"][k] for k in FIELDS}
    if not nkk_unknown:
        # a missing family card read as another card: dptclean.synth blanks cards only on
        # duplicate records, an artefact no rule may use (docs/benchmarks.md, round 5)
        cols["nkk"] = np.where(cols["nkk"] == "unknown", "different", cols["nkk"])
    cols["card"] = np.where(p["card"], "card", "-")
    if "name_freq" in features:
        # records holding the name (the commoner of the two spellings), in powers of two
        cols["name_freq"] = _bucket(p["name_freq"], tuple(2.0 ** k for k in range(1, 13)))
    if "dob_freq" in features:
        cols["dob_freq"] = _bucket(p["dob_freq"], (3, 10, 30, 100))
    if "prefix" in features:
        cols["prefix"] = _bucket(p["prefix"], (2, 3, 5, 10))
    return pd.DataFrame(cols)


def _greedy(g: pd.DataFrame, precision: float) -> pd.DataFrame:
    """The classes the ceiling takes: sorted by truth rate (then true pairs), highest first,
    the longest run of them whose precision together is at least ``precision``."""
    g = g.sort_values(["rate", "true"], ascending=[False, False])
    # (sorted so, the cumulative precision only falls: this is where it first falls under)
    ok = np.flatnonzero(((g["true"].cumsum() / g["pairs"].cumsum()) >= precision).to_numpy())
    return g.iloc[:int(ok[-1]) + 1] if len(ok) else g.iloc[:0]


def _class_table(cls: pd.DataFrame, key_cols: list[str]) -> pd.DataFrame:
    g = cls.groupby(key_cols, sort=False).agg(pairs=("same", "size"), true=("same", "sum"),
                                              sure=("sure", "sum"))
    g["sure_true"] = cls[cls["sure"]].groupby(key_cols, sort=False)["same"].sum()
    g["sure_true"] = g["sure_true"].fillna(0).astype(int)
    g["rate"] = g["true"] / g["pairs"]
    return g


def ceiling(rep: Report, name: str, norm: pd.DataFrame, person: np.ndarray,
            features: tuple[str, ...], precision: float, top: int) -> dict:
    from dptclean.match.evaluate import truth_pairs

    t0 = time.perf_counter()
    p = compared_pairs(norm)
    n = len(norm)
    codes = pd.factorize(pd.Series(person))[0]
    same = codes[p["left"]] == codes[p["right"]]
    all_true = len(truth_pairs(codes))
    sure_tp = int(same[p["sure"]].sum())
    sure_all = int(p["sure"].sum())
    compared_true = int(same.sum())
    rep(f"\n### {name} ({n:,} records; {len(same):,} compared pairs, {compared_true:,} of "
        f"{all_true:,} true pairs compared; {time.perf_counter() - t0:.0f} s)")
    rep(f"features: the 7 comparison levels + one card to its issue date"
        f"{''.join(', ' + x for x in features)}")
    rep("")
    rep("| | pairs | true | precision | recall (of all true pairs) |")
    rep("|---|---:|---:|---:|---:|")
    rep(f"| sure band now (pairwise) | {sure_all:,} | {sure_tp:,} | "
        f"{sure_tp / max(sure_all, 1):.4f} | {sure_tp / max(all_true, 1):.4f} |")
    result = {"world": name, "sure_recall": sure_tp / max(all_true, 1),
              "sure_precision": sure_tp / max(sure_all, 1),
              "compared_recall": compared_true / max(all_true, 1)}
    for label, unknown in (("", True), (", missing card = another card", False)):
        cls = classes(p, features, nkk_unknown=unknown)
        key_cols = list(cls.columns)
        cls["same"], cls["sure"] = same, p["sure"]
        g = _class_table(cls, key_cols)
        best = _greedy(g, precision)
        ceil_tp, ceil_all = int(best["true"].sum()), int(best["pairs"].sum())
        rep(f"| ceiling at P ≥ {precision}{label} ({len(g):,} classes) | {ceil_all:,} | "
            f"{ceil_tp:,} | {ceil_tp / max(ceil_all, 1):.4f} | {ceil_tp / max(all_true, 1):.4f} |")
        suffix = "" if unknown else "_card"
        result.update({f"ceiling_recall{suffix}": ceil_tp / max(all_true, 1),
                       f"ceiling_precision{suffix}": ceil_tp / max(ceil_all, 1)})
    rep(f"| all compared pairs | {len(same):,} | {compared_true:,} | "
        f"{compared_true / max(len(same), 1):.4f} | {compared_true / max(all_true, 1):.4f} |")
    # the tables below: with a missing card read as another card (no artefact rules)
    rest = g.drop(best.index)
    rep("")
    rep(f"Classes the ceiling takes (missing card = another card) where the sure band leaves "
        f"true pairs (top {top}):")
    rep("")
    gap = best.assign(left_out=best["true"] - best["sure_true"])
    gap = gap[gap["left_out"] > 0].sort_values("left_out", ascending=False)
    _table(rep, gap.head(top), key_cols, extra=("left_out",))
    rep("")
    rep(f"Classes past the ceiling (truth rate under the cut), by true pairs (top {top}): "
        "where true pairs are mixed with other people")
    rep("")
    _table(rep, rest.sort_values("true", ascending=False).head(top), key_cols)
    rep("")
    rep("Sure pairs in classes the ceiling does not take (false pairs first):")
    rep("")
    out_sure = rest[rest["sure"] > 0].assign(sure_false=lambda x: x["sure"] - x["sure_true"])
    _table(rep, out_sure.sort_values("sure_false", ascending=False).head(top), key_cols,
           extra=("sure_false",))
    rep.flush()
    return result


def _table(rep: Report, g: pd.DataFrame, key_cols: list[str], extra: tuple[str, ...] = ()) -> None:
    short = {"nik": "nik", "nama": "nama", "tanggal_lahir": "tgl", "jenis_kelamin": "jk",
             "tempat_lahir": "tempat", "nkk": "nkk", "lokasi": "lokasi"}
    rep("| " + " / ".join(short.get(k, k) for k in key_cols) +
        " | pairs | true | rate | sure | sure true | " + " | ".join(extra) + " |")
    rep("|---|---:|---:|---:|---:|---:|" + "---:|" * len(extra))
    for key, row in g.iterrows():
        vals = " / ".join(str(v) for v in (key if isinstance(key, tuple) else (key,)))
        ex = " | ".join(str(int(row[e])) for e in extra)
        rep(f"| {vals} | {int(row['pairs']):,} | {int(row['true']):,} | {row['rate']:.3f} | "
            f"{int(row['sure']):,} | {int(row['sure_true']):,} | {ex} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--grid", help="comma-separated grid worlds (dptclean.synth.WORLDS)")
    ap.add_argument("--foreign", help="comma-separated held-out worlds (foreign_lists.py)")
    ap.add_argument("--size", type=int, default=50000, help="records per grid world")
    ap.add_argument("--n", type=int, default=50000, help="records per held-out world")
    ap.add_argument("--seed", type=int, default=42, help="grid seed (bench_accuracy's)")
    ap.add_argument("--foreign-seed", type=int, default=2026,
                    help="held-out seed (bench_foreign's: the same file it scores)")
    ap.add_argument("--features", default="name_freq",
                    help="class features beyond the levels: name_freq, dob_freq, prefix")
    ap.add_argument("--precision", type=float, default=0.995)
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--report", help="also write the output to this file")
    args = ap.parse_args(argv)
    rep = Report(args.report)
    feats = tuple(x for x in args.features.split(",") if x)
    out = []
    for w in (args.grid or "").split(","):
        if w:
            norm, person = load_grid(w, args.size, args.seed)
            out.append(ceiling(rep, f"grid {w} {args.size:,}", norm, person, feats,
                               args.precision, args.top))
    for w in (args.foreign or "").split(","):
        if w:
            norm, person = load_foreign(w, args.n, args.foreign_seed)
            out.append(ceiling(rep, f"held-out {w} {args.n:,}", norm, person, feats,
                               args.precision, args.top))
    if out:
        rep("\n| list | sure band P / R (pairwise) | ceiling P / R | ceiling, a missing card "
            "read as another card | compared R |")
        rep("|---|---|---|---|---:|")
        for o in out:
            rep(f"| {o['world']} | {o['sure_precision']:.4f} / {o['sure_recall']:.4f} | "
                f"{o['ceiling_precision']:.4f} / {o['ceiling_recall']:.4f} | "
                f"{o['ceiling_precision_card']:.4f} / {o['ceiling_recall_card']:.4f} | "
                f"{o['compared_recall']:.4f} |")
        rep.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
