"""Accuracy against ground truth: pairwise precision, recall and F1.

A pair of records counts as found when the matcher put both in one duplicate group; it is true
when the truth gives both the same person. Pairs are packed as ``left * n + right``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd


@dataclass
class PairScores:
    true_pairs: int
    predicted_pairs: int
    true_positives: int
    precision: float
    recall: float
    f1: float

    def to_dict(self) -> dict:
        return asdict(self)


def _pairs_within(labels: np.ndarray, n: int) -> np.ndarray:
    """Packed pairs of positions that share a label (labels < 0 are singletons)."""
    pos = np.flatnonzero(labels >= 0)
    if len(pos) < 2:
        return np.zeros(0, np.int64)
    order = pos[np.argsort(labels[pos], kind="stable")]
    lab = labels[order]
    starts = np.flatnonzero(np.r_[True, lab[1:] != lab[:-1]])
    sizes = np.diff(np.r_[starts, len(lab)])
    out = []
    for s, k in zip(starts[sizes > 1], sizes[sizes > 1]):
        members = np.sort(order[s:s + k])
        i, j = np.triu_indices(k, 1)
        out.append(members[i] * np.int64(n) + members[j])
    return np.unique(np.concatenate(out)) if out else np.zeros(0, np.int64)


def truth_pairs(person_ids: Sequence | np.ndarray) -> np.ndarray:
    """Packed pairs of records with the same person id."""
    codes, _ = pd.factorize(pd.Series(person_ids), use_na_sentinel=True)
    return _pairs_within(codes.astype(np.int64), len(codes))


def predicted_pairs(groups: pd.DataFrame, n: int) -> np.ndarray:
    """Packed pairs of records in the same duplicate group (``MatchResult.groups``)."""
    labels = np.full(n, -1, dtype=np.int64)
    if len(groups):
        labels[groups["record"].to_numpy(dtype=np.int64)] = groups["group_id"].to_numpy(
            dtype=np.int64)
    return _pairs_within(labels, n)


def score_pairs(predicted: np.ndarray, truth: np.ndarray) -> PairScores:
    tp = int(len(np.intersect1d(predicted, truth, assume_unique=True)))
    p = tp / len(predicted) if len(predicted) else 1.0
    r = tp / len(truth) if len(truth) else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return PairScores(int(len(truth)), int(len(predicted)), tp, round(p, 5), round(r, 5),
                      round(f1, 5))


def evaluate_groups(groups: pd.DataFrame, person_ids: Sequence | np.ndarray) -> PairScores:
    n = len(person_ids)
    return score_pairs(predicted_pairs(groups, n), truth_pairs(person_ids))
