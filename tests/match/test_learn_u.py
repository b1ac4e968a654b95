"""u learned from random pairs of the list (match/learn.py: the u sample)."""

import math

import numpy as np
import pytest

import dptclean.synth as S
from dptclean.match.config import MatchConfig
from dptclean.match.features import build_features
from dptclean.match.learn import (
    U_SAMPLE_RECORDS,
    _pool_order,
    in_u_sample,
    list_u_sample,
    record_hash,
)
from dptclean.match.pipeline import active_mask, find_duplicates
from dptclean.normalize import normalize_voters


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


def test_the_number_of_kelurahan_teaches_the_u_of_same_kelurahan(voters):
    few = find_duplicates(_with_kelurahan(voters, 3))
    many = find_duplicates(_with_kelurahan(voters, 300))
    u_few = _lokasi(few, "same_kelurahan")["u_learned"]
    u_many = _lokasi(many, "same_kelurahan")["u_learned"]
    # random pairs share one of 3 kelurahan a third of the time, one of 300 about 1/300
    assert 0.25 < u_few < 0.42
    assert 0.002 < u_many < 0.006
    w_few = few.config.weights["lokasi"]["same_kelurahan"]
    w_many = many.config.weights["lokasi"]["same_kelurahan"]
    # (a kelurahan never weighs more than the same address, whose u stays as configured)
    assert w_many > w_few + 2
    assert w_many <= many.config.weights["lokasi"]["same_address"]
    # the configured u (m_prior / 2^weight) is the same for both: the list made the difference
    assert _lokasi(few, "same_kelurahan")["u_prior"] == _lokasi(many, "same_kelurahan")["u_prior"]


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


def test_fixed_weights_learn_no_u(voters):
    norm = normalize_voters(voters)
    res = find_duplicates(norm, MatchConfig(learn_weights=False))
    assert "learned_weights" not in res.stats
    assert res.config.weights == MatchConfig().weights


def test_levels_out_of_order_are_pooled_not_dragged():
    # a kelurahan the list shows rarely weighs more than a similar street address (random
    # neighbours share street names): the two are pooled, at log2(sum m / sum u); the levels
    # above and below, in order, are untouched (clamping would drag `different` down too)
    w = {"same_address": 6.0, "similar_address": -1.0, "same_kelurahan": 5.0, "different": -0.5}
    m = {"same_address": 0.35, "similar_address": 0.05, "same_kelurahan": 0.1, "different": 0.5}
    u = {lv: m[lv] / 2 ** w[lv] for lv in w}
    _pool_order(w, ("same_address", "similar_address", "same_kelurahan", "different"), m)
    pooled = math.log2((m["similar_address"] + m["same_kelurahan"])
                       / (u["similar_address"] + u["same_kelurahan"]))
    assert w["similar_address"] == w["same_kelurahan"] == round(pooled, 4)
    assert w["same_address"] == 6.0 and w["different"] == -0.5
    # and a violation reaching the bottom pools it too
    w2 = {"same_address": 6.0, "similar_address": -1.0, "same_kelurahan": -1.0, "different": 0.0}
    u2 = {lv: m[lv] / 2 ** w2[lv] for lv in w2}
    _pool_order(w2, ("same_address", "similar_address", "same_kelurahan", "different"), m)
    low = ("similar_address", "same_kelurahan", "different")
    pooled2 = math.log2(sum(m[lv] for lv in low) / sum(u2[lv] for lv in low))
    assert all(w2[lv] == round(pooled2, 4) for lv in low)


def test_the_birthplace_and_a_move_keep_the_configured_u(voters):
    # everyone born in one town: random pairs always agree on the birthplace (u = 1), which
    # would take the agreement's weight to about log2(m) < 0; the configured u is kept, so only
    # the learned m moves the weight. The same for `lokasi.different` (a move is charged once,
    # by the family card's configured u: learn.U_HOUSEHOLD)
    one_town = voters.copy()
    one_town["tempat_lahir"] = "JEPARA"
    res = find_duplicates(normalize_voters(one_town))
    fields = res.stats["learned_weights"]["fields"]
    for fld, lv in (("tempat_lahir", "exact"), ("lokasi", "different")):
        row = fields[fld]["levels"][lv]
        assert "u_learned" not in row, (fld, lv, row)
        expected = row["configured"] + math.log2(row["m_learned"] / row["m_prior"])
        assert abs(res.config.weights[fld][lv] - expected) < 1e-3, (fld, lv, row)
    assert res.config.weights["tempat_lahir"]["exact"] > 1.0
    # the levels beside them still learn their u from the list
    assert "u_learned" in fields["lokasi"]["levels"]["same_kelurahan"]
