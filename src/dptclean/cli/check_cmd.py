"""dptclean check: a gate for data dumps. Exit 0 when every limit holds, 1 when one does not."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import click

from dptclean.cli.json_errors import JsonErrorCommand
from dptclean.cli.options import (
    as_date,
    election_date_option,
    input_options,
    lang_option,
    limit_callback,
    quiet_option,
    read_options,
)
from dptclean.errors import ConfigError, ExitCode
from dptclean.report.i18n import labels

if TYPE_CHECKING:
    from dptclean.gates import Gates, Limit


def _finding_limits(ctx: click.Context, param: click.Parameter,
                    value: tuple[str, ...]) -> dict[str, Limit]:
    from dptclean.gates import parse_finding_limits
    from dptclean.validate import RULES

    try:
        return parse_finding_limits(value, tuple(r.code for r in RULES))
    except ConfigError as exc:
        raise click.BadParameter(exc.message) from None


def _note_possible(report: dict, gates: Gates, lang: str) -> None:
    """A duplicate-rate gate that leaves possible duplicates out says how many it left out
    (a dump with only possible groups passes at 0.00% otherwise without a word)."""
    from dptclean.report.i18n import fmt_int, fmt_pct

    poss = report.get("possible_duplicates") or {}
    if gates.max_duplicate_rate is None or gates.include_possible or not poss.get("groups"):
        return
    click.echo(labels(lang)("check_possible", groups=fmt_int(poss["groups"], lang),
                            records=fmt_int(poss.get("records", 0), lang),
                            rate=fmt_pct(poss.get("rate", 0.0), lang)), err=True)


class CheckCommand(JsonErrorCommand):
    """``check --format json``: every failure (usage, input, output, internal) also prints a
    JSON object with the error on stdout, so a job that parses stdout never gets nothing."""

    json_envelope: ClassVar[dict[str, Any]] = {"passed": False, "checks": []}


@click.command("check", cls=CheckCommand)
@input_options
@click.option("--dpk", "dpk_files", multiple=True, type=click.Path(dir_okay=False),
              metavar="FILE", help="A DPK list (counted for the DPK rate and matched against "
              "the DPT); repeatable.")
@click.option("--max-duplicate-rate", callback=limit_callback(count=False, share=True),
              metavar="P%", help="Most redundant (ganda) records allowed, as a share of the "
              "active DPT, e.g. 0.5% (a rate is always written with %).")
@click.option("--max-dpk-rate", callback=limit_callback(count=False, share=True),
              metavar="P%", help="Most DPK records allowed, as a share of the DPT (or of "
              "DPT + DPK with --dpk-denominator dpt+dpk), e.g. 1%. Needs a DPK list.")
@click.option("--max-invalid-nik", callback=limit_callback(count=True, share=False),
              metavar="N", help="Most records allowed with an invalid NIK (finding "
              "NIK_INVALID). Refused when the input has no NIK column or an empty one.")
@click.option("--min-records", type=click.IntRange(min=1), default=None, metavar="N",
              help="Fewest active DPT records the dump must hold (a truncated dump fails). "
              "A dump with none is refused (exit 3) even without it.")
@click.option("--max-finding", "max_findings", multiple=True, callback=_finding_limits,
              metavar="CODE=N", help="Most records allowed with a validate finding, e.g. "
              "--max-finding AGE_UNDER_17=0; repeatable (codes: `dptclean validate`). Age "
              "findings need --election-date.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Matching configuration (TOML), as for dedupe.")
@click.option("--weights", "weights_mode", type=click.Choice(["learned", "fixed"]),
              default=None, help="Learn the evidence weights from the list (default) or use "
              "the configured ones as they are (overrides the configuration), as for dedupe.")
@click.option("--include-possible", is_flag=True,
              help="Count the possible duplicates (perlu verifikasi faktual) in the duplicate "
              "rate too; by default only the sure ones count.")
@click.option("--dpk-denominator", type=click.Choice(["dpt", "dpt+dpk"]), default="dpt",
              show_default=True, help="What the DPK rate is a share of.")
@election_date_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="One line per limit, or JSON for machines.")
@quiet_option
@lang_option
@click.pass_context
def check_cmd(ctx: click.Context, dpk_files, max_duplicate_rate, max_dpk_rate,
              max_invalid_nik, min_records, max_findings, config_path, weights_mode,
              include_possible, dpk_denominator,
              election_date, fmt, quiet, lang, **kwargs) -> None:
    """Check a voter list against limits: exit 0 when all hold, 1 when any is exceeded.

    Runs the same reading, normalising and matching as dedupe (and the validate rules for
    --max-invalid-nik and --max-finding) and prints one line per limit: the value, the limit
    and pass or FAIL. A value equal to its limit passes. Input on which a limit would pass
    blind (no records, every record TMS, a limit on a column the input lacks or has empty,
    --max-dpk-rate without a DPK list) is refused: input errors exit with 3, usage errors
    with 2, so a CI job can tell bad data from a broken job.
    """
    from dptclean.cli.output import progress_callback
    from dptclean.gates import (
        Gates,
        check_summary,
        check_usage,
        evaluate,
        refuse_blind_input,
    )
    from dptclean.io.writers import dumps_json
    from dptclean.match.config import MatchConfig
    from dptclean.run import run_dedupe
    from dptclean.validate import validate_voters

    gates = Gates(max_duplicate_rate=max_duplicate_rate, max_dpk_rate=max_dpk_rate,
                  max_invalid_nik=max_invalid_nik, max_findings=dict(max_findings),
                  min_records=min_records, include_possible=include_possible)
    election = as_date(election_date)
    check_usage(gates, election_date=election)
    files = list(kwargs.pop("files"))
    opts = read_options(kwargs)
    cfg = MatchConfig.from_toml(config_path) if config_path else MatchConfig()
    if weights_mode is not None:
        cfg.learn_weights = weights_mode == "learned"
    with progress_callback(quiet=quiet or fmt == "json") as progress:
        _, norm, _, report = run_dedupe(files, dpk_files, opts, cfg, progress,
                                        dpk_denominator=dpk_denominator,
                                        election_date=election)
    refuse_blind_input(gates, norm, report, dpk_given=bool(dpk_files))
    findings = validate_voters(norm, election_date=election) if gates.needs_findings() \
        else None
    lines = evaluate(gates, report, findings)
    failed = [x for x in lines if not x.passed]
    if fmt == "json":
        click.echo(dumps_json(check_summary(lines, report, election_date=election,
                                                 include_possible=include_possible)), nl=False)
    else:
        from dptclean.report.summaries import check_lines

        for line in check_lines(lines, labels(lang)):
            click.echo(line)
    if not quiet:
        L = labels(lang)
        click.echo(L("check_failed", failed=len(failed), n=len(lines)) if failed
                   else L("check_passed", n=len(lines)), err=True)
        _note_possible(report, gates, lang)
    if failed:
        ctx.exit(int(ExitCode.CHECK_FAILED))
