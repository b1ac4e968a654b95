"""An XLSX report: a summary sheet, one sheet per area level, the groups and the DPK matches.

Every table sheet has a frozen header row, an autofilter and readable column widths; every
sheet prints landscape on A4, fitted to the page width, with the header row repeated.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import pandas as pd

from dptclean.errors import OutputError
from dptclean.io.writers import atomic_path, neutralise_formulas
from dptclean.report.sections import ReportContent, accounting_text

MAX_WIDTH = 60


def write_report_xlsx(content: ReportContent, path: str | os.PathLike) -> None:
    """Write the workbook atomically."""
    with atomic_path(path) as tmp:
        _write(content, tmp)


def _write(c: ReportContent, path: str) -> None:
    import xlsxwriter

    L = c.L
    wb = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "strings_to_formulas": False,
                                    "strings_to_urls": False})
    wb.set_properties({"title": L("title"), "subject": L("subtitle"),
                       "comments": c.privacy_note()})
    f = {
        "title": wb.add_format({"bold": True, "font_size": 16, "font_color": "#1F3B5C"}),
        "h2": wb.add_format({"bold": True, "font_size": 12, "font_color": "#1F3B5C",
                             "bottom": 1}),
        "head": wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1,
                               "text_wrap": True, "valign": "top"}),
        "key": wb.add_format({"bold": True, "bg_color": "#F1F4F8", "border": 1}),
        "text": wb.add_format({"border": 1, "valign": "top"}),
        "wrap": wb.add_format({"border": 1, "valign": "top", "text_wrap": True}),
        "int": wb.add_format({"border": 1, "num_format": "#,##0", "valign": "top"}),
        "num": wb.add_format({"border": 1, "num_format": "+0.0;-0.0;0.0", "valign": "top"}),
        "pct": wb.add_format({"border": 1, "num_format": "0.00%", "valign": "top"}),
        "note": wb.add_format({"italic": True, "font_color": "#555555"}),
        "warn": wb.add_format({"bold": True, "font_color": "#B03A2E"}),
        "mono": wb.add_format({"font_name": "Consolas", "font_size": 9}),
    }

    _summary_sheet(wb, c, f)
    rate_cols = set(c.rate_columns())
    for level in c.area_levels():
        _table_sheet(wb, L.level(level), c.area_frame(level), f, pct=rate_cols,
                     title=f"{L('by_area')}: {L.level(level)}")
    _table_sheet(wb, L("sheet_groups"), _drop_empty(c.groups), f, wrap={L("reasons"),
                 L("keep_reason")}, score=L("score"), title=L("groups_title"))
    if len(c.dpk):
        _table_sheet(wb, L("sheet_dpk"), c.dpk, f, wrap={L("reasons")}, score=L("score"),
                     title=L("dpk_matches"))
    if len(c.conflicts):
        _table_sheet(wb, L("sheet_conflicts"), c.conflicts, f, wrap={L("reasons")},
                     score=L("score"), title=L("conflicts_title"))
    toml = c.config_toml()
    if toml:
        ws = wb.add_worksheet(_sheet_name(L("sheet_config")))
        ws.write_string(0, 0, L("config_full"), f["h2"])
        for i, line in enumerate(toml.splitlines(), start=1):
            ws.write_string(i, 0, line, f["mono"])
        ws.set_column(0, 0, 70)
        _print_setup(ws, L("sheet_config"), c, repeat=False)
    try:
        wb.close()
    except Exception as exc:  # xlsxwriter raises its own types
        from dptclean.io.writers import discard_failed_workbook

        message = f"cannot write the workbook: {exc}"
        discard_failed_workbook(exc)  # no "Exception ignored" traceback when the disk is full
        raise OutputError(message, path=str(path)) from None


def _summary_sheet(wb, c: ReportContent, f: dict[str, Any]) -> None:
    L = c.L
    ws = wb.add_worksheet(_sheet_name(L("sheet_summary")))
    ws.write_string(0, 0, L("title"), f["title"])
    ws.write_string(1, 0, L("subtitle"), f["note"])
    row = 3
    for k, v in c.evidence_rows():
        ws.write_string(row, 0, k, f["key"])
        ws.write_string(row, 1, v, f["text"])
        row += 1
    r = c.report
    row += 1
    ws.write_string(row, 0, L("summary"), f["h2"])
    row += 1
    d, dup, dpk = r["dpt"], r["duplicates"], r["dpk"]
    numbers: list[tuple[str, Any, str]] = [(L("dpt_records"), d["records"], "int")]
    if d.get("tms_excluded"):
        numbers.append((L("tms_excluded"), d["tms_excluded"], "int"))
    numbers += [(L("dup_groups"), dup["groups"], "int"), (L("dup_records"), dup["records"], "int"),
                (L("dup_redundant"), dup["redundant"], "int"), (L("dup_rate"), dup["rate"], "pct"),
                (L("dpk_records"), dpk["records"], "int"),
                (L("dpk_rate", den=c.dpk_denominator()), dpk["rate"], "pct"),
                (L("dpk_in_dpt"), dpk["in_dpt"], "int"),
                (L("nik_conflicts"), r.get("nik_conflicts", 0), "int")]
    m = r.get("matching") or {}
    if "candidate_pairs" in m:
        numbers.append((L("pairs_compared"), m["candidate_pairs"], "int"))
    if "matched_pairs" in m:
        numbers.append((L("pairs_matched"), m["matched_pairs"], "int"))
    for k, v, kind in numbers:
        ws.write_string(row, 0, k, f["key"])
        ws.write_number(row, 1, float(v), f[kind])
        row += 1
    ws.write_string(row, 0, c.method_note(), f["note"])
    # the row accounting: rows read = DPT + TMS + DPK + skipped
    row = _text_rows(ws, row + 1, [(L("rows"), accounting_text(r, L))], f) + 1

    ws.write_string(row, 0, L("by_category"), f["h2"])
    row += 1
    for j, h in enumerate((L("category"), L("groups"), L("records"), L("redundant"))):
        ws.write_string(row, j, h, f["head"])
    row += 1
    for cat in c.category_rows():
        ws.write_string(row, 0, cat["label"], f["text"])
        for j, key in enumerate(("groups", "records", "redundant"), start=1):
            ws.write_number(row, j, cat[key], f["int"])
        row += 1
    row += 1

    ws.write_string(row, 0, L("evidence"), f["h2"])
    row += 1
    for j, h in enumerate((L("path"), L("bytes"), L("records"), L("sha256"))):
        ws.write_string(row, j, h, f["head"])
    row += 1
    for i in c.input_rows():
        ws.write_string(row, 0, str(i.get("path")), f["text"])
        for j, key in ((1, "bytes"), (2, "records")):
            if i.get(key) is None:
                ws.write_string(row, j, "-", f["text"])
            else:
                ws.write_number(row, j, float(i[key]), f["int"])
        ws.write_string(row, 3, i.get("sha256") or "-", f["text"])
        row += 1
    row += 1
    ws.write_string(row, 0, L("rows"), f["h2"])
    row += 1
    for k, n in c.row_accounting_numbers():
        ws.write_string(row, 0, k, f["key"])
        ws.write_number(row, 1, float(n), f["int"])
        row += 1
    row += 1
    ws.write_string(row, 0, L("config"), f["h2"])
    row += 1
    for k, v in c.config_rows():
        ws.write_string(row, 0, k, f["key"])
        ws.write_string(row, 1, v, f["wrap"])
        row += 1
    row += 1
    ws.write_string(row, 0, c.privacy_note(), f["warn"] if c.show_nik else f["note"])
    ws.set_column(0, 0, 44)
    ws.set_column(1, 1, 22)
    ws.set_column(2, 2, 12)
    ws.set_column(3, 3, 68)
    ws.freeze_panes(3, 0)
    _print_setup(ws, L("sheet_summary"), c, repeat=False)


def _text_rows(ws, row: int, pairs: list[tuple[str, str]], f: dict[str, Any]) -> int:
    """Label / text rows from ``row`` on (pairs with an empty text are left out)."""
    for k, v in pairs:
        if v:
            ws.write_string(row, 0, k, f["key"])
            ws.write_string(row, 1, v, f["text"])
            row += 1
    return row


def _table_sheet(wb, name: str, frame: pd.DataFrame, f: dict[str, Any], *,
                 pct: frozenset[str] | set[str] = frozenset(),
                 wrap: frozenset[str] | set[str] = frozenset(), score: str | None = None,
                 title: str = "") -> None:
    ws = wb.add_worksheet(_sheet_name(name))
    frame = neutralise_formulas(frame.reset_index(drop=True))
    cols = list(frame.columns)
    for j, col in enumerate(cols):
        ws.write_string(0, j, str(col), f["head"])
    kinds = []
    for col in cols:
        s = frame[col]
        if col in pct:
            kinds.append("pct")
        elif col == score:
            kinds.append("num")
        elif pd.api.types.is_integer_dtype(s.dtype):
            kinds.append("int")
        elif pd.api.types.is_float_dtype(s.dtype):
            kinds.append("num")
        else:
            kinds.append("wrap" if col in wrap else "text")
    values = frame.astype(object).where(frame.notna(), None)
    for i, row in enumerate(values.itertuples(index=False, name=None), start=1):
        for j, v in enumerate(row):
            if v is None:
                continue
            if kinds[j] in ("pct", "int", "num"):
                ws.write_number(i, j, float(v), f[kinds[j]])
            else:
                ws.write_string(i, j, str(v), f[kinds[j]])
    for j, col in enumerate(cols):
        sample = frame[col].head(300).astype("string").fillna("")
        width = max([len(str(col))] + [len(v) for v in sample.tolist()]) + 2
        if kinds[j] == "pct":
            width = max(width, 10)
        ws.set_column(j, j, min(max(width, 6), MAX_WIDTH if kinds[j] != "wrap" else 70))
    ws.freeze_panes(1, 0)
    if cols:
        ws.autofilter(0, 0, max(len(frame), 1), len(cols) - 1)
    _print_setup(ws, title or name, None, repeat=True)


def _print_setup(ws, title: str, c: ReportContent | None, *, repeat: bool) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    if repeat:
        ws.repeat_rows(0)
    safe = title.replace("&", "&&")
    ws.set_header(f"&L&B{safe}")
    ws.set_footer("&Ldptclean&R&P / &N")


def _drop_empty(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[[col for col in frame.columns if frame[col].notna().any()]] if len(frame) \
        else frame


def _sheet_name(name: str) -> str:
    bad = '[]:*?/\\'
    clean = "".join("_" if ch in bad else ch for ch in str(name)).strip("'") or "sheet"
    return clean[:31]


__all__: Sequence[str] = ("write_report_xlsx",)
