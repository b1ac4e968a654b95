"""From matched pairs to duplicate groups, guarded against long chains of weak links.

Pairs above the threshold are linked into connected components. A component of three or more
records is then rebuilt greedily, strongest links first, refusing any merge that would put into
one group two records with strong evidence of being different people (``min_group_link``): a
chain A~B~C must not join A and C when their NIKs and birth dates say they are two people.
"""

from __future__ import annotations

import numpy as np


def connected_components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Component label per record (label = smallest record position in the component)."""
    parent = np.arange(n, dtype=np.int64)
    # iterative hooking + pointer jumping (vectorised union-find)
    l, r = left.astype(np.int64), right.astype(np.int64)
    while True:
        pl, pr = parent[l], parent[r]
        lo, hi = np.minimum(pl, pr), np.maximum(pl, pr)
        changed = lo != hi
        if not changed.any():
            break
        np.minimum.at(parent, hi[changed], lo[changed])
        while True:
            nxt = parent[parent]
            if np.array_equal(nxt, parent):
                break
            parent = nxt
    return parent


def constrained_groups(members: list[int], links: dict[tuple[int, int], float],
                       evidence: dict[tuple[int, int], float], min_link: float) -> list[list[int]]:
    """Split one component: merge along links (strongest first) unless a cannot-link forbids.

    ``links``: accepted pairs -> score; ``evidence``: every pair in the component -> evidence.
    """
    cluster_of = {m: i for i, m in enumerate(members)}
    clusters: dict[int, set[int]] = {i: {m} for i, m in enumerate(members)}
    for (a, b), _ in sorted(links.items(), key=lambda kv: (-kv[1], kv[0])):
        ca, cb = cluster_of[a], cluster_of[b]
        if ca == cb:
            continue
        ok = all(evidence.get((min(x, y), max(x, y)), 0.0) >= min_link
                 for x in clusters[ca] for y in clusters[cb])
        if not ok:
            continue
        keep, gone = (ca, cb) if ca < cb else (cb, ca)
        for m in clusters[gone]:
            cluster_of[m] = keep
        clusters[keep] |= clusters.pop(gone)
    return [sorted(c) for c in clusters.values() if len(c) > 1]
