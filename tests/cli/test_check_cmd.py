"""dptclean check: one line per limit, exit 0 / 1, input errors stay 3."""

from __future__ import annotations

import json

import pytest

from dptclean.cli.check_cmd import parse_rate
from tests.conftest import run_cli as run
from tests.conftest import write_lists

from .test_dedupe_cmd import DPK, HEADER, ROWS


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("check")
    dpt, dpk = write_lists(d, HEADER, ROWS, DPK)
    return dpt, dpk


@pytest.fixture(scope="module")
def figures(files):
    """The dedupe report of the same lists: check must judge exactly these figures."""
    dpt, dpk = files
    res = run("dedupe", dpt, "--dpk", dpk, "--format", "json")
    assert res.exit_code == 0
    rep = json.loads(res.stdout)
    return rep["duplicates"]["redundant"], rep["dpt"]["records"]


def test_all_limits_hold(files, figures):
    dpt, dpk = files
    red, n = figures
    assert n == 8 and 0 < red < 4
    res = run("check", dpt, "--dpk", dpk, "--max-duplicate-rate", "50%", "--max-dpk-rate", "0.3")
    assert res.exit_code == 0, res.output + res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].split() == ["check", "value", "limit", "result"]
    assert lines[1].split()[0] == "duplicate_rate" and f"{red / n * 100:.2f}%" in lines[1]
    assert f"({red}/8)" in lines[1] and "<= 50.00%" in lines[1] and lines[1].endswith("pass")
    assert lines[2].startswith("dpk_rate") and lines[2].endswith("pass")
    assert "every limit holds" in res.stderr


def test_a_limit_exceeded_exits_1(files):
    dpt, dpk = files
    res = run("check", dpt, "--dpk", dpk, "--max-duplicate-rate", "0.5%", "--max-dpk-rate", "1%")
    assert res.exit_code == 1
    assert [line.split()[-1] for line in res.stdout.splitlines()[1:]] == ["FAIL", "FAIL"]
    assert "2 of 2 limits exceeded" in res.stderr


def test_a_value_equal_to_its_limit_passes(files, figures):
    dpt, dpk = files
    red, n = figures
    assert run("check", dpt, "--dpk", dpk, "--max-duplicate-rate", repr(red / n)).exit_code == 0
    below = repr(red / n - 1e-9)
    assert run("check", dpt, "--dpk", dpk, "--max-duplicate-rate", below).exit_code == 1


def test_findings_and_invalid_nik(files):
    dpt, _ = files
    res = run("check", dpt, "--max-invalid-nik", "0", "--max-finding", "NKK_MISSING=5",
              "--format", "json")
    assert res.exit_code == 1
    out = json.loads(res.stdout)
    assert out["passed"] is False
    checks = {c["name"]: c for c in out["checks"]}
    # the formula-like NIK
    assert checks["invalid_nik"] == {"name": "invalid_nik", "value": 1, "limit": 0,
                                     "passed": False, "count": 1, "of": None, "kind": "count"}
    assert checks["finding:NKK_MISSING"]["value"] == 1
    assert checks["finding:NKK_MISSING"]["passed"] is True


def test_json_is_reproducible(files, figures):
    dpt, dpk = files
    args = ("check", dpt, "--dpk", dpk, "--max-duplicate-rate", "0.5%", "--format", "json")
    a, b = run(*args), run(*args)
    assert a.exit_code == b.exit_code == 1
    assert a.stdout == b.stdout
    out = json.loads(a.stdout)
    red, n = figures
    assert out["checks"][0] == {"name": "duplicate_rate", "value": round(red / n, 6),
                                "limit": 0.005, "passed": False, "count": red, "of": n,
                                "kind": "rate"}
    assert out["inputs"][0]["sha256"]


@pytest.mark.parametrize("args, code", [
    ((), 2),                                              # no limit given
    (("--max-duplicate-rate", "abc"), 2),
    (("--max-duplicate-rate", "2"), 2),                   # ambiguous: 2% or 200%?
    (("--max-finding", "NOT_A_CODE=1"), 2),
    (("--max-finding", "NIK_INVALID"), 2),
    (("--max-invalid-nik", "-1"), 2),
])
def test_usage_errors_exit_2(files, args, code):
    dpt, _ = files
    assert run("check", dpt, *args).exit_code == code


def test_input_errors_stay_3(tmp_path):
    res = run("check", tmp_path / "missing.xlsx", "--max-duplicate-rate", "1%")
    assert res.exit_code == 3
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    assert run("check", bad, "--max-duplicate-rate", "1%").exit_code == 3


@pytest.mark.parametrize("text, value", [
    ("0.5%", 0.005), ("0,5%", 0.005), ("1%", 0.01), ("0.005", 0.005), ("0", 0.0),
    (" 2.5 % ", 0.025), ("100%", 1.0), (".5%", 0.005),
])
def test_parse_rate(text, value):
    assert parse_rate(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["1", "5", "abc", "-1%", "101%", "", "1e-3"])
def test_parse_rate_rejects(text):
    with pytest.raises(ValueError):
        parse_rate(text)
