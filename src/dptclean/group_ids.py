"""Group numbers that stay put between review rounds.

An operator's field note says "Kelompok 4": after ``dedupe --decisions`` the same people must
still be group 4, even when an earlier group was rejected and disappeared. The matcher numbers
groups 1..G in the order of their first record; :func:`carry_group_numbers` then gives every
group the number its records had in the decisions file (the groups output of the previous
round), and the groups new in this round the numbers after the highest one used before.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from dptclean.decisions import FINGERPRINT, GROUP_ID, RECORD_KEY, record_keys


def _as_int(value: object) -> int | None:
    try:
        x = float(str(value).strip())
    except ValueError:
        return None
    return int(x) if x.is_integer() and x > 0 else None


def previous_numbers(table: pd.DataFrame) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    """(fingerprint, record_key) -> group number and fingerprint -> group number, from a
    groups output (carried-forward blocks ``D1``... have no number and are skipped)."""
    by_key: dict[tuple[str, str], int] = {}
    by_fp: dict[str, int] = {}
    if GROUP_ID not in table.columns or FINGERPRINT not in table.columns:
        return by_key, by_fp
    keys = table[RECORD_KEY].astype(str).tolist() if RECORD_KEY in table.columns \
        else [""] * len(table)
    for gid, fp, key in zip(table[GROUP_ID].tolist(), table[FINGERPRINT].astype(str).tolist(),
                            keys):
        n = _as_int(gid)
        if n is None or not fp:
            continue
        by_key.setdefault((fp, key), n)
        by_fp.setdefault(fp, n)
    return by_key, by_fp


def carry_group_numbers(groups: pd.DataFrame, frame: pd.DataFrame,
                        previous: pd.DataFrame) -> pd.DataFrame:
    """``groups`` (``MatchResult.groups``: record, group_id, ...) renumbered so that a group
    keeps the number most of its records had in ``previous``; a number goes to one group only
    (the one with the most records carrying it; ties to the group found first), and the other
    groups are numbered after the highest previous number, in their current order."""
    if not len(groups):
        return groups
    by_key, by_fp = previous_numbers(previous)
    if not by_fp:
        return groups
    recs = groups["record"].astype("int64").to_numpy()
    keys = record_keys(frame.iloc[recs])
    old = [by_key.get((fp, k), by_fp.get(fp)) for fp, k in
           zip(keys[FINGERPRINT].tolist(), keys[RECORD_KEY].tolist())]
    current = groups["group_id"].astype("int64").tolist()
    votes: dict[int, Counter] = {}
    for gid, n in zip(current, old):
        if n is not None:
            votes.setdefault(gid, Counter())[n] += 1
    claims = sorted(((-count, gid, n) for gid, c in votes.items() for n, count in c.items()))
    new_of: dict[int, int] = {}
    taken: set[int] = set()
    for _, gid, n in claims:
        if gid not in new_of and n not in taken:
            new_of[gid] = n
            taken.add(n)
    nxt = max(max(by_fp.values()), max(taken, default=0)) + 1
    for gid in dict.fromkeys(current):
        if gid not in new_of:
            new_of[gid] = nxt
            nxt += 1
    g = groups.copy()
    g["group_id"] = np.array([new_of[x] for x in current], dtype=np.int64)
    return g.sort_values(["group_id", "record"], kind="stable").reset_index(drop=True)
