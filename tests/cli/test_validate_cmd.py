from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from dptclean.cli import main
from dptclean.errors import ExitCode

from .test_normalize_cmd import ROWS, write_csv

ELECTION = ["--election-date", "2024-02-14"]


@pytest.fixture
def dpt(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "dpt.csv")


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "clean.csv", rows=[ROWS[1]])


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_table_summary(dpt: Path):
    result = invoke("validate", str(dpt), *ELECTION)
    assert result.exit_code == 0, result.output
    out = result.stdout
    for text in ("NIK_INVALID", "DOB_INVALID", "TMS_MARKED", "DOB_PLACEHOLDER", "By area",
                 "KALIPUCANG", "4 records"):
        assert text in out, text


def test_json_summary(dpt: Path):
    result = invoke("validate", str(dpt), "--format", "json", *ELECTION)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["records"] == 4
    assert data["election_date"] == "2024-02-14"
    codes = {c["code"]: c for c in data["by_code"]}
    assert codes["NIK_INVALID"]["severity"] == "error"
    assert codes["NIK_MASKED"]["records"] == 1
    assert {(a["kecamatan"], a["kelurahan"]) for a in data["by_area"]} == {
        ("WELAHAN", "WELAHAN"), ("WELAHAN", "KALIPUCANG")}
    assert any(r["code"] == "AGE_UNDER_17" for r in data["rules"])


def test_csv_findings_are_masked_by_default(dpt: Path):
    result = invoke("validate", str(dpt), "--format", "csv", *ELECTION)
    assert result.exit_code == 0
    findings = pd.read_csv(io.StringIO(result.stdout), dtype=str)
    assert {"source_file", "row", "record", "code", "severity", "field", "value",
            "message"} <= set(findings.columns)
    assert not findings["nik"].fillna("").str.contains(r"\d{16}").any()
    assert not result.stdout.count("3320017112800001")
    masked = findings[findings["code"] == "NIK_MASKED"]
    assert masked["row"].tolist() == ["4"]


def test_show_nik_shows_full_values(dpt: Path):
    result = invoke("validate", str(dpt), "--format", "csv", "--show-nik", *ELECTION)
    assert "3320017112800001" in result.stdout


@pytest.mark.parametrize("level,code", [("error", ExitCode.CHECK_FAILED),
                                        ("warning", ExitCode.CHECK_FAILED),
                                        ("info", ExitCode.CHECK_FAILED)])
def test_fail_on_with_findings(dpt: Path, level: str, code: int):
    assert invoke("validate", str(dpt), "--fail-on", level, *ELECTION).exit_code == code


def test_fail_on_below_the_findings(clean: Path):
    result = invoke("validate", str(clean), "--fail-on", "info", *ELECTION)
    assert result.exit_code == ExitCode.OK, result.stdout


def test_fail_on_only_counts_at_or_above(tmp_path: Path):
    # a masked NIK is only "info": --fail-on warning passes
    row = ROWS[1][:2] + ["332001250385****"] + ROWS[1][3:]
    path = write_csv(tmp_path / "masked.csv", rows=[row])
    assert invoke("validate", str(path), "--fail-on", "warning", *ELECTION).exit_code == 0
    assert invoke("validate", str(path), "--fail-on", "info", *ELECTION).exit_code == 1


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet", ".json"])
def test_findings_file(dpt: Path, tmp_path: Path, suffix: str):
    out = tmp_path / f"findings{suffix}"
    result = invoke("validate", str(dpt), "-o", str(out), *ELECTION)
    assert result.exit_code == 0, result.output
    if suffix == ".csv":
        frame = pd.read_csv(out, dtype=str)
    elif suffix == ".xlsx":
        sheets = pd.read_excel(out, sheet_name=None, dtype=str)   # a workbook for people
        assert {"Summary", "By area", "Findings"} <= set(sheets)
        frame = sheets["Findings"].rename(columns={"Finding code": "code"})
    elif suffix == ".parquet":
        frame = pd.read_parquet(out)
    else:
        frame = pd.DataFrame(json.loads(out.read_text(encoding="utf-8")))
    assert "NIK_INVALID" in set(frame["code"])
    summary = json.loads(invoke("validate", str(dpt), "--format", "json", *ELECTION).stdout)
    assert len(frame) == sum(summary["by_severity"].values())


def test_findings_file_refuses_to_overwrite_an_input(dpt: Path):
    result = invoke("validate", str(dpt), "-o", str(dpt))
    assert result.exit_code == ExitCode.OUTPUT


def test_missing_input(tmp_path: Path):
    result = invoke("validate", str(tmp_path / "nope.csv"))
    assert result.exit_code == ExitCode.INPUT
    assert "Traceback" not in result.output


def test_quiet_means_no_summary(dpt: Path, tmp_path: Path):
    """-q is the same in every command: no progress and no summary; the data still comes."""
    res = invoke("validate", "-q", str(dpt), "-o", str(tmp_path / "t.csv"))
    assert res.exit_code == 0 and res.stdout == "" and res.stderr == ""
    assert (tmp_path / "t.csv").stat().st_size > 0
    assert json.loads(invoke("validate", "-q", "--format", "json", str(dpt)).stdout)
