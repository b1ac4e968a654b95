"""Terminal rendering of a dedupe report with rich."""

from __future__ import annotations

from typing import Any

import pandas as pd
from rich.console import Console
from rich.table import Table


def pct(rate: float) -> str:
    return f"{rate * 100:.2f}%"


def render_summary(report: dict[str, Any], groups: pd.DataFrame, console: Console,
                   *, max_groups: int = 5, max_areas: int = 5) -> None:
    d, dup, dpk = report["dpt"], report["duplicates"], report["dpk"]
    t = Table(title="dptclean dedupe", title_justify="left", show_header=False)
    t.add_column(style="bold")
    t.add_column(justify="right")
    t.add_row("DPT records (active)", f"{d['records']:,}")
    if d.get("tms_excluded"):
        t.add_row("already TMS (not counted)", f"{d['tms_excluded']:,}")
    t.add_row("duplicate groups", f"{dup['groups']:,}")
    t.add_row("records in groups", f"{dup['records']:,}")
    t.add_row("redundant records (ganda)", f"{dup['redundant']:,}")
    t.add_row("duplicate rate", pct(dup["rate"]))
    t.add_row("DPK records", f"{dpk['records']:,}")
    t.add_row(f"DPK rate (of {dpk['denominator'].upper()})", pct(dpk["rate"]))
    t.add_row("DPK already in DPT", f"{dpk['in_dpt']:,}")
    cats = report.get("by_category", {})
    t.add_row("by category", ", ".join(f"{k} {v['groups']:,}" for k, v in cats.items()))
    if report.get("nik_conflicts"):
        t.add_row("same NIK, different person", f"{report['nik_conflicts']:,}")
    m = report.get("matching", {})
    if m:
        t.add_row("pairs compared", f"{m.get('candidate_pairs', 0):,}")
    console.print(t)

    areas = report.get("by_area", {}).get("kecamatan") or report.get("by_area", {}).get(
        "kelurahan")
    if areas:
        top = sorted(areas.items(), key=lambda kv: (-kv[1]["redundant"], kv[0]))[:max_areas]
        if top and top[0][1]["redundant"]:
            at = Table(title="areas with most duplicates", title_justify="left")
            for col in ("area", "DPT", "ganda", "rate", "DPK", "DPK rate"):
                at.add_column(col, justify="left" if col == "area" else "right")
            for name, r in top:
                at.add_row(name, f"{r['records']:,}", f"{r['redundant']:,}", pct(r["rate"]),
                           f"{r['dpk_records']:,}", pct(r["dpk_rate"]))
            console.print(at)

    if len(groups):
        gt = Table(title=f"first {min(max_groups, groups['group_id'].nunique())} groups",
                   title_justify="left", show_lines=True)
        for col in ("group", "action", "cat", "record", "nama", "reasons"):
            gt.add_column(col, overflow="fold")
        first = sorted(groups["group_id"].unique())[:max_groups]
        for _, r in groups[groups["group_id"].isin(first)].iterrows():
            where = f"{r.get('source_file')}" + (f" [{r.get('sheet')}]" if isinstance(
                r.get("sheet"), str) else "") + f" row {r.get('row')}"
            gt.add_row(str(r["group_id"]), str(r["action"]), str(r["category"]), where,
                       str(r.get("nama", "")), str(r["reasons"]) if isinstance(
                           r["reasons"], str) else "")
        console.print(gt)
