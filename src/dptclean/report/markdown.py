"""A Markdown report: the same sections as the HTML page, as plain pipe tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from dptclean.report.i18n import fmt_num
from dptclean.report.sections import ReportContent, fmt_int, fmt_pct

MAX_GROUPS = 500


def render_markdown(content: ReportContent, *, max_groups: int = MAX_GROUPS) -> str:
    c, L = content, content.L
    out: list[str] = [f"# {L('title')}", "", L("subtitle"), ""]
    out += [f"- {k}: {v}" for k, v in c.evidence_rows()] + [""]
    out += [f"## {L('summary')}", ""]
    out += _table([L("item"), L("value")], c.summary_rows(), right={1})
    out += ["", f"_{c.method_note()}_", ""]

    out += [f"## {L('by_category')}", ""]
    out += _table([L("category"), L("groups"), L("records"), L("redundant")],
                  [[x["label"], fmt_int(x["groups"], c.lang), fmt_int(x["records"], c.lang),
                    fmt_int(x["redundant"], c.lang)] for x in c.category_rows()],
                  right={1, 2, 3})
    out.append("")

    levels = c.area_levels()
    if levels:
        out += [f"## {L('by_area')}", ""]
        rate_col, dpk_col = c.rate_columns()
        for level in levels:
            frame = c.area_frame(level)
            out += [f"### {L.level(level)}", ""]
            rows = [[r[L("area")], fmt_int(r[L("dpt")], c.lang),
                     fmt_int(r[L("in_groups")], c.lang), fmt_int(r[L("ganda")], c.lang),
                     fmt_pct(r[rate_col], c.lang), fmt_int(r[L("dpk")], c.lang),
                     fmt_pct(r[dpk_col], c.lang)] for _, r in frame.iterrows()]
            out += _table(list(frame.columns), rows, right={1, 2, 3, 4, 5, 6})
            out.append("")

    out += [f"## {L('groups_title')}", ""]
    g = c.groups
    if not len(g):
        out += [L("no_groups"), ""]
    else:
        gid = L("group")
        ids = list(dict.fromkeys(g[gid].tolist()))
        if len(ids) > max_groups:
            g = g[g[gid].isin(set(ids[:max_groups]))]
            out += [f"_{L('groups_shown', shown=max_groups, total=len(ids))}_", ""]
        out += _frame(g, score_col=L("score"), lang=c.lang)
        out.append("")
    if len(c.dpk):
        out += [f"## {L('dpk_matches')}", ""] + _frame(c.dpk, score_col=L("score"), lang=c.lang) + [""]

    out += [f"## {L('evidence')}", "", f"### {L('inputs')}", ""]
    out += _table([L("path"), L("bytes"), L("records"), L("sha256")],
                  [[str(i.get("path")), fmt_int(i.get("bytes"), c.lang),
                    fmt_int(i.get("records"), c.lang), f"`{i.get('sha256') or '-'}`"]
                   for i in c.input_rows()], right={1, 2})
    out += ["", f"### {L('rows')}", ""]
    out += _table([L("item"), L("value")], c.row_accounting(), right={1})
    out += ["", f"### {L('config')}", ""]
    out += _table([L("item"), L("value")], c.config_rows() + c.evidence_rows(), right=set())
    toml = c.config_toml()
    if toml:
        out += ["", f"<details><summary>{L('config_full')}</summary>", "", "```toml",
                toml.rstrip("\n"), "```", "", "</details>"]
    out += ["", f"**{c.privacy_note()}**" if c.show_nik else f"_{c.privacy_note()}_", ""]
    return "\n".join(out)


def _cell(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    text = str(value).replace("\\", "\\\\").replace("|", "\\|")
    return " ".join(text.split())


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]], *, right: set[int]) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |",
             "| " + " | ".join("---:" if i in right else "---" for i in range(len(header)))
             + " |"]
    for row in rows:
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    return lines


def _frame(frame: pd.DataFrame, *, score_col: str, lang: str = "en") -> list[str]:
    cols = [col for col in frame.columns if frame[col].notna().any()]
    right = {i for i, col in enumerate(cols) if pd.api.types.is_numeric_dtype(frame[col].dtype)}
    rows = []
    for row in frame[cols].itertuples(index=False, name=None):
        rows.append([fmt_num(v, lang, sign=True) if col == score_col and isinstance(v, float)
                     and not pd.isna(v)
                     else v for col, v in zip(cols, row)])
    return _table(cols, rows, right=right)
