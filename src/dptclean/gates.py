"""Limits a data dump must hold: one syntax and one parser for ``check`` and ``diff``.

A limit is written one way everywhere:

- ``N``: a whole number of records (``0``, ``25``, ``1000``);
- ``P%``: a share, always with ``%`` (``0.5%``, ``2%``, ``0,5%``).

A bare decimal (``0.5``, ``0.005``) is refused: ``0.5`` could mean 0.5% or 50%, and a gate
that guesses can pass blind. An option that takes a rate takes ``P%`` only; one that takes a
count takes ``N`` (``diff --fail-on-*`` takes both, a share being of OLD's records).

:func:`refuse_blind_input` is the other half of a gate: before any figure is judged it refuses
(with :class:`~dptclean.errors.InputError`, exit 3) input on which the figures would mean
nothing: no records, every record TMS, a limit on a field the input does not have or that is
empty in a whole file (a column not recognised, formulas without saved values). The library
raises; the commands parse, call and print.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from dptclean import schema
from dptclean.errors import ConfigError, InputError

_LIMIT = re.compile(r"^\s*(\d+(?:[.,]\d+)?|[.,]\d+)\s*(%?)\s*$")
# tolerance of "a value equal to its limit passes" for shares (float rounding of P/100)
_EPS = 1e-12

# finding codes whose count depends on the election date (ages, birth dates after it)
DATE_DEPENDENT_CODES = frozenset({"AGE_UNDER_17", "AGE_UNDER_17_MARRIED", "AGE_OVER_110",
                                  "AGE_USIA_MISMATCH", "DOB_INVALID"})


@dataclass(frozen=True)
class Limit:
    """A parsed limit: ``value`` is a count, or a fraction (0.005) when ``share``."""

    value: float
    share: bool
    text: str

    def allows(self, count: int, base: int | None = None) -> bool:
        """Whether ``count`` (of ``base`` records, for a share) is within the limit.

        A value equal to its limit passes. A share of an empty base is 0 when the count is 0
        and over any limit otherwise.
        """
        if not self.share:
            return count <= self.value
        if not base:
            return count == 0
        return count / base <= self.value + _EPS

    def show(self) -> str:
        return f"{self.value * 100:.2f}%" if self.share else f"{int(self.value):,}"


def parse_limit(text: str, *, count: bool = True, share: bool = True) -> Limit:
    """``'25'`` -> 25 records, ``'0.5%'`` -> a share of 0.005. Raises ConfigError otherwise.

    ``count=False`` refuses ``N`` (a rate option), ``share=False`` refuses ``P%``.
    """
    raw = str(text)
    m = _LIMIT.match(raw)
    forms = " or ".join(f for f, ok in (("a whole number of records such as 25", count),
                                        ("a percentage such as 0.5%", share)) if ok)
    if not m:
        raise ConfigError(f"a limit is {forms}, not {raw!r}")
    number, pct = m.group(1).replace(",", "."), bool(m.group(2))
    if pct:
        if not share:
            raise ConfigError(f"{raw!r}: this limit is {forms}, not a percentage")
        value = float(number) / 100
        if value > 1:
            raise ConfigError(f"{raw!r} is over 100%")
        return Limit(value, True, raw.strip())
    if not count or "." in number:
        if not share:
            raise ConfigError(f"{raw!r}: this limit is {forms}")
        frac = f" ({float(number) * 100:g}% if you meant the fraction {number})" \
            if float(number) <= 1 else ""
        raise ConfigError(f"{raw!r} is ambiguous: a share is written with %, e.g. "
                          f"{number}%{frac}" + ("" if not count else
                                                "; a count is a whole number"))
    return Limit(float(int(number)), False, raw.strip())


def parse_finding_limits(items: tuple[str, ...] | list[str],
                         known: tuple[str, ...]) -> dict[str, Limit]:
    """``CODE=N`` items -> {code: limit}. Raises ConfigError for an unknown code or bad N."""
    out: dict[str, Limit] = {}
    for item in items:
        code, sep, n = item.partition("=")
        code = code.strip().upper()
        if not sep:
            raise ConfigError(f"expected CODE=N (N a whole number), got {item!r}")
        if code not in known:
            raise ConfigError(f"unknown finding code {code!r}; known codes: " + ", ".join(known))
        out[code] = parse_limit(n, share=False)
    return out


@dataclass
class Gates:
    """The limits one check applies (``None``: not checked)."""

    max_duplicate_rate: Limit | None = None
    max_dpk_rate: Limit | None = None
    max_invalid_nik: Limit | None = None
    max_findings: dict[str, Limit] = field(default_factory=dict)
    min_records: int | None = None
    # the duplicate rate counts the sure groups; True adds the possible ones
    # ("perlu verifikasi faktual")
    include_possible: bool = False

    def any(self) -> bool:
        return any(x is not None for x in (self.max_duplicate_rate, self.max_dpk_rate,
                                           self.max_invalid_nik, self.min_records)) \
            or bool(self.max_findings)

    def needs_findings(self) -> bool:
        return self.max_invalid_nik is not None or bool(self.max_findings)

    def date_dependent(self) -> list[str]:
        return sorted(c for c in self.max_findings if c in DATE_DEPENDENT_CODES)

    def fields_needed(self) -> dict[str, list[str]]:
        """Input field -> the options whose figure is read from it."""
        from dptclean.validate import RULES

        need: dict[str, list[str]] = {}
        if self.max_invalid_nik is not None:
            need.setdefault(schema.NIK, []).append("--max-invalid-nik")
        rule_field = {r.code: r.field for r in RULES}
        for code in self.max_findings:
            fields = {rule_field[code]}
            if code.startswith("NIK_"):
                fields.add(schema.NIK)
            if code.startswith(("AGE_", "DOB_")):
                fields.add(schema.TANGGAL_LAHIR)
            for f in sorted(fields):
                need.setdefault(f, []).append(f"--max-finding {code}")
        return need


def check_usage(gates: Gates, *, election_date: date | None) -> None:
    """Refuse (ConfigError, exit 2) a check that cannot be judged with the options given."""
    if not gates.any():
        raise ConfigError("give at least one limit: --max-duplicate-rate, --max-dpk-rate, "
                          "--max-invalid-nik, --max-finding or --min-records")
    dated = gates.date_dependent()
    if dated and election_date is None:
        raise ConfigError(f"--max-finding {', '.join(dated)} counts ages on the election day: "
                          "give --election-date YYYY-MM-DD")


def _filled(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip()
    return (text.notna() & (text != "")).fillna(False).astype(bool)


def refuse_blind_input(gates: Gates, frame: pd.DataFrame, report: dict[str, Any], *,
                       dpk_given: bool) -> None:
    """Refuse input on which the limits would pass blind (InputError or ConfigError).

    ``frame``: the records read (canonical columns, ``source_file``); ``report``: the dedupe
    report built from them.
    """
    n_dpt = int(report["dpt"]["records"])
    if not len(frame):
        raise InputError("no voter records were read (a header without rows?): nothing to "
                         "check; see `dptclean inspect`")
    if n_dpt == 0:
        tms = int(report["dpt"].get("tms_excluded", 0))
        if tms:
            raise InputError(f"every one of the {tms:,} DPT records is marked TMS: no active "
                             "voter to check")
        raise InputError("no DPT records were read (only DPK?): nothing to check; give the "
                         "DPT file(s) as FILE")
    if gates.max_dpk_rate is not None:
        dpk_read = int(report["dpk"]["records"]) + int(report["dpk"].get("tms_excluded", 0))
        if not dpk_read:
            if not dpk_given:
                raise ConfigError("--max-dpk-rate needs a DPK list: give --dpk FILE (no sheet "
                                  "or file named DPK was found)")
            raise InputError("the DPK list has no records (a header without rows?): "
                             "--max-dpk-rate cannot be checked")
    for fld, options in gates.fields_needed().items():
        _refuse_missing_field(frame, fld, options)


def _refuse_missing_field(frame: pd.DataFrame, fld: str, options: list[str]) -> None:
    label = fld.upper().replace("_", " ")
    opts = ", ".join(options)
    if fld not in frame.columns:
        raise InputError(f"no {label} column was recognised, so {opts} cannot be checked: map "
                         f"it with --map {fld}=HEADER (see `dptclean inspect`)")
    filled = _filled(frame[fld])
    src = (frame[schema.SOURCE_FILE].astype("string").fillna("?")
           if schema.SOURCE_FILE in frame.columns else pd.Series("?", index=frame.index))
    per_file = filled.groupby(src.to_numpy(), sort=True).agg(["sum", "size"])
    for name, r in per_file.iterrows():
        if int(r["sum"]) == 0:
            raise InputError(f"{name}: the {label} column is empty in all {int(r['size']):,} "
                             f"records (not recognised, or formulas without saved values: "
                             f"open and save the file in Excel), so {opts} cannot be checked")


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
    op: str = "<="
    # duplicate_rate with --include-possible: how many of ``count`` are possible duplicates
    possible: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if self.possible is None:
            d.pop("possible")
        if self.kind == "rate":
            d["value"] = round(float(self.value), 6)
            d["limit"] = round(float(self.limit), 6)
        return d


def _rate_line(name: str, limit: Limit, count: int, of: int) -> CheckLine:
    value = count / of if of else 0.0
    return CheckLine(name, value, limit.value, limit.allows(count, of), count, of)


def _count_line(name: str, limit: Limit, n: int) -> CheckLine:
    return CheckLine(name, n, int(limit.value), limit.allows(n), n, kind="count")


def evaluate(gates: Gates, report: dict[str, Any],
             findings: pd.DataFrame | None = None) -> list[CheckLine]:
    """Compare a dedupe report (and validate findings) with the limits: one line per limit."""
    lines: list[CheckLine] = []
    n_dpt = int(report["dpt"]["records"])
    if gates.min_records is not None:
        lines.append(CheckLine("min_records", n_dpt, gates.min_records,
                               n_dpt >= gates.min_records, n_dpt, kind="count", op=">="))
    if gates.max_duplicate_rate is not None:
        red = int(report["duplicates"]["redundant"])
        line = _rate_line("duplicate_rate", gates.max_duplicate_rate, red, n_dpt)
        if gates.include_possible:
            poss = int((report.get("possible_duplicates") or {}).get("redundant", 0))
            line = _rate_line("duplicate_rate", gates.max_duplicate_rate, red + poss, n_dpt)
            line.possible = poss
        lines.append(line)
    if gates.max_dpk_rate is not None:
        n_dpk = int(report["dpk"]["records"])
        den = n_dpt + (n_dpk if report["dpk"].get("denominator") == "dpt+dpk" else 0)
        lines.append(_rate_line("dpk_rate", gates.max_dpk_rate, n_dpk, den))
    counts: dict[str, int] = {}
    if findings is not None and len(findings):
        counts = findings.groupby("code", observed=True)["record"].nunique().astype(int) \
            .to_dict()
    if gates.max_invalid_nik is not None:
        lines.append(_count_line("invalid_nik", gates.max_invalid_nik,
                                 int(counts.get("NIK_INVALID", 0))))
    for code, limit in gates.max_findings.items():
        lines.append(_count_line(f"finding:{code}", limit, int(counts.get(code, 0))))
    return lines


def check_summary(lines: list[CheckLine], report: dict[str, Any], *,
                  election_date: date | None, include_possible: bool = False) -> dict[str, Any]:
    """The JSON of a check: verdict, lines, the figures' base and evidence (no timestamp).
    ``duplicates`` and ``possible_duplicates`` are the report's own figures, and
    ``include_possible`` says which of them the duplicate rate counted."""
    return {
        "passed": all(x.passed for x in lines),
        "checks": [x.to_dict() for x in lines],
        "include_possible": include_possible,
        "dpt_records": report["dpt"]["records"],
        "dpk_records": report["dpk"]["records"],
        "duplicates": report["duplicates"],
        "possible_duplicates": report.get("possible_duplicates"),
        "election_date": election_date.isoformat() if election_date else None,
        "inputs": report["inputs"],
        "rows": report["rows"],
        "version": report["version"],
    }


def diff_failures(counts: dict[str, Any], n_old: int,
                  limits: dict[str, Limit | None]) -> list[str]:
    """``diff --fail-on-*``: one line per count (removed, added, changed) over its limit; a
    share is of OLD's records."""
    return [f"{name} {counts[name]:,} > {limit.show()}" for name, limit in limits.items()
            if limit is not None and not limit.allows(counts[name], n_old)]
