import itertools

import numpy as np
import pandas as pd
import pytest

from dptclean.match.blocking import _within_blocks, candidate_pairs, pairs_for_rule
from dptclean.match.config import BlockingRule
from dptclean.match.features import build_features


@pytest.mark.parametrize("sizes", [[2], [1, 3], [4, 1, 2, 5], [7]])
def test_within_blocks_enumerates_every_pair_once(sizes):
    starts = np.cumsum([0] + sizes[:-1])
    left, right = _within_blocks(np.array(starts), np.array(sizes))
    expected = []
    for s, k in zip(starts, sizes):
        expected += list(itertools.combinations(range(s, s + k), 2))
    assert sorted(zip(left.tolist(), right.tolist())) == expected


def _frame(dobs, names, sexes=None):
    n = len(dobs)
    return pd.DataFrame({
        "nama_norm": names, "nama_key": names, "tanggal_lahir_norm": dobs,
        "jenis_kelamin_norm": sexes or ["L"] * n, "nik_norm": [None] * n,
        "nik_status": ["missing"] * n,
    })


def test_rule_skips_oversized_blocks_and_counts_them():
    f = build_features(_frame(["1980-07-01"] * 5 + ["1990-01-02"] * 2, ["A B"] * 7))
    lo, hi, st = pairs_for_rule(f, BlockingRule("dob", ("dob",), max_block_size=4))
    assert st.skipped_blocks == 1 and st.skipped_records == 5
    assert list(zip(lo, hi)) == [(5, 6)]


def test_union_of_passes_has_no_repeats_and_left_below_right():
    f = build_features(_frame(["1980-07-01", "1980-07-01", "1980-07-01"],
                              ["SITI AMINAH", "SITI AMINAH", "SRI WAHYUNI"]))
    rules = (BlockingRule("dob", ("dob",)), BlockingRule("name", ("name_key",)))
    c = candidate_pairs(f, rules)
    pairs = list(zip(c.left.tolist(), c.right.tolist()))
    assert pairs == [(0, 1), (0, 2), (1, 2)]
    assert [s.pairs for s in c.stats] == [3, 1]


def test_empty_keys_never_block_together():
    f = build_features(_frame([None, None, "1980-07-01"], ["A", "A", "B"]))
    lo, hi, _ = pairs_for_rule(f, BlockingRule("dob", ("dob",)))
    assert len(lo) == 0


def _nik_frame(niks, statuses):
    n = len(niks)
    return pd.DataFrame({
        "nama_norm": ["SITI AMINAH"] * n, "nama_key": ["SITI AMINAH"] * n,
        "tanggal_lahir_norm": ["1980-07-01"] * n, "jenis_kelamin_norm": ["P"] * n,
        "nik_norm": niks, "nik_status": statuses,
    })


def test_skip_nik_conflicts_drops_only_pairs_whose_niks_say_two_people():
    niks = ["3320014107800001",   # 0
            "3320014107800002",   # 1: next serial (one digit): kept, the comparison decides
            "3320014107800013",   # 2: two digits from 0: two people
            "3320014107800010",   # 3: 0 with its last two digits swapped: one typo, kept
            "332001410780****",   # 4: masked, the known digits agree with all: kept
            None]                 # 5: no NIK: kept
    statuses = ["valid"] * 4 + ["masked", "missing"]
    f = build_features(_nik_frame(niks, statuses))
    rule = BlockingRule("dob", ("dob",))
    lo, hi, _ = pairs_for_rule(f, rule)
    assert len(lo) == 15
    lo, hi, st = pairs_for_rule(f, BlockingRule("dob", ("dob",), skip_nik_conflicts=True))
    kept = set(zip(lo.tolist(), hi.tolist()))
    assert kept == {p for p in itertools.combinations(range(6), 2)} - {(0, 2), (1, 2), (1, 3)}
    assert st.pairs == len(kept)


def test_skip_nik_conflicts_uses_masked_digits_too():
    # masked NIKs from two districts (two digits apart): two people whatever the name says
    f = build_features(_nik_frame(["332001410780****", "332013410780****"],
                                  ["masked", "masked"]))
    lo, _, _ = pairs_for_rule(f, BlockingRule("dob", ("dob",), skip_nik_conflicts=True))
    assert len(lo) == 0


def test_filtered_pass_makes_exactly_the_pairs_that_need_it():
    from dptclean.match.blocking import _from_needing

    rng = np.random.default_rng(3)
    sizes = rng.integers(1, 9, size=40)
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    need = rng.random(int(sizes.sum())) < 0.3
    left, right = _from_needing(starts, sizes, need)
    got = sorted(zip(left.tolist(), right.tolist()))
    full_l, full_r = _within_blocks(starts, sizes)
    want = sorted((a, b) for a, b in zip(full_l.tolist(), full_r.tolist()) if need[a] or need[b])
    assert got == want


def test_nik_region_scopes_the_birth_date_passes():
    # same date and name, NIKs from two regencies one digit apart in the serial would not
    # matter: the scoped pass never pairs 3320 with 3321; a record without NIK meets both
    niks = ["3320014107800001", "3321014107800009", None]
    f = build_features(_nik_frame(niks, ["valid", "valid", "missing"]))
    scoped = BlockingRule("s", ("nik_region4", "dob"))
    lo, hi, _ = pairs_for_rule(f, scoped)
    assert len(lo) == 0
    star = BlockingRule("u", ("dob",), only_if="no_nik_region")
    lo, hi, _ = pairs_for_rule(f, star)
    assert sorted(zip(lo.tolist(), hi.tolist())) == [(0, 2), (1, 2)]
    tail = BlockingRule("t", ("nik_tail",))
    f2 = build_features(_nik_frame(["3320014107800001", "3302014107800001"],
                                   ["valid", "valid"]))
    lo, _, _ = pairs_for_rule(f2, tail)
    assert len(lo) == 1


def _voter(nik, nama, kel, nkk, dob="1980-07-01", jk="P"):
    return {"nik_norm": nik, "nik_status": "valid", "nama_norm": nama, "nama_key": nama,
            "tanggal_lahir_norm": dob, "jenis_kelamin_norm": jk, "nkk_norm": nkk,
            "nkk_status": "valid", "kelurahan": kel, "alamat": "JL " + kel}


@pytest.mark.parametrize("pos", range(6, 16))
@pytest.mark.parametrize("slip", ["name", "move", "both"])
def test_one_digit_nik_slip_in_digits_7_to_16_is_a_candidate(pos, slip):
    """The copy with one NIK digit of 7-16 typed wrong, and a name slip and/or a move, is still
    compared with the original (the default blocking), for any wrong digit."""
    from dptclean.match.config import DEFAULT_BLOCKING

    nik = "3320014107800003"
    others = [_voter(f"33200{i % 9 + 1}4107800{i:03d}", f"ORANG {i}", "B", f"332001010101{i:04d}")
              for i in range(1, 30)]
    for wrong in range(10):
        if wrong == int(nik[pos]):
            continue
        typed = nik[:pos] + str(wrong) + nik[pos + 1:]
        name = "SITI AMINAH" if slip == "move" else "SITI AMINHA"
        kel, nkk = ("A", "3320010101010001") if slip == "name" else ("C", "3320010202020002")
        df = pd.DataFrame([_voter(nik, "SITI AMINAH", "A", "3320010101010001"),
                           _voter(typed, name, kel, nkk)] + others)
        cands = candidate_pairs(build_features(df), DEFAULT_BLOCKING)
        assert (0, 1) in set(zip(cands.left.tolist(), cands.right.tolist())), (pos, wrong)


def test_a_slip_in_the_regency_digits_after_a_move_and_a_name_slip_is_a_candidate():
    # one person: NIK regency digits 3-4 swapped (3320 -> 3302: another regency, so the
    # birth-date passes scoped by regency never meet), a name slip, and a move
    from dptclean.match.config import DEFAULT_BLOCKING

    df = pd.DataFrame({
        "nama_norm": ["AHMAD FAUZI", "AHMAD FAUZY", "AHMAD FAUZI"],
        "nama_key": ["AHMAD FAUZI", "AHMAD FAUZY", "AHMAD FAUZI"],
        "tanggal_lahir_norm": ["1980-07-01"] * 3, "jenis_kelamin_norm": ["L"] * 3,
        "nik_norm": ["3320010107800003", "3302010107800003", "3320010107800007"],
        "nik_status": ["valid"] * 3,
    })
    f = build_features(df)
    cands = candidate_pairs(f, DEFAULT_BLOCKING)
    assert (0, 1) in set(zip(cands.left.tolist(), cands.right.tolist()))
    without = tuple(r for r in DEFAULT_BLOCKING if r.name != "nik7_16+initials")
    cands = candidate_pairs(f, without)
    assert (0, 1) not in set(zip(cands.left.tolist(), cands.right.tolist()))


def test_ids_that_are_not_niks_with_a_slip_after_four_characters_meet_on_the_birth_date():
    # one person's ID typed twice (digits swapped), names swapped and one of them mistyped:
    # no name pass pairs them, the ID's first four characters and the birth date do
    from dptclean.match.config import DEFAULT_BLOCKING

    df = pd.DataFrame({
        "nama_norm": ["NOVAK BENJAMNI", "BENJAMIN NOVAK"],
        "nama_key": ["NOVAK BENJAMNI", "BENJAMIN NOVAK"],
        "tanggal_lahir_norm": ["1901-06-30"] * 2, "jenis_kelamin_norm": [None] * 2,
        "nik_norm": ["5752601", "5752610"], "nik_status": ["invalid:length"] * 2,
    })
    f = build_features(df)
    pairs = set(zip(*(x.tolist() for x in (candidate_pairs(f, DEFAULT_BLOCKING).left,
                                           candidate_pairs(f, DEFAULT_BLOCKING).right))))
    assert (0, 1) in pairs
    without = tuple(r for r in DEFAULT_BLOCKING if r.name != "nik_text4+dob")
    c = candidate_pairs(f, without)
    assert (0, 1) not in set(zip(c.left.tolist(), c.right.tolist()))


def test_nik_conflict_is_exactly_the_different_level_of_the_comparison():
    # the packed-digit test must agree with compare.nik_levels == "different" on every pair:
    # complete, damaged, masked (12 and 10 digits), invalid and missing NIKs, with digit
    # slips, swaps of neighbours and swaps of distant digits
    from dptclean.match.blocking import nik_conflict
    from dptclean.match.compare import LEVELS, nik_levels

    rng = np.random.default_rng(16)
    base = "3320014107800001"
    niks, statuses = [], []
    for _ in range(300):
        d = list(base)
        for _ in range(int(rng.integers(0, 4))):
            d[int(rng.integers(0, 16))] = str(int(rng.integers(0, 10)))
        if rng.random() < 0.3:
            i = int(rng.integers(0, 15))
            j = i + 1 if rng.random() < 0.7 else int(rng.integers(0, 16))
            d[i], d[j] = d[j], d[i]
        text, status = "".join(d), "valid"
        roll = rng.random()
        if roll < 0.15:
            text, status = text[:12] + "****", "masked"
        elif roll < 0.2:
            text, status = text[:10] + "******", "masked"
        elif roll < 0.25:
            text, status = text[:15] + "0", "number_damaged"
        elif roll < 0.3:
            text, status = text[:14], "invalid:length"
        elif roll < 0.33:
            text, status = None, "missing"
        niks.append(text)
        statuses.append(status)
    f = build_features(_nik_frame(niks, statuses))
    lo, hi = (np.array(x, dtype=np.int64) for x in zip(*itertools.combinations(range(300), 2)))
    want = nik_levels(f, lo, hi) == LEVELS["nik"].index("different")
    got = nik_conflict(f, lo, hi)
    assert want.any() and (~want).any()
    assert np.array_equal(got, want)


def _kec_frame(rows):
    """rows: (nik, nik_status, nama, kelurahan, kecamatan, kabupaten)."""
    return pd.DataFrame({
        "nik_norm": [r[0] for r in rows], "nik_status": [r[1] for r in rows],
        "nama_norm": [r[2] for r in rows], "nama_key": [r[2] for r in rows],
        "tanggal_lahir_norm": ["1975-06-06"] * len(rows), "jenis_kelamin_norm": [None] * len(rows),
        "kelurahan": [r[3] for r in rows], "kecamatan": [r[4] for r in rows],
        "kabupaten": [r[5] for r in rows],
    })


def test_records_without_a_complete_nik_meet_on_kecamatan_and_birth_date():
    # one person without a usable NIK, typed twice: the name in another order with a slip, the
    # kelurahan with a slip too (no name or kelurahan pass pairs them); the kecamatan and the
    # birth date do, within the kabupaten (Sukajadi is a kecamatan of Bandung and of Palembang)
    from dptclean.match.config import DEFAULT_BLOCKING

    rule = next(r for r in DEFAULT_BLOCKING if r.name == "kecamatan+dob")
    df = _kec_frame([
        (None, "missing", "SITI AMINAH", "SUKAWARNA", "SUKAJADI", "KOTA BANDUNG"),
        ("1804974", "invalid:length", "AMINAH SITTI", "SUKAWARNAH", "Sukajadi ", "Kota Bandung"),
        (None, "missing", "RINA WATI", "SUKARAMI", "SUKAJADI", "KOTA PALEMBANG"),
        ("3273010606750001", "valid", "DEWI LESTARI", "SUKAGALIH", "SUKAJADI", "KOTA BANDUNG"),
        ("3273010606750002", "valid", "SRI WAHYUNI", "SUKABUNGAH", "SUKAJADI", "KOTA BANDUNG"),
    ])
    f = build_features(df)
    lo, hi, _ = pairs_for_rule(f, rule)
    pairs = set(zip(lo.tolist(), hi.tolist()))
    # 0-1 found; 0-2 another kabupaten; 3-4 two complete NIKs settle it (not this pass)
    assert pairs == {(0, 1), (0, 3), (0, 4), (1, 3), (1, 4)}
    assert (0, 1) in set(zip(*(x.tolist() for x in (lambda c: (c.left, c.right))(
        candidate_pairs(f, DEFAULT_BLOCKING)))))
    without = tuple(r for r in DEFAULT_BLOCKING if r.name != "kecamatan+dob")
    c = candidate_pairs(f, without)
    assert (0, 1) not in set(zip(c.left.tolist(), c.right.tolist()))


def test_kecamatan_key_is_empty_without_the_column():
    from dptclean.match.features import blocking_key

    df = _kec_frame([(None, "missing", "SITI AMINAH", "A", None, None)] * 2)
    assert (blocking_key(build_features(df), "kecamatan") == -1).all()
    assert (blocking_key(build_features(df.drop(columns=["kecamatan"])), "kecamatan") == -1).all()
