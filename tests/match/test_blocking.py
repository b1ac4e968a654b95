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
