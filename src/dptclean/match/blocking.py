"""Candidate pairs: the union of several blocking passes (vectorised).

Each pass groups records that agree on its keys; every pair inside a group is a candidate.
Groups larger than the rule's ``max_block_size`` are skipped (and counted), so the number of
candidates grows near-linearly with the input; the other passes cover what one pass skips.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dptclean.match.compare import LEVELS, nik_levels
from dptclean.match.config import BlockingRule
from dptclean.match.features import Features, blocking_key


@dataclass
class BlockingStats:
    rule: str
    pairs: int = 0
    blocks: int = 0
    skipped_blocks: int = 0
    skipped_records: int = 0


@dataclass
class Candidates:
    left: np.ndarray     # int64 record positions, left < right
    right: np.ndarray
    stats: list[BlockingStats] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.left)


_RADIX_LIMIT = 1 << 62


def combined_key(f: Features, keys: tuple[str, ...]) -> np.ndarray:
    """One int64 code per record for a tuple of keys (-1 if any key is empty)."""
    code = None
    for name in keys:
        k = blocking_key(f, name)
        if code is None:
            code = k.copy()
            continue
        valid = (code >= 0) & (k >= 0)
        width = max(int(k.max()) + 1 if len(k) else 1, 1)
        if len(code) and int(code.max()) >= _RADIX_LIMIT // width:
            code = _dense(code)  # (blocking keys are below 2**31, dense codes below n)
        # (code, k) as one integer, equal exactly when both are: only equality and the order
        # inside a block are used, so no hash pass per key is needed
        code = np.where(valid, code * width + k, -1)
    assert code is not None
    return code


def _dense(code: np.ndarray) -> np.ndarray:
    """The same partition with codes 0..k-1 (-1 stays -1)."""
    out = np.full(len(code), -1, dtype=np.int64)
    ok = code >= 0
    if ok.any():
        out[ok] = pd.factorize(code[ok])[0]
    return out


def pairs_for_rule(f: Features, rule: BlockingRule,
                   restrict: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray,
                                                             BlockingStats]:
    """All pairs (left < right) of records sharing the rule's key."""
    stats = BlockingStats(rule.name)
    code = combined_key(f, rule.keys)
    idx = np.flatnonzero(code >= 0)
    if restrict is not None:
        idx = idx[restrict[idx]]
    if len(idx) < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), stats
    # (the order inside a block does not matter: every pair is made, as (lower, higher), and
    # the union is sorted; numpy's default sort is several times faster than a stable one)
    order = idx[np.argsort(code[idx])]
    keys = code[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    big = sizes > rule.max_block_size
    stats.skipped_blocks = int(big.sum())
    stats.skipped_records = int(sizes[big].sum())
    use = (sizes >= 2) & ~big
    stats.blocks = int(use.sum())
    starts, sizes = starts[use], sizes[use]
    if not len(starts):
        return np.zeros(0, np.int64), np.zeros(0, np.int64), stats
    if rule.only_if:
        # only the records that need the pass, each with its whole block: no pair of two
        # records that do not need it is ever made
        left, right = _from_needing(starts, sizes, record_filter(f, rule.only_if)[order])
    else:
        left, right = _within_blocks(starts, sizes)
    a, b = order[left], order[right]
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    if rule.skip_nik_conflicts and len(lo):
        fits = ~nik_conflict(f, lo, hi)
        lo, hi = lo[fits], hi[fits]
    stats.pairs = len(lo)
    return lo, hi, stats


def rule_keeps(f: Features, rule: BlockingRule, lo: np.ndarray,
               hi: np.ndarray) -> np.ndarray | None:
    """Which of a rule's block pairs it keeps (its ``only_if`` filter and
    ``skip_nik_conflicts``); None when it keeps them all."""
    keep = None
    if rule.only_if:
        need = record_filter(f, rule.only_if)
        keep = need[lo] | need[hi]
    if rule.skip_nik_conflicts and len(lo):
        fits = ~nik_conflict(f, lo, hi)
        keep = fits if keep is None else keep & fits
    return keep


NIK_CHUNK = 1 << 21


def nik_conflict(f: Features, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Pairs whose NIKs say they are two people: the NIK comparison's ``different`` level
    (both keep at least 12 digits, and those differ in two or more places that are not two
    swapped neighbours)."""
    different = LEVELS["nik"].index("different")
    out = np.zeros(len(lo), dtype=bool)
    for s in range(0, len(lo), NIK_CHUNK):
        out[s:s + NIK_CHUNK] = nik_levels(f, lo[s:s + NIK_CHUNK], hi[s:s + NIK_CHUNK]) \
            == different
    return out


def record_filter(f: Features, name: str) -> np.ndarray:
    """Records for which a filtered pass is needed (see config.PAIR_FILTERS)."""
    from dptclean.match.features import NIK_DAMAGED, NIK_INVALID, NIK_MASKED, NIK_NONE

    if name == "damaged_nik":
        return f.nik_kind == NIK_DAMAGED
    if name == "partial_nik":
        return np.isin(f.nik_kind, (NIK_DAMAGED, NIK_MASKED))
    if name == "incomplete_nik":
        from dptclean.match.features import NIK_FULL

        return f.nik_kind != NIK_FULL
    if name == "no_nik_region":
        return blocking_key(f, "nik_region4") < 0
    if name == "masked_nik":
        return f.nik_kind == NIK_MASKED
    if name == "partial_date":
        return (f.dob_y <= 0) & (blocking_key(f, "dob_daymonth") >= 0)
    if name == "weak_identity":
        return np.isin(f.nik_kind, (NIK_NONE, NIK_INVALID)) | (f.dob_y <= 0)
    raise KeyError(name)


def _within_blocks(starts: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions (i, j), i < j, of every pair inside each block [start, start + size)."""
    # each element at offset k of a block pairs with the (size - 1 - k) elements after it
    elem_block = np.repeat(np.arange(len(starts)), sizes)
    block_start = starts[elem_block]
    pos = block_start + (np.arange(len(elem_block)) - np.repeat(np.cumsum(sizes) - sizes, sizes))
    after = (block_start + sizes[elem_block]) - pos - 1
    total = int(after.sum())
    left = np.repeat(pos, after)
    seg_start = np.repeat(np.cumsum(after) - after, after)
    right = left + 1 + (np.arange(total) - seg_start)
    return left.astype(np.int64), right.astype(np.int64)


def _from_needing(starts: np.ndarray, sizes: np.ndarray,
                  need: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions (i, j) of the pairs inside each block with at least one position that
    ``need``s the pass (``need`` is indexed by position), each pair once."""
    elem_block = np.repeat(np.arange(len(starts)), sizes)
    pos = starts[elem_block] + (np.arange(len(elem_block))
                                - np.repeat(np.cumsum(sizes) - sizes, sizes))
    mine = need[pos]
    own, blk = pos[mine], elem_block[mine]
    k = sizes[blk]
    a = np.repeat(own, k)
    b = np.repeat(starts[blk], k) + (np.arange(int(k.sum())) - np.repeat(np.cumsum(k) - k, k))
    # not with itself; a pair of two needing positions is made once, from its first one
    keep = (a != b) & ~(need[b] & (b < a))
    a, b = a[keep], b[keep]
    return np.minimum(a, b).astype(np.int64), np.maximum(a, b).astype(np.int64)


def candidate_pairs(f: Features, rules: tuple[BlockingRule, ...],
                    restrict: np.ndarray | None = None,
                    progress=None) -> Candidates:
    """The union of all passes' pairs, sorted and without repeats."""
    all_l, all_r, stats = [], [], []
    for i, rule in enumerate(rules):
        lo, hi, st = pairs_for_rule(f, rule, restrict)
        all_l.append(lo)
        all_r.append(hi)
        stats.append(st)
        if progress:
            progress("blocking", i + 1, len(rules))
    if not all_l:
        return Candidates(np.zeros(0, np.int64), np.zeros(0, np.int64), stats)
    lo = np.concatenate(all_l)
    hi = np.concatenate(all_r)
    packed = np.sort(lo * np.int64(f.n) + hi)
    if len(packed):
        packed = packed[np.r_[True, packed[1:] != packed[:-1]]]
    return Candidates(packed // f.n, packed % f.n, stats)
