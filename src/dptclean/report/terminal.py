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
        first = sorted(groups["group_id"].unique())[:max_groups]
        console.print(f"[bold]first {len(first)} of {groups['group_id'].nunique():,} groups"
                      "[/bold] (full list: -o groups.xlsx)")
        for gid in first:
            part = groups[groups["group_id"] == gid]
            head = part.iloc[0]
            console.print(f"  [bold]group {gid}[/bold] · {head['category']} · "
                          f"score {head['score']:+.1f}")
            for _, r in part.iterrows():
                sheet = r.get("sheet")
                where = (f"{sheet} " if isinstance(sheet, str) else "") + f"row {r.get('row')}"
                action = "[green]keep  [/green]" if r["action"] == "keep" else \
                    "[red]remove[/red]"
                console.print(f"    {action} {where:<28} {r.get('nama', '')}", markup=True)
            if isinstance(head["reasons"], str):
                console.print(f"    [dim]why: {head['reasons']}[/dim]")
