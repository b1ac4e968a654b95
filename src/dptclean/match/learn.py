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
(a list with few labelled pairs keeps the configured m). A level learns its m and its u from the
list together, or keeps its configured weight (:func:`level_sources` says which, per level):
``weight = configured + log2(m_learned / m_prior) - log2(u_learned / u_prior)``, u from random
pairs of the list (:data:`U_RANDOM`, :func:`u_counts` over a hash-chosen sample, as Splink's
``estimate_u_using_random_sampling``), from the list's exact NIK pair counts (:data:`U_KEYS`),
or the value's frequency (:data:`TF_LEVELS`). The family card's ``different`` is weighed given
the address differs (:data:`U_MOVED`: a move is charged once); one household (the same card, the
same or a similar address) keeps its configured weights (:data:`KEPT`). The NIK's slips learn m
with u as configured (two different people are almost never at them). Levels whose label
cannot show them stay as configured: a NIK that differs beyond a slip (`different`: pairs
that differ so are never candidates), a wholly different name, a wholly different date.
Levels stay ordered (a stronger agreement never weighs less than a weaker one; levels that
come out of order are pooled, weighted by the pairs behind each: :func:`_pool_order`), and the
frequency-weighted levels (exact name, exact date) learn their m directly.

A list whose NIKs are masked (``332001431281****``) labels no pairs itself: a masked NIK keeps
no serial and a masked NKK no family, so neither can say "one person". There, m is learned by
EM over the candidate pairs (Fellegi–Sunter, as Splink and recordlinkage's ECM do): each pair
counts for a level with its match probability, the m are re-estimated, and again until they
settle, with u as configured (:data:`EM_LEARNS_U`) and the same shrinkage towards the
configured m. Levels whose
pairs are mostly twins and namesakes (a similar name, a shared name token, and everything the
labelled learning keeps as configured) stay as configured: EM would read their namesakes as one
person.

Everything is computed from the candidate pairs' levels and the u sample's, the same in both
engines and in any row order.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from dptclean.match.compare import LEVELS, compare_pairs, level_code
from dptclean.match.config import MatchConfig
from dptclean.match.features import Features

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
# EM learns u from the list's u sample too (and keeps KEPT, counts U_MOVED given a move, pools
# out-of-order levels by their support). Off: measured at 1,000,000 records (grid world masked-4,
# docs/benchmarks.md "Issue 17, round 5") its sure band lost precision (0.9974 -> 0.9847): EM
# counts namesakes with the same 12 NIK digits, name and birth date as one person, and the
# configured weights' understated move (`lokasi.different` held down by the order) was what
# kept them out of the sure band. Without it, EM on a masked list learns m as before, u as
# configured.
EM_LEARNS_U = False
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



# u of the other fields' levels, from random pairs of the list (as Splink's
# estimate_u_using_random_sampling): every pair among a sample of about U_SAMPLE_RECORDS active
# records, the sample chosen by a hash of each record's compared content (the same records in any
# row order and in both engines: a record is in the sample when its hash is under a cut-off that
# depends only on the list's size). The configured u (m_prior / 2^weight) is the prior, worth as
# many occurrences of the level as its m prior is worth labelled pairs (learn_strength x m_prior),
# so a level the sample hardly shows keeps its configured u.
U_SAMPLE_RECORDS = 500
U_FIELDS = ("nama", "tanggal_lahir", "jenis_kelamin", "tempat_lahir", "nkk", "lokasi")
# Levels whose m (labelled pairs) and u (random pairs of the list) are both learned: two
# different people are at these levels about as often among random pairs as among the pairs the
# level is added to. The birthplace among them: in a regency's list most voters were born in its
# own town, and every population of different people the list offers agrees on it about as
# often (grid worlds default, masked-4, excel-damaged: random pairs 0.54-0.56, pairs born the
# same day whose NIKs prove them different 0.48-0.50, candidate pairs of different people
# 0.59-0.66; docs/benchmarks.md, "Issue 17, round 3b"), so agreeing on it is worth about 1 bit,
# not the configured 1.5 that assumed u 0.28.
U_RANDOM = {("nama", "typo"), ("nama", "subset"), ("nama", "similar"), ("nama", "shared_token"),
            ("tanggal_lahir", "swapped"), ("tanggal_lahir", "one_digit"),
            ("tanggal_lahir", "same_year"), ("jenis_kelamin", "agree"),
            ("jenis_kelamin", "disagree"), ("tempat_lahir", "exact"),
            ("tempat_lahir", "similar"), ("tempat_lahir", "different"),
            ("lokasi", "same_kelurahan"), ("lokasi", "different")}
# One household is one fact counted by two fields: a duplicate who moved changes address and
# family card together, and two different people almost always differ in both. The address
# (`lokasi`) carries it; the family card's `different` is weighed given the address differs:
# its m from the labelled pairs at different addresses, its u from the random pairs at different
# addresses (both about 1: a move is charged once, by `lokasi.different`).
U_MOVED = {("nkk", "different")}
# Levels that stay as configured, m and u: "the same household" (one family card, one address).
# The people who share a household besides a duplicate are its family (twins, siblings), which
# random pairs do not show (they share an address or a card about 1 in a household count);
# learning m alone against the configured u is the mistake the u sample exists to avoid.
KEPT = {("nkk", "exact"), ("nkk", "exact_known"), ("lokasi", "same_address"),
        ("lokasi", "similar_address")}
_MIX = np.uint64(0x9E3779B97F4A7C15)


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: a well spread 64-bit value from a 64-bit one."""
    h = h ^ (h >> np.uint64(30))
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> np.uint64(27))
    h = h * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def record_hash(f: Features) -> np.ndarray:
    """Per record, a 64-bit hash of its compared content (NIK digits, name, birth date, sex):
    equal for equal content, whatever the list or part of a list holds the record."""
    with np.errstate(over="ignore"):
        # the 16 NIK digits (one byte each, 255 where unknown) as two 64-bit words
        words = np.ascontiguousarray(f.nik_digits, dtype=np.uint8).view("<u8")
        h = np.full(f.n, 0x243F6A8885A308D3, dtype=np.uint64)
        for col in range(words.shape[1]):
            h = _mix(h ^ words[:, col].astype(np.uint64)) + _MIX
        names = np.zeros(len(f.name_norms) + 1, dtype=np.uint64)
        if len(f.name_norms):
            chars = np.asarray(list(f.name_norms), dtype="U40").view(np.uint32)
            chars = chars.reshape(len(f.name_norms), -1).astype(np.uint64)
            acc = np.zeros(len(f.name_norms), dtype=np.uint64)
            for col in range(chars.shape[1]):
                acc = _mix(acc ^ chars[:, col]) + _MIX
            names[:-1] = acc
        h = _mix(h ^ names[np.where(f.name_norm_code >= 0, f.name_norm_code, len(f.name_norms))])
        date = (f.dob_y.astype(np.int64) * 10000 + f.dob_m * 100 + f.dob_d) * 4 + f.sex
        return _mix(h + date.astype(np.uint64))


def in_u_sample(hashes: np.ndarray, n_records: int) -> np.ndarray:
    """The records of the u sample: hash under the cut-off for a list of ``n_records``."""
    share = min(1.0, U_SAMPLE_RECORDS / max(n_records, 1))
    if share >= 1.0:
        return np.ones(len(hashes), dtype=bool)
    return (hashes >> np.uint64(11)) < np.uint64(int(share * 2.0 ** 53))


def u_sample_order(hashes: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """The sample's records in hash order (ties, records of equal content, by id)."""
    return np.lexsort((ids, hashes))


def _level_counts(codes: np.ndarray, fld: str) -> dict[str, Any]:
    per = np.bincount(codes.astype(np.int64), minlength=len(LEVELS[fld]))
    return {"known": int(per[1:].sum()),
            "levels": {lv: int(per[k]) for k, lv in enumerate(LEVELS[fld]) if lv != "unknown"}}


def u_counts(f: Features, idx: np.ndarray, cfg: MatchConfig) -> dict[str, Any]:
    """Level counts over every pair among the records ``idx`` of ``f`` (the u sample, in
    :func:`u_sample_order`): ``{"records", "pairs", "fields": {field: {"known": pairs where
    the field is compared, "levels": {level: pairs}}}, "moved": the family card's counts
    among the pairs at different addresses}``."""
    i, j = np.triu_indices(len(idx), k=1)
    left, right = np.asarray(idx, dtype=np.int64)[i], np.asarray(idx, dtype=np.int64)[j]
    out: dict[str, Any] = {"records": int(len(idx)), "pairs": int(len(left)), "fields": {}}
    c = compare_pairs(f, left, right, cfg) if len(left) else None
    empty = np.zeros(0, dtype=np.int8)
    for fld in U_FIELDS:
        out["fields"][fld] = _level_counts(c.levels[fld] if c is not None else empty, fld)
    moved = c.levels["lokasi"] == level_code("lokasi", "different") if c is not None else empty
    out["moved"] = _level_counts(c.levels["nkk"][moved] if c is not None else empty, "nkk")
    return out


def list_u_sample(f: Features, active: np.ndarray, cfg: MatchConfig) -> dict[str, Any]:
    """:func:`u_counts` of the u sample of a whole list (``f``, its active records)."""
    hashes = record_hash(f)
    pos = np.flatnonzero(in_u_sample(hashes, f.n) & active)
    return u_counts(f, pos[u_sample_order(hashes[pos], pos)], cfg)


def _u_learned(cfg: MatchConfig, fld: str, lv: str, p0: float, u_sample: dict[str, Any] | None,
               row: dict[str, Any]) -> float:
    """u_learned / u_configured of a level (1 where its u stays as configured), with the u
    figures added to the level's summary ``row``."""
    if u_sample is None or (fld, lv) not in U_RANDOM | U_MOVED:
        return 1.0
    info = u_sample.get("moved") if (fld, lv) in U_MOVED else u_sample["fields"].get(fld)
    if info is None:
        return 1.0
    u0 = p0 / 2.0 ** float(cfg.weights[fld][lv])
    prior_events = cfg.learn_strength * p0
    count = info["levels"][lv]
    u = (count + prior_events) / (info["known"] + prior_events / u0)
    row.update({"u_prior": round(u0, 6), "u_learned": round(u, 6), "u_pairs": count,
                "u_of_pairs": info["known"]})
    return u / u0


def _moved_m(counts_moved: dict[str, float], lv: str, p0: float, strength: float) -> float:
    """m of a family-card level among the labelled pairs at different addresses (U_MOVED),
    shrunk towards ``p0`` as the other m are (``p0``: the m the configured weight implies
    given a move, see learn_weights)."""
    n = sum(counts_moved.values())
    return (counts_moved.get(lv, 0.0) + strength * p0) / (n + strength)


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
                  log_prior: float | None = None,
                  u_sample: dict[str, Any] | Callable[[], dict[str, Any]] | None = None
                  ) -> tuple[MatchConfig, dict[str, Any]]:
    """The configuration with weights learned from the candidate pairs' levels (``packed``,
    see :func:`pack_levels`), and a summary for the report. ``pair_counts``
    (features.nik_pair_counts of the whole list) teaches the u of the NIK levels in
    :data:`U_KEYS`; without it their u stays as configured. ``u_sample`` (:func:`u_counts` of
    the list's u sample, or a function that computes it when it is needed) teaches the u of the
    levels in :data:`U_RANDOM` and :data:`U_MOVED`; without it their u stays as configured.

    On a masked list (:data:`MASKED_LIST_SHARE`), with the pairs' ``evidence`` (bits with the
    configured weights, without the prior) and the prior (``log_prior``, bits), m is learned by EM
    instead (:func:`learn_masked`)."""
    if evidence is not None and log_prior is not None and \
            masked_share(packed) >= MASKED_LIST_SHARE:
        return learn_masked(cfg, packed, evidence, log_prior,
                            (u_sample() if callable(u_sample) else u_sample)
                            if EM_LEARNS_U else None)
    if callable(u_sample):
        u_sample = u_sample()
    labels = _labels(packed)
    moved_pairs = unpack(packed, "lokasi") == level_code("lokasi", "different")
    weights = {fld: dict(levels) for fld, levels in cfg.weights.items()}
    summary: dict[str, Any] = {"strength": cfg.learn_strength, "fields": {}}
    support: dict[str, dict[str, float]] = {}
    for fld, prior in M_PRIOR.items():
        sel = labels[fld]
        codes = unpack(packed[sel], fld)
        total_prior = sum(prior.values())
        counts = {lv: int((codes == level_code(fld, lv)).sum()) for lv in prior}
        moved_codes = unpack(packed[sel & moved_pairs], fld)
        moved = {lv: float((moved_codes == level_code(fld, lv)).sum()) for lv in prior}
        n = sum(counts.values())
        info: dict[str, Any] = {"label": LABEL_TEXT.get(fld, LABEL_TEXT["nama"]),
                                "labelled_pairs": n, "levels": {}}
        support[fld] = {}
        for lv, m0 in prior.items():
            p0 = m0 / total_prior
            m = (counts[lv] + cfg.learn_strength * p0) / (n + cfg.learn_strength)
            before = float(cfg.weights[fld][lv])
            row: dict[str, Any] = {"pairs": counts[lv], "m_prior": round(p0, 5),
                                   "m_learned": round(m, 5), "configured": before}
            if (fld, lv) in KEPT:
                after = before
            elif (fld, lv) in TF_LEVELS:
                after = min(max(before * m / p0, 1e-6), 1.0)
            else:
                u_ratio = _u_learned(cfg, fld, lv, p0, u_sample, row)
                if (fld, lv) in U_MOVED:
                    # the prior of an m given a move is the configured weight given a move:
                    # m0 = u (at different addresses) x 2^configured = u_ratio x p0, not the
                    # m assumed for all pairs (a card changes far more often with a move)
                    m0 = min(u_ratio * p0, 1.0 - 1e-6)
                    m = _moved_m(moved, lv, m0, cfg.learn_strength)
                    row.update({"m_learned": round(m, 5), "pairs": moved[lv],
                                "m_of_pairs": sum(moved.values()), "m_prior": round(m0, 5)})
                after = before + math.log2(m / p0) - math.log2(u_ratio)
                support[fld][lv] = counts[lv] + cfg.learn_strength * p0
            weights[fld][lv] = round(after, 4)
            info["levels"][lv] = {**row, "learned": weights[fld][lv]}
        summary["fields"][fld] = info
    if u_sample:
        summary["u_sample"] = {"records": u_sample["records"], "pairs": u_sample["pairs"]}
    if pair_counts is not None:
        _learn_u(cfg, weights, summary["fields"]["nik"]["levels"], pair_counts)
    _keep_order(weights, cfg.weights, support)
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
                 prior: float, u_sample: dict[str, Any] | None = None
                 ) -> tuple[MatchConfig, dict[str, Any]]:
    """EM for m over the candidate pairs of a masked list (u as configured, or learned from the
    ``u_sample`` first for the levels in :data:`U_RANDOM` and :data:`U_MOVED`): each pair counts
    for its levels with its match probability; m shrunk towards the configured m as if
    ``learn_strength`` pairs had shown it; repeated until the m settle. The levels in
    :data:`KEPT` keep their configured weights."""
    codes = {fld: unpack(packed, fld) for fld in M_PRIOR_MASKED}
    p0 = {fld: np.array(list(pr.values())) / sum(pr.values()) for fld, pr in M_PRIOR_MASKED.items()}
    lv_codes = {fld: np.array([level_code(fld, lv) for lv in pr], dtype=np.int64)
                for fld, pr in M_PRIOR_MASKED.items()}
    # without the u sample, u stays as configured for every level, and so does the rest of
    # the learning as it was measured (EM_LEARNS_U): no level kept, no move counted apart, the
    # order kept by lowering the weaker level
    kept, moved_set = (KEPT, U_MOVED) if u_sample is not None else (set(), set())
    learned_lv = {fld: np.array([(fld, lv) not in kept for lv in pr])
                  for fld, pr in M_PRIOR_MASKED.items()}
    moved_lv = {fld: np.array([(fld, lv) in moved_set for lv in pr])
                for fld, pr in M_PRIOR_MASKED.items()}
    cur = {fld: p.copy() for fld, p in p0.items()}
    counts = {fld: np.zeros(len(p), dtype=np.float64) for fld, p in p0.items()}
    ev = evidence.astype(np.float64).copy()
    # the u learned from the sample move the weights before EM: its probabilities use them
    u_rows: dict[str, dict[str, dict[str, Any]]] = {fld: {lv: {} for lv in pr}
                                                   for fld, pr in M_PRIOR_MASKED.items()}
    u_shift = {fld: np.zeros(len(p)) for fld, p in p0.items()}
    for fld, pr in M_PRIOR_MASKED.items():
        for j, lv in enumerate(pr):
            u_shift[fld][j] = -math.log2(_u_learned(cfg, fld, lv, float(p0[fld][j]), u_sample,
                                                    u_rows[fld][lv]))
        table = np.zeros(1 << _BITS)
        table[lv_codes[fld]] = u_shift[fld]
        ev += table[codes[fld]]
    # year-blind pairs (dates agreeing on day and month only) teach nothing: a namesake born on
    # that day in another year looks the same, so their probability would count namesakes
    teach = unpack(packed, "tanggal_lahir") != level_code("tanggal_lahir", "day_month_agree")
    moved = codes["lokasi"] == level_code("lokasi", "different")
    iterations = 0
    while iterations < EM_ITERATIONS:
        iterations += 1
        with np.errstate(over="ignore"):
            post = 1.0 / (1.0 + np.exp2(-(ev + prior)))
        taught = np.where(teach, post, 0.0)
        delta = np.zeros(len(ev))
        for fld, code in codes.items():
            m = _em_m(code, taught, lv_codes[fld], p0[fld], cfg.learn_strength, counts[fld])
            if moved_lv[fld].any():
                m_moved = _em_m(code[moved], taught[moved], lv_codes[fld], p0[fld],
                                cfg.learn_strength, None)
                m = np.where(moved_lv[fld], m_moved, m)
            table = np.zeros(1 << _BITS)
            table[lv_codes[fld]] = np.where(learned_lv[fld], np.log2(m / cur[fld]), 0.0)
            delta += table[code]
            cur[fld] = m
        ev += delta
        if not len(ev) or float(np.abs(delta).max()) < 1e-6:
            break
    weights = {fld: dict(levels) for fld, levels in cfg.weights.items()}
    summary: dict[str, Any] = {"strength": cfg.learn_strength, "method": "em_masked",
                               "iterations": iterations, "fields": {}}
    support: dict[str, dict[str, float]] = {}
    for fld, prior_m in M_PRIOR_MASKED.items():
        info: dict[str, Any] = {"label": "EM over the candidate pairs (masked list)",
                                "labelled_pairs": round(float(counts[fld].sum()), 2),
                                "levels": {}}
        support[fld] = {}
        for j, lv in enumerate(prior_m):
            before = float(cfg.weights[fld][lv])
            # a level the list does not show keeps its configured weight (through the order
            # constraints it would otherwise pull the levels below it down with it)
            shown = counts[fld][j] >= MIN_EM_PAIRS and learned_lv[fld][j]
            ratio = cur[fld][j] / p0[fld][j] if shown else 1.0
            if (fld, lv) in TF_LEVELS:
                after = min(max(before * ratio, 1e-6), 1.0)
            elif learned_lv[fld][j]:
                after = before + math.log2(ratio) + float(u_shift[fld][j])
                support[fld][lv] = float(counts[fld][j]) + cfg.learn_strength * float(p0[fld][j])
            else:
                after = before
            weights[fld][lv] = round(after, 4)
            info["levels"][lv] = {"pairs": round(float(counts[fld][j]), 2),
                                  "m_prior": round(float(p0[fld][j]), 5),
                                  "m_learned": round(float(cur[fld][j]), 5),
                                  "configured": before, **u_rows[fld][lv],
                                  "learned": weights[fld][lv]}
        summary["fields"][fld] = info
    if u_sample:
        summary["u_sample"] = {"records": u_sample["records"], "pairs": u_sample["pairs"]}
    _keep_order(weights, cfg.weights, support if u_sample is not None else None)
    for fld, info in summary["fields"].items():
        for lv, row in info["levels"].items():
            row["learned"] = weights[fld][lv]
    return dataclasses.replace(cfg, weights=weights, learn_weights=False), summary


def _em_m(code: np.ndarray, taught: np.ndarray, lv_codes: np.ndarray, p0: np.ndarray,
          strength: float, counts_out: np.ndarray | None) -> np.ndarray:
    """One M step: the m of a field's levels from the pairs' probabilities (``taught``),
    shrunk towards ``p0``; the expected pairs per level go to ``counts_out``."""
    per_code = np.bincount(code, weights=taught, minlength=1 << _BITS).astype(np.float64)
    got = per_code[lv_codes]
    if counts_out is not None:
        counts_out[:] = got
    return (got + strength * p0) / (got.sum() + strength)


def _pool_order(w: dict[str, float], order: tuple[str, ...],
                support: dict[str, float]) -> None:
    """Pool adjacent violators (isotonic regression), each level weighted by the pairs behind
    its weight (``support``: labelled or EM pairs at the level plus the prior's
    ``learn_strength x m_prior``, so a level the list shows a handful of times counts about as
    much as its prior). Where a weaker level weighs more than a stronger one, both take their
    weighted mean, instead of the stronger pulling the weaker one (and every level under it)
    down to its own weight. A level not in ``support`` (as configured: not learned) does not
    move; the levels pooled with it take its weight."""
    fixed = 1e12
    blocks: list[tuple[list[str], float, float]] = []  # levels, weighted mean, total support
    for lv in order:
        blocks.append(([lv], w[lv], support.get(lv, fixed)))
        while len(blocks) >= 2 and blocks[-1][1] > blocks[-2][1]:
            lv_b, w_b, s_b = blocks.pop()
            lv_a, w_a, s_a = blocks.pop()
            blocks.append((lv_a + lv_b, (w_a * s_a + w_b * s_b) / (s_a + s_b), s_a + s_b))
    for levels, mean, _ in blocks:
        if len(levels) > 1:
            for lv in levels:
                w[lv] = round(mean, 4)


def _keep_order(weights: dict[str, dict[str, float]],
                configured: dict[str, dict[str, float]],
                support: dict[str, dict[str, float]] | None = None) -> None:
    """Domain constraints: levels stay ordered (out-of-order levels pooled by their support,
    :func:`_pool_order`); a NIK level stays between `different` and `exact`, and a neighbour
    pattern below the slip it can be mistaken for."""
    if support is not None:
        for fld, order in ORDER:
            _pool_order(weights[fld], order, support.get(fld, {}))
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



def level_sources() -> list[tuple[str, str, str, str]]:
    """Per level of a list with complete NIKs whose weight is learned or deliberately kept:
    (field, level, where its m comes from, where its u comes from)."""
    out = []
    for fld, prior in M_PRIOR.items():
        label = {"nik": "same NKK, name and date", "tanggal_lahir": "same NIK and name"}.get(
            fld, "same NIK and date")
        for lv in prior:
            key = (fld, lv)
            if key in KEPT:
                m_from, u_from = "as configured", "as configured"
            elif key in U_MOVED:
                m_from = f"labelled pairs ({label}), at different addresses"
                u_from = "random pairs, at different addresses"
            else:
                m_from = f"labelled pairs ({label})"
                u_from = ("the value's frequency" if key in TF_LEVELS
                          else "random pairs" if key in U_RANDOM
                          else "NIK pair counts" if fld == "nik" and lv in U_KEYS
                          else "as configured")
            out.append((fld, lv, m_from, u_from))
    return out


def sources_markdown() -> str:
    """:func:`level_sources` as a markdown table (docs/matching.md)."""
    rows = ["| comparison | level | m from | u from |", "| --- | --- | --- | --- |"]
    rows += [f"| {fld} | `{lv}` | {m} | {u} |" for fld, lv, m, u in level_sources()]
    return "\n".join(rows) + "\n"
