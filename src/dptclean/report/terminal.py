"""Terminal rendering of a dedupe report with rich."""

from __future__ import annotations

from typing import Any

import pandas as pd
from rich.console import Console
from rich.table import Table

from dptclean.io.writers import data_text
from dptclean.report.i18n import Labels, fmt_int, fmt_num, fmt_pct, labels
from dptclean.report.reasons import to_lang
from dptclean.report.sections import accounting_text, possible_rows, review_rows


def pct(rate: float, lang: str = "en") -> str:
    return fmt_pct(rate, lang)


def group_order(value: object) -> tuple[int, float, str]:
    """Sort key of group ids: numbered groups 1, 2, ... 10 in number order, then the
    carried-forward decision blocks D1, D2, ... (never 1, 10, 11 as text sorts them)."""
    text = str(value).strip()
    try:
        return (0, float(text), "")
    except ValueError:
        pass
    if text[:1] in ("D", "d") and text[1:].isdigit():
        return (1, float(text[1:]), "")
    return (2, 0.0, text)


def numbered_groups(groups: pd.DataFrame) -> list[object]:
    """The group ids of real groups (not carried-forward decision blocks), in number order."""
    if not len(groups) or "group_id" not in groups.columns:
        return []
    ids = sorted(pd.unique(groups["group_id"].dropna()), key=group_order)
    return [g for g in ids if group_order(g)[0] == 0]


def _summary_table(report: dict[str, Any], L: Labels) -> Table:
    lang = L.lang
    d, dup, dpk = report["dpt"], report["duplicates"], report["dpk"]
    t = Table(title="dptclean dedupe", title_justify="left", show_header=False)
    t.add_column(style="bold")
    t.add_column(justify="right")
    t.add_row(L("dpt_records"), fmt_int(d["records"], lang))
    if d.get("tms_excluded"):
        t.add_row(L("tms_excluded"), fmt_int(d["tms_excluded"], lang))
    t.add_row(L("dup_groups"), fmt_int(dup["groups"], lang))
    t.add_row(L("dup_records"), fmt_int(dup["records"], lang))
    t.add_row(L("dup_redundant"), fmt_int(dup["redundant"], lang))
    t.add_row(L("dup_rate"), fmt_pct(dup["rate"], lang))
    if report.get("groups_without_keep"):
        t.add_row(L("groups_without_keep"), fmt_int(report["groups_without_keep"], lang))
    for k, v in possible_rows(report, L):
        t.add_row(k, v)
    t.add_row(L("dpk_records"), fmt_int(dpk["records"], lang))
    t.add_row(L("dpk_rate", den=dpk["denominator"].upper()), fmt_pct(dpk["rate"], lang))
    t.add_row(L("dpk_in_dpt"), fmt_int(dpk["in_dpt"], lang))
    cats = report.get("by_category", {})
    t.add_row(L("by_category"), ", ".join(f"{k} {fmt_int(v['groups'], lang)}"
                                          for k, v in cats.items()))
    for k, v in _k1_rows(cats, L):
        t.add_row(k, v)
    if report.get("nik_conflicts"):
        t.add_row(L("nik_conflicts"), fmt_int(report["nik_conflicts"], lang))
    m = report.get("matching", {})
    if m:
        t.add_row(L("pairs_compared"), fmt_int(m.get("candidate_pairs", 0), lang))
    for k, v in review_rows(report, L) + _accounting_rows(report, L):
        t.add_row(k, v)
    return t


def _area_table(report: dict[str, Any], L: Labels, max_areas: int) -> Table | None:
    lang = L.lang
    areas = report.get("by_area", {}).get("kecamatan") or report.get("by_area", {}).get(
        "kelurahan")
    if not areas:
        return None
    top = sorted(areas.items(), key=lambda kv: (-kv[1]["redundant"], kv[0]))[:max_areas]
    if not top or not top[0][1]["redundant"]:
        return None
    at = Table(title=L("by_area"), title_justify="left")
    for col in (L("area"), L("dpt"), L("ganda"), L("rate"), L("dpk"), L("dpk_pct")):
        at.add_column(col, justify="left" if col == L("area") else "right")
    for name, r in top:
        at.add_row(data_text(name), fmt_int(r["records"], lang), fmt_int(r["redundant"], lang),
                   fmt_pct(r["rate"], lang), fmt_int(r["dpk_records"], lang),
                   fmt_pct(r["dpk_rate"], lang))
    return at


def review_lines(review: dict[str, Any], L: Labels) -> list[str]:
    """What a decisions file changed: confirmed, rejected, kept, not found; groups by status."""
    if not review:
        return []
    n = lambda key: fmt_int(review.get(key, 0), L.lang)  # noqa: E731
    lines = [L("review_applied", pairs=n("pairs"), dup=n("duplicate"),
               notdup=n("not_duplicate"), missing=n("not_found")),
             L("review_effect", removed=n("rejected_pairs_removed"),
               kept=n("confirmed_pairs_added"))]
    g = review.get("groups") or {}
    if g:
        lines.append(L("review_groups", new=fmt_int(g.get("new", 0), L.lang),
                       confirmed=fmt_int(g.get("confirmed", 0), L.lang),
                       partly=fmt_int(g.get("partly_decided", 0), L.lang)))
    return lines


def render_summary(report: dict[str, Any], groups: pd.DataFrame, console: Console,
                   *, max_groups: int = 5, max_areas: int = 5, lang: str = "id",
                   output: str | None = None) -> None:
    """The short summary `dptclean dedupe` prints: figures, top areas, what the decisions
    file did, the first groups in number order. ``output``: the groups file written (then
    the hint to write one is not shown)."""
    L = labels(lang)
    console.print(_summary_table(report, L))
    _print_conflicts(report, console, L)
    at = _area_table(report, L, max_areas)
    if at is not None:
        console.print(at)
    for line in review_lines(report.get("review") or {}, L):
        console.print(line, markup=False)
    ids = numbered_groups(groups)
    if not ids:
        return
    key = groups["group_id"].map(group_order)
    possible: set[object] = set()
    if "confidence" in groups.columns:   # groups with no sure member: listed after the others
        sure = (groups["confidence"] == "sure").groupby(key).any()
        possible = {g for g in ids if not sure.get(group_order(g), True)}
        ids = [g for g in ids if g not in possible] + [g for g in ids if g in possible]
    first = ids[:max_groups]
    hint = "" if output else " (-o ganda.xlsx)"
    title = L("groups_first_all" if possible else "groups_first", shown=fmt_int(len(first), lang),
              total=fmt_int(len(ids), lang))
    if possible:
        title += " " + L("groups_first_split", sure=fmt_int(len(ids) - len(possible), lang),
                         possible=fmt_int(len(possible), lang))
    console.print(f"[bold]{title}[/bold]{hint}")
    width = max(len(L("keep")), len(L("remove")), len(L("verify_short")))
    for gid in first:
        part = groups[key == group_order(gid)]
        head = part.iloc[0]
        score = fmt_num(head["score"], lang, sign=True) if pd.notna(head["score"]) else "-"
        tag = f" · [yellow]{L('conf_possible')}[/yellow]" if gid in possible else ""
        console.print(f"  [bold]{L('group')} {data_text(gid)}[/bold] · {data_text(head['category'])} · "
                      f"{L('score').lower()} {score}{tag}")
        for _, r in part.iterrows():
            sheet = r.get("sheet")
            where = data_text((f"{sheet} " if isinstance(sheet, str) else "")
                              + f"{L('row_word')} {r.get('row')}")
            action = f"[green]{L('keep').ljust(width)}[/green]" if r["action"] == "keep" \
                else f"[red]{L('remove').ljust(width)}[/red]" if r["action"] == "remove" \
                else f"[yellow]{L('verify_short').ljust(width)}[/yellow]"
            # names and sheets are data: "[/x]" in a name is text, not markup
            console.print(f"    {action} {where:<28} {data_text(r.get('nama', ''))}")
        if isinstance(head["reasons"], str):
            console.print(f"    {to_lang(head['reasons'], lang)}", style="dim", markup=False)


def _k1_rows(cats: dict[str, Any], L) -> list[tuple[str, str]]:
    """K1 identical as written versus only after normalisation (issue 12 item 6)."""
    k1 = cats.get("K1") or {}
    if not k1.get("normalised_groups"):
        return []
    return [("K1", L("K1_split", a=f"{k1.get('as_written_groups', 0):,}",
                     b=f"{k1['normalised_groups']:,}"))]


def _accounting_rows(report: dict[str, Any], L) -> list[tuple[str, str]]:
    text = accounting_text(report, L)
    return [(L("rows"), text)] if text else []


def _print_conflicts(report: dict[str, Any], console: Console, L) -> None:
    """NIK sama, orang berbeda: each pair's two records (where) and why, not only a count."""
    listed = report.get("nik_conflict_list") or []
    if not listed:
        return
    import re

    from dptclean.report.reasons import from_technical

    lang = getattr(L, "lang", "en")
    where = (lambda t: re.sub(r" row (\d+)$", r" baris \1", str(t))) if lang == "id" else str
    console.print(f"[bold]{L('conflicts_title')}[/bold]")
    for x in listed:
        console.print(f"  {where(x['a'])}  <->  {where(x['b'])}", markup=False)
        why = from_technical(x["reasons"], lang) if lang == "id" else x["reasons"]
        console.print(f"    {why}", style="dim", markup=False)


def _print_conflict_table(conflicts: pd.DataFrame, console: Console, L) -> None:
    if len(conflicts):
        console.print(f"[bold]{L('conflicts_title')}[/bold]")
        for _, r in conflicts.iterrows():
            cells = ["" if pd.isna(v) else str(v) for v in r.tolist()]
            console.print("  " + "  ".join(cells), markup=False)


def _print_group_part(c, console: Console, title: str, note: str, g: pd.DataFrame,
                     max_groups: int) -> None:
    """One part of the groups listing (the duplicate groups, or those to verify)."""
    L = c.L
    if not len(g):
        console.print(f"[bold]{data_text(title)}[/bold]")
        console.print(L("no_groups"))
        return
    gid = L("group")
    ids = list(dict.fromkeys(g[gid].tolist()))
    console.print(f"[bold]{data_text(title)}[/bold] "
                  f"({L('groups_shown', shown=min(max_groups, len(ids)), total=len(ids))})")
    if note:
        console.print(note, style="dim", markup=False)
    show = [col for col in (L("action"), L("where"), L("nama"), L("nik"),
                            L("tanggal_lahir")) if col in g.columns]
    for group_id in ids[:max_groups]:
        part = g[g[gid] == group_id]
        head = part.iloc[0]
        console.print(f"  [bold]{gid} {group_id}[/bold] · {data_text(head[L('category')])} · "
                      f"{L('score')} {fmt_num(head[L('score')], c.lang, sign=True)}")
        for _, r in part.iterrows():
            cells = ["" if pd.isna(r[col]) else str(r[col]) for col in show]
            console.print("    " + "  ".join(cells), markup=False)
        reasons = head[L("reasons")]
        if isinstance(reasons, str):
            console.print(f"    [dim]{L('reasons')}: {data_text(reasons)}[/dim]")


def render_report(content, console: Console, *, max_groups: int = 10,
                  max_areas: int = 10) -> None:
    """The full report for `dptclean report` in the terminal: figures, areas, groups, evidence.

    ``content`` is a :class:`dptclean.report.sections.ReportContent` (labels in its language).
    """
    c, L = content, content.L
    t = Table(title=L("title"), title_justify="left", show_header=False)
    t.add_column(style="bold")
    t.add_column(justify="right")
    for k, v in c.summary_rows():
        t.add_row(data_text(k), data_text(v))
    console.print(t)

    ct = Table(title=L("by_category"), title_justify="left")
    for name, justify in ((L("category"), "left"), (L("groups"), "right"),
                          (L("records"), "right"), (L("redundant"), "right")):
        ct.add_column(name, justify=justify)  # type: ignore[arg-type]
    for x in c.category_rows():
        ct.add_row(data_text(x["label"]), fmt_int(x["groups"], c.lang), fmt_int(x["records"], c.lang),
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
            at.add_column(data_text(col), justify="left" if col == L("area") else "right")
        for _, r in top.iterrows():
            at.add_row(data_text(r[L("area")]), fmt_int(r[L("dpt")], c.lang),
                       fmt_int(r[L("in_groups")], c.lang), fmt_int(r[L("ganda")], c.lang),
                       fmt_pct(r[rate_col], c.lang), fmt_int(r[L("dpk")], c.lang),
                       fmt_pct(r[dpk_col], c.lang))
        console.print(at)

    for title, note, g in c.group_parts():
        _print_group_part(c, console, title, note, g, max_groups)
    _print_conflict_table(c.conflicts, console, L)

    et = Table(title=L("evidence"), title_justify="left", show_header=False)
    et.add_column(style="bold")
    et.add_column()
    for i in c.input_rows():
        et.add_row(L("path"), f"{data_text(i.get('path'))} ({fmt_int(i.get('bytes'), c.lang)} B, "
                   f"{fmt_int(i.get('records'), c.lang)} {L('records').lower()})")
        et.add_row(L("sha256"), str(i.get("sha256") or "-"))
    for k, v in c.row_accounting() + c.config_rows() + c.evidence_rows():
        et.add_row(data_text(k), data_text(v))
    console.print(et)
    weights = c.weights_frame()
    if c.learned is not None and len(weights):
        wt = Table(title=L("weights_title"), title_justify="left")
        head, cells = c.weights_cells()
        for i, col in enumerate(head):
            wt.add_column(data_text(col), justify="left" if i < 2 else "right")
        for row in cells:
            wt.add_row(*[data_text(x) for x in row])
        console.print(wt)
    console.print(c.privacy_note(), style="bold red" if c.show_nik else "dim")
