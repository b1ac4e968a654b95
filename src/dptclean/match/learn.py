"""Weights learned from the list itself: m per comparison level from pairs the list labels.

Fellegi–Sunter: the weight of a level is log2(m / u), m the share of one person's two records
at that level, u the share of two different people's. The configured weights are the prior:
each learned level also declares the m it assumes (``M_PRIOR``), so a configured weight is read
as log2(m_prior / u). The list then shows m on pairs it labels itself (docs/domain.md,
"NIK and NKK"), each label leaving out the field it is used to learn:

- the NIK, from pairs with the same complete NKK, the same name and the same birth date (one
  person registered twice, whatever the NIKs say; twins have different names), both NIKs
  complete: how often one person's two NIKs are typed one digit apart, and where;
- the name, sex, birthplace, family card and address, from pairs with the same complete valid
  NIK and the same birth date;
- the birth date, from pairs with the same complete valid NIK and the same name.

The learned m is shrunk towards the prior as if ``learn_strength`` labelled pairs had shown it
(a list with few labelled pairs keeps the configured weights), and
``weight = configured + log2(m_learned / m_prior)`` (u as configured). Levels whose label
cannot show them stay as configured: a NIK that differs beyond a slip (`different`: pairs
that differ so are never candidates), a wholly different name, a wholly different date.
Levels stay ordered (a stronger agreement never weighs less than a weaker one), and the
frequency-weighted levels (exact name, exact date) learn their m directly.

A list whose NIKs are masked (``332001431281****``) labels no pairs itself: a masked NIK keeps
no serial and a masked NKK no family, so neither can say "one person". There, m is learned by
EM over the candidate pairs (Fellegi–Sunter, as Splink and recordlinkage's ECM do): each pair
counts for a level with its match probability, the m are re-estimated, and again until they
settle, with u as configured and the same shrinkage towards the configured m. Levels whose
pairs are mostly twins and namesakes (a similar name, a shared name token, and everything the
labelled learning keeps as configured) stay as configured: EM would read their namesakes as one
person.

Everything is computed from the candidate pairs' levels, the same in both engines and in any
row order.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

from dptclean.match.compare import LEVELS, level_code
from dptclean.match.config import MatchConfig

# Bits per packed field code (level codes < 32), plus one bit: both NIKs complete and valid,
# and one: a NIK of the pair is masked.
_BITS = 5
FIELDS = tuple(LEVELS)
_FULL_BIT = _BITS * len(FIELDS)
_MASKED_BIT = _FULL_BIT + 1

# m assumed by the configured weights, per learned level (relative within a field: only the
# ratio learned / prior matters, over the levels listed).
M_PRIOR: dict[str, dict[str, float]] = {
    # (the one-digit region and serial levels also learn their u from the list: U_KEYS)
    "nik": {"exact": 0.95, "one_typo": 0.01, "serial_slip": 0.01, "serial_one_off": 0.005,
            "date_one_off": 0.002, "last_digit_zero": 0.002, "transposed": 0.005,
            "region_one_off": 0.003, "regency_one_off": 0.003, "serial_upper_one_off": 0.002},
    "nama": {"exact": 0.75, "key": 0.15, "typo": 0.05, "subset": 0.02, "similar": 0.01,
             "shared_token": 0.005},
    "tanggal_lahir": {"exact": 0.9, "swapped": 0.02, "one_digit": 0.03, "same_year": 0.02},
    "jenis_kelamin": {"agree": 0.97, "disagree": 0.03},
    "tempat_lahir": {"exact": 0.8, "similar": 0.08, "different": 0.12},
    "nkk": {"exact": 0.6, "different": 0.4},
    "lokasi": {"same_address": 0.35, "similar_address": 0.1, "same_kelurahan": 0.15,
               "different": 0.4},
}
# Levels whose weight is log2(m / frequency of the value): the learned m replaces the
# configured one directly.
TF_LEVELS = {("nama", "exact"), ("nama", "key"), ("tanggal_lahir", "exact"),
             ("tanggal_lahir", "day_month_agree"), ("tanggal_lahir", "nik_confirmed")}
# A list is masked when at least this share of its compared pairs has a masked NIK: it labels
# no pairs itself, and m is learned by EM (learn_masked).
MASKED_LIST_SHARE = 0.5
# Levels EM learns on a masked list, with the m the configured weights assume (relative within
# a field). Not learned: a similar name or a shared name token (twins, siblings and namesakes
# are most of those pairs, and EM would count them as one person), day and month without the
# year (as configured: m 0.9, like the full date), the NIK (its masked levels are weighted by
# how rare the known prefix is, from the list's own counts).
M_PRIOR_MASKED: dict[str, dict[str, float]] = {
    "nama": {"exact": 0.75, "key": 0.15, "typo": 0.05, "subset": 0.02},
    "tanggal_lahir": {"exact": 0.9, "swapped": 0.02, "one_digit": 0.03, "same_year": 0.02},
    "jenis_kelamin": M_PRIOR["jenis_kelamin"],
    "tempat_lahir": M_PRIOR["tempat_lahir"],
    "nkk": {"exact_known": 0.6, "different": 0.4},
    "lokasi": M_PRIOR["lokasi"],
}
EM_ITERATIONS = 100
MIN_EM_PAIRS = 1.0  # posterior pairs a level needs before EM moves its weight
# Strongest first; a learned weight never exceeds the one before it.
ORDER: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("nama", ("typo", "subset", "similar", "shared_token", "different")),
    ("tanggal_lahir", ("swapped", "same_year", "different")),
    ("tanggal_lahir", ("one_digit", "same_year")),
    ("jenis_kelamin", ("agree", "disagree")),
    ("tempat_lahir", ("exact", "similar", "different")),
    ("nkk", ("exact", "different")),
    ("lokasi", ("same_address", "similar_address", "same_kelurahan", "different")),
)
# NIK: a neighbour pattern never counts more than the slip it can be mistaken for; a slip
# between two real region codes never more than one that makes a code that exists nowhere.
_NIK_NOT_ABOVE = (("serial_one_off", "serial_slip"), ("serial_upper_one_off", "serial_slip"),
                  ("date_one_off", "one_typo"), ("region_one_off", "one_typo"),
                  ("regency_one_off", "one_typo"), ("region_transposed", "transposed"))
# u of the NIK's one-digit levels, from the whole list (features.nik_pair_counts): pairs of
# complete NIKs that agree on all digits but one of these positions, among the pairs of
# different people who could show the level at all (born the same day, with the same sex: the
# NIK date digits 7-12; within one regency of issue where the level keeps it, whose agreement
# score.region_bits counts on its own). The pairs of one person registered twice are taken out
# (about `equal-NIK pairs x m(level) / m(exact)`), and the configured weight is the prior
# (u = m_prior / 2^weight, worth `learn_strength` pairs).
U_KEYS: dict[str, tuple[tuple[int, ...], str]] = {
    "regency_one_off": ((1, 2, 3, 4), "nik_full_date"),
    "region_one_off": ((5, 6), "nik_full_region_date"),
    "serial_one_off": ((16,), "nik_full_region_date"),
    "serial_upper_one_off": ((13, 14, 15), "nik_full_region_date"),
}


def pack_levels(levels: dict[str, np.ndarray], both_full: np.ndarray,
                masked: np.ndarray | None = None) -> np.ndarray:
    """One int64 per pair: every field's level code, the both-NIKs-complete flag and the
    a-NIK-is-masked flag."""
    out = np.zeros(len(both_full), dtype=np.int64)
    for i, fld in enumerate(FIELDS):
        out |= levels[fld].astype(np.int64) << (_BITS * i)
    out |= both_full.astype(np.int64) << _FULL_BIT
    if masked is not None:
        out |= masked.astype(np.int64) << _MASKED_BIT
    return out


def masked_share(packed: np.ndarray) -> float:
    """Share of the compared pairs in which a NIK is masked."""
    if not len(packed):
        return 0.0
    return float(((packed >> _MASKED_BIT) & 1).sum()) / len(packed)


def unpack(packed: np.ndarray, fld: str) -> np.ndarray:
    return ((packed >> (_BITS * FIELDS.index(fld))) & ((1 << _BITS) - 1)).astype(np.int8)


def _labels(packed: np.ndarray) -> dict[str, np.ndarray]:
    nik, nama = unpack(packed, "nik"), unpack(packed, "nama")
    dob, nkk = unpack(packed, "tanggal_lahir"), unpack(packed, "nkk")
    full = ((packed >> _FULL_BIT) & 1).astype(bool)
    # the same complete NIK, or the same ID text where the list's IDs are not NIKs
    same_nik = np.isin(nik, [level_code("nik", "exact"), level_code("nik", "invalid_equal")])
    same_name = np.isin(nama, [level_code("nama", "exact"), level_code("nama", "key")])
    same_dob = dob == level_code("tanggal_lahir", "exact")
    same_nkk = nkk == level_code("nkk", "exact")
    by_nik = same_nik & same_dob
    return {"nik": same_nkk & same_name & same_dob & full, "nama": by_nik,
            "tanggal_lahir": same_nik & same_name, "jenis_kelamin": by_nik,
            "tempat_lahir": by_nik, "nkk": by_nik, "lokasi": by_nik}


LABEL_TEXT = {
    "nik": "same complete NKK + same name + same birth date, both NIKs complete",
    "nama": "same complete NIK (or same invalid ID text) + same birth date",
    "tanggal_lahir": "same complete NIK (or same invalid ID text) + same name",
}


def learn_weights(cfg: MatchConfig, packed: np.ndarray,
                  pair_counts: dict[str, int] | None = None, evidence: np.ndarray | None = None,
                  log_prior: float | None = None) -> tuple[MatchConfig, dict[str, Any]]:
    """The configuration with weights learned from the candidate pairs' levels (``packed``,
    see :func:`pack_levels`), and a summary for the report. ``pair_counts``
    (features.nik_pair_counts of the whole list) teaches the u of the NIK levels in
    :data:`U_KEYS`; without it their u stays as configured.

    On a masked list (:data:`MASKED_LIST_SHARE`), with the pairs' ``evidence`` (bits with the
    configured weights, without the prior) and the prior (``log_prior``, bits), m is learned by EM
    instead (:func:`learn_masked`)."""
    if evidence is not None and log_prior is not None and \
            masked_share(packed) >= MASKED_LIST_SHARE:
        return learn_masked(cfg, packed, evidence, log_prior)
    labels = _labels(packed)
    weights = {fld: dict(levels) for fld, levels in cfg.weights.items()}
    summary: dict[str, Any] = {"strength": cfg.learn_strength, "fields": {}}
    for fld, prior in M_PRIOR.items():
        sel = labels[fld]
        codes = unpack(packed[sel], fld)
        total_prior = sum(prior.values())
        counts = {lv: int((codes == level_code(fld, lv)).sum()) for lv in prior}
        n = sum(counts.values())
        info: dict[str, Any] = {"label": LABEL_TEXT.get(fld, LABEL_TEXT["nama"]),
                                "labelled_pairs": n, "levels": {}}
        for lv, m0 in prior.items():
            p0 = m0 / total_prior
            m = (counts[lv] + cfg.learn_strength * p0) / (n + cfg.learn_strength)
            before = float(cfg.weights[fld][lv])
            if (fld, lv) in TF_LEVELS:
                after = min(max(before * m / p0, 1e-6), 1.0)
            else:
                after = before + math.log2(m / p0)
            weights[fld][lv] = round(after, 4)
            info["levels"][lv] = {"pairs": counts[lv], "m_prior": round(p0, 5),
                                  "m_learned": round(m, 5), "configured": before,
                                  "learned": weights[fld][lv]}
        summary["fields"][fld] = info
    if pair_counts is not None:
        _learn_u(cfg, weights, summary["fields"]["nik"]["levels"], pair_counts)
    _keep_order(weights, cfg.weights)
    for fld, info in summary["fields"].items():
        for lv, row in info["levels"].items():
            row["learned"] = weights[fld][lv]
    learned = dataclasses.replace(cfg, weights=weights, learn_weights=False)
    return learned, summary


def _learn_u(cfg: MatchConfig, weights: dict[str, dict[str, float]],
             rows: dict[str, dict[str, Any]], pair_counts: dict[str, int]) -> None:
    """Replace the configured u of the NIK levels in :data:`U_KEYS` by the list's (see
    there); ``rows`` (the m summary per level) gets the u next to the m."""
    equal = pair_counts["nik"]
    m_exact = max(rows["exact"]["m_learned"], 1e-6)
    for lv, (positions, given) in U_KEYS.items():
        row = rows[lv]
        u0 = row["m_prior"] / 2.0 ** row["configured"]
        # every wildcard key also pairs the equal NIKs: once per position
        seen = sum(pair_counts[f"nik_wild{p}"] for p in positions) - len(positions) * equal
        same_person = equal * row["m_learned"] / m_exact
        different = max(seen - same_person, 0.0)
        total = max(pair_counts[given] - equal / m_exact, 0.0)
        u = (different + cfg.learn_strength * u0) / (total + cfg.learn_strength)
        weights["nik"][lv] = round(weights["nik"][lv] - math.log2(u / u0), 4)
        row.update({"u_prior": round(u0, 6), "u_learned": round(u, 6),
                    "u_pairs": int(round(different)), "u_of_pairs": int(round(total))})


def learn_masked(cfg: MatchConfig, packed: np.ndarray, evidence: np.ndarray,
                 prior: float) -> tuple[MatchConfig, dict[str, Any]]:
    """EM for m over the candidate pairs of a masked list (u as configured): each pair counts
    for its levels with its match probability; m shrunk towards the configured m as if
    ``learn_strength`` pairs had shown it; repeated until the m settle."""
    codes = {fld: unpack(packed, fld) for fld in M_PRIOR_MASKED}
    p0 = {fld: np.array(list(pr.values())) / sum(pr.values()) for fld, pr in M_PRIOR_MASKED.items()}
    lv_codes = {fld: np.array([level_code(fld, lv) for lv in pr], dtype=np.int64)
                for fld, pr in M_PRIOR_MASKED.items()}
    cur = {fld: p.copy() for fld, p in p0.items()}
    counts = {fld: np.zeros(len(p), dtype=np.float64) for fld, p in p0.items()}
    ev = evidence.astype(np.float64).copy()
    # year-blind pairs (dates agreeing on day and month only) teach nothing: a namesake born on
    # that day in another year looks the same, so their probability would count namesakes
    teach = unpack(packed, "tanggal_lahir") != level_code("tanggal_lahir", "day_month_agree")
    iterations = 0
    while iterations < EM_ITERATIONS:
        iterations += 1
        with np.errstate(over="ignore"):
            post = 1.0 / (1.0 + np.exp2(-(ev + prior)))
        delta = np.zeros(len(ev))
        for fld, code in codes.items():
            per_code = np.bincount(code, weights=np.where(teach, post, 0.0),
                                   minlength=1 << _BITS).astype(np.float64)
            counts[fld] = per_code[lv_codes[fld]]
            m = (counts[fld] + cfg.learn_strength * p0[fld]) / \
                (counts[fld].sum() + cfg.learn_strength)
            table = np.zeros(1 << _BITS)
            table[lv_codes[fld]] = np.log2(m / cur[fld])
            delta += table[code]
            cur[fld] = m
        ev += delta
        if not len(ev) or float(np.abs(delta).max()) < 1e-6:
            break
    weights = {fld: dict(levels) for fld, levels in cfg.weights.items()}
    summary: dict[str, Any] = {"strength": cfg.learn_strength, "method": "em_masked",
                               "iterations": iterations, "fields": {}}
    for fld, prior_m in M_PRIOR_MASKED.items():
        info: dict[str, Any] = {"label": "EM over the candidate pairs (masked list)",
                                "labelled_pairs": round(float(counts[fld].sum()), 2),
                                "levels": {}}
        for j, lv in enumerate(prior_m):
            before = float(cfg.weights[fld][lv])
            # a level the list does not show keeps its configured weight (through the order
            # constraints it would otherwise pull the levels below it down with it)
            ratio = cur[fld][j] / p0[fld][j] if counts[fld][j] >= MIN_EM_PAIRS else 1.0
            if (fld, lv) in TF_LEVELS:
                after = min(max(before * ratio, 1e-6), 1.0)
            else:
                after = before + math.log2(ratio)
            weights[fld][lv] = round(after, 4)
            info["levels"][lv] = {"pairs": round(float(counts[fld][j]), 2),
                                  "m_prior": round(float(p0[fld][j]), 5),
                                  "m_learned": round(float(cur[fld][j]), 5),
                                  "configured": before, "learned": weights[fld][lv]}
        summary["fields"][fld] = info
    _keep_order(weights, cfg.weights)
    for fld, info in summary["fields"].items():
        for lv, row in info["levels"].items():
            row["learned"] = weights[fld][lv]
    return dataclasses.replace(cfg, weights=weights, learn_weights=False), summary


def _keep_order(weights: dict[str, dict[str, float]],
                configured: dict[str, dict[str, float]]) -> None:
    """Domain constraints: levels stay ordered; a NIK level stays between `different` and
    `exact`, and a neighbour pattern below the slip it can be mistaken for."""
    for fld, order in ORDER:
        w = weights[fld]
        for a, b in zip(order, order[1:]):
            if w[b] > w[a]:
                w[b] = w[a]
    nik = weights["nik"]
    lo, hi = configured["nik"]["different"], configured["nik"]["exact"]
    for lv in M_PRIOR["nik"]:
        if lv != "exact":
            nik[lv] = min(max(nik[lv], lo), hi)
    for low, high in _NIK_NOT_ABOVE:
        nik[low] = min(nik[low], nik[high])
