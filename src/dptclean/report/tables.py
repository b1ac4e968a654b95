"""Tables for people: the duplicate groups with their reasons and the records' own columns."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dptclean import schema
from dptclean.match.pipeline import MatchResult
from dptclean.report.privacy import mask_frame
from dptclean.report.reasons import pair_reasons

GROUP_COLUMNS = ["group_id", "action", "category", "confidence", "score", "reasons",
                 "keep_reason", "linked_to", "list", "reasons_technical"]
# ``reasons``: the link told in words (:mod:`dptclean.report.reasons`, English here; the
# workbook and the reports show it in their language); ``reasons_technical``: the matcher's
# line with the levels, their weights in bits and the match probability


def row_ref(frame: pd.DataFrame, records) -> list[str]:
    """'file [sheet] row N' for each record position: where an operator finds it."""
    records = list(records)
    valid = [r is not None and not pd.isna(r) for r in records]
    pos = [int(r) for r, ok in zip(records, valid) if ok]
    # only the provenance columns: taking whole rows of a wide frame is slow
    def column(name: str) -> list:
        if name not in frame.columns:
            return [None] * len(pos)
        return frame[name].iloc[pos].astype(object).tolist()

    sources, sheets, rows = column(schema.SOURCE_FILE), column(schema.SHEET), column(schema.ROW)
    out, k = [], 0
    for ok in valid:
        if not ok:
            out.append("")
            continue
        where = str(sources[k])
        sheet = sheets[k]
        if sheet is not None and not pd.isna(sheet):
            where += f" [{sheet}]"
        out.append(f"{where} row {rows[k]}")
        k += 1
    return out


def masked_year_from_norm(data: pd.DataFrame, base: pd.DataFrame) -> pd.DataFrame:
    """A birth date typed as an Excel serial number (31234) masks to '*****', which tells
    the operator nothing; the normalised date gives its year: '**-**-1985', as for any
    other date."""
    col, norm = schema.TANGGAL_LAHIR, schema.TANGGAL_LAHIR_NORM
    if col not in data.columns or norm not in base.columns or not len(data):
        return data
    shown = data[col].astype("string")
    years = pd.to_datetime(base[norm], errors="coerce").dt.year.to_numpy()
    blind = (~shown.str.contains(r"\d", regex=True).fillna(True)).to_numpy() \
        & shown.notna().to_numpy() & ~pd.isna(years)
    if not blind.any():
        return data
    out = data.copy()
    fixed = shown.to_numpy(dtype=object)
    fixed[blind] = [f"**-**-{int(y)}" for y in years[blind]]
    out[col] = pd.array(fixed, dtype="string")
    return out


def groups_table(frame: pd.DataFrame, result: MatchResult, *, show_nik: bool = False,
                 original_columns: list[str] | None = None) -> pd.DataFrame:
    """One row per record in a duplicate group: decision, evidence, provenance, its data."""
    g = result.groups
    recs = g["record"].astype("int64").tolist() if len(g) else []
    cols = original_columns or [c for c in frame.columns
                                if c in schema.FIELDS or c in schema.PROVENANCE]
    # only the columns used here: taking whole rows of a wide frame is slow
    # (the normalised birth date gives a masked serial-number date its year)
    wanted = [c for c in dict.fromkeys([*cols, schema.LIST, schema.TANGGAL_LAHIR_NORM])
              if c in frame.columns]
    base = frame[wanted].iloc[recs].reset_index(drop=True) if recs else frame[wanted].iloc[0:0]
    data = base[[c for c in dict.fromkeys(cols) if c in base.columns and c not in GROUP_COLUMNS]]
    if not show_nik:
        data = masked_year_from_norm(mask_frame(data), base)
    out = pd.DataFrame({
        "group_id": g["group_id"].astype("int64").to_numpy() if recs else [],
        "action": g["action"].to_numpy() if recs else [],
        "category": g["category"].to_numpy() if recs else [],
        # sure / possible (perlu verifikasi faktual): see docs/matching.md
        "confidence": (g["confidence"].to_numpy() if "confidence" in g.columns
                       else np.full(len(recs), "sure", dtype=object)) if recs else [],
        "score": g["best_score"].to_numpy() if recs else [],
        "reasons": _readable(frame, result, g) if recs else [],
        "keep_reason": g["keep_reason"].to_numpy() if recs else [],
        "linked_to": row_ref(frame, g["linked_to"].tolist()) if recs else [],
        "list": base[schema.LIST].astype("string").to_numpy() if recs and schema.LIST in base
        else [],
        "reasons_technical": g["reasons"].to_numpy() if recs else [],
    })
    out = pd.concat([out.reset_index(drop=True), data.reset_index(drop=True)], axis=1)
    prov = [c for c in schema.PROVENANCE if c in out.columns]
    rest = [c for c in out.columns if c not in GROUP_COLUMNS and c not in prov]
    return out[[c for c in GROUP_COLUMNS if c in out.columns] + prov + rest]


def _readable(frame: pd.DataFrame, result: MatchResult, g: pd.DataFrame) -> list[object]:
    """Each record's strongest link in words (English); the technical line where the pairs
    carry no levels."""
    readable = pair_reasons(frame, result.pairs, g["record"].tolist(), g["linked_to"].tolist(),
                            "en")
    return [r if r is not None else t for r, t in zip(readable, g["reasons"].tolist())]


def dpk_table(frame: pd.DataFrame, result: MatchResult, *, show_nik: bool = False
              ) -> pd.DataFrame:
    """DPK records whose person is already in the DPT, with the DPT record it matches."""
    m = result.dpk_matches
    if not len(m):
        return pd.DataFrame(columns=["dpk_row", "dpt_row", "score", "reasons"])
    readable = pair_reasons(frame, result.pairs, m["dpk_record"].tolist(),
                            m["dpt_record"].tolist(), "en")
    technical = m["reasons"].astype(object).tolist()
    out = pd.DataFrame({"dpk_row": row_ref(frame, m["dpk_record"].tolist()),
                        "dpt_row": row_ref(frame, m["dpt_record"].tolist()),
                        "score": m["score"].to_numpy(),
                        "reasons": [r if r is not None else t for r, t in zip(readable, technical)],
                        "reasons_technical": technical})
    names = frame[schema.NAMA].astype("string") if schema.NAMA in frame.columns else None
    if names is not None:
        out.insert(1, "nama_dpk", names.iloc[m["dpk_record"].tolist()].to_numpy())
        out.insert(3, "nama_dpt", names.iloc[m["dpt_record"].tolist()].to_numpy())
    return out


def pairs_table(frame: pd.DataFrame, result: MatchResult, *, show_nik: bool = False
                ) -> pd.DataFrame:
    """One row per linked pair: where both records are, their names, the score and, per
    comparison, its level and weight (bits), then the readable reason (``dedupe
    --pairs-output``)."""
    p = result.pairs
    fields = [c[len("level_"):] for c in p.columns if c.startswith("level_")]
    cols = ["left_row", "right_row", "nama_left", "nama_right", "score", "probability",
            "category", "kind"] + [f"{f}_{x}" for f in fields for x in ("level", "weight")] \
        + ["reasons"]
    if not len(p):
        return pd.DataFrame(columns=cols)
    left, right = p["left"].astype("int64").tolist(), p["right"].astype("int64").tolist()
    names = frame[schema.NAMA].astype("string") if schema.NAMA in frame.columns else None
    out = pd.DataFrame({
        "left_row": row_ref(frame, left), "right_row": row_ref(frame, right),
        "nama_left": names.iloc[left].to_numpy() if names is not None else None,
        "nama_right": names.iloc[right].to_numpy() if names is not None else None,
        "score": p["score"].to_numpy(), "probability": p["probability"].to_numpy(),
        "category": p["category"].to_numpy(), "kind": p["kind"].to_numpy()})
    for f in fields:
        out[f"{f}_level"] = p[f"level_{f}"].to_numpy()
        out[f"{f}_weight"] = p[f"weight_{f}"].to_numpy() if f"weight_{f}" in p.columns else None
    out["reasons"] = p["reasons"].to_numpy()
    return out[[c for c in cols if c in out.columns]]
