"""dptclean dedupe: find duplicate voters and report the duplicate and DPK rates."""

from __future__ import annotations

import click

from dptclean.cli.options import header_from, header_options, input_options, read_options
from dptclean.cli.output import console, progress_callback
from dptclean.decisions import review_table
from dptclean.errors import ConfigError
from dptclean.io.writers import check_not_input, dumps_json, format_for, write_json, write_table
from dptclean.match.config import MatchConfig
from dptclean.report.result import check_result_target, save_result
from dptclean.report.tables import dpk_table
from dptclean.report.terminal import render_summary
from dptclean.run import run_dedupe


@click.command("dedupe")
@input_options
@click.option("--dpk", "dpk_files", multiple=True, type=click.Path(dir_okay=False),
              metavar="FILE", help="A DPK list to count and match against the DPT; repeatable. "
              "Sheets or files whose name says DPK are taken as DPK too.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the duplicate groups (.csv, .xlsx or .parquet): one row per record.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False), default=None,
              help="Write the report as JSON.")
@click.option("--dpk-output", type=click.Path(dir_okay=False), default=None,
              help="Write the DPK records already in the DPT (.csv, .xlsx or .parquet).")
@click.option("--save", "save_dir", type=click.Path(file_okay=False), default=None,
              metavar="RESULT_DIR", help="Save the full result (records, pairs, groups, "
              "report, configuration) in a directory for `dptclean report`.")
@click.option("--decisions", "decisions_path", type=click.Path(exists=True, dir_okay=False),
              default=None, help="A groups output from an earlier run with the decision column "
              "filled (duplicate / not_duplicate): rejected pairs never come back, confirmed "
              "ones stay, new groups are marked new.")
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
@click.option("--dpk-denominator", type=click.Choice(["dpt", "dpt+dpk"]), default="dpt",
              show_default=True, help="What the DPK rate is a share of.")
@click.option("--include-tms", is_flag=True,
              help="Count and match records already marked TMS as active voters.")
@click.option("--show-nik", is_flag=True,
              help="Show full NIK, NKK and birth dates in outputs (masked by default).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="What to print on stdout: a summary or the JSON report.")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True,
              help="Language of the terminal summary (Bahasa Indonesia or English).")
@header_options
@click.option("-q", "--quiet", is_flag=True, help="No progress bars.")
@click.pass_context
def dedupe_cmd(ctx: click.Context, dpk_files, output, report_path, dpk_output, save_dir,  # noqa: C901 (to split: issue 15)
               decisions_path, against, engine, scheduler, config_path, print_config, threshold,
               dpk_denominator, include_tms, show_nik, fmt,
               lang, quiet, **kwargs) -> None:
    """Find duplicate voters (data ganda) and report duplicate and DPK rates."""
    files = list(kwargs.pop("files"))
    header = header_from(kwargs)   # the title of the printed report, saved with the result
    opts = read_options(kwargs)
    if scheduler and engine != "dask":
        raise ConfigError("--scheduler needs --engine dask")
    cfg = MatchConfig.from_toml(config_path) if config_path else MatchConfig()
    if threshold is not None:
        cfg.threshold = threshold
    if include_tms:
        cfg.exclude_tms = False
    if print_config:
        click.echo(cfg.to_toml(), nl=False)
        return
    inputs = files + list(dpk_files) + [p for p in (decisions_path, against) if p]
    for path in (output, report_path, dpk_output):
        if path:
            check_not_input(path, inputs)
    for path in (output, dpk_output):
        if path:
            format_for(path, allowed=["csv", "tsv", "xlsx", "parquet"])
    if report_path and not report_path.lower().endswith(".json"):
        raise ConfigError(f"{report_path}: the report is JSON; name it .json")
    if save_dir:
        check_result_target(save_dir, inputs)

    with progress_callback(quiet=quiet or fmt == "json") as progress:
        frame, norm, result, report = run_dedupe(files, dpk_files, opts, cfg, progress,
                                                 dpk_denominator=dpk_denominator,
                                                 decisions=decisions_path, against=against,
                                                 engine=engine, scheduler=scheduler)
    if header:
        report["header"] = header
    # the groups output doubles as the review file: an empty decision column to fill
    table = review_table(norm, result, decisions_path, show_nik=show_nik,
                         original_columns=list(frame.columns))
    if save_dir:
        save_result(save_dir, norm, result, report, original_columns=list(frame.columns),
                    inputs=inputs)
    if output:
        write_table(table, output, inputs=inputs)
    if dpk_output:
        write_table(dpk_table(norm, result, show_nik=show_nik), dpk_output, inputs=inputs)
    if report_path:
        write_json(report, report_path, inputs=inputs)
    if fmt == "json":
        click.echo(dumps_json(report), nl=False)
    else:
        render_summary(report, table, console(), lang=lang)

