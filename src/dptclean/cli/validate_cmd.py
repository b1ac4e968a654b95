"""dptclean validate: data-quality findings per record, summarised by finding and by area."""

from __future__ import annotations

import sys
from datetime import date

import click

from dptclean.cli.json_errors import JsonErrorCommand
from dptclean.cli.options import (
    as_date,
    date_order_option,
    election_date_option,
    input_options,
    lang_option,
    quiet_option,
    read_options,
    show_nik_option,
)
from dptclean.cli.output import console, progress_callback
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
from dptclean.report.findings import findings_table, findings_workbook
from dptclean.report.i18n import fmt_int, labels
from dptclean.validate import (
    RULES,
    SEVERITIES,
    has_findings_at,
    summarize_findings,
    validate_voters,
)

OUTPUT_FORMATS = ("csv", "tsv", "xlsx", "parquet", "json")


@click.command("validate", cls=JsonErrorCommand)
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
@show_nik_option(
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
        from dptclean.report.summaries import render_validate

        render_validate(summary, L, console())

    if fail_on is not None and has_findings_at(findings, fail_on):
        if not quiet:
            click.echo(L("fail_on_found", level=fail_on), err=True)
        ctx.exit(int(ExitCode.CHECK_FAILED))
