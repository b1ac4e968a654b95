from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from dptclean import schema
from dptclean.errors import ConfigError, SchemaError
from dptclean.normalize import normalize_voters
from dptclean.validate import (
    FINDING_COLUMNS,
    RULES,
    Rule,
    StatusIs,
    has_findings_at,
    summarize_findings,
    validate_voters,
)

STRING = pd.StringDtype("pyarrow")
REF = date(2024, 2, 14)

BASE = {  # a clean record: a man born 25 Mar 1985, valid NIK and NKK
    "nik": "3320012503850002", "nkk": "3320010101100001", "nama": "BUDI SANTOSO",
    "tanggal_lahir": "25-03-1985", "jenis_kelamin": "L", "status_kawin": "S",
    "keterangan": None, "kecamatan": "WELAHAN", "kelurahan": "KALIPUCANG",
    "source_file": "dpt.csv",
}


def codes_for(**changes) -> list[str]:
    """The finding codes of one record: BASE with ``changes``."""
    row = {**BASE, **changes}
    df = pd.DataFrame([row]).astype(STRING)
    findings = validate_voters(normalize_voters(df, election_date=REF), election_date=REF)
    return findings["code"].tolist()


# (changes to a clean record, expected finding codes)
CASES = [
    ({}, []),
    ({"nik": None}, ["NIK_MISSING"]),
    ({"nik": "33200125038500"}, ["NIK_INVALID"]),
    ({"nik": "3320012503850000"}, ["NIK_INVALID"]),
    ({"nik": "3.32001E+15"}, ["NIK_NUMBER_DAMAGED"]),
    ({"nik": "332001250385****"}, ["NIK_MASKED"]),
    ({"nik": "9101012503850002"}, ["NIK_REGION_UNKNOWN"]),
    ({"jenis_kelamin": "P"}, ["NIK_SEX_MISMATCH"]),
    ({"nik": "3320016503850002", "jenis_kelamin": "P"}, []),      # +40: a woman
    ({"tanggal_lahir": "26-03-1985"}, ["NIK_DOB_MISMATCH"]),
    ({"tanggal_lahir": "1985-12-03", "nik": "3320011203850002"},
     ["NIK_DOB_MISMATCH"]),                                      # day and month swapped
    ({"nkk": None}, ["NKK_MISSING"]),
    ({"nkk": "3320014101100001"}, ["NKK_INVALID"]),
    ({"nkk": "332001010110****"}, ["NKK_MASKED"]),
    ({"tanggal_lahir": None, "nik": "3320012503850002"}, ["DOB_MISSING"]),
    ({"tanggal_lahir": "30-02-1985"}, ["DOB_INVALID"]),
    ({"tanggal_lahir": "31-12-1985", "nik": "3320013112850002"}, ["DOB_PLACEHOLDER"]),
    ({"tanggal_lahir": "25-03-2010", "nik": "3320012503100002", "status_kawin": "B"},
     ["AGE_UNDER_17"]),
    ({"tanggal_lahir": "25-03-2010", "nik": "3320012503100002", "status_kawin": "S"},
     ["AGE_UNDER_17_MARRIED"]),
    ({"tanggal_lahir": "25-03-1905", "nik": "3320012503050002"}, ["AGE_OVER_110"]),
    ({"nama": None}, ["NAME_EMPTY"]),
    ({"nama": "-"}, ["NAME_EMPTY"]),
    ({"nama": "BUDI 2"}, ["NAME_HAS_DIGITS"]),
    ({"jenis_kelamin": None}, ["SEX_MISSING"]),
    ({"jenis_kelamin": "X"}, ["SEX_UNKNOWN"]),
    ({"keterangan": "TMS 1"}, ["TMS_MARKED"]),
    ({"usia": "38"}, []),                      # 38 on the list's date, 38 on election day
    ({"usia": "37"}, []),                      # counted a little earlier
    ({"usia": "83"}, ["AGE_USIA_MISMATCH"]),
    ({"usia": "-"}, []),
    ({"keterangan": "B"}, []),
    ({"keterangan": "U"}, []),
]


def test_rule_table():
    bad = []
    for changes, expected in CASES:
        got = codes_for(**changes)
        if sorted(got) != sorted(expected):
            bad.append(f"  {changes}: expected {expected}, got {got}")
    assert not bad, "mismatches:\n" + "\n".join(bad)


def test_findings_frame_shape_and_order():
    rows = [{**BASE, "nik": None, "nama": None}, BASE, {**BASE, "jenis_kelamin": "X"}]
    df = pd.DataFrame(rows).astype(STRING)
    df.index = [30, 10, 20]
    findings = validate_voters(normalize_voters(df, election_date=REF), election_date=REF)
    assert list(findings.columns[: len(FINDING_COLUMNS)]) == list(FINDING_COLUMNS)
    assert findings["record"].tolist() == [30, 30, 20]        # record order, then rule order
    assert findings["code"].tolist() == ["NAME_EMPTY", "NIK_MISSING", "SEX_UNKNOWN"]
    assert findings["severity"].astype(str).tolist() == ["error", "error", "warning"]
    assert findings[schema.KECAMATAN].tolist() == ["WELAHAN"] * 3
    assert findings["field"].tolist() == ["nama", "nik", "jenis_kelamin"]
    assert findings["value"].tolist()[2] == "X"


def test_messages_carry_details():
    df = pd.DataFrame([{**BASE, "nik": "3320012503850000", "tanggal_lahir": "1985-12-03"}]) \
        .astype(STRING)
    findings = validate_voters(normalize_voters(df, election_date=REF), election_date=REF)
    messages = dict(zip(findings["code"], findings["message"]))
    assert messages["NIK_INVALID"].endswith(": serial")


def test_swap_is_explained():
    df = pd.DataFrame([{**BASE, "tanggal_lahir": "1985-12-03", "nik": "3320011203850002"}]) \
        .astype(STRING)
    findings = validate_voters(normalize_voters(df, election_date=REF), election_date=REF)
    assert "day and month swapped" in findings["message"].iloc[0]


def test_no_findings_gives_an_empty_typed_frame():
    df = pd.DataFrame([BASE]).astype(STRING)
    findings = validate_voters(normalize_voters(df, election_date=REF), election_date=REF)
    assert findings.empty and list(findings.columns[:6]) == list(FINDING_COLUMNS)
    assert not has_findings_at(findings, "info")


def test_unnormalised_input_is_a_schema_error():
    with pytest.raises(SchemaError):
        validate_voters(pd.DataFrame([BASE]))


def test_fail_on_levels():
    df = pd.DataFrame([{**BASE, "jenis_kelamin": "X"}]).astype(STRING)
    findings = validate_voters(normalize_voters(df, election_date=REF), election_date=REF)
    assert has_findings_at(findings, "info")
    assert has_findings_at(findings, "warning")
    assert not has_findings_at(findings, "error")
    with pytest.raises(ConfigError):
        has_findings_at(findings, "fatal")


def test_custom_rules_and_bad_severity():
    rule = Rule("NIK_OK", "info", "nik", "valid NIK", StatusIs(schema.NIK_STATUS, ("valid",)))
    df = pd.DataFrame([BASE]).astype(STRING)
    findings = validate_voters(normalize_voters(df, election_date=REF), rules=[rule])
    assert findings["code"].tolist() == ["NIK_OK"]
    with pytest.raises(ConfigError):
        Rule("X", "fatal", "nik", "x", StatusIs(schema.NIK_STATUS, ("valid",)))


def test_rules_serialise():
    text = json.dumps([r.to_dict() for r in RULES])
    assert "NIK_DOB_MISMATCH" in text
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))


def test_summary_by_code_and_area():
    rows = [
        {**BASE, "nik": None},
        {**BASE, "nik": None, "kelurahan": "WELAHAN"},
        {**BASE, "jenis_kelamin": "X", "kelurahan": "WELAHAN"},
        {**BASE, "kecamatan": "MAYONG", "kelurahan": "PELANG"},
    ]
    df = normalize_voters(pd.DataFrame(rows).astype(STRING), election_date=REF)
    findings = validate_voters(df, election_date=REF)
    summary = summarize_findings(findings, df, election_date=REF)
    assert summary.records == 4 and summary.records_with_findings == 3
    assert summary.by_severity == {"info": 0, "warning": 1, "error": 2}
    assert [(c["code"], c["findings"], c["records"]) for c in summary.by_code] == [
        ("NIK_MISSING", 2, 2), ("SEX_UNKNOWN", 1, 1)]
    areas = {(a["kecamatan"], a["kelurahan"]): a for a in summary.by_area}
    assert areas[("WELAHAN", "KALIPUCANG")]["error"] == 1
    assert areas[("WELAHAN", "WELAHAN")]["records"] == 2
    assert areas[("WELAHAN", "WELAHAN")]["records_with_findings"] == 2
    assert areas[("MAYONG", "PELANG")] == {"kecamatan": "MAYONG", "kelurahan": "PELANG",
                                            "records": 1, "records_with_findings": 0,
                                            "error": 0, "warning": 0, "info": 0}
    data = summary.to_dict()
    json.dumps(data)
    assert data["election_date"] == "2024-02-14"


def test_duplicate_index_labels_keep_details_in_place():
    rows = [{**BASE, "nik": "3320012503850000"}, {**BASE, "nik": "33200125"}]
    df = pd.DataFrame(rows).astype(STRING)
    df.index = [1, 1]
    findings = validate_voters(normalize_voters(df, election_date=REF), election_date=REF)
    assert findings["message"].tolist() == ["NIK is not a valid NIK: serial",
                                            "NIK is not a valid NIK: length"]
