"""Candidate pairs: the union of several blocking passes (vectorised).

Each pass groups records that agree on its keys; every pair inside a group is a candidate.
Groups larger than the rule's ``max_block_size`` are skipped (and counted), so the number of
candidates grows near-linearly with the input; the other passes cover what one pass skips.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dptclean.match.config import BlockingRule
from dptclean.match.features import (
    NIK_DAMAGED,
    NIK_FULL,
    NIK_INVALID,
    NIK_MASKED,
    NIK_NONE,
    Features,
    blocking_key,
)
from dptclean.parallel import run_all


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


def _pack_bits(n: int) -> int:
    """Bits of a record position (0..n-1) packed below a code in one int64."""
    return max(int(n - 1).bit_length(), 1)


def combined_key(f: Features, keys: tuple[str, ...]) -> np.ndarray:
    """One int64 code per record for a tuple of keys (-1 if any key is empty).

    The codes stay below ``2**(62 - bits of a position)``, so that a code and a record
    position fit in one int64 (:func:`_sorted_codes`): a key with few values over a wide
    range (the regency digits of the NIK) is numbered densely first where the product of the
    ranges would not fit."""
    limit = 1 << (62 - _pack_bits(f.n))
    code = None
    for name in keys:
        k = blocking_key(f, name)
        if code is None:
            code = k.copy()
            continue
        width = _width(f, name, k)
        top = int(code.max()) + 1 if len(code) else 1
        if top > limit // width:
            k = _dense_key(f, name, k)
            width = _width(f, "#dense:" + name, k)
        if top > limit // width:
            code = _dense(code)  # (dense codes are below n)
        # (code, k) as one integer, equal exactly when both are: only equality and the order
        # inside a block are used, so no hash pass per key is needed
        code = np.where((code >= 0) & (k >= 0), code * width + k, -1)
    assert code is not None
    return code


def _width(f: Features, name: str, k: np.ndarray) -> int:
    """1 + the largest code of a blocking key (at least 1), kept with the keys."""
    cached = f.keys.get("#width:" + name)
    if cached is None:
        cached = np.array([max(int(k.max()) + 1 if len(k) else 1, 1)])
        f.keys["#width:" + name] = cached
    return int(cached[0])


def _dense_key(f: Features, name: str, k: np.ndarray) -> np.ndarray:
    """A blocking key numbered 0..m-1 (the same partition; -1 stays -1), kept with the keys
    (``blocking_key`` itself keeps its values: some keys are counted by value)."""
    cached = f.keys.get("#dense:" + name)
    if cached is None:
        ok = k >= 0
        if _width(f, name, k) <= max(4 * len(k), 1 << 20):
            # (a wide range of few values: renumbered through a table of the range)
            used = np.zeros(_width(f, name, k), dtype=bool)
            used[k[ok]] = True
            table = np.cumsum(used, dtype=np.int64) - 1
            cached = np.where(ok, table[np.where(ok, k, 0)], -1)
        else:
            cached = _dense(k)
        f.keys["#dense:" + name] = cached
    return cached


def _dense(code: np.ndarray) -> np.ndarray:
    """The same partition with codes 0..k-1 (-1 stays -1)."""
    out = np.full(len(code), -1, dtype=np.int64)
    ok = code >= 0
    if ok.any():
        out[ok] = pd.factorize(code[ok])[0]
    return out


def pairs_for_rule(f: Features, rule: BlockingRule, restrict: np.ndarray | None = None,
                   sorted_cache: dict | None = None) -> tuple[np.ndarray, np.ndarray,
                                                              BlockingStats]:
    """All pairs (left < right) of records sharing the rule's key. ``sorted_cache`` keeps
    the records sorted by a tuple of keys for another rule with the same keys."""
    stats = BlockingStats(rule.name)
    # (the order inside a block does not matter: every pair is made, as (lower, higher), and
    # the union is sorted)
    order, keys = _block_order(f, rule.keys, restrict, sorted_cache)
    if len(order) < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), stats
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


def _block_order(f: Features, keys: tuple[str, ...], restrict: np.ndarray | None,
                 cache: dict | None) -> tuple[np.ndarray, np.ndarray]:
    """The records with every key (and in ``restrict``) ordered by their combined code, and
    their codes in that order; from ``cache`` when a rule with the same keys sorted them."""
    if cache is not None and keys in cache:
        return cache[keys]
    code = combined_key(f, keys)
    if restrict is not None:
        code = np.where(restrict, code, -1)
    out = _sorted_codes(code, f.n)
    if cache is not None:
        cache[keys] = out
    return out


def _sorted_codes(code: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The records whose ``code`` is >= 0, ordered by it, and their codes in that order.

    The pairs (code, position) are sorted as plain integers (a value sort is several times
    faster than an argsort); the records without a code (-1) sort first and are cut off."""
    bits = _pack_bits(n)
    if len(code) and int(code.max()) < (1 << (62 - bits)):
        keyed = code >= 0
        if 2 * int(np.count_nonzero(keyed)) < len(code):
            # few records with the key (the invalid-NIK keys): only those are sorted
            idx = np.flatnonzero(keyed)
            packed = code[idx] << bits
            packed |= idx
            packed.sort()
            return packed & ((1 << bits) - 1), packed >> bits
        packed = code << bits
        packed |= np.arange(len(code), dtype=np.int64)
        packed.sort()
        packed = packed[int(np.searchsorted(packed, 0)):]
        return packed & ((1 << bits) - 1), packed >> bits
    idx = np.flatnonzero(code >= 0)
    keys = code[idx]
    order = np.argsort(keys)
    return idx[order], keys[order]


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
_NIBBLES = np.uint64(0x1111111111111111)


def nik_conflict(f: Features, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Pairs whose NIKs say they are two people: the NIK comparison's ``different`` level
    (both keep at least 12 digits, and those differ in two or more places that are not two
    swapped neighbours), as ``compare.nik_levels`` puts it, without its other levels.

    The digits are compared as packed 4-bit nibbles (one uint64 per NIK, built once): a
    digit difference is a non-zero nibble of the XOR where both digits are known."""
    out = np.zeros(len(lo), dtype=bool)
    packed = _nik_nibbles(f)
    unknown = f.keys.get("#nik_unknown")
    if unknown is None:
        unknown = _unknown(packed)
        f.keys["#nik_unknown"] = unknown
    for s in range(0, len(lo), NIK_CHUNK):
        a, b = lo[s:s + NIK_CHUNK], hi[s:s + NIK_CHUNK]
        va, vb = packed[a], packed[b]
        x = va ^ vb
        # one bit per nibble: differing, and unknown (0xF) on either side
        x |= x >> np.uint64(2)
        x |= x >> np.uint64(1)
        x &= ~(unknown[a] | unknown[b]) & _NIBBLES
        nd = _popcount(x)
        # exactly two differences, next to each other, each the other's digit: a swap
        low = x & (x >> np.uint64(4))
        low_mask = low * np.uint64(0xF)
        high_mask = low_mask << np.uint64(4)
        swapped = ((va & high_mask) >> np.uint64(4)) | ((va & low_mask) << np.uint64(4))
        swap = (nd == 2) & (low != 0) & (swapped == (vb & (low_mask | high_mask)))
        conflict = (nd >= 2) & ~swap
        out[s:s + len(a)] = conflict
    return out


def _unknown(v: np.ndarray) -> np.ndarray:
    """One bit (the lowest of its nibble) per nibble that is 0xF (an unknown digit)."""
    return v & (v >> np.uint64(1)) & (v >> np.uint64(2)) & (v >> np.uint64(3)) & _NIBBLES


def _nik_nibbles(f: Features) -> np.ndarray:
    """Per record: the NIK digits as the 16 nibbles of a uint64 (first digit highest), 0xF
    for an unknown digit; all 0xF (nothing to compare) unless the NIK is comparable digit by
    digit (a complete, damaged or masked NIK that keeps at least 12 digits)."""
    cached = f.keys.get("#nik_nibbles")
    if cached is not None:
        return cached
    d = np.minimum(f.nik_digits, 15).astype(np.uint8)
    keyed = np.isin(f.nik_kind, (NIK_FULL, NIK_DAMAGED, NIK_MASKED)) & (f.nik_known >= 12)
    d[~keyed] = 15
    pairs = np.ascontiguousarray((d[:, 0::2] << 4) | d[:, 1::2])
    packed = pairs.view(">u8").reshape(-1).astype(np.uint64) if f.n else \
        np.zeros(0, dtype=np.uint64)
    f.keys["#nik_nibbles"] = packed
    return packed


def _popcount(x: np.ndarray) -> np.ndarray:
    """Set bits of each uint64."""
    count = getattr(np, "bitwise_count", None)
    if count is not None:
        return count(x).astype(np.int64)
    x = x - ((x >> np.uint64(1)) & np.uint64(0x5555555555555555))
    x = (x & np.uint64(0x3333333333333333)) + ((x >> np.uint64(2)) & np.uint64(0x3333333333333333))
    x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return ((x * np.uint64(0x0101010101010101)) >> np.uint64(56)).astype(np.int64)


def record_filter(f: Features, name: str) -> np.ndarray:
    """Records for which a filtered pass is needed (see config.PAIR_FILTERS)."""
    if name == "damaged_nik":
        return f.nik_kind == NIK_DAMAGED
    if name == "partial_nik":
        return np.isin(f.nik_kind, (NIK_DAMAGED, NIK_MASKED))
    if name == "incomplete_nik":
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
    """The union of all passes' pairs, sorted and without repeats.

    The keys are computed first (the NIK keys and the others in two threads), then the
    passes run in threads, those with the same keys one after another in one thread (they
    share one sort of the records); the pairs are joined in the rules' order."""
    _prepare_keys(f, rules)
    # records sorted by a tuple of keys, kept only for the rules with those keys
    by_keys: dict[tuple[str, ...], list[int]] = {}
    for i, rule in enumerate(rules):
        by_keys.setdefault(rule.keys, []).append(i)

    def run_group(members: list[int]) -> list[tuple[np.ndarray, np.ndarray, BlockingStats]]:
        cache: dict | None = {} if len(members) > 1 else None
        return [pairs_for_rule(f, rules[i], restrict, cache) for i in members]

    groups = list(by_keys.values())
    # the longest groups first, so that two threads finish near together
    order = sorted(range(len(groups)), key=lambda g: -len(groups[g]))
    done = run_all([functools.partial(run_group, groups[g]) for g in order])
    results: list = [None] * len(rules)
    for g, out in zip(order, done):
        for i, res in zip(groups[g], out):
            results[i] = res
    if progress:
        for i in range(len(rules)):
            progress("blocking", i + 1, len(rules))
    stats = [st for _, _, st in results]
    if not results:
        return Candidates(np.zeros(0, np.int64), np.zeros(0, np.int64), stats)
    lo = np.concatenate([r[0] for r in results])
    hi = np.concatenate([r[1] for r in results])
    packed = np.sort(lo * np.int64(f.n) + hi)
    if len(packed):
        packed = packed[np.r_[True, packed[1:] != packed[:-1]]]
    return Candidates(packed // f.n, packed % f.n, stats)


def _prepare_keys(f: Features, rules: tuple[BlockingRule, ...]) -> None:
    """Every blocking key the rules use (and the NIK nibbles of the conflict filter), kept
    in ``f.keys``: the NIK keys in one thread, the others in another. The passes then only
    read them (a key computed twice would be the same array: keys are pure functions of
    the features)."""
    names = sorted({k for rule in rules for k in rule.keys}
                   | {k for rule in rules if rule.only_if
                      for k in _FILTER_KEYS.get(rule.only_if, ())})
    nik = [k for k in names if k.startswith("nik")]
    other = [k for k in names if not k.startswith("nik")]
    conflicts = any(rule.skip_nik_conflicts for rule in rules)

    def nik_side() -> None:
        for name in nik:
            blocking_key(f, name)
        if conflicts:
            packed = _nik_nibbles(f)
            if "#nik_unknown" not in f.keys:
                f.keys["#nik_unknown"] = _unknown(packed)

    def other_side() -> None:
        for name in other:
            blocking_key(f, name)

    run_all([nik_side, other_side])


# the keys that a filtered pass's record filter reads
_FILTER_KEYS = {"no_nik_region": ("nik_region4",), "partial_date": ("dob_daymonth",)}
