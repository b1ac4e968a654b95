"""dptclean validate: data-quality findings per record, summarised by finding and by area."""

from __future__ import annotations

import sys
from datetime import date

import click
import pandas as pd

from dptclean import schema
from dptclean.cli.normalize_cmd import as_date, date_order_option, election_date_option
from dptclean.cli.options import input_options, quiet_option, read_options
from dptclean.cli.output import console, progress_callback
from dptclean.errors import ExitCode
from dptclean.io.readers import load_voters
from dptclean.io.writers import check_not_input, dumps_json, format_for, write_table, write_xlsx
from dptclean.normalize import normalize_voters
from dptclean.report.privacy import mask_dates, mask_ids
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


@click.command("validate")
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
@click.pass_context
def validate_cmd(ctx: click.Context, fmt: str, output: str | None, fail_on: str | None,
                 date_order: str | None, election_date, show_nik: bool, quiet: bool,
                 **kwargs) -> None:
    """Check every record: NIK/NKK, birth date, age, sex, name and TMS marks.

    Findings have a code (NIK_INVALID, DOB_PLACEHOLDER, AGE_UNDER_17, ...) and a severity
    (info, warning, error). Prints a summary by finding and by kecamatan/kelurahan; -o writes
    every finding with the file, sheet and row of its record.
    """
    files = list(kwargs.pop("files"))
    opts = read_options(kwargs)
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
            write_xlsx({"summary": pd.DataFrame(summary.by_code),
                        "areas": pd.DataFrame(summary.by_area),
                        "findings": table}, output)
        else:
            write_table(table, output, fmt=out_fmt, inputs=files)
        if not quiet and fmt == "table":
            click.echo(f"dptclean: wrote {len(table):,} findings to {output}", err=True)

    if fmt == "json":
        click.echo(dumps_json(summary.to_dict()), nl=False)
    elif fmt == "csv":
        table.to_csv(sys.stdout, index=False, lineterminator="\n")
    elif not quiet:
        _render(summary)

    if fail_on is not None and has_findings_at(findings, fail_on):
        if not quiet:
            click.echo(f"dptclean: findings at or above {fail_on} found", err=True)
        ctx.exit(int(ExitCode.CHECK_FAILED))


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
        ids = table["field"].isin([schema.NIK, schema.NKK]).to_numpy()
        dates = (table["field"] == schema.TANGGAL_LAHIR).to_numpy()
        value = table["value"].astype("string")
        value = value.where(~ids, mask_ids(value))
        value = value.where(~dates, mask_dates(value))
        table["value"] = value
        if schema.NIK in table.columns:
            table[schema.NIK] = mask_ids(table[schema.NIK])
        if schema.TANGGAL_LAHIR in table.columns:
            table[schema.TANGGAL_LAHIR] = mask_dates(table[schema.TANGGAL_LAHIR])
        # the NIK-derived details in messages ("NIK says 1980-07-01") are personal data too
        table["message"] = table["message"].astype("string").str.replace(
            r"\b(19|20)\d\d-\d\d-\d\d\b", "****-**-**", regex=True)
    front = [c for c in (schema.SOURCE_FILE, schema.SHEET, schema.ROW, schema.KECAMATAN,
                         schema.KELURAHAN, schema.TPS) if c in table.columns]
    rest = [c for c in table.columns if c not in front]
    return table[front + rest]


def _render(summary) -> None:
    from rich.table import Table

    out = console()
    out.print(f"[bold]{summary.records:,}[/bold] records; "
              f"[bold]{summary.records_with_findings:,}[/bold] with findings "
              f"(error {summary.by_severity['error']:,}, warning "
              f"{summary.by_severity['warning']:,}, info {summary.by_severity['info']:,})")
    if summary.by_code:
        t = Table(title="Findings", title_justify="left")
        for name, justify in (("code", "left"), ("severity", "left"), ("findings", "right"),
                              ("records", "right"), ("description", "left")):
            t.add_column(name, justify=justify)  # type: ignore[arg-type]
        for row in summary.by_code:
            t.add_row(row["code"], row["severity"], f"{row['findings']:,}",
                      f"{row['records']:,}", row["description"])
        out.print(t)
    if summary.by_area:
        keys = [k for k in (schema.KECAMATAN, schema.KELURAHAN) if k in summary.by_area[0]]
        t = Table(title="By area", title_justify="left")
        for k in keys:
            t.add_column(k)
        for name in ("records", "with findings", "error", "warning", "info"):
            t.add_column(name, justify="right")
        for row in summary.by_area:
            records = "-" if row["records"] is None else f"{row['records']:,}"
            t.add_row(*[row[k] or "-" for k in keys], records,
                      f"{row['records_with_findings']:,}", f"{row['error']:,}",
                      f"{row['warning']:,}", f"{row['info']:,}")
        out.print(t)
