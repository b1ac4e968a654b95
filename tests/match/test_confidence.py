"""Confidence bands: every group is `sure` or `possible` (perlu verifikasi faktual)."""

import numpy as np
import pytest

import dptclean.synth as S
from dptclean.gates import Gates, Limit, evaluate
from dptclean.match.compare import LEVELS, Compared, level_code
from dptclean.match.config import MatchConfig
from dptclean.match.evaluate import evaluate_groups
from dptclean.match.pipeline import find_duplicates
from dptclean.match.score import sure_links
from dptclean.normalize import normalize_voters
from dptclean.report.model import build_report


def _compared(rows):
    levels = {f: np.array([level_code(f, r.get(f, "unknown")) for r in rows], dtype=np.int8)
              for f in LEVELS}
    n = len(rows)
    return Compared(np.arange(n), np.arange(n) + n, levels, np.ones(n, np.float32),
                    np.zeros(n, np.int16))


SAME = {"nama": "exact", "tanggal_lahir": "exact", "jenis_kelamin": "agree"}


@pytest.mark.parametrize("levels, p, sure", [
    ({**SAME, "nik": "exact"}, 0.8, True),                       # the NIK settles it
    ({**SAME, "nik": "serial_slip"}, 0.8, True),                 # one visible slip
    ({**SAME, "nik": "exact_known"}, 0.9, False),                # masked namesakes
    ({**SAME, "nik": "exact_known"}, 0.995, True),               # ... unless overwhelming
    ({**SAME, "nik": "exact_known", "nkk": "exact_known"}, 0.8, True),  # same family + name
    ({"nama": "similar", "tanggal_lahir": "exact", "nkk": "exact", "nik": "exact_known"},
     0.995, False),                                              # twins-like
    ({"nama": "similar", "tanggal_lahir": "exact", "nkk": "exact", "nik": "exact"},
     0.995, True),                                               # twins have two NIKs
    ({**SAME, "nik": "region_one_off"}, 0.9, False),             # neighbouring district
    # twins are registered together: one family card and date, the units-digit neighbour
    # NIKs, names one letter apart (ALI / ADI) -> twins-like; the same with a visible slip
    # or a transposition in the NIK is one person
    ({"nama": "typo", "tanggal_lahir": "exact", "nkk": "exact", "nik": "serial_one_off"},
     0.98, False),
    ({"nama": "typo", "tanggal_lahir": "exact", "nkk": "exact", "nik": "serial_slip"},
     0.98, True),
    ({"nama": "typo", "tanggal_lahir": "exact", "nkk": "exact", "nik": "transposed"},
     0.98, True),
    ({**SAME, "nik": "exact"}, 0.5, False),                      # below the threshold
    # one family card, one birth date, the name one slip apart: one person (a masked NIK
    # cannot show the twins' neighbour pattern, and twins named alike are `similar`)
    ({"nama": "typo", "tanggal_lahir": "exact", "nkk": "exact_known", "nik": "exact_known",
      "lokasi": "same_address"}, 0.8, True),
    ({"nama": "typo", "tanggal_lahir": "exact", "nkk": "different", "nik": "exact_known"},
     0.8, False),                                                # a slip without the card
    # the family card puts the pair in one household, whose size does not grow with the
    # list: a linked pair below the threshold (a big list's prior) is still one person ...
    ({**SAME, "nik": "exact_known", "nkk": "exact_known"}, 0.5, True),
    ({"nama": "typo", "tanggal_lahir": "exact", "nkk": "exact", "nik": "exact_known"},
     0.4, True),
    # ... even below the link floor (a move to another address costs the posterior what the
    # card does not lose) while the NIKs agree as far as they are visible; NIKs that say two
    # people (two real districts one digit apart, twins' neighbouring serials) need the link
    ({**SAME, "nik": "exact_known", "nkk": "exact_known", "lokasi": "different"}, 0.03, True),
    ({**SAME, "nik": "unknown", "nkk": "exact"}, 0.2, True),
    ({**SAME, "nik": "region_one_off", "nkk": "exact_known"}, 0.2, False),
    ({**SAME, "nik": "different", "nkk": "exact"}, 0.2, False),
    ({"nama": "typo", "tanggal_lahir": "exact", "nkk": "exact", "nik": "serial_one_off"},
     0.2, False),
    # a name given once whole and once without a middle name (`subset`) in one household with
    # one birth date: one person (twins have two names, alike but not one inside the other);
    # with the twins' neighbouring serials, twins-like
    ({"nama": "subset", "tanggal_lahir": "exact", "nkk": "exact_known", "nik": "exact_known"},
     0.5, True),
    ({"nama": "subset", "tanggal_lahir": "exact", "nkk": "exact", "nik": "serial_one_off"},
     0.995, False),
    ({"nama": "subset", "tanggal_lahir": "exact", "nkk": "different", "nik": "exact_known"},
     0.8, False),
    # ... and a date one day apart is not the same person
    ({**SAME, "tanggal_lahir": "one_digit", "nik": "exact_known", "nkk": "exact"}, 0.5,
     False),
    # a year starred: the card (masked to its day and month of issue too) and the day and
    # month do not make a household; the exact name and the threshold as before
    ({**SAME, "tanggal_lahir": "day_month_agree", "nik": "region_known", "nkk": "exact_known"},
     0.8, True),
    ({**SAME, "tanggal_lahir": "day_month_agree", "nik": "region_known", "nkk": "exact_known"},
     0.5, False),
    ({"nama": "typo", "tanggal_lahir": "day_month_agree", "nik": "region_known",
      "nkk": "exact_known"}, 0.9, False),
    # day and month swapped within one family card with the same name: one person (twins
    # share the whole date); with another spelling of the name too, not settled
    ({**SAME, "tanggal_lahir": "swapped", "nik": "exact_known", "nkk": "exact_known"}, 0.5,
     True),
    ({"nama": "typo", "tanggal_lahir": "swapped", "nik": "exact_known", "nkk": "exact_known"},
     0.8, False),
])
def test_sure_links(levels, p, sure):
    c = _compared([levels])
    assert bool(sure_links(c, np.array([p]), MatchConfig())[0]) is sure


@pytest.fixture(scope="module")
def masked():
    data = S.generate(6000, seed=8, mask_nik=True, dpk_rate=0.0)
    norm = normalize_voters(data.dpt.reset_index(drop=True))
    return norm, data.truth_dpt["person_id"].to_numpy(), find_duplicates(norm)


def test_masked_list_has_both_bands_and_sure_is_the_purer(masked):
    norm, pid, res = masked
    g = res.groups
    assert set(g["confidence"]) == {"sure", "possible"}
    assert set(res.pairs["confidence"]) <= {"sure", "possible"}
    sure = evaluate_groups(g[g["confidence"] == "sure"], pid)
    everything = evaluate_groups(g, pid)
    assert sure.precision > everything.precision
    assert everything.recall > sure.recall
    # the record kept in a group is a sure member whenever the group has one
    # (and the one record a group does not count as redundant, also where no keep is proposed)
    has_sure = g.groupby("group_id")["confidence"].apply(lambda s: (s == "sure").any())
    sure_ids = has_sure[has_sure].index
    kept = g[g["action"] == "keep"].set_index("group_id")["confidence"]
    assert (kept[kept.index.intersection(sure_ids)] == "sure").all()
    counted = g[~g["redundant"].astype(bool)].set_index("group_id")["confidence"]
    assert len(counted) == g["group_id"].nunique()
    assert (counted[sure_ids] == "sure").all()


def test_report_counts_sure_groups_and_possible_apart(masked):
    norm, _, res = masked
    report = build_report(norm, res)
    g = res.groups
    sure, possible = g[g["confidence"] == "sure"], g[g["confidence"] == "possible"]
    assert report["duplicates"]["records"] == len(sure)
    assert report["duplicates"]["redundant"] == int(sure["redundant"].sum())
    pd_ = report["possible_duplicates"]
    assert pd_["records"] == len(possible) > 0
    assert pd_["redundant"] == int(possible["redundant"].sum())
    # check gates on sure groups; --include-possible adds the others
    limit = report["duplicates"]["redundant"] / report["dpt"]["records"]
    at_limit = Limit(limit, True, f"{limit * 100}%")
    assert evaluate(Gates(max_duplicate_rate=at_limit), report)[0].passed
    assert not evaluate(Gates(max_duplicate_rate=at_limit, include_possible=True),
                        report)[0].passed


def test_possible_band_starts_at_possible_threshold(masked):
    norm, _, res = masked
    assert (res.pairs["probability"] < 0.7).any()
    # below it only the pairs a family card settles (score.household_links), all sure
    low = res.pairs["probability"] < 0.3
    assert (res.pairs.loc[low, "confidence"] == "sure").all()
    old = find_duplicates(norm, MatchConfig(possible_threshold=0.7))
    assert (old.pairs["probability"] >= 0.7).all()
