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

# Bits per packed field code (level codes < 32), plus one bit: both NIKs complete and valid.
_BITS = 5
FIELDS = tuple(LEVELS)
_FULL_BIT = _BITS * len(FIELDS)

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
TF_LEVELS = {("nama", "exact"), ("nama", "key"), ("tanggal_lahir", "exact")}
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
                  ("regency_one_off", "one_typo"))
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


def pack_levels(levels: dict[str, np.ndarray], both_full: np.ndarray) -> np.ndarray:
    """One int64 per pair: every field's level code and the both-NIKs-complete flag."""
    out = np.zeros(len(both_full), dtype=np.int64)
    for i, fld in enumerate(FIELDS):
        out |= levels[fld].astype(np.int64) << (_BITS * i)
    out |= both_full.astype(np.int64) << _FULL_BIT
    return out


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
                  pair_counts: dict[str, int] | None = None) -> tuple[MatchConfig, dict[str, Any]]:
    """The configuration with weights learned from the candidate pairs' levels (``packed``,
    see :func:`pack_levels`), and a summary for the report. ``pair_counts``
    (features.nik_pair_counts of the whole list) teaches the u of the NIK levels in
    :data:`U_KEYS`; without it their u stays as configured."""
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
