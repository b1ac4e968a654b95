"""The match stage: normalised records -> scored pairs -> duplicate groups with a keep suggestion.

``find_duplicates`` is the library entry point. It never prints; progress goes to a callback.
"""

from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from dptclean import parallel, schema
from dptclean.match import blocking, compare, learn, score
from dptclean.match.config import MatchConfig
from dptclean.match.features import NIK_FULL, NIK_MASKED, Features, build_features, nik_pair_counts
from dptclean.match.grouping import NO_KEEP_REASON as NO_KEEP_REASON  # re-exported
from dptclean.match.grouping import VERIFY as VERIFY  # re-exported
from dptclean.match.grouping import Links, groups_frame, sure_then_possible

ProgressCallback = Callable[[str, int, "int | None"], None]
CHUNK = 2_000_000
# Pairs are kept through pruning while they could reach a posterior of about 1/64 of the
# threshold's odds: they still count when the duplicate rate is learned.
PRUNE_MARGIN = 6.0


@dataclass
class MatchResult:
    """Scored duplicate pairs, duplicate groups and run statistics."""

    pairs: pd.DataFrame    # one row per linked pair (record positions, score, category, reasons)
    groups: pd.DataFrame   # one row per record in a duplicate group
    dpk_matches: pd.DataFrame  # DPK records whose person is already in the DPT
    nik_conflicts: pd.DataFrame  # same complete NIK, judged to be different people
    stats: dict[str, Any] = field(default_factory=dict)
    config: MatchConfig = field(default_factory=MatchConfig)


@dataclass
class ComparedPairs:
    """The candidate pairs that survive pruning, sorted by (left, right): record positions,
    evidence (bits, without the prior), whether the NIKs are equal and complete, and each
    pair's comparison levels packed (:func:`~dptclean.match.learn.pack_levels`)."""

    left: np.ndarray
    right: np.ndarray
    evidence: np.ndarray
    same_nik: np.ndarray
    levels: np.ndarray
    pruned: int   # candidate pairs dropped by the cheap pass

    @classmethod
    def concat(cls, parts: list[ComparedPairs]) -> ComparedPairs:
        """Parts of the candidates, one after the other (order kept)."""
        def cat(name: str, dtype) -> np.ndarray:
            arrays = [getattr(p, name) for p in parts]
            return np.concatenate(arrays) if arrays else np.zeros(0, dtype)

        return cls(cat("left", np.int64), cat("right", np.int64), cat("evidence", np.float64),
                   cat("same_nik", bool), cat("levels", np.int64),
                   sum(p.pruned for p in parts))


@dataclass
class Comparison:
    """The compared pairs of a run, with the duplicate rate the prior is learned from, the
    number of compare passes, the configuration used (with learned weights, it reproduces the
    run) and the learning summary (None without ``learn_weights``)."""

    pairs: ComparedPairs
    rate: float
    passes: int
    config: MatchConfig
    learned: dict[str, Any] | None = None


@dataclass
class MatchFrames:
    """``results_from_evidence``: the result frames, the prior (bits) and the number of pairs
    over the threshold."""

    pairs: pd.DataFrame
    groups: pd.DataFrame
    dpk_matches: pd.DataFrame
    nik_conflicts: pd.DataFrame
    prior: float
    matched: int


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
    active = active_mask(frame, cfg)
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

    cache: dict = {}

    def compare_pass(prune_prior: float, run_cfg: MatchConfig):
        return score_candidates(f, cands, run_cfg, n_active, prune_prior, progress, cache)

    # the list-wide counts that learning needs, in threads while the candidates are compared
    # (both only read the features; their results do not depend on the comparison)
    u_sample: Callable[[], dict[str, Any]] = functools.partial(learn.list_u_sample, f, active,
                                                                cfg)
    pair_counts: Callable[[], dict[str, int]] | None = None
    if cfg.learn_weights:
        pair_counts = parallel.start(functools.partial(nik_pair_counts, f))
        u_sample = parallel.start(u_sample)
    run = compare_and_learn(compare_pass, cfg, n_active, timings, pair_counts, u_sample)
    timings["compare"] = time.perf_counter() - t0
    out = results_from_evidence(frame, f, run.config, run.pairs, n_active=n_active,
                                rate=run.rate, timings=timings)
    stats = run_stats(records=len(frame), n_active=n_active, candidates=total, rate=run.rate,
                      prior=out.prior, pruned=run.pairs.pruned, passes=run.passes,
                      matched=out.matched, blocking=[vars(st) for st in cands.stats],
                      timings=timings)
    if run.learned is not None:
        stats["learned_weights"] = run.learned
    return MatchResult(pairs=out.pairs, groups=out.groups, dpk_matches=out.dpk_matches,
                       nik_conflicts=out.nik_conflicts, stats=stats, config=run.config)


def compare_and_learn(compare_pass: Callable[[float, MatchConfig], ComparedPairs],
                      cfg: MatchConfig, n_active: int, timings: dict[str, float],
                      pair_counts: dict[str, int] | Callable[[], dict[str, int]] | None = None,
                      u_sample: Callable[[], dict[str, Any]] | None = None) -> Comparison:
    """Compare the candidates; with ``learn_weights``, learn the weights from the compared
    pairs and the list's u sample (``u_sample()``, :func:`~dptclean.match.learn.u_counts`;
    match/learn.py) and compare again with them. ``pair_counts`` (the NIK pair counts,
    :func:`~dptclean.match.features.nik_pair_counts`) may be a function that returns them,
    called when the weights are learned.

    The comparison's ``config`` carries the learned weights (and ``learn_weights = false``),
    so it reproduces the run exactly; its ``learned`` is the learning summary.
    """
    out = compare_until_stable(lambda prior: compare_pass(prior, cfg), cfg, n_active)
    if not cfg.learn_weights:
        return out
    t0 = time.perf_counter()
    if callable(pair_counts):
        pair_counts = pair_counts()
    learned, summary = learn.learn_weights(cfg, out.pairs.levels, pair_counts,
                                           evidence=out.pairs.evidence,
                                           log_prior=score.prior_bits(n_active, cfg, out.rate),
                                           u_sample=u_sample)
    timings["learn"] = time.perf_counter() - t0
    if learned.weights != cfg.weights:
        out = compare_until_stable(lambda prior: compare_pass(prior, learned), learned,
                                   n_active)
    out.config, out.learned = learned, summary
    return out


def compare_until_stable(compare_pass: Callable[[float], ComparedPairs], cfg: MatchConfig,
                         n_active: int) -> Comparison:
    """Run ``compare_pass(prune_prior)`` until the learned duplicate rate fits the pruning.

    ``compare_pass`` returns the pairs that survive pruning at that prior. Pairs that cannot
    come near the threshold are pruned after a cheap first pass; the pruning assumes a
    duplicate rate, and when the rate learned from the list is higher the pass is repeated
    with it, so learning the prior cannot miss a pair.
    """
    prune_rate = cfg.expected_duplicate_rate
    if cfg.estimate_duplicate_rate:
        prune_rate = min(cfg.expected_duplicate_rate * 4, cfg.max_duplicate_rate)
    passes = 0
    while True:
        passes += 1
        compared = compare_pass(score.prior_bits(n_active, cfg, prune_rate) + PRUNE_MARGIN)
        rate = cfg.expected_duplicate_rate
        if not cfg.estimate_duplicate_rate:
            break
        rate = score.estimate_duplicate_rate(compared.evidence, n_active, cfg)
        if rate <= prune_rate or prune_rate >= cfg.max_duplicate_rate:
            break
        prune_rate = min(rate * 4, cfg.max_duplicate_rate)
    return Comparison(compared, rate, passes, cfg)


def results_from_evidence(frame: pd.DataFrame, f: Features, cfg: MatchConfig,
                          compared: ComparedPairs, *, n_active: int, rate: float,
                          timings: dict[str, float]) -> MatchFrames:
    """From the compared pairs' evidence to the result frames: prior, threshold, groups.

    ``frame`` and ``f`` hold at least every record of the pairs (positions index them; with
    a part of a list, ``f.stats`` carries the whole list's statistics).
    """
    cl, cr, ev, nik_same = compared.left, compared.right, compared.evidence, compared.same_nik
    need = score.threshold_bits(cfg)
    prior = score.prior_bits(n_active, cfg, rate)
    total = ev + prior
    dup = total >= need
    hit = total >= min(score.link_bits(cfg), need)
    # a pair its family card settles is a link whatever its probability (score.household_links)
    hit |= score.household_links(f, cl, cr, unpack_levels(compared.levels))
    conflicts = [(cl[~dup & nik_same], cr[~dup & nik_same], total[~dup & nik_same])]
    order = np.lexsort((cr[hit], cl[hit]))
    ml, mr, msc = cl[hit][order], cr[hit][order], total[hit][order]

    t0 = time.perf_counter()
    pairs = pairs_frame(f, cfg, ml, mr, n_active, prior)
    sure = pairs["confidence"].to_numpy(dtype=object) == "sure" if len(pairs) else \
        np.zeros(0, bool)
    dpt_pair = ~f.is_dpk[ml] & ~f.is_dpk[mr]
    # sure groups first, from sure links alone; the records they leave out form the possible
    # groups, from the other links among them
    grouping = sure_then_possible(f, Links(ml, mr, msc).where(dpt_pair), sure[dpt_pair], cfg)
    timings["grouping"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    groups = groups_frame(frame, f, grouping.labels, pairs, sure=grouping.sure)
    dpk = dpk_frame(f, pairs[msc >= need] if len(pairs) else pairs)
    nik_conf = _conflicts_frame(f, cfg, conflicts, n_active, prior)
    timings["explain"] = time.perf_counter() - t0
    return MatchFrames(pairs, groups, dpk, nik_conf, prior, int((msc >= need).sum()))


def unpack_levels(packed: np.ndarray) -> dict[str, np.ndarray]:
    """The level codes per field of packed pairs (``ComparedPairs.levels``)."""
    return {fld: learn.unpack(packed, fld) for fld in compare.LEVELS}


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


def score_candidates(f: Features, cands, cfg: MatchConfig, n_active: int, prune_prior: float,
                     progress: ProgressCallback | None, cache: dict | None = None) -> ComparedPairs:
    """Evidence (bits, without the prior) of every candidate pair that survives pruning.

    ``cache`` (a dict kept between the passes over the same candidates) keeps the pairs'
    comparison levels: levels do not depend on the weights or the prior, only scores do, so
    a pass with learned weights or another prior compares no pair twice."""
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
        c0 = _cached_compare(cache, (start, "cheap"), cfg,
                             functools.partial(compare.compare_pairs, f, l, r, cfg, text=False))
        s0 = score.score_pairs(f, c0, cfg, n_records=n_active, prior=prune_prior)
        bound = s0.score + score.text_upper_bound(f, c0, cfg, n_active)
        same_nik = c0.levels["nik"] == exact_nik
        go = np.flatnonzero((bound >= need) | same_nik | score.household_candidates(c0.levels))
        pruned += len(l) - len(go)
        c = _full_compare(f, cfg, cache, start, c0, go)
        l, r = l[go], r[go]
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
    return ComparedPairs(cl, cr, ev, nik_same, packed, pruned)


def _compare_settings(cfg: MatchConfig) -> MatchConfig:
    """What the comparison levels depend on: the configuration without its weights (the
    levels are put by compare.py's thresholds; only scoring reads the weights)."""
    return dataclasses.replace(cfg, weights={}, learn_weights=False)


def _cached_compare(cache: dict | None, key: tuple, cfg: MatchConfig,
                    run: Callable[[], compare.Compared]) -> compare.Compared:
    if cache is None:
        return run()
    settings = _compare_settings(cfg)
    hit = cache.get(key)
    if hit is not None and hit[0] == settings:
        return hit[1]
    out = run()
    cache[key] = (settings, out)
    return out


def _full_compare(f: Features, cfg: MatchConfig, cache: dict | None, start: int,
                  cheap: compare.Compared, go: np.ndarray) -> compare.Compared:
    """All levels of the pairs ``go`` (positions in the chunk compared by the cheap pass,
    ``cheap``): those compared in an earlier pass are taken from ``cache``; the others get
    their string comparisons added to the cheap pass's levels (``compare.with_text``)."""
    key = (start, "full")
    settings = _compare_settings(cfg) if cache is not None else None
    hit = cache.get(key) if cache is not None else None
    if hit is None or hit[0] != settings:
        c = compare.with_text(f, _take_compared(cheap, go), cfg)
        if cache is not None:
            cache[key] = (settings, go, c)
        return c
    assert cache is not None
    _, done, known = hit
    pos = np.searchsorted(done, go)
    pos = np.minimum(pos, max(len(done) - 1, 0))
    have = (done[pos] == go) if len(done) else np.zeros(len(go), dtype=bool)
    if have.all():
        return _take_compared(known, pos)
    fresh = compare.with_text(f, _take_compared(cheap, go[~have]), cfg)
    # both sets together, in the order of ``go`` (the union is kept for the next pass)
    merged_go = np.concatenate([done, go[~have]])
    order = np.argsort(merged_go, kind="stable")
    merged = _concat_compared(known, fresh)
    merged = _take_compared(merged, order)
    merged_go = merged_go[order]
    cache[key] = (settings, merged_go, merged)
    return _take_compared(merged, np.searchsorted(merged_go, go))


def _take_compared(c: compare.Compared, idx: np.ndarray) -> compare.Compared:
    return compare.Compared(c.left[idx], c.right[idx], {k: v[idx] for k, v in c.levels.items()},
                            c.name_similarity[idx], c.nik_hamming[idx])


def _concat_compared(a: compare.Compared, b: compare.Compared) -> compare.Compared:
    return compare.Compared(np.concatenate([a.left, b.left]), np.concatenate([a.right, b.right]),
                            {k: np.concatenate([a.levels[k], b.levels[k]]) for k in a.levels},
                            np.concatenate([a.name_similarity, b.name_similarity]),
                            np.concatenate([a.nik_hamming, b.nik_hamming]))


def active_mask(frame: pd.DataFrame, cfg: MatchConfig) -> np.ndarray:
    active = np.ones(len(frame), dtype=bool)
    if cfg.exclude_tms and schema.TMS in frame.columns:
        tms = frame[schema.TMS].astype("boolean").fillna(False).to_numpy(dtype=bool)
        active &= ~tms
    return active


def pairs_frame(f: Features, cfg: MatchConfig, l: np.ndarray, r: np.ndarray,
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
    sure = score.sure_links(c, s.probability, cfg, score.one_card(f, c),
                            score.partial_niks(f, l, r))
    out = pd.DataFrame({
        "left": l, "right": r,
        "score": np.round(s.score, 2), "probability": np.round(s.probability, 4),
        "category": score.category(c, idx), "reasons": score.reasons(s, idx), "kind": kind,
        "confidence": np.where(sure, "sure", "possible"),
    })
    for fld in compare.LEVELS:
        out[f"level_{fld}"] = c.level_names(fld)
    for fld in compare.LEVELS:   # the weight (bits) each comparison gave: dedupe --pairs-output
        out[f"weight_{fld}"] = np.round(s.weights[fld], 2) if fld in s.weights else np.nan
    return out


def dpk_frame(f: Features, pairs: pd.DataFrame) -> pd.DataFrame:
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
