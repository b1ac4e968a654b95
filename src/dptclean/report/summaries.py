"""What ``check``, ``diff`` and ``validate`` print on the terminal (the commands parse, call
the library and hand its result here)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from dptclean import schema
from dptclean.diff import ADDED, CHANGED, REMOVED, UNCHANGED
from dptclean.gates import CheckLine
from dptclean.io.writers import data_text
from dptclean.report.i18n import Labels, finding_description, fmt_int, fmt_pct


def check_lines(lines: list[CheckLine], L: Labels) -> list[str]:
    """The aligned lines ``check`` prints: check, value, limit, result."""
    lang = L.lang

    def show(x: CheckLine, v: float | int) -> str:
        return fmt_pct(v, lang) if x.kind == "rate" else fmt_int(v, lang)

    head = L("check_header").split("|")
    rows = [(head[0], head[1], head[2], head[3])]
    for x in lines:
        value = show(x, x.value)
        if x.kind == "rate" and x.of is not None:
            value += f" ({fmt_int(x.count, lang)}/{fmt_int(x.of, lang)})"
        name = _check_name(x.name, L)
        if x.possible is not None:
            name += " " + L("check_with_possible")
        rows.append((name, value, f"{x.op} " + show(x, x.limit),
                     L("check_pass") if x.passed else L("check_fail")))
    w = [max(len(r[i]) for r in rows) for i in range(4)]
    return [f"{r[0]:<{w[0]}}  {r[1]:>{w[1]}}  {r[2]:<{w[2]}}  {r[3]}".rstrip() for r in rows]


def _check_name(name: str, L: Labels) -> str:
    """A limit's name for people (the JSON keeps ``duplicate_rate``, ``finding:CODE``)."""
    if L.lang == "en":
        return name
    code = name.partition(":")[2]
    return L("check_finding", code=code) if name.startswith("finding:") else \
        L.get(f"check_{name}", name)


def render_diff(summary: dict, L: Labels, out: Console) -> None:
    """diff's summary: added, removed, changed and unchanged records, how they were paired,
    the fields changed."""
    lang = L.lang
    n_old = summary["old"]["records"]
    table = Table(title=f"{data_text(summary['old']['path'])} -> "
                        f"{data_text(summary['new']['path'])}",
                  title_justify="left")
    table.add_column("")
    table.add_column(L("col_records"), justify="right")
    table.add_column(L("diff_of_old"), justify="right")
    for name in (ADDED, REMOVED, CHANGED, UNCHANGED):
        n = summary[name]
        table.add_row(L.get(f"diff_{name}", name), fmt_int(n, lang),
                      fmt_pct(n / n_old, lang) if n_old else "-")
    out.print(table)
    out.print(L("diff_pairing", old=fmt_int(n_old, lang),
                new=fmt_int(summary["new"]["records"], lang),
                nik=fmt_int(summary["matched_by"]["nik"], lang),
                fuzzy=fmt_int(summary["matched_by"]["fuzzy"], lang)))
    if summary["changed_fields"]:
        fields = sorted(summary["changed_fields"].items(), key=lambda kv: (-kv[1], kv[0]))
        out.print(L("diff_fields") + ", ".join(f"{f} {fmt_int(n, lang)}" for f, n in fields))
    raw = summary["changed_as_written"]
    if raw["records"]:
        fields = sorted(raw["fields"].items(), key=lambda kv: (-kv[1], kv[0]))
        out.print(L("diff_as_written", n=fmt_int(raw["records"], lang))
                  + ", ".join(f"{f} {fmt_int(n, lang)}" for f, n in fields))
    for side in ("old", "new"):
        rep = summary["duplicate_nik"][side]
        if rep["niks"]:
            out.print(L("diff_dup_nik", side=L(f"diff_{side}"), niks=fmt_int(rep["niks"], lang),
                        records=fmt_int(rep["records"], lang)))


def render_validate(summary, L: Labels, out: Console) -> None:
    """validate's summary: counts by severity, a table by finding and one by area."""
    lang = L.lang
    sev = summary.by_severity
    out.print(L("val_summary", records=fmt_int(summary.records, lang),
                with_findings=fmt_int(summary.records_with_findings, lang),
                error=fmt_int(sev["error"], lang), warning=fmt_int(sev["warning"], lang),
                info=fmt_int(sev["info"], lang)))
    if summary.by_code:
        t = Table(title=L("findings"), title_justify="left")
        for name, justify in (("col_code", "left"), ("col_severity", "left"),
                              ("col_findings", "right"), ("col_records", "right"),
                              ("col_description", "left")):
            t.add_column(L(name), justify=justify)  # type: ignore[arg-type]
        for row in summary.by_code:
            t.add_row(row["code"], L.get(f"sev_{row['severity']}", row["severity"]),
                      fmt_int(row["findings"], lang), fmt_int(row["records"], lang),
                      data_text(finding_description(row["code"], row["description"], lang)))
        out.print(t)
    if summary.by_area:
        keys = [k for k in (schema.KECAMATAN, schema.KELURAHAN) if k in summary.by_area[0]]
        t = Table(title=L("by_area"), title_justify="left")
        for k in keys:
            t.add_column(L.get(k, k) if lang == "id" else k)
        for name in ("col_records", "col_with_findings", "sev_error", "sev_warning", "sev_info"):
            t.add_column(L(name), justify="right")
        for row in summary.by_area:
            t.add_row(*[data_text(row[k] or "-") for k in keys], fmt_int(row["records"], lang),
                      fmt_int(row["records_with_findings"], lang),
                      fmt_int(row["error"], lang), fmt_int(row["warning"], lang),
                      fmt_int(row["info"], lang))
        out.print(t)
