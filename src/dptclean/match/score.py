"""Scores and reasons: comparison levels -> bits of evidence -> match probability.

The score of a pair is the sum of the weights of its levels (bits) plus the prior (the odds that
two records drawn at random from a list of this size are the same person). Agreement on a
common value is weaker evidence: exact name and birth-date agreement are weighted by the value's
frequency in the list (term-frequency adjustment).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from dptclean.match.compare import LEVELS, Compared, district_bits, level_code
from dptclean.match.config import MatchConfig
from dptclean.match.features import (
    NIK_MASKED,
    Features,
    blocking_key,
    key_counts,
    last_digit_damage,
    nik_date_fits,
    pair_share,
)

# floor for frequencies, so a value seen once does not get unbounded weight
_MIN_FREQ_SCALE = 1.0

FIELD_LABELS = {
    "nik": "NIK", "nama": "nama", "tanggal_lahir": "tgl lahir", "jenis_kelamin": "JK",
    "tempat_lahir": "tempat lahir", "nkk": "NKK", "lokasi": "lokasi",
}


@dataclass
class Scored:
    compared: Compared
    weights: dict[str, np.ndarray]  # field -> bits per pair
    evidence: np.ndarray            # sum of weights (bits)
    prior: float                    # bits
    probability: np.ndarray

    @property
    def score(self) -> np.ndarray:
        return self.evidence + self.prior


def prior_bits(n_records: int, cfg: MatchConfig, rate: float | None = None) -> float:
    """log2 odds that a random pair of records is a duplicate pair.

    ``rate`` (default: the configuration's ``expected_duplicate_rate``) is the number of
    duplicate pairs per record; a list of n records has n(n-1)/2 pairs.
    """
    n = max(n_records, 2)
    rate = cfg.expected_duplicate_rate if rate is None else rate
    p = min(0.5, 2.0 * rate / (n - 1))
    return math.log2(p / (1 - p))


def estimate_duplicate_rate(evidence: np.ndarray, n_records: int, cfg: MatchConfig,
                            iterations: int = 100) -> float:
    """EM for the prior alone: the duplicate rate that the pairs' evidence implies.

    The comparison weights stay as configured; only the share of duplicate pairs is learned
    from the list (a list with many duplicates needs less evidence per pair, a clean one more).
    Pairs outside the candidates are taken to be non-duplicates.
    """
    n = max(n_records, 2)
    lo, hi = 2.0 * cfg.min_duplicate_rate / (n - 1), min(0.5, 2.0 * cfg.max_duplicate_rate / (n - 1))
    p = min(max(2.0 * cfg.expected_duplicate_rate / (n - 1), lo), hi)
    ev = evidence.astype(np.float64)
    for _ in range(iterations):
        prior = math.log2(p / (1 - p))
        with np.errstate(over="ignore"):
            post = 1.0 / (1.0 + np.exp2(-(ev + prior)))
        # shrink towards the expected rate as if `duplicate_rate_strength` records had shown
        # it: a list of eight records cannot teach much about its own duplicate rate
        found = float(post.sum())
        rate = (found + cfg.duplicate_rate_strength * cfg.expected_duplicate_rate) / \
            (n + cfg.duplicate_rate_strength)
        new = min(max(2.0 * rate / (n - 1), lo), hi)
        if abs(math.log(new / p)) < 1e-6:
            p = new
            break
        p = new
    return p * (n - 1) / 2.0


def score_pairs(f: Features, c: Compared, cfg: MatchConfig, n_records: int | None = None,
                prior: float | None = None) -> Scored:
    w = cfg.weights
    weights: dict[str, np.ndarray] = {}
    n = f.list_size if n_records is None else n_records
    floor = _MIN_FREQ_SCALE / max(n, 1)
    for field, levels in LEVELS.items():
        table = np.array([float(w[field].get(lv, 0.0)) for lv in levels], dtype=np.float64)
        weights[field] = table[c.levels[field]]
    # term-frequency levels
    l, r = c.left, c.right
    nama = c.levels["nama"]
    for lv, freq in (("exact", f.name_norm_freq), ("key", f.name_key_freq)):
        hit = nama == level_code("nama", lv)
        if hit.any():
            fr = np.maximum(np.maximum(freq[l[hit]], freq[r[hit]]), floor)
            m = w["nama"][lv] if lv == "exact" else w["nama"]["exact"]
            bits = np.log2(m / fr)
            if lv == "key":
                # spelling-folded agreement is a little weaker than the same spelling
                bits = bits - max(0.0, math.log2(w["nama"]["exact"] / max(w["nama"]["key"],
                                                                           1e-9)) / 2)
            weights["nama"][hit] = bits
    # One family card and another name is a family member (twins, siblings), not a typo:
    # a shared name token then counts as a different name. Not with one complete valid NIK:
    # family members have NIKs of their own (a masked or 15-digit NIK can be a twin's).
    family = np.isin(c.levels["nkk"], [level_code("nkk", "exact"), level_code("nkk", "exact_known")])
    sibling = family & (nama == level_code("nama", "shared_token")) & \
        (c.levels["nik"] != level_code("nik", "exact"))
    if sibling.any():
        weights["nama"][sibling] = w["nama"]["different"]
    dob = c.levels["tanggal_lahir"]
    hit = dob == level_code("tanggal_lahir", "exact")
    if hit.any():
        fr = np.maximum(f.dob_freq[l[hit]], floor)
        weights["tanggal_lahir"][hit] = np.log2(w["tanggal_lahir"]["exact"] / fr)
    # the columns disagree but both NIKs encode one record's date (the other's column a
    # placeholder or a swap): weighted by how common that date is, as the exact date is
    hit = dob == level_code("tanggal_lahir", "nik_confirmed")
    if hit.any():
        a, b = l[hit], r[hit]
        side = np.where(nik_date_fits(f, a, a), a, b)
        fr = np.maximum(f.dob_freq[side], floor)
        weights["tanggal_lahir"][hit] = np.log2(w["tanggal_lahir"]["nik_confirmed"] / fr)
    # day and month agree where a year is unknown (22-07-****): weighted by how common that
    # day and month are in the list (1 July and 31 December are placeholders)
    hit = dob == level_code("tanggal_lahir", "day_month_agree")
    if hit.any():
        fr = np.maximum(key_counts(f, "dob_daymonth")[l[hit]] / max(n, 1), floor)
        weights["tanggal_lahir"][hit] = np.log2(w["tanggal_lahir"]["day_month_agree"] / fr)
    # A partial NIK (Excel-damaged: 15 digits; masked: 12) holds the birth date, which is
    # compared on its own. What the prefix adds is the region of issue and the first serial
    # digits: how rare they are among the people with the same NIK date says how much that
    # is worth (serials are mostly small, so 15 digits often tell little more than 12).
    nik = c.levels["nik"]
    for lv, key in (("exact_15", "nik15"), ("exact_known", "nik12")):
        hit = nik == level_code("nik", lv)
        if hit.any():
            weights["nik"][hit] = _prefix_bits(f, l[hit], w, lv, key)
    _masked_pairs(f, c, w, weights)
    _untrusted_last_digit(f, c, w, weights["nik"])
    # A NIK masked down to region + day + month (10 digits) that agrees: its day, month and
    # sex are compared on their own (tanggal lahir, jenis kelamin); what it adds is the
    # district of first issue, worth as much as the district is rare among the records of its
    # regency (u = the district's share; at most what 12 known digits count). The regency
    # itself is counted below.
    ten = blocking_key(f, "nik10")
    hit = (nik == level_code("nik", "region_known")) & (ten[l] >= 0) & (ten[l] == ten[r])
    if hit.any():
        share = key_counts(f, "nik_region6")[l[hit]] / \
            np.maximum(key_counts(f, "nik_region4")[l[hit]], 1)
        bits = np.log2(0.95 / np.clip(share, 1e-12, 1.0))
        weights["nik"][hit] = np.minimum(bits, w["nik"]["exact_known"])
    # A NIK Excel left with a few digits ("3.32001E+15") that agrees: likewise the district
    # (compare.district_bits; at most what 12 known digits count)
    six = np.flatnonzero((nik == level_code("nik", "region_known")) & ~hit)
    if len(six):
        bits = district_bits(f, l[six], r[six])
        got = ~np.isnan(bits)
        weights["nik"][six[got]] = np.minimum(bits[got], w["nik"]["exact_known"])
    # The regency where both NIKs were first issued (digits 1-4, never changed by a move):
    # agreeing on it is as much evidence as the regency is rare in the list. In one regency's
    # list that is almost nothing; in a national list it offsets the prior, which falls with
    # the size of the list, so a pair needs the same evidence in both.
    weights["nik"] = weights["nik"] + region_bits(f, l, r, n)
    evidence = np.zeros(len(c), dtype=np.float64)
    for arr in weights.values():
        evidence += arr
    if prior is None:
        prior = prior_bits(n, cfg)
    with np.errstate(over="ignore"):
        prob = 1.0 / (1.0 + np.exp2(-(evidence + prior)))
    return Scored(c, weights, evidence, prior, prob)


def _masked_pairs(f: Features, c: Compared, w: dict[str, dict[str, float]],
                  weights: dict[str, np.ndarray]) -> None:
    """What a masked NIK changes in the weights (in place): its slips, and sex beside the same
    name."""
    l, r = c.left, c.right
    nik, nama = c.levels["nik"], c.levels["nama"]
    # Two NIKs one slip apart in the digits both keep, one of them masked (a date digit the
    # birth-date columns show to be the slip, a district that exists nowhere, two digits
    # swapped): the serial is starred, so the slip says no more than 12 equal digits would (`exact_known`,
    # as rare as the prefix), not what a slip between two complete NIKs says (the other 15
    # digits, serial included, equal). The prefix of either record: the slipped one is rare.
    partial = partial_niks(f, l, r)
    hit = np.flatnonzero(np.isin(nik, _SLIP_NIK_CODES) & partial)
    if len(hit):
        bits = np.minimum(_prefix_bits(f, l[hit], w, "exact_known", "nik12"),
                          _prefix_bits(f, r[hit], w, "exact_known", "nik12"))
        weights["nik"][hit] = np.minimum(weights["nik"][hit], bits)
    # A name tells the sex: the share of the list holding a name is the chance that another
    # person has it, sex included (SUTINAH is a woman's name, SUPARNO a man's), so where a
    # masked NIK leaves the name to tell namesakes apart, sex agreement beside the same name
    # is not counted again (measured on masked lists: among different people with the same
    # 12 NIK digits the same name is 2.0 (held-out list) and 3.3 (our generator's) times
    # likelier than the name's share of the list says, 1.0 and 1.6 times than its share
    # among people of that sex; docs/benchmarks.md, "Issue 17, round 6").
    told_sex = partial & np.isin(nama, _SAME_NAME) & \
        (c.levels["jenis_kelamin"] == level_code("jenis_kelamin", "agree"))
    if told_sex.any():
        weights["jenis_kelamin"][told_sex] = 0.0


def _prefix_bits(f: Features, l: np.ndarray, w: dict[str, dict[str, float]], lv: str,
                 key: str) -> np.ndarray:
    """Bits of two NIKs agreeing on a prefix (``key``: 15 or 12 digits), for pairs whose left
    record is ``l``: as rare as the prefix is among the people of the regency with that date."""
    # the pair itself shares both prefix and date: count the other records only,
    # smoothed towards the share over the whole list when few others share the date
    # (itself smoothed towards the configured weight while few pairs share a date)
    # (within the regency of issue: agreeing on the regency is counted below)
    key_pairs, date_pairs = pair_share(f, key, "nik_region_date")
    configured = 0.95 / 2.0 ** w["nik"][lv]
    base = max((key_pairs + 50.0 * configured) / (date_pairs + 50.0), 1e-9)
    others_prefix = np.maximum(key_counts(f, key)[l] - 2, 0)
    others_date = np.maximum(key_counts(f, "nik_region_date")[l] - 2, 0)
    share = (others_prefix + 2.0 * base) / (others_date + 2.0)
    bits = np.log2(0.95 / np.clip(share, 1e-12, 1.0))
    return np.minimum(bits, w["nik"][lv])


def _untrusted_last_digit(f: Features, c: Compared, w: dict[str, dict[str, float]],
                          nik_bits: np.ndarray) -> None:
    """Where the list shows Excel damage of the 16th digit (features.last_digit_damage: a
    share d of its NIKs ending in 0 are damaged), two NIKs equal and ending in 0 may be equal
    only in 15 digits: the likelihood ratio mixes the two, 1 / (d2 / 2^w15 + (1 - d2) / 2^w16)
    with d2 = 1 - (1 - d)^2 (either record damaged), so it is near the 15 digits' when d is
    high. Two NIKs one 16th digit apart, one ending in 0 (``last_digit_zero``), are then 15
    equal digits with probability d: at least w15 + log2(d)."""
    d = last_digit_damage(f)
    if d <= 0.0:
        return
    nik = c.levels["nik"]
    last0 = f.nik_digits[:, 15] == 0
    exact = np.flatnonzero((nik == level_code("nik", "exact")) & last0[c.left])
    if len(exact):
        d2 = 1.0 - (1.0 - d) ** 2
        w15 = _prefix_bits(f, c.left[exact], w, "exact_15", "nik15")
        nik_bits[exact] = -np.log2(d2 * np.exp2(-w15) + (1.0 - d2) * np.exp2(-nik_bits[exact]))
    near = np.flatnonzero(nik == level_code("nik", "last_digit_zero"))
    if len(near):
        w15 = _prefix_bits(f, c.left[near], w, "exact_15", "nik15")
        nik_bits[near] = np.maximum(nik_bits[near], w15 + np.log2(d))


def partial_niks(f: Features, l: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Per pair: a NIK of the pair is masked (``332001431281****``): its serial is starred, so
    one slip between the digits both keep cannot tell one person from two born the same day
    in the same district, nor one person from twins. (An Excel-damaged NIK that kept 12 to 14
    digits hides its serial too; left as before: no list measured has one.)"""
    return (f.nik_kind[l] == NIK_MASKED) | (f.nik_kind[r] == NIK_MASKED)


def region_bits(f: Features, l: np.ndarray, r: np.ndarray, n_records: int) -> np.ndarray:
    """log2(records / records of that regency of issue) where both NIKs keep the same
    digits 1-4; 0 elsewhere."""
    code = blocking_key(f, "nik_region4")
    same = (code[l] >= 0) & (code[l] == code[r])
    out = np.zeros(len(l), dtype=np.float64)
    if same.any():
        count = np.maximum(key_counts(f, "nik_region4")[l[same]], 2)
        out[same] = np.log2(max(n_records, 2) / count)
    return out


def text_upper_bound(f: Features, c: Compared, cfg: MatchConfig, n_records: int) -> np.ndarray:
    """The most the string comparisons (name, birthplace) could still add to each pair."""
    w = cfg.weights
    floor = _MIN_FREQ_SCALE / max(n_records, 1)
    l, r = c.left, c.right
    rarest = np.maximum(np.minimum(f.name_norm_freq[l], f.name_norm_freq[r]), floor)
    exact = np.log2(w["nama"]["exact"] / rarest)
    fixed = max(w["nama"][k] for k in ("typo", "subset", "similar", "unknown", "different"))
    tempat = max(w["tempat_lahir"].values())
    return np.maximum(exact, fixed) + tempat


def threshold_bits(cfg: MatchConfig) -> float:
    """The score (bits) at which the match probability reaches the threshold."""
    return math.log2(cfg.threshold / (1 - cfg.threshold))


def link_bits(cfg: MatchConfig) -> float:
    """The score (bits) a pair needs to be linked at all (the `possible` band's floor)."""
    p = min(cfg.possible_threshold, cfg.threshold)
    return math.log2(p / (1 - p))


# NIK levels that say one person: equal (complete or 15 digits), one slip the records
# themselves show (a date digit against the birth-date column, a district that does not exist,
# an implausible serial), or the same invalid ID text.
_SETTLING_NIK = ("exact", "exact_15", "one_typo", "serial_slip", "invalid_equal")
# NIK levels from comparing (nearly) whole NIKs: what they tell is in the score.
# Not among them: a district one digit off between two real districts, or a date one digit
# off (namesakes of neighbouring districts, or born a day apart, look the same).
_TELLING_NIK = ("exact", "exact_15", "one_typo", "transposed", "regency_one_off",
                "serial_one_off", "serial_upper_one_off", "serial_slip",
                "last_digit_zero", "invalid_equal", "invalid_close", "invalid_different",
                "different")


# NIK levels of one slip between the digits both NIKs keep, which tell one person only when
# the serials are compared too (score_pairs, sure_links: not with a masked NIK).
_SLIP_NIK_CODES = [level_code("nik", lv) for lv in ("one_typo", "transposed")]


def one_card(f: Features, c: Compared) -> np.ndarray:
    """Per pair: both records hold one family card to its date of issue (the complete NKK, or
    its first 12 digits: region and the whole issue date). A card masked down to 10 digits
    keeps only the day and month of issue: cards of other years look alike."""
    return _same_card(f, c.left, c.right)


def _same_card(f: Features, l: np.ndarray, r: np.ndarray) -> np.ndarray:
    whole = (f.nkk_code[l] >= 0) & (f.nkk_code[l] == f.nkk_code[r])
    return whole | ((f.nkk12_code[l] >= 0) & (f.nkk12_code[l] == f.nkk12_code[r]))


# NIK levels that say nothing against one person: the NIKs agree as far as both are visible
# (masked to 12 or 10 digits, 15 digits), one is missing, or they differ by a slip the records
# themselves show. Not among them: two real districts or dates one digit apart, neighbouring
# serials (twins), NIKs that differ.
_AGREEING_NIK = ("unknown", "exact", "exact_15", "exact_known", "region_known", "one_typo",
                 "transposed", "serial_slip", "last_digit_zero", "invalid_equal")


# Names that one person's two records show (one slip; a name given once whole and once without a
# middle name or with a title: `subset`) and twins seldom do: twins have two names, named alike
# (FAUZI / FAUZAN: `similar`), not one inside the other. Twins named one letter apart (ALI / ADI)
# are registered together with neighbouring NIKs, which keeps them twins-like.
_SLIP_NAMES = [level_code("nama", "typo"), level_code("nama", "subset")]

# the level codes the household and sure-band rules below test
_SAME_NAME = [level_code("nama", "exact"), level_code("nama", "key")]
_SAME_DOB = [level_code("tanggal_lahir", "exact"), level_code("tanggal_lahir", "nik_confirmed")]
_FAMILY = [level_code("nkk", "exact"), level_code("nkk", "exact_known")]
_AGREEING_NIK_CODES = [level_code("nik", lv) for lv in _AGREEING_NIK]


def _one_household(levels: dict[str, np.ndarray], household: np.ndarray | None,
                   partial: np.ndarray | None = None) -> np.ndarray:
    """Per pair: one person by the family card alone. The card to its whole issue date, the
    same name (or one slip) and the whole birth date, or the same name with day and month
    swapped; and not twins-like (:func:`sure_links`). ``partial`` (:func:`partial_niks`): the
    pairs whose NIK serials are starred; for them one name inside the other does not do
    (below)."""
    nama = levels["nama"]
    dob, nkk = levels["tanggal_lahir"], levels["nkk"]
    same_name = np.isin(nama, _SAME_NAME)
    same_dob = np.isin(dob, _SAME_DOB)
    slip = np.isin(nama, _SLIP_NAMES)
    if partial is not None:
        # One name inside the other is how twins are named in some families (SARINAH /
        # SUTINAH SARINAH), and what tells them from one person with a dropped name is their
        # neighbouring NIK serials, which a masked NIK stars: such a pair is left to the
        # posterior. Measured on masked lists (docs/benchmarks.md, "Issue 17, round 6"): such
        # households were one person in 104 of 107 pairs (grid masked-4, 1,000,000 records),
        # and 3 of the 8 sure false pairs of the held-out worlds masked were such twins. A
        # one-letter slip (ALI / ADI) stays: 1,930 of 1,933 one person.
        slip &= ~(partial & (nama == level_code("nama", "subset")))
    name_or_slip = same_name | slip
    swapped = dob == level_code("tanggal_lahir", "swapped")
    family = np.isin(nkk, _FAMILY)
    card = family if household is None else family & household
    return card & ((name_or_slip & same_dob) | (same_name & swapped)) & ~_twins_like(levels)


def _twins_like(levels: dict[str, np.ndarray]) -> np.ndarray:
    """One family card, one birth date, names alike but not the same name with a slip or one
    inside the other (twins are often named alike: FAUZI / FAUZAN is `similar`, not `typo`
    or `subset`), and no NIK saying one person (twins have two NIKs: an equal NIK, or one with
    a visible slip, is one person). Twins are registered together: their NIKs are the
    neighbour pattern (one serial apart in the units), and then a name one letter apart
    (ALI / ADI) is still twins-like."""
    nik, nama = levels["nik"], levels["nama"]
    same_name = np.isin(nama, _SAME_NAME)
    same_dob = np.isin(levels["tanggal_lahir"], _SAME_DOB)
    family = np.isin(levels["nkk"], _FAMILY)
    same_nik = np.isin(nik, [level_code("nik", lv) for lv in _SETTLING_NIK])
    neighbour = nik == level_code("nik", "serial_one_off")
    return family & same_dob & ~same_name & \
        (~np.isin(nama, _SLIP_NAMES) | neighbour) & ~same_nik


def household_links(f: Features, left: np.ndarray, right: np.ndarray,
                    levels: dict[str, np.ndarray]) -> np.ndarray:
    """Per pair: a link whatever its probability, because its family card settles it
    (:func:`sure_links`) and its NIKs agree as far as they are visible (``_AGREEING_NIK``).

    One card is one household, whose size does not grow with the list, and inside it the only
    other explanation of one name and one birth date is twins, who have two names. A voter who
    moved and kept the card shows another address, which the list-wide posterior (whose prior
    falls with the list's size) counts against the pair; the card does not."""
    return household_levels(levels, partial_niks(f, left, right)) & _same_card(f, left, right)


def household_candidates(levels: dict[str, np.ndarray]) -> np.ndarray:
    """Before the names are compared: the pairs :func:`household_levels` may keep (one family
    card, the whole or swapped birth date, NIKs that agree as far as they are visible), which
    the cheap pass must not prune whatever their score."""
    agree = np.isin(levels["nik"], _AGREEING_NIK_CODES)
    family = np.isin(levels["nkk"], _FAMILY)
    dob = np.isin(levels["tanggal_lahir"], [level_code("tanggal_lahir", lv)
                                            for lv in ("exact", "nik_confirmed", "swapped")])
    return agree & family & dob


def household_levels(levels: dict[str, np.ndarray],
                     partial: np.ndarray | None = None) -> np.ndarray:
    """:func:`household_links` from the levels alone (NKK level exact or exact_known, without
    checking that a masked card keeps its whole issue date): a superset, for gathering."""
    agree = np.isin(levels["nik"], _AGREEING_NIK_CODES)
    return agree & _one_household(levels, None, partial)


def sure_links(c: Compared, probability: np.ndarray, cfg: MatchConfig,
               household: np.ndarray | None = None,
               partial: np.ndarray | None = None) -> np.ndarray:
    """Per pair: the evidence settles it (`sure`), rather than only making it likely.

    ``household`` (:func:`one_card`): the pairs whose family card is one to its issue date;
    by default every pair at NKK level exact / exact_known. ``partial``
    (:func:`partial_niks`): the pairs with a NIK whose serial is not known, whose one slip
    (`one_typo`, `transposed`) was not compared digit by digit; by default none."""
    nik, nama = c.levels["nik"], c.levels["nama"]
    dob, nkk = c.levels["tanggal_lahir"], c.levels["nkk"]
    same_name = np.isin(nama, _SAME_NAME)
    # (the NIKs settling a placeholder or a day/month swap in one column: one birth date)
    same_dob = np.isin(dob, _SAME_DOB)
    family = np.isin(nkk, _FAMILY)
    # the NIKs were compared digit by digit (complete, or 15 digits, or invalid text): what
    # they say is in the score; masked or few-digit NIKs cannot tell namesakes apart
    told = np.isin(nik, [level_code("nik", lv) for lv in _TELLING_NIK])
    if partial is not None:
        # (a slip between masked NIKs: the serials, starred, were not compared)
        told &= ~(partial & np.isin(nik, _SLIP_NIK_CODES))
    # one person registered twice: same family card (the masked card keeps region and date
    # of issue), same name (or one slip: twins named one letter apart are registered
    # together, with neighbouring NIKs, which twins-like keeps possible), same birth date, or
    # the same name with day and month swapped (twins share the whole date, siblings do not
    # share a name) -- `_one_household`.
    # With the whole birth date, the card puts the pair in one household, whose size does not
    # grow with the list, so this does not wait for the list-wide posterior (whose prior falls
    # with the list's size): the pair needs only to be a link, or NIKs that agree as far as
    # they are visible (`household_links`: such a pair is linked whatever its probability).
    linked = probability >= min(cfg.possible_threshold, cfg.threshold)
    agree = np.isin(nik, _AGREEING_NIK_CODES)
    # With the day and month only (a year starred, and then the card too is masked down to
    # its day and month of issue), cards and namesakes of other years look alike: the exact
    # name and the threshold. (A namesake born that day in another year is in another family.)
    day_month = dob == level_code("tanggal_lahir", "day_month_agree")
    by_family = (_one_household(c.levels, household, partial) & (linked | agree)) | \
        (family & same_name & (same_dob | day_month) & (probability >= cfg.threshold))
    twins_like = _twins_like(c.levels)
    # year-blind: the dates agree on day and month only (a year starred) and the NIKs were not
    # compared digit by digit (a masked NIK keeps no year either): a namesake born on that day
    # in another year looks the same, however rare the name, so the posterior cannot settle it
    year_blind = day_month & ~told
    likely = (probability >= cfg.threshold) & (told | ((probability >= cfg.sure_threshold) & ~year_blind))
    return (by_family | likely) & ~twins_like


def reasons(s: Scored, idx: np.ndarray) -> list[str]:
    """One readable line per pair: the level of each field and its weight in bits."""
    c = s.compared
    idx = np.asarray(idx, dtype=np.int64)
    # (Python values first: indexing and formatting numpy scalars one by one is slow)
    codes = {field: c.levels[field][idx].tolist() for field in LEVELS}
    weights = {field: s.weights[field][idx].tolist() for field in LEVELS if field in s.weights}
    similarity = c.name_similarity[idx].tolist()
    hamming = c.nik_hamming[idx].tolist()
    total, probability = s.score[idx].tolist(), s.probability[idx].tolist()
    out = []
    for k in range(len(idx)):
        parts = []
        for field, names in LEVELS.items():
            code = codes[field][k]
            if code == 0:
                continue
            label = names[code]
            extra = ""
            if field == "nama" and label not in ("exact",):
                extra = f" {similarity[k]:.2f}"
            if field == "nik" and label == "different" and hamming[k] >= 0:
                extra = f" ({int(hamming[k])} digits)"
            parts.append(f"{FIELD_LABELS[field]} {label}{extra} {weights[field][k]:+.1f}")
        out.append("; ".join(parts) + f" | score {total[k]:+.1f}, p={probability[k]:.3f}")
    return out


def category(c: Compared, idx: np.ndarray) -> np.ndarray:
    """KPU categories: K1 identical identity, K2 same NIK with another name, K3 similar."""
    nik = c.levels["nik"][idx]
    nama = c.levels["nama"][idx]
    dob = c.levels["tanggal_lahir"][idx]
    sex = c.levels["jenis_kelamin"][idx]
    tempat = c.levels["tempat_lahir"][idx]
    nik_same = np.isin(nik, [level_code("nik", "exact"), level_code("nik", "exact_15"),
                             level_code("nik", "invalid_equal")])
    k1 = (nik_same & (nama == level_code("nama", "exact"))
          & (dob == level_code("tanggal_lahir", "exact"))
          & (sex != level_code("jenis_kelamin", "disagree"))
          & np.isin(tempat, [level_code("tempat_lahir", "exact"), 0]))
    k2 = nik_same & ~k1
    return np.where(k1, "K1", np.where(k2, "K2", "K3"))
