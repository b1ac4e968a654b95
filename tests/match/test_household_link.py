"""A pair its family card settles is linked whatever its probability (issue 17, round 5).

One card (complete, or the 12 digits a masked one keeps: region and whole issue date) is one
household, whose size does not grow with the list; inside it the only other explanation of one
name and one birth date is twins, who have two names. A voter who moved and kept the card shows
another address, which the list-wide posterior counts against the pair (its prior falls with the
list's size): at 1,000,000 masked records such pairs fell below the link floor and were in no
group at all (docs/benchmarks.md, "Issue 17, round 5")."""

import dataclasses

import pandas as pd

from dptclean.match.config import MatchConfig
from dptclean.match.pipeline import find_duplicates
from dptclean.normalize import normalize_voters
from dptclean.schema import map_headers
from tests.builders import KPU_HEADER, voter


def _frame(rows):
    canonical = map_headers(KPU_HEADER)
    columns = [canonical.get(i, h) for i, h in enumerate(KPU_HEADER)]
    return normalize_voters(pd.DataFrame(rows, columns=columns, dtype="string"))


def _moved(i, nik, nkk, alamat, **kw):
    return voter(i, **{"NIK": nik, "NKK": nkk, "NAMA": "SUMARNI", "TANGGAL LAHIR": "31-12-1960",
                       "JENIS KELAMIN": "P", "ALAMAT": alamat,
                       "TEMPAT LAHIR": "JEPARA", **kw})


def _result(second_nik, second_nkk="332001010510****"):
    rows = [_moved(0, "332011711260****", "332001010510****", "DK. TEGALREJO", RT="004"),
            _moved(1, second_nik, second_nkk, "DUKUH KARANGSARI", RT="006")]
    rows += [voter(i) for i in range(2, 40)]
    # a link floor above the pair's probability: as a big list's prior puts it
    cfg = dataclasses.replace(MatchConfig(), possible_threshold=0.999999, threshold=0.999999,
                              sure_threshold=0.9999999)
    return find_duplicates(_frame(rows), cfg)


def _pair(res):
    g = res.groups
    both = g[g["record"].isin([0, 1])]
    return both


def test_one_masked_card_name_and_date_link_the_pair_below_the_link_floor():
    res = _result("332011711260****")
    pair = res.pairs[(res.pairs["left"] == 0) & (res.pairs["right"] == 1)]
    assert len(pair) == 1
    assert float(pair["probability"].iloc[0]) < 0.999999
    assert pair["confidence"].iloc[0] == "sure"
    both = _pair(res)
    assert len(both) == 2 and both["group_id"].nunique() == 1
    assert set(both["confidence"]) == {"sure"}


def test_nik_saying_two_districts_or_another_card_needs_the_posterior():
    # two real districts one digit apart (332011 / 332012): the NIKs say two people
    assert len(_pair(_result("332012711260****"))) == 0
    # another family card: a namesake born that day in that district (the posterior decides)
    assert len(_pair(_result("332011711260****", "332004150317****"))) == 0
