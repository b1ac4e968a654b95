"""dptclean check: a gate for data dumps. Exit 0 when every limit holds, 1 when one does not."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

import click
import pandas as pd

from dptclean.cli.normalize_cmd import as_date, election_date_option
from dptclean.cli.options import input_options, quiet_option, read_options
from dptclean.cli.output import progress_callback
from dptclean.errors import ExitCode
from dptclean.io.writers import dumps_json
from dptclean.match.config import MatchConfig
from dptclean.run import run_dedupe
from dptclean.validate import RULES, validate_voters

FINDING_CODES = tuple(r.code for r in RULES)
_RATE = re.compile(r"^\s*(\d+(?:[.,]\d+)?|[.,]\d+)\s*(%?)\s*$")


def parse_rate(text: str) -> float:
    """'0.5%' -> 0.005 and '0.005' -> 0.005; ValueError for anything else."""
    m = _RATE.match(str(text))
    if not m:
        raise ValueError(f"expected a percentage such as 0.5% or a fraction such as 0.005, "
                         f"got {text!r}")
    value = float(m.group(1).replace(",", "."))
    if m.group(2):
        value /= 100
    elif value >= 1:
        raise ValueError(f"{text!r} is ambiguous: write {text}% for a percentage, or a fraction "
                         "below 1 (0.005 is 0.5%)")
    if value > 1:
        raise ValueError(f"{text!r} is over 100%")
    return value


def _rate_option(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return parse_rate(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _finding_limits(ctx: click.Context, param: click.Parameter,
                    value: tuple[str, ...]) -> dict[str, int]:
    out: dict[str, int] = {}
    for item in value:
        code, sep, n = item.partition("=")
        code = code.strip().upper()
        if not sep or not n.strip().isdigit():
            raise click.BadParameter(f"expected CODE=N (N a whole number), got {item!r}")
        if code not in FINDING_CODES:
            raise click.BadParameter(f"unknown finding code {code!r}; known codes: "
                                     + ", ".join(FINDING_CODES))
        out[code] = int(n)
    return out


@dataclass
class CheckLine:
    """One limit: the measured value, the limit and whether the value is within it."""

    name: str
    value: float | int
    limit: float | int
    passed: bool
    count: int
    of: int | None = None
    kind: str = "rate"   # "rate" (a fraction) or "count"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if self.kind == "rate":
            d["value"] = round(float(self.value), 6)
            d["limit"] = round(float(self.limit), 6)
        return d


def evaluate_limits(report: dict[str, Any], findings: pd.DataFrame | None, *,
                    max_duplicate_rate: float | None = None,
                    max_dpk_rate: float | None = None, max_invalid_nik: int | None = None,
                    max_findings: dict[str, int] | None = None) -> list[CheckLine]:
    """Compare a dedupe report (and validate findings) with the limits given."""
    lines: list[CheckLine] = []
    n_dpt = int(report["dpt"]["records"])
    if max_duplicate_rate is not None:
        red = int(report["duplicates"]["redundant"])
        value = red / n_dpt if n_dpt else 0.0
        lines.append(CheckLine("duplicate_rate", value, max_duplicate_rate,
                               value <= max_duplicate_rate, red, n_dpt))
    if max_dpk_rate is not None:
        n_dpk = int(report["dpk"]["records"])
        den = n_dpt + (n_dpk if report["dpk"].get("denominator") == "dpt+dpk" else 0)
        value = n_dpk / den if den else 0.0
        lines.append(CheckLine("dpk_rate", value, max_dpk_rate, value <= max_dpk_rate, n_dpk,
                               den))
    counts: dict[str, int] = {}
    if findings is not None and len(findings):
        counts = findings.groupby("code", observed=True)["record"].nunique().astype(int) \
            .to_dict()
    if max_invalid_nik is not None:
        n = int(counts.get("NIK_INVALID", 0))
        lines.append(CheckLine("invalid_nik", n, max_invalid_nik, n <= max_invalid_nik, n,
                               kind="count"))
    for code, limit in (max_findings or {}).items():
        n = int(counts.get(code, 0))
        lines.append(CheckLine(f"finding:{code}", n, limit, n <= limit, n, kind="count"))
    return lines


@click.command("check")
@input_options
@click.option("--dpk", "dpk_files", multiple=True, type=click.Path(dir_okay=False),
              metavar="FILE", help="A DPK list (counted for the DPK rate and matched against "
              "the DPT); repeatable.")
@click.option("--max-duplicate-rate", callback=_rate_option, metavar="RATE",
              help="Most redundant (ganda) records allowed, as a share of the active DPT: "
                   "0.5% or 0.005.")
@click.option("--max-dpk-rate", callback=_rate_option, metavar="RATE",
              help="Most DPK records allowed, as a share of the DPT (or of DPT + DPK with "
                   "--dpk-denominator dpt+dpk): 1% or 0.01.")
@click.option("--max-invalid-nik", type=click.IntRange(min=0), default=None, metavar="N",
              help="Most records allowed with an invalid NIK (finding NIK_INVALID).")
@click.option("--max-finding", "max_findings", multiple=True, callback=_finding_limits,
              metavar="CODE=N", help="Most records allowed with a validate finding, e.g. "
              "--max-finding AGE_UNDER_17=0; repeatable (codes: `dptclean validate`).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Matching configuration (TOML), as for dedupe.")
@click.option("--dpk-denominator", type=click.Choice(["dpt", "dpt+dpk"]), default="dpt",
              show_default=True, help="What the DPK rate is a share of.")
@election_date_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="One line per limit, or JSON for machines.")
@quiet_option
@click.pass_context
def check_cmd(ctx: click.Context, dpk_files, max_duplicate_rate, max_dpk_rate,
              max_invalid_nik, max_findings, config_path, dpk_denominator, election_date,
              fmt, quiet, **kwargs) -> None:
    """Check a voter list against limits: exit 0 when all hold, 1 when any is exceeded.

    Runs the same reading, normalising and matching as dedupe (and the validate rules for
    --max-invalid-nik and --max-finding) and prints one line per limit: the value, the limit
    and pass or FAIL. A value equal to its limit passes. Input errors exit with 3, usage
    errors with 2, so a CI job can tell bad data from a broken job.
    """
    if max_duplicate_rate is None and max_dpk_rate is None and max_invalid_nik is None \
            and not max_findings:
        raise click.UsageError("give at least one limit: --max-duplicate-rate, --max-dpk-rate, "
                               "--max-invalid-nik or --max-finding")
    files = list(kwargs.pop("files"))
    opts = read_options(kwargs)
    cfg = MatchConfig.from_toml(config_path) if config_path else MatchConfig()
    election = as_date(election_date)
    with progress_callback(quiet=quiet or fmt == "json") as progress:
        _, norm, _, report = run_dedupe(files, dpk_files, opts, cfg, progress,
                                        dpk_denominator=dpk_denominator,
                                        election_date=election)
    findings = None
    if max_invalid_nik is not None or max_findings:
        findings = validate_voters(norm, election_date=election)
    lines = evaluate_limits(report, findings, max_duplicate_rate=max_duplicate_rate,
                            max_dpk_rate=max_dpk_rate, max_invalid_nik=max_invalid_nik,
                            max_findings=max_findings)
    failed = [x for x in lines if not x.passed]
    if fmt == "json":
        click.echo(dumps_json({
            "passed": not failed,
            "checks": [x.to_dict() for x in lines],
            "dpt_records": report["dpt"]["records"],
            "dpk_records": report["dpk"]["records"],
            "inputs": report["inputs"],
            "rows": report["rows"],
            "version": report["version"],
        }), nl=False)
    else:
        _print_lines(lines)
    if not quiet:
        verdict = (f"{len(failed)} of {len(lines)} limits exceeded" if failed
                   else f"every limit holds ({len(lines)} checked)")
        click.echo(f"dptclean check: {verdict}", err=True)
    if failed:
        ctx.exit(int(ExitCode.CHECK_FAILED))


def _print_lines(lines: list[CheckLine]) -> None:
    def show(x: CheckLine, v: float | int) -> str:
        return f"{float(v) * 100:.2f}%" if x.kind == "rate" else f"{int(v):,}"

    rows = [("check", "value", "limit", "result")]
    for x in lines:
        value = show(x, x.value)
        if x.kind == "rate" and x.of is not None:
            value += f" ({x.count:,}/{x.of:,})"
        rows.append((x.name, value, "<= " + show(x, x.limit), "pass" if x.passed else "FAIL"))
    w = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        click.echo(f"{r[0]:<{w[0]}}  {r[1]:>{w[1]}}  {r[2]:<{w[2]}}  {r[3]}".rstrip())
