"""A self-contained HTML report: inline CSS and SVG charts, no scripts, nothing from the network.

Made to be printed and attached to official minutes (Berita Acara): a clear title, the
figures, charts by area, the duplicate groups with their reasons, the evidence block and a
sign-off box.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

import pandas as pd

from dptclean.report.i18n import fmt_num
from dptclean.report.sections import ReportContent, fmt_int, fmt_pct

MAX_BARS = 25          # bars per chart; the table under it lists every area
MAX_GROUPS = 500       # groups listed in the page; the XLSX report has them all
MAX_AREA_ROWS = 2000   # rows of an area table
MAX_DPK_ROWS = 1000    # DPK records already in the DPT listed in the page

COLORS = {"dup": "#c0392b", "dpk": "#2e6da4", "K1": "#8e44ad", "K2": "#d35400",
          "K3": "#16a085", "avg": "#333333"}

CSS = """
*{box-sizing:border-box}
body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;color:#1d1d1d;margin:0;
 background:#f4f5f7;font-size:14px;line-height:1.4}
main{max-width:1240px;margin:0 auto;background:#fff;padding:28px 36px 40px}
header{border-bottom:3px solid #1f3b5c;padding-bottom:10px;margin-bottom:18px}
h1{font-size:26px;margin:0 0 4px;color:#1f3b5c}
h2{font-size:19px;color:#1f3b5c;border-bottom:1px solid #d5d9df;padding-bottom:3px;
 margin:28px 0 10px}
h3{font-size:16px;margin:18px 0 6px}
.sub{margin:0;color:#444}.meta{margin:6px 0 0;color:#555;font-size:12.5px}
.kpis{display:flex;gap:12px;flex-wrap:wrap;margin:10px 0 4px}
.kpi{flex:1 1 180px;border:1px solid #d5d9df;border-radius:6px;padding:10px 14px;
 background:#fafbfc}
.kpi .v{font-size:26px;font-weight:bold}.kpi .l{color:#555;font-size:12.5px}
.kpi.dup .v{color:#c0392b}.kpi.dpk .v{color:#2e6da4}
.kpi.poss{background:#fff8e6;border-color:#e0b050}.kpi.poss .v{color:#9a6700}
.kpi .x{color:#555;font-size:11.5px;margin-top:2px}
table{border-collapse:collapse;width:100%;margin:6px 0 10px;font-size:12.5px}
th,td{border:1px solid #d5d9df;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#e8eef6}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.kv{width:auto;min-width:420px;max-width:100%}
table.kv th{width:19em;background:#f1f4f8}
td.t{white-space:normal;overflow-wrap:anywhere;text-align:left}
table.head{width:auto;margin:8px 0 0;font-size:14px}
table.head th,table.head td{border:0;padding:1px 14px 1px 0;background:none}
tbody.g0 td{background:#fff}tbody.g1 td{background:#f6f8fb}
tr.first td{border-top:2px solid #8a96a8}
.wide{overflow-x:auto}table.groups{font-size:11.5px}
table.groups td{white-space:nowrap}table.groups td.w{white-space:normal}
table.groups tbody{break-inside:avoid}
tr.why td{white-space:normal;color:#444;font-size:11.5px;border-top:0}
td.keep{color:#1e7b34;font-weight:bold}td.remove{color:#b03a2e;font-weight:bold}
td.verify{color:#9a6700;font-weight:bold}
.charts{display:flex;gap:18px;flex-wrap:wrap}.chart{flex:1 1 520px}
.chart svg{width:100%;height:auto}.chart.cat{max-width:760px}
.note{color:#555;font-size:12.5px}
.warn{color:#b03a2e;font-weight:bold}
code,pre{font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:11.5px}
pre{background:#f6f8fa;border:1px solid #d5d9df;padding:8px;white-space:pre-wrap}
.hash{font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:11px;word-break:break-all}
.sign{display:flex;gap:40px;margin-top:14px}
.sign div{flex:1;border:1px solid #d5d9df;padding:8px 12px;height:120px}
footer{margin-top:26px;border-top:1px solid #d5d9df;padding-top:8px;color:#555;font-size:12px}
details summary{cursor:pointer;color:#1f3b5c}
@page{size:A4 landscape;margin:12mm}
@media print{body{background:#fff;font-size:11px}main{max-width:none;padding:0}
 section{break-inside:auto}h2,h3,h2+p.note{break-after:avoid}.chart,.kpis,.sign{break-inside:avoid}
 tr{break-inside:avoid}details.toml{display:none}
 .charts{flex-wrap:nowrap}.charts .chart{flex:1 1 50%;min-width:0}
 table{font-size:10px}tr.why td{font-size:9px}table.head{font-size:12px}
 details.area::details-content{content-visibility:visible;display:contents}
 details.area>summary{list-style:none}
 .wide{overflow:visible}table.groups{font-size:9px}table.groups td{white-space:normal}}
"""


def render_html(content: ReportContent, *, max_groups: int = MAX_GROUPS) -> str:
    """The whole page as one string."""
    c, L = content, content.L
    parts: list[str] = []
    add = parts.append
    add(f'<!DOCTYPE html>\n<html lang="{c.lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(c.title())}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n")
    meta = [f"{escape(k)}: {escape(v)}" for k, v in c.evidence_rows()]
    heading = "".join(f'<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>'
                      for k, v in c.header_rows())
    add(f"<header>\n<h1>{escape(c.title())}</h1>\n<p class=\"sub\">{escape(L('subtitle'))}</p>"
        + (f'\n<table class="head">{heading}</table>' if heading else "")
        + f"\n<p class=\"meta\">{' · '.join(meta)}</p>\n</header>\n")

    add(_kpis(c))

    add(f"<section>\n<h2>{escape(L('summary'))}</h2>\n")
    add(_kv_table(c.summary_rows()))
    add(f'<p class="note">{escape(c.method_note())}</p>\n</section>\n')

    add(f"<section>\n<h2>{escape(L('by_category'))}</h2>\n")
    cats = c.category_rows()
    add('<div class="chart cat">' + category_svg(cats, c) + "</div>\n")
    add(_table([L("category"), L("groups"), L("records"), L("redundant")],
               [[x["label"], fmt_int(x["groups"], c.lang), fmt_int(x["records"], c.lang),
                 fmt_int(x["redundant"], c.lang)] for x in cats], numeric={1, 2, 3}))
    add("</section>\n")

    levels = c.area_levels()
    if levels:
        add(f"<section>\n<h2>{escape(L('by_area'))}</h2>\n")
        for level in levels:
            add(_area_section(c, level))
        add("</section>\n")

    for title, note, part in c.group_parts():
        add(_groups_section(c, max_groups, title, note, part))
    if len(c.dpk):
        add(f"<section>\n<h2>{escape(L('dpk_matches'))}</h2>\n")
        if len(c.dpk) > MAX_DPK_ROWS:
            shown = L("rows_shown", shown=fmt_int(MAX_DPK_ROWS, c.lang),
                      total=fmt_int(len(c.dpk), c.lang))
            add(f'<p class="note">{escape(shown)}</p>\n')
        add(_frame_table(c.dpk.head(MAX_DPK_ROWS), c.lang))
        add("</section>\n")
    if len(c.conflicts):    # NIK sama, orang berbeda: listed, not only counted
        add(f"<section>\n<h2>{escape(L('conflicts_title'))}</h2>\n")
        add(_frame_table(c.conflicts, c.lang))
        add("</section>\n")

    add(_evidence_section(c))
    add(f"<section class=\"signoff\">\n<h2>{escape(L('sign_title'))}</h2>\n<div class=\"sign\">"
        f"<div>{escape(L('sign_prepared'))}<br><br><br><br>"
        f"<span class=\"note\">{escape(L('sign_name'))}</span></div>"
        f"<div>{escape(L('sign_checked'))}<br><br><br><br>"
        f"<span class=\"note\">{escape(L('sign_name'))}</span></div></div>\n</section>\n")
    note_cls = "warn" if c.show_nik else "note"
    add(f'<footer><p class="{note_cls}">{escape(c.privacy_note())}</p></footer>\n')
    add("</main>\n</body>\n</html>\n")
    return "".join(parts)


# --- sections ---------------------------------------------------------------------------------

def _area_section(c: ReportContent, level: str) -> str:
    L = c.L
    frame = c.area_frame(level)
    rate_col, dpk_col = c.rate_columns()
    name = L.level(level)
    out = [f"<h3>{escape(name)}</h3>\n<div class=\"charts\">\n"]
    overall = c.report["duplicates"]["rate"], c.report["dpk"]["rate"]
    for col, key, color, avg in ((rate_col, "chart_dup", COLORS["dup"], overall[0]),
                                 (dpk_col, "chart_dpk", COLORS["dpk"], overall[1])):
        items = sorted(zip(frame[L("area")], frame[col]), key=lambda kv: (-kv[1], kv[0]))
        shown = items[:MAX_BARS]
        scope = (L("chart_top", shown=len(shown), total=len(items)) if len(items) > len(shown)
                 else L("chart_all", total=len(items)))
        out.append('<div class="chart">' + bar_chart_svg(shown, L(key, level=name), color,
                                                         avg, c.lang, subtitle=scope)
                   + "</div>\n")
    out.append("</div>\n")
    rows = []
    for _, row in frame.head(MAX_AREA_ROWS).iterrows():
        rows.append([row[L("area")], fmt_int(row[L("dpt")], c.lang),
                     fmt_int(row[L("in_groups")], c.lang), fmt_int(row[L("ganda")], c.lang),
                     fmt_pct(row[rate_col], c.lang), fmt_int(row[L("dpk")], c.lang),
                     fmt_pct(row[dpk_col], c.lang)])
    table = _table(list(frame.columns), rows, numeric={1, 2, 3, 4, 5, 6})
    if len(frame) > 12:
        # open: the full table is on screen and on paper (every desa must be in the minutes);
        # the print style also shows it when a reader folded it (see CSS)
        out.append(f"<details class=\"area\" open><summary>{escape(L('area'))}: {escape(name)} "
                   f"({fmt_int(len(frame), c.lang)})</summary>\n{table}</details>\n")
    else:
        out.append(table)
    return "".join(out)


def _groups_section(c: ReportContent, max_groups: int, title: str, note: str,
                    g: pd.DataFrame) -> str:
    """Members of each group one per row; below them, one full-width row with the reasons."""
    L = c.L
    out = [f"<section>\n<h2>{escape(title)}</h2>\n"]
    if note:
        out.append(f'<p class="note">{escape(note)}</p>\n')
    if not len(g):
        out.append(f"<p>{escape(L('no_groups'))}</p>\n</section>\n")
        return "".join(out)
    gid = L("group")
    ids = list(dict.fromkeys(g[gid].tolist()))
    if len(ids) > max_groups:
        g = g[g[gid].isin(set(ids[:max_groups]))]
        shown = L("groups_shown", shown=max_groups, total=len(ids))
        out.append(f'<p class="note">{escape(shown)}</p>\n')
    area_cols = [L.level(x) for x in ("kecamatan", "kelurahan", "tps") if L.level(x) in g]
    area = g[area_cols].astype("string").fillna("") if area_cols else None
    view = g.drop(columns=area_cols + [L("reasons"), L("keep_reason")], errors="ignore").copy()
    if area is not None:
        joined = area.apply(lambda r: " / ".join(v for v in r if v), axis=1)
        at = view.columns.get_loc(L("list")) if L("list") in view.columns else len(view.columns)
        view.insert(at, L("area"), joined.to_numpy())
    cols = [col for col in view.columns if view[col].notna().any()]
    numeric = {col for col in cols if col in (gid, L("score"))}
    wrap = {L("where"), L("nama"), L("alamat"), L("area"), L("action")}

    def attr(col: str, extra: str = "") -> str:
        names = (["n"] if col in numeric else []) + (["w"] if col in wrap else []) + \
            ([extra] if extra else [])
        return f' class="{" ".join(names)}"' if names else ""

    out.append('<div class="wide"><table class="groups">\n<thead><tr>'
               + "".join(f"<th{attr(col)}>{escape(str(col))}</th>" for col in cols)
               + "</tr></thead>\n")
    # every cell's HTML built once, column by column; groups are contiguous runs of rows
    cells_of = []
    for col in cols:
        values = view[col].tolist()
        if col == L("action"):
            cells_of.append([f"<td{attr(col, _action_class(v, L))}>"
                             f"{escape(str(v))}</td>" for v in values])
            continue
        a = attr(col)
        cells_of.append([f"<td{a}>{escape(_text(v, col == L('score'), L.lang))}</td>"
                         for v in values])
    ids_col = g[gid].tolist()
    reasons_col = g[L("reasons")].tolist()
    keep_col = g[L("keep_reason")].tolist()
    actions = g[L("action")].tolist()
    start = 0
    shade = 0
    while start < len(ids_col):
        end = start
        while end < len(ids_col) and ids_col[end] == ids_col[start]:
            end += 1
        out.append(f'<tbody class="g{shade % 2}">\n')
        for i in range(start, end):
            out.append(('<tr class="first">' if i == start else "<tr>")
                       + "".join(cells[i] for cells in cells_of) + "</tr>\n")
        reasons = [r for r in dict.fromkeys(str(x) for x in reasons_col[start:end]
                                            if isinstance(x, str)) if r]
        keep = [str(k) for k, act in zip(keep_col[start:end], actions[start:end])
                if act == L("keep") and isinstance(k, str)]
        why = "".join(f"<div>{escape(L('reasons'))}: {escape(r)}</div>" for r in reasons)
        if keep:
            why += f"<div>{escape(L('keep_reason'))} ({escape(L('keep'))}): " \
                   f"{escape(keep[0])}</div>"
        out.append(f'<tr class="why"><td colspan="{len(cols)}">{why}</td></tr>\n</tbody>\n')
        start, shade = end, shade + 1
    out.append("</table></div>\n</section>\n")
    return "".join(out)


def _action_class(value: Any, L) -> str:
    """The action cell's colour: keep green, propose TMS red, anything to verify amber."""
    return "keep" if value == L("keep") else "remove" if value == L("remove") else "verify"


def _kpis(c: ReportContent) -> str:
    """The headline: the sure duplicate rate and, next to it and labelled apart (never added
    to it), the possible duplicates that need factual verification; then the DPK figures."""
    L, r = c.L, c.report
    dup, dpk, poss = r["duplicates"], r["dpk"], r.get("possible_duplicates")
    boxes = [("dup", fmt_pct(dup["rate"], c.lang), L("kpi_dup_rate") if poss is not None
              else L("dup_rate"), ""),
             ("", fmt_int(dup["groups"], c.lang), L("dup_groups"), "")]
    if poss is not None:
        boxes.append(("poss", fmt_pct(poss.get("rate", 0.0), c.lang), L("kpi_poss_rate"),
                      L("kpi_poss_note", groups=fmt_int(poss.get("groups", 0), c.lang),
                        records=fmt_int(poss.get("records", 0), c.lang))))
    # 0,00% with no DPK record at all is not a measured rate: say so under it
    no_dpk = L("kpi_no_dpk") if not dpk.get("records") else ""
    boxes += [("dpk", fmt_pct(dpk["rate"], c.lang), L("dpk_rate", den=c.dpk_denominator()),
               no_dpk),
              ("", fmt_int(dpk["in_dpt"], c.lang), L("dpk_in_dpt"), "")]
    out = ['<section class="kpis">\n']
    for cls, value, label, extra in boxes:
        out.append(f'<div class="kpi {cls}"><div class="v">{escape(value)}</div>'
                   f'<div class="l">{escape(label)}</div>'
                   + (f'<div class="x">{escape(extra)}</div>' if extra else "") + "</div>\n")
    out.append("</section>\n")
    return "".join(out)


def _text(value: Any, score: bool = False, lang: str = "en") -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return fmt_num(value, lang, sign=True) if score else str(value)


def _evidence_section(c: ReportContent) -> str:
    L = c.L
    out = [f"<section>\n<h2>{escape(L('evidence'))}</h2>\n<h3>{escape(L('inputs'))}</h3>\n"]
    rows = []
    for i in c.input_rows():
        rows.append([str(i.get("path")), fmt_int(i.get("bytes"), c.lang),
                     fmt_int(i.get("records"), c.lang), i.get("sha256") or "-"])
    out.append(_table([L("path"), L("bytes"), L("records"), L("sha256")], rows,
                      numeric={1, 2}, classes={3: "hash"}))
    out.append(f"<h3>{escape(L('rows'))}</h3>\n" + _kv_table(c.row_accounting()))
    out.append(f"<h3>{escape(L('config'))}</h3>\n" + _kv_table(c.config_rows()))
    weights = c.weights_frame()
    if c.learned is not None and len(weights):
        out.append(f"<h3>{escape(L('weights_title'))}</h3>\n")
        head, cells = c.weights_cells()
        out.append('<div class="wide">' + _table(head, cells, numeric={2, 3, 4, 5, 6})
                   + "</div>\n")
    toml = c.config_toml()
    if toml:
        out.append(f"<details class=\"toml\"><summary>{escape(L('config_full'))}</summary>\n"
                   f"<pre>{escape(toml)}</pre></details>\n")
    out.append(_kv_table(c.evidence_rows()))
    out.append("</section>\n")
    return "".join(out)


# --- tables -----------------------------------------------------------------------------------

_NUMBER = re.compile(r"[-+]?[\d.,]+%?")


def _kv_table(rows: Iterable[tuple[str, str]]) -> str:
    """Label / value rows: a column of numbers right-aligned; with any text in it (a list of
    rules, a path) every value left-aligned and wrapping, so the table never outgrows the page."""
    rows = list(rows)
    cls = "n" if all(_NUMBER.fullmatch(v) for _, v in rows) else "t"
    body = "".join(f"<tr><th>{escape(k)}</th><td class=\"{cls}\">{escape(v)}</td></tr>\n"
                   for k, v in rows)
    return f'<table class="kv">\n{body}</table>\n'


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]], *, numeric: frozenset[int] | set[int] = frozenset(),
           classes: dict[int, str] | None = None) -> str:
    classes = classes or {}

    def cls(i: int) -> str:
        names = (["n"] if i in numeric else []) + ([classes[i]] if i in classes else [])
        return f' class="{" ".join(names)}"' if names else ""

    head = "".join(f"<th{cls(i)}>{escape(str(h))}</th>" for i, h in enumerate(header))
    body = "".join("<tr>" + "".join(f"<td{cls(i)}>{escape(str(v))}</td>"
                                    for i, v in enumerate(row)) + "</tr>\n" for row in rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody></table>\n"


def _frame_table(frame: pd.DataFrame, lang: str) -> str:
    rows = []
    numeric = {i for i, col in enumerate(frame.columns)
               if pd.api.types.is_numeric_dtype(frame[col].dtype)}
    for row in frame.itertuples(index=False, name=None):
        rows.append(["" if v is None or (not isinstance(v, str) and pd.isna(v)) else
                     (fmt_num(v, lang, sign=True) if isinstance(v, float) else str(v))
                     for v in row])
    return _table(list(frame.columns), rows, numeric=numeric)


# --- charts -----------------------------------------------------------------------------------

def bar_chart_svg(items: Sequence[tuple[str, float]], title: str, color: str,
                  average: float | None, lang: str, subtitle: str = "") -> str:
    """Horizontal bars of rates (fractions), with the overall rate as a dashed line."""
    # the label column is as wide as the longest label (DejaVu Sans 11px: about 7.4 px per
    # upper-case letter), so right-aligned names are never cut at the left edge
    longest = max((len(_short_label(name)) for name, _ in items), default=0)
    label_w = round(max(120, min(MAX_LABEL_CHARS, longest) * 7.4 + 10))
    bar_w, value_w, row_h, top = 300, 62, 18, 50
    width = label_w + bar_w + value_w
    height = top + row_h * max(len(items), 1) + 22
    peak = max([v for _, v in items] + [average or 0])
    # every rate 0 (no DPK list, a clean list): an axis 0%..1%, not five ticks all "0%"
    scale = _nice_max(peak) if peak > 0 else 0.01
    out = [f'<svg viewBox="0 0 {width} {height}" '
           f'role="img" aria-label="{escape(title)}" font-size="11">',
           f'<text x="0" y="14" font-size="12.5" font-weight="bold">{escape(title)}</text>',
           f'<text x="0" y="29" font-size="10.5" fill="#555">{escape(subtitle)}</text>']
    for k in range(6):
        x = label_w + bar_w * k / 5
        out.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 20}" '
                   'stroke="#e3e6ea"/>')
        out.append(f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle" fill="#555">'
                   f'{escape(_tick(scale * k / 5, lang))}</text>')
    for i, (name, value) in enumerate(items):
        y = top + i * row_h
        w = bar_w * (value / scale) if scale else 0
        short = _short_label(name)
        out.append(f'<g><title>{escape(name)}: {escape(fmt_pct(value, lang))}</title>'
                   f'<text x="{label_w - 6}" y="{y + 12.5}" text-anchor="end">'
                   f'{escape(short)}</text>'
                   f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" '
                   f'fill="{color}"/>'
                   f'<text x="{label_w + w + 4:.1f}" y="{y + 12.5}" fill="#333">'
                   f'{escape(fmt_pct(value, lang))}</text></g>')
    if not items:
        out.append(f'<text x="{label_w}" y="{top + 12}" fill="#555">-</text>')
    if average is not None and scale:
        x = label_w + bar_w * average / scale
        out.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 20}" '
                   f'stroke="{COLORS["avg"]}" stroke-dasharray="4 3"/>'
                   f'<text x="{x + 3:.1f}" y="{top - 8}" fill="#333" font-size="10">'
                   f'Σ {escape(fmt_pct(average, lang))}</text>')
    out.append("</svg>")
    return "".join(out)


MAX_LABEL_CHARS = 44


def _short_label(name: str) -> str:
    """A chart label that fits the label column: long names keep their end (the TPS/desa)."""
    return name if len(name) <= MAX_LABEL_CHARS else "…" + name[-(MAX_LABEL_CHARS - 1):]


def category_svg(cats: Sequence[dict[str, Any]], c: ReportContent) -> str:
    """One stacked bar of the groups by category, with a legend."""
    width, bar_h = 760, 30
    total = sum(x["groups"] for x in cats)
    legend_y = 26 + bar_h + 18
    height = legend_y + 20 * len(cats) + 4
    title = c.L("by_category")
    out = [f'<svg viewBox="0 0 {width} {height}" '
           f'role="img" aria-label="{escape(title)}" font-size="12">']
    x = 0.0
    for cat in cats:
        w = width * cat["groups"] / total if total else 0
        color = COLORS.get(cat["code"], "#888")
        if w:
            out.append(f'<rect x="{x:.1f}" y="10" width="{w:.1f}" height="{bar_h}" '
                       f'fill="{color}"><title>{escape(cat["short"])}: {cat["groups"]}'
                       '</title></rect>')
            if w > 60:
                share = fmt_pct(cat["groups"] / total, c.lang, 0)
                out.append(f'<text x="{x + w / 2:.1f}" y="{10 + bar_h / 2 + 4}" '
                           f'text-anchor="middle" fill="#fff" font-weight="bold">'
                           f'{escape(cat["code"])} {escape(share)}</text>')
        x += w
    if not total:
        out.append(f'<rect x="0" y="10" width="{width}" height="{bar_h}" fill="#eee"/>')
    for i, cat in enumerate(cats):
        y = legend_y + 20 * i
        out.append(f'<rect x="0" y="{y - 10}" width="12" height="12" '
                   f'fill="{COLORS.get(cat["code"], "#888")}"/>'
                   f'<text x="18" y="{y}">{escape(cat["short"])}: '
                   f'{escape(fmt_int(cat["groups"], c.lang))} {escape(c.L("groups").lower())}'
                   '</text>')
    out.append("</svg>")
    return "".join(out)


def _tick(rate: float, lang: str) -> str:
    # four decimals: the ticks of a small axis (0%..0.01%) stay apart ("0,002%", not "0%")
    text = f"{rate * 100:.4f}".rstrip("0").rstrip(".") + "%"
    return text.replace(".", ",") if lang == "id" else text


def _nice_max(value: float) -> float:
    """A round axis maximum at or above ``value`` (1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    exp = math.floor(math.log10(value))
    for m in (1, 2, 2.5, 5, 10):
        top = m * 10 ** exp
        if top >= value * 1.0001:
            return top
    return 10 ** (exp + 1)
