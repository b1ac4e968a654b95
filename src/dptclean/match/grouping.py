"""From linked pairs to duplicate groups, and which record of a group to keep.

The match stage (``pipeline.results_from_evidence``) and the review decisions
(``decisions.apply_decisions``) both group records here, so a group means the same thing
whichever built it:

- :func:`group_labels`: the connected components of the links; a component of three or more
  records is rebuilt by :func:`~dptclean.match.cluster.constrained_groups`, so a chain of weak
  links cannot join two records with strong evidence of being different people. Decisions
  add cannot-links (``rejected``) and must-links (``confirmed``).
- :func:`sure_then_possible`: the sure groups from the sure links alone, then the possible
  groups from the other links among the records they leave out.
- :func:`groups_frame`: one row per grouped record with the keep suggestion
  (:data:`KEEP_CRITERIA`), the reason for it, the group's category and each record's
  strongest link.

A label is a record position (the smallest of its group), -1 for a record in no group.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dptclean import schema
from dptclean.match import cluster, compare, score
from dptclean.match.config import MatchConfig
from dptclean.match.features import NIK_FULL, Features

__all__ = ["Links", "Grouping", "group_labels", "sure_then_possible", "attach_leftovers",
           "keep_criteria", "groups_frame", "KEEP_CRITERIA", "KEEP_REASONS", "VERIFY",
           "NO_KEEP_REASON", "REMOVE_REASON"]

Pair = tuple[int, int]


@dataclass(frozen=True)
class Links:
    """Linked pairs: record positions ``left`` < ``right`` and the link's ``score`` (bits)."""

    left: np.ndarray
    right: np.ndarray
    score: np.ndarray

    def __len__(self) -> int:
        return len(self.left)

    def where(self, mask: np.ndarray) -> Links:
        """The links where ``mask`` (one flag per link) holds."""
        return Links(self.left[mask], self.right[mask], self.score[mask])


@dataclass(frozen=True)
class Grouping:
    """Group label per record (-1: in no group) and whether the record is a sure member."""

    labels: np.ndarray
    sure: np.ndarray


def group_labels(f: Features, links: Links, cfg: MatchConfig, *,
                 rejected: frozenset[Pair] | set[Pair] = frozenset(),
                 confirmed: frozenset[Pair] | set[Pair] = frozenset()) -> np.ndarray:
    """Group label per record (-1 when not in a group).

    ``rejected`` pairs (an operator said: two people) may never share a group; ``confirmed``
    pairs (an operator said: one person) are the strongest links and never block a merge.
    """
    labels = np.full(f.n, -1, dtype=np.int64)
    if not len(links):
        return labels
    l, r = links.left, links.right
    comp = cluster.connected_components(f.n, l, r)
    involved = np.unique(np.concatenate([l, r]))
    members_of: dict[int, list[int]] = {}
    for rec, root in zip(involved.tolist(), comp[involved].tolist()):
        members_of.setdefault(root, []).append(rec)
    big = [members for members in members_of.values() if len(members) >= 3]
    for root, members in members_of.items():
        if len(members) < 3:
            labels[members] = root   # the smallest position of the component
    if not big:
        return labels
    evidence = _evidence_within(f, big, cfg, rejected, confirmed)
    link_set = {(int(a), int(b)): (float("inf") if (int(a), int(b)) in confirmed else float(x))
                for a, b, x in zip(l, r, links.score)}
    # each link goes to the component of its first record (one pass over the links)
    index_of = {rec: i for i, members in enumerate(big) for rec in members}
    inside_of: list[dict[Pair, float]] = [{} for _ in big]
    for k, v in link_set.items():
        i = index_of.get(k[0])
        if i is not None:
            inside_of[i][k] = v
    for members, inside in zip(big, inside_of):
        for part in cluster.constrained_groups(members, inside, evidence, cfg.min_group_link):
            labels[part] = part[0]
    return labels


def _evidence_within(f: Features, components: list[list[int]], cfg: MatchConfig,
                     rejected: frozenset[Pair] | set[Pair],
                     confirmed: frozenset[Pair] | set[Pair]) -> dict[Pair, float]:
    """The evidence (bits, no prior) of every pair inside each component, compared once;
    a rejected pair has -inf, a confirmed one +inf."""
    all_l, all_r = [], []
    for members in components:
        m = np.asarray(members, dtype=np.int64)   # sorted: positions come from np.unique
        i, j = np.triu_indices(len(m), k=1)
        all_l.append(m[i])
        all_r.append(m[j])
    al, ar = np.concatenate(all_l), np.concatenate(all_r)
    ev = score.score_pairs(f, compare.compare_pairs(f, al, ar, cfg), cfg).evidence
    evidence: dict[Pair, float] = {}
    for a, b, e in zip(al.tolist(), ar.tolist(), ev.tolist()):
        if (a, b) in rejected:
            e = float("-inf")
        elif (a, b) in confirmed:
            e = float("inf")
        evidence[(a, b)] = float(e)
    return evidence


def sure_then_possible(f: Features, links: Links, sure: np.ndarray, cfg: MatchConfig, *,
                       rejected: frozenset[Pair] | set[Pair] = frozenset(),
                       confirmed: frozenset[Pair] | set[Pair] = frozenset()) -> Grouping:
    """Sure groups from the ``sure`` links (one flag per link) alone; the records they leave
    out form the possible groups, from the other links among them. A record whose only links
    lead into sure groups joins the group of its strongest link as a possible member.
    ``rejected`` / ``confirmed`` (an operator's decisions) are cannot- and must-links."""
    in_sure = group_labels(f, links.where(sure), cfg, rejected=rejected, confirmed=confirmed)
    free = in_sure < 0
    in_possible = group_labels(f, links.where(free[links.left] & free[links.right]), cfg,
                               rejected=rejected, confirmed=confirmed)
    labels = np.where(in_sure >= 0, in_sure, in_possible)
    attach_leftovers(labels, in_sure, links, set(rejected))
    return Grouping(labels=labels, sure=in_sure >= 0)


def attach_leftovers(labels: np.ndarray, in_sure: np.ndarray, links: Links,
                     rejected: frozenset[Pair] | set[Pair] | None = None) -> None:
    """A linked record left in no group (its only links lead into sure groups) joins the sure
    group of its strongest link, as a `possible` member (in place). With ``rejected`` (pairs
    (low, high) an operator said are two people), a record never joins a group holding a
    record it was rejected with; it tries its next strongest link instead."""
    if not len(links):
        return
    a = np.concatenate([links.left, links.right])
    b = np.concatenate([links.right, links.left])
    s = np.concatenate([links.score, links.score])
    ok = (labels[a] < 0) & (in_sure[b] >= 0)
    if not ok.any():
        return
    a, b, s = a[ok], b[ok], s[ok]
    order = np.lexsort((b, -s, a))  # per record: strongest link first, ties by position
    a, b = a[order], b[order]
    if not rejected:
        first = np.r_[True, a[1:] != a[:-1]]
        labels[a[first]] = in_sure[b[first]]
        return
    members: dict[int, set[int]] = {}
    for x in np.flatnonzero(in_sure >= 0).tolist():
        members.setdefault(int(in_sure[x]), set()).add(x)
    for x, y in zip(a.tolist(), b.tolist()):
        if labels[x] >= 0:
            continue
        target = int(in_sure[y])
        if any((min(x, m), max(x, m)) in rejected for m in members[target]):
            continue
        labels[x] = target


# --- the keep rule ----------------------------------------------------------------------------

# The record kept is the first that wins on these, in order: a sure member of its group, not
# marked TMS, a complete valid NIK, a real (not placeholder) birth date, the most fields
# filled; then the records' content (so the choice does not depend on row order).
KEEP_CRITERIA = ("not_tms", "nik_valid", "dob_real", "filled")
KEEP_REASONS = {"not_tms": "the others are marked TMS", "nik_valid": "complete valid NIK",
                "dob_real": "real birth date (others missing/placeholder)",
                "filled": "most fields filled"}
REMOVE_REASON = "candidate for TMS ganda (2)"
# action of every record of a group in which no keep rule decides (issue 12 item 7)
VERIFY = "verify"
NO_KEEP_REASON = ("no rule decides which record to keep (the records are equally complete): "
                  "verify in the field and choose the one to keep")

GROUP_COLUMNS = ["record", "group_id", "group_size", "action", "keep_reason", "category",
                 "best_score", "reasons", "linked_to", "confidence", "redundant"]


def keep_criteria(frame: pd.DataFrame, f: Features, recs: np.ndarray) -> pd.DataFrame:
    """The keep criteria of the records at positions ``recs`` (one row each, in that order):
    :data:`KEEP_CRITERIA` and ``content``, the last tie-break."""
    frame = frame.iloc[recs]
    n = len(frame)
    tms = (frame[schema.TMS].astype("boolean").fillna(False).to_numpy(bool)
           if schema.TMS in frame.columns else np.zeros(n, bool))
    dob_ok = np.zeros(n, bool)
    if schema.TANGGAL_LAHIR_STATUS in frame.columns:
        dob_ok = (frame[schema.TANGGAL_LAHIR_STATUS].astype("string") == "ok").fillna(False) \
            .to_numpy(bool)
    canon = [c for c in schema.FIELDS if c in frame.columns]
    filled = frame[canon].notna().sum(axis=1).to_numpy() if canon else np.zeros(n)
    # last tie-break: the records' own content, so the suggestion does not depend on row order
    content = (pd.util.hash_pandas_object(frame[canon].astype("string"), index=False)
               .to_numpy() if canon else np.zeros(n, dtype=np.uint64))
    return pd.DataFrame({"not_tms": ~tms, "nik_valid": f.nik_kind[recs] == NIK_FULL,
                         "dob_real": dob_ok, "filled": filled, "content": content})


def groups_frame(frame: pd.DataFrame, f: Features, labels: np.ndarray,
                 pairs: pd.DataFrame, sure: np.ndarray | None = None) -> pd.DataFrame:
    """One row per grouped record (:data:`GROUP_COLUMNS`). ``sure`` (per record): the record
    is linked into its group by evidence that settles it (column ``confidence``: sure /
    possible); the record kept is a sure member where the group has one."""
    recs = np.flatnonzero(labels >= 0)
    if not len(recs):
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in GROUP_COLUMNS})
    g = _numbered(recs, labels[recs])
    keys = keep_criteria(frame, f, recs)
    keys.insert(0, "sure", np.ones(len(recs), bool) if sure is None else sure[recs])
    g = g.join(keys.reset_index(drop=True))
    g = g.sort_values(["group_id", "record"], kind="stable").reset_index(drop=True)
    g["group_size"] = g.groupby("group_id")["record"].transform("size")
    _suggest_keep(g)
    g = g.merge(_strongest_links(f, g, pairs), on="record", how="left")
    # the group's category: K3 if any link is K3, else K2 if any is K2, else K1
    rank = g["category"].map({"K1": 1, "K2": 2, "K3": 3}).fillna(3)
    worst = rank.groupby(g["group_id"]).transform("max")
    g["category"] = worst.map({1: "K1", 2: "K2", 3: "K3"})
    g["confidence"] = np.where(g["sure"], "sure", "possible")
    g = g.drop(columns=["_rank", "sure", *KEEP_CRITERIA, "content"])
    return g[GROUP_COLUMNS]


def _numbered(recs: np.ndarray, lab: np.ndarray) -> pd.DataFrame:
    """``record`` and ``group_id``: groups numbered 1..G in order of each group's first
    record."""
    uniq_roots, first_pos = np.unique(lab, return_index=True)
    order_roots = uniq_roots[np.argsort(recs[first_pos], kind="stable")]
    gid_of = {int(root): i + 1 for i, root in enumerate(order_roots)}
    return pd.DataFrame({"record": recs, "group_id": [gid_of[int(x)] for x in lab]})


def _suggest_keep(g: pd.DataFrame) -> None:
    """``action``, ``keep_reason`` and ``redundant`` of every grouped record (in place)."""
    # keep suggestion: lexicographic over the criteria, ties -> first in input
    g["_rank"] = g.sort_values(["group_id", "sure", *KEEP_CRITERIA, "content", "record"],
                               ascending=[True, False, False, False, False, False, True, True],
                               kind="stable").groupby("group_id").cumcount()
    g["action"] = np.where(g["_rank"] == 0, "keep", "remove")
    # why the kept record was chosen: the first criterion on which it beats every other member
    vals = g[list(KEEP_CRITERIA)].astype(float)
    kept_vals = vals.where(g["_rank"] == 0).groupby(g["group_id"]).transform("max")
    other_max = vals.where(g["_rank"] != 0).groupby(g["group_id"]).transform("max")
    why = np.full(len(g), NO_KEEP_REASON, dtype=object)
    decided = np.zeros(len(g), dtype=bool)
    for name in KEEP_CRITERIA:
        better = (kept_vals[name] > other_max[name]).to_numpy() & ~decided
        why[better] = KEEP_REASONS[name]
        decided |= better
    g["keep_reason"] = np.where(g["_rank"] == 0, why, REMOVE_REASON)
    # no rule decides (the kept record beats no other on any criterion): propose no keep.
    # The group still counts k-1 redundant records; "redundant" says which ones the area
    # figures attribute them to (fixed by content, not by row order).
    g["redundant"] = g["_rank"] != 0
    open_group = pd.Series(np.where(g["_rank"] == 0, ~decided, False)).groupby(
        g["group_id"]).transform("max").to_numpy(bool)
    g.loc[open_group, "action"] = VERIFY
    g.loc[open_group, "keep_reason"] = NO_KEEP_REASON


def _strongest_links(f: Features, g: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Each grouped record's strongest link inside its group: ``record``, ``linked_to``,
    ``best_score``, the link's ``category`` and ``reasons``."""
    dpt = pairs[pairs["kind"] == "DPT-DPT"]
    links = pd.concat([
        dpt[["left", "right", "score", "category", "reasons"]].rename(
            columns={"left": "record", "right": "other"}),
        dpt[["right", "left", "score", "category", "reasons"]].rename(
            columns={"right": "record", "left": "other"}),
    ], ignore_index=True)
    gid = np.full(f.n, -1, dtype=np.int64)
    gid[g["record"].to_numpy(dtype=np.int64)] = g["group_id"].to_numpy(dtype=np.int64)
    same = gid[links["record"].to_numpy(dtype=np.int64)] == gid[links["other"].to_numpy(
        dtype=np.int64)]
    links = links[same]
    best = links.sort_values(["record", "score", "other"], ascending=[True, False, True],
                             kind="stable").drop_duplicates("record")
    return best.rename(columns={"score": "best_score", "other": "linked_to"})
