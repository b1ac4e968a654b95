"""Terminal rendering of a dedupe report with rich."""

from __future__ import annotations

from typing import Any

import pandas as pd
from rich.console import Console
from rich.table import Table

from dptclean.report.i18n import labels


def pct(rate: float) -> str:
    return f"{rate * 100:.2f}%"


def render_summary(report: dict[str, Any], groups: pd.DataFrame, console: Console,
                   *, max_groups: int = 5, max_areas: int = 5, lang: str = "id",
                   output_hint: bool = True) -> None:
    """The short summary `dptclean dedupe` prints: figures, top areas, the first groups.

    ``output_hint``: suggest ``-o groups.xlsx`` (not when the user already gave ``-o``)."""
    L = labels(lang)
    d, dup, dpk = report["dpt"], report["duplicates"], report["dpk"]
    t = Table(title="dptclean dedupe", title_justify="left", show_header=False)
    t.add_column(style="bold")
    t.add_column(justify="right")
    t.add_row(L("dpt_records"), f"{d['records']:,}")
    if d.get("tms_excluded"):
        t.add_row(L("tms_excluded"), f"{d['tms_excluded']:,}")
    t.add_row(L("dup_groups"), f"{dup['groups']:,}")
    t.add_row(L("dup_records"), f"{dup['records']:,}")
    t.add_row(L("dup_redundant"), f"{dup['redundant']:,}")
    t.add_row(L("dup_rate"), pct(dup["rate"]))
    t.add_row(L("dpk_records"), f"{dpk['records']:,}")
    t.add_row(L("dpk_rate", den=dpk["denominator"].upper()), pct(dpk["rate"]))
    t.add_row(L("dpk_in_dpt"), f"{dpk['in_dpt']:,}")
    cats = report.get("by_category", {})
    t.add_row(L("by_category"), ", ".join(f"{k} {v['groups']:,}" for k, v in cats.items()))
    if report.get("nik_conflicts"):
        t.add_row(L("nik_conflicts"), f"{report['nik_conflicts']:,}")
    m = report.get("matching", {})
    if m:
        t.add_row(L("pairs_compared"), f"{m.get('candidate_pairs', 0):,}")
    console.print(t)

    areas = report.get("by_area", {}).get("kecamatan") or report.get("by_area", {}).get(
        "kelurahan")
    if areas:
        top = sorted(areas.items(), key=lambda kv: (-kv[1]["redundant"], kv[0]))[:max_areas]
        if top and top[0][1]["redundant"]:
            at = Table(title=L("by_area"), title_justify="left")
            for col in (L("area"), L("dpt"), L("ganda"), L("rate"), L("dpk"), L("dpk_pct")):
                at.add_column(col, justify="left" if col == L("area") else "right")
            for name, r in top:
                at.add_row(name, f"{r['records']:,}", f"{r['redundant']:,}", pct(r["rate"]),
                           f"{r['dpk_records']:,}", pct(r["dpk_rate"]))
            console.print(at)

    if len(groups):
        first = sorted(groups["group_id"].unique())[:max_groups]
        hint = " (-o groups.xlsx)" if output_hint else ""
        console.print(f"[bold]{L('groups')}: {len(first)} / {groups['group_id'].nunique():,}"
                      f"[/bold]{hint}")
        for gid in first:
            part = groups[groups["group_id"] == gid]
            head = part.iloc[0]
            console.print(f"  [bold]{L('group')} {gid}[/bold] · {head['category']} · "
                          f"score {head['score']:+.1f}")
            for _, r in part.iterrows():
                sheet = r.get("sheet")
                where = (f"{sheet} " if isinstance(sheet, str) else "") + f"row {r.get('row')}"
                width = max(len(L("keep")), len(L("remove")))
                action = f"[green]{L('keep').ljust(width)}[/green]" if r["action"] == "keep" \
                    else f"[red]{L('remove').ljust(width)}[/red]"
                console.print(f"    {action} {where:<28} {r.get('nama', '')}", markup=True)
            if isinstance(head["reasons"], str):
                console.print(f"    [dim]{head['reasons']}[/dim]")


def render_report(content, console: Console, *, max_groups: int = 10,
                  max_areas: int = 10) -> None:
    """The full report for `dptclean report` in the terminal: figures, areas, groups, evidence.

    ``content`` is a :class:`dptclean.report.sections.ReportContent` (labels in its language).
    """
    from dptclean.report.sections import fmt_int, fmt_pct

    c, L = content, content.L
    t = Table(title=L("title"), title_justify="left", show_header=False)
    t.add_column(style="bold")
    t.add_column(justify="right")
    for k, v in c.summary_rows():
        t.add_row(k, v)
    console.print(t)

    ct = Table(title=L("by_category"), title_justify="left")
    for name, justify in ((L("category"), "left"), (L("groups"), "right"),
                          (L("records"), "right"), (L("redundant"), "right")):
        ct.add_column(name, justify=justify)  # type: ignore[arg-type]
    for x in c.category_rows():
        ct.add_row(x["label"], fmt_int(x["groups"], c.lang), fmt_int(x["records"], c.lang),
                   fmt_int(x["redundant"], c.lang))
    console.print(ct)

    rate_col, dpk_col = c.rate_columns()
    for level in c.area_levels():
        frame = c.area_frame(level)
        frame = frame.sort_values([rate_col, L("area")], ascending=[False, True])
        top = frame.head(max_areas)
        title = L.level(level)
        if len(frame) > len(top):
            title += f" ({L('chart_top', shown=len(top), total=len(frame))})"
        at = Table(title=title, title_justify="left")
        for col in frame.columns:
            at.add_column(str(col), justify="left" if col == L("area") else "right")
        for _, r in top.iterrows():
            at.add_row(str(r[L("area")]), fmt_int(r[L("dpt")], c.lang),
                       fmt_int(r[L("in_groups")], c.lang), fmt_int(r[L("ganda")], c.lang),
                       fmt_pct(r[rate_col], c.lang), fmt_int(r[L("dpk")], c.lang),
                       fmt_pct(r[dpk_col], c.lang))
        console.print(at)

    g = c.groups
    if len(g):
        gid = L("group")
        ids = list(dict.fromkeys(g[gid].tolist()))
        console.print(f"[bold]{L('groups_title')}[/bold] "
                      f"({L('groups_shown', shown=min(max_groups, len(ids)), total=len(ids))})")
        show = [col for col in (L("action"), L("where"), L("nama"), L("nik"),
                                L("tanggal_lahir")) if col in g.columns]
        for group_id in ids[:max_groups]:
            part = g[g[gid] == group_id]
            head = part.iloc[0]
            console.print(f"  [bold]{gid} {group_id}[/bold] · {head[L('category')]} · "
                          f"{L('score')} {head[L('score')]:+.1f}")
            for _, r in part.iterrows():
                cells = ["" if pd.isna(r[col]) else str(r[col]) for col in show]
                console.print("    " + "  ".join(cells), markup=False)
            reasons = head[L("reasons")]
            if isinstance(reasons, str):
                console.print(f"    [dim]{L('reasons')}: {reasons}[/dim]")
    else:
        console.print(L("no_groups"))

    et = Table(title=L("evidence"), title_justify="left", show_header=False)
    et.add_column(style="bold")
    et.add_column()
    for i in c.input_rows():
        et.add_row(L("path"), f"{i.get('path')} ({fmt_int(i.get('bytes'), c.lang)} B, "
                   f"{fmt_int(i.get('records'), c.lang)} {L('records').lower()})")
        et.add_row(L("sha256"), str(i.get("sha256") or "-"))
    for k, v in c.row_accounting() + c.config_rows() + c.evidence_rows():
        et.add_row(k, v)
    console.print(et)
    console.print(c.privacy_note(), style="bold red" if c.show_nik else "dim")
