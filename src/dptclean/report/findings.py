"""The findings table of ``dptclean validate``: one row per record and finding, with where
to find the record and its name, NIK and birth date; personal data masked unless asked."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dptclean import schema
from dptclean.report.i18n import labels
from dptclean.report.privacy import mask_dates, mask_ids, mask_text

# record fields copied next to each finding in the findings file
RECORD_FIELDS = (schema.NAMA, schema.NIK, schema.TANGGAL_LAHIR)


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
        _mask_findings(table, records, pos)
    front = [c for c in (schema.SOURCE_FILE, schema.SHEET, schema.ROW, schema.KECAMATAN,
                         schema.KELURAHAN, schema.TPS) if c in table.columns]
    rest = [c for c in table.columns if c not in front]
    return table[front + rest]


# findings whose value is not the personal data of their field (a region code of a NIK)
_UNMASKED_VALUES = ("NIK_REGION_UNKNOWN",)


def _mask_findings(table: pd.DataFrame, records: pd.DataFrame, pos) -> None:
    """Mask NIK, NKK and dates in a findings table, keeping what each finding is about: how
    far the NIK's date is from TANGGAL LAHIR (never which placeholder date a record has)."""
    keep = table["code"].isin(_UNMASKED_VALUES).to_numpy()
    ids = table["field"].isin([schema.NIK, schema.NKK]).to_numpy() & ~keep
    dates = (table["field"] == schema.TANGGAL_LAHIR).to_numpy()
    value = table["value"].astype("string")
    value = value.where(~ids, mask_ids(value))
    value = value.where(~dates, mask_dates(value))
    # other fields' values (KETERANGAN, USIA, ...): a NIK or a date typed into them
    value = value.where(ids | dates | keep, value.map(mask_text, na_action="ignore"))
    table["value"] = value
    if schema.NIK in table.columns:
        table[schema.NIK] = mask_ids(table[schema.NIK])
    if schema.TANGGAL_LAHIR in table.columns:
        table[schema.TANGGAL_LAHIR] = mask_dates(table[schema.TANGGAL_LAHIR])
    message = table["message"].astype("string")
    code = table["code"].astype("string")

    def column(name: str) -> pd.Series:
        if name not in records.columns:
            return pd.Series([pd.NA] * len(table), dtype="string")
        return records[name].astype("string").iloc[pos].reset_index(drop=True)

    dob, nik_date = column(schema.TANGGAL_LAHIR_NORM), column(schema.NIK_TANGGAL_LAHIR)
    mismatch = (code == "NIK_DOB_MISMATCH").fillna(False).to_numpy()
    for i in mismatch.nonzero()[0]:
        gap = _date_gap(nik_date.iat[i], dob.iat[i])
        if gap:
            message.iat[i] = message.iat[i].split(":")[0] + ": " + gap
    # A placeholder finding does not say which placeholder (31 Dec, 1 Jul or 1 Jan): with the
    # year, the sex and the kecamatan in the same row that day and month rebuild the masked NIK
    # (region + DDMMYY + serial 00xx, the last two digits shown), so it stays masked.
    # anything else in a message that looks like a NIK or a date
    table["message"] = message.map(mask_text, na_action="ignore")


def _date_gap(nik_date: object, dob: object) -> str | None:
    """'13 days apart' between the NIK's date and TANGGAL LAHIR (no date shown); the NIK's
    century is inferred, so the list's century is used for both."""
    try:
        a = date.fromisoformat(str(nik_date))
        b = date.fromisoformat(str(dob))
        a = a.replace(year=b.year // 100 * 100 + a.year % 100)
    except (TypeError, ValueError):
        return None
    parts = [name for name, x, y in (("day", a.day, b.day), ("month", a.month, b.month),
                                     ("year", a.year, b.year)) if x != y]
    days = abs((b - a).days)
    verb = "differs" if len(parts) == 1 else "differ"
    return f"{days:,} day(s) apart ({' and '.join(parts)} {verb})"


# the findings workbook (validate -o x.xlsx) is for people: sheets, headers and values in the
# language of --lang (CSV, Parquet and JSON keep the snake_case columns and English values)
_SHEETS = {"summary": ("Ringkasan", "Summary"), "areas": ("Per wilayah", "By area"),
           "findings": ("Temuan", "Findings")}
_HEADERS = {"code": ("Kode temuan", "Finding code"), "severity": ("Tingkat", "Severity"),
            "findings": ("Temuan", "Findings"), "records": ("Pemilih", "Records"),
            "description": ("Uraian", "Description"),
            "records_with_findings": ("Pemilih dengan temuan", "Records with findings"),
            "error": ("Kesalahan", "Errors"), "warning": ("Peringatan", "Warnings"),
            "info": ("Info", "Info"), "record": ("Data ke- (teknis)", "Record (technical)"),
            "field": ("Kolom", "Field"), "value": ("Nilai", "Value"),
            "message": ("Uraian", "Description")}


def findings_workbook(summary, table: pd.DataFrame, lang: str) -> dict[str, pd.DataFrame]:
    """The sheets of ``validate -o x.xlsx`` with headers and values for people in ``lang``."""
    from dptclean.report.i18n import finding_description
    from dptclean.report.xlsx import REVIEW_HEADERS

    i = 0 if lang == "id" else 1
    names = {c: pair[i] for c, pair in {**REVIEW_HEADERS, **_HEADERS}.items()}
    severity = {s: labels(lang)(f"sev_{s}") for s in ("error", "warning", "info")}
    by_code = pd.DataFrame(summary.by_code)
    findings = table.copy()
    if lang == "id":
        if "description" in by_code.columns:
            by_code["description"] = [finding_description(c, d, lang) for c, d in
                                      zip(by_code["code"], by_code["description"])]
        if "message" in findings.columns:
            findings["message"] = [finding_description(c, m, lang) for c, m in
                                   zip(findings["code"], findings["message"])]
    for frame in (by_code, findings):
        if "severity" in frame.columns:
            frame["severity"] = frame["severity"].map(lambda s: severity.get(s, s))
    if "field" in findings.columns:
        findings["field"] = findings["field"].map(lambda f: names.get(f, f))
    sheets = {"summary": by_code, "areas": pd.DataFrame(summary.by_area), "findings": findings}
    return {_SHEETS[k][i]: v.rename(columns={c: names[c] for c in v.columns if c in names})
            for k, v in sheets.items()}
