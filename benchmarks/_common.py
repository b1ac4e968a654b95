"""Helpers shared by the benchmark scripts (not part of the dptclean package).

Everything is scored with dptclean's own evaluation code (``dptclean.match.evaluate``): a
tool's output is turned into cluster labels per record, and the pairs inside the clusters are
compared with the pairs of records that share a true person id.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"


class Report:
    """Print lines and keep them, so the whole run can also be written to a file.

    ``path`` is rewritten (whole) after every ``flush()``: a reader of the file always sees the
    latest complete sections.
    """

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path else None
        self.lines: list[str] = []

    def __call__(self, *parts: object) -> None:
        text = " ".join(str(p) for p in parts)
        print(text, flush=True)
        self.lines.extend(text.split("\n"))

    def flush(self) -> None:
        if self.path is not None:
            tmp = self.path.with_name(self.path.name + ".tmp")
            tmp.write_text("\n".join(self.lines) + "\n", encoding="utf-8")
            os.replace(tmp, self.path)


@contextmanager
def timed(store: dict, key: str):
    t0 = time.perf_counter()
    try:
        yield
    finally:
        store[key] = store.get(key, 0.0) + time.perf_counter() - t0


def machine_note() -> str:
    try:
        load = os.getloadavg()
        load_s = f"load avg {load[0]:.2f}/{load[1]:.2f}/{load[2]:.2f}"
    except OSError:  # pragma: no cover
        load_s = "load avg n/a"
    return (f"{platform.node()} | {os.cpu_count()} cores | Python {sys.version.split()[0]} | "
            f"{load_s} | {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")


def versions() -> str:
    out = []
    for mod in ("dptclean", "pandas", "numpy", "rapidfuzz", "recordlinkage", "splink", "duckdb"):
        try:
            m = __import__(mod)
            out.append(f"{mod} {getattr(m, '__version__', '?')}")
        except Exception:  # noqa: BLE001 - a missing optional tool is only reported
            out.append(f"{mod} (not installed)")
    return ", ".join(out)


def labels_from_pairs(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Connected components of the linked pairs as labels (-1 for records in no pair)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    labels = np.full(n, -1, dtype=np.int64)
    left = np.asarray(left, dtype=np.int64)
    right = np.asarray(right, dtype=np.int64)
    if not len(left):
        return labels
    g = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(n, n))
    _, comp = connected_components(g, directed=False)
    involved = np.unique(np.concatenate([left, right]))
    labels[involved] = comp[involved]
    return labels


def groups_frame(labels: np.ndarray) -> pd.DataFrame:
    """Labels as a ``MatchResult.groups``-like frame (record, group_id) for the evaluator."""
    rec = np.flatnonzero(labels >= 0)
    return pd.DataFrame({"record": rec, "group_id": labels[rec]})


def score_labels(labels: np.ndarray, truth_ids) -> dict:
    """Pairwise precision/recall/F1 of the clusters given by ``labels`` (dptclean's evaluator)."""
    from dptclean.match.evaluate import evaluate_groups

    return evaluate_groups(groups_frame(labels), np.asarray(truth_ids)).to_dict()


def score_pairs_raw(n: int, left, right, truth_ids) -> dict:
    """Pairwise precision/recall/F1 of the linked pairs themselves (before clustering)."""
    from dptclean.match.evaluate import score_pairs, truth_pairs

    left = np.asarray(left, dtype=np.int64)
    right = np.asarray(right, dtype=np.int64)
    lo, hi = np.minimum(left, right), np.maximum(left, right)
    pred = np.unique(lo * np.int64(n) + hi)
    return score_pairs(pred, truth_pairs(np.asarray(truth_ids))).to_dict()


def fmt_scores(s: dict) -> str:
    return (f"P={s['precision']:.4f} R={s['recall']:.4f} F1={s['f1']:.4f} "
            f"(true pairs {s['true_pairs']:,}, predicted {s['predicted_pairs']:,}, "
            f"TP {s['true_positives']:,})")


def peak_rss_mb() -> float:
    """Peak resident set size of this process, in MB.

    Linux: ``VmHWM`` from /proc/self/status, the high-water mark of this process's own memory
    since its ``exec``. ``getrusage``'s ``ru_maxrss`` is not used there: it keeps the parent's
    peak across fork + exec, so a worker started by a parent that had generated 1M records
    would report the parent's memory. Elsewhere ``ru_maxrss``.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def matcher_view(norm: pd.DataFrame, left: np.ndarray, right: np.ndarray, config=None) -> dict:
    """How dptclean's matcher sees some pairs (read-only use of its internals, for diagnosis):
    whether each pair was a blocking candidate, its level per field, score and probability.
    Returns {"candidate": bool array, "levels": {field: names}, "score", "probability",
    "candidate_pairs": number of candidates, "rule_hits": {rule: pairs of these it produced}}.
    """
    from dptclean.match import blocking, compare, score
    from dptclean.match.config import MatchConfig
    from dptclean.match.features import build_features

    cfg = config or MatchConfig()
    f = build_features(norm)
    left = np.asarray(left, dtype=np.int64)
    right = np.asarray(right, dtype=np.int64)
    lo, hi = np.minimum(left, right), np.maximum(left, right)
    want = lo * np.int64(f.n) + hi
    cands = blocking.candidate_pairs(f, cfg.blocking)
    packed = cands.left * np.int64(f.n) + cands.right
    is_cand = np.isin(want, packed)
    rule_hits = {}
    for rule in cfg.blocking:
        a, b, _ = blocking.pairs_for_rule(f, rule)
        rule_hits[rule.name] = int(np.isin(want, a * np.int64(f.n) + b).sum())
    out = {"candidate": is_cand, "candidate_pairs": len(cands), "rule_hits": rule_hits,
           "levels": {}, "score": np.zeros(len(lo)), "probability": np.zeros(len(lo))}
    if len(lo):
        c = compare.compare_pairs(f, lo, hi, cfg)
        s = score.score_pairs(f, c, cfg, n_records=f.n)
        out["levels"] = {fld: c.level_names(fld) for fld in compare.LEVELS}
        out["score"] = s.score
        out["probability"] = s.probability
    return out


def level_profile(view: dict, fields=("nik", "nama", "tanggal_lahir", "jenis_kelamin",
                                      "nkk", "lokasi"), top: int = 12) -> list[str]:
    """Most common combinations of comparison levels among some pairs, as text lines."""
    if not view["levels"]:
        return []
    combos = Counter(zip(*[view["levels"][f] for f in fields if f in view["levels"]]))
    lines = []
    for combo, k in combos.most_common(top):
        lines.append(f"{k:>6}  " + " ".join(f"{f}={v}" for f, v in zip(fields, combo)))
    return lines


def timed_read_normalize(path, seconds: dict):
    """``read_voters`` then ``normalize_voters`` on a file, timing each step into ``seconds``
    (keys "read" and "normalize"); returns (canonical frame, normalised frame)."""
    import dptclean
    from dptclean.normalize import normalize_voters

    t0 = time.perf_counter()
    canon = dptclean.read_voters(path)
    seconds["read"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    norm = normalize_voters(canon)
    seconds["normalize"] = time.perf_counter() - t0
    return canon, norm
