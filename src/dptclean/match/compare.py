"""Field comparisons for candidate pairs, vectorised with numpy and rapidfuzz.

Each comparison puts every pair at one *level* (e.g. NIK ``exact`` / ``one_typo`` /
``different``). Levels, not raw scores, are what the score and the reasons are built from, so
an operator can read why a pair was flagged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Levenshtein

from dptclean.match.config import MatchConfig
from dptclean.match.features import (
    NIK_DAMAGED,
    NIK_FULL,
    NIK_INVALID,
    NIK_MASKED,
    NIK_NONE,
    UNKNOWN_DIGIT,
    Features,
    key_counts,
    nik_date_agrees,
    nik_date_fits,
    nik_dates_equal,
    serial_plausible,
)

LEVELS: dict[str, tuple[str, ...]] = {
    "nik": ("unknown", "exact", "exact_15", "exact_known", "one_typo", "transposed",
            "regency_one_off", "region_one_off", "serial_one_off", "serial_upper_one_off",
            "serial_slip", "last_digit_zero", "date_one_off", "region_known", "region_different",
            "invalid_equal", "invalid_close", "invalid_different",
            "different",
            # region_transposed: two adjacent region digits (1-6) swapped between two real
            # district codes the list holds (kept last so that the other codes do not move)
            "region_transposed"),
    "nama": ("unknown", "exact", "key", "typo", "subset", "similar", "shared_token",
             "different"),
    # day_month_agree: a year is unknown (starred) and day and month agree; nik_confirmed: the
    # columns disagree, but both NIKs encode one date, one record's, and the other's column
    # is a placeholder or that date with day and month swapped (level codes kept last so
    # that the other codes do not move)
    "tanggal_lahir": ("unknown", "exact", "swapped", "one_digit", "same_year", "different",
                      "day_month_agree", "nik_confirmed"),
    "jenis_kelamin": ("unknown", "agree", "disagree"),
    "tempat_lahir": ("unknown", "exact", "similar", "different"),
    "nkk": ("unknown", "exact", "exact_known", "different"),
    "lokasi": ("unknown", "same_address", "similar_address", "same_kelurahan", "different"),
}


# Two region codes one transposition apart are both the list's own districts when the rarer
# holds at least this share of the records of the other (compare._compare_nik).
REGION_SWAP_MIN_RATIO = 0.1


def level_code(field: str, level: str) -> int:
    return LEVELS[field].index(level)


@dataclass
class Compared:
    left: np.ndarray
    right: np.ndarray
    levels: dict[str, np.ndarray]       # field -> int8 level codes (index into LEVELS[field])
    name_similarity: np.ndarray         # 0..1 on the name keys
    nik_hamming: np.ndarray             # differing known digits (-1 when not comparable)

    def __len__(self) -> int:
        return len(self.left)

    def level_names(self, field: str, idx: np.ndarray | None = None) -> np.ndarray:
        names = np.array(LEVELS[field], dtype=object)
        codes = self.levels[field] if idx is None else self.levels[field][idx]
        return names[codes]


def compare_pairs(f: Features, left: np.ndarray, right: np.ndarray,
                  cfg: MatchConfig, *, text: bool = True) -> Compared:
    """Put every pair at a level of each comparison.

    With ``text=False`` the string comparisons (names, birthplace) are left at ``unknown``:
    a cheap first pass that lets the pipeline drop pairs that cannot reach the threshold.
    """
    nik, ham = _compare_nik(f, left, right)
    if text:
        nama, sim = _compare_names(f, left, right, cfg)
        tempat = _compare_tempat(f, left, right)
    else:
        nama = np.zeros(len(left), dtype=np.int8)
        sim = np.zeros(len(left), dtype=np.float32)
        tempat = np.zeros(len(left), dtype=np.int8)
    levels = {
        "nik": nik,
        "nama": nama,
        "tanggal_lahir": _compare_dob(f, left, right),
        "jenis_kelamin": _compare_sex(f, left, right),
        "tempat_lahir": tempat,
        "nkk": _compare_nkk(f, left, right),
        "lokasi": _compare_location(f, left, right),
    }
    return Compared(left, right, levels, sim, ham)


def nik_levels(f: Features, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """The NIK comparison level of each pair (index into ``LEVELS["nik"]``)."""
    return _compare_nik(f, left, right)[0]


def _compare_nik(f: Features, l: np.ndarray, r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    L = LEVELS["nik"]
    out = np.zeros(len(l), dtype=np.int8)
    ham = np.full(len(l), -1, dtype=np.int16)
    if not len(l):
        return out, ham
    kl, kr = f.nik_kind[l], f.nik_kind[r]
    dl, dr = f.nik_digits[l], f.nik_digits[r]
    known = np.minimum(f.nik_known[l], f.nik_known[r])
    both_known = (dl != UNKNOWN_DIGIT) & (dr != UNKNOWN_DIGIT)
    differ = both_known & (dl != dr)
    nd = differ.sum(axis=1)
    # two adjacent digits swapped counts as one typo
    swap = np.zeros(len(l), dtype=bool)
    two = nd == 2
    if two.any():
        d2 = differ[two]
        first = np.argmax(d2, axis=1)
        second = 15 - np.argmax(d2[:, ::-1], axis=1)
        rows = np.flatnonzero(two)
        adj = second == first + 1
        a, b = dl[rows, first], dl[rows, second]
        c, d = dr[rows, first], dr[rows, second]
        swap[rows] = adj & (a == d) & (b == c)
    # where the one difference lies: region of issue (digits 1-6), birth date (7-12), serial
    first_diff = np.argmax(differ, axis=1)

    keyed = np.isin(kl, (NIK_FULL, NIK_DAMAGED, NIK_MASKED)) & \
        np.isin(kr, (NIK_FULL, NIK_DAMAGED, NIK_MASKED))
    full = (kl == NIK_FULL) & (kr == NIK_FULL)
    comparable = keyed & (known >= 12)
    ham = np.where(comparable, nd, -1).astype(np.int16)
    one = comparable & ((nd == 1) | swap)
    out[comparable & (nd == 0) & full] = L.index("exact")
    out[comparable & (nd == 0) & ~full & (known >= 15)] = L.index("exact_15")
    out[comparable & (nd == 0) & ~full & (known < 15)] = L.index("exact_known")
    # Two different people born on the same day often have NIKs one digit apart: a
    # neighbouring district code, or the next serial number (siblings, or just the next
    # registration). Only a one-digit slip inside the date digits is a telling typo.
    # A slip in the date digits is a typo only when the birth-date columns agree; when they
    # differ the same way, the NIKs just encode two different dates (counted on the date).
    # The slip shows: the birth-date columns agree, and one NIK's date digits agree with
    # them while the other's do not (two people with the same birth date have the same NIK
    # date digits; a NIK date one digit off while both agree with their own records is two
    # different dates).
    date_part = one & (first_diff >= 6) & (first_diff < 12)
    dob_same = (f.dob_y[l] > 0) & (f.dob_y[l] == f.dob_y[r]) & (f.dob_m[l] == f.dob_m[r]) & \
        (f.dob_d[l] == f.dob_d[r])
    agree = nik_date_agrees(f)
    slip_shows = agree[l] != agree[r]
    out[date_part & dob_same & slip_shows] = L.index("one_typo")
    out[date_part & ~(dob_same & slip_shows)] = L.index("date_one_off")
    # A district code that exists nowhere, one digit from the other NIK's real one, is a typo.
    region_part = one & (first_diff < 6)
    real_l, real_r = f.nik_region_known[l], f.nik_region_known[r]
    # Two real codes: a neighbouring district (digits 5-6) or another regency (digits 1-4),
    # whose share among different people born the same day the list itself shows
    out[region_part & (real_l & real_r)] = L.index("region_one_off")
    out[region_part & (real_l & real_r) & (first_diff < 4)] = L.index("regency_one_off")
    out[region_part & (real_l != real_r)] = L.index("one_typo")
    # A serial digit: serials count the people of a region + birth-date prefix, so they are
    # small and dense. Both serials plausible for the prefix (0001 / 0002): the neighbour
    # pattern of two people born the same day. One of them implausible for how many people
    # the list shows with that prefix (4001, 0901 where three share it): a typing slip.
    # A slip turns a plausible serial into an implausible one: exactly one of the two is
    # implausible. When both are (0033 / 0034 where the list shows three people with the
    # prefix), the list holds fewer of that prefix's people than were registered, and the
    # pair is the neighbour pattern again.
    serial = one & (first_diff >= 12)
    ok = serial_plausible(f)
    out[serial & (ok[l] == ok[r])] = L.index("serial_one_off")
    # the thousands, hundreds or tens (0007 / 0017): people of one prefix are numbered one
    # after the other, so two of them differ there less often than in the units (0001 / 0002);
    # how much less, the list shows (match/learn.py)
    out[serial & (ok[l] == ok[r]) & (first_diff < 15)] = L.index("serial_upper_one_off")
    out[serial & (ok[l] != ok[r])] = L.index("serial_slip")
    # Two adjacent digits swapped outside the date digits (which the date logic above judges):
    # a typing slip of its own kind. Two people's NIKs are rarely each other's transposition
    # (one pattern per pair of digits, where a one-digit difference has nine), so it is not
    # the neighbour pattern; its weight is learned from the list (match/learn.py).
    out[swap & comparable & ~date_part & np.isin(out, (L.index("regency_one_off"),
                                                       L.index("region_one_off"),
                                                       L.index("serial_one_off"),
                                                       L.index("serial_upper_one_off")))] = \
        L.index("transposed")
    # Only the 16th digit differs and one of them is 0: Excel damage (a NIK stored as a
    # number), or just the neighbouring serial. Its own level, neither typo nor neighbour.
    # Two adjacent digits swapped in the region digits (320512 / 320521) where both codes are
    # real districts the list draws its people from: two people of two real districts, as
    # likely as one district digit off (region_one_off), not a telling slip. A slip makes a
    # code that exists nowhere (one_typo above), or one that few records of the list hold
    # (the slips themselves, a voter who moved in: 332012 -> 332102 in a Jepara list), still
    # `transposed`: the two codes are both the list's own when other records hold each, and
    # each at least REGION_SWAP_MIN_RATIO as many records as the other (slips make a code a
    # tiny share of the records of the code they hit, whatever the size of the list).
    held = key_counts(f, "nik_region6")
    lo, hi = np.minimum(held[l], held[r]), np.maximum(held[l], held[r])
    both_own = (lo >= 2) & (lo >= REGION_SWAP_MIN_RATIO * hi)
    # (a swap of digits 6 and 7 also moves a date digit: when one NIK's date then disagrees
    # with its birth-date column and the other's does not, the slip shows, as for one_typo)
    shows = (first_diff == 5) & dob_same & slip_shows
    out[swap & comparable & (first_diff < 6) & real_l & real_r & both_own & ~shows] = \
        L.index("region_transposed")
    last = one & (nd == 1) & (first_diff == 15) & ((dl[:, 15] == 0) | (dr[:, 15] == 0))
    out[last] = L.index("last_digit_zero")
    out[comparable & (nd >= 2) & ~swap] = L.index("different")

    # Few digits survive ("3.32001E+15": six, the last one rounded; five where Excel drops a
    # rounded 0, "3.3201E+15"): the digits before the rounded one still tell the region of
    # first issue.
    few = keyed & (known >= 5) & (known < 12)
    if few.any():
        rows = np.flatnonzero(few)
        span = (known[rows] - 1).astype(np.int64)
        cols = np.arange(16)[None, :]
        within = cols < span[:, None]
        disagree = (differ[rows] & within).any(axis=1)
        # the last surviving digit was rounded: equal, or one more than the true digit
        a = dl[rows, span].astype(np.int16)
        b = dr[rows, span].astype(np.int16)
        disagree |= np.abs(a - b) > 1
        # One of them complete: Excel rounds a number to the digits it keeps, so the other's
        # surviving digits are the complete NIK rounded (3320156802700003 shows as
        # 3.32016E+15: its 7th digit, 6, rounds the 6th up), and the rounding may carry into
        # the digits before (332009|6 shows as 3.32010E+15). (The last digit one off from the
        # rounding is still the region: a slip in the hidden 7th digit rounds the other way.)
        whole, rounds = _rounds_to(f, l[rows], r[rows], known[rows])
        disagree &= ~(whole & rounds)
        out[rows[~disagree]] = L.index("region_known")
        out[rows[disagree]] = L.index("region_different")

    inv = ((kl == NIK_INVALID) | (kr == NIK_INVALID)) & (kl != NIK_NONE) & (kr != NIK_NONE)
    if inv.any():
        rows = np.flatnonzero(inv)
        a = [str(x) for x in f.nik_text[l[rows]]]
        b = [str(x) for x in f.nik_text[r[rows]]]
        dist = process.cpdist(a, b, scorer=OSA.distance, workers=-1)
        lev = np.where(dist == 0, L.index("invalid_equal"),
                       np.where(dist == 1, L.index("invalid_close"),
                                L.index("invalid_different")))
        out[rows] = lev
        _invalid_by_one_slip(f, l, r, inv, nd, swap, first_diff, dob_same, agree, out)
    return out, ham


def _invalid_by_one_slip(f: Features, l: np.ndarray, r: np.ndarray, inv: np.ndarray,
                         nd: np.ndarray, swap: np.ndarray, first_diff: np.ndarray,
                         dob_same: np.ndarray, agree: np.ndarray, out: np.ndarray) -> None:
    """A NIK made invalid by one slip (a digit, or two adjacent digits swapped) in its region
    or date digits (province 19, day 39, month 13) that is otherwise the other record's
    complete valid NIK: the slip shows, ``one_typo`` (in place), as for two valid NIKs
    (docs/domain.md: a slip in digits 7-12 makes the NIK's date disagree with TANGGAL LAHIR;
    one in digits 1-6 a region that does not exist). In the date digits, both birth-date
    columns must agree with the valid NIK's date (else the NIKs may encode two dates)."""
    kl, kr = f.nik_kind[l], f.nik_kind[r]
    pair = ((kl == NIK_INVALID) & (kr == NIK_FULL)) | ((kl == NIK_FULL) & (kr == NIK_INVALID))
    # (a swap's second digit must be a region or date digit too)
    one_slip = (nd == 1) | (swap & (first_diff < 11))
    cand = np.flatnonzero(inv & pair & one_slip & (f.nik_known[l] >= 16) & (f.nik_known[r] >= 16))
    if not len(cand):
        return
    bad = np.where(kl[cand] == NIK_INVALID, l[cand], r[cand])
    valid = np.where(kl[cand] == NIK_FULL, l[cand], r[cand])
    # 16 digits as written: not a longer ID that starts the same way
    length_ok = np.array([len(str(x)) == 16 for x in f.nik_text[bad]], dtype=bool)
    fd = first_diff[cand]
    in_date = (fd >= 6) & (fd < 12) & dob_same[cand] & agree[valid]
    out[cand[length_ok & ((fd < 6) | in_date)]] = LEVELS["nik"].index("one_typo")


def district_bits(f: Features, l: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Bits of two NIKs at level ``region_known`` where both are complete or number-damaged
    (Excel kept a few leading digits, "3.32001E+15"): they agree on the district of first
    issue (digits 1-6), worth as much as that district is rare among the records of its
    regency (the regency itself is counted on its own, score.region_bits), as for a NIK
    masked down to 10 digits. Where both are rounded, or a complete NIK does not round to the
    other's digits (a slip in its hidden digits may have rounded it the other way), the
    district is one of two (the shown one, or the one below it when the 7th digit rounded it
    up): half as rare. NaN for other pairs (masked NIKs keep the configured weight)."""
    out = np.full(len(l), np.nan)
    kl, kr = f.nik_kind[l], f.nik_kind[r]
    ok = np.isin(kl, (NIK_FULL, NIK_DAMAGED)) & np.isin(kr, (NIK_FULL, NIK_DAMAGED)) & \
        (f.nik_known[l] >= 6) & (f.nik_known[r] >= 6)
    if not ok.any():
        return out
    rows = np.flatnonzero(ok)
    a, b = l[rows], r[rows]
    side = np.where(f.nik_known[a] >= f.nik_known[b], a, b)
    whole, rounds = _rounds_to(f, a, b, np.minimum(f.nik_known[a], f.nik_known[b]))
    rounded_both = (f.nik_known[a] < 16) & (f.nik_known[b] < 16)
    one_of_two = rounded_both | (whole & ~rounds)
    share = key_counts(f, "nik_region6")[side] / np.maximum(key_counts(f, "nik_region4")[side], 1)
    share = np.where(one_of_two, 2.0 * share, share)
    out[rows] = np.log2(0.95 / np.clip(share, 1e-12, 1.0))
    return out


def _rounds_to(f: Features, l: np.ndarray, r: np.ndarray,
               known: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per pair (NIKs keeping ``known`` < 16 leading digits on the shorter side): (one NIK is
    complete and the other number-damaged, the damaged one's ``known`` digits are the
    complete NIK rounded to that many significant digits, as Excel rounds it)."""
    kl, kr = f.nik_kind[l], f.nik_kind[r]
    full_l = (kl == NIK_FULL) & (f.nik_known[l] >= 16) & (kr == NIK_DAMAGED)
    full_r = (kr == NIK_FULL) & (f.nik_known[r] >= 16) & (kl == NIK_DAMAGED)
    whole = full_l | full_r
    out = np.zeros(len(l), dtype=bool)
    rows = np.flatnonzero(whole)
    if not len(rows):
        return whole, out
    long_ = np.where(full_l[rows], l[rows], r[rows])
    short = np.where(full_l[rows], r[rows], l[rows])
    k = known[rows].astype(np.int64)
    power = 10 ** np.arange(15, -1, -1, dtype=np.int64)       # 10^15 ... 10^0
    keep = np.arange(16)[None, :] < k[:, None]
    value = (f.nik_digits[long_].astype(np.int64) * power[None, :]).sum(axis=1)
    scale = 10 ** (16 - k)
    rounded = (value + scale // 2) // scale
    shown = (np.where(keep, f.nik_digits[short].astype(np.int64), 0) * power[None, :]).sum(axis=1)
    out[rows] = rounded == shown // scale
    return whole, out


def _unique_pair_apply(codes_l: np.ndarray, codes_r: np.ndarray, values: np.ndarray, func):
    """Apply ``func(list_a, list_b) -> array`` once per distinct pair of value codes."""
    lo = np.minimum(codes_l, codes_r)
    hi = np.maximum(codes_l, codes_r)
    packed = lo.astype(np.int64) * (len(values) + 1) + hi
    uniq, inv = np.unique(packed, return_inverse=True)
    ua = (uniq // (len(values) + 1)).astype(np.int64)
    ub = (uniq % (len(values) + 1)).astype(np.int64)
    res = func([values[i] for i in ua], [values[i] for i in ub])
    return np.asarray(res)[inv]


def _compare_names(f: Features, l: np.ndarray, r: np.ndarray, cfg: MatchConfig):
    L = LEVELS["nama"]
    out = np.zeros(len(l), dtype=np.int8)
    sim = np.zeros(len(l), dtype=np.float32)
    if not len(l):
        return out, sim
    cl, cr = f.name_key_code[l], f.name_key_code[r]
    ok = (cl >= 0) & (cr >= 0)
    same_norm = ok & (f.name_norm_code[l] == f.name_norm_code[r]) & (f.name_norm_code[l] >= 0)
    same_key = ok & (cl == cr)
    out[ok] = L.index("different")
    sim[same_key] = 1.0
    rest = np.flatnonzero(ok & ~same_key)
    if len(rest):
        vals = f.name_keys

        def scores(a, b):
            dist = process.cpdist(a, b, scorer=OSA.distance, workers=-1)
            ratio = process.cpdist(a, b, scorer=OSA.normalized_similarity, workers=-1)
            tsort = process.cpdist(a, b, scorer=fuzz.token_sort_ratio, workers=-1) / 100.0
            tset = process.cpdist(a, b, scorer=fuzz.token_set_ratio, workers=-1) / 100.0
            return np.stack([dist, ratio, tsort, tset], axis=1)

        s = _unique_pair_apply(cl[rest], cr[rest], vals, scores)
        dist, ratio, tsort, tset = s[:, 0], s[:, 1], s[:, 2], s[:, 3]
        # the spelled names too: folding (doubled letters, OE -> U) can make a one-letter slip
        # look like two
        nl, nr = f.name_norm_code[l[rest]], f.name_norm_code[r[rest]]
        both = (nl >= 0) & (nr >= 0)
        if both.any():
            idx = np.flatnonzero(both)
            s2 = _unique_pair_apply(nl[idx], nr[idx], f.name_norms, _osa_scores)
            better = s2[:, 0] < dist[idx]
            dist[idx[better]] = s2[better, 0]
            ratio[idx[better]] = s2[better, 1]
        # the same names in another order (given name and family name swapped)
        swapped_order = np.flatnonzero((tsort > ratio) & (tsort >= 0.8))
        if len(swapped_order):
            sorted_vals = np.array([" ".join(sorted(v.split())) for v in vals], dtype=object)
            s3 = _unique_pair_apply(cl[rest[swapped_order]], cr[rest[swapped_order]],
                                    sorted_vals, _osa_scores)
            better = s3[:, 0] < dist[swapped_order]
            dist[swapped_order[better]] = s3[better, 0]
            ratio[swapped_order[better]] = s3[better, 1]
        lengths = np.array([len(v) for v in vals], dtype=np.int32)
        longest = np.maximum(lengths[cl[rest]], lengths[cr[rest]])
        # token subset: the shorter name's tokens all appear in the longer one (then the
        # token-set ratio is 1, or nearly with one slip: only those pairs are checked)
        subset = np.zeros(len(rest), dtype=bool)
        maybe = np.flatnonzero(tset >= 0.85)
        if len(maybe):
            subset[maybe] = _token_subset(vals, cl[rest[maybe]], cr[rest[maybe]])
        typo = ((dist <= cfg.name_typo_max_edits) & (ratio >= cfg.name_typo_min_similarity)) | \
            ((dist <= 1) & (longest >= 5)) | (tsort >= 0.97)
        # two edits inside one short token make another name (FAUZI / FAUZAN), not a typo
        check = np.flatnonzero(typo & (dist >= 2) & (tsort < 0.97))
        if len(check):
            typo[check] = _unique_pair_apply(cl[rest[check]], cr[rest[check]], vals,
                                             _tokens_typo_only)
        # one slip in each of two tokens (AGUS SANTOSO / AGUSS SANTOSA, EMILY CROKER / EMILUY
        # CROKDER): each token keeps its letters but one, however short the whole name is (the
        # ratio above asks for 15 letters before a name with two slips is a typo)
        two = np.flatnonzero(~typo & (dist == 2))
        if len(two):
            typo[two] = _unique_pair_apply(cl[rest[two]], cr[rest[two]], vals,
                                           _one_slip_in_two_tokens)
        lev = np.where(typo, L.index("typo"),
                       np.where(subset, L.index("subset"),
                                np.where(np.maximum(ratio, tsort) >= cfg.name_similar_min,
                                         L.index("similar"), L.index("different"))))
        # one whole name in common, the other replaced (a given name or a family name)
        diff = np.flatnonzero(lev == L.index("different"))
        if len(diff):
            shared = _shared_token_exact(f, l[rest[diff]], r[rest[diff]])
            # a long token with one slip: checked only where the sorted names are alike
            fuzzy = np.flatnonzero(~shared & (tsort[diff] >= 0.5))
            if len(fuzzy):
                shared[fuzzy] = _unique_pair_apply(cl[rest[diff[fuzzy]]], cr[rest[diff[fuzzy]]],
                                                   vals, _shares_token).astype(bool)
            lev[diff[shared]] = L.index("shared_token")
        out[rest] = lev
        sim[rest] = np.maximum(ratio, np.maximum(tsort, np.where(subset, tset, 0)))
    out[same_key] = L.index("key")
    out[same_norm] = L.index("exact")
    return out, sim


def _osa_scores(a, b) -> np.ndarray:
    """(edit distance with transpositions, normalised similarity) per pair of strings."""
    return np.stack([process.cpdist(a, b, scorer=OSA.distance, workers=-1),
                     process.cpdist(a, b, scorer=OSA.normalized_similarity, workers=-1)],
                    axis=1)


def _token_matrix(values: np.ndarray, width: int = 6) -> np.ndarray:
    """Token ids (tokens of 3+ letters) per value, padded with -1: (len(values), width)."""
    vocab: dict[str, int] = {}
    out = np.full((len(values), width), -1, dtype=np.int64)
    for i, v in enumerate(values):
        toks = [t for t in str(v).split() if len(t) >= 3][:width]
        for j, t in enumerate(toks):
            out[i, j] = vocab.setdefault(t, len(vocab))
    return out


def _shared_token_exact(f: Features, l: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Vectorised: the two names (spelled or folded) have a token of 3+ letters in common."""
    res = np.zeros(len(l), dtype=bool)
    for cache, codes, values in (("#tokens_key", f.name_key_code, f.name_keys),
                                 ("#tokens_norm", f.name_norm_code, f.name_norms)):
        mat = f.keys.get(cache)
        if mat is None:
            mat = _token_matrix(values)
            f.keys[cache] = mat
        cl, cr = codes[l], codes[r]
        ok = (cl >= 0) & (cr >= 0)
        if not ok.any() or not len(mat):
            continue
        a = mat[np.maximum(cl, 0)]
        b = mat[np.maximum(cr, 0)]
        hit = ((a[:, :, None] == b[:, None, :]) & (a[:, :, None] >= 0)).any(axis=(1, 2))
        res |= hit & ok
    return res


def _shares_token(a, b) -> np.ndarray:
    """A whole name token in common (a long one may carry one typo)."""
    res = []
    for x, y in zip(a, b):
        tx = [t for t in x.split() if len(t) >= 3]
        ty = [t for t in y.split() if len(t) >= 3]
        res.append(any(u == v or (min(len(u), len(v)) >= 5 and OSA.distance(u, v) <= 1)
                       for u in tx for v in ty))
    return np.array(res, dtype=bool)


def _tokens_typo_only(a, b) -> np.ndarray:
    res = []
    for x, y in zip(a, b):
        tx, ty = x.split(), y.split()
        if len(tx) != len(ty):
            res.append(x.replace(" ", "") == y.replace(" ", "") or
                       OSA.distance(x.replace(" ", ""), y.replace(" ", "")) <= 1)
            continue
        res.append(all(u == v or OSA.normalized_similarity(u, v) >= 0.75
                       for u, v in zip(tx, ty)))
    return np.array(res, dtype=bool)


def _one_slip_in_two_tokens(a, b) -> np.ndarray:
    """The same tokens in the same order, two of them with one slip each (an edit or two
    adjacent letters swapped), each of those at least four letters long: a one-letter slip in
    a three-letter name makes another name (ADI / ALI), as two slips in one token do (FAUZI /
    FAUZAN, which the edit distance of the whole name already leaves out)."""
    res = []
    for x, y in zip(a, b):
        tx, ty = x.split(), y.split()
        if len(tx) != len(ty):
            res.append(False)
            continue
        slips = [(u, v) for u, v in zip(tx, ty) if u != v]
        res.append(len(slips) == 2 and all(min(len(u), len(v)) >= 4 and OSA.distance(u, v) == 1
                                           for u, v in slips))
    return np.array(res, dtype=bool)


def _token_subset(vals: np.ndarray, cl: np.ndarray, cr: np.ndarray) -> np.ndarray:
    def func(a, b):
        res = []
        for x, y in zip(a, b):
            tx, ty = x.split(), y.split()
            short, long_ = (tx, ty) if len(tx) <= len(ty) else (ty, tx)
            if len(short) == len(long_) or not short:
                res.append(False)
                continue
            # the kept tokens must carry a real name, not only an initial
            if sum(len(t) for t in short) < 4:
                res.append(False)
                continue
            it = iter(long_)
            res.append(all(any(t == u or (len(t) >= 5 and Levenshtein.distance(t, u) <= 1)
                               for u in it) for t in short))
        return np.array(res, dtype=bool)

    return _unique_pair_apply(cl, cr, vals, func).astype(bool)


def _compare_dob(f: Features, l: np.ndarray, r: np.ndarray) -> np.ndarray:
    L = LEVELS["tanggal_lahir"]
    out = np.zeros(len(l), dtype=np.int8)
    if not len(l):
        return out
    yl, ml, dl_ = f.dob_y[l], f.dob_m[l], f.dob_d[l]
    yr, mr, dr_ = f.dob_y[r], f.dob_m[r], f.dob_d[r]
    ok = (yl > 0) & (yr > 0)
    exact = ok & (yl == yr) & (ml == mr) & (dl_ == dr_)
    swapped = ok & (yl == yr) & (ml == dr_) & (dl_ == mr) & (ml != dl_)
    # one digit off in yyyymmdd, or two adjacent digits swapped (1918 / 1981, 12 / 21): one
    # typing slip either way, as for the NIK's digits
    sl = _dob_digits(yl, ml, dl_)
    sr = _dob_digits(yr, mr, dr_)
    differ = sl != sr
    nd = differ.sum(axis=1)
    one = ok & ((nd == 1) | ((nd == 2) & _adjacent_swap(sl, sr, differ)))
    same_year = ok & (yl == yr)
    out[ok] = L.index("different")
    out[same_year] = L.index("same_year")
    out[one] = L.index("one_digit")
    out[swapped] = L.index("swapped")
    out[exact] = L.index("exact")
    _nik_settles_date(f, l, r, ok & (yl == yr) & ~exact, out)
    if f.dob_dm is not None:
        _compare_day_month(f, l, r, ~ok, out)
    return out


def _nik_settles_date(f: Features, l: np.ndarray, r: np.ndarray, todo: np.ndarray,
                      out: np.ndarray) -> None:
    """Pairs whose two full dates of one year disagree, but whose NIKs both encode the same
    date (digits 7-12, also masked: the date digits stay visible) and it is one record's date,
    while the other record's column is a placeholder birthday (1 Jan, 1 Jul, 31 Dec) or that
    date with day and month swapped: the NIK settles it, the other column is a placeholder
    or a slip. ``nik_confirmed`` (in place)."""
    L = LEVELS["tanggal_lahir"]
    swapped = out == L.index("swapped")
    rows = np.flatnonzero(todo & (swapped | f.dob_placeholder[l] | f.dob_placeholder[r]))
    if not len(rows):
        return
    a, b = l[rows], r[rows]
    # both NIKs encode the same date, and it is a's column (resp. b's)
    same = nik_dates_equal(f, a, b)
    a_ok = same & nik_date_fits(f, a, a)
    b_ok = same & nik_date_fits(f, b, b)
    ph = f.dob_placeholder
    settled = (a_ok & (ph[b] | swapped[rows])) | (b_ok & (ph[a] | swapped[rows]))
    out[rows[settled]] = L.index("nik_confirmed")


def _compare_day_month(f: Features, l: np.ndarray, r: np.ndarray, todo: np.ndarray,
                       out: np.ndarray) -> None:
    """Pairs without two full dates whose day and month are known on both sides (a year
    starred, or day and month only from a masked NIK): ``day_month_agree``, ``swapped``,
    ``one_digit`` (in ddmm) or ``different`` (in place)."""
    L = LEVELS["tanggal_lahir"]
    dm = f.dob_dm
    assert dm is not None
    a, b = dm[l], dm[r]
    sel = todo & (a >= 0) & (b >= 0)
    if not sel.any():
        return
    da, ma, db, mb = a // 100, a % 100, b // 100, b % 100
    digits_a = np.stack([da // 10, da % 10, ma // 10, ma % 10], axis=1)
    digits_b = np.stack([db // 10, db % 10, mb // 10, mb % 10], axis=1)
    one = (digits_a != digits_b).sum(axis=1) == 1
    swap = (da == mb) & (ma == db) & (da != ma)
    lev = np.where(a == b, L.index("day_month_agree"),
                   np.where(swap, L.index("swapped"),
                            np.where(one, L.index("one_digit"), L.index("different"))))
    out[sel] = lev[sel]


def _adjacent_swap(a: np.ndarray, b: np.ndarray, differ: np.ndarray) -> np.ndarray:
    """Per row of two digit matrices that differ in exactly two places: those two places are
    next to each other and hold each other's digits."""
    first = np.argmax(differ, axis=1)
    second = np.minimum(first + 1, a.shape[1] - 1)
    rows = np.arange(len(a))
    return differ[rows, second] & (a[rows, first] == b[rows, second]) & \
        (a[rows, second] == b[rows, first])


def _dob_digits(y, m, d) -> np.ndarray:
    y, m, d = y.astype(np.int32), m.astype(np.int32), d.astype(np.int32)
    return np.stack([y // 1000, y // 100 % 10, y // 10 % 10, y % 10, m // 10, m % 10,
                     d // 10, d % 10], axis=1)


def _compare_sex(f: Features, l: np.ndarray, r: np.ndarray) -> np.ndarray:
    L = LEVELS["jenis_kelamin"]
    sl, sr = f.sex[l], f.sex[r]
    ok = (sl > 0) & (sr > 0)
    out = np.zeros(len(l), dtype=np.int8)
    out[ok & (sl == sr)] = L.index("agree")
    out[ok & (sl != sr)] = L.index("disagree")
    return out


def _compare_codes(codes: np.ndarray, l: np.ndarray, r: np.ndarray, field: str) -> np.ndarray:
    L = LEVELS[field]
    cl, cr = codes[l], codes[r]
    ok = (cl >= 0) & (cr >= 0)
    out = np.zeros(len(l), dtype=np.int8)
    out[ok & (cl == cr)] = L.index("exact")
    out[ok & (cl != cr)] = L.index("different")
    return out


def _compare_nkk(f: Features, l: np.ndarray, r: np.ndarray) -> np.ndarray:
    L = LEVELS["nkk"]
    out = _compare_codes(f.nkk_code, l, r, "nkk")
    # masked family cards: the region and issue date of the card (first 12 digits)
    cl, cr = f.nkk12_code[l], f.nkk12_code[r]
    part = (out == 0) & (cl >= 0) & (cr >= 0)
    out[part & (cl == cr)] = L.index("exact_known")
    out[part & (cl != cr)] = L.index("different")
    # masked down to 10 digits (region + day and month of the card's issue)
    if f.nkk10_code is not None:
        cl, cr = f.nkk10_code[l], f.nkk10_code[r]
        part = (out == 0) & (cl >= 0) & (cr >= 0)
        out[part & (cl == cr)] = L.index("exact_known")
        out[part & (cl != cr)] = L.index("different")
    return out


def _compare_tempat(f: Features, l: np.ndarray, r: np.ndarray) -> np.ndarray:
    L = LEVELS["tempat_lahir"]
    out = _compare_codes(f.tempat_code, l, r, "tempat_lahir")
    diff = np.flatnonzero(out == L.index("different"))
    if len(diff):
        vals = f.tempat_values

        def func(a, b):
            return process.cpdist(a, b, scorer=fuzz.ratio, workers=-1) / 100.0

        s = _unique_pair_apply(f.tempat_code[l[diff]], f.tempat_code[r[diff]], vals, func)
        out[diff[s >= 0.8]] = L.index("similar")
    return out


def _compare_location(f: Features, l: np.ndarray, r: np.ndarray) -> np.ndarray:
    L = LEVELS["lokasi"]
    out = np.zeros(len(l), dtype=np.int8)
    kl, kr = f.kel_code[l], f.kel_code[r]
    ok = (kl >= 0) & (kr >= 0)
    out[ok] = L.index("different")
    out[ok & (kl == kr)] = L.index("same_kelurahan")
    al, ar = f.household_code[l], f.household_code[r]
    out[(al >= 0) & (al == ar)] = L.index("same_address")
    # the same street address written a little differently (typo, a word more or less)
    sl, sr = f.alamat_code[l], f.alamat_code[r]
    cand = np.flatnonzero((out != L.index("same_address")) & (sl >= 0) & (sr >= 0))
    if len(cand):
        def func(a, b):
            return process.cpdist(a, b, scorer=fuzz.token_set_ratio, workers=-1) / 100.0

        sim = _unique_pair_apply(sl[cand], sr[cand], f.alamat_values, func)
        out[cand[sim >= 0.85]] = L.index("similar_address")
    return out
