"""dedupe_against: new records against a cleaned list, never the clean list against itself."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dptclean import schema
from dptclean.incremental import combined_frame, dedupe_against, new_mask
from dptclean.match.pipeline import find_duplicates
from dptclean.normalize import normalize_voters


@pytest.fixture(scope="module")
def lists():
    """A cleaned list (a full run's removals dropped) and a batch of new records."""
    from dptclean.synth import generate

    dpt = generate(4000, seed=17).dpt.reset_index(drop=True)
    dpt = dpt.iloc[np.random.default_rng(2).permutation(len(dpt))].reset_index(drop=True)
    dpt[schema.LIST] = pd.Categorical(["DPT"] * len(dpt), categories=["DPT", "DPK"])
    norm = normalize_voters(dpt)
    old, new = norm.iloc[:3600].reset_index(drop=True), norm.iloc[3600:].reset_index(drop=True)
    copy = new.iloc[[0]].assign(**{schema.ALAMAT: "DUKUH PINDAHAN"})  # a new-new duplicate
    new = pd.concat([new, copy], ignore_index=True)
    res = find_duplicates(old)
    drop = res.groups.loc[res.groups["action"] == "remove", "record"].astype(int)
    clean = old.drop(index=drop).reset_index(drop=True)
    return clean, new, old


def pairs(result) -> set[tuple[int, int]]:
    return set(zip(result.pairs["left"].astype(int), result.pairs["right"].astype(int)))


def test_same_pairs_involving_new_records_as_a_full_run(lists):
    clean, new, _ = lists
    both = combined_frame(new, clean)
    full = find_duplicates(both)
    inc = dedupe_against(new, clean, combined=both)
    n = len(clean)
    want = {p for p in pairs(full) if p[1] >= n}
    assert want, "the new batch should hold duplicates"
    assert pairs(inc) == want
    assert any(p[0] < n for p in want) and any(p[0] >= n for p in want)  # new-clean, new-new
    assert inc.stats["incremental"] == {"clean_records": n, "new_records": len(new)}
    assert inc.stats["candidate_pairs"] < full.stats["candidate_pairs"]


def test_the_clean_list_is_never_compared_with_itself(lists):
    _, new, old = lists                      # "old" still holds its own duplicates
    inc = dedupe_against(new, old)
    assert len(pairs(find_duplicates(old))) > 0
    assert all(r >= len(old) for _, r in pairs(inc))
    grouped = inc.groups.groupby("group_id")["record"].max()
    assert (grouped >= len(old)).all()     # every group holds a new record


def test_raw_frames_are_normalised_and_positions_follow_combined_frame(lists):
    clean, new, _ = lists
    raw_new = new[[c for c in new.columns if c in schema.FIELDS or c == schema.LIST]]
    both = combined_frame(raw_new, clean)
    assert len(both) == len(clean) + len(new)
    assert schema.NAMA_NORM in both.columns and both[schema.NAMA_NORM].notna().all()
    mask = new_mask(raw_new, clean)
    assert mask.sum() == len(new) and not mask[: len(clean)].any()
    a = dedupe_against(raw_new, clean)
    b = dedupe_against(new, clean)
    assert pairs(a) == pairs(b)


def test_a_wrong_combined_frame_is_refused(lists):
    clean, new, _ = lists
    with pytest.raises(ValueError):
        dedupe_against(new, clean, combined=clean)
