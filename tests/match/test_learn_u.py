"""Learned weights, m and u from the same list (match/learn.py): the order kept by pooling
levels by their support, u from random pairs of the list (the u sample), a move charged once."""

import math

import numpy as np
import pytest

import dptclean.synth as S
from dptclean.match.compare import LEVELS, level_code
from dptclean.match.config import MatchConfig
from dptclean.match.features import build_features
from dptclean.match.learn import (
    KEPT,
    M_PRIOR,
    TF_LEVELS,
    U_KEYS,
    U_MOVED,
    U_RANDOM,
    U_SAMPLE_RECORDS,
    _pool_order,
    in_u_sample,
    learn_weights,
    list_u_sample,
    pack_levels,
    record_hash,
)
from dptclean.match.pipeline import active_mask, find_duplicates
from dptclean.normalize import normalize_voters


def _packed(rows, masked=False):
    """rows: (count, {field: level}); both NIKs complete (or masked)."""
    levels = {f: [] for f in LEVELS}
    n = 0
    for count, lv in rows:
        for f in LEVELS:
            levels[f] += [level_code(f, lv.get(f, "unknown"))] * count
        n += count
    return pack_levels({f: np.array(v, dtype=np.int8) for f, v in levels.items()},
                       np.full(n, not masked), np.full(n, masked))


# labelled for every field but the NIK: the same complete NIK and the same birth date
BY_NIK = {"nik": "exact", "tanggal_lahir": "exact", "nama": "exact", "jenis_kelamin": "agree",
          "tempat_lahir": "exact"}


def _own_weight(cfg, fld, lv, summary):
    row = summary["fields"][fld]["levels"][lv]
    return row["configured"] + math.log2(row["m_learned"] / row["m_prior"])


def test_a_level_the_list_shows_a_handful_of_times_does_not_drag_the_common_one_down():
    # 10,000 labelled pairs: most moved (another kelurahan) or stayed; 5 moved within the
    # kelurahan. Alone, those 5 put `same_kelurahan` far below `different` (m 0.003); the
    # order is kept by pooling the two, weighted by the pairs behind each, so `different`
    # (thousands of pairs) keeps about its own weight instead of falling to the 5 pairs' one
    cfg = MatchConfig()
    rows = [(5900, {**BY_NIK, "nkk": "different", "lokasi": "different"}),
            (4000, {**BY_NIK, "nkk": "exact", "lokasi": "same_address"}),
            (100, {**BY_NIK, "nkk": "exact", "lokasi": "similar_address"}),
            (5, {**BY_NIK, "nkk": "different", "lokasi": "same_kelurahan"})]
    learned, summary = learn_weights(cfg, _packed(rows))
    w = learned.weights["lokasi"]
    own_different = _own_weight(cfg, "lokasi", "different", summary)
    own_kelurahan = _own_weight(cfg, "lokasi", "same_kelurahan", summary)
    assert own_kelurahan < own_different - 3
    assert w["same_kelurahan"] == w["different"]
    assert abs(w["different"] - own_different) < 0.1
    assert w["same_kelurahan"] > own_kelurahan + 3
    order = ("same_address", "similar_address", "same_kelurahan", "different")
    assert all(w[a] >= w[b] for a, b in zip(order, order[1:]))


def test_pooling_weighs_levels_by_their_support_and_never_moves_a_configured_level():
    w = {"a": 2.0, "b": -4.0, "c": 0.0, "d": -1.0}
    _pool_order(w, ("a", "b", "c", "d"), {"a": 100.0, "b": 10.0, "c": 990.0, "d": 50.0})
    # b and c out of order: one weight, their mean weighted 10 : 990
    assert w["b"] == w["c"] == round((-4.0 * 10 + 0.0 * 990) / 1000, 4)
    assert w["a"] == 2.0 and w["d"] == -1.0
    # a level without support (as configured) stays; the learned level pooled with it takes
    # its weight
    w2 = {"typo": 7.0, "shared_token": -12.0, "different": -9.0}
    _pool_order(w2, ("typo", "shared_token", "different"), {"typo": 50.0, "shared_token": 5.0})
    assert w2 == {"typo": 7.0, "shared_token": -9.0, "different": -9.0}


def _u_sample(fields, moved):
    """A u sample summary (learn.u_counts): per field {level: pairs}."""
    out = {"records": 1000, "pairs": 499_500, "fields": {}}
    for fld, levels in fields.items():
        out["fields"][fld] = {"known": sum(levels.values()), "levels": dict(levels)}
    out["moved"] = {"known": sum(moved.values()), "levels": dict(moved)}
    return out


def test_a_move_is_charged_once_and_a_household_keeps_its_configured_weight():
    cfg = MatchConfig()
    rows = [(6000, {**BY_NIK, "nkk": "different", "lokasi": "different"}),
            (300, {**BY_NIK, "nkk": "exact", "lokasi": "different"}),
            (3700, {**BY_NIK, "nkk": "exact", "lokasi": "same_address"})]
    # random pairs: 9 in 10 at different addresses, nearly all with different cards
    sample = _u_sample({"lokasi": {"same_address": 10, "similar_address": 490,
                                   "same_kelurahan": 49_000, "different": 450_000},
                        "nkk": {"exact": 20, "different": 499_480}},
                       moved={"exact": 5, "different": 449_995})
    learned, summary = learn_weights(cfg, _packed(rows), u_sample=sample)
    rows_out = summary["fields"]
    lok = rows_out["lokasi"]["levels"]["different"]
    assert abs(lok["u_learned"] - 450_000 / 499_500) < 0.01
    w_move = learned.weights["lokasi"]["different"]
    # (pooled with `same_kelurahan`, which no labelled pair shows: its prior's 30 pairs
    # against about 6,400)
    assert abs(w_move - math.log2(lok["m_learned"] / lok["u_learned"])) < 0.05
    assert w_move < 0
    # the card's `different`, given the address differs: m = 6000 / 6300, shrunk as if 200
    # pairs had shown the prior -- the configured weight given a move (u at different
    # addresses x 2^configured), not the m assumed for all pairs (0.4) -- u about 1
    nkk = rows_out["nkk"]["levels"]["different"]
    m0 = nkk["u_learned"] * 2.0 ** cfg.weights["nkk"]["different"]
    assert abs(nkk["m_prior"] - m0) < 0.001
    assert abs(nkk["m_learned"] - (6000 + 200 * m0) / (6300 + 200)) < 0.001
    assert nkk["u_of_pairs"] == 450_000
    assert abs(learned.weights["nkk"]["different"]) < 0.2
    # a household (one card, one address) keeps its configured weights: random pairs do not
    # show how often family members share them
    for fld, lv in KEPT:
        if lv in cfg.weights[fld]:
            assert learned.weights[fld][lv] == cfg.weights[fld][lv], (fld, lv)


def test_every_learned_level_has_both_its_m_and_its_u_from_the_list_or_neither():
    # the bug this guards: a learned m against a configured u (lokasi.different's m learned
    # about 0.59, its configured u 0.4: a move counted for the match)
    for fld, prior in M_PRIOR.items():
        for lv in prior:
            key = (fld, lv)
            sources = [key in KEPT, key in TF_LEVELS, key in U_RANDOM, key in U_MOVED,
                       fld == "nik"]
            assert sum(sources) == 1, key
    # the NIK's levels: u from the list's NIK pair counts where two different people can be
    # at them; the slips' u (different people almost never so) stays the configured prior
    assert set(U_KEYS) <= set(M_PRIOR["nik"])


@pytest.fixture(scope="module")
def voters():
    return S.generate(3000, seed=11, dpk_rate=0.0).dpt.reset_index(drop=True)


def _with_kelurahan(dpt, how_many: int):
    """The list with its streets blanked (so a location is only its kelurahan) and every
    record in one of ``how_many`` kelurahan."""
    out = dpt.copy()
    out["alamat"] = None
    rng = np.random.default_rng(3)
    out["kelurahan"] = [f"DESA {k}" for k in rng.integers(0, how_many, len(out))]
    return normalize_voters(out)


def _lokasi(res, level):
    return res.stats["learned_weights"]["fields"]["lokasi"]["levels"][level]


def test_the_number_of_kelurahan_teaches_the_u_of_a_move(voters):
    few = find_duplicates(_with_kelurahan(voters, 3))
    many = find_duplicates(_with_kelurahan(voters, 300))
    u_few = _lokasi(few, "different")["u_learned"]
    u_many = _lokasi(many, "different")["u_learned"]
    # random pairs live in different kelurahan two thirds of the time among 3, nearly always
    # among 300
    assert 0.55 < u_few < 0.75
    assert u_many > 0.98
    # the configured u (m_prior / 2^weight) is the same for both: the list made the difference
    assert _lokasi(few, "different")["u_prior"] == _lokasi(many, "different")["u_prior"]


def test_a_small_list_keeps_the_configured_u_of_the_levels_it_cannot_show(voters):
    small = normalize_voters(voters.iloc[:300].reset_index(drop=True))
    res = find_duplicates(small)
    fields = res.stats["learned_weights"]["fields"]
    assert res.stats["learned_weights"]["u_sample"]["records"] == int(active_mask(
        small, MatchConfig()).sum())
    # levels a few hundred records show a handful of times at most
    for fld, lv in (("nama", "typo"), ("nama", "subset"), ("tanggal_lahir", "swapped")):
        row = fields[fld]["levels"][lv]
        assert row["u_pairs"] < 30
        assert abs(math.log2(row["u_learned"] / row["u_prior"])) < 1.0, (fld, lv, row)
    # a level every pair shows is learned from the list whatever its size
    sex = fields["jenis_kelamin"]["levels"]["agree"]
    assert abs(sex["u_learned"] - sex["u_pairs"] / sex["u_of_pairs"]) < 0.01


def test_the_u_sample_is_the_same_in_any_row_order(voters):
    norm = normalize_voters(voters)
    cfg = MatchConfig()
    f = build_features(norm)
    first = list_u_sample(f, active_mask(norm, cfg), cfg)
    order = np.random.default_rng(0).permutation(len(norm))
    shuffled = norm.iloc[order].reset_index(drop=True)
    f2 = build_features(shuffled)
    second = list_u_sample(f2, active_mask(shuffled, cfg), cfg)
    assert first == second
    assert abs(first["records"] - U_SAMPLE_RECORDS) < 4 * math.sqrt(U_SAMPLE_RECORDS)
    # a record's hash is its content's: the same rows give the same hashes in any part
    h = record_hash(f)
    part = build_features(norm.iloc[1000:1500].reset_index(drop=True))
    assert (record_hash(part) == h[1000:1500]).all()
    assert in_u_sample(h, 100).all()


def test_fixed_weights_learn_nothing(voters):
    norm = normalize_voters(voters)
    res = find_duplicates(norm, MatchConfig(learn_weights=False))
    assert "learned_weights" not in res.stats
    assert res.config.weights == MatchConfig().weights


def test_a_masked_list_learns_by_em_without_the_u_sample():
    # EM on a masked list keeps u as configured (learn.EM_LEARNS_U): the sample is not drawn
    cfg = MatchConfig()
    rows = [(800, {"nik": "exact_known", "nama": "exact", "tanggal_lahir": "exact",
                   "jenis_kelamin": "agree", "nkk": "different", "lokasi": "different"}),
            (200, {"nik": "exact_known", "nama": "typo", "tanggal_lahir": "exact",
                   "jenis_kelamin": "agree", "nkk": "exact_known", "lokasi": "same_address"})]
    packed = _packed(rows, masked=True)

    def no_sample():
        raise AssertionError("the u sample was drawn for a masked list")

    learned, summary = learn_weights(cfg, packed, evidence=np.full(len(packed), 30.0),
                                     log_prior=-20.0, u_sample=no_sample)
    assert summary["method"] == "em_masked"
    assert "u_sample" not in summary
    assert learned.weights["nama"]["typo"] != cfg.weights["nama"]["typo"]
