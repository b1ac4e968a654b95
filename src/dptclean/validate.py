"""The validate stage: declarative record rules over normalised records -> findings.

Each :class:`Rule` is a small serialisable object (code, severity, field, message and a
condition); :data:`RULES` is the default list and :func:`validate_voters` is the engine that
runs it. A finding is one row per record and rule: the record's index label, the code, the
severity (``info`` < ``warning`` < ``error``), the field it is about, the value read and a
message an operator can act on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dptclean import schema
from dptclean.errors import ConfigError, SchemaError

INFO = "info"
WARNING = "warning"
ERROR = "error"
SEVERITIES: tuple[str, ...] = (INFO, WARNING, ERROR)

MIN_VOTER_AGE = 17
MAX_PLAUSIBLE_AGE = 110

# Columns of the findings frame, in order; the context columns are copied from the records
# where they exist so a finding can be found in the source file and summarised by area.
FINDING_COLUMNS: tuple[str, ...] = ("record", "code", "severity", "field", "value", "message")
CONTEXT_COLUMNS: tuple[str, ...] = (schema.SOURCE_FILE, schema.SHEET, schema.ROW,
                                    schema.KECAMATAN, schema.KELURAHAN, schema.TPS)


@dataclass(frozen=True)
class Context:
    """What a condition may look at besides the records."""

    election_date: date


# --- conditions -------------------------------------------------------------------------------

def _text(df: pd.DataFrame, column: str) -> pd.Series:
    if column not in df.columns:
        return pd.Series(pd.array([None] * len(df), dtype="string[pyarrow]"), index=df.index)
    return df[column].astype("string[pyarrow]")


def _bool(values: Any) -> np.ndarray:
    return np.asarray(pd.Series(values).fillna(False).to_numpy(dtype=bool))


@dataclass(frozen=True)
class StatusIs:
    """The status column equals one of ``values`` (or starts with ``prefix``)."""

    column: str
    values: tuple[str, ...] = ()
    prefix: str | None = None
    kind: str = "status_is"

    def evaluate(self, df: pd.DataFrame, ctx: Context) -> tuple[np.ndarray, pd.Series | None]:
        """(mask over the rows, details for the rows where the mask holds, in order)"""
        s = _text(df, self.column)
        mask = _bool(s.isin(list(self.values))) if self.values else np.zeros(len(df), bool)
        if not self.prefix:
            return mask, None
        mask |= _bool(s.str.startswith(self.prefix))
        return mask, s.iloc[np.flatnonzero(mask)].str.slice(len(self.prefix))


@dataclass(frozen=True)
class IsTrue:
    """A boolean column is true."""

    column: str
    kind: str = "is_true"

    def evaluate(self, df: pd.DataFrame, ctx: Context) -> tuple[np.ndarray, None]:
        if self.column not in df.columns:
            return np.zeros(len(df), bool), None
        return _bool(df[self.column]), None


@dataclass(frozen=True)
class IsEmpty:
    """A column is null or blank (``require`` names a column that must be present, so an
    input without that column at all is not reported row by row)."""

    column: str
    require: str | None = None
    kind: str = "is_empty"

    def evaluate(self, df: pd.DataFrame, ctx: Context) -> tuple[np.ndarray, None]:
        if self.require is not None and self.require not in df.columns:
            return np.zeros(len(df), bool), None
        s = _text(df, self.column)
        return _bool(s.isna() | (s.str.strip() == "")), None


@dataclass(frozen=True)
class Matches:
    """A text column matches a regular expression."""

    column: str
    pattern: str
    kind: str = "matches"

    def evaluate(self, df: pd.DataFrame, ctx: Context) -> tuple[np.ndarray, None]:
        return _bool(_text(df, self.column).str.contains(self.pattern, regex=True)), None


@dataclass(frozen=True)
class Unrecognised:
    """The raw column holds something but its normalised column is null."""

    raw: str
    norm: str
    kind: str = "unrecognised"

    def evaluate(self, df: pd.DataFrame, ctx: Context) -> tuple[np.ndarray, None]:
        raw = _text(df, self.raw)
        present = _bool(raw.notna() & (raw.str.strip() != ""))
        return present & _bool(_text(df, self.norm).isna()), None


@dataclass(frozen=True)
class Differ:
    """Two normalised columns are both present and differ."""

    left: str
    right: str
    kind: str = "differ"

    def evaluate(self, df: pd.DataFrame, ctx: Context) -> tuple[np.ndarray, pd.Series | None]:
        a, b = _text(df, self.left), _text(df, self.right)
        mask = _bool(a.notna() & b.notna() & (a != b))
        hit = np.flatnonzero(mask)
        return mask, (self.left + "=" + a.iloc[hit] + ", " + self.right + "=" + b.iloc[hit])


@dataclass(frozen=True)
class BirthDatesDiffer:
    """The NIK's birth date (day, month, two-digit year) differs from TANGGAL LAHIR."""

    nik_date: str = schema.NIK_TANGGAL_LAHIR
    dob: str = schema.TANGGAL_LAHIR_NORM
    kind: str = "birth_dates_differ"

    def evaluate(self, df: pd.DataFrame, ctx: Context) -> tuple[np.ndarray, pd.Series | None]:
        a, b = _text(df, self.nik_date), _text(df, self.dob)
        both = _bool(a.notna() & b.notna())
        # compare yy-mm-dd: the NIK's century is inferred, the list's is not
        ka, kb = a.str.slice(2), b.str.slice(2)
        mask = both & _bool(ka != kb)
        hit = np.flatnonzero(mask)
        a, b = a.iloc[hit], b.iloc[hit]
        swapped = a.str.slice(2, 5) + a.str.slice(8, 10) + "-" + a.str.slice(5, 7)
        is_swap = _bool(swapped == b.str.slice(2))
        detail = "NIK says " + a + ", TANGGAL LAHIR says " + b
        return mask, detail.where(~is_swap, "day and month swapped")


def ages(iso: pd.Series, on: date) -> np.ndarray:
    """Age in whole years on ``on`` from ISO date strings (NaN where null)."""
    arr = pa.array(iso.astype("string[pyarrow]").array)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    y = pc.cast(pc.utf8_slice_codeunits(arr, 0, 4), pa.float64()).to_numpy(zero_copy_only=False)
    m = pc.cast(pc.utf8_slice_codeunits(arr, 5, 7), pa.float64()).to_numpy(zero_copy_only=False)
    d = pc.cast(pc.utf8_slice_codeunits(arr, 8, 10), pa.float64()).to_numpy(zero_copy_only=False)
    before_birthday = (on.month * 100 + on.day) < (m * 100 + d)
    return on.year - y - before_birthday.astype(float)


@dataclass(frozen=True)
class AgeOutside:
    """Age on the election date (from ``tanggal_lahir_norm``) below ``below`` or above
    ``above``; ``married`` None = any, True/False = only (un)married (status kawin S or P)."""

    below: int | None = None
    above: int | None = None
    married: bool | None = None
    column: str = schema.TANGGAL_LAHIR_NORM
    kind: str = "age_outside"

    def evaluate(self, df: pd.DataFrame, ctx: Context) -> tuple[np.ndarray, pd.Series | None]:
        age = ages(_text(df, self.column), ctx.election_date)
        mask = np.zeros(len(df), bool)
        with np.errstate(invalid="ignore"):
            if self.below is not None:
                mask |= age < self.below
            if self.above is not None:
                mask |= age > self.above
        if self.married is not None:
            married = _bool(_text(df, schema.STATUS_KAWIN_NORM).isin(["S", "P"]))
            mask &= married if self.married else ~married
        hit = np.flatnonzero(mask)
        years = pd.Series(age[hit]).astype("Int64").astype("string")
        return mask, "age " + years + f" on {ctx.election_date.isoformat()}"


@dataclass(frozen=True)
class UsiaDiffers:
    """The USIA column differs by more than ``tolerance`` years from the age the birth date
    gives on the election date (USIA is counted on the list's own date, a little earlier)."""

    tolerance: int = 1
    column: str = schema.USIA
    dob: str = schema.TANGGAL_LAHIR_NORM
    kind: str = "usia_differs"

    def evaluate(self, df: pd.DataFrame, ctx: Context) -> tuple[np.ndarray, pd.Series | None]:
        if self.column not in df.columns:
            return np.zeros(len(df), bool), None
        usia = pd.to_numeric(_text(df, self.column).str.extract(r"^\s*(\d{1,3})",
                                                                 expand=False),
                             errors="coerce").to_numpy(dtype=float)
        age = ages(_text(df, self.dob), ctx.election_date)
        with np.errstate(invalid="ignore"):
            mask = np.abs(usia - age) > self.tolerance
        mask &= ~np.isnan(usia) & ~np.isnan(age)
        hit = np.flatnonzero(mask)
        years = pd.Series(age[hit]).astype("Int64").astype("string")
        return mask, "the birth date gives " + years + f" on {ctx.election_date.isoformat()}"


Condition = Any  # one of the condition classes above


@dataclass(frozen=True)
class Rule:
    """One record check: when ``condition`` holds, the record gets a finding ``code``."""

    code: str
    severity: str
    field: str
    message: str
    condition: Condition
    value: str | None = None  # column whose value the finding shows (default: ``field``)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ConfigError(key="rule_unknown_severity",
                              params={"code": self.code, "severity": self.severity})

    def to_dict(self) -> dict[str, Any]:
        cond = {k: v for k, v in self.condition.__dict__.items()}
        return {"code": self.code, "severity": self.severity, "field": self.field,
                "message": self.message, "condition": cond,
                "value": self.value or self.field}


S = schema
RULES: tuple[Rule, ...] = (
    Rule("NAME_EMPTY", ERROR, S.NAMA, "no name", IsEmpty(S.NAMA_NORM)),
    Rule("NAME_HAS_DIGITS", WARNING, S.NAMA, "the name contains digits",
         Matches(S.NAMA_NORM, r"\d")),
    Rule("NIK_MISSING", ERROR, S.NIK, "no NIK", StatusIs(S.NIK_STATUS, ("missing",))),
    Rule("NIK_INVALID", ERROR, S.NIK, "NIK is not a valid NIK",
         StatusIs(S.NIK_STATUS, prefix="invalid:")),
    Rule("NIK_NUMBER_DAMAGED", WARNING, S.NIK,
         "NIK was stored as a number: its last digits are lost (a partial key)",
         StatusIs(S.NIK_STATUS, ("number_damaged",))),
    Rule("NIK_MASKED", INFO, S.NIK, "NIK is masked (a partial key)",
         StatusIs(S.NIK_STATUS, ("masked",))),
    Rule("NIK_REGION_UNKNOWN", INFO, S.NIK,
         "the NIK's district code is not in the region table (a retired or new code?)",
         StatusIs(S.NIK_WILAYAH_LEVEL, ("kabupaten", "provinsi")), value=S.NIK_WILAYAH),
    Rule("NIK_SEX_MISMATCH", WARNING, S.JENIS_KELAMIN,
         "JENIS KELAMIN differs from the sex encoded in the NIK",
         Differ(S.NIK_JENIS_KELAMIN, S.JENIS_KELAMIN_NORM)),
    Rule("NIK_DOB_MISMATCH", WARNING, S.TANGGAL_LAHIR,
         "TANGGAL LAHIR differs from the birth date encoded in the NIK", BirthDatesDiffer()),
    Rule("NKK_MISSING", WARNING, S.NKK, "no NKK", StatusIs(S.NKK_STATUS, ("missing",))),
    Rule("NKK_INVALID", WARNING, S.NKK, "NKK is not a valid NKK",
         StatusIs(S.NKK_STATUS, prefix="invalid:")),
    Rule("NKK_NUMBER_DAMAGED", WARNING, S.NKK,
         "NKK was stored as a number: its last digits are lost",
         StatusIs(S.NKK_STATUS, ("number_damaged",))),
    Rule("NKK_MASKED", INFO, S.NKK, "NKK is masked", StatusIs(S.NKK_STATUS, ("masked",))),
    Rule("DOB_MISSING", ERROR, S.TANGGAL_LAHIR, "no birth date",
         StatusIs(S.TANGGAL_LAHIR_STATUS, ("missing",))),
    Rule("DOB_INVALID", ERROR, S.TANGGAL_LAHIR, "birth date cannot be read or is impossible",
         StatusIs(S.TANGGAL_LAHIR_STATUS, ("invalid",))),
    Rule("DOB_AMBIGUOUS", WARNING, S.TANGGAL_LAHIR,
         "day and month cannot be told apart and the file does not settle the order "
         "(read day first; use --date-order)", StatusIs(S.TANGGAL_LAHIR_STATUS, ("ambiguous",))),
    Rule("DOB_PLACEHOLDER", INFO, S.TANGGAL_LAHIR,
         "placeholder birthday (31 Dec, 1 Jul or 1 Jan): weak evidence in matching",
         StatusIs(S.TANGGAL_LAHIR_STATUS, ("placeholder",))),
    Rule("AGE_UNDER_17", WARNING, S.TANGGAL_LAHIR, "under 17 on the election date and not married",
         AgeOutside(below=MIN_VOTER_AGE, married=False)),
    Rule("AGE_UNDER_17_MARRIED", INFO, S.TANGGAL_LAHIR,
         "under 17 on the election date but married (eligible)",
         AgeOutside(below=MIN_VOTER_AGE, married=True)),
    Rule("AGE_OVER_110", WARNING, S.TANGGAL_LAHIR, "over 110 on the election date",
         AgeOutside(above=MAX_PLAUSIBLE_AGE)),
    Rule("AGE_USIA_MISMATCH", INFO, S.USIA, "USIA does not match TANGGAL LAHIR",
         UsiaDiffers()),
    Rule("SEX_MISSING", WARNING, S.JENIS_KELAMIN, "no JENIS KELAMIN",
         IsEmpty(S.JENIS_KELAMIN, require=S.JENIS_KELAMIN)),
    Rule("SEX_UNKNOWN", WARNING, S.JENIS_KELAMIN, "JENIS KELAMIN is neither L nor P",
         Unrecognised(S.JENIS_KELAMIN, S.JENIS_KELAMIN_NORM)),
    Rule("TMS_MARKED", INFO, S.KETERANGAN, "marked not eligible (TMS) in KETERANGAN",
         IsTrue(S.TMS)),
)

REQUIRED_COLUMNS: tuple[str, ...] = (S.NAMA_NORM, S.NIK_STATUS, S.TANGGAL_LAHIR_STATUS)


def severity_rank(severity: str) -> int:
    """0 info, 1 warning, 2 error."""
    try:
        return SEVERITIES.index(severity)
    except ValueError:
        raise ConfigError(key="unknown_severity", params={
            "severity": severity, "allowed": ", ".join(SEVERITIES)}) from None


def validate_voters(
    df: pd.DataFrame,
    *,
    election_date: date | None = None,
    rules: Sequence[Rule] = RULES,
) -> pd.DataFrame:
    """Run ``rules`` over normalised records (from :func:`dptclean.normalize.normalize_voters`).

    Returns one row per record and finding with the columns :data:`FINDING_COLUMNS` plus the
    :data:`CONTEXT_COLUMNS` the records have, ordered by record, then rule order. ``record`` is
    the record's index label. ``election_date`` defaults to today.
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in df.columns]
    if missing:
        raise SchemaError(key="records_not_normalised", params={"missing": ", ".join(missing)})
    ctx = Context(election_date=election_date or date.today())
    positions: list[np.ndarray] = []
    parts: list[pd.DataFrame] = []
    for order, rule in enumerate(rules):
        mask, detail = rule.condition.evaluate(df, ctx)
        hit = np.flatnonzero(mask)
        if not len(hit):
            continue
        value_col = rule.value or rule.field
        value = _text(df, value_col).iloc[hit]
        message = np.full(len(hit), rule.message, dtype=object)
        if detail is not None:  # one detail per hit, in order (positional, not by label)
            d = pd.Series(np.asarray(detail.astype(object))).astype("string").str.strip()
            has = (d.notna() & (d != "")).fillna(False).to_numpy(dtype=bool)
            message[has] = (rule.message + ": " + d[has]).to_numpy(dtype=object)
        part = pd.DataFrame({
            "record": df.index[hit],
            "code": rule.code,
            "severity": rule.severity,
            "field": rule.field,
            "value": value.to_numpy(dtype=object),
            "message": message,
        })
        part["_pos"] = hit
        part["_order"] = order
        parts.append(part)
        positions.append(hit)
    context = [c for c in CONTEXT_COLUMNS if c in df.columns]
    if not parts:
        out = pd.DataFrame({c: pd.Series([], dtype=object) for c in FINDING_COLUMNS})
        for c in context:
            out[c] = pd.Series([], dtype=df[c].dtype)
        return _typed(out)
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values(["_pos", "_order"], kind="stable").reset_index(drop=True)
    pos = out.pop("_pos").to_numpy()
    out.pop("_order")
    for c in context:
        out[c] = df[c].iloc[pos].reset_index(drop=True)
    return _typed(out)


def _typed(out: pd.DataFrame) -> pd.DataFrame:
    for c in ("code", "field", "value", "message"):
        out[c] = out[c].astype("string[pyarrow]")
    out["severity"] = pd.Categorical(out["severity"], categories=list(SEVERITIES), ordered=True)
    return out


def has_findings_at(findings: pd.DataFrame, severity: str) -> bool:
    """True when a finding at or above ``severity`` exists (for ``--fail-on``)."""
    rank = severity_rank(severity)
    if findings.empty:
        return False
    ranks = findings["severity"].astype(str).map(SEVERITIES.index)
    return bool((ranks >= rank).any())


@dataclass
class FindingsSummary:
    """Counts of findings by code and severity, and by kecamatan/kelurahan."""

    records: int
    records_with_findings: int
    by_severity: dict[str, int]
    by_code: list[dict[str, Any]]
    by_area: list[dict[str, Any]]
    election_date: str | None = None
    rules: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"records": self.records, "records_with_findings": self.records_with_findings,
                "election_date": self.election_date, "by_severity": self.by_severity,
                "by_code": self.by_code, "by_area": self.by_area, "rules": self.rules}


def summarize_findings(
    findings: pd.DataFrame,
    records: pd.DataFrame | None = None,
    *,
    rules: Iterable[Rule] = RULES,
    election_date: date | None = None,
) -> FindingsSummary:
    """Summarise findings: per code (findings and distinct records), per severity, and per
    kecamatan/kelurahan (records in the area when ``records`` is given, findings by severity)."""
    rules = list(rules)
    n_records = len(records) if records is not None else int(findings["record"].nunique())
    with_findings = int(findings["record"].nunique()) if len(findings) else 0
    sev = findings["severity"].astype(str) if len(findings) else pd.Series([], dtype=str)
    by_severity = {s: int((sev == s).sum()) for s in SEVERITIES}
    messages = {r.code: r.message for r in rules}
    order = {r.code: i for i, r in enumerate(rules)}
    by_code: list[dict[str, Any]] = []
    if len(findings):
        grouped = findings.groupby("code", observed=True, sort=False)
        counts = grouped.size()
        distinct = grouped["record"].nunique()
        severity = grouped["severity"].first()
        for code in sorted(counts.index, key=lambda c: (-severity_rank(str(severity[c])),
                                                        order.get(c, 999), c)):
            by_code.append({"code": code, "severity": str(severity[code]),
                            "findings": int(counts[code]), "records": int(distinct[code]),
                            "description": messages.get(code, "")})
    by_area = _by_area(findings, records)
    return FindingsSummary(
        records=n_records, records_with_findings=with_findings, by_severity=by_severity,
        by_code=by_code, by_area=by_area,
        election_date=election_date.isoformat() if election_date else None,
        rules=[r.to_dict() for r in rules])


def _area_keys(frame: pd.DataFrame) -> list[str]:
    return [c for c in (schema.KECAMATAN, schema.KELURAHAN) if c in frame.columns]


def _by_area(findings: pd.DataFrame, records: pd.DataFrame | None) -> list[dict[str, Any]]:
    keys = _area_keys(findings) if records is None else _area_keys(records)
    if not keys:
        return []
    rows: dict[tuple, dict[str, Any]] = {}

    def key_of(values: tuple) -> tuple:
        return tuple("" if (v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)))
                     else str(v) for v in values)

    if records is not None:
        counts = records.groupby(keys, dropna=False, observed=True, sort=False).size()
        for k, n in counts.items():
            k = key_of(k if isinstance(k, tuple) else (k,))
            rows[k] = {"records": int(n)}
    if len(findings) and all(k in findings.columns for k in keys):
        f = findings[keys].astype(object).copy()
        f["severity"] = findings["severity"].astype(str)
        f["record"] = findings["record"]
        grouped = f.groupby(keys + ["severity"], dropna=False, sort=False).size()
        for k, n in grouped.items():
            area = key_of(k[:-1])
            rows.setdefault(area, {"records": None})[k[-1]] = int(n)
        with_f = f.groupby(keys, dropna=False, sort=False)["record"].nunique()
        for k, n in with_f.items():
            area = key_of(k if isinstance(k, tuple) else (k,))
            rows.setdefault(area, {"records": None})["records_with_findings"] = int(n)
    out = []
    for area in sorted(rows):
        row = {k: v for k, v in zip(keys, area)}
        info = rows[area]
        row["records"] = info.get("records")
        row["records_with_findings"] = info.get("records_with_findings", 0)
        for s in reversed(SEVERITIES):
            row[s] = info.get(s, 0)
        out.append(row)
    return out


__all__ = [
    "AgeOutside", "BirthDatesDiffer", "Context", "Differ", "FindingsSummary", "IsEmpty",
    "IsTrue", "Matches", "RULES", "Rule", "SEVERITIES", "StatusIs", "Unrecognised", "UsiaDiffers",
    "has_findings_at",
    "severity_rank", "summarize_findings", "validate_voters",
]
