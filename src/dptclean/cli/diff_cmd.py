"""dptclean diff: voters added, removed and changed between two versions of a list."""

from __future__ import annotations

import click

from dptclean import ExitCode
from dptclean.cli.options import input_options, lang_option, read_options
from dptclean.cli.output import console, data_text, progress_callback
from dptclean.diff import (
    ADDED,
    CHANGED,
    REMOVED,
    UNCHANGED,
    details_table,
    diff_voters,
)
from dptclean.errors import ConfigError
from dptclean.gates import Limit, parse_limit
from dptclean.io.readers import load_voters
from dptclean.io.writers import check_not_input, dumps_json, format_for, write_table
from dptclean.match.config import MatchConfig
from dptclean.report.i18n import Labels, fmt_int, fmt_pct, labels
from dptclean.report.model import sha256_of


def _limit(ctx: click.Context, param: click.Parameter, value: str | None) -> Limit | None:
    if value is None:
        return None
    try:
        return parse_limit(value)
    except ConfigError as exc:
        raise click.BadParameter(exc.message) from None


@click.command("diff")
@input_options
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the added, removed and changed records (.csv, .xlsx or .parquet): "
                   "where each is in both dumps and what changed.")
@click.option("--include-unchanged", is_flag=True,
              help="Also write the unchanged records to the -o file.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="What to print on stdout: a summary or JSON.")
@click.option("--fail-on-removed", callback=_limit, metavar="N|P%", default=None,
              help="Exit with code 1 when more than N records (or P% of OLD) were removed.")
@click.option("--fail-on-added", callback=_limit, metavar="N|P%", default=None,
              help="Exit with code 1 when more than N records (or P% of OLD) were added.")
@click.option("--fail-on-changed", callback=_limit, metavar="N|P%", default=None,
              help="Exit with code 1 when more than N records (or P% of OLD) changed.")
@click.option("--nik-only", is_flag=True,
              help="Pair records by NIK only (no fuzzy fallback for damaged or missing NIKs).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Matching configuration (TOML) of the fuzzy fallback.")
@click.option("--show-nik", is_flag=True,
              help="Show full NIK, NKK and birth dates in the -o file (masked by default).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars.")
@lang_option
@click.pass_context
def diff_cmd(ctx: click.Context, output, include_unchanged, fmt, fail_on_removed, fail_on_added,
             fail_on_changed, nik_only, config_path, show_nik, quiet, lang, **kwargs) -> None:
    """Voters added, removed and changed between two versions of a list (OLD and NEW).

    Records are paired by their complete valid NIK, then, for missing, damaged, masked or
    corrected NIKs, by the duplicate matcher (matched_by: nik / fuzzy). Fields are compared on
    normalised values, so formatting differences are not changes.
    """
    old_path, new_path = kwargs.pop("files")
    opts = read_options(kwargs)
    cfg = MatchConfig.from_toml(config_path) if config_path else MatchConfig()
    if output:
        check_not_input(output, [old_path, new_path])
        format_for(output, allowed=["csv", "tsv", "xlsx", "parquet"])
    with progress_callback(quiet=quiet or fmt == "json") as progress:
        old = load_voters([old_path], progress=progress, **opts).frame
        new = load_voters([new_path], progress=progress, **opts).frame
        result = diff_voters(old, new, config=cfg, fuzzy=not nik_only, progress=progress)

    summary = dict(result.summary)
    summary["old"] = {"path": old_path, "sha256": sha256_of(old_path), "records": len(old)}
    summary["new"] = {"path": new_path, "sha256": sha256_of(new_path), "records": len(new)}
    failed = []
    for name, limit in ((REMOVED, fail_on_removed), (ADDED, fail_on_added),
                        (CHANGED, fail_on_changed)):
        if limit is not None and not limit.allows(summary[name], len(old)):
            failed.append(f"{name} {summary[name]:,} > {limit.show()}")
    summary["failed"] = failed

    if output:
        write_table(details_table(result, show_nik=show_nik,
                                  include_unchanged=include_unchanged),
                    output, inputs=[old_path, new_path])
    if fmt == "json":
        click.echo(dumps_json(summary), nl=False)
    else:
        _render(summary, labels(lang))
    if failed:
        click.echo(labels(lang)("diff_limit") + "; ".join(failed), err=True)
        ctx.exit(int(ExitCode.CHECK_FAILED))


def _render(summary: dict, L: Labels) -> None:
    from rich.table import Table

    out = console()
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
    for side in ("old", "new"):
        rep = summary["duplicate_nik"][side]
        if rep["niks"]:
            out.print(L("diff_dup_nik", side=L(f"diff_{side}"), niks=fmt_int(rep["niks"], lang),
                        records=fmt_int(rep["records"], lang)))


# OLD NEW instead of FILE...: the shared reader options stay, with exactly two files.
for _param in diff_cmd.params:
    if _param.name == "files":
        _param.nargs = 2
        _param.metavar = "OLD NEW"
