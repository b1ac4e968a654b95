"""Differences between two versions of a voter list: who was added, removed or changed.

``diff_voters(old, new)`` pairs the records of two dumps of the same list. Records are paired by
their complete valid NIK first (one to one); the records left over on both sides (missing,
damaged, masked or corrected NIKs, and NIKs repeated inside one dump) are then paired with the
matcher (:func:`dptclean.match.pipeline.find_duplicates` on the two rests together, keeping only
links between OLD and NEW, strongest first, one to one). Fields are compared on their
normalised values, so formatting noise (``01-07-1980`` / ``1980-07-01``, ``rt 1`` / ``001``) is
not a change. The library never prints; the CLI renders :class:`DiffResult`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from dptclean import schema
from dptclean.normalize.nik import VALID

ProgressCallback = Callable[[str, int, "int | None"], None]

ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"
STATUSES = (REMOVED, ADDED, CHANGED, UNCHANGED)
BY_NIK, BY_FUZZY = "nik", "fuzzy"

# Reported field -> the column its values are compared on (normalised where a normaliser exists;
# free text is compared upper-cased with whitespace collapsed).
COMPARED: dict[str, str] = {
    schema.NIK: schema.NIK_NORM,
    schema.NKK: schema.NKK_NORM,
    schema.NAMA: schema.NAMA_NORM,
    schema.TEMPAT_LAHIR: schema.TEMPAT_LAHIR_NORM,
    schema.TANGGAL_LAHIR: schema.TANGGAL_LAHIR_NORM,
    schema.JENIS_KELAMIN: schema.JENIS_KELAMIN_NORM,
    schema.STATUS_KAWIN: schema.STATUS_KAWIN_NORM,
    schema.ALAMAT: schema.ALAMAT,
    schema.RT: schema.RT_NORM,
    schema.RW: schema.RW_NORM,
    schema.DISABILITAS: schema.DISABILITAS_NORM,
    schema.KETERANGAN: schema.KETERANGAN,
    schema.TPS: schema.TPS_NORM,
    schema.KELURAHAN: schema.KELURAHAN,
    schema.KECAMATAN: schema.KECAMATAN,
}
_FREE_TEXT = {schema.ALAMAT, schema.KETERANGAN, schema.KELURAHAN, schema.KECAMATAN}
_IDS = {schema.NIK, schema.NKK}
_WS = re.compile(r"\s+")


@dataclass
class DiffResult:
    """The pairing of two list versions and what changed.

    ``records``: one row per OLD record and per unpaired NEW record, with ``status``
    (added/removed/changed/unchanged), ``matched_by`` (nik/fuzzy/None), ``old_record`` and
    ``new_record`` (positions in the two frames, -1 when absent), ``score`` (fuzzy pairs only)
    and ``changed_fields`` (comma-separated reported field names).
    """

    records: pd.DataFrame
    old: pd.DataFrame
    new: pd.DataFrame
    summary: dict[str, Any] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        vc = self.records["status"].value_counts()
        return {s: int(vc.get(s, 0)) for s in (ADDED, REMOVED, CHANGED, UNCHANGED)}


def _ensure_normalised(frame: pd.DataFrame) -> pd.DataFrame:
    if schema.NAMA_NORM in frame.columns and schema.NIK_STATUS in frame.columns:
        return frame.reset_index(drop=True)
    from dptclean.normalize import normalize_voters

    return normalize_voters(frame.reset_index(drop=True))


_STR = pd.StringDtype("pyarrow")


def _text(frame: pd.DataFrame, col: str) -> pd.Series:
    """A column as Arrow strings (all-null when the column is absent)."""
    if col not in frame.columns:
        return pd.Series(pd.NA, index=frame.index, dtype=_STR)
    s = frame[col]
    return s if s.dtype == _STR else s.astype(_STR)


def comparable(frame: pd.DataFrame, fld: str) -> pd.Series:
    """The values of a reported field as they are compared (Arrow strings, NA when empty)."""
    s = _text(frame, COMPARED[fld]).str.strip()
    if fld in _FREE_TEXT:
        s = s.str.upper().str.replace(r"\s+", " ", regex=True)
    return s.where(s != "")


def _same(a: pd.Series, b: pd.Series) -> np.ndarray:
    """Element-wise equality where two empty values are equal too."""
    a = a.reset_index(drop=True)
    b = b.reset_index(drop=True)
    eq = (a == b).fillna(False).to_numpy(dtype=bool)
    return eq | (a.isna() & b.isna()).to_numpy(dtype=bool)


def _ids_agree(a: object, b: object) -> bool:
    """Masked ('*') or Excel-rounded digits are not a change: compare the digits both show."""
    if a == b:
        return True
    if a is None or b is None:
        return False
    a, b = str(a), str(b)
    if len(a) != len(b):
        return False
    diffs = [i for i, (x, y) in enumerate(zip(a, b)) if x != y and x != "*" and y != "*"]
    if not diffs:
        return True
    # a NIK stored as a number keeps 15 digits: only its last digit may differ (as 0)
    return diffs == [len(a) - 1] and (a[-1] == "0" or b[-1] == "0")


def _nik_keys(frame: pd.DataFrame) -> pd.Series:
    status = _text(frame, schema.NIK_STATUS)
    nik = _text(frame, schema.NIK_NORM)
    return nik.where((status == VALID).fillna(False))


def _pair_by_nik(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """One-to-one pairs on a complete valid NIK.

    A NIK that occurs once in each dump pairs its two records. Where a NIK is repeated inside
    a dump (a voter registered twice), its records are paired greedily by how many compared
    fields agree (ties: input order), so two copies that swapped places are not reported as
    two changes.
    """
    ko = pd.DataFrame({"pos": np.arange(len(old)),
                       "nik": _nik_keys(old).reset_index(drop=True)}).dropna()
    kn = pd.DataFrame({"pos": np.arange(len(new)),
                       "nik": _nik_keys(new).reset_index(drop=True)}).dropna()
    co, cn = ko["nik"].value_counts(), kn["nik"].value_counts()
    simple_o = ko[ko["nik"].map(co).eq(1) & ko["nik"].map(cn).eq(1)]
    simple_n = kn[kn["nik"].map(cn).eq(1) & kn["nik"].map(co).eq(1)]
    first = simple_o.merge(simple_n, on="nik", suffixes=("_old", "_new"))
    out = [first[["pos_old", "pos_new"]].to_numpy(dtype=np.int64)]
    rep_o = ko[ko["nik"].map(co).gt(1) | ko["nik"].map(cn).gt(1)]
    rep_n = kn[kn["nik"].isin(rep_o["nik"])]
    if len(rep_o) and len(rep_n):
        cand = rep_o.merge(rep_n, on="nik", suffixes=("_old", "_new"))
        co_ = cand["pos_old"].to_numpy(dtype=np.int64)
        cn_ = cand["pos_new"].to_numpy(dtype=np.int64)
        agree = np.zeros(len(cand), dtype=np.int64)
        for fld in COMPARED:
            agree += _same(comparable(old, fld).iloc[co_], comparable(new, fld).iloc[cn_])
        order = np.lexsort((cn_, co_, -agree))
        used_o: set[int] = set()
        used_n: set[int] = set()
        pairs = []
        for i in order.tolist():
            a, b = int(co_[i]), int(cn_[i])
            if a in used_o or b in used_n:
                continue
            used_o.add(a)
            used_n.add(b)
            pairs.append((a, b))
        if pairs:
            out.append(np.array(pairs, dtype=np.int64))
    both = np.concatenate(out) if out else np.zeros((0, 2), dtype=np.int64)
    return pd.DataFrame({"old": both[:, 0], "new": both[:, 1]})


def _pair_fuzzy(old: pd.DataFrame, new: pd.DataFrame, old_rest: np.ndarray,
                new_rest: np.ndarray, config, progress,
                context: np.ndarray | None = None) -> pd.DataFrame:
    """Pairs among the unpaired rests, found by the matcher; strongest first, one to one.

    ``context``: NEW records already paired by NIK, matched along (never paired) so that name
    and date frequencies are those of a list, not of a handful of leftovers.
    """
    empty = pd.DataFrame({"old": pd.Series([], dtype=np.int64),
                          "new": pd.Series([], dtype=np.int64),
                          "score": pd.Series([], dtype=float)})
    if not len(old_rest) or not len(new_rest):
        return empty
    from dptclean.match.config import MatchConfig
    from dptclean.match.pipeline import find_duplicates

    cfg = MatchConfig.from_dict(config.to_dict()) if config is not None else MatchConfig()
    cfg.exclude_tms = False  # a voter newly marked TMS is still the same voter
    ctx = context if context is not None else np.zeros(0, dtype=np.int64)
    a = old.iloc[old_rest]
    b = new.iloc[new_rest]
    c = new.iloc[ctx]
    both = pd.concat([a, b, c], ignore_index=True, sort=False)
    # every record is taken as DPT so that all links come back as pairs; only pairs that
    # touch an unpaired NEW record are compared, and only OLD-NEW ones are kept
    both[schema.LIST] = pd.Categorical(["DPT"] * len(both), categories=["DPT", "DPK"])
    is_new = np.zeros(len(both), dtype=bool)
    is_new[len(a):len(a) + len(b)] = True
    is_old = np.zeros(len(both), dtype=bool)
    is_old[:len(a)] = True
    res = find_duplicates(both, cfg, progress=progress, new_records=is_new)
    p = res.pairs
    if not len(p):
        return empty
    left = p["left"].to_numpy(dtype=np.int64)
    right = p["right"].to_numpy(dtype=np.int64)
    cross = (is_old[left] & is_new[right]) | (is_new[left] & is_old[right])
    lo = np.where(is_old[left], left, right)[cross]
    hi = np.where(is_old[left], right, left)[cross] - len(a)
    sc = p["score"].to_numpy(dtype=float)[cross]
    order = np.lexsort((hi, lo, -sc))
    used_o: set[int] = set()
    used_n: set[int] = set()
    out = []
    for i in order.tolist():
        x, y = int(lo[i]), int(hi[i])
        if x in used_o or y in used_n:
            continue
        used_o.add(x)
        used_n.add(y)
        out.append((int(old_rest[x]), int(new_rest[y]), float(sc[i])))
    if not out:
        return empty
    return pd.DataFrame(out, columns=["old", "new", "score"])


def _pair_name_dob(old: pd.DataFrame, new: pd.DataFrame, old_rest: np.ndarray,
                   new_rest: np.ndarray) -> pd.DataFrame:
    """What the matcher left: pair records whose name key, birth date and sex agree and are
    unique among the leftovers of both dumps (a short list gives the matcher's frequencies too
    little to go on)."""
    def keys(frame: pd.DataFrame, rest: np.ndarray) -> pd.DataFrame:
        part = frame.iloc[rest]
        k = pd.DataFrame({"pos": rest,
                          "name": _text(part, schema.NAMA_KEY).to_numpy(dtype=object),
                          "dob": _text(part, schema.TANGGAL_LAHIR_NORM).to_numpy(dtype=object),
                          "sex": _text(part, schema.JENIS_KELAMIN_NORM).fillna("")
                          .to_numpy(dtype=object)})
        k = k.dropna(subset=["name", "dob"])
        return k.drop_duplicates(["name", "dob", "sex"], keep=False)

    m = keys(old, old_rest).merge(keys(new, new_rest), on=["name", "dob", "sex"],
                                  suffixes=("_old", "_new"))
    return pd.DataFrame({"old": m["pos_old"].to_numpy(dtype=np.int64),
                         "new": m["pos_new"].to_numpy(dtype=np.int64),
                         "score": np.nan})


CONTEXT_RECORDS = 20_000


def _context(paired_new: np.ndarray) -> np.ndarray:
    """Up to CONTEXT_RECORDS NIK-paired NEW records, evenly spread (deterministic)."""
    paired_new = np.sort(paired_new)
    if len(paired_new) <= CONTEXT_RECORDS:
        return paired_new
    step = len(paired_new) / CONTEXT_RECORDS
    return paired_new[(np.arange(CONTEXT_RECORDS) * step).astype(np.int64)]


def diff_voters(old: pd.DataFrame, new: pd.DataFrame, *, config=None, fuzzy: bool = True,
                progress: ProgressCallback | None = None) -> DiffResult:
    """Pair the records of two versions of a list and say what changed.

    ``old`` and ``new`` are frames from :func:`dptclean.read_voters` (normalised here when they
    are not yet). ``config`` is the :class:`~dptclean.match.config.MatchConfig` of the fuzzy
    fallback; ``fuzzy=False`` pairs on NIK only.
    """
    old = _ensure_normalised(old)
    new = _ensure_normalised(new)
    if progress:
        progress("pairing by NIK", 0, 2)
    by_nik = _pair_by_nik(old, new)
    old_rest = _rest(len(old), by_nik["old"])
    new_rest = _rest(len(new), by_nik["new"])
    fz = (_pair_fuzzy(old, new, old_rest, new_rest, config, progress,
                      context=_context(by_nik["new"].to_numpy(dtype=np.int64)))
          if fuzzy else _pair_fuzzy(old, new, old_rest[:0], new_rest, config, progress))
    left_o = np.setdiff1d(old_rest, fz["old"].to_numpy(dtype=np.int64), assume_unique=True)
    left_n = np.setdiff1d(new_rest, fz["new"].to_numpy(dtype=np.int64), assume_unique=True)
    if fuzzy:
        fz = pd.concat([fz, _pair_name_dob(old, new, left_o, left_n)], ignore_index=True)
    if progress:
        progress("comparing fields", 1, 2)

    pairs = pd.concat([
        by_nik.assign(matched_by=BY_NIK, score=np.nan),
        fz.assign(matched_by=BY_FUZZY),
    ], ignore_index=True)
    po = pairs["old"].to_numpy(dtype=np.int64)
    pn = pairs["new"].to_numpy(dtype=np.int64)
    changed_cols: list[np.ndarray] = []
    field_names = list(COMPARED)
    for fld in field_names:
        a = comparable(old, fld).iloc[po]
        b = comparable(new, fld).iloc[pn]
        same = _same(a, b)
        if fld in _IDS and not same.all():
            # masked or Excel-rounded digits are no change: check the few that differ
            idx = np.flatnonzero(~same)
            av = a.iloc[idx].astype(object).where(a.iloc[idx].notna(), None).tolist()
            bv = b.iloc[idx].astype(object).where(b.iloc[idx].notna(), None).tolist()
            same[idx] = [_ids_agree(x, y) for x, y in zip(av, bv)]
        changed_cols.append(~same)
    mat = (np.column_stack(changed_cols) if len(pairs)
           else np.zeros((0, len(field_names)), dtype=bool))
    names = np.array(field_names, dtype=object)
    changed_fields = [", ".join(names[row]) for row in mat]
    pairs["changed_fields"] = changed_fields
    pairs["status"] = np.where(mat.any(axis=1), CHANGED, UNCHANGED) if len(pairs) else []

    removed = _rest(len(old), po)
    added = _rest(len(new), pn)
    records = pd.concat([
        pd.DataFrame({"status": REMOVED, "matched_by": None, "old_record": removed,
                      "new_record": -1, "score": np.nan, "changed_fields": ""}),
        pd.DataFrame({"status": pairs["status"], "matched_by": pairs["matched_by"],
                      "old_record": po, "new_record": pn, "score": pairs["score"],
                      "changed_fields": pairs["changed_fields"]}),
        pd.DataFrame({"status": ADDED, "matched_by": None, "old_record": -1,
                      "new_record": added, "score": np.nan, "changed_fields": ""}),
    ], ignore_index=True)
    records["old_record"] = records["old_record"].astype(np.int64)
    records["new_record"] = records["new_record"].astype(np.int64)
    rank = records["status"].map({s: i for i, s in enumerate(STATUSES)})
    key_old = records["old_record"].where(records["old_record"] >= 0, len(old))
    records = records.assign(_r=rank, _o=key_old, _n=records["new_record"]) \
        .sort_values(["_r", "_o", "_n"], kind="stable") \
        .drop(columns=["_r", "_o", "_n"]).reset_index(drop=True)

    counts = records["status"].value_counts()
    per_field = mat.sum(axis=0) if len(pairs) else np.zeros(len(field_names), dtype=int)
    summary: dict[str, Any] = {
        ADDED: int(counts.get(ADDED, 0)),
        REMOVED: int(counts.get(REMOVED, 0)),
        CHANGED: int(counts.get(CHANGED, 0)),
        UNCHANGED: int(counts.get(UNCHANGED, 0)),
        "changed_fields": {f: int(n) for f, n in zip(field_names, per_field) if n},
        "matched_by": {BY_NIK: int(len(by_nik)), BY_FUZZY: int(len(fz))},
        "duplicate_nik": {"old": _repeated_niks(old), "new": _repeated_niks(new)},
        "fuzzy": {"method": "matcher" if fuzzy else "off",
                  "old_unpaired_by_nik": int(len(old_rest)),
                  "new_unpaired_by_nik": int(len(new_rest))},
    }
    if progress:
        progress("comparing fields", 2, 2)
    return DiffResult(records=records, old=old, new=new, summary=summary)


def _rest(n: int, taken) -> np.ndarray:
    """Positions 0..n-1 not in ``taken``, in order."""
    free = np.ones(n, dtype=bool)
    free[np.asarray(taken, dtype=np.int64)] = False
    return np.flatnonzero(free)


def _repeated_niks(frame: pd.DataFrame) -> dict[str, int]:
    """Complete valid NIKs that occur more than once in one dump, and their records."""
    keys = _nik_keys(frame).dropna()
    vc = keys.value_counts()
    rep = vc[vc > 1]
    return {"niks": int(len(rep)), "records": int(rep.sum())}


# --- the details table ------------------------------------------------------------------------

def details_table(result: DiffResult, *, show_nik: bool = False,
                  include_unchanged: bool = False) -> pd.DataFrame:
    """One row per added, removed or changed record (and unchanged ones when asked): where it
    is in each dump, what changed (``field: old -> new``) and the record's own fields (NEW's
    values, OLD's for a removed record). NIK, NKK and birth dates are masked unless
    ``show_nik``."""
    from dptclean.report.privacy import mask_dates, mask_frame

    r = result.records
    if not include_unchanged:
        r = r[r["status"] != UNCHANGED]
    r = r.reset_index(drop=True)
    oi = r["old_record"].to_numpy(dtype=np.int64)
    ni = r["new_record"].to_numpy(dtype=np.int64)

    subs = {"old": (_rows(result.old, oi), oi >= 0), "new": (_rows(result.new, ni), ni >= 0)}

    def take(side: str, col: str) -> np.ndarray:
        sub, ok = subs[side]
        out = np.full(len(ok), None, dtype=object)
        if col in sub.columns:
            vals = sub[col].astype(object).to_numpy()
            keep = ok & sub[col].notna().to_numpy(dtype=bool)
            out[keep] = vals[keep]
        return out

    def take_row(side: str) -> pd.Series:
        sub, ok = subs[side]
        if schema.ROW not in sub.columns:
            return pd.Series([pd.NA] * len(ok), dtype="Int64")
        rows = pd.to_numeric(sub[schema.ROW], errors="coerce").astype("Int64")
        return rows.where(pd.Series(ok), pd.NA).astype("Int64")

    out = pd.DataFrame({"status": r["status"], "matched_by": r["matched_by"],
                        "score": r["score"], "changed_fields": r["changed_fields"]})
    changes = []
    comp_old = {f: comparable(subs["old"][0], f).astype(object).to_numpy() for f in COMPARED}
    comp_new = {f: comparable(subs["new"][0], f).astype(object).to_numpy() for f in COMPARED}
    for k, fields in enumerate(r["changed_fields"].tolist()):
        parts = []
        for fld in filter(None, (x.strip() for x in fields.split(","))):
            a, b = comp_old[fld][k], comp_new[fld][k]
            if not show_nik and fld in _IDS:
                parts.append(f"{fld} changed")
                continue
            if not show_nik and fld == schema.TANGGAL_LAHIR:
                a = mask_dates(pd.Series([a], dtype="string")).iloc[0]
                b = mask_dates(pd.Series([b], dtype="string")).iloc[0]
            parts.append(f"{fld}: {_show(a)} -> {_show(b)}")
        changes.append("; ".join(parts))
    out["changes"] = changes
    for side in ("old", "new"):
        for col in (schema.SOURCE_FILE, schema.SHEET, schema.ROW, schema.RECORD_NO):
            out[f"{side}_{col}"] = take_row(side) if col == schema.ROW else take(side, col)
    data = {}
    for col in schema.FIELDS:
        if col in result.new.columns or col in result.old.columns:
            a = take("old", col)
            b = take("new", col)
            data[col] = np.where(ni >= 0, b, a)
    data_frame = pd.DataFrame(data)
    if not show_nik:
        data_frame = mask_frame(data_frame)
    return pd.concat([out, data_frame], axis=1)


def _rows(frame: pd.DataFrame, pos: np.ndarray) -> pd.DataFrame:
    """The rows at ``pos`` (row 0 standing in where pos is -1; callers mask those)."""
    if not len(frame):
        return pd.DataFrame(index=range(len(pos)), columns=frame.columns)
    return frame.iloc[np.where(pos >= 0, pos, 0)].reset_index(drop=True)


def _show(value: object) -> str:
    return "(empty)" if value is None or pd.isna(value) else str(value)


def changed_as_written(result) -> dict:
    """Paired records whose fields differ as written although they compare equal normalised
    (a title added to 50 names, 01-07-1980 vs 1980-07-01): counted apart, never hidden."""
    rec = result.records
    paired = rec[rec["old_record"].ge(0) & rec["new_record"].ge(0)]
    po = paired["old_record"].to_numpy(dtype=np.int64)
    pn = paired["new_record"].to_numpy(dtype=np.int64)
    normalised_same = (paired["status"] == UNCHANGED).to_numpy()
    changed_cols = paired["changed_fields"].fillna("").str.split(", ")
    any_raw = np.zeros(len(paired), dtype=bool)
    fields: dict[str, int] = {}
    for fld in COMPARED:
        if fld not in result.old.columns or fld not in result.new.columns:
            continue
        a = result.old[fld].astype("string").str.strip().iloc[po].reset_index(drop=True)
        b = result.new[fld].astype("string").str.strip().iloc[pn].reset_index(drop=True)
        differs = ~((a == b).fillna(False) | (a.isna() & b.isna())).to_numpy(bool)
        # only where the normalised comparison says "same" for this field
        same_norm = ~np.array([fld in cols for cols in changed_cols], dtype=bool)
        hidden = differs & same_norm
        if hidden.any():
            fields[fld] = int(hidden.sum())
            any_raw |= hidden
    return {"records": int((any_raw & normalised_same).sum()), "fields": fields}
