"""dptclean diff: voters added, removed and changed between two versions of a list."""

from __future__ import annotations

import click

from dptclean import ExitCode
from dptclean.cli.json_errors import JsonErrorCommand
from dptclean.cli.options import (
    echo_table,
    input_options,
    lang_option,
    limit_callback,
    prepare_output,
    quiet_option,
    read_options,
    show_nik_option,
)
from dptclean.errors import ConfigError
from dptclean.report.i18n import labels


@click.command("diff", cls=JsonErrorCommand)
@input_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default=None,
              help="Write the added, removed and changed records (.csv, .xlsx or .parquet): "
                   "where each is in both dumps and what changed. `-o -` prints them on "
                   "stdout as CSV (or --format tsv/json).")
@click.option("--include-unchanged", is_flag=True,
              help="Also write the unchanged records to the -o file.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "tsv"]),
              default="table", show_default=True,
              help="Format of stdout: table (the summary) or json (the summary as JSON); with "
                   "`-o -` the records as csv (the default), tsv or json.")
@click.option("--fail-on-removed", callback=limit_callback(), metavar="N|P%", default=None,
              help="Exit with code 1 when more than N records (or P% of OLD) were removed.")
@click.option("--fail-on-added", callback=limit_callback(), metavar="N|P%", default=None,
              help="Exit with code 1 when more than N records (or P% of OLD) were added.")
@click.option("--fail-on-changed", callback=limit_callback(), metavar="N|P%", default=None,
              help="Exit with code 1 when more than N records (or P% of OLD) changed.")
@click.option("--nik-only", is_flag=True,
              help="Pair records by NIK only (no fuzzy fallback for damaged or missing NIKs).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Matching configuration (TOML) of the fuzzy fallback.")
@show_nik_option(
              help="Show full NIK, NKK and birth dates in the -o file (masked by default).")
@quiet_option
@lang_option
@click.pass_context
def diff_cmd(ctx: click.Context, output, include_unchanged, fmt, fail_on_removed, fail_on_added,
             fail_on_changed, nik_only, config_path, show_nik, quiet, lang, **kwargs) -> None:
    """Voters added, removed and changed between two versions of a list (OLD and NEW).

    Records are paired by their complete valid NIK, then, for missing, damaged, masked or
    corrected NIKs, by the duplicate matcher (matched_by: nik / fuzzy). Fields are compared on
    normalised values, so formatting differences are not changes; what changed as written
    (a title added to a name, a reformatted date) is counted apart ("changed as written").
    """
    from dptclean.cli.output import console, progress_callback
    from dptclean.diff import ADDED, CHANGED, REMOVED, changed_as_written, details_table, diff_voters
    from dptclean.gates import diff_failures
    from dptclean.io.readers import load_voters
    from dptclean.io.writers import check_not_input, dumps_json, format_for, write_table
    from dptclean.match.config import MatchConfig
    from dptclean.report.model import sha256_of

    old_path, new_path = kwargs.pop("files")
    opts = read_options(kwargs)
    cfg = MatchConfig.from_toml(config_path) if config_path else MatchConfig()
    to_stdout = output == "-"
    if fmt in ("csv", "tsv") and not to_stdout:
        raise ConfigError(key="stdout_records_needs_dash", params={"fmt": fmt})
    if output and not to_stdout:
        check_not_input(output, [old_path, new_path])
        format_for(output, allowed=["csv", "tsv", "xlsx", "parquet"])
        prepare_output(output)
    with progress_callback(quiet=quiet or fmt != "table" or to_stdout) as progress:
        old = load_voters([old_path], progress=progress, **opts).frame
        new = load_voters([new_path], progress=progress, **opts).frame
        result = diff_voters(old, new, config=cfg, fuzzy=not nik_only, progress=progress)

    summary = dict(result.summary)
    summary["changed_as_written"] = changed_as_written(result)
    summary["old"] = {"path": old_path, "sha256": sha256_of(old_path), "records": len(old)}
    summary["new"] = {"path": new_path, "sha256": sha256_of(new_path), "records": len(new)}
    failed = diff_failures(summary, len(old), {REMOVED: fail_on_removed, ADDED: fail_on_added,
                                               CHANGED: fail_on_changed})
    summary["failed"] = failed

    if output:
        details = details_table(result, show_nik=show_nik, include_unchanged=include_unchanged)
        if to_stdout:
            echo_table(details, "csv" if fmt == "table" else fmt)
        else:
            if output.lower().endswith(".xlsx"):     # for people: headers in their language
                details = people_details(details, lang)
            write_table(details, output, inputs=[old_path, new_path],
                        sheet_name=labels(lang)("diff_sheet"))
            if not quiet:
                click.echo(labels(lang)("output_wrote", what=labels(lang)("wrote_diff"),
                                        path=output), err=True)
    if fmt == "json" and not to_stdout:
        click.echo(dumps_json(summary), nl=False)
    elif fmt == "table" and not (quiet or to_stdout):
        from dptclean.report.summaries import render_diff

        render_diff(summary, labels(lang), console())
    if failed:
        click.echo(labels(lang)("diff_limit") + "; ".join(_limit_text(f, lang) for f in failed),
                   err=True)
        ctx.exit(int(ExitCode.CHECK_FAILED))


def _limit_text(failed: str, lang: str) -> str:
    """'removed 1,234 > 2.00%' (the JSON's English) as the terminal line in ``lang``."""
    if lang != "id":
        return failed
    name, _, rest = failed.partition(" ")
    count, _, limit = rest.partition(" > ")
    swap = str.maketrans(",.", ".,")
    return f"{labels(lang).get(f'diff_{name}', name)} {count.translate(swap)} > " \
        f"{limit.translate(swap)}"


_DIFF_HEADERS = {
    "status": ("Status", "Status"), "matched_by": ("Dipasangkan lewat", "Paired by"),
    "score": ("Skor", "Score"), "changed_fields": ("Kolom yang berubah", "Changed fields"),
    "changes": ("Perubahan", "Changes")}
_DIFF_SIDES = {"old": ("LAMA", "OLD"), "new": ("BARU", "NEW")}
_DIFF_VALUES = {"status": {"added": ("baru", "added"), "removed": ("hilang", "removed"),
                           "changed": ("berubah", "changed"), "unchanged": ("tetap", "unchanged")},
                "matched_by": {"nik": ("NIK", "NIK"), "fuzzy": ("pencocokan nama", "fuzzy")}}


def people_details(details, lang: str):
    """The diff details as a workbook for people: headers and status values in ``lang``
    (CSV and Parquet keep the snake_case columns and English values)."""
    from dptclean.report.xlsx import REVIEW_HEADERS

    i = 0 if lang == "id" else 1
    t = details.copy()
    for col, values in _DIFF_VALUES.items():
        if col in t.columns:
            t[col] = t[col].map(lambda v, m=values: m[v][i] if v in m else v)
    names = {c: pair[i] for c, pair in {**REVIEW_HEADERS, **_DIFF_HEADERS}.items()}
    for side, words in _DIFF_SIDES.items():
        for c in ("source_file", "sheet", "row", "record_no"):
            names[f"{side}_{c}"] = f"{REVIEW_HEADERS[c][i]} {words[i]}"
    return t.rename(columns={c: names[c] for c in t.columns if c in names})


# OLD NEW instead of FILE...: the shared reader options stay, with exactly two files.
for _param in diff_cmd.params:
    if _param.name == "files":
        _param.nargs = 2
        _param.metavar = "OLD NEW"
