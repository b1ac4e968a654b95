"""dptclean validate: data-quality findings per record, summarised by finding and by area."""

from __future__ import annotations

import sys
from datetime import date

import click
import pandas as pd

from dptclean import schema
from dptclean.cli.localised import DptcleanCommand
from dptclean.cli.normalize_cmd import as_date, date_order_option, election_date_option
from dptclean.cli.options import input_options, lang_option, quiet_option, read_options
from dptclean.cli.output import console, data_text, progress_callback
from dptclean.errors import ExitCode
from dptclean.io.readers import load_voters
from dptclean.io.writers import (
    check_not_input,
    dumps_json,
    format_for,
    write_csv_stdout,
    write_table,
    write_xlsx,
)
from dptclean.normalize import normalize_voters
from dptclean.report.i18n import Labels, finding_description, fmt_int, labels
from dptclean.report.privacy import mask_dates, mask_ids, mask_text
from dptclean.validate import (
    RULES,
    SEVERITIES,
    has_findings_at,
    summarize_findings,
    validate_voters,
)

OUTPUT_FORMATS = ("csv", "tsv", "xlsx", "parquet", "json")
# record fields copied next to each finding in the findings file
RECORD_FIELDS = (schema.NAMA, schema.NIK, schema.TANGGAL_LAHIR)


@click.command("validate", cls=DptcleanCommand)
@input_options
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True,
              help="What to print on stdout: summary tables, the summary as JSON, or the "
                   "findings as CSV.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the findings, one row per record and finding, with where to find the "
                   "record (.csv, .xlsx with a summary sheet, .parquet or .json).")
@click.option("--fail-on", type=click.Choice(list(SEVERITIES)), default=None,
              help="Exit with code 1 when a finding at or above this severity exists.")
@date_order_option
@election_date_option
@click.option("--show-nik", is_flag=True,
              help="Show full NIK, NKK and birth dates in outputs (masked by default).")
@quiet_option
@lang_option
@click.pass_context
def validate_cmd(ctx: click.Context, fmt: str, output: str | None, fail_on: str | None,
                 date_order: str | None, election_date, show_nik: bool, quiet: bool,
                 lang: str, **kwargs) -> None:
    """Check every record: NIK/NKK, birth date, age, sex, name and TMS marks.

    Findings have a code (NIK_INVALID, DOB_PLACEHOLDER, AGE_UNDER_17, ...) and a severity
    (info, warning, error). Prints a summary by finding and by kecamatan/kelurahan; -o writes
    every finding with the file, sheet and row of its record.
    """
    files = list(kwargs.pop("files"))
    opts = read_options(kwargs)
    L = labels(lang)
    if output is not None:
        out_fmt = format_for(output, OUTPUT_FORMATS)
        check_not_input(output, files)
    election = as_date(election_date) or date.today()
    with progress_callback(quiet=quiet or fmt != "table") as progress:
        result = load_voters(files, progress=progress, **opts)
        records = normalize_voters(result.frame, date_order=date_order, election_date=election,
                                   progress=progress)
    findings = validate_voters(records, election_date=election)
    summary = summarize_findings(findings, records, rules=RULES, election_date=election)
    table = findings_table(findings, records, show_nik=show_nik)

    if output is not None:
        if out_fmt == "xlsx":
            write_xlsx(findings_workbook(summary, table, lang), output)
        else:
            write_table(table, output, fmt=out_fmt, inputs=files)
        if not quiet and fmt == "table":
            click.echo(L("wrote_findings", n=fmt_int(len(table), lang), path=output), err=True)

    if fmt == "json":
        click.echo(dumps_json(summary.to_dict()), nl=False)
    elif fmt == "csv":
        write_csv_stdout(table, sys.stdout)
    elif not quiet:
        _render(summary, L)

    if fail_on is not None and has_findings_at(findings, fail_on):
        if not quiet:
            click.echo(L("fail_on_found", level=fail_on), err=True)
        ctx.exit(int(ExitCode.CHECK_FAILED))


# the findings workbook (validate -o x.xlsx) is for people: sheets, headers and values in the
# language of --lang (CSV, Parquet and JSON keep the snake_case columns and English values)
_SHEETS = {"summary": ("Ringkasan", "Summary"), "areas": ("Per wilayah", "By area"),
           "findings": ("Temuan", "Findings")}
_HEADERS = {"code": ("Kode temuan", "Finding code"), "severity": ("Tingkat", "Severity"),
            "findings": ("Temuan", "Findings"), "records": ("Pemilih", "Records"),
            "description": ("Uraian", "Description"),
            "records_with_findings": ("Pemilih dengan temuan", "Records with findings"),
            "error": ("Kesalahan", "Errors"), "warning": ("Peringatan", "Warnings"),
            "info": ("Info", "Info"), "record": ("Data ke- (teknis)", "Record (technical)"),
            "field": ("Kolom", "Field"), "value": ("Nilai", "Value"),
            "message": ("Uraian", "Description")}


def findings_workbook(summary, table: pd.DataFrame, lang: str) -> dict[str, pd.DataFrame]:
    """The sheets of ``validate -o x.xlsx`` with headers and values for people in ``lang``."""
    from dptclean.report.i18n import finding_description
    from dptclean.report.xlsx import REVIEW_HEADERS

    i = 0 if lang == "id" else 1
    names = {c: pair[i] for c, pair in {**REVIEW_HEADERS, **_HEADERS}.items()}
    severity = {s: labels(lang)(f"sev_{s}") for s in ("error", "warning", "info")}
    by_code = pd.DataFrame(summary.by_code)
    findings = table.copy()
    if lang == "id":
        if "description" in by_code.columns:
            by_code["description"] = [finding_description(c, d, lang) for c, d in
                                      zip(by_code["code"], by_code["description"])]
        if "message" in findings.columns:
            findings["message"] = [finding_description(c, m, lang) for c, m in
                                   zip(findings["code"], findings["message"])]
    for frame in (by_code, findings):
        if "severity" in frame.columns:
            frame["severity"] = frame["severity"].map(lambda s: severity.get(s, s))
    if "field" in findings.columns:
        findings["field"] = findings["field"].map(lambda f: names.get(f, f))
    sheets = {"summary": by_code, "areas": pd.DataFrame(summary.by_area), "findings": findings}
    return {_SHEETS[k][i]: v.rename(columns={c: names[c] for c in v.columns if c in names})
            for k, v in sheets.items()}


def findings_table(findings: pd.DataFrame, records: pd.DataFrame, *,
                   show_nik: bool = False) -> pd.DataFrame:
    """Findings with the record's name, NIK and birth date; personal data masked unless
    ``show_nik``."""
    table = findings.copy()
    table["severity"] = table["severity"].astype(str)
    pos = records.index.get_indexer(table["record"])
    for col in RECORD_FIELDS:
        if col in records.columns:
            table[col] = records[col].iloc[pos].reset_index(drop=True).to_numpy()
    if not show_nik:
        _mask_findings(table, records, pos)
    front = [c for c in (schema.SOURCE_FILE, schema.SHEET, schema.ROW, schema.KECAMATAN,
                         schema.KELURAHAN, schema.TPS) if c in table.columns]
    rest = [c for c in table.columns if c not in front]
    return table[front + rest]


# findings whose value is not the personal data of their field (a region code of a NIK)
_UNMASKED_VALUES = ("NIK_REGION_UNKNOWN",)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _mask_findings(table: pd.DataFrame, records: pd.DataFrame, pos) -> None:
    """Mask NIK, NKK and dates in a findings table, keeping what each finding is about: how
    far the NIK's date is from TANGGAL LAHIR, which placeholder date a record has."""
    keep = table["code"].isin(_UNMASKED_VALUES).to_numpy()
    ids = table["field"].isin([schema.NIK, schema.NKK]).to_numpy() & ~keep
    dates = (table["field"] == schema.TANGGAL_LAHIR).to_numpy()
    value = table["value"].astype("string")
    value = value.where(~ids, mask_ids(value))
    value = value.where(~dates, mask_dates(value))
    # other fields' values (KETERANGAN, USIA, ...): a NIK or a date typed into them
    value = value.where(ids | dates | keep, value.map(mask_text, na_action="ignore"))
    table["value"] = value
    if schema.NIK in table.columns:
        table[schema.NIK] = mask_ids(table[schema.NIK])
    if schema.TANGGAL_LAHIR in table.columns:
        table[schema.TANGGAL_LAHIR] = mask_dates(table[schema.TANGGAL_LAHIR])
    message = table["message"].astype("string")
    code = table["code"].astype("string")

    def column(name: str) -> pd.Series:
        if name not in records.columns:
            return pd.Series([pd.NA] * len(table), dtype="string")
        return records[name].astype("string").iloc[pos].reset_index(drop=True)

    dob, nik_date = column(schema.TANGGAL_LAHIR_NORM), column(schema.NIK_BIRTH_DATE)
    mismatch = (code == "NIK_DOB_MISMATCH").fillna(False).to_numpy()
    for i in mismatch.nonzero()[0]:
        gap = _date_gap(nik_date.iat[i], dob.iat[i])
        if gap:
            message.iat[i] = message.iat[i].split(":")[0] + ": " + gap
    placeholder = (code == "DOB_PLACEHOLDER").fillna(False).to_numpy()
    for i in placeholder.nonzero()[0]:
        day_month = _day_month(dob.iat[i])
        if day_month:
            message.iat[i] = f"{message.iat[i]}: this one {day_month}"
    # anything else in a message that looks like a NIK or a date
    table["message"] = message.map(mask_text, na_action="ignore")


def _date_gap(nik_date: object, dob: object) -> str | None:
    """'13 days apart' between the NIK's date and TANGGAL LAHIR (no date shown); the NIK's
    century is inferred, so the list's century is used for both."""
    try:
        a = date.fromisoformat(str(nik_date))
        b = date.fromisoformat(str(dob))
        a = a.replace(year=b.year // 100 * 100 + a.year % 100)
    except (TypeError, ValueError):
        return None
    parts = [name for name, x, y in (("day", a.day, b.day), ("month", a.month, b.month),
                                     ("year", a.year, b.year)) if x != y]
    days = abs((b - a).days)
    verb = "differs" if len(parts) == 1 else "differ"
    return f"{days:,} day(s) apart ({' and '.join(parts)} {verb})"


def _day_month(iso: object) -> str | None:
    try:
        d = date.fromisoformat(str(iso))
    except (TypeError, ValueError):
        return None
    return f"{d.day} {_MONTHS[d.month - 1]}"


def _render(summary, L: Labels) -> None:
    from rich.table import Table

    out = console()
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
