"""Weights learned from the list (match/learn.py): m from pairs the list labels itself."""

import numpy as np
import pandas as pd

import dptclean.synth as S
from dptclean.match.compare import LEVELS, level_code
from dptclean.match.config import MatchConfig
from dptclean.match.learn import learn_weights, pack_levels
from dptclean.match.pipeline import find_duplicates
from dptclean.normalize import normalize_voters


def _packed(rows):
    """rows: (count, {field: level}, both NIKs complete)."""
    levels = {f: [] for f in LEVELS}
    full = []
    for count, lv, both in rows:
        for f in LEVELS:
            levels[f] += [level_code(f, lv.get(f, "unknown"))] * count
        full += [both] * count
    return pack_levels({f: np.array(v, dtype=np.int8) for f, v in levels.items()},
                       np.array(full, dtype=bool))


SAME_FAMILY = {"nkk": "exact", "nama": "exact", "tanggal_lahir": "exact"}


def test_a_list_full_of_serial_slips_weighs_the_serial_level_up():
    cfg = MatchConfig()
    rows = [(600, {**SAME_FAMILY, "nik": "exact"}, True),
            (60, {**SAME_FAMILY, "nik": "serial_one_off"}, True),
            (40, {**SAME_FAMILY, "nik": "serial_slip"}, True)]
    learned, summary = learn_weights(cfg, _packed(rows))
    w, w0 = learned.weights["nik"], cfg.weights["nik"]
    assert w["serial_one_off"] > w0["serial_one_off"] + 2
    assert w["serial_slip"] > w0["serial_slip"]
    # constraints: a neighbour never above the slip; `different` stays as configured
    assert w["serial_one_off"] <= w["serial_slip"]
    assert w["different"] == w0["different"]
    assert summary["fields"]["nik"]["labelled_pairs"] == 700
    assert learned.learn_weights is False


def test_pairs_without_a_label_teach_nothing():
    cfg = MatchConfig()
    # NIK one digit off, but the family card differs: not a labelled pair
    rows = [(500, {"nkk": "different", "nama": "exact", "tanggal_lahir": "exact",
                   "nik": "serial_one_off"}, True)]
    learned, summary = learn_weights(cfg, _packed(rows))
    assert learned.weights == cfg.weights
    assert summary["fields"]["nik"]["labelled_pairs"] == 0


def test_a_list_without_name_slips_weighs_them_down_and_keeps_the_order():
    cfg = MatchConfig()
    rows = [(2000, {"nik": "exact", "tanggal_lahir": "exact", "nama": "exact",
                    "jenis_kelamin": "agree", "lokasi": "same_address"}, True)]
    learned, _ = learn_weights(cfg, _packed(rows))
    nama = learned.weights["nama"]
    assert nama["typo"] < cfg.weights["nama"]["typo"]
    order = ("typo", "subset", "similar", "shared_token", "different")
    assert all(nama[a] >= nama[b] for a, b in zip(order, order[1:]))
    assert learned.weights["jenis_kelamin"]["disagree"] < cfg.weights["jenis_kelamin"]["disagree"]


def _slipped_list(n=6000, seed=4):
    """A synthetic list where every copy's NIK has one serial digit retyped (units digit),
    plus plain copies: the list itself shows that one-digit serial differences are slips."""
    data = S.generate(n, seed=seed, dpk_rate=0.0)
    dpt = data.dpt.reset_index(drop=True).copy()
    truth = data.truth_dpt.reset_index(drop=True)
    dup = truth["person_id"].duplicated(keep="first").to_numpy()
    nik = dpt["nik"].astype(str)
    ok = dup & nik.str.fullmatch(r"\d{16}").to_numpy()
    last = nik[ok].str[15].astype(int)
    dpt.loc[ok, "nik"] = nik[ok].str[:15] + ((last + 1) % 10).astype(str)
    return normalize_voters(dpt), truth["person_id"].to_numpy()


def test_learned_run_is_reproduced_by_its_own_config_and_fixed_keeps_configured():
    norm, _ = _slipped_list()
    learned = find_duplicates(norm)
    assert learned.config.learn_weights is False
    info = learned.stats["learned_weights"]["fields"]["nik"]
    assert info["levels"]["serial_one_off"]["pairs"] > 0
    assert learned.config.weights["nik"]["serial_one_off"] > MatchConfig().weights["nik"][
        "serial_one_off"]
    again = find_duplicates(norm, MatchConfig.from_dict(learned.config.to_dict()))
    pd.testing.assert_frame_equal(learned.pairs, again.pairs)
    pd.testing.assert_frame_equal(learned.groups, again.groups)
    fixed = find_duplicates(norm, MatchConfig(learn_weights=False))
    assert fixed.config.weights == MatchConfig().weights
    assert "learned_weights" not in fixed.stats


def test_ids_that_are_not_niks_label_pairs_too():
    # a list whose ID column is not a NIK (the same text, the same birth date: one person)
    cfg = MatchConfig()
    rows = [(300, {"nik": "invalid_equal", "tanggal_lahir": "exact", "nama": "shared_token"},
             False),
            (300, {"nik": "invalid_equal", "tanggal_lahir": "exact", "nama": "exact"}, False)]
    learned, summary = learn_weights(cfg, _packed(rows))
    assert summary["fields"]["nama"]["labelled_pairs"] == 600
    assert learned.weights["nama"]["shared_token"] > cfg.weights["nama"]["shared_token"]


def _true_u(norm, person, positions, given):
    """u of a one-digit NIK level from the truth: pairs of two different people whose complete
    NIKs agree on all digits but one of ``positions``, among the different people's pairs
    agreeing on ``given``."""
    from dptclean.match.features import _full_nik_key, build_features

    f = build_features(norm)

    def different_pairs(key):
        code = _full_nik_key(f, key) if key != "nik" else None
        frame = pd.DataFrame({"k": code, "p": person})[code >= 0]
        total = frame.groupby("k").size().to_numpy(np.int64)
        same = frame.groupby(["k", "p"]).size().to_numpy(np.int64)
        return int((total * (total - 1) // 2).sum() - (same * (same - 1) // 2).sum())

    seen = sum(different_pairs(f"nik_wild{p}") for p in positions)
    return seen / different_pairs(given)


def test_u_of_the_one_digit_nik_levels_is_learned_close_to_the_truth():
    from dptclean.match.learn import U_KEYS

    data = S.generate(20000, seed=7, world=S.WORLDS["slip-any-swaps"], dpk_rate=0.0)
    norm = normalize_voters(data.dpt.reset_index(drop=True))
    person = data.truth_dpt.reset_index(drop=True)["person_id"].to_numpy()
    res = find_duplicates(norm)
    rows = res.stats["learned_weights"]["fields"]["nik"]["levels"]
    for lv, (positions, given) in U_KEYS.items():
        truth = _true_u(norm, person, positions, given)
        got = rows[lv]["u_learned"]
        prior = rows[lv]["u_prior"]
        # within a factor 1.7 of the truth, and much nearer to it than the configured u (off
        # by a factor 1.6 to 21 here): the list, not the prior, decides
        off, off0 = abs(np.log(got / truth)), abs(np.log(prior / truth))
        assert off < np.log(1.7) and off < off0 / 2, (lv, got, truth, prior)
    # the list shows the units digit of the serial far more often between different people
    # than the tens or hundreds: a slip there is weighed as one
    assert rows["serial_upper_one_off"]["u_learned"] < rows["serial_one_off"]["u_learned"] / 10
    w = res.config.weights["nik"]
    assert w["serial_upper_one_off"] > w["serial_one_off"] + 3


def test_without_the_lists_pair_counts_u_stays_as_configured():
    cfg = MatchConfig()
    rows = [(600, {**SAME_FAMILY, "nik": "exact"}, True),
            (20, {**SAME_FAMILY, "nik": "region_one_off"}, True)]
    without, s0 = learn_weights(cfg, _packed(rows))
    counts = {"nik": 600, "nik_full_date": 100000, "nik_full_region_date": 80000,
              **{f"nik_wild{p}": 600 for p in (1, 2, 3, 4, 13, 14, 15, 16)},
              "nik_wild5": 600 + 2000, "nik_wild6": 600 + 20000}
    with_u, s1 = learn_weights(cfg, _packed(rows), counts)
    assert "u_learned" not in s0["fields"]["nik"]["levels"]["region_one_off"]
    # 22,000 of 80,000 same-regency-and-date pairs one district digit apart: weaker evidence
    assert s1["fields"]["nik"]["levels"]["region_one_off"]["u_learned"] > 0.2
    assert with_u.weights["nik"]["region_one_off"] < without.weights["nik"]["region_one_off"]
    # no pair of different people a regency digit apart: stronger (but never above a typo)
    assert with_u.weights["nik"]["regency_one_off"] > without.weights["nik"]["regency_one_off"]
    assert with_u.weights["nik"]["regency_one_off"] <= with_u.weights["nik"]["one_typo"]
