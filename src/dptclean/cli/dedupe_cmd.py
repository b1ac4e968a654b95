"""dptclean dedupe: find duplicate voters and report the duplicate and DPK rates."""

from __future__ import annotations

from typing import Any

import click

from dptclean.cli.json_errors import JsonErrorCommand
from dptclean.cli.options import (
    echo_table,
    header_from,
    header_options,
    input_options,
    lang_option,
    prepare_output,
    quiet_option,
    read_options,
    show_nik_option,
)
from dptclean.errors import ConfigError

TABLE_OUTPUTS = ["csv", "tsv", "xlsx", "parquet"]
STDOUT_TABLES = ("csv", "tsv", "json")   # -o - : the groups on stdout in this --format


@click.command("dedupe", cls=JsonErrorCommand)
@input_options
@click.option("--dpk", "dpk_files", multiple=True, type=click.Path(dir_okay=False),
              metavar="FILE", help="A DPK list to count and match against the DPT; repeatable. "
              "Sheets or files whose name says DPK are taken as DPK too.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default=None,
              help="Write the duplicate groups (.csv, .xlsx or .parquet): one row per record. "
                   "`-o -` prints them on stdout as CSV (or --format tsv/json).")
@click.option("--report", "report_path", type=click.Path(dir_okay=False), default=None,
              help="Write the report as JSON.")
@click.option("--dpk-output", type=click.Path(dir_okay=False), default=None,
              help="Write the DPK records already in the DPT (.csv, .xlsx or .parquet).")
@click.option("--pairs-output", type=click.Path(dir_okay=False), default=None,
              help="Write every linked pair (.csv, .xlsx or .parquet): both records, the score, "
                   "one level and one weight column per comparison, and the reason.")
@click.option("--save", "save_dir", type=click.Path(file_okay=False), default=None,
              metavar="RESULT_DIR", help="Save the full result (records, pairs, groups, "
              "report, configuration) in a directory for `dptclean report`.")
@click.option("--decisions", "decisions_path", type=click.Path(exists=True, dir_okay=False),
              multiple=True, help="A groups output from an earlier run with the decision "
              "column filled (duplicate / not_duplicate / keep / verify in the field): rejected "
              "pairs never come back, confirmed ones stay, a kept record is kept, a group sent "
              "to the field stays undecided, new groups are marked new. "
              "Repeatable (e.g. one file per desa); conflicts are reported.")
@click.option("--key-file", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Secret key of the record fingerprints in the groups output (created on "
              "first use). Default: $DPTCLEAN_KEY_FILE, else ~/.config/dptclean/fingerprint.key. "
              "Operators who share decisions files share one key file.")
@click.option("--against", "against", type=click.Path(exists=True, dir_okay=False),
              default=None, help="An already-cleaned list: compare the new records with it and "
              "among themselves, without re-comparing the clean list with itself.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              show_default=True, help="Match in this process, or on a Dask cluster "
              "(pip install 'dptclean[dask]'; same groups as local).")
@click.option("--scheduler", metavar="ADDR", default=None,
              help="With --engine dask: the scheduler, e.g. tcp://HOST:8786. Default: a local "
                   "cluster on this machine's cores.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Matching configuration (TOML); defaults are built in "
                   "(see `dptclean dedupe --print-config`).")
@click.option("--print-config", is_flag=True, help="Print the matching configuration as TOML "
              "and exit.")
@click.option("--threshold", type=click.FloatRange(0, 1, min_open=True, max_open=True),
              default=None, help="Match probability a pair needs to be a duplicate "
              "(overrides the configuration).")
@click.option("--weights", "weights_mode", type=click.Choice(["learned", "fixed"]),
              default=None, help="Learn the evidence weights from the list (default) or use "
              "the configured ones as they are (overrides the configuration).")
@click.option("--dpk-denominator", type=click.Choice(["dpt", "dpt+dpk"]), default="dpt",
              show_default=True, help="What the DPK rate is a share of.")
@click.option("--include-tms", is_flag=True,
              help="Count and match records already marked TMS as active voters.")
@show_nik_option(
              help="Show full NIK, NKK and birth dates in outputs (masked by default).")
@click.option("--excel-csv", is_flag=True,
              help="CSV outputs for Excel: full NIK/NKK (with --show-nik) written as "
                   "=\"3320...\" so Excel keeps them as text (not 3.32E+15). For people, "
                   "prefer .xlsx.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "tsv"]),
              default="table", show_default=True,
              help="Format of stdout: table (the summary) or json (the JSON report); with "
                   "`-o -` the groups as csv (the default), tsv or json.")
@lang_option
@header_options
@quiet_option
@click.pass_context
def dedupe_cmd(ctx: click.Context, files: tuple[str, ...], dpk_files: tuple[str, ...],
               fmt: str, quiet: bool, print_config: bool, **kwargs: Any) -> None:
    """Find duplicate voters (data ganda) and report duplicate and DPK rates."""
    header = header_from(kwargs)   # the title of the printed report, saved with the result
    read_opts = read_options(kwargs)
    o = kwargs
    cfg = _config(o)
    if print_config:
        click.echo(cfg.to_toml(), nl=False)
        return
    if not files:   # FILE... is optional only for --print-config
        raise click.MissingParameter(ctx=ctx, param=_FILES)
    o["decisions_path"] = list(o["decisions_path"]) or None
    inputs = list(files) + list(dpk_files) + list(o["decisions_path"] or []) \
        + ([o["against"]] if o["against"] else [])
    to_stdout = _check_outputs(o, fmt, inputs)

    from dptclean.cli.output import progress_callback
    from dptclean.report.privacy import fingerprint_key, throwaway_key, use_key_file
    from dptclean.run import run_dedupe

    # fingerprints are written with -o and read with --decisions: only then is the key needed
    # (a run without them, e.g. in CI with a read-only home, never touches a key file)
    keyed = bool(o["output"] or o["decisions_path"] or o["key_file"])
    with use_key_file(o["key_file"]) if keyed else throwaway_key():
        fingerprint_key()  # a key file that cannot be read stops the run before it starts
        with progress_callback(quiet=quiet or fmt != "table" or to_stdout) as progress:
            run = run_dedupe(list(files), list(dpk_files), read_opts, cfg, progress,
                             dpk_denominator=o["dpk_denominator"], decisions=o["decisions_path"],
                             against=o["against"], engine=o["engine"], scheduler=o["scheduler"])
        if header:
            run.report["header"] = header
        table = _write_outputs(run, o, inputs)
    if to_stdout:
        echo_table(table, "csv" if fmt == "table" else fmt)
    elif fmt == "json":
        from dptclean.io.writers import dumps_json

        click.echo(dumps_json(run.report), nl=False)
    elif not quiet:
        from dptclean.cli.output import console
        from dptclean.report.terminal import render_summary

        render_summary(run.report, table, console(), lang=o["lang"],
                       output=o["output"])
    if not quiet:
        from dptclean.cli.output import plain_text
        from dptclean.report.i18n import labels

        L = labels(o["lang"])
        for key, path in _written(o):
            click.echo(L("output_wrote", what=L(f"wrote_{key}"), path=plain_text(path)), err=True)


# `dptclean dedupe --print-config` needs no input file (the help of --config points to it):
# FILE... is required by hand, after --print-config had its turn
_FILES = next(p for p in dedupe_cmd.params if p.name == "files")
_FILES.required = False


def _config(o: dict[str, Any]):
    from dptclean.match.config import MatchConfig

    if o["scheduler"] and o["engine"] != "dask":
        raise ConfigError(key="scheduler_needs_dask")
    cfg = MatchConfig.from_toml(o["config_path"]) if o["config_path"] else MatchConfig()
    if o["threshold"] is not None:
        if not cfg.possible_threshold <= o["threshold"] <= cfg.sure_threshold:
            # (the configuration's own check names fields the user did not give)
            raise ConfigError(key="threshold_out_of_band", params={
                "value": f"{o['threshold']:g}", "low": f"{cfg.possible_threshold:g}",
                "high": f"{cfg.sure_threshold:g}"})
        cfg.threshold = o["threshold"]
    if o["weights_mode"] is not None:
        cfg.learn_weights = o["weights_mode"] == "learned"
    if o["include_tms"]:
        cfg.exclude_tms = False
    return cfg


def _check_outputs(o: dict[str, Any], fmt: str, inputs: list[str]) -> bool:
    """Every output named, checked before matching (formats, inputs, folders); True when the
    groups go to stdout."""
    from dptclean.io.writers import check_distinct, check_not_input, format_for

    check_distinct({"-o": o["output"], "--report": o["report_path"],
                    "--dpk-output": o["dpk_output"], "--pairs-output": o["pairs_output"],
                    "--save": o["save_dir"],
                    **{f"--decisions {p}": p for p in (o["decisions_path"] or [])}})
    to_stdout = o["output"] == "-"
    if fmt in STDOUT_TABLES[:2] and not to_stdout:
        raise ConfigError(key="stdout_groups_needs_dash", params={"fmt": fmt})
    if to_stdout and fmt == "table":
        fmt = "csv"
    files = [o[k] for k in ("output", "report_path", "dpk_output", "pairs_output")
             if o[k] and o[k] != "-"]
    for path in files:
        check_not_input(path, inputs)
    for key in ("output", "dpk_output", "pairs_output"):
        if o[key] and o[key] != "-":
            format_for(o[key], allowed=TABLE_OUTPUTS)
    if o["report_path"] and not o["report_path"].lower().endswith(".json"):
        raise ConfigError(key="report_not_json", path=o["report_path"])
    for path in files:
        prepare_output(path)
    if o["save_dir"]:
        from dptclean.report.result import check_result_target

        prepare_output(o["save_dir"].rstrip("/\\") or o["save_dir"], directory=True)
        check_result_target(o["save_dir"], inputs)
    return to_stdout


def _write_outputs(run, o: dict[str, Any], inputs: list[str]):
    """Save and write what was asked for; the groups table (the review file) is returned."""
    from dptclean.decisions import review_table
    from dptclean.io.writers import format_for, write_json, write_table

    norm, result, report = run.norm, run.result, run.report
    columns = list(run.frame.columns)
    # the groups output doubles as the review file: an empty decision column to fill
    table = review_table(norm, result, o["decisions_path"], show_nik=o["show_nik"],
                         original_columns=columns)
    if o["save_dir"]:
        from dptclean.report.result import save_result

        save_result(o["save_dir"], norm, result, report, original_columns=columns,
                    inputs=inputs)
    if o["output"] and o["output"] != "-" and format_for(o["output"]) == "xlsx":
        from dptclean.report.xlsx import write_review_xlsx

        write_review_xlsx(table, o["output"], lang=o["lang"], inputs=inputs)
    elif o["output"] and o["output"] != "-":
        write_table(table, o["output"], inputs=inputs, excel_text=o["excel_csv"])
    if o["dpk_output"]:
        from dptclean.report.tables import dpk_table

        dpk = dpk_table(norm, result, show_nik=o["show_nik"])
        if format_for(o["dpk_output"]) == "xlsx":   # for people: their language, as -o .xlsx
            from dptclean.report.i18n import labels
            from dptclean.report.sections import localise_dpk

            L = labels(o["lang"])
            write_table(localise_dpk(dpk, L), o["dpk_output"], inputs=inputs,
                        sheet_name=L("sheet_dpk"))
        else:
            write_table(dpk, o["dpk_output"], inputs=inputs, excel_text=o["excel_csv"])
    if o["pairs_output"]:
        from dptclean.report.tables import pairs_table

        write_table(pairs_table(norm, result, show_nik=o["show_nik"]), o["pairs_output"],
                    inputs=inputs, excel_text=o["excel_csv"])
    if o["report_path"]:
        write_json(report, o["report_path"], inputs=inputs)
    return table


def _written(o: dict[str, Any]) -> list[tuple[str, str]]:
    names = ("output", "dpk_output", "pairs_output", "report_path", "save_dir")
    return [(key, o[key]) for key in names if o[key] and o[key] != "-"]
