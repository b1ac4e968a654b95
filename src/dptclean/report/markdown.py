"""A Markdown report: the same sections as the HTML page, as plain pipe tables."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from dptclean.io.writers import plain_text
from dptclean.report.i18n import fmt_num
from dptclean.report.sections import ReportContent, fmt_int, fmt_pct

MAX_GROUPS = 500


def render_markdown(content: ReportContent, *, max_groups: int = MAX_GROUPS) -> str:
    c, L = content, content.L
    out: list[str] = [f"# {L('title')}", "", L("subtitle"), ""]
    out += [f"- {md_text(k)}: {md_text(v)}" for k, v in c.evidence_rows()] + [""]
    out += [f"## {L('summary')}", ""]
    out += _table([L("item"), L("value")], c.summary_rows(), right={1})
    out += ["", f"_{md_text(c.method_note())}_", ""]

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
            out += [f"### {md_text(L.level(level))}", ""]
            rows = [[r[L("area")], fmt_int(r[L("dpt")], c.lang),
                     fmt_int(r[L("in_groups")], c.lang), fmt_int(r[L("ganda")], c.lang),
                     fmt_pct(r[rate_col], c.lang), fmt_int(r[L("dpk")], c.lang),
                     fmt_pct(r[dpk_col], c.lang)] for _, r in frame.iterrows()]
            out += _table(list(frame.columns), rows, right={1, 2, 3, 4, 5, 6})
            out.append("")

    for title, note, g in c.group_parts():
        out += [f"## {md_text(title)}", ""]
        if note:
            out += [f"_{md_text(note)}_", ""]
        if not len(g):
            out += [L("no_groups"), ""]
            continue
        gid = L("group")
        ids = list(dict.fromkeys(g[gid].tolist()))
        if len(ids) > max_groups:
            g = g[g[gid].isin(set(ids[:max_groups]))]
            out += [f"_{md_text(L('groups_shown', shown=max_groups, total=len(ids)))}_", ""]
        out += _frame(g, score_col=L("score"), lang=c.lang)
        out.append("")
    if len(c.dpk):
        out += [f"## {L('dpk_matches')}", ""] + _frame(c.dpk, score_col=L("score"), lang=c.lang) + [""]
    if len(c.conflicts):
        out += [f"## {L('conflicts_title')}", ""] + _frame(c.conflicts, score_col=L("score"),
                                                         lang=c.lang) + [""]

    out += [f"## {L('evidence')}", "", f"### {L('inputs')}", ""]
    out += _table([L("path"), L("bytes"), L("records"), L("sha256")],
                  [[str(i.get("path")), fmt_int(i.get("bytes"), c.lang),
                    fmt_int(i.get("records"), c.lang), f"`{i.get('sha256') or '-'}`"]
                   for i in c.input_rows()], right={1, 2})
    out += ["", f"### {L('rows')}", ""]
    out += _table([L("item"), L("value")], c.row_accounting(), right={1})
    out += ["", f"### {L('config')}", ""]
    out += _table([L("item"), L("value")], c.config_rows() + c.evidence_rows(), right=set())
    weights = c.weights_frame()
    if c.learned is not None and len(weights):
        out += ["", f"### {L('weights_title')}", ""]
        head, cells = c.weights_cells()
        out += _table(head, cells, right={2, 3, 4, 5, 6})
    toml = c.config_toml()
    if toml:
        # a fence longer than any run of backticks inside, so nothing can close it early
        fence = "`" * max(3, 1 + max((len(r) for r in re.findall(r"`+", toml)), default=0))
        out += ["", f"<details><summary>{md_text(L('config_full'))}</summary>", "",
                f"{fence}toml", toml.rstrip("\n"), fence, "", "</details>"]
    note = md_text(c.privacy_note())
    out += ["", f"**{note}**" if c.show_nik else f"_{note}_", ""]
    return "\n".join(out)


# the characters Markdown gives a meaning to in the middle of a line (emphasis, code, links,
# images, strikethrough, table cells): a backslash makes each a literal character. Every data
# text here is written after "| " or "- label: ", never at the start of a line.
_MD_PUNCT = re.compile(r"([\\`*_\[\]!|~])")
_URL = re.compile(r"(?i)\b(https?|ftp)(?=:)|\b(www)(?=\.)")


def md_text(value: Any) -> str:
    """Text from the data as Markdown that shows exactly that text: no raw HTML (``<``, ``>``
    and ``&`` as entities), no links, images or emphasis (punctuation escaped), no bare-URL
    autolinks (an invisible word joiner after ``http``/``www``), on one line."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    text = " ".join(plain_text(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_PUNCT.sub(r"\\\1", text)
    return _URL.sub(lambda m: m.group(0) + "\u2060", text)


def _cell(value: Any) -> str:
    return md_text(value)


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
