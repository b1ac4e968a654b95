"""The match stage: normalised records -> scored pairs -> duplicate groups with a keep suggestion.

``find_duplicates`` is the library entry point. It never prints; progress goes to a callback.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from dptclean import schema
from dptclean.match import blocking, cluster, compare, learn, score
from dptclean.match.config import MatchConfig
from dptclean.match.features import NIK_FULL, NIK_MASKED, Features, build_features

ProgressCallback = Callable[[str, int, "int | None"], None]
CHUNK = 2_000_000
# Pairs are kept through pruning while they could reach a posterior of about 1/64 of the
# threshold's odds: they still count when the duplicate rate is learned.
PRUNE_MARGIN = 6.0

KEEP_RULE = ("keep the record that is not marked TMS, then has a complete valid NIK, then a "
             "real (not placeholder) birth date, then the most fields filled; when no rule "
             "decides, propose none (verify in the field)")


@dataclass
class MatchResult:
    """Scored duplicate pairs, duplicate groups and run statistics."""

    pairs: pd.DataFrame    # one row per linked pair (record positions, score, category, reasons)
    groups: pd.DataFrame   # one row per record in a duplicate group
    dpk_matches: pd.DataFrame  # DPK records whose person is already in the DPT
    nik_conflicts: pd.DataFrame  # same complete NIK, judged to be different people
    stats: dict[str, Any] = field(default_factory=dict)
    config: MatchConfig = field(default_factory=MatchConfig)


def find_duplicates(frame: pd.DataFrame, config: MatchConfig | None = None, *,
                    progress: ProgressCallback | None = None,
                    new_records: np.ndarray | None = None) -> MatchResult:
    """Find duplicate voters in a normalised frame (``normalize_voters`` output).

    Records are identified by their position in ``frame``. DPT-DPT links form duplicate groups;
    DPK-DPT links are reported as DPK records already in the DPT.

    ``new_records`` (bool per record) compares only pairs that involve at least one new record:
    new records against an already-cleaned list, without re-comparing that list with itself.
    Frequencies and the prior are still taken from the whole frame.
    """
    cfg = config or MatchConfig()
    cfg.validate()
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    f = build_features(frame)
    active = _active_mask(frame, cfg)
    timings["features"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    cands = blocking.candidate_pairs(f, cfg.blocking, restrict=active, progress=progress)
    if new_records is not None:
        new_records = np.asarray(new_records, dtype=bool)
        if len(new_records) != len(frame):
            raise ValueError("new_records must have one flag per record")
        touch = new_records[cands.left] | new_records[cands.right]
        cands.left, cands.right = cands.left[touch], cands.right[touch]
    timings["blocking"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    n_active = int(active.sum())
    total = len(cands)

    def compare_pass(prune_prior: float, run_cfg: MatchConfig):
        return _score_candidates(f, cands, run_cfg, n_active, prune_prior, progress)

    cfg, (cl, cr, ev, nik_same, pruned, rate, passes), learned = compare_and_learn(
        compare_pass, cfg, n_active, timings)
    timings["compare"] = time.perf_counter() - t0
    pairs, groups, dpk, nik_conf, prior, matched = results_from_evidence(
        frame, f, cfg, cl, cr, ev, nik_same, n_active=n_active, rate=rate, timings=timings)
    stats = run_stats(records=len(frame), n_active=n_active, candidates=total, rate=rate,
                      prior=prior, pruned=pruned, passes=passes, matched=matched,
                      blocking=[vars(st) for st in cands.stats], timings=timings)
    if learned is not None:
        stats["learned_weights"] = learned
    return MatchResult(pairs=pairs, groups=groups, dpk_matches=dpk, nik_conflicts=nik_conf,
                       stats=stats, config=cfg)


def compare_and_learn(compare_pass: Callable[[float, MatchConfig], tuple], cfg: MatchConfig,
                      n_active: int, timings: dict[str, float]):
    """Compare the candidates; with ``learn_weights``, learn the weights from the compared
    pairs (match/learn.py) and compare again with them.

    Returns ``(the configuration used, compare_until_stable's result, the learning summary or
    None)``; the configuration used carries the learned weights (and ``learn_weights =
    false``), so it reproduces the run exactly.
    """
    out = compare_until_stable(lambda prior: compare_pass(prior, cfg), cfg, n_active)
    if not cfg.learn_weights:
        return cfg, out[:7], None
    t0 = time.perf_counter()
    learned, summary = learn.learn_weights(cfg, out[7], evidence=out[2],
                                           log_prior=score.prior_bits(n_active, cfg, out[5]))
    timings["learn"] = time.perf_counter() - t0
    if learned.weights != cfg.weights:
        out = compare_until_stable(lambda prior: compare_pass(prior, learned), learned,
                                   n_active)
    return learned, out[:7], summary


def compare_until_stable(compare_pass: Callable[[float], tuple], cfg: MatchConfig,
                         n_active: int):
    """Run ``compare_pass(prune_prior)`` until the learned duplicate rate fits the pruning.

    ``compare_pass`` returns ``(left, right, evidence, same_nik, pruned, packed_levels)`` for
    the pairs that survive pruning at that prior, sorted by (left, right). Pairs that cannot come near the
    threshold are pruned after a cheap first pass; the pruning assumes a duplicate rate, and
    when the rate learned from the list is higher the pass is repeated with it, so learning
    the prior cannot miss a pair. Returns ``(left, right, evidence, same_nik, pruned, rate,
    passes, packed_levels)``.
    """
    prune_rate = cfg.expected_duplicate_rate
    if cfg.estimate_duplicate_rate:
        prune_rate = min(cfg.expected_duplicate_rate * 4, cfg.max_duplicate_rate)
    passes = 0
    while True:
        passes += 1
        cl, cr, ev, nik_same, pruned, packed = compare_pass(
            score.prior_bits(n_active, cfg, prune_rate) + PRUNE_MARGIN)
        rate = cfg.expected_duplicate_rate
        if not cfg.estimate_duplicate_rate:
            break
        rate = score.estimate_duplicate_rate(ev, n_active, cfg)
        if rate <= prune_rate or prune_rate >= cfg.max_duplicate_rate:
            break
        prune_rate = min(rate * 4, cfg.max_duplicate_rate)
    return cl, cr, ev, nik_same, pruned, rate, passes, packed


def results_from_evidence(frame: pd.DataFrame, f: Features, cfg: MatchConfig, cl: np.ndarray,
                          cr: np.ndarray, ev: np.ndarray, nik_same: np.ndarray, *,
                          n_active: int, rate: float, timings: dict[str, float]):
    """From the compared pairs' evidence to the result frames: prior, threshold, groups.

    ``frame`` and ``f`` hold at least every record of the pairs (positions index them; with
    a part of a list, ``f.stats`` carries the whole list's statistics). Returns ``(pairs,
    groups, dpk_matches, nik_conflicts, prior, matched_pairs)``.
    """
    need = score.threshold_bits(cfg)
    prior = score.prior_bits(n_active, cfg, rate)
    total = ev + prior
    dup = total >= need
    hit = total >= min(score.link_bits(cfg), need)
    conflicts = [(cl[~dup & nik_same], cr[~dup & nik_same], total[~dup & nik_same])]
    order = np.lexsort((cr[hit], cl[hit]))
    ml, mr, msc = cl[hit][order], cr[hit][order], total[hit][order]

    t0 = time.perf_counter()
    pairs = _pairs_frame(f, cfg, ml, mr, n_active, prior)
    sure = pairs["confidence"].to_numpy(dtype=object) == "sure" if len(pairs) else \
        np.zeros(0, bool)
    dpt_pair = ~f.is_dpk[ml] & ~f.is_dpk[mr]
    # sure groups first, from sure links alone; the records they leave out form the possible
    # groups, from the other links among them
    in_sure = _group(f, ml[dpt_pair & sure], mr[dpt_pair & sure], msc[dpt_pair & sure], cfg)
    free = in_sure < 0
    rest = dpt_pair & free[ml] & free[mr]
    in_possible = _group(f, ml[rest], mr[rest], msc[rest], cfg)
    groups_of = np.where(in_sure >= 0, in_sure, in_possible)
    _attach_leftovers(groups_of, in_sure, ml[dpt_pair], mr[dpt_pair], msc[dpt_pair])
    timings["grouping"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    groups = _groups_frame(frame, f, groups_of, pairs, sure=in_sure >= 0)
    dpk = _dpk_frame(f, pairs[msc >= need] if len(pairs) else pairs)
    nik_conf = _conflicts_frame(f, cfg, conflicts, n_active, prior)
    timings["explain"] = time.perf_counter() - t0
    ml = ml[msc >= need]
    return pairs, groups, dpk, nik_conf, prior, int(len(ml))


def _attach_leftovers(labels: np.ndarray, in_sure: np.ndarray, l: np.ndarray, r: np.ndarray,
                      sc: np.ndarray) -> None:
    """A linked record left in no group (its only links lead into sure groups) joins the sure
    group of its strongest link, as a `possible` member (in place)."""
    if not len(l):
        return
    a = np.concatenate([l, r])
    b = np.concatenate([r, l])
    s = np.concatenate([sc, sc])
    ok = (labels[a] < 0) & (in_sure[b] >= 0)
    if not ok.any():
        return
    a, b, s = a[ok], b[ok], s[ok]
    order = np.lexsort((b, -s, a))  # per record: strongest link first, ties by position
    a, b = a[order], b[order]
    first = np.r_[True, a[1:] != a[:-1]]
    labels[a[first]] = in_sure[b[first]]


def run_stats(*, records: int, n_active: int, candidates: int, rate: float, prior: float,
              pruned: int, passes: int, matched: int, blocking: list[dict[str, Any]],
              timings: dict[str, float]) -> dict[str, Any]:
    """The ``MatchResult.stats`` of a run."""
    return {
        "records": records,
        "active_records": n_active,
        "candidate_pairs": int(candidates),
        "duplicate_rate_prior": round(float(rate), 6),
        "prior_bits": round(float(prior), 3),
        "pruned_pairs": int(pruned),
        "compare_passes": passes,
        "compared_pairs": int(candidates - pruned),
        "matched_pairs": int(matched),
        "blocking": blocking,
        "seconds": {k: round(v, 3) for k, v in timings.items()},
    }


def _score_candidates(f: Features, cands, cfg: MatchConfig, n_active: int, prune_prior: float,
                      progress: ProgressCallback | None):
    """Evidence (bits, without the prior) of every candidate pair that survives pruning."""
    total = len(cands)
    exact_nik = compare.level_code("nik", "exact")
    need = min(score.link_bits(cfg), score.threshold_bits(cfg))
    pruned = 0
    parts_l, parts_r, parts_ev, parts_nik, parts_lv = [], [], [], [], []
    for start in range(0, max(total, 1), CHUNK):
        l = cands.left[start:start + CHUNK]
        r = cands.right[start:start + CHUNK]
        if not len(l):
            break
        # cheap pass: integer comparisons, then drop pairs that cannot reach the threshold
        c0 = compare.compare_pairs(f, l, r, cfg, text=False)
        s0 = score.score_pairs(f, c0, cfg, n_records=n_active, prior=prune_prior)
        bound = s0.score + score.text_upper_bound(f, c0, cfg, n_active)
        same_nik = c0.levels["nik"] == exact_nik
        go = np.flatnonzero((bound >= need) | same_nik)
        pruned += len(l) - len(go)
        l, r = l[go], r[go]
        c = compare.compare_pairs(f, l, r, cfg)
        s = score.score_pairs(f, c, cfg, n_records=n_active, prior=0.0)
        parts_l.append(l)
        parts_r.append(r)
        parts_ev.append(s.evidence)
        parts_nik.append(c.levels["nik"] == exact_nik)
        parts_lv.append(learn.pack_levels(c.levels, (f.nik_kind[l] == NIK_FULL)
                                          & (f.nik_kind[r] == NIK_FULL),
                                          (f.nik_kind[l] == NIK_MASKED)
                                          | (f.nik_kind[r] == NIK_MASKED)))
        if progress:
            progress("comparing", min(start + CHUNK, total), total)
    cl = np.concatenate(parts_l) if parts_l else np.zeros(0, np.int64)
    cr = np.concatenate(parts_r) if parts_r else np.zeros(0, np.int64)
    ev = np.concatenate(parts_ev) if parts_ev else np.zeros(0, np.float64)
    nik_same = np.concatenate(parts_nik) if parts_nik else np.zeros(0, bool)
    packed = np.concatenate(parts_lv) if parts_lv else np.zeros(0, np.int64)
    return cl, cr, ev, nik_same, pruned, packed


def _active_mask(frame: pd.DataFrame, cfg: MatchConfig) -> np.ndarray:
    active = np.ones(len(frame), dtype=bool)
    if cfg.exclude_tms and schema.TMS in frame.columns:
        tms = frame[schema.TMS].astype("boolean").fillna(False).to_numpy(dtype=bool)
        active &= ~tms
    return active


def _group(f: Features, l: np.ndarray, r: np.ndarray, sc: np.ndarray,
           cfg: MatchConfig) -> np.ndarray:
    """Group label per record (-1 when not in a group)."""
    n = f.n
    labels = np.full(n, -1, dtype=np.int64)
    if not len(l):
        return labels
    comp = cluster.connected_components(n, l, r)
    involved = np.unique(np.concatenate([l, r]))
    roots = comp[involved]
    sizes = pd.Series(roots).value_counts()
    big_roots = set(sizes[sizes >= 3].index.tolist())
    for rec, root in zip(involved.tolist(), roots.tolist()):
        if root not in big_roots:
            labels[rec] = root
    if big_roots:
        members_of: dict[int, list[int]] = {}
        for rec, root in zip(involved.tolist(), roots.tolist()):
            if root in big_roots:
                members_of.setdefault(root, []).append(rec)
        # every pair inside each big component, compared once
        all_l, all_r = [], []
        for members in members_of.values():
            m = np.array(sorted(members), dtype=np.int64)
            i, j = np.triu_indices(len(m), k=1)
            all_l.append(m[i])
            all_r.append(m[j])
        al, ar = np.concatenate(all_l), np.concatenate(all_r)
        c = compare.compare_pairs(f, al, ar, cfg)
        s = score.score_pairs(f, c, cfg)
        evidence = {(int(a), int(b)): float(e) for a, b, e in zip(al, ar, s.evidence)}
        link_set = {(int(a), int(b)): float(x) for a, b, x in zip(l, r, sc)}
        for members in members_of.values():
            mset = set(members)
            links = {k: v for k, v in link_set.items() if k[0] in mset}
            for part in cluster.constrained_groups(sorted(members), links, evidence,
                                                   cfg.min_group_link):
                for rec in part:
                    labels[rec] = part[0]
    return labels


def _pairs_frame(f: Features, cfg: MatchConfig, l: np.ndarray, r: np.ndarray,
                 n_active: int, prior: float) -> pd.DataFrame:
    if not len(l):
        return pd.DataFrame({"left": pd.Series([], dtype=np.int64),
                             "right": pd.Series([], dtype=np.int64),
                             "score": pd.Series([], dtype=float),
                             "probability": pd.Series([], dtype=float),
                             "category": pd.Series([], dtype=object),
                             "reasons": pd.Series([], dtype=object),
                             "kind": pd.Series([], dtype=object),
                             "confidence": pd.Series([], dtype=object)})
    order = np.lexsort((r, l))
    l, r = l[order], r[order]
    c = compare.compare_pairs(f, l, r, cfg)
    s = score.score_pairs(f, c, cfg, n_records=n_active, prior=prior)
    idx = np.arange(len(l))
    kind = np.where(f.is_dpk[l] & f.is_dpk[r], "DPK-DPK",
                    np.where(f.is_dpk[l] | f.is_dpk[r], "DPK-DPT", "DPT-DPT"))
    out = pd.DataFrame({
        "left": l, "right": r,
        "score": np.round(s.score, 2), "probability": np.round(s.probability, 4),
        "category": score.category(c, idx), "reasons": score.reasons(s, idx), "kind": kind,
        "confidence": np.where(score.sure_links(c, s.probability, cfg), "sure", "possible"),
    })
    for fld in compare.LEVELS:
        out[f"level_{fld}"] = c.level_names(fld)
    for fld in compare.LEVELS:   # the weight (bits) each comparison gave: dedupe --pairs-output
        out[f"weight_{fld}"] = np.round(s.weights[fld], 2) if fld in s.weights else np.nan
    return out


def _keep_keys(frame: pd.DataFrame, f: Features, recs: np.ndarray) -> pd.DataFrame:
    """The keep criteria of the records at positions ``recs`` (one row each, in that order)."""
    frame = frame.iloc[recs]
    n = len(frame)
    tms = (frame[schema.TMS].astype("boolean").fillna(False).to_numpy(bool)
           if schema.TMS in frame.columns else np.zeros(n, bool))
    dob_ok = np.zeros(n, bool)
    if schema.TANGGAL_LAHIR_STATUS in frame.columns:
        dob_ok = (frame[schema.TANGGAL_LAHIR_STATUS].astype("string") == "ok").fillna(False) \
            .to_numpy(bool)
    canon = [c for c in schema.FIELDS if c in frame.columns]
    filled = frame[canon].notna().sum(axis=1).to_numpy() if canon else np.zeros(n)
    # last tie-break: the records' own content, so the suggestion does not depend on row order
    content = (pd.util.hash_pandas_object(frame[canon].astype("string"), index=False)
               .to_numpy() if canon else np.zeros(n, dtype=np.uint64))
    return pd.DataFrame({"not_tms": ~tms, "nik_valid": f.nik_kind[recs] == NIK_FULL,
                         "dob_real": dob_ok, "filled": filled, "content": content})


# action of every record of a group in which no keep rule decides (issue 12 item 7)
VERIFY = "verify"
NO_KEEP_REASON = ("no rule decides which record to keep (the records are equally complete): "
                  "verify in the field and choose the one to keep")
_KEEP_REASONS = {"not_tms": "the others are marked TMS", "nik_valid": "complete valid NIK",
                 "dob_real": "real birth date (others missing/placeholder)",
                 "filled": "most fields filled"}


def _groups_frame(frame: pd.DataFrame, f: Features, labels: np.ndarray,
                  pairs: pd.DataFrame, sure: np.ndarray | None = None) -> pd.DataFrame:
    """One row per grouped record. ``sure`` (per record): the record is linked into its group
    by evidence that settles it (column ``confidence``: sure / possible); the record kept is
    a sure member where the group has one."""
    recs = np.flatnonzero(labels >= 0)
    cols = ["record", "group_id", "group_size", "action", "keep_reason", "category",
            "best_score", "reasons", "linked_to", "confidence", "redundant"]
    if not len(recs):
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in cols})
    keys = _keep_keys(frame, f, recs)
    keys.insert(0, "sure", np.ones(len(recs), bool) if sure is None else sure[recs])
    lab = labels[recs]
    # group ids 1..G in order of each group's first record
    uniq_roots, first_pos = np.unique(lab, return_index=True)
    order_roots = uniq_roots[np.argsort(recs[first_pos], kind="stable")]
    gid_of = {int(root): i + 1 for i, root in enumerate(order_roots)}
    g = pd.DataFrame({"record": recs, "group_id": [gid_of[int(x)] for x in lab]})
    g = g.join(keys.reset_index(drop=True))
    g = g.sort_values(["group_id", "record"], kind="stable").reset_index(drop=True)
    g["group_size"] = g.groupby("group_id")["record"].transform("size")
    # keep suggestion: lexicographic over the criteria, ties -> first in input
    g["_rank"] = g.sort_values(["group_id", "sure", "not_tms", "nik_valid", "dob_real",
                                "filled", "content", "record"],
                               ascending=[True, False, False, False, False, False, True, True],
                               kind="stable").groupby("group_id").cumcount()
    g["action"] = np.where(g["_rank"] == 0, "keep", "remove")
    # why the kept record was chosen: the first criterion on which it beats every other member
    crit = ["not_tms", "nik_valid", "dob_real", "filled"]
    vals = g[crit].astype(float)
    kept_vals = vals.where(g["_rank"] == 0).groupby(g["group_id"]).transform("max")
    other_max = vals.where(g["_rank"] != 0).groupby(g["group_id"]).transform("max")
    why = np.full(len(g), NO_KEEP_REASON, dtype=object)
    decided = np.zeros(len(g), dtype=bool)
    for name in crit:
        better = (kept_vals[name] > other_max[name]).to_numpy() & ~decided
        why[better] = _KEEP_REASONS[name]
        decided |= better
    g["keep_reason"] = np.where(g["_rank"] == 0, why, "candidate for TMS ganda (2)")
    # no rule decides (the kept record beats no other on any criterion): propose no keep.
    # The group still counts k-1 redundant records; "redundant" says which ones the area
    # figures attribute them to (fixed by content, not by row order).
    g["redundant"] = g["_rank"] != 0
    open_group = pd.Series(np.where(g["_rank"] == 0, ~decided, False)).groupby(
        g["group_id"]).transform("max").to_numpy(bool)
    g.loc[open_group, "action"] = VERIFY
    g.loc[open_group, "keep_reason"] = NO_KEEP_REASON
    # strongest link of each record inside its group, with its category and reasons
    dpt = pairs[pairs["kind"] == "DPT-DPT"]
    links = pd.concat([
        dpt[["left", "right", "score", "category", "reasons"]].rename(
            columns={"left": "record", "right": "other"}),
        dpt[["right", "left", "score", "category", "reasons"]].rename(
            columns={"right": "record", "left": "other"}),
    ], ignore_index=True)
    gid = np.full(f.n, -1, dtype=np.int64)
    gid[g["record"].to_numpy(dtype=np.int64)] = g["group_id"].to_numpy(dtype=np.int64)
    same = gid[links["record"].to_numpy(dtype=np.int64)] == gid[links["other"].to_numpy(
        dtype=np.int64)]
    links = links[same]
    best = links.sort_values(["record", "score", "other"], ascending=[True, False, True],
                             kind="stable").drop_duplicates("record")
    g = g.merge(best.rename(columns={"score": "best_score", "other": "linked_to"}),
                on="record", how="left")
    # the group's category: K3 if any link is K3, else K2 if any is K2, else K1
    rank = g["category"].map({"K1": 1, "K2": 2, "K3": 3}).fillna(3)
    worst = rank.groupby(g["group_id"]).transform("max")
    g["category"] = worst.map({1: "K1", 2: "K2", 3: "K3"})
    g["confidence"] = np.where(g["sure"], "sure", "possible")
    g = g.drop(columns=["_rank", "sure", "not_tms", "nik_valid", "dob_real", "filled",
                        "content"])
    return g[cols]


def _dpk_frame(f: Features, pairs: pd.DataFrame) -> pd.DataFrame:
    x = pairs[pairs["kind"] == "DPK-DPT"]
    if not len(x):
        return pd.DataFrame({"dpk_record": pd.Series([], dtype=np.int64),
                             "dpt_record": pd.Series([], dtype=np.int64),
                             "score": pd.Series([], dtype=float),
                             "reasons": pd.Series([], dtype=object)})
    left_is_dpk = f.is_dpk[x["left"].to_numpy()]
    out = pd.DataFrame({
        "dpk_record": np.where(left_is_dpk, x["left"], x["right"]),
        "dpt_record": np.where(left_is_dpk, x["right"], x["left"]),
        "score": x["score"].to_numpy(), "reasons": x["reasons"].to_numpy()})
    return out.sort_values(["dpk_record", "score"], ascending=[True, False]).reset_index(
        drop=True)


def _conflicts_frame(f: Features, cfg: MatchConfig, conflicts, n_active: int,
                     prior: float) -> pd.DataFrame:
    if not conflicts or not sum(len(c[0]) for c in conflicts):
        return pd.DataFrame({"left": pd.Series([], dtype=np.int64),
                             "right": pd.Series([], dtype=np.int64),
                             "score": pd.Series([], dtype=float),
                             "reasons": pd.Series([], dtype=object)})
    l = np.concatenate([c[0] for c in conflicts])
    r = np.concatenate([c[1] for c in conflicts])
    order = np.lexsort((r, l))
    l, r = l[order], r[order]
    c = compare.compare_pairs(f, l, r, cfg)
    s = score.score_pairs(f, c, cfg, n_records=n_active, prior=prior)
    return pd.DataFrame({"left": l, "right": r, "score": np.round(s.score, 2),
                         "reasons": score.reasons(s, np.arange(len(l)))})
