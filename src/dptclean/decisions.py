"""Review decisions: an operator's verdicts on duplicate findings, honoured by later runs.

The decisions file *is* the groups output of ``dptclean dedupe -o`` (CSV or XLSX) with an
operator's entries in its ``decision`` column (plus ``note``, ``decided_by``, ``decided_at``).
Each row is one record of a group; a record is named by two stable keys that survive a rerun:

- ``record_key``: ``file name|sheet|row`` (where the operator finds it), and
- ``fingerprint``: a short hash of the normalised NIK, name and birth date (what the record
  says), so a decision still applies when rows move between dumps.

What a row's decision means for the pairs of its group (``group_id``):

- ``not_duplicate``: this record is a different person from every other record of the group:
  every pair with it is *rejected* and never comes back, even through a chain of other links;
- ``duplicate``: this record is the same person as the group's other records not marked
  ``not_duplicate``: those pairs are *confirmed* and kept even when the matcher no longer finds
  them;
- empty: no verdict (a pair is decided when either of its records carries a decision).

:func:`apply_decisions` applies the decisions to a match result and regroups;
:func:`decision_template` writes the groups table in the same format, with the decisions that
still apply filled in, groups marked ``new`` when none of their pairs was decided before, and
the decisions that no group shows any more (rejected pairs, partly confirmed groups, records
not found) carried forward as blocks of their own, so the file is a complete ledger for the
next run. :func:`apply_to_run` does both in one call; the ``dedupe`` command applies the
decisions in :func:`dptclean.run.run_dedupe` and writes :func:`review_table`.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dptclean import schema
from dptclean.errors import InputError
from dptclean.messages import Count
from dptclean.report.privacy import fingerprints, legacy_fingerprints_used

DUPLICATE = "duplicate"
NOT_DUPLICATE = "not_duplicate"
KEEP = "keep"   # this record is the one to keep (and the same person as its group's others)
# "to be verified in the field": the operator saw the group and sends it to a field check; no
# verdict yet, so it decides no pair (as an empty cell) but is not an unknown value
VERIFY_FIELD = "verify_field"
RECORD_KEY = "record_key"
FINGERPRINT = "fingerprint"
DECISION = "decision"
NOTE = "note"
DECIDED_BY = "decided_by"
DECIDED_AT = "decided_at"
REVIEW = "review"
GROUP_ID = "group_id"
OTHER_RECORD_KEY = "other_record_key"
OTHER_FINGERPRINT = "other_fingerprint"
# columns the operator edits, placed right after group_id
EDIT_COLUMNS = (REVIEW, DECISION, NOTE, DECIDED_BY, DECIDED_AT)
KEY_COLUMNS = (RECORD_KEY, FINGERPRINT)

# review status of a group / a carried-forward block
NEW, CONFIRMED, PARTLY = "new", "confirmed", "partly_decided"
REJECTED, NOT_FOUND = "rejected", "not_found"

_SPELLINGS = {
    DUPLICATE: ("duplicate", "dup", "ganda", "yes", "y", "ya", "same", "sama", "1", "true"),
    NOT_DUPLICATE: ("not_duplicate", "not duplicate", "notduplicate", "not-duplicate", "no",
                    "n", "tidak", "bukan", "bukan ganda", "bukan_ganda", "beda", "different",
                    "0", "false"),
    KEEP: ("keep", "pertahankan", "dipertahankan", "simpan", "tetap"),
    VERIFY_FIELD: ("verify_field", "verify in the field", "verify", "verifikasi faktual",
                   "perlu verifikasi faktual", "verifikasi", "verifikasi lapangan"),
}
_DECISION_OF = {s: d for d, spellings in _SPELLINGS.items() for s in spellings}
PAIR_COLUMNS = ["a_key", "a_fp", "b_key", "b_fp", DECISION, NOTE, DECIDED_BY, DECIDED_AT]
# where a decision comes from: "group" (derived from a group_id's rows: checked against the
# matcher's links), "pair" (a row naming its other record) or "keep" (a keep choice; b empty)
SOURCE_COLUMNS = ["basis", "source", "group", "a_row", "b_row"]
MAX_NAMED_ROWS = 20


# --- stable record keys -----------------------------------------------------------------------

# the columns record_keys reads
_KEY_SOURCES = (schema.SOURCE_FILE, schema.SHEET, schema.ROW, schema.NIK_NORM, schema.NIK,
                schema.NAMA_NORM, schema.NAMA, schema.TANGGAL_LAHIR_NORM, schema.TANGGAL_LAHIR)


def record_keys(frame: pd.DataFrame, *, legacy: bool = False) -> pd.DataFrame:
    """``record_key`` and ``fingerprint`` of every record (same index as ``frame``).

    The fingerprint is keyed (:func:`dptclean.report.privacy.fingerprints`); ``legacy`` gives
    the unkeyed one of older versions, only to recognise their decisions files."""
    def col(*names: str) -> pd.Series:
        for name in names:
            if name in frame.columns:
                return frame[name].astype("string").fillna("")
        return pd.Series([""] * len(frame), index=frame.index, dtype="string")

    src = col(schema.SOURCE_FILE).str.replace(r"^.*[/\\]", "", regex=True)
    key = src + "|" + col(schema.SHEET) + "|" + col(schema.ROW)
    text = (col(schema.NIK_NORM, schema.NIK) + "|" + col(schema.NAMA_NORM, schema.NAMA) + "|"
            + col(schema.TANGGAL_LAHIR_NORM, schema.TANGGAL_LAHIR))
    fp = pd.Series(fingerprints(text.tolist(), legacy=legacy), index=frame.index, dtype=object)
    return pd.DataFrame({RECORD_KEY: key.astype(object), FINGERPRINT: fp}, index=frame.index)


# --- reading ----------------------------------------------------------------------------------

def read_table(path: str | os.PathLike) -> pd.DataFrame:
    """A plain table (CSV, TSV, XLSX first sheet, Parquet) with every cell as text; the review
    workbook's headers (Bahasa or English) are mapped back to the snake_case columns."""
    from dptclean.report.xlsx import review_columns_back

    return review_columns_back(_read_plain(path))


def _read_plain(path: str | os.PathLike) -> pd.DataFrame:
    path = os.fspath(path)
    suffix = Path(path).suffix.lower()
    from dptclean.io.sources import check_regular_file

    check_regular_file(path)  # no such file, a directory, a FIFO, /dev/zero
    try:
        if suffix in (".csv", ".tsv", ".txt"):
            return pd.read_csv(path, dtype=str, keep_default_na=False,
                               sep="\t" if suffix == ".tsv" else ",", encoding="utf-8-sig")
        if suffix in (".xlsx", ".xlsm"):
            import fastexcel

            from dptclean.io.excel import guard_workbook

            guard_workbook(path)  # the checks every workbook gets before the Excel reader
            sheet = fastexcel.read_excel(path).load_sheet(0, dtypes="string")
            return sheet.to_pandas().astype(object).where(lambda d: d.notna(), "")
        if suffix in (".parquet", ".pq"):
            return pd.read_parquet(path).astype("string").fillna("").astype(object)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - any reader failure is an input error
        raise InputError(key="cannot_read", params={"reason": exc}, path=path) from None
    raise InputError(key="cannot_read_type",
                     params={"suffix": suffix or "file without extension"}, path=path)


def parse_decision(value: object) -> str | None:
    """'duplicate' / 'not_duplicate' / 'keep' / 'verify_field' (and common spellings, Indonesian
    too) or None if empty."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = " ".join(str(value).strip().lower().split())
    if not text:
        return None
    if text in _DECISION_OF:
        return _DECISION_OF[text]
    raise ValueError(f"unknown decision {value!r}; use {DUPLICATE}, {NOT_DUPLICATE}, {KEEP} or "
                     f"{VERIFY_FIELD}")


def _cells(t: pd.DataFrame, col: str) -> list[str]:
    if col not in t.columns:
        return [""] * len(t)
    return ["" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip()
            for v in t[col].tolist()]


def _parsed_decisions(t: pd.DataFrame, source: str | None) -> list[str | None]:
    decs: list[str | None] = []
    for i, v in enumerate(t[DECISION].tolist()):
        try:
            d = parse_decision(v)
        except ValueError:
            raise InputError(key="unknown_decision", params={
                "row": i + 2, "value": v, "allowed": "ganda / bukan ganda / pertahankan / "
                "verifikasi faktual (duplicate / not_duplicate / keep / verify in the field)"},
                path=source) from None
        decs.append(None if d == VERIFY_FIELD else d)   # sent to the field: no verdict yet
    return decs


def decisions_from_table(table: pd.DataFrame, *, source: str | None = None) -> pd.DataFrame:
    """Pair decisions (``PAIR_COLUMNS`` + ``SOURCE_COLUMNS``) from a filled groups table (one
    row per record). A row that also names an ``other_fingerprint`` (and ``other_record_key``)
    is a decision on that one pair, whatever its group says; a ``keep`` row is a keep choice
    (and a ``duplicate`` for the pairs of its group)."""
    if OTHER_FINGERPRINT in table.columns and GROUP_ID not in table.columns:
        table = table.assign(**{GROUP_ID: ""})
    missing = [c for c in (GROUP_ID, FINGERPRINT, DECISION) if c not in table.columns]
    if missing:
        raise InputError(key="not_decisions_file", params={"missing": ", ".join(missing)},
                         path=source)
    t = table.reset_index(drop=True)
    cells = {c: _cells(t, c) for c in (GROUP_ID, FINGERPRINT, RECORD_KEY, NOTE, DECIDED_BY,
                                       DECIDED_AT, OTHER_FINGERPRINT, OTHER_RECORD_KEY)}
    decs = _parsed_decisions(t, source)
    src = source or ""
    out: list[tuple] = []
    members: dict[str, list[int]] = {}
    for i, g in enumerate(cells[GROUP_ID]):
        fp, key = cells[FINGERPRINT][i], cells[RECORD_KEY][i]
        info = (cells[NOTE][i], cells[DECIDED_BY][i], cells[DECIDED_AT][i])
        if decs[i] == KEEP and fp:
            out.append((key, fp, "", "", KEEP, *info, "keep", src, g, i + 2, 0))
        if cells[OTHER_FINGERPRINT][i]:
            if decs[i] and fp:
                d = DUPLICATE if decs[i] == KEEP else decs[i]
                (a, ar), (b, br) = sorted([((fp, key), i + 2), (
                    (cells[OTHER_FINGERPRINT][i], cells[OTHER_RECORD_KEY][i]), 0)])
                out.append((a[1], a[0], b[1], b[0], d, *info, "pair", src, "", ar, br))
        elif g and fp:
            members.setdefault(g, []).append(i)
    _check_group_sizes(members, source)
    for g, rows in members.items():
        out += _group_pairs(g, rows, decs, cells, src)
    pairs = pd.DataFrame(out, columns=PAIR_COLUMNS + SOURCE_COLUMNS)
    return _latest(pairs)


def _group_pairs(g: str, rows: list[int], decs: list[str | None],
                 cells: dict[str, list[str]], src: str) -> list[tuple]:
    """The pair decisions one group's rows make: not_duplicate on either record rejects the
    pair, duplicate (or keep) on either confirms it; undecided pairs make none."""
    out: list[tuple] = []
    if not any(decs[i] for i in rows):
        return out
    fps, keys = cells[FINGERPRINT], cells[RECORD_KEY]
    for x in range(len(rows)):
        for y in range(x + 1, len(rows)):
            i, j = rows[x], rows[y]
            pair = {decs[i], decs[j]}
            if NOT_DUPLICATE in pair:
                d = NOT_DUPLICATE
            elif DUPLICATE in pair or KEEP in pair:
                d = DUPLICATE
            else:
                continue
            by = i if (decs[i] == d or (d == DUPLICATE and decs[i] == KEEP)) else j
            (a, ar), (b, br) = sorted([((fps[i], keys[i]), i + 2), ((fps[j], keys[j]), j + 2)])
            out.append((a[1], a[0], b[1], b[0], d, cells[NOTE][by], cells[DECIDED_BY][by],
                        cells[DECIDED_AT][by], "group", src, g, ar, br))
    return out


# A decided group stands for every pair of its records, so a file of n rows in one group is
# n^2/2 pair decisions: 1,200 rows (73 KB) took 69 s and 6.7 GB. dedupe writes groups of a
# few records; a group this large in a decisions file is a damaged or hand-made file.
MAX_DECIDED_GROUP = 100


def _check_group_sizes(members: dict[str, list[int]], source: str | None) -> None:
    """Refuse a decisions file whose group is too large to stand for all its pairs (keeps the
    reading linear in the file's size: at most MAX_DECIDED_GROUP / 2 pairs per row)."""
    for gid, rows in members.items():
        if len(rows) > MAX_DECIDED_GROUP:
            raise InputError(key="decided_group_too_large", params={
                "group": gid, "n": Count(len(rows)), "first": rows[0] + 2,
                "last": rows[-1] + 2,
                "most": MAX_DECIDED_GROUP}, path=source)


def _latest(pairs: pd.DataFrame) -> pd.DataFrame:
    """One decision per pair: the latest ``decided_at`` wins; on a tie, not_duplicate."""
    if not len(pairs):
        return pairs.reset_index(drop=True)
    p = pairs.assign(_rank=(pairs[DECISION] == NOT_DUPLICATE).astype(int),
                     _at=pairs[DECIDED_AT].fillna(""))
    p = p.sort_values(["_at", "_rank"], kind="stable")
    p = p.drop_duplicates(["a_key", "a_fp", "b_key", "b_fp"], keep="last")
    return p.drop(columns=["_rank", "_at"]).sort_values(
        ["a_fp", "a_key", "b_fp", "b_key"], kind="stable").reset_index(drop=True)


def conflicts_of(pairs: pd.DataFrame) -> list[dict[str, Any]]:
    """Pairs given different decisions (in one file or across files), before the latest
    one wins: which records, which decisions, from where."""
    if not len(pairs):
        return []
    p = pairs[pairs[DECISION] != KEEP]
    key = ["a_fp", "a_key", "b_fp", "b_key"]
    n = p.groupby(key, sort=True)[DECISION].transform("nunique")
    out = []
    for _, part in p[n > 1].groupby(key, sort=True):
        out.append({"a": part["a_key"].iloc[0], "b": part["b_key"].iloc[0],
                    "decisions": [f"{d} ({Path(s).name or '?'} row {r})" for d, s, r in zip(
                        part[DECISION], part["source"], part["a_row"])]})
    return out


def read_decisions(paths: str | os.PathLike | Sequence[str | os.PathLike]) -> pd.DataFrame:
    """The pair decisions in one or more decisions files (filled groups outputs: CSV, XLSX,
    Parquet; e.g. one per desa from ``split --groups``), merged: when files disagree on a pair
    the latest ``decided_at`` wins (on a tie not_duplicate), and the disagreement is listed in
    ``.attrs["conflicts"]``."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    parts = [decisions_from_table(read_table(p), source=os.fspath(p)) for p in paths]
    raw = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    out = _latest(raw) if len(parts) > 1 else raw
    out.attrs["conflicts"] = conflicts_of(raw)
    return out


# --- resolving decisions against the current records ------------------------------------------

@dataclass
class Resolved:
    """Decisions whose two records were both found: positions and what was decided."""

    left: np.ndarray
    right: np.ndarray
    decision: np.ndarray       # DUPLICATE / NOT_DUPLICATE per pair
    rows: np.ndarray           # row of each in the decisions frame
    unresolved: np.ndarray     # rows of the decisions frame not found
    keep: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(0, np.int64))
    keep_rows: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(0, np.int64))


def resolve(frame: pd.DataFrame, decisions: pd.DataFrame) -> Resolved:
    """Find the records a decision names: by fingerprint, with the record_key choosing among
    records that share one (identical copies); a record whose content changed is not found.
    Keep choices (``decision`` keep) are resolved to ``keep`` / ``keep_rows``."""
    keys = record_keys(frame)
    by_fp: dict[str, list[int]] = {}
    for pos, fp in enumerate(keys[FINGERPRINT].tolist()):
        by_fp.setdefault(fp, []).append(pos)
    # a file from before keyed fingerprints: its records are found by the old hash
    if legacy_fingerprints_used(pd.concat([decisions["a_fp"], decisions["b_fp"]]).tolist()):
        for pos, fp in enumerate(record_keys(frame, legacy=True)[FINGERPRINT].tolist()):
            by_fp.setdefault(fp, []).append(pos)
    rk = keys[RECORD_KEY].tolist()

    def find(fp: str, key: str, exclude: int = -1) -> int:
        cands = [p for p in by_fp.get(fp, []) if p != exclude]
        if not cands:
            return -1
        for p in cands:
            if rk[p] == key:
                return p
        return cands[0]

    L, R, D, rows, lost, kept, kept_rows = [], [], [], [], [], [], []
    for i, (ak, af, bk, bf, dec) in enumerate(zip(
            decisions["a_key"], decisions["a_fp"], decisions["b_key"], decisions["b_fp"],
            decisions[DECISION])):
        a = find(af, ak)
        if dec == KEEP:
            if a >= 0:
                kept.append(a)
                kept_rows.append(i)
            continue
        b = find(bf, bk, exclude=a) if a >= 0 else -1
        if a < 0 or b < 0:
            lost.append(i)
            continue
        L.append(min(a, b))
        R.append(max(a, b))
        D.append(dec)
        rows.append(i)
    return Resolved(np.array(L, np.int64), np.array(R, np.int64), np.array(D, dtype=object),
                    np.array(rows, np.int64), np.array(lost, np.int64),
                    np.array(kept, np.int64), np.array(kept_rows, np.int64))


# --- applying decisions -----------------------------------------------------------------------

def apply_decisions(result, frame: pd.DataFrame, decisions: pd.DataFrame, *,
                    resolved: Resolved | None = None):
    """A new MatchResult in which rejected pairs are gone (and cannot be chained back into a
    group), confirmed pairs are present (added when the matcher no longer finds them), and the
    groups are rebuilt. ``groups`` gains ``review`` (new / confirmed / partly_decided) and
    ``decision`` (``duplicate`` for every record of a fully confirmed group)."""
    from dptclean.match import score
    from dptclean.match.features import build_features
    from dptclean.match.grouping import Links, groups_frame, sure_then_possible
    from dptclean.match.pipeline import MatchResult, dpk_frame, pairs_frame

    res = resolved if resolved is not None else resolve(frame, decisions)
    refuse_unlinked(result, frame, decisions, res)
    cfg = result.config
    pairs = result.pairs
    rej = {(int(a), int(b)) for a, b, d in zip(res.left, res.right, res.decision)
           if d == NOT_DUPLICATE}
    conf = {(int(a), int(b)) for a, b, d in zip(res.left, res.right, res.decision)
            if d == DUPLICATE}
    decided = rej | conf
    have = set(zip(pairs["left"].astype("int64").tolist(), pairs["right"].astype("int64")
                   .tolist()))
    keep = np.array([(a, b) not in rej for a, b in zip(pairs["left"].astype("int64"),
                                                       pairs["right"].astype("int64"))],
                    dtype=bool)
    removed = int((~keep).sum())
    pairs = pairs[keep]
    f = build_features(frame)
    add = sorted(conf - have)
    if add:
        n_active = int(result.stats.get("active_records", len(frame)))
        prior = float(result.stats.get("prior_bits", score.prior_bits(n_active, cfg)))
        extra = pairs_frame(f, cfg, np.array([a for a, _ in add], np.int64),
                            np.array([b for _, b in add], np.int64), n_active, prior)
        extra["reasons"] = "confirmed by an operator; " + extra["reasons"].astype(str)
        pairs = pd.concat([pairs, extra], ignore_index=True)
    pairs = pairs.sort_values(["left", "right"], kind="stable").reset_index(drop=True)
    if conf and "confidence" in pairs.columns:
        # a pair an operator confirmed after a field check is settled: sure
        ok = [(a, b) in conf for a, b in zip(pairs["left"].astype("int64").tolist(),
                                             pairs["right"].astype("int64").tolist())]
        pairs.loc[np.asarray(ok, dtype=bool), "confidence"] = "sure"

    dpt = pairs[pairs["kind"] == "DPT-DPT"]
    links = Links(dpt["left"].to_numpy(np.int64), dpt["right"].to_numpy(np.int64),
                  dpt["score"].to_numpy(float))
    # as the matcher groups (grouping.sure_then_possible), with the decisions as cannot- and
    # must-links: sure groups from the sure links alone, then the possible groups from the
    # records they leave out; a group nobody decided keeps its confidence
    sure = (dpt["confidence"].to_numpy(dtype=object) == "sure" if "confidence" in dpt.columns
            else np.ones(len(dpt), bool))
    grouping = sure_then_possible(f, links, sure, cfg, rejected=rej, confirmed=conf)
    groups = groups_frame(frame, f, grouping.labels, pairs, sure=grouping.sure)
    groups = _mark_groups(groups, decided, conf)
    groups, keep_conflicts = _apply_keeps(groups, res, decisions, frame)
    stats = dict(result.stats)
    stats["decisions"] = {
        "pairs": int(len(decisions)),
        DUPLICATE: int((decisions[DECISION] == DUPLICATE).sum()) if len(decisions) else 0,
        NOT_DUPLICATE: int((decisions[DECISION] == NOT_DUPLICATE).sum()) if len(decisions)
        else 0,
        "not_found": int(len(res.unresolved)),
        "rejected_pairs_removed": removed,
        "confirmed_pairs_added": len(add),
        "groups": _review_counts(groups),
        "keep_chosen": int(len(res.keep)),
        "conflicts": list(decisions.attrs.get("conflicts", [])) + keep_conflicts,
        **_group_changes(result.groups, groups, frame),
    }
    return MatchResult(pairs=pairs, groups=groups, dpk_matches=dpk_frame(f, pairs),
                       nik_conflicts=result.nik_conflicts, stats=stats, config=cfg)


def _links(result, n: int, decisions: pd.DataFrame, res: Resolved) -> np.ndarray:
    """Component of each record over the matcher's links and the explicit pair decisions."""
    from dptclean.match import cluster

    basis = decisions["basis"].to_numpy() if "basis" in decisions.columns else None
    explicit = [k for k, i in enumerate(res.rows.tolist())
                if basis is None or basis[i] != "group"]
    left = np.concatenate([result.pairs["left"].to_numpy(np.int64), res.left[explicit]])
    right = np.concatenate([result.pairs["right"].to_numpy(np.int64), res.right[explicit]])
    return cluster.connected_components(n, left, right)


def refuse_unlinked(result, frame: pd.DataFrame, decisions: pd.DataFrame,
                    res: Resolved) -> None:
    """Refuse (InputError) decisions taken from ``group_id`` rows that would join records the
    matcher never linked, or hide groups of records that a group_id wrongly holds together:
    what an Excel fill-down of group_id / decision does. Pair rows (``other_fingerprint``)
    are the operator's explicit word and are not refused."""
    if "basis" not in decisions.columns or not len(res.rows):
        return
    comp = _links(result, len(frame), decisions, res)
    d = decisions.iloc[res.rows.tolist()].reset_index(drop=True)
    is_group = (d["basis"] == "group").to_numpy(bool)
    bad: set[int] = set()
    a_comp, b_comp = comp[res.left], comp[res.right]
    merge = is_group & (res.decision == DUPLICATE) & (a_comp != b_comp)
    bad.update(np.flatnonzero(merge).tolist())
    # a decided group_id holding two or more linked groups of records (a fill-down of
    # not_duplicate would hide them): refused too
    members: dict[tuple[str, str], dict[int, set[int]]] = {}
    for k in np.flatnonzero(is_group).tolist():
        per = members.setdefault((d["source"].iat[k], d["group"].iat[k]), {})
        for pos in (int(res.left[k]), int(res.right[k])):
            per.setdefault(int(comp[pos]), set()).add(pos)
    for k in np.flatnonzero(is_group).tolist():
        per = members[(d["source"].iat[k], d["group"].iat[k])]
        if sum(len(m) >= 2 for m in per.values()) >= 2 and \
                len(per[int(comp[res.left[k]])]) >= 2 and len(per[int(comp[res.right[k]])]) >= 2 \
                and comp[res.left[k]] != comp[res.right[k]]:
            bad.add(k)
    if bad:
        raise InputError(key="decisions_unlinked", params={"named": _unlinked_rows(d, sorted(bad))})


def _ranges(rows: list[int]) -> str:
    """[2, 3, 4, 7] -> '2-4, 7'."""
    spans: list[list[int]] = []
    for r in sorted(set(rows)):
        if spans and r == spans[-1][1] + 1:
            spans[-1][1] = r
        else:
            spans.append([r, r])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


class GroupRows:
    """The rows of each group_id concerned, one line each, in the message's language
    (``format(rows, "id")`` / ``format(rows, "en")``)."""

    def __init__(self, rows: dict[tuple[str, str], list[int]]) -> None:
        self.rows = rows

    def __format__(self, lang: str) -> str:
        group, row, more = (("kelompok", "baris", "; dan {n} kelompok lain") if lang == "id"
                            else ("group_id", "rows", "; and {n} more group_id values"))
        named = [f"{src} {group} {g}: {row} {_ranges(r)}"
                 for (src, g), r in list(self.rows.items())[:MAX_NAMED_ROWS]]
        extra = more.format(n=len(self.rows) - MAX_NAMED_ROWS) \
            if len(self.rows) > MAX_NAMED_ROWS else ""
        return "\n".join(named) + extra

    def __str__(self) -> str:
        return format(self, "en")


def _unlinked_rows(d: pd.DataFrame, bad: list[int]) -> GroupRows:
    """The rows of each group_id concerned."""
    rows: dict[tuple[str, str], list[int]] = {}
    for k in bad:
        key = (Path(str(d["source"].iat[k])).name or "decisions", str(d["group"].iat[k]))
        rows.setdefault(key, []).extend(int(x) for x in (d["a_row"].iat[k], d["b_row"].iat[k]))
    return GroupRows(rows)


def _apply_keeps(groups: pd.DataFrame, res: Resolved, decisions: pd.DataFrame,
                 frame: pd.DataFrame) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """The operator's keep choices: the chosen record is kept, the others proposed TMS ganda.
    Two different choices in one group are a conflict: that group keeps no choice."""
    if not len(res.keep) or not len(groups):
        return groups, []
    from dptclean.report.tables import row_ref

    g = groups.copy()
    gid_of = dict(zip(g["record"].astype(int).tolist(), g["group_id"].tolist()))
    chosen: dict[Any, dict[int, int]] = {}
    for pos, i in zip(res.keep.tolist(), res.keep_rows.tolist()):
        if pos in gid_of:
            chosen.setdefault(gid_of[pos], {})[pos] = i
    conflicts: list[dict[str, Any]] = []
    rec = g["record"].astype(int)
    for gid, picks in chosen.items():
        if len(picks) > 1:
            conflicts.append({"group": int(gid), "keep": row_ref(frame, sorted(picks))})
            continue
        [(pos, i)] = picks.items()
        note = str(decisions[NOTE].iat[i] or "")
        inside = g["group_id"] == gid
        g.loc[inside, "action"] = np.where(rec[inside] == pos, "keep", "remove")
        g.loc[inside & (rec == pos), "keep_reason"] = "chosen by an operator" + (
            f": {note}" if note else "")
        g.loc[inside & (rec != pos), "keep_reason"] = "candidate for TMS ganda (2)"
        if DECISION in g.columns:
            g.loc[inside & (rec == pos), DECISION] = KEEP
        if "redundant" in g.columns:
            g.loc[inside, "redundant"] = (rec[inside] != pos).to_numpy()
    return g, conflicts


def _group_changes(before: pd.DataFrame, after: pd.DataFrame,
                   frame: pd.DataFrame) -> dict[str, Any]:
    """How the decisions changed the matcher's groups: groups hidden (none of their records is
    in a group any more) and groups changed (split, merged or grown)."""
    from dptclean.report.tables import row_ref

    if not len(before):
        return {"groups_hidden": 0, "groups_changed": 0, "hidden": []}
    post = dict(zip(after["record"].astype(int).tolist(), after["group_id"].tolist())) \
        if len(after) else {}
    post_sets = after.groupby("group_id")["record"].agg(lambda x: frozenset(map(int, x))) \
        .to_dict() if len(after) else {}
    hidden, changed = [], 0
    for _, recs in before.groupby("group_id")["record"]:
        members = frozenset(int(x) for x in recs)
        gids = {post.get(r) for r in members}
        if gids == {None}:
            hidden.append(sorted(members))
        elif len(gids) > 1 or post_sets.get(next(iter(gids))) != members:
            changed += 1
    return {"groups_hidden": len(hidden), "groups_changed": changed,
            "hidden": [row_ref(frame, m) for m in hidden[:MAX_NAMED_ROWS]]}


def _mark_groups(groups: pd.DataFrame, decided: set, confirmed: set) -> pd.DataFrame:
    g = groups.copy()
    if not len(g):
        g[REVIEW] = pd.Series([], dtype=object)
        g[DECISION] = pd.Series([], dtype=object)
        return g
    review: dict[int, str] = {}
    # only a group holding a record of a decided pair can be confirmed (partly); every other
    # group is new, without looking at its pairs
    in_decided = {r for pair in decided for r in pair}
    touched_groups = g.loc[g["record"].isin(list(in_decided)), "group_id"].unique() \
        if in_decided else []
    for gid, recs in g[g["group_id"].isin(touched_groups)].groupby("group_id")["record"]:
        members = sorted(int(x) for x in recs)
        inside = [(a, b) for x, a in enumerate(members) for b in members[x + 1:]]
        touched = [p for p in inside if p in decided]
        if not touched:
            review[gid] = NEW
            continue
        # fully confirmed when the confirmed pairs connect every member
        parent = {m: m for m in members}

        def root(x: int, parent: dict[int, int] = parent) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for a, b in inside:
            if (a, b) in confirmed:
                parent[root(a)] = root(b)
        whole = len({root(m) for m in members}) == 1
        review[gid] = CONFIRMED if whole else PARTLY
    g[REVIEW] = g["group_id"].map(review).fillna(NEW).astype(object)
    g[DECISION] = np.where(g[REVIEW] == CONFIRMED, DUPLICATE, None)  # type: ignore[call-overload]
    return g


def _review_counts(groups: pd.DataFrame) -> dict[str, int]:
    if not len(groups) or REVIEW not in groups.columns:
        return {}
    per = groups.drop_duplicates("group_id")[REVIEW].value_counts()
    return {k: int(per.get(k, 0)) for k in (NEW, CONFIRMED, PARTLY)}


# --- the groups output in the decisions format ------------------------------------------------

def decision_template(table: pd.DataFrame, frame: pd.DataFrame | None = None, result=None,
                      decisions: pd.DataFrame | None = None, *,
                      resolved: Resolved | None = None) -> pd.DataFrame:
    """The groups table (``report.tables.groups_table``) in the decisions format: the edit
    columns (review, decision, note, decided_by, decided_at) after ``group_id`` and the record
    keys at the end. ``frame`` and ``result`` (the ones the table was built from) give the keys
    and the review marks; with ``decisions`` the decisions that still apply are filled in and the
    others are carried forward as blocks (group_id ``D1``, ``D2``, ...)."""
    t = table.reset_index(drop=True).copy()
    n = len(t)
    if frame is not None and result is not None and len(result.groups):
        recs = result.groups["record"].astype("int64").to_numpy()
        # only the columns the keys read: taking whole rows of a wide frame is slow
        used = [c for c in _KEY_SOURCES if c in frame.columns]
        keys = record_keys(frame[used].iloc[recs]).reset_index(drop=True)
        g = result.groups.reset_index(drop=True)
        review = g[REVIEW].tolist() if REVIEW in g.columns else [NEW] * n
        decision = g[DECISION].tolist() if DECISION in g.columns else [None] * n
    else:
        keys = record_keys(t) if n else pd.DataFrame({RECORD_KEY: [], FINGERPRINT: []})
        review, decision = [NEW] * n, [None] * n
    t[GROUP_ID] = t[GROUP_ID].astype("string").astype(object) if n else t.get(GROUP_ID)
    edit = pd.DataFrame({REVIEW: review, DECISION: decision, NOTE: [None] * n,
                         DECIDED_BY: [None] * n, DECIDED_AT: [None] * n})
    if decisions is not None and len(decisions) and frame is not None and result is not None:
        _fill_notes(edit, keys, decisions)
    rest = [c for c in t.columns if c != GROUP_ID and c not in EDIT_COLUMNS
            and c not in KEY_COLUMNS]
    out = pd.concat([t[[GROUP_ID]], edit, t[rest], keys.reset_index(drop=True)], axis=1)
    if decisions is not None and len(decisions) and frame is not None and result is not None:
        blocks = _carry_forward(frame, result, decisions, list(out.columns),
                                resolved if resolved is not None else resolve(frame, decisions))
        if len(blocks):
            out = pd.concat([out.astype(object), blocks.astype(object)], ignore_index=True)
    return out


def _fill_notes(edit: pd.DataFrame, keys: pd.DataFrame, decisions: pd.DataFrame) -> None:
    """Note / who / when of the latest confirmation that names a record of a confirmed group."""
    latest: dict[tuple[str, str], tuple[str, str, str]] = {}
    conf = decisions[decisions[DECISION] == DUPLICATE]
    for row in conf.itertuples(index=False):
        info = (getattr(row, NOTE), getattr(row, DECIDED_BY), getattr(row, DECIDED_AT))
        for k, fp in ((row.a_key, row.a_fp), (row.b_key, row.b_fp)):
            latest[(fp, k)] = info
            latest.setdefault((fp, ""), info)
    for i, (k, fp) in enumerate(zip(keys[RECORD_KEY], keys[FINGERPRINT])):
        if edit.at[i, REVIEW] != CONFIRMED:
            continue
        found = latest.get((fp, k)) or latest.get((fp, ""))
        if found:
            edit.at[i, NOTE], edit.at[i, DECIDED_BY], edit.at[i, DECIDED_AT] = found


def _carry_forward(frame: pd.DataFrame, result, decisions: pd.DataFrame,
                   columns: list[str], res: Resolved) -> pd.DataFrame:
    """Decisions the groups above do not show, as two-row blocks in the same format."""
    records = decisions.to_dict("records")
    shown: set[tuple[int, int]] = set()
    g = result.groups
    if len(g) and REVIEW in g.columns:
        for _, recs in g[g[REVIEW] == CONFIRMED].groupby("group_id")["record"]:
            m = sorted(int(x) for x in recs)
            shown |= {(a, b) for x, a in enumerate(m) for b in m[x + 1:]}
    from dptclean.report.privacy import mask_frame

    used = sorted(set(res.left.tolist()) | set(res.right.tolist()))
    at = {pos: i for i, pos in enumerate(used)}
    keys = record_keys(frame.iloc[used])
    data_cols = [c for c in columns if c in frame.columns and c not in KEY_COLUMNS]
    from dptclean.report.tables import masked_year_from_norm

    data = (masked_year_from_norm(mask_frame(frame.iloc[used][data_cols]), frame.iloc[used])
            if data_cols else None)
    data_rows = (data.astype(object).where(data.notna(), None).values.tolist()
                 if data is not None else [[None] * len(data_cols) for _ in used])
    rows: list[dict[str, Any]] = []
    n_block = 0

    def block(review: str, dec_row: dict, a: int | None, b: int | None) -> None:
        nonlocal n_block
        n_block += 1
        gid = f"D{n_block}"
        d = dec_row[DECISION]
        for k, (pos, key, fp) in enumerate(((a, dec_row["a_key"], dec_row["a_fp"]),
                                            (b, dec_row["b_key"], dec_row["b_fp"]))):
            row: dict[str, Any] = {c: None for c in columns}
            row[GROUP_ID] = gid
            row[REVIEW] = review
            # not_duplicate on the second record rejects the pair; duplicate on both confirms
            row[DECISION] = d if (d == DUPLICATE or k == 1) else None
            row[NOTE], row[DECIDED_BY], row[DECIDED_AT] = (dec_row[NOTE], dec_row[DECIDED_BY],
                                                           dec_row[DECIDED_AT])
            if pos is not None:
                row.update(zip(data_cols, data_rows[at[pos]]))
                row[RECORD_KEY], row[FINGERPRINT] = keys.iat[at[pos], 0], keys.iat[at[pos], 1]
            else:
                row[RECORD_KEY], row[FINGERPRINT] = key, fp
            rows.append(row)
        # each row names the other record: the block is a pair decision, not one taken from
        # group_id (which the next run checks against the matcher's links)
        first, second = rows[-2], rows[-1]
        for row, other in ((first, second), (second, first)):
            row[OTHER_RECORD_KEY], row[OTHER_FINGERPRINT] = other[RECORD_KEY], other[FINGERPRINT]

    for a, b, d, i in zip(res.left.tolist(), res.right.tolist(), res.decision.tolist(),
                          res.rows.tolist()):
        if d == DUPLICATE and (a, b) in shown:
            continue
        block(REJECTED if d == NOT_DUPLICATE else CONFIRMED, records[i], a, b)
    for i in res.unresolved.tolist():
        block(NOT_FOUND, records[i], None, None)
    return pd.DataFrame(rows, columns=columns + [OTHER_RECORD_KEY, OTHER_FINGERPRINT])


# --- the one call the dedupe command needs ----------------------------------------------------

DecisionPaths = str | os.PathLike | Sequence[str | os.PathLike]


def apply_to_run(frame: pd.DataFrame, result, decisions_path: DecisionPaths | None = None,
                 *, show_nik: bool = False, original_columns: list[str] | None = None):
    """Apply a decisions file (if given) to a dedupe run and build its groups output.

    Returns ``(result, table, summary)``: the match result with the decisions applied (build
    the report from it), the groups table in the decisions format (write it with ``-o``), and a
    summary dict for the report (``result.stats["decisions"]``, or ``{}`` without a file).
    """
    from dptclean.report.tables import groups_table

    decisions = resolved = None
    if decisions_path is not None:
        decisions = read_decisions(decisions_path)
        resolved = resolve(frame, decisions)
        result = apply_decisions(result, frame, decisions, resolved=resolved)
    elif REVIEW not in result.groups.columns:
        result = dataclasses.replace(result, groups=_mark_groups(result.groups, set(), set()))
    table = groups_table(frame, result, show_nik=show_nik, original_columns=original_columns)
    out = decision_template(table, frame, result, decisions, resolved=resolved)
    if decisions_path is not None:
        carry_field_checks(out, decisions_path)
    return result, out, dict(result.stats.get("decisions", {}))


def review_table(frame: pd.DataFrame, result, decisions_path: DecisionPaths | None = None,
                 *, show_nik: bool = False, original_columns: list[str] | None = None
                 ) -> pd.DataFrame:
    """The groups output in the decisions format for a result whose decisions (if any) were
    already applied with :func:`apply_decisions`; ``decisions_path`` (the same file) is read
    again only to carry forward the decisions no group shows."""
    from dptclean.report.tables import groups_table

    if REVIEW not in result.groups.columns:
        result = dataclasses.replace(result, groups=_mark_groups(result.groups, set(), set()))
    decisions = read_decisions(decisions_path) if decisions_path is not None else None
    table = groups_table(frame, result, show_nik=show_nik, original_columns=original_columns)
    out = decision_template(table, frame, result, decisions)
    if decisions_path is not None:
        carry_field_checks(out, decisions_path)
    return out


def field_checks(paths: DecisionPaths) -> dict[tuple[str, str], tuple[str, str, str]]:
    """The records an operator sent to a field check (decision ``verify_field``) in the
    decisions files: (fingerprint, record_key) and (fingerprint, "") -> (note, decided_by,
    decided_at). They decide no pair, so :func:`read_decisions` leaves them out."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    marks: dict[tuple[str, str], tuple[str, str, str]] = {}
    for p in paths:
        t = read_table(p)
        if DECISION not in t.columns or FINGERPRINT not in t.columns:
            continue
        cells = {c: _cells(t, c) for c in (FINGERPRINT, RECORD_KEY, NOTE, DECIDED_BY,
                                           DECIDED_AT)}
        for i, value in enumerate(t[DECISION].tolist()):
            try:
                if parse_decision(value) != VERIFY_FIELD:
                    continue
            except ValueError:   # read_decisions has refused the file already
                continue
            fp = cells[FINGERPRINT][i]
            if fp:
                info = (cells[NOTE][i], cells[DECIDED_BY][i], cells[DECIDED_AT][i])
                marks[(fp, cells[RECORD_KEY][i])] = info
                marks.setdefault((fp, ""), info)
    return marks


def carry_field_checks(out: pd.DataFrame, paths: DecisionPaths) -> None:
    """A record still in a group and still undecided keeps the operator's ``verify_field``
    mark with its note, who and when (in place), so the next round's file still says it was
    sent to the field."""
    marks = field_checks(paths)
    if not marks or not len(out) or FINGERPRINT not in out.columns:
        return
    for i, (fp, key, d) in enumerate(zip(out[FINGERPRINT].tolist(),
                                         out[RECORD_KEY].tolist() if RECORD_KEY in out.columns
                                         else [""] * len(out), out[DECISION].tolist())):
        if isinstance(d, str) and d.strip():
            continue
        found = marks.get((str(fp), str(key))) or marks.get((str(fp), ""))
        if found:
            out.iat[i, out.columns.get_loc(DECISION)] = VERIFY_FIELD
            for col, v in zip((NOTE, DECIDED_BY, DECIDED_AT), found):
                if col in out.columns and v:
                    out.iat[i, out.columns.get_loc(col)] = v
